"""Real-browser fixtures: Playwright for Python driving Debian's chromium.

The tests run when `chromium` is on PATH and say plainly when they skip; under
REQUIRE_SERVICES=1 (CI) a missing browser fails the run instead.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

# Playwright's sync API runs an event loop; Django refuses sync DB calls from within one.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    executable = shutil.which("chromium")
    if not executable:
        message = "chromium is not installed (apt-get install chromium): browser tests skipped"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(message.replace("skipped", "required under REQUIRE_SERVICES=1"))
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Steps:
    """Screenshots of each step, written to test-artifacts/ only when the test fails."""

    def __init__(self, page, name: str) -> None:
        self.page = page
        self.name = re.sub(r"[^\w.-]+", "_", name)
        self.shots: list[tuple[str, bytes]] = []

    def __call__(self, label: str) -> None:
        self.shots.append((label, self.page.screenshot(full_page=True)))

    def save(self) -> Path:
        folder = ARTIFACTS / self.name
        folder.mkdir(parents=True, exist_ok=True)
        for n, (label, png) in enumerate(self.shots, start=1):
            safe = re.sub(r"[^\w.-]+", "_", label)
            (folder / f"{n:02d}-{safe}.png").write_bytes(png)
        # The page may be gone; the step shots are what matter.
        with contextlib.suppress(Exception):
            (folder / "zz-failure.png").write_bytes(self.page.screenshot(full_page=True))
        return folder


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(
        locale="ja-JP", timezone_id="Asia/Tokyo", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url
    page.steps = Steps(page, request.node.nodeid)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        print(f"screenshots saved in {page.steps.save()}")
    context.close()


def login(page, username: str, password: str) -> None:
    page.goto(page.base_url + "/accounts/login/")
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill(password)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_load_state()
