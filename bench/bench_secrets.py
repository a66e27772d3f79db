"""Secret detection and masking speed: one 50 KB pasted mail and 10,000 memo rows (the CSV path).

In-process, no database. Each text is unique, so the small cache in ``mask_secrets`` does not help.
"""

from __future__ import annotations

import time

from bench.table import Table

MAIL_BLOCK = (
    "> 件名：【建設キャリアアップシステム】登録メールアドレス変更完了のお知らせ\n"
    "> 日時：2027年1月6日(水) 14:02\n>\n"
    "> 株式会社能登テスト建設 御中\n"
    "> お問い合わせいただいた登録メールアドレスの変更が完了しました。\n"
    "> 下記の新パスワードでログインし、パスワードを変更してください。\n"
    "> 事業者ID：90000000000102\n> 新パスワード：Kq7#mZ2pLx{n}\n"
    "> セキュリティコード(本人確認番号)：{code}\n"
    "> 再設定は https://www.ccus.jp/password/reset から。〒926-0811 石川県七尾市御祓町1番地\n"
    "お世話になっております。上記の件、お客様(0767-53-1234)に連絡済みです。\n"
    "| 事業者ID | 初期パスワード |\n|---|---|\n| 90000000000102 | **Ab{n}!xyZ9** |\n\n"
)
MEMOS = (
    "毎月第2火曜に来所。担当 山田様 0767-52-{n:04d}",
    "グリーンサイトとの連携について相談あり({n})",
    "事業者ID {n:014d} の登録内容を確認済",
    "仮PW「Tmp-{n}xy」を電話で伝えた",
    "FAX 0767-52-{n:04d} へ手順書送付。パスワードは本人が管理",
    "",
    "Password reset completed ({n})",
    "セキュリティコードが{code}とのこと",
)
ROWS = 10_000


def _mail(size: int) -> str:
    parts, n = [], 0
    while sum(map(len, parts)) < size:
        parts.append(MAIL_BLOCK.format(n=n, code=f"{48260000 + n:08d}"))
        n += 1
    return "".join(parts)[:size]


def _time(fn, *args) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - started, result


def run() -> list[Table]:
    from office.secrets import _mask_cached, find_secrets, mask_secrets

    table = Table("Secret masking (office.secrets)", ["input", "chars", "ms", "µs/row", "masked"])
    mail = _mail(50_000)
    _mask_cached.cache_clear()
    seconds, masked = _time(mask_secrets, mail)
    table.add("50 KB mail: mask_secrets", len(mail), seconds * 1000, "", masked.count("********"))
    seconds, found = _time(find_secrets, mail)
    table.add("50 KB mail: find_secrets", len(mail), seconds * 1000, "", len(found))

    memos = [MEMOS[n % len(MEMOS)].format(n=n, code=f"{10000000 + n:08d}") for n in range(ROWS)]
    _mask_cached.cache_clear()
    seconds, masked_rows = _time(lambda rows: [mask_secrets(m) for m in rows], memos)
    table.add(
        f"{ROWS:,} memo rows: mask_secrets",
        sum(map(len, memos)),
        seconds * 1000,
        seconds / ROWS * 1e6,
        sum(m.count("********") for m in masked_rows),
    )
    plain = [f"ベンチ建設{n:05d}株式会社 石川県七尾市巴町{n % 50 + 1}" for n in range(ROWS)]
    _mask_cached.cache_clear()
    seconds, _ = _time(lambda rows: [mask_secrets(m) for m in rows], plain)
    table.add(
        f"{ROWS:,} rows without a secret word",
        sum(map(len, plain)),
        seconds * 1000,
        seconds / ROWS * 1e6,
        0,
    )
    return [table, _adversarial()]


# Texts made to be slow: many secret words and candidate tokens, in the shapes where a secret is
# looked for around each word (a long line, a quoted block, one-word sentences, short lines).
# Linear cost means the time doubles with the size.
ADVERSARIAL = {
    "one long line": "パスワード Ab3#xY9z セキュリティコード 123456 ",
    "a quoted block": "> パスワード：Ab3#xY9z\n",
    "one-word sentences": "パスワード。Ab3#xY9z ",
    "short lines, no 。": "パスワード：Ab3#xY9z 新しいパスワード\n",
}


def _adversarial() -> Table:
    from office.secrets import find_secrets

    table = Table("Adversarial texts: find_secrets", ["input", "chars", "ms", "ms per KB"])
    for name, unit in ADVERSARIAL.items():
        for size in (5_000, 10_000, 20_000):
            text = (unit * (size // len(unit) + 1))[:size]
            seconds, _found = _time(find_secrets, text)
            table.add(f"{name}, {size // 1000} KB", size, seconds * 1000, seconds * 1e6 / size)
    return table
