"""Forms of the recovery case pages: they validate and convert; services do the writing."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from clients.normalize import clean_search_text, normalize_email
from office import receipt_number
from office.dates import format_day
from office.once import OnceFormMixin
from office.secret_forms import SecretConfirmationMixin
from office.selectors import staff_members, user_label

from .business_days import BusinessCalendar
from .ccus_mail import RECEIPT, REPLY, MailFacts, kind_mismatch, mail_mismatches, parse_ccus_mail
from .models import CLOSED_STATUSES, ClosedDay, RecoveryCase, Situation, Status
from .services import SELF_SERVICE_SITUATIONS

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M"]


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return user_label(obj)


class ClientChoiceField(forms.ModelChoiceField):
    """Two clients of one name are told apart by their 事業者ID or phone."""

    def label_from_instance(self, obj) -> str:
        return obj.picker_label


class SearchField(forms.CharField):
    """A search box: control characters are dropped like every other search box's, so a NUL
    narrows nothing away instead of making the whole form invalid (and the filter vanish)."""

    def to_python(self, value) -> str:
        return clean_search_text(value)


class EmailHalfWidthField(forms.EmailField):
    """An email address typed in any width: normalised to half-width, then validated.

    A text input (with the email keyboard on phones), not ``type="email"``: the browser would
    refuse the full-width address the help text promises to accept before the server sees it.
    """

    widget = forms.TextInput(
        attrs={"inputmode": "email", "autocomplete": "off", "spellcheck": "false"}
    )

    def to_python(self, value):
        return super().to_python(normalize_email(value or ""))


CONFIRM_SECOND_CASE = "confirm_second_case"


class CaseCreateForm(OnceFormMixin, SecretConfirmationMixin, forms.Form):
    secret_fields = ("error_message", "notes")

    client = ClientChoiceField(
        label=_("事業者"),
        queryset=Client.objects.only(
            "pk", "name", "name_kana", "business_id", "phone", "address"
        ).order_by("name_kana", "name", "pk"),
        error_messages={
            "required": _("事業者を選んでください。"),
            "invalid_choice": _("選んだ事業者が見つかりません。選び直してください。"),
        },
    )
    situation = forms.ChoiceField(
        label=_("状況(CCUSお問い合わせフォームの a〜e)"),
        choices=Situation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("状況(a〜e)を選んでください。")},
    )
    assignee = StaffChoiceField(label=_("担当者"), queryset=staff_members(), required=False)
    new_email = EmailHalfWidthField(
        label=_("変更希望メールアドレス"),
        required=False,
        help_text=_(
            "CCUSに新しく登録するメールアドレス(c・dの場合)。全角で入力しても半角に直します。"
        ),
        error_messages={
            "invalid": _("変更希望メールアドレスの形式が正しくありません(例: info@example.jp)。")
        },
    )
    error_message = forms.CharField(
        label=_("表示されたエラーメッセージ(eの場合)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "パスワードやセキュリティコードは入力しないでください(入力されても伏字にします)。"
        ),
    )
    notes = forms.CharField(
        label=_("メモ"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_members()
        # With a client chosen (from its page, the picker or the posted form), render that one
        # option instead of every client the office has; validation still checks it exists.
        chosen = self.data.get("client") if self.is_bound else self.initial.get("client")
        if chosen is not None and str(chosen).isdigit():
            self.fields["client"].queryset = Client.objects.filter(pk=int(chosen))
        self.open_cases: list[RecoveryCase] = []
        self.fields[CONFIRM_SECOND_CASE] = forms.BooleanField(
            required=False,
            widget=forms.HiddenInput,
            label=_("進行中の案件があることを確認したうえで、新しい案件を作成する"),
        )

    def clean(self):
        data = super().clean()
        if data.get("situation") == Situation.LOGIN_ERROR and not data.get("error_message"):
            self.add_error(
                "error_message", _("eの場合は、表示されたエラーメッセージを入力してください。")
            )
        confirmed = bool(data.pop(CONFIRM_SECOND_CASE, False))
        # a/b close at once as self-service: they never make a second case in progress.
        if data.get("client") and data.get("situation") not in SELF_SERVICE_SITUATIONS:
            self._ask_about_open_cases(data["client"], confirmed=confirmed)
        return data

    def _ask_about_open_cases(self, client: Client, *, confirmed: bool) -> None:
        """A client already has a case in progress: show it, open a second only if confirmed."""
        self.open_cases = list(
            RecoveryCase.objects.filter(client=client)
            .exclude(status__in=CLOSED_STATUSES)
            .order_by("-pk")[:5]
        )
        if not self.open_cases:
            return
        self.fields[CONFIRM_SECOND_CASE].widget = forms.CheckboxInput()
        if not confirmed:
            self.add_error(
                CONFIRM_SECOND_CASE,
                _(
                    "この事業者には進行中の案件があります。同じ件ならその案件を開いてください。"
                    "別の件として新しい案件を作る場合は、このチェックを入れてもう一度作成してください。"
                ),
            )


class CaseEditForm(SecretConfirmationMixin, forms.Form):
    secret_fields = ("error_message", "notes")

    assignee = StaffChoiceField(label=_("担当者"), queryset=staff_members(), required=False)
    new_email = CaseCreateForm.base_fields["new_email"]
    error_message = CaseCreateForm.base_fields["error_message"]
    notes = CaseCreateForm.base_fields["notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_members()


class SituationForm(forms.Form):
    """Correct the 状況 (a–e); a/b close the case, so the page confirms them first."""

    situation = forms.ChoiceField(
        label=_("状況(CCUSお問い合わせフォームの a〜e)"),
        choices=Situation.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("状況(a〜e)を選んでください。"),
            "invalid_choice": _("状況(a〜e)を選んでください。"),
        },
    )
    error_message = forms.CharField(
        label=_("表示されたエラーメッセージ(eの場合)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "空欄なら、記録済みのエラーメッセージを使います。"
            "パスワードやセキュリティコードは入力しないでください(入力されても伏字にします)。"
        ),
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class OptionalTimeForm(forms.Form):
    at = forms.DateTimeField(
        label=_("日時"),
        required=False,
        widget=DATETIME_INPUT,
        input_formats=DATETIME_FORMATS,
        help_text=_("空欄なら現在の日時で記録します。"),
        error_messages={"invalid": _("日時の形式が正しくありません(例: 2026-12-25 10:30)。")},
    )

    def clean_at(self):
        at = self.cleaned_data.get("at")
        if at and at > timezone.now():
            raise forms.ValidationError(_("未来の日時は指定できません。"))
        return at


class _MailForm(SecretConfirmationMixin, OptionalTimeForm):
    """A pasted CCUS mail: its facts, what will be masked, and warnings, before saving."""

    secret_fields = ("mail_text",)
    # The step this form records; a pasted mail of another kind is warned about.
    expected_step = ""

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.facts: MailFacts | None = None
        self.warnings: list[str] = []

    def clean(self):
        data = super().clean()
        text = self.data.get(self.add_prefix("mail_text"), "")
        if text:
            self.facts = parse_ccus_mail(text)
            if self.case is not None:
                self.warnings = mail_mismatches(
                    self.facts,
                    business_id=self.case.client.business_id,
                    new_email=self.case.new_email,
                )
            wrong_kind = kind_mismatch(self.facts.kind, expected_step=self.expected_step)
            if wrong_kind:
                self.warnings.append(wrong_kind)
            elif self.facts.kind_unsure:
                self.warnings.append(self.facts.kind_note)
        return data

    @property
    def masked_mail(self) -> str:
        return self.facts.masked_body if self.facts else ""


RECEIPT_CONFIRM_FIELD = "confirm_receipt_number"


class ReceiptForm(_MailForm):
    expected_step = RECEIPT
    mail_text = forms.CharField(
        label=_("受付メール(件名と本文を貼り付け)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("受付メールの件名か本文を貼り付けてください。")},
    )
    receipt_number = forms.CharField(
        label=_("受付番号"),
        required=False,
        max_length=40,
        help_text=_("空欄ならメールの件名【お問い合わせ受付：C-…】から読み取ります。"),
    )
    confirm_receipt_number = forms.BooleanField(
        label=_("この受付番号で正しいことをメールで確認しました"),
        required=False,
        widget=forms.HiddenInput,
    )

    def clean(self):
        data = super().clean()
        typed = (data.get("receipt_number") or "").strip()
        if "mail_text" not in data:
            return data
        if typed:
            parsed = receipt_number.parse(typed)
            if not parsed:
                self.add_error(
                    "receipt_number", _("受付番号は C- と10桁の数字で入力してください。")
                )
                return data
            number, unsure = parsed[0], not parsed[1]
        elif self.facts is not None:
            number = self.facts.receipt_number
            unsure = self.facts.receipt_number_needs_confirmation
        else:
            return data
        if not number:
            self.add_error(
                "mail_text",
                _(
                    "受付番号(C-で始まる番号)が見つかりません。"
                    "件名【お問い合わせ受付:C-xxxxxxxxxx】を含めて貼り付けてください。"
                ),
            )
            return data
        data["receipt_number"] = number
        confirmed = bool(data.pop(RECEIPT_CONFIRM_FIELD, False))
        if unsure:
            self.fields[RECEIPT_CONFIRM_FIELD].widget = forms.CheckboxInput()
            if not confirmed:
                # Show the number that was read so that staff can correct it.
                self.data = self.data.copy()
                self.data[self.add_prefix("receipt_number")] = number
                self.add_error(
                    RECEIPT_CONFIRM_FIELD,
                    _(
                        "受付番号「%(number)s」は10桁ではないか、メールに複数の番号があります。"
                        "メールの件名で確かめて、正しければチェックを入れてください"
                        "(違う場合は受付番号を直してください)。"
                    )
                    % {"number": number},
                )
        return data


class ReplyForm(_MailForm):
    expected_step = REPLY
    mail_text = forms.CharField(
        label=_("CCUSからの回答メール(本文を貼り付け)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("パスワードとセキュリティコードは保存前に伏字(********)にします。"),
        error_messages={"required": _("回答メールの本文を貼り付けてください。")},
    )


class ReasonForm(SecretConfirmationMixin, forms.Form):
    secret_fields = ("reason",)

    reason = forms.CharField(
        label=_("理由"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoteForm(OnceFormMixin, SecretConfirmationMixin, forms.Form):
    secret_fields = ("text",)

    text = forms.CharField(
        label=_("メモ"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": _("メモの内容を入力してください。")},
    )


class CaseDatesForm(forms.Form):
    """Corrections of the recorded times; only the steps already recorded are shown."""

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        from .services import DATE_FIELDS

        for name in DATE_FIELDS:
            value = getattr(case, name)
            if value is None:
                continue
            self.fields[name] = forms.DateTimeField(
                label=case._meta.get_field(name).verbose_name,
                widget=DATETIME_INPUT,
                input_formats=DATETIME_FORMATS,
                initial=timezone.localtime(value),
                error_messages={
                    "required": _("日時を入力してください。"),
                    "invalid": _("日時の形式が正しくありません(例: 2026-12-25 10:30)。"),
                },
            )


class CaseFilterForm(forms.Form):
    q = SearchField(label=_("検索"), required=False, help_text=_("事業者名・事業者ID・受付番号"))
    status = forms.ChoiceField(
        label=_("ステータス"), required=False, choices=[("", _("すべて")), *Status.choices]
    )
    assignee = StaffChoiceField(
        label=_("担当者"), queryset=staff_members(), required=False, empty_label=_("すべて")
    )
    overdue = forms.BooleanField(label=_("期限超過のみ"), required=False)
    waiting = forms.BooleanField(label=_("CCUS回答待ちのみ"), required=False)
    group = forms.ChoiceField(
        label=_("待っているもの"),
        required=False,
        choices=[
            ("", _("すべて")),
            ("open", _("進行中")),
            ("awaiting_receipt", _("受付メール待ち")),
            ("awaiting_reply", _("CCUSの回答待ち(受付済)")),
            ("awaiting_login", _("ログイン作業待ち")),
            ("login_due", _("ログイン作業の予定日が来た案件")),
            ("done_this_month", _("今月の完了")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_members()


class ClosedDayForm(forms.ModelForm):
    class Meta:
        model = ClosedDay
        fields = ["date", "reason"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}
        error_messages = {
            "date": {
                "required": _("日付を入力してください。"),
                "invalid": _("日付の形式が正しくありません(例: 2027-05-06)。"),
                "unique": _("この日付は既に休業日として登録されています。"),
            },
            "reason": {"required": _("理由を入力してください(例: CCUSシステム停止)。")},
        }

    def clean_date(self):
        day = self.cleaned_data["date"]
        # Weekends, national holidays and 年末年始 are never business days: adding one as a
        # closed day would change nothing, and usually means a mistyped date.
        already = BusinessCalendar().closure_reason(day)
        if already:
            raise forms.ValidationError(
                _(
                    "%(day)sは%(reason)sのため、もともと休業日です(営業日に数えません)。"
                    "事務所やCCUSが平日に休む日を入力してください。日付を確かめてください。"
                )
                % {"day": format_day(day), "reason": already}
            )
        return day
