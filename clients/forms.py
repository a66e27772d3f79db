"""Forms: take what staff type, hand back normalised values or Japanese errors per field."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from office.once import OnceFormMixin
from office.secret_forms import SecretConfirmationMixin

from .csv_io import too_large_message
from .models import Client, Consultation
from .normalize import clean_client_fields
from .selectors import client_possible_duplicates

CONFIRM_DUPLICATE = "confirm_duplicate"


class ClientForm(OnceFormMixin, SecretConfirmationMixin, forms.Form):
    secret_fields = ("memo",)

    name = forms.CharField(label=_("事業者名"), max_length=400)
    name_kana = forms.CharField(
        label=_("フリガナ"),
        required=False,
        max_length=400,
        help_text=_("ひらがな・半角カナで入力してもカタカナで保存します。一覧は五十音順です。"),
    )
    business_id = forms.CharField(
        label=_("事業者ID"),
        required=False,
        max_length=60,
        help_text=_(
            "14桁の数字。スペースやハイフン、全角数字のままでも構いません。不明なら空欄に。"
        ),
    )
    postal_code = forms.CharField(
        label=_("郵便番号"),
        required=False,
        max_length=20,
        help_text=_("入力すると所在地が空欄のとき都道府県・市区町村・町域を補います。"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    address = forms.CharField(
        label=_("所在地"),
        required=False,
        max_length=400,
        help_text=_("登録書類（全部事項証明など）のとおりに。"),
    )
    phone = forms.CharField(
        label=_("電話番号"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    fax = forms.CharField(
        label=_("FAX番号"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    email = forms.CharField(
        label=_("メールアドレス"),
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"inputmode": "email", "autocomplete": "email"}),
    )
    contact_name = forms.CharField(label=_("ご担当者様名"), required=False, max_length=200)
    memo = forms.CharField(
        label=_("メモ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("パスワードやセキュリティコードは書かないでください。"),
    )

    def __init__(self, *args, client: Client | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.client = client
        self.warnings: list[str] = []
        self.duplicate: Client | None = None
        self.possible_duplicates: list[Client] = []
        self.fields[CONFIRM_DUPLICATE] = forms.BooleanField(
            required=False,
            widget=forms.HiddenInput,
            label=_("同じ事業者ではないことを確かめたので、このまま保存する"),
        )
        self.fields["name"].error_messages["required"] = _("事業者名を入力してください。")
        self.fields["postal_code"].widget.attrs["data-postal-lookup"] = "1"
        self.fields["address"].widget.attrs["data-postal-target"] = "1"
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", _("保存する")))

    def clean(self):
        raw = super().clean()
        result = clean_client_fields(raw)
        for field, message in result.errors.items():
            if field not in self.errors:
                self.add_error(field, message)
        self.warnings = result.warnings
        business_id = result.values.get("business_id", "")
        if business_id and "business_id" not in result.errors:
            existing = Client.objects.filter(business_id=business_id)
            if self.client is not None:
                existing = existing.exclude(pk=self.client.pk)
            self.duplicate = existing.first()
            if self.duplicate is not None:
                self.add_error(
                    "business_id",
                    _(
                        "この事業者IDは既に「%(name)s」として登録されています。"
                        "同じ事業者ならそちらを編集してください。"
                    )
                    % {"name": self.duplicate.name},
                )
        if self.duplicate is None and not result.errors:
            self._ask_about_duplicates(result.values, confirmed=bool(raw.get(CONFIRM_DUPLICATE)))
        return result.values

    def _ask_about_duplicates(self, values: dict[str, str], *, confirmed: bool) -> None:
        """Same name and phone, or name and address, as another client: show it, save only
        once staff confirm it is another company."""
        self.possible_duplicates = client_possible_duplicates(
            values=values, exclude_pk=self.client.pk if self.client else None
        )
        if not self.possible_duplicates:
            return
        self.fields[CONFIRM_DUPLICATE].widget = forms.CheckboxInput()
        if not confirmed:
            self.add_error(
                CONFIRM_DUPLICATE,
                _(
                    "同じ事業者名で電話番号または所在地も同じ事業者が既に登録されています。"
                    "同じ事業者ならそちらを開いてください。別の事業者なら、"
                    "このチェックを入れてもう一度保存してください。"
                ),
            )


class ClientImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSVファイル"),
        help_text=_(
            "見出し行: 事業者名,フリガナ,事業者ID,郵便番号,所在地,電話番号,FAX番号,"
            "メールアドレス,ご担当者様名,メモ（UTF-8・Shift_JISどちらでも可、5 MBまで）"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("内容を確認する")))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.CSV_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(too_large_message(upload.size))
        return upload


class ClientExportForm(forms.Form):
    encoding = forms.ChoiceField(
        label=_("文字コード"),
        choices=[("cp932", _("Shift_JIS（Excelでそのまま開けます）")), ("utf-8", "UTF-8")],
        initial="cp932",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.add_input(Submit("download", _("CSVをダウンロード")))


class ConsultationForm(OnceFormMixin, SecretConfirmationMixin, forms.ModelForm):
    secret_fields = ("content",)

    topics = forms.MultipleChoiceField(
        label=_("ご相談の内容（分類）"),
        choices=Consultation.Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    paid_work = forms.MultipleChoiceField(
        label=_("ご依頼の有料業務"),
        choices=Consultation.PaidWork.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("ご相談は無料です。事業者登録・技能者登録・所属事業者関連付けは有料業務です。"),
    )

    class Meta:
        model = Consultation
        fields = ["received_on", "channel", "topics", "content", "paid_work"]
        widgets = {
            "received_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "content": forms.Textarea(attrs={"rows": 5}),
        }
        error_messages = {
            "received_on": {
                "required": _("受付日を入力してください。"),
                "invalid": _("受付日は日付で入力してください（例: 2026-12-01）。"),
            },
            "channel": {"required": _("受付方法（FAX・メール・電話・来所）を選んでください。")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("保存する")))

    def clean(self):
        data = super().clean()
        if not data.get("topics") and not (data.get("content") or "").strip():
            raise forms.ValidationError(
                _("ご相談の内容（分類）を選ぶか、ご相談内容を入力してください。")
            )
        return data
