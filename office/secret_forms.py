"""Forms where staff type free text: a password or code is shown, then masked once confirmed.

Add ``SecretConfirmationMixin`` before ``forms.Form``/``forms.ModelForm`` and name the free-text
fields in ``secret_fields``. When one of them holds what ``office.secrets`` takes for a password or
a security code, the form does not save silently: it is invalid, says in Japanese which part looks
like a secret (with the masked preview) and shows a checkbox. Once staff tick it, the cleaned data
carry the masked text, and nothing else they typed changes.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .secrets import Finding, find_secrets, mask_secrets

CONFIRM_FIELD = "confirm_masking"


def findings_message(label: str, findings: list[Finding]) -> str:
    """「メモ」の「…パスワード：********…」はパスワードのようです…, one line per finding."""
    parts = []
    for finding in findings:
        what = _("セキュリティコード") if finding.kind == "code" else _("パスワード")
        parts.append(
            _("「%(label)s」の「%(preview)s」は%(what)sのようです(%(reason)s)。")
            % {
                "label": label,
                "preview": finding.preview,
                "what": what,
                "reason": finding.reason,
            }
        )
    return " ".join(str(p) for p in parts)


class SecretConfirmationMixin:
    """Detect secrets in ``secret_fields``; ask once, then keep only the masked text."""

    secret_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.secret_findings: dict[str, list[Finding]] = {}
        self.fields[CONFIRM_FIELD] = forms.BooleanField(
            required=False,
            widget=forms.HiddenInput,
            label=_("パスワード・セキュリティコードの部分を伏字(********)にして保存する"),
        )

    def clean(self):
        data = super().clean()
        if data is None:
            data = self.cleaned_data
        confirmed = bool(data.pop(CONFIRM_FIELD, False))  # not a value for the services
        findings = {}
        for name in self.secret_fields:
            value = data.get(name)
            if isinstance(value, str) and value:
                found = find_secrets(value)
                if found:
                    findings[name] = found
        self.secret_findings = findings
        if not findings:
            return data
        confirm = self.fields[CONFIRM_FIELD]
        confirm.widget = forms.CheckboxInput()
        if not confirmed:
            for name, found in findings.items():
                self.add_error(name, findings_message(str(self.fields[name].label), found))
            self.add_error(
                CONFIRM_FIELD,
                _(
                    "パスワードやセキュリティコードは保存できません。伏字にしてよければ、"
                    "このチェックを入れてもう一度保存してください(ほかの部分はそのまま保存します)。"
                ),
            )
            return data
        for name in findings:
            data[name] = mask_secrets(data[name])
        return data

    @property
    def masked_previews(self) -> dict[str, str]:
        """The text of each field with findings as it will be saved."""
        return {
            name: mask_secrets(self.data.get(self.add_prefix(name), ""))
            for name in self.secret_findings
        }
