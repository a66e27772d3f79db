"""The renewal's dates (recovery/renewal.py): month ends, 29 Feb, holidays, 年末年始, 2024-03-31."""

from datetime import date

import pytest

from recovery.business_days import BusinessCalendar
from recovery.renewal import (
    desk_bounds,
    expiry_from_registration,
    latest_recovery_start,
    recommended_last_day,
    renewal_dates,
    renewed_expiry,
    second_notice_day,
    window_opens,
)

CAL = BusinessCalendar()


def test_registrations_expiring_2024_03_31_opened_on_1_october_and_closed_end_of_february():
    # 建設業振興基金: renewal of these began 2023-10-01 and was due by the end of February.
    assert window_opens(date(2024, 3, 31)) == date(2023, 10, 1)
    assert recommended_last_day(date(2024, 3, 31)) == date(2024, 2, 29)


@pytest.mark.parametrize(
    ("expiry", "opens", "second", "recommended"),
    [
        (date(2027, 4, 30), date(2026, 11, 1), date(2027, 2, 28), date(2027, 3, 31)),
        (date(2027, 8, 31), date(2027, 3, 1), date(2027, 6, 30), date(2027, 7, 31)),
        (date(2028, 2, 29), date(2027, 9, 1), date(2027, 12, 31), date(2028, 1, 31)),
        (date(2027, 2, 28), date(2026, 9, 1), date(2026, 12, 31), date(2027, 1, 31)),
        (date(2028, 3, 31), date(2027, 10, 1), date(2028, 1, 31), date(2028, 2, 29)),
        (date(2027, 6, 15), date(2026, 12, 16), date(2027, 4, 15), date(2027, 5, 15)),
    ],
)
def test_month_ends_and_29_february_count_from_the_day_after_expiry(
    expiry, opens, second, recommended
):
    assert window_opens(expiry) == opens
    assert second_notice_day(expiry) == second
    assert recommended_last_day(expiry) == recommended


@pytest.mark.parametrize(
    ("registered", "expiry"),
    [
        (date(2018, 4, 1), date(2024, 3, 31)),
        (date(2018, 10, 15), date(2024, 3, 31)),
        (date(2019, 3, 31), date(2024, 3, 31)),
        (date(2019, 4, 1), date(2024, 4, 30)),
        (date(2020, 2, 29), date(2025, 2, 28)),
        (date(2018, 3, 31), date(2023, 3, 31)),
    ],
)
def test_registrations_of_april_2018_to_march_2019_expired_on_2024_03_31(registered, expiry):
    assert expiry_from_registration(registered) == expiry


def test_a_renewal_moves_the_expiry_five_years_to_the_same_month_end():
    assert renewed_expiry(date(2024, 3, 31)) == date(2029, 3, 31)
    assert renewed_expiry(date(2028, 2, 29)) == date(2033, 2, 28)
    assert renewed_expiry(date(2027, 6, 15)) == date(2032, 6, 15)


def test_a_deadline_in_the_year_end_closure_is_acted_on_the_last_business_day_before_it():
    dates = renewal_dates(date(2027, 1, 31), CAL)
    assert dates.recommended_last_day == date(2026, 12, 31)
    assert dates.office_recommended_last_day == date(2026, 12, 28)  # Mon before 12/29–1/3
    assert dates.office_expiry == date(2027, 1, 29)  # 1/31 is a Sunday


def test_a_window_opening_on_a_holiday_is_acted_on_the_next_business_day():
    # Expiry 2027-07-02: the window opens 2027-01-03 (年末年始), the office starts Mon 1/4.
    dates = renewal_dates(date(2027, 7, 2), CAL)
    assert dates.window_opens == date(2027, 1, 3)
    assert dates.office_window_opens == date(2027, 1, 4)


def test_a_deadline_on_a_national_holiday_comes_a_business_day_earlier():
    # Expiry 2027-03-10: the second notice falls on 2027-01-11 (成人の日) → Fri 1/8.
    dates = renewal_dates(date(2027, 3, 10), CAL)
    assert dates.second_notice == date(2027, 1, 10)  # a Sunday
    assert dates.office_second_notice == date(2027, 1, 8)


def test_the_latest_recovery_start_leaves_the_login_work_done_before_the_recommended_day():
    # Recommended 2026-12-31: start Wed 12/16 → reply by 12/23 → login by 12/28. Thu 12/17 →
    # reply by 12/24 → login by 1/4, after the year-end closure: too late.
    assert latest_recovery_start(date(2027, 1, 31), CAL) == date(2026, 12, 16)


def test_an_office_closed_day_moves_the_latest_recovery_start_earlier():
    closed = BusinessCalendar({date(2026, 12, 21): "臨時休業"})
    assert latest_recovery_start(date(2027, 1, 31), closed) == date(2026, 12, 15)


def test_the_latest_recovery_start_is_a_business_day():
    for month in range(1, 13):
        day = latest_recovery_start(date(2027, month, 28), CAL)
        assert CAL.is_business_day(day)


def test_desk_bounds_split_expiries_exactly_at_each_rule():
    today = date(2026, 12, 7)
    bounds = desk_bounds(today)
    assert window_opens(bounds.window_open_until) <= today
    assert window_opens(date.fromordinal(bounds.window_open_until.toordinal() + 1)) > today
    assert recommended_last_day(bounds.past_recommended_until) < today
    after = date.fromordinal(bounds.past_recommended_until.toordinal() + 1)
    assert recommended_last_day(after) >= today
    assert bounds.window_open_until < bounds.recovery_horizon
