"""The CCUS inquiry text (CCUS's mails are read by ``recovery.ccus_mail``).

The inquiry text is derived (never stored) from the client, the case and the office. Its labels
are the office guide's, byte for byte (domain.md's code block), including the line
「④事業者の電話番号」 which has no colon in the guide.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from clients.normalize import digits_only, normalize_email, number_text
from office.selectors import user_full_name

INQUIRY_ITEM = (
    "①ログイン情報を教えてほしい。(※セキュリティコード/登録メールアドレス/パスワードが不明)"
)

INQUIRY_TEMPLATE = (
    "【お問い合わせ内容】\n"
    "登録されているメールアドレスがわからなくなってしまった(使用できなくなった)ため、変更をお願いします\n"
    "\n"
    "【変更希望事業者情報】\n"
    "①事業者名: {name}\n"
    "②事業者ID: {business_id}\n"
    "③事業者の所在地: {address}\n"
    "④事業者の電話番号 {phone}\n"
    "⑤登録済みメールアドレス: 不明\n"
    "⑥変更希望メールアドレス: {new_email}\n"
    "⑦使用できない理由: 失念\n"
    "⑧ログイン可能か: 不可"
)


@dataclass
class Inquiry:
    """The texts to paste into the CCUS form, or what is still missing."""

    missing: list[str] = field(default_factory=list)
    item: str = INQUIRY_ITEM
    body: str = ""
    contact: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.missing

    @property
    def contact_text(self) -> str:
        return "\n".join(f"{label}: {value}" for label, value in self.contact)

    @property
    def full_text(self) -> str:
        """All three blocks as one text (the ``inquiry.txt`` download)."""
        return (
            "【お問い合わせ項目】\n"
            f"{self.item}\n"
            "\n"
            "【情報記入欄】\n"
            f"{self.body}\n"
            "\n"
            "【お問い合わせ担当者情報】\n"
            f"{self.contact_text}\n"
        )


def build_inquiry(case, office) -> Inquiry:
    """The inquiry of ``case`` (client + case + office), or the list of what is missing."""
    client = case.client
    missing: list[str] = []
    checks = [
        (client.name, _("事業者名(事業者の画面で入力してください)")),
        (client.business_id, _("事業者ID(事業者の画面で14桁を入力してください)")),
        (client.address, _("事業者の所在地(事業者の画面で登録時の書類どおりに入力してください)")),
        (client.phone, _("事業者の電話番号(事業者の画面で入力してください)")),
        (
            case.new_email,
            _("変更希望メールアドレス(この案件の「案件情報を編集」で入力してください)"),
        ),
        (case.assignee_id, _("担当者(この案件の「案件情報を編集」で選んでください)")),
        (office.name, _("事務所名(事務所設定で入力してください)")),
        (office.email, _("事務所のメールアドレス(事務所設定で入力してください)")),
        (office.tel, _("事務所の電話番号(事務所設定で入力してください)")),
    ]
    for value, label in checks:
        if not value:
            missing.append(label)
    assignee_name = user_full_name(case.assignee) if case.assignee_id else ""
    if case.assignee_id and not assignee_name:
        missing.append(_("担当者の氏名(ユーザー設定で姓・名を入力してください)"))
    if missing:
        return Inquiry(missing=missing)
    body = INQUIRY_TEMPLATE.format(
        name=client.name.strip(),
        business_id=digits_only(client.business_id),
        address=client.address.strip(),
        phone=number_text(client.phone),
        new_email=normalize_email(case.new_email),
    )
    contact = [
        ("会社名", office.name.strip()),
        ("氏名", assignee_name),
        ("メールアドレス", normalize_email(office.email)),
        ("電話番号", number_text(office.tel)),
    ]
    return Inquiry(body=body, contact=contact)
