from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from recovery.models import ClosedDay

pytestmark = pytest.mark.django_db


def _run(*args):
    out, err = StringIO(), StringIO()
    call_command("business_days", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_prints_the_date_on_the_first_line():
    out, _ = _run("2026-12-25", "4")
    assert out.splitlines() == ["2027-01-06"]


def test_explain_lists_each_skipped_day_with_its_reason():
    ClosedDay.objects.create(date=date(2027, 1, 4), reason="事務所臨時休業")
    out, _ = _run("2026-12-25", "4", "--explain")
    lines = out.splitlines()
    assert lines[0] == "2027-01-07"
    body = "\n".join(lines[1:])
    for expected in (
        "2026-12-26 2026年12月26日(土) 土曜日",
        "2026-12-27 2026年12月27日(日) 日曜日",
        "2026-12-29 2026年12月29日(火) 年末年始",
        "2027-01-01 2027年1月1日(金) 元日",
        "2027-01-04 2027年1月4日(月) 事務所臨時休業",
    ):
        assert expected in body


@pytest.mark.parametrize(
    "args, fragment",
    [
        (("2026-13-01", "4"), "日付「2026-13-01」"),
        (("2026/12/25", "4"), "YYYY-MM-DD"),
        (("2026-12-25", "x"), "営業日数「x」"),
        (("2026-12-25", "0"), "1から1000まで"),
        (("2026-12-25",), "引数が正しくありません"),
    ],
)
def test_bad_arguments_get_a_clear_message_and_exit_status_2(args, fragment, capsys):
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("business_days", *args, stdout=out, stderr=err)
    assert exit_info.value.code == 2
    # Argument parsing happens before call_command hands over its stderr.
    message = err.getvalue() + capsys.readouterr().err
    assert fragment in message
    assert "使い方: python manage.py business_days" in message
    assert out.getvalue() == ""


def test_the_command_runs_as_a_process_and_exits_2_on_bad_input():
    import subprocess
    import sys

    from tests.conftest import ROOT

    result = subprocess.run(
        [sys.executable, "manage.py", "business_days", "2026-02-30", "4"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"DEBUG": "1", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 2
    assert "日付「2026-02-30」を読み取れません" in result.stderr
