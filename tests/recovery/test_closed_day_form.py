"""A closed day is a weekday the office or CCUS does not work: a day that is never a business
day anyway (weekend, national holiday, 年末年始) is refused with the reason."""

import pytest

from recovery.forms import ClosedDayForm
from recovery.models import ClosedDay

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        ("2027-05-09", "日曜日"),
        ("2027-05-08", "土曜日"),
        ("2027-05-05", "こどもの日"),
        ("2026-12-30", "年末年始"),
    ],
)
def test_a_day_that_is_never_a_business_day_is_refused_with_its_reason(day, reason):
    form = ClosedDayForm({"date": day, "reason": "CCUSシステム停止"})
    assert not form.is_valid()
    assert reason in form.errors["date"][0]
    assert "もともと休業日です" in form.errors["date"][0]


@pytest.mark.parametrize("day", ["2027-05-06", "2027-05-10", "2026-12-28"])
def test_a_working_weekday_is_accepted(day):
    assert ClosedDayForm({"date": day, "reason": "CCUSシステム停止"}).is_valid()


def test_the_page_says_why_and_adds_nothing(admin_client_):
    response = admin_client_.post("/closed-days/", {"date": "2027-05-09", "reason": "x"})
    assert response.status_code == 200
    assert "2027年5月9日(日)は日曜日のため" in response.content.decode()
    assert not ClosedDay.objects.exists()
