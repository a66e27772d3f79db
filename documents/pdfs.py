"""Every PDF the office hands out, each as one function over the one rendering helper.

- ``render_guide(case)``: the ログイン手順書 (the guide's STEP②) with the case's dates, or for
  cases a/b the self-service guide (the CCUS form's own reset or email change);
- ``render_id_sheet(case)``: the ID管理シート (STEP③), with empty boxes for the secrets;
- ``render_consultation_form(client)``: the FAX相談シート (お困りごと解決サポート), blank for None;
- ``render_fax(documents, to=client)``: documents behind one FAX送付状 whose 送信枚数 counts
  the real pages, the cover included.

Each returns ``(filename, content_type, bytes)``. A secret is never printed: the ID sheet leaves
the password and the security code to be written by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

from clients.addressee import client_addressee
from clients.models import Client
from office.dates import format_date_ja
from office.pdf import PDF_CONTENT_TYPE, RenderedPDF, render_document, write_pdf
from office.selectors import get_office
from recovery import schedule
from recovery.business_days import TOKYO, BusinessCalendar, tokyo_date
from recovery.guide import CCUS_URL, LOGIN_STEPS, SELF_SERVICE_STEPS
from recovery.models import RecoveryCase, Situation

GUIDE_TITLE = "ログイン手順書"
SELF_SERVICE_TITLES = {
    Situation.PASSWORD_ONLY: "パスワード再設定のご案内",
    Situation.CAN_LOGIN: "登録メールアドレス確認・変更のご案内",
}
ID_SHEET_TITLE = "ID管理シート"
CONSULTATION_TITLE = "FAX相談シート"
CONSULTATION_TOPICS = (
    "建設キャリアアップシステムへの登録がわからない",
    "事業者登録や技能者登録がわからない",
    "登録後の操作方法がわからない",
    "グリーンサイトとの連携がわからない",
    "下請事業者様、関連企業様の登録や登録後の操作方法をフォローしてほしい",
    "その他",
)
RULED_LINES = 5

Rendered = tuple[str, str, bytes]


@dataclass(frozen=True)
class Document:
    """A laid-out document before it is written: its pages can still be counted and joined."""

    filename: str
    title: str
    rendered: RenderedPDF


# --- The ログイン手順書 -----------------------------------------------------------------------


def _tokyo_noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=TOKYO)


def guide_dates(case: RecoveryCase, calendar: BusinessCalendar | None = None) -> dict:
    """The dates the guide names, as far as they are known today (schedule.py's windows).

    - ``sent_on``: the day the inquiry was sent;
    - ``mail_on`` (CCUS replied) or ``mail_from``/``mail_to`` (its expected window);
    - ``work_from``/``work_to``: the login work window, ``work_estimated`` when it is derived
      from the expected reply window (from its first day's earliest to its last day's latest).
    - ``mail_late``: the reply window has passed without the mail (no work dates then);
      ``work_late``: the login window has passed and the work is not recorded as done.
    A missing key means the date depends on a step not yet taken; the template says which.
    """
    calendar = calendar or BusinessCalendar.from_database()
    today = tokyo_date(timezone.now())
    dates: dict = {}
    if case.sent_at:
        dates["sent_on"] = format_date_ja(tokyo_date(case.sent_at))
    if case.reply_at:
        login = schedule.login_window(case.reply_at, calendar)
        dates["mail_on"] = format_date_ja(tokyo_date(case.reply_at))
        dates["work_from"] = format_date_ja(login.earliest)
        dates["work_to"] = format_date_ja(login.latest)
        # Past the window and not done: no promise of past days, but "as soon as possible".
        dates["work_late"] = today > login.latest and case.status in schedule.AWAITING_LOGIN
    elif case.sent_at:
        reply = schedule.reply_window(case.sent_at, calendar)
        dates["mail_from"] = format_date_ja(reply.earliest)
        dates["mail_to"] = format_date_ja(reply.latest)
        if today > reply.latest and case.status in schedule.AWAITING_REPLY:
            # CCUS is late: the guide says so and what to do, not dates already gone.
            dates["mail_late"] = True
            return dates
        first = schedule.login_window(_tokyo_noon(reply.earliest), calendar)
        last = schedule.login_window(_tokyo_noon(reply.latest), calendar)
        dates["work_from"] = format_date_ja(first.earliest)
        dates["work_to"] = format_date_ja(last.latest)
        dates["work_estimated"] = True
    return dates


def is_self_service(case: RecoveryCase) -> bool:
    """Cases a/b: the client resets the password or changes the email without CCUS's help."""
    return case.situation in SELF_SERVICE_STEPS


def guide_title(case: RecoveryCase) -> str:
    return SELF_SERVICE_TITLES.get(case.situation, GUIDE_TITLE)


def guide_context(case: RecoveryCase) -> dict:
    context = {
        "case": case,
        "client": case.client,
        "to": client_addressee(case.client),
        "office": get_office(),
        "ccus_url": CCUS_URL,
        "title": guide_title(case),
    }
    if is_self_service(case):
        # Each step split around the CCUS address, which the template keeps on one line.
        steps = [step.partition(CCUS_URL) for step in SELF_SERVICE_STEPS[case.situation]]
        return {**context, "steps": steps}
    steps = [
        (step.number, step.html(business_id=case.client.business_id_display))
        for step in LOGIN_STEPS
    ]
    words = schedule.duration_words_ja()
    return {**context, **guide_dates(case), "login_steps": steps, "durations": words}


def guide_template(case: RecoveryCase) -> str:
    if is_self_service(case):
        return "documents/pdf/guide_self_service.html"
    return "documents/pdf/guide.html"


def guide(case: RecoveryCase) -> Document:
    """The guide for the case's route: self-service (a/b) or the login after CCUS's mail."""
    rendered = render_document(guide_template(case), guide_context(case))
    return Document(f"guide-case{case.pk}.pdf", guide_title(case), rendered)


def render_guide(case: RecoveryCase) -> Rendered:
    """The personalised guide of the case's route."""
    return render_fax([guide(case)])


# --- The ID管理シート -------------------------------------------------------------------------


def id_sheet_context(case: RecoveryCase) -> dict:
    return {
        "case": case,
        "client": case.client,
        "to": client_addressee(case.client),
        "office": get_office(),
        # The address the client logs in with once the change is done.
        "registered_email": case.new_email or case.client.email,
    }


def id_sheet(case: RecoveryCase) -> Document:
    rendered = render_document("documents/pdf/id_sheet.html", id_sheet_context(case))
    return Document(f"id-sheet-case{case.pk}.pdf", ID_SHEET_TITLE, rendered)


def render_id_sheet(case: RecoveryCase) -> Rendered:
    """The ID管理シート, secrets left blank."""
    return render_fax([id_sheet(case)])


# --- The FAX相談シート ------------------------------------------------------------------------


def consultation_form_context(client: Client | None) -> dict:
    return {
        "client": client,
        "office": get_office(),
        "topics": CONSULTATION_TOPICS,
        "ruled_lines": range(RULED_LINES),
    }


def consultation_form(client: Client | None) -> Document:
    rendered = render_document(
        "documents/pdf/consultation_form.html", consultation_form_context(client)
    )
    filename = f"consultation-{client.pk}.pdf" if client else "consultation.pdf"
    return Document(filename, CONSULTATION_TITLE, rendered)


def render_consultation_form(client: Client | None) -> Rendered:
    """The FAX相談シート for ``client``, or blank."""
    return render_fax([consultation_form(client)])


# --- The FAX送付状 ----------------------------------------------------------------------------


def fax_cover_context(
    client: Client,
    *,
    subject: str,
    pages: int,
    message: str = "",
    sent_on: date | None = None,
) -> dict:
    """送信日, 宛先 (the client and its contact person), 件名, 送信枚数 and 通信欄."""
    return {
        "office": get_office(),
        "sent_on": format_date_ja(sent_on or tokyo_date(timezone.now())),
        "to": client_addressee(client),
        "to_fax": client.fax,
        "subject": subject,
        "pages": pages,
        "message": message,
    }


class NoFaxNumberError(ValueError):
    """A FAX送付状 needs the client's FAX number; none is registered."""


def render_fax(
    documents: list[Document],
    *,
    to: Client | None = None,
    message: str = "",
) -> Rendered:
    """Write ``documents`` as one PDF; with ``to``, behind one FAX送付状 addressed to it."""
    if to is not None and not (to.fax or "").strip():
        raise NoFaxNumberError(to.name)
    parts = [document.rendered for document in documents]
    filename = documents[0].filename
    if to is not None:
        pages = sum(part.page_count for part in parts) + 1
        subject = "・".join(document.title for document in documents)
        cover = render_document(
            "documents/pdf/fax_cover.html",
            fax_cover_context(to, subject=subject, pages=pages, message=message),
        )
        if cover.page_count != 1:
            raise ValueError("the fax cover must fit on one page")
        parts.insert(0, cover)
        filename = filename.replace(".pdf", "-fax.pdf")
    return filename, PDF_CONTENT_TYPE, write_pdf(*parts)
