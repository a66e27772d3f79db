"""Case documents: the ログイン手順書 (STEP②), the ID管理シート (STEP③) and the FAX送付状.

Each ``render_*`` returns ``(filename, content_type, bytes)``. Secrets are never printed: the
ID sheet has empty boxes for the password and the security code, to be filled in by hand.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from office import pdf
from office.dates import format_date_ja
from office.pdf import PDF_CONTENT_TYPE, RenderedPDF, render_document, write_pdf
from office.selectors import get_office

from .business_days import BusinessCalendar, tokyo_date
from .models import RecoveryCase

GUIDE_TITLE = "ログイン手順書"
ID_SHEET_TITLE = "ID管理シート"
# The guide: CCUS replies 4–5 business days after the inquiry; work 2–3 business days after.
REPLY_DAYS = (4, 5)
WORK_DAYS = (2, 3)


def guide_dates(case: RecoveryCase, calendar: BusinessCalendar | None = None) -> dict[str, str]:
    """The expected CCUS mail window (once sent) and the work window (once replied)."""
    calendar = calendar or BusinessCalendar.from_database()
    dates: dict[str, str] = {}
    if case.sent_at and not case.reply_at:
        sent = tokyo_date(case.sent_at)
        dates["mail_from"] = format_date_ja(calendar.add_business_days(sent, REPLY_DAYS[0]))
        dates["mail_to"] = format_date_ja(calendar.add_business_days(sent, REPLY_DAYS[1]))
    if case.reply_at:
        replied = tokyo_date(case.reply_at)
        dates["work_from"] = format_date_ja(calendar.add_business_days(replied, WORK_DAYS[0]))
        dates["work_to"] = format_date_ja(calendar.add_business_days(replied, WORK_DAYS[1]))
    return dates


def guide_document(case: RecoveryCase) -> RenderedPDF:
    context = {"case": case, "client": case.client, "office": get_office(), **guide_dates(case)}
    return render_document("recovery/pdf/guide.html", context)


def id_sheet_document(case: RecoveryCase) -> RenderedPDF:
    context = {
        "case": case, "client": case.client, "office": get_office(),
        # The address the client logs in with once the change is done.
        "registered_email": case.new_email or case.client.email,
    }
    return render_document("recovery/pdf/id_sheet.html", context)


def guide_filename(case: RecoveryCase) -> str:
    return f"guide-case{case.pk}.pdf"


def id_sheet_filename(case: RecoveryCase) -> str:
    return f"id-sheet-case{case.pk}.pdf"


def render_guide(case: RecoveryCase) -> tuple[str, str, bytes]:
    """Return (filename, content_type, bytes) of the personalised ログイン手順書."""
    return guide_filename(case), PDF_CONTENT_TYPE, write_pdf(guide_document(case))


def render_id_sheet(case: RecoveryCase) -> tuple[str, str, bytes]:
    """Return (filename, content_type, bytes) of the ID管理シート (secrets left blank)."""
    return id_sheet_filename(case), PDF_CONTENT_TYPE, write_pdf(id_sheet_document(case))


def render_fax_cover(
    case: RecoveryCase, *, subject: str, pages: int, message: str = "",
    sent_on: date | None = None,
) -> tuple[str, str, bytes]:
    """Return the FAX送付状 for ``case``'s client alone; ``pages`` includes the cover."""
    cover = pdf.render_fax_cover(pages=pages, subject=subject, message=message,
                                 **fax_addressee(case.client, sent_on))
    return f"fax-cover-case{case.pk}.pdf", PDF_CONTENT_TYPE, write_pdf(cover)


def fax_addressee(client, sent_on: date | None = None) -> dict:
    return {
        "sent_on": sent_on or tokyo_date(timezone.now()), "to_company": client.name,
        "to_person": client.contact_name, "to_fax": client.fax,
    }


def render_with_cover(case: RecoveryCase, document: RenderedPDF, *, subject: str,
                      filename: str) -> tuple[str, str, bytes]:
    """Put the FAX送付状 in front of ``document``; 送信枚数 counts the real pages."""
    data = pdf.with_fax_cover(document, subject=subject, **fax_addressee(case.client))
    return filename.replace(".pdf", "-fax.pdf"), PDF_CONTENT_TYPE, data
