"""Dates as the office writes them in Japanese: 2026年12月25日(金).

One definition for the UI filters, the PDFs, the reminder texts and the business-day command.
"""

from datetime import date

WEEKDAYS_JA = "月火水木金土日"


def format_date_ja(day: date) -> str:
    """2026年12月25日(金)"""
    return f"{day.year}年{day.month}月{day.day}日({WEEKDAYS_JA[day.weekday()]})"
