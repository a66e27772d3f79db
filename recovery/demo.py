"""Demo recovery cases in every status (invented companies). Idempotent: run it twice, get one set.

The demo clients are found or created by 事業者ID, so this works whatever clients/demo.py adds.
Each case is built through the services, so its timeline and reminders are real.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from clients.models import Client

from . import services
from .models import CaseEvent, RecoveryCase, Situation

DEMO_CLIENTS = [
    # business_id, name, kana, address, phone
    (
        "90000000000101",
        "株式会社能登デモ建設",
        "ノトデモケンセツ",
        "石川県七尾市府中町1丁目1番地",
        "0767-52-1101",
    ),
    (
        "90000000000102",
        "有限会社七尾デモ工務店",
        "ナナオデモコウムテン",
        "石川県七尾市小島町2番地3",
        "0767-53-1102",
    ),
    (
        "90000000000103",
        "デモ設備工業株式会社",
        "デモセツビコウギョウ",
        "東京都千代田区丸の内9丁目9番9号",
        "03-5555-0103",
    ),
    (
        "90000000000104",
        "株式会社和倉デモ電設",
        "ワクラデモデンセツ",
        "石川県七尾市和倉町5番地",
        "0767-62-1104",
    ),
    ("90000000000105", "デモ塗装有限会社", "デモトソウ", "石川県七尾市石崎町7番地", "0767-62-1105"),
    (
        "90000000000106",
        "株式会社中島デモ土木",
        "ナカジマデモドボク",
        "石川県七尾市中島町8番地",
        "0767-66-1106",
    ),
    (
        "90000000000107",
        "デモ鉄筋株式会社",
        "デモテッキン",
        "東京都港区芝公園9丁目1番1号",
        "03-5555-0107",
    ),
    (
        "90000000000108",
        "株式会社田鶴浜デモ建築",
        "タツルハマデモケンチク",
        "石川県七尾市田鶴浜町3番地",
        "0767-68-1108",
    ),
    (
        "90000000000109",
        "デモ解体工業有限会社",
        "デモカイタイコウギョウ",
        "石川県七尾市能登島町4番地",
        "0767-84-1109",
    ),
    (
        "90000000000110",
        "株式会社デモ内装",
        "デモナイソウ",
        "石川県七尾市矢田新町6番地",
        "0767-52-1110",
    ),
]

RECEIPT_MAIL = (
    "差出人: 建設キャリアアップシステムお問い合わせセンター\n"
    "件名: 【お問い合わせ受付:C-{number}】\n\n"
    "お問い合わせを受け付けました。回答まで今しばらくお待ちください。"
)
REPLY_MAIL = (
    "件名: 【建設キャリアアップシステム】登録メールアドレス変更完了のお知らせ\n\n"
    "登録メールアドレスの変更が完了しました。\n"
    "新パスワード:********\n"
    "ログイン後、パスワードの変更をお願いします。"
)


def _client(row) -> Client:
    business_id, name, kana, address, phone = row
    client, _ = Client.objects.get_or_create(
        business_id=business_id,
        defaults={
            "name": name,
            "name_kana": kana,
            "address": address,
            "phone": phone,
            "email": f"demo{business_id[-3:]}@example.jp",
        },
    )
    return client


def _staff():
    user_model = get_user_model()
    return (
        user_model.objects.filter(is_active=True).exclude(last_name="").order_by("pk").first()
        or user_model.objects.filter(is_active=True).order_by("pk").first()
    )


def _at(days_ago: int, hour: int = 10) -> datetime:
    moment = timezone.localtime() - timedelta(days=days_ago)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


# (client index, situation, the status the demo case is brought to)
PLANS = [
    (0, Situation.CANNOT_LOGIN, "preparing"),
    (1, Situation.CANNOT_LOGIN, "sent"),
    (2, Situation.ALL_UNKNOWN, "waiting"),
    (3, Situation.CANNOT_LOGIN, "replied"),
    (4, Situation.CANNOT_LOGIN, "login_work"),
    (5, Situation.CANNOT_LOGIN, "done"),
    (6, Situation.PASSWORD_ONLY, "self_service"),
    (7, Situation.LOGIN_ERROR, "on_hold"),
    (8, Situation.CANNOT_LOGIN, "cancelled"),
    (9, Situation.CANNOT_LOGIN, "overdue"),
]
# How many days ago each procedure case was sent; "overdue" waits for CCUS past its window.
DAYS_BACK = {"sent": 0, "waiting": 2, "replied": 9, "login_work": 10, "done": 14, "overdue": 12}


def seed(*, scale: str = "small") -> list[str]:
    """Create one demo case per status for the demo clients that have none yet."""
    staff = _staff()
    clients = [_client(row) for row in DEMO_CLIENTS]
    created = 0
    for index, situation, goal in PLANS:
        client = clients[index]
        if RecoveryCase.objects.filter(client=client).exists():
            continue
        case = _open_case(client, situation, staff)
        _backdate(case, goal)
        created += 1
        if staff is not None:
            _advance(case, goal, staff)
    lines = [f"ID復旧案件(デモ): {created}件を追加しました。"] if created else []
    if scale == "large":
        lines.append("ID復旧案件(デモ): 大量の案件は recovery.demo_large が登録します。")
    return lines


def _open_case(client: Client, situation: str, staff) -> RecoveryCase:
    return services.case_create(
        client=client,
        situation=situation,
        actor=staff,
        assignee=staff,
        new_email=f"ccus{client.business_id[-3:]}@example.jp",
        error_message="ログインできません。IDまたはパスワードが違います。"
        if situation == Situation.LOGIN_ERROR
        else "",
        notes="デモ用の案件です。",
    )


def _backdate(case: RecoveryCase, goal: str) -> None:
    """A demo case was opened before the steps it shows (no event precedes a case's creation):
    an hour before its inquiry was sent."""
    if goal not in DAYS_BACK:
        return
    opened = _sent_at(DAYS_BACK[goal]) - timedelta(hours=1)
    RecoveryCase.objects.filter(pk=case.pk).update(created_at=opened)
    case.events.filter(kind=CaseEvent.Kind.CREATED).update(at=opened)
    case.created_at = opened


def _advance(case: RecoveryCase, goal: str, staff) -> None:
    """Bring a new case to ``goal`` through the services, one recorded step after another."""
    if goal == "on_hold":
        services.case_hold(case=case, actor=staff, reason="お客様の返事待ち(デモ)")
    elif goal == "cancelled":
        services.case_cancel(case=case, actor=staff, reason="お客様ご自身で解決(デモ)")
    elif goal in DAYS_BACK:
        days_back = DAYS_BACK[goal]
        last = "waiting" if goal == "overdue" else goal
        for step in PROCEDURE[: PROCEDURE.index(last) + 1]:
            STEPS[step](case, staff, days_back)


def _sent_at(days_back: int) -> datetime:
    # A case sent today went out twenty minutes ago: its receipt check is still ahead.
    return timezone.now() - timedelta(minutes=20) if days_back == 0 else _at(days_back, 9)


def _send(case: RecoveryCase, staff, days_back: int) -> None:
    services.case_mark_sent(case=case, actor=staff, sent_at=_sent_at(days_back))


def _receive_receipt(case: RecoveryCase, staff, days_back: int) -> None:
    services.case_record_receipt(
        case=case,
        actor=staff,
        mail_text=RECEIPT_MAIL.format(number=f"26{case.client_id:08d}"),
        received_at=_sent_at(days_back) + timedelta(minutes=30),
    )


def _receive_reply(case: RecoveryCase, staff, days_back: int) -> None:
    services.case_record_reply(
        case=case, actor=staff, mail_text=REPLY_MAIL, received_at=_at(days_back - 6)
    )


def _start_login_work(case: RecoveryCase, staff, days_back: int) -> None:
    services.case_start_login_work(case=case, actor=staff, at=_at(days_back - 8))


def _finish_login_work(case: RecoveryCase, staff, days_back: int) -> None:
    for step in services.LOGIN_STEPS:
        services.case_check_login_step(case=case, actor=staff, step=step)


# The procedure's statuses in order, and the step that reaches each.
PROCEDURE = ("sent", "waiting", "replied", "login_work", "done")
STEPS = {
    "sent": _send,
    "waiting": _receive_receipt,
    "replied": _receive_reply,
    "login_work": _start_login_work,
    "done": _finish_login_work,
}
