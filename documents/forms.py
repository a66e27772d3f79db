"""The FAX form: which documents go behind the one 送付状, and its 通信欄 as staff typed it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from office.secrets import contains_secret

DEFAULT_FAX_MESSAGE = (
    "いつもお世話になっております。下記の書類をお送りいたします。"
    "ご確認のほど、よろしくお願いいたします。"
)
# What the cover's 通信欄 box holds at 13 pt and still fits the cover on one page.
MAX_MESSAGE_CHARS = 400
MAX_MESSAGE_LINES = 12


class FaxForm(forms.Form):
    documents = forms.MultipleChoiceField(
        label=_("送る書類"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("送る書類を1つ以上選んでください。"),
            "invalid_choice": _("選べない書類が指定されました。一覧から選び直してください。"),
        },
    )
    message = forms.CharField(
        label=_("通信欄"),
        required=False,
        max_length=MAX_MESSAGE_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "送付状の通信欄にそのまま印刷されます（400文字・12行まで）。"
            "パスワードやセキュリティコードは書かないでください。"
        ),
        error_messages={
            "max_length": _(
                "通信欄は%(limit_value)d文字以内にしてください（いま%(show_value)d文字）。"
            )
        },
    )

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documents"].choices = choices
        if not self.is_bound:
            self.initial.setdefault("documents", [choices[0][0]])
            self.initial.setdefault("message", DEFAULT_FAX_MESSAGE)

    def clean_message(self) -> str:
        message = self.cleaned_data["message"].replace("\r\n", "\n").strip()
        if message.count("\n") + 1 > MAX_MESSAGE_LINES:
            raise forms.ValidationError(
                _("通信欄は%(lines)d行以内にしてください。") % {"lines": MAX_MESSAGE_LINES}
            )
        # A fax never carries a CCUS password or security code (domain.md, Faxes).
        if contains_secret(message):
            raise forms.ValidationError(
                _(
                    "通信欄にパスワードやセキュリティコードと思われる文字列があります。"
                    "FAXには書かずに削除してください。"
                )
            )
        return message


class RenewalNoticeMonthForm(forms.Form):
    month = forms.DateField(
        label=_("更新受付が始まる月"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=_("この月に更新受付（有効期限の6か月前）が始まる事業者全員のご案内を作ります。"),
        error_messages={
            "required": _("月を選んでください。"),
            "invalid": _("月は「2027-04」の形で入力してください。"),
        },
    )
