"""Client documents: the FAX相談シート (the guide's お困りごと解決サポート), blank or pre-filled."""

from __future__ import annotations

from office.pdf import PDF_CONTENT_TYPE, RenderedPDF, render_document, write_pdf
from office.selectors import get_office

from .models import Client

CONSULTATION_TOPICS = (
    "建設キャリアアップシステムへの登録がわからない",
    "事業者登録や技能者登録がわからない",
    "登録後の操作方法がわからない",
    "グリーンサイトとの連携がわからない",
    "下請事業者様、関連企業様の登録や登録後の操作方法をフォローしてほしい",
    "その他",
)
CONSULTATION_TITLE = "FAX相談シート"
RULED_LINES = 5


def consultation_form_document(client: Client | None) -> RenderedPDF:
    """Lay out the consultation form; blank when ``client`` is None."""
    context = {
        "client": client, "office": get_office(), "topics": CONSULTATION_TOPICS,
        "ruled_lines": range(RULED_LINES),
    }
    return render_document("clients/pdf/consultation_form.html", context)


def consultation_form_filename(client: Client | None) -> str:
    return f"consultation-{client.pk}.pdf" if client else "consultation.pdf"


def render_consultation_form(client: Client | None) -> tuple[str, str, bytes]:
    """Return (filename, content_type, bytes) of the FAX相談シート for ``client`` (or blank)."""
    document = consultation_form_document(client)
    return consultation_form_filename(client), PDF_CONTENT_TYPE, write_pdf(document)
