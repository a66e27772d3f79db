"""The business-day calendar, checked against 内閣府's official holiday lists."""

from datetime import date, timedelta

import pytest

from office.dates import format_date_ja
from recovery.business_days import BusinessCalendar, add_business_days
from recovery.models import ClosedDay

# 内閣府「国民の祝日について」, 令和8年(2026年)・令和9年(2027年)の祝日・休日 (written out by hand).
CABINET_OFFICE_2026 = {
    date(2026, 1, 1): "元日",
    date(2026, 1, 12): "成人の日",
    date(2026, 2, 11): "建国記念の日",
    date(2026, 2, 23): "天皇誕生日",
    date(2026, 3, 20): "春分の日",
    date(2026, 4, 29): "昭和の日",
    date(2026, 5, 3): "憲法記念日",
    date(2026, 5, 4): "みどりの日",
    date(2026, 5, 5): "こどもの日",
    date(2026, 5, 6): "休日",
    date(2026, 7, 20): "海の日",
    date(2026, 8, 11): "山の日",
    date(2026, 9, 21): "敬老の日",
    date(2026, 9, 22): "休日",
    date(2026, 9, 23): "秋分の日",
    date(2026, 10, 12): "スポーツの日",
    date(2026, 11, 3): "文化の日",
    date(2026, 11, 23): "勤労感謝の日",
}
CABINET_OFFICE_2027 = {
    date(2027, 1, 1): "元日",
    date(2027, 1, 11): "成人の日",
    date(2027, 2, 11): "建国記念の日",
    date(2027, 2, 23): "天皇誕生日",
    date(2027, 3, 21): "春分の日",
    date(2027, 3, 22): "休日",
    date(2027, 4, 29): "昭和の日",
    date(2027, 5, 3): "憲法記念日",
    date(2027, 5, 4): "みどりの日",
    date(2027, 5, 5): "こどもの日",
    date(2027, 7, 19): "海の日",
    date(2027, 8, 11): "山の日",
    date(2027, 9, 20): "敬老の日",
    date(2027, 9, 23): "秋分の日",
    date(2027, 10, 11): "スポーツの日",
    date(2027, 11, 3): "文化の日",
    date(2027, 11, 23): "勤労感謝の日",
}

calendar = BusinessCalendar()


def _closed_weekdays(year: int) -> set[date]:
    """Weekdays of ``year`` that the calendar closes for a holiday (year-end closure aside)."""
    day, found = date(year, 1, 1), set()
    while day.year == year:
        year_end = (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)
        if day.weekday() < 5 and not calendar.is_business_day(day) and not year_end:
            found.add(day)
        day += timedelta(days=1)
    return found


@pytest.mark.parametrize(
    "year, official", [(2026, CABINET_OFFICE_2026), (2027, CABINET_OFFICE_2027)]
)
def test_the_holidays_match_the_cabinet_office_list(year, official):
    weekday_holidays = {
        d for d in official if d.weekday() < 5 and not (d.month == 1 and d.day <= 3)
    }
    assert _closed_weekdays(year) == weekday_holidays
    for day in official:
        assert not calendar.is_business_day(day), day


def test_the_domain_example_across_the_year_end():
    assert calendar.add_business_days(date(2026, 12, 25), 4) == date(2027, 1, 6)
    assert calendar.add_business_days(date(2026, 12, 25), 5) == date(2027, 1, 7)


def test_golden_week_2026_is_skipped_including_the_substitute_holiday():
    # Thu 4/30 and Fri 5/1 are business days; 5/2–5/6 (土日祝・振替休日) are not.
    assert calendar.add_business_days(date(2026, 4, 30), 1) == date(2026, 5, 1)
    assert calendar.add_business_days(date(2026, 5, 1), 1) == date(2026, 5, 7)
    assert calendar.closure_reason(date(2026, 5, 6)) is not None


def test_golden_week_2027():
    assert calendar.add_business_days(date(2027, 4, 30), 1) == date(2027, 5, 6)


def test_the_citizens_holiday_of_september_2026_is_skipped():
    # 9/21 敬老の日, 9/22 国民の休日, 9/23 秋分の日: Fri 9/18 + 1 business day is Thu 9/24.
    assert calendar.closure_reason(date(2026, 9, 22)) is not None
    assert calendar.add_business_days(date(2026, 9, 18), 1) == date(2026, 9, 24)


def test_a_substitute_holiday_is_skipped():
    # 2027-03-21 春分の日 is a Sunday; Mon 3/22 is 振替休日.
    assert calendar.add_business_days(date(2027, 3, 19), 1) == date(2027, 3, 23)
    # 2025-11-24 (勤労感謝の日 on Sunday 11/23).
    assert calendar.add_business_days(date(2025, 11, 21), 1) == date(2025, 11, 25)


@pytest.mark.parametrize(
    "start, expected",
    [
        (date(2025, 12, 26), date(2026, 1, 5)),
        (date(2027, 12, 28), date(2028, 1, 4)),
        (date(2028, 12, 28), date(2029, 1, 4)),
    ],
)
def test_the_year_end_closure_is_skipped_in_several_years(start, expected):
    assert calendar.add_business_days(start, 1) == expected
    assert not calendar.is_business_day(date(start.year, 12, 30))


def test_the_start_day_never_counts_even_on_a_business_day_or_a_holiday():
    assert calendar.add_business_days(date(2026, 12, 1), 1) == date(2026, 12, 2)
    assert calendar.add_business_days(date(2026, 5, 3), 1) == date(2026, 5, 7)


def test_it_rejects_zero_days():
    with pytest.raises(ValueError):
        calendar.add_business_days(date(2026, 12, 1), 0)


@pytest.mark.django_db
def test_an_office_closed_day_is_skipped_with_its_reason():
    ClosedDay.objects.create(date=date(2026, 12, 2), reason="CCUSシステム停止")
    office = BusinessCalendar.from_database()
    assert office.closure_reason(date(2026, 12, 2)) == "CCUSシステム停止"
    assert office.add_business_days(date(2026, 12, 1), 1) == date(2026, 12, 3)
    assert add_business_days(date(2026, 12, 1), 1) == date(2026, 12, 3)


def test_the_japanese_date_format():
    assert format_date_ja(date(2026, 12, 25)) == "2026年12月25日(金)"
