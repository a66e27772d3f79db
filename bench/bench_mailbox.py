"""The office mailbox: a real Dovecot with 10,000 messages, 20 of them CCUS receipt mails for 20
cases waiting for them. Prints the first scan, an incremental pass with nothing new (must stay
under 0.2 s inside the process; Django's start-up is not counted) and an incremental pass after 5
new mails (2 from CCUS): wall time, header fields fetched, messages fetched in full, mails
recorded.

A second table shows that the time of a pass grows linearly with the size of the mail it reads:
one new CCUS mail per pass, of 25 to 200 KB, of three kinds — ordinary Japanese text, text dense
with secret words and credential-like tokens (the masking's worst case), and lines of thousands
of characters without a break. "ms per KB" stays flat when the growth is linear. A kind whose
pass takes over ``SLOW`` seconds is not tried at larger sizes (the row says so): the benchmark
stays bounded even when a change makes the masking superlinear again.

"seconds" of the first pass after the folder changed includes Dovecot re-reading its Maildir
directory (about 1 s at 10,000 files on a loaded machine, paid by any client that opens the
folder next); "next 5" is the steady state, one EXAMINE and no SEARCH or FETCH.

Runs in a child process on a throwaway SQLite database in a temporary VAR_DIR; the messages are
written straight into Dovecot's Maildir (appending 10,000 over IMAP would only time the set-up).
Needs /usr/sbin/dovecot (``apt-get install dovecot-imapd``).

    python -m bench bench_mailbox
    BENCH_MAILBOX=2000 python -m bench bench_mailbox
    BENCH_MAILBOX_SIZES=10,20,40 python -m bench bench_mailbox
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

from bench.table import Table

COUNT = int(os.environ.get("BENCH_MAILBOX", "10000"))
CCUS = 20
SIZES_KB = [int(kb) for kb in os.environ.get("BENCH_MAILBOX_SIZES", "25,50,100,200").split(",")]
SLOW = 60.0  # seconds: larger mails of a kind are skipped after a pass this slow


def run() -> list[Table]:
    from tests.dovecot import dovecot_available

    if not dovecot_available():
        table = Table("Office mailbox", ["note"])
        table.add("skipped: needs Dovecot (apt-get install dovecot-imapd)")
        return [table]
    with tempfile.TemporaryDirectory(prefix="ccus-bench-mailbox-") as var_dir:
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
        env.update(
            {
                "VAR_DIR": var_dir,
                "DEBUG": "1",
                "LOG_LEVEL": "WARNING",
                "DJANGO_SETTINGS_MODULE": "config.settings",
            }
        )
        done = subprocess.run(
            [sys.executable, "-m", "bench.bench_mailbox", "--child"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"bench_mailbox child failed:\n{done.stderr}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
    table = Table(
        f"Office mailbox: Dovecot on 127.0.0.1, {result['messages']:,} messages, "
        f"{result['ccus']} from CCUS (SQLite)",
        [
            "pass",
            "seconds",
            "next 5 (median s)",
            "headers fetched",
            "fetched in full",
            "recorded",
            "unassigned",
        ],
    )
    for row in result["passes"]:
        table.add(*row)
    sizes = Table(
        "Office mailbox: one new CCUS mail per pass, time against its size (linear growth: "
        "flat ms per KB)",
        ["kind", "KB", "characters read", "stored KB", "cut", "seconds", "ms per KB"],
    )
    for row in result["sizes"]:
        sizes.add(*row)
    return [table, sizes]


def _sized_text(kind: str, size: int) -> str:
    """About ``size`` bytes of UTF-8 body text of one kind."""
    if kind == "plain":
        line = "お問い合わせいただいた件につきまして、確認のうえご連絡いたします。\n"
    elif kind == "secret words":
        line = "新しいパスワード：Ab12cd34 セキュリティコード：123456 PW: xY9#kk 暗証 Qw7e\n"
    else:  # long lines: 4 KB without a break, then one
        line = "abc123 パスワード Xk7#pQ2m " * 150 + "\n"
    return line * max(1, size // len(line.encode()))


def _other_mail(n: int) -> bytes:
    from email.header import Header

    subject = Header("定例会議のご案内", "utf-8").encode()
    return (
        f"From: partner{n % 97}@partner.example.jp\r\n"
        f"To: desk@office.example.jp\r\n"
        f"Subject: {subject} {n}\r\n"
        f"Date: Tue, 01 Dec 2026 09:{n % 60:02d}:00 +0900\r\n"
        f"Message-ID: <bench-{n}@partner.example.jp>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\n" + "会議資料を送ります。\r\n" * 20
    ).encode()


def child() -> None:
    import time
    from datetime import timedelta

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from clients.models import Client
    from inbox.services import mailbox_fetch
    from recovery.models import RecoveryCase, Situation, Status
    from tests.dovecot import DovecotServer
    from tests.inbox.conftest import receipt_mail

    call_command("migrate", verbosity=0)
    sent_at = timezone.now() - timedelta(minutes=30)
    for n in range(CCUS + 1):
        client = Client.objects.create(name=f"株式会社ベンチ建設{n}", business_id=f"9{n:013d}")
        RecoveryCase.objects.create(
            client=client,
            situation=Situation.CANNOT_LOGIN,
            status=Status.SENT,
            sent_at=sent_at,
            new_email=f"ccus{n}@bench.example.jp",
        )
    every = COUNT // CCUS
    messages = []
    for n in range(COUNT):
        if n % every == every // 2:
            k = n // every
            messages.append(
                (
                    receipt_mail(
                        number=f"C-26{k:08d}",
                        business_id=f"9{k:013d}",
                        new_email=f"ccus{k}@bench.example.jp",
                    ),
                    k % 2 == 0,
                )
            )
        else:
            messages.append((_other_mail(n), n % 3 == 0))

    server = DovecotServer()
    try:
        server.write_maildir(messages)
        server.start()
        settings.IMAP_URL = server.url()
        passes = []

        def once():
            started = time.perf_counter()
            report = mailbox_fetch()
            return time.perf_counter() - started, report

        def timed(label: str, *, repeat: bool = False) -> None:
            seconds, report = once()
            more = "-"
            if repeat:
                more = round(sorted(once()[0] for _ in range(5))[2], 3)
            passes.append(
                [
                    label,
                    round(seconds, 3),
                    more,
                    report.headers_fetched,
                    report.bodies_fetched,
                    report.recorded,
                    report.unassigned,
                ]
            )

        timed(f"first scan ({COUNT:,} messages)")
        timed("incremental, nothing new", repeat=True)
        server.append_many(
            [(_other_mail(COUNT + n), False) for n in range(3)]
            + [
                (
                    receipt_mail(
                        number="C-2699999999",
                        business_id="9" + "0" * 13,
                        new_email="ccus0@bench.example.jp",
                    ),
                    False,
                ),
                (
                    receipt_mail(
                        number=f"C-26{CCUS:08d}",
                        business_id=f"9{CCUS:013d}",
                        new_email=f"ccus{CCUS}@bench.example.jp",
                    ),
                    False,
                ),
            ]
        )
        timed("incremental, 5 new (2 from CCUS)")
        timed("incremental, nothing new (again)", repeat=True)
        # In a folder of their own: the INBOX's 10,000 files would add Dovecot's re-reading of
        # its Maildir (seconds on a loaded machine) to every pass and hide the size.
        settings.IMAP_URL = server.url("Sizes")
        sizes = _size_passes(server, once)
    finally:
        server.cleanup()
    print(json.dumps({"messages": COUNT, "ccus": CCUS, "passes": passes, "sizes": sizes}))


def _size_passes(server, once) -> list[list]:
    from inbox.models import CcusMail
    from tests.inbox.conftest import make_mail

    rows = []
    server.append(make_mail(subject="warm-up", body="-"), folder="Sizes")
    once()  # the folder's first pass (its progress row), not counted
    for kind in ("plain", "secret words", "long lines"):
        slow = None
        for kb in SIZES_KB:
            if slow is not None:
                rows.append([kind, kb, "-", "-", "-", f"skipped ({slow:.0f} s before)", "-"])
                continue
            body = "受付番号：C-2690000000\n" + _sized_text(kind, kb * 1024)
            server.append(
                make_mail(subject="【お問い合わせ受付：C-2690000000】", body=body), folder="Sizes"
            )
            seconds, report = once()
            assert report.bodies_fetched == 1, report
            mail = CcusMail.objects.order_by("-pk").first()
            rows.append(
                [
                    kind,
                    kb,
                    len(body),
                    round(len(mail.masked_body.encode()) / 1024, 1),
                    "yes" if mail.body_truncated else "no",
                    round(seconds, 3),
                    round(seconds * 1000 / kb, 2),
                ]
            )
            if seconds > SLOW:
                slow = seconds
    return rows


if __name__ == "__main__" and "--child" in sys.argv:
    child()
