"""Demo client companies (invented names, numbers and addresses). Idempotent.

``scale="large"`` adds 10,000 generated clients with ``bulk_create`` (for load trials).
"""

from __future__ import annotations

import random
from datetime import date

from django.db import transaction

from .models import Client, Consultation

# name, reading, 事業者ID, 〒, 所在地, TEL, FAX, email, ご担当者様名
DEMO_CLIENTS = [
    (
        "株式会社能登建設",
        "ノトケンセツ",
        "10000000000001",
        "926-0021",
        "石川県七尾市巴町1-1",
        "0767-52-1101",
        "0767-52-1102",
        "info@noto-kensetsu.example.jp",
        "能登 太郎",
    ),
    (
        "有限会社七尾工務店",
        "ナナオコウムテン",
        "10000000000002",
        "926-0021",
        "石川県七尾市巴町3-5",
        "0767-53-2201",
        "0767-53-2202",
        "office@nanao-koumuten.example.jp",
        "七尾 一郎",
    ),
    (
        "和倉設備工業株式会社",
        "ワクラセツビコウギョウ",
        "10000000000003",
        "",
        "石川県七尾市和倉町ワ部10",
        "0767-62-3301",
        "",
        "wakura@setsubi.example.jp",
        "和倉 花子",
    ),
    (
        "株式会社青空塗装",
        "アオゾラトソウ",
        "",
        "",
        "石川県七尾市府中町12",
        "0767-58-4401",
        "0767-58-4402",
        "",
        "青木 次郎",
    ),
    (
        "東都電設株式会社",
        "トウトデンセツ",
        "10000000000005",
        "100-0001",
        "東京都千代田区千代田1-1",
        "03-1234-5001",
        "03-1234-5002",
        "contact@toto-densetsu.example.jp",
        "東 三郎",
    ),
    (
        "株式会社さくら内装",
        "サクラナイソウ",
        "10000000000006",
        "",
        "東京都新宿区西新宿2-8-1",
        "03-5321-6001",
        "",
        "sakura@naisou.example.jp",
        "桜井 美咲",
    ),
    (
        "合同会社いろは足場",
        "イロハアシバ",
        "10000000000007",
        "",
        "石川県七尾市小島町5-3",
        "0767-52-7701",
        "0767-52-7702",
        "iroha@ashiba.example.jp",
        "伊呂波 健",
    ),
    (
        "株式会社カナエ土木",
        "カナエドボク",
        "10000000000008",
        "",
        "石川県七尾市藤橋町1-8",
        "0767-53-8801",
        "",
        "kanae@doboku.example.jp",
        "鼎 誠",
    ),
    (
        "山田鉄筋工業",
        "ヤマダテッキンコウギョウ",
        "",
        "",
        "石川県七尾市田鶴浜町4",
        "090-1234-9901",
        "",
        "",
        "山田 勇",
    ),
    (
        "株式会社はまなす防水",
        "ハマナスボウスイ",
        "10000000000010",
        "",
        "東京都江東区豊洲3-2",
        "03-6204-1010",
        "03-6204-1011",
        "hamanasu@bousui.example.jp",
        "浜 直子",
    ),
    (
        "中島管工株式会社",
        "ナカジマカンコウ",
        "10000000000011",
        "",
        "石川県七尾市中島町中島1",
        "0767-66-1111",
        "0767-66-1112",
        "nakajima@kankou.example.jp",
        "中島 学",
    ),
    (
        "株式会社えのき建築",
        "エノキケンチク",
        "10000000000012",
        "",
        "東京都世田谷区世田谷4-21",
        "03-5432-1212",
        "",
        "enoki@kenchiku.example.jp",
        "榎本 光",
    ),
]
FIELDS = [
    "name",
    "name_kana",
    "business_id",
    "postal_code",
    "address",
    "phone",
    "fax",
    "email",
    "contact_name",
]
LARGE_COUNT = 10_000
LARGE_PREFIX = "デモ大量"


def _client(values: dict) -> Client:
    return Client(**values)


@transaction.atomic
def seed(*, scale: str = "small") -> list[str]:
    created = 0
    for row in DEMO_CLIENTS:
        values = dict(zip(FIELDS, row, strict=True))
        if Client.objects.filter(name=values["name"]).exists():
            continue
        client = _client(values)
        client.save()
        created += 1
        _demo_consultations(client)
    # Only what this module added: the command's last line counts every client in the list.
    lines = [f"デモ事業者（ご相談の例つき）: {created}件登録"]
    if scale == "large":
        lines.append(f"大量デモ事業者: {_seed_large()}件登録")
    return lines


def _demo_consultations(client: Client) -> None:
    index = [r[0] for r in DEMO_CLIENTS].index(client.name)
    if index == 0:
        Consultation.objects.create(
            client=client,
            received_on=date(2026, 11, 2),
            channel=Consultation.Channel.FAX,
            topics=[Consultation.Topic.LOST_ACCESS],
            content="担当者が退職し、CCUSに登録したメールアドレスとパスワードがわからない。",
            status=Consultation.Status.IN_PROGRESS,
        )
    elif index == 3:
        Consultation.objects.create(
            client=client,
            received_on=date(2026, 11, 10),
            channel=Consultation.Channel.PHONE,
            topics=[Consultation.Topic.BUSINESS_WORKER_REGISTRATION],
            content="事業者登録と技能者5名の登録をお願いしたい。",
            paid_work=[
                Consultation.PaidWork.BUSINESS_REGISTRATION,
                Consultation.PaidWork.WORKER_REGISTRATION,
            ],
        )
    elif index == 5:
        Consultation.objects.create(
            client=client,
            received_on=date(2026, 10, 20),
            channel=Consultation.Channel.EMAIL,
            topics=[Consultation.Topic.GREENSITE, Consultation.Topic.OPERATION],
            content="グリーンサイトとの連携方法を知りたい。",
            status=Consultation.Status.DONE,
        )


def _seed_large() -> int:
    """10,000 invented clients, fast (bulk_create, no per-row history)."""
    existing = Client.objects.filter(name__startswith=LARGE_PREFIX).count()
    if existing >= LARGE_COUNT:
        return 0
    rng = random.Random(2026)
    kana = (
        "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ"
    )
    batch = []
    for n in range(existing, LARGE_COUNT):
        reading = "".join(rng.choice(kana) for _ in range(5))
        batch.append(
            _client(
                {
                    "name": f"{LARGE_PREFIX}建設{n:05d}株式会社",
                    "name_kana": f"デモタイリョウ{reading}",
                    "business_id": f"2{n:013d}",
                    "address": f"石川県七尾市巴町{n % 50 + 1}-{n % 9 + 1}",
                    "phone": f"0767-{50 + n % 40:02d}-{n % 10000:04d}",
                }
            )
        )
    Client.objects.bulk_create(batch, batch_size=1000)
    return len(batch)
