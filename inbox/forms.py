from django import forms
from django.utils.translation import gettext_lazy as _

from office import receipt_number


class AssignForm(forms.Form):
    """Staff's choice of case for one CCUS mail (a suggested case's button, or a case number)."""

    case = forms.IntegerField(
        label=_("案件番号"),
        min_value=1,
        error_messages={
            "required": _("案件番号を入力してください。"),
            "invalid": _("案件番号は数字で入力してください(例: 123)。"),
            "min_value": _("案件番号は1以上の数字で入力してください。"),
        },
    )
    receipt_number = forms.CharField(label=_("受付番号"), required=False, max_length=40)
    # Staff's choice for a mail marked 「種類を確認」 (its own kind is unknown or unsure).
    kind = forms.ChoiceField(
        label=_("種類"),
        required=False,
        choices=[("", "—"), ("receipt", _("受付メール")), ("reply", _("回答メール"))],
        error_messages={"invalid_choice": _("種類は受付メールか回答メールを選んでください。")},
    )
    # Set on the confirmation page: the 事業者ID / address differences were seen.
    confirmed = forms.BooleanField(required=False)

    def clean_receipt_number(self) -> str:
        value = self.cleaned_data.get("receipt_number") or ""
        if not value.strip():
            return ""
        number = receipt_number.normalise(value)
        if number is None:
            raise forms.ValidationError(
                _("受付番号は「C-」と10桁の数字で入力してください(例: C-2612250001)。")
            )
        return number
