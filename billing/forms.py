"""Forms of the billing pages: they validate and convert into domain values."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import money
from .models import BillingSettings, ChargeLine, FeeItem, Payment, Registrant


def _helper(label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class BillingSettingsForm(forms.ModelForm):
    # Longer than the stored 14: staff type spaces, hyphens and full-width digits.
    registration_number = forms.CharField(
        label=_("適格請求書発行事業者の登録番号"),
        max_length=40,
        required=False,
        help_text=_("「T」と13桁の数字（例: T1234567890123）。"),
    )
    confirm_number = forms.BooleanField(
        label=_("検査用数字が合わない登録番号ですが、通知書のとおりであることを確認しました"),
        required=False,
    )

    class Meta:
        model = BillingSettings
        fields = ["registrant", "registration_number", "rounding", "payment_days", "bank_account"]
        widgets = {"bank_account": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "rounding": _("消費税は請求書ごと・税率ごとに1回だけ端数処理します。"),
            "bank_account": _("請求書に印刷されます（銀行名・支店・種別・口座番号・名義）。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("保存する"))
        self.needs_confirmation = False

    def clean_registration_number(self) -> str:
        value = self.cleaned_data.get("registration_number", "")
        if not value.strip():
            return ""
        try:
            return money.normalize_registration_number(value)
        except money.MoneyError:
            raise forms.ValidationError(
                _("登録番号は「T」と13桁の数字で入力してください。")
            ) from None

    def clean(self):
        data = super().clean()
        number = data.get("registration_number")
        if not number or money.registration_check_digit_ok(number):
            return data
        # 法人番号 carries a check digit: a failing one is a typo. An individual's number has
        # no published check digit (billing/money.py): shown back for confirmation instead.
        if data.get("registrant") == Registrant.CORPORATION:
            self.add_error(
                "registration_number",
                _("法人番号の検査用数字が一致しません。入力を確認してください。"),
            )
        elif not data.get("confirm_number"):
            self.needs_confirmation = True
            self.add_error(
                "confirm_number",
                _(
                    "この番号は法人番号の検査用数字と一致しません。個人事業者の番号には検査用数字が"
                    "公表されていないため、登録通知書の番号と同じか確認してチェックしてください。"
                ),
            )
        return data


class FeeItemForm(forms.ModelForm):
    amount = forms.IntegerField(label=_("報酬額（税抜・円）"), min_value=0, max_value=99_999_999)

    class Meta:
        model = FeeItem
        fields = ["name", "amount", "tax_rate", "note", "position", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("保存する"))


class EngagementForm(forms.Form):
    accepted_on = forms.DateField(label=_("受任日"), widget=forms.DateInput(attrs={"type": "date"}))
    fee_item = forms.ModelChoiceField(
        label=_("報酬額表の項目"),
        queryset=FeeItem.objects.filter(active=True),
        required=False,
        empty_label=_("（報酬額表から選ぶ）"),
    )
    amount = forms.IntegerField(
        label=_("報酬額（税抜・円）"),
        min_value=0,
        max_value=99_999_999,
        required=False,
        help_text=_("空欄なら報酬額表の金額です。取り決めた額が違うときに入力します。"),
    )
    title = forms.CharField(label=_("事件の名称"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accepted_on"].initial = timezone.localdate()
        self.helper = _helper(_("受任を登録する"))

    def clean(self):
        data = super().clean()
        if data.get("fee_item") is None and data.get("amount") is None:
            raise forms.ValidationError(_("報酬額表の項目を選ぶか、報酬額を入力してください。"))
        return data


class EngagementEditForm(forms.Form):
    accepted_on = forms.DateField(label=_("受任日"), widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label=_("事件の名称"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("変更を保存する"))


class ChargeLineForm(forms.Form):
    kind = forms.ChoiceField(label=_("種類"), choices=ChargeLine.Kind.choices)
    description = forms.CharField(label=_("内容"), max_length=200)
    amount = forms.IntegerField(label=_("金額（税抜・円）"), min_value=0, max_value=99_999_999)
    quantity = forms.IntegerField(label=_("数量"), min_value=1, max_value=999, initial=1)
    tax_rate = forms.TypedChoiceField(
        label=_("税率"),
        choices=[(r, f"{r}%") for r in money.TAX_RATES],
        coerce=int,
        initial=money.STANDARD_RATE,
        help_text=_("立替金には消費税がかかりません（税率は無視されます）。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("追加する"))


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("入金日"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.IntegerField(label=_("金額（円）"), min_value=1, max_value=999_999_999)
    method = forms.ChoiceField(label=_("方法"), choices=Payment.Method.choices)
    note = forms.CharField(label=_("メモ"), max_length=200, required=False)

    def __init__(self, *args, outstanding: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].initial = timezone.localdate()
        if outstanding and outstanding > 0:
            self.fields["amount"].initial = outstanding
        self.helper = _helper(_("入金を記録する"))

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        if paid_on > timezone.localdate():
            raise forms.ValidationError(_("入金日に未来の日付は入力できません。"))
        return paid_on


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("年"), min_value=2000, max_value=2100, required=False)


class MonthForm(forms.Form):
    year = forms.IntegerField(label=_("年"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("月"), min_value=1, max_value=12)


class DocumentSearchForm(forms.Form):
    kind = forms.ChoiceField(label=_("種類"), required=False, choices=[("", _("すべて"))])
    date_from = forms.DateField(
        label=_("発行日（から）"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("発行日（まで）"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    amount = forms.IntegerField(label=_("合計金額（円）"), required=False, min_value=0)
    # 電子帳簿保存法: amounts (like dates) can be searched as a range.
    amount_min = forms.IntegerField(label=_("合計金額（から）"), required=False, min_value=0)
    amount_max = forms.IntegerField(label=_("合計金額（まで）"), required=False, min_value=0)
    counterparty = forms.CharField(label=_("宛名"), required=False, max_length=100)

    def clean(self):
        data = super().clean()
        low, high = data.get("amount_min"), data.get("amount_max")
        if low is not None and high is not None and low > high:
            self.add_error("amount_max", _("金額の範囲は「から」≦「まで」で入力してください。"))
        return data

    def __init__(self, *args, **kwargs):
        from .models import IssuedDocument

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("すべて")), *IssuedDocument.Kind.choices]
