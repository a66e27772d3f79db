"""Forms of the reminder actions: validate and convert into domain values."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from office.selectors import staff_members

from ..business_days import tokyo_date


class SnoozeForm(forms.Form):
    """Snooze to the next business day (no date) or to a chosen date."""

    until = forms.DateField(
        label="再表示する日",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "再表示する日は 2027-01-06 のような日付で入力してください。"},
    )

    # Set by the closed-day warning's 「このまま…」 button: the staff member chose a day the
    # office is closed on purpose.
    closed_day_ok = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_until(self):
        until = self.cleaned_data.get("until")
        if until is None:
            return None
        today = tokyo_date(timezone.now())
        if until <= today:
            raise forms.ValidationError("再表示する日は明日以降の日付を選んでください。")
        if until > today + timedelta(days=366):
            raise forms.ValidationError("再表示する日は1年以内の日付を選んでください。")
        return until


class ReassignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label="新しい担当者",
        queryset=get_user_model().objects.none(),
        error_messages={
            "required": "新しい担当者を選んでください。",
            "invalid_choice": "新しい担当者は一覧から選んでください。",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_members()
