from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from .mail_senders import trusted_sender_entry
from .models import (
    DEFAULT_CCUS_MAIL_SENDERS,
    DEFAULT_CCUS_MAIL_SUBJECTS,
    AccessLog,
    AuditEvent,
    OfficeProfile,
)


class OfficeProfileForm(forms.ModelForm):
    class Meta:
        model = OfficeProfile
        fields = [
            "name",
            "postal_code",
            "address",
            "tel",
            "fax",
            "email",
            "opening_time",
            "ccus_mail_senders",
            "ccus_mail_subjects",
            "ccus_trusted_senders",
        ]
        widgets = {
            "opening_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ccus_mail_senders": forms.Textarea(attrs={"rows": 2}),
            "ccus_mail_subjects": forms.Textarea(attrs={"rows": 2}),
            "ccus_trusted_senders": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "name": _("書類・FAX・メールに表示されます。"),
            "opening_time": _("リマインダーはこの時刻に通知されます(既定 9:00)。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("保存する")))

    def _clean_rules(self, name: str) -> str:
        lines = [line.strip() for line in self.cleaned_data.get(name, "").splitlines()]
        return "\n".join(line for line in lines if line)

    def clean_ccus_mail_senders(self) -> str:
        return self._clean_rules("ccus_mail_senders")

    def clean_ccus_mail_subjects(self) -> str:
        return self._clean_rules("ccus_mail_subjects")

    def clean_ccus_trusted_senders(self) -> str:
        lines = []
        for line in self.cleaned_data.get("ccus_trusted_senders", "").splitlines():
            if not line.strip():
                continue
            entry = trusted_sender_entry(line)
            if entry is None:
                raise forms.ValidationError(
                    _(
                        "「%(line)s」はメールアドレスでもドメインでもありません"
                        "(例: info@ccus.jp または ccus.jp)。"
                    )
                    % {"line": line.strip()[:100]}
                )
            if entry not in lines:
                lines.append(entry)
        return "\n".join(lines)

    def clean(self):
        data = super().clean()
        # With neither rule no mail could be told apart as CCUS's: both empty means the guide's.
        if not data.get("ccus_mail_senders") and not data.get("ccus_mail_subjects"):
            data["ccus_mail_senders"] = DEFAULT_CCUS_MAIL_SENDERS
            data["ccus_mail_subjects"] = DEFAULT_CCUS_MAIL_SUBJECTS
        return data


class StaffUserEditForm(forms.Form):
    """What the office admin may change of a login: 姓, 名 and the email (reminders, resets)."""

    last_name = forms.CharField(label=_("姓"), max_length=150, required=False)
    first_name = forms.CharField(label=_("名"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("メールアドレス"),
        required=False,
        help_text=_("リマインダーとパスワード再設定メールの送り先です。"),
    )


class StaffUserCreateForm(forms.Form):
    """A new login for a member of the office. Django's password rules apply."""

    username = forms.CharField(
        label=_("ユーザー名"),
        max_length=150,
        help_text=_("ログインに使います。半角英数字と @ . + - _ のみ。"),
    )
    last_name = forms.CharField(label=_("姓"), max_length=150, required=False)
    first_name = forms.CharField(label=_("名"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("メールアドレス"), required=False, help_text=_("リマインダーの送り先です。")
    )
    password1 = forms.CharField(label=_("パスワード"), strip=False, widget=forms.PasswordInput)
    password2 = forms.CharField(
        label=_("パスワード(確認)"), strip=False, widget=forms.PasswordInput
    )
    office_admin = forms.BooleanField(
        label=_("事務所管理者にする"),
        required=False,
        help_text=_("事務所設定・ユーザー管理・アクセス記録の閲覧ができるようになります。"),
    )

    def clean_username(self) -> str:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.validators import UnicodeUsernameValidator

        username = self.cleaned_data["username"].strip()
        if not username.isascii():
            raise forms.ValidationError(
                _("ユーザー名は半角英数字と @ . + - _ で入力してください。")
            )
        UnicodeUsernameValidator()(username)
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(
                _("このユーザー名は既に使われています。別の名前にしてください。")
            )
        return username

    def clean(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.password_validation import validate_password

        data = super().clean()
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error(
                "password2",
                _("確認用のパスワードが一致しません。同じパスワードを2回入力してください。"),
            )
        elif password1:
            probe = get_user_model()(username=data.get("username", ""), email=data.get("email", ""))
            try:
                validate_password(password1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


def _day_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class _LogFilterForm(forms.Form):
    """Filters of a log page (all optional; GET): an action of ``actions``, and a range of
    days (開始日–終了日) that must not run backwards."""

    actions: type[models.TextChoices]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("すべて")), *self.actions.choices]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("終了日は開始日と同じか、それより後の日付にしてください。"))
        return data


class AccessLogFilterForm(_LogFilterForm):
    """Filters of the access-log page."""

    actions = AccessLog.Action
    user = forms.CharField(label=_("ユーザー名"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("操作"), required=False)
    target = forms.CharField(
        label=_("対象"),
        required=False,
        max_length=100,
        help_text=_("事業者名・事業者ID、または clients.Client#12 の形(前方一致)"),
    )
    date_from = _day_field(_("開始日"))
    date_to = _day_field(_("終了日"))


class AuditFilterForm(_LogFilterForm):
    """Filters of the audit page."""

    actions = AuditEvent.Action
    actor = forms.CharField(label=_("操作した人（ユーザー名）"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("操作"), required=False)
    date_from = _day_field(_("開始日"))
    date_to = _day_field(_("終了日"))


class RenewalFeeForm(forms.Form):
    """One band of CCUS's renewal fee table."""

    sole_proprietor = forms.BooleanField(label=_("一人親方"), required=False)
    capital_from = forms.IntegerField(
        label=_("資本金（円）以上"), required=False, min_value=0, max_value=10**15
    )
    fee = forms.IntegerField(label=_("更新料（税込・円）"), min_value=0, max_value=10**9)
    published_on = forms.DateField(label=_("公表日"), required=False)
    source = forms.CharField(label=_("出典"), required=False, max_length=200)

    def clean(self):
        data = super().clean()
        if not data.get("sole_proprietor") and data.get("capital_from") is None:
            self.add_error(
                "capital_from", _("資本金の下限（円）を入力してください（最初の区分は0）。")
            )
        return data


class BaseRenewalFeeFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        rows = self.rows()
        if sum(1 for r in rows if r["sole_proprietor"]) > 1:
            raise forms.ValidationError(_("一人親方の行は1つだけにしてください。"))
        capitals = [r["capital_from"] for r in rows if not r["sole_proprietor"]]
        if len(capitals) != len(set(capitals)):
            raise forms.ValidationError(
                _("同じ資本金の下限が2つあります。区分ごとに1行にしてください。")
            )
        if capitals and 0 not in capitals:
            raise forms.ValidationError(_("資本金0円から始まる区分が必要です。"))

    def rows(self) -> list[dict]:
        """The filled rows that are not marked for deletion."""
        return [
            f.cleaned_data
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and "fee" in f.cleaned_data
        ]


RenewalFeeFormSet = forms.formset_factory(
    RenewalFeeForm, formset=BaseRenewalFeeFormSet, extra=2, can_delete=True
)
