"""Locust users for bench_load: a staff member browsing dashboard, lists and case pages.

Started by bench/bench_load.py against a gunicorn on 127.0.0.1; reads the seeded ranges from
BENCH_CLIENTS / BENCH_CASES, and starts each user with one of the sessions in BENCH_SESSIONS.
"""

import itertools
import os
import random
from pathlib import Path

from locust import HttpUser, between, task

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "1"))
CASES = int(os.environ.get("BENCH_CASES", "1"))
SESSIONS = itertools.cycle(Path(os.environ["BENCH_SESSIONS"]).read_text().split())


class Staff(HttpUser):
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
