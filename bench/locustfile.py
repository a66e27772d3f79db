"""Locust users for bench_load: a staff member browsing dashboard, lists and case pages
(``Staff``), and one who also writes as an office does (``OfficeStaff``: about a fifth of the
requests add a note, paste a receipt mail, snooze a reminder or edit a client).

Started by bench/bench_load.py against a gunicorn on 127.0.0.1; reads the seeded ranges from
BENCH_CLIENTS / BENCH_CASES, starts each user with one of the sessions in BENCH_SESSIONS, and
takes the cases waiting for a receipt and their reminders from the files beside it.
"""

import itertools
import os
import random
from pathlib import Path

from locust import HttpUser, between, task

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "1"))
CASES = int(os.environ.get("BENCH_CASES", "1"))
SESSIONS = itertools.cycle(Path(os.environ["BENCH_SESSIONS"]).read_text().split())
_WORK = Path(os.environ["BENCH_SESSIONS"]).parent
# Each case's receipt is recorded once; after that the same POST is a refused step (a redirect
# with a message), which is still a request the office makes.
SENT_CASES = itertools.cycle(
    (_WORK / "sent_cases.txt").read_text().split() if (_WORK / "sent_cases.txt").exists() else ["1"]
)
REMINDERS = (
    (_WORK / "reminders.txt").read_text().split() if (_WORK / "reminders.txt").exists() else ["1"]
)


class Staff(HttpUser):
    """Only reads."""

    wait_time = between(0.2, 1.0)

    def on_start(self) -> None:
        self.client.cookies.set("sessionid", next(SESSIONS), domain="127.0.0.1")

    @task(3)
    def dashboard(self) -> None:
        with self.client.get(
            "/", name="dashboard", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"not logged in: {response.status_code}")

    @task(2)
    def client_list(self) -> None:
        self.client.get("/clients/", name="client list")

    @task(2)
    def case_list(self) -> None:
        self.client.get("/cases/", name="case list")

    @task(3)
    def case_page(self) -> None:
        self.client.get(f"/cases/{random.randint(1, CASES)}/", name="case page")

    @task(2)
    def client_page(self) -> None:
        self.client.get(f"/clients/{random.randint(1, CLIENTS)}/", name="client page")


class OfficeStaff(Staff):
    """Reads weigh 24 (Staff's 12 and 12 more) and writes 6: a fifth of the requests write."""

    def on_start(self) -> None:
        super().on_start()
        # A page with a form sets the CSRF cookie that the writes send back.
        self.client.get(f"/cases/{random.randint(1, CASES)}/", name="case page")

    def _post(self, url: str, data: dict, name: str) -> None:
        token = self.client.cookies.get("csrftoken", "")
        with self.client.post(
            url,
            data={"csrfmiddlewaretoken": token, **data},
            headers={"X-CSRFToken": token},
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            # A write answers with a redirect (post/redirect/get), a form page with its errors
            # (200) or a refused step; a 5xx (e.g. "database is locked") or 403 is an error.
            if response.status_code not in (200, 302):
                response.failure(f"{response.status_code}")

    @task(4)
    def dashboard_twice(self) -> None:
        self.dashboard()

    @task(4)
    def lists_twice(self) -> None:
        self.client_list() if random.random() < 0.5 else self.case_list()

    @task(4)
    def case_page_twice(self) -> None:
        self.case_page()

    @task(2)
    def note(self) -> None:
        case = random.randint(1, CASES)
        self._post(
            f"/cases/{case}/note/", {"text": "お客様に電話で日程を確認しました。"}, "write: note"
        )

    @task(2)
    def receipt(self) -> None:
        case = int(next(SENT_CASES))
        mail = f"件名：【お問い合わせ受付：C-26{case:08d}】\nお問い合わせを受け付けました。"
        self._post(f"/cases/{case}/receipt/", {"mail_text": mail}, "write: receipt pasted")

    @task(1)
    def snooze(self) -> None:
        reminder = random.choice(REMINDERS)
        self._post(f"/reminders/{reminder}/snooze/", {}, "write: reminder snoozed")

    @task(1)
    def client_edit(self) -> None:
        n = random.randint(1, CLIENTS)
        self._post(
            f"/clients/{n}/edit/",
            {
                "name": f"株式会社編集テスト建設{n}",
                "name_kana": "カブシキガイシャヘンシュウテストケンセツ",
                "business_id": f"{10**13 + n:014d}",
                "postal_code": "926-0021",
                "address": f"石川県七尾市本府中町{n % 50 + 1}番地",
                "phone": f"0767-{52 + n % 40:02d}-{n % 10000:04d}",
                "email": f"info{n}@kensetsu.example.jp",
                "contact_name": "現場 太郎",
                "memo": "電話で住所を確認済み。",
            },
            "write: client edited",
        )
