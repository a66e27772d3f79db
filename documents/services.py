"""Writes of the document work: email a case's documents, build a ZIP batch.

Requests create a ``DocumentBatch`` row and enqueue its task after commit; the task calls the
``*_run`` service, which is idempotent (a finished job is never run twice).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from celery import current_app
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation

from clients.models import Client
from office.selectors import get_office
from recovery.models import CaseEvent, DocumentBatch, RecoveryCase
from recovery.timeline import timeline_record

from .pdfs import render_consultation_form, render_guide, render_id_sheet

TOKYO = ZoneInfo("Asia/Tokyo")
EMAIL_TASK = "documents.email_case_documents"
BATCH_TASK = "documents.build_document_batch"
MAX_BATCH = 200
EMAIL_SUBJECT = "【{office}】建設キャリアアップシステム ログイン手順書・ID管理シートのご送付"
EMAIL_BODY = """{client} 様

いつもお世話になっております。{office}です。

建設キャリアアップシステムのログイン手順書とID管理シートをPDFでお送りいたします。
CCUSからメールが届きましたら、手順書の順番でログインとパスワードの変更をお願いいたします。
作業の際は、セキュリティコードが記載された「登録完了通知」をお手元にご用意ください。

パスワードとセキュリティコードは、ID管理シートに手書きでご記入のうえ、大切に保管してください。
メールやFAXで当事務所にお知らせいただく必要はありません。

ご不明な点がございましたら、お気軽にお問い合わせください。

{office}
TEL：{tel}　FAX：{fax}　E-MAIL：{email}
"""


def _enqueue(task_name: str, batch: DocumentBatch) -> None:
    """Run the batch's task once the row is committed (by name: the tasks import this module)."""
    signature = current_app.signature(task_name, args=(batch.pk,))
    transaction.on_commit(signature.apply_async)


@transaction.atomic
def case_documents_email_request(*, case: RecoveryCase, actor) -> DocumentBatch:
    """Ask a worker to email the guide and the ID sheet to the case's client."""
    if not case.client.email:
        raise ValidationError(
            "事業者のメールアドレスが登録されていません。事業者の画面でメールアドレスを登録してから"
            "送信してください。"
        )
    batch = DocumentBatch.objects.create(
        kind=DocumentBatch.Kind.CASE_EMAIL, object_ids=[case.pk], total=2, created_by=actor,
    )
    _enqueue(EMAIL_TASK, batch)
    return batch


def case_documents_email_run(*, batch_id: int) -> None:
    """Render and email a case's documents in Japanese/Asia/Tokyo; record it on the timeline."""
    with translation.override("ja"), timezone.override(TOKYO), transaction.atomic():
        batch = DocumentBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status == DocumentBatch.State.DONE:
            return
        case = RecoveryCase.objects.select_related("client").get(pk=batch.object_ids[0])
        office = get_office()
        attachments = [render_guide(case), render_id_sheet(case)]
        message = EmailMessage(
            subject=EMAIL_SUBJECT.format(office=office.name),
            body=EMAIL_BODY.format(client=case.client.name, office=office.name,
                                   tel=office.tel, fax=office.fax, email=office.email),
            to=[case.client.email],
            reply_to=[office.email] if office.email else None,
        )
        for filename, content_type, data in attachments:
            message.attach(filename, data, content_type)
        message.send()
        now = timezone.now()
        timeline_record(
            case_id=case.pk, at=now, actor=batch.created_by, kind=CaseEvent.Kind.DOCUMENT,
            message=(f"ログイン手順書とID管理シートを {case.client.email} 宛に"
                     "メールで送信しました。"),
        )
        batch.done = batch.total
        batch.status = DocumentBatch.State.DONE
        batch.finished_at = now
        batch.save(update_fields=["done", "status", "finished_at"])


@transaction.atomic
def document_batch_create(*, kind: str, ids: Iterable[int], actor) -> DocumentBatch:
    """Create a ZIP batch of consultation forms (client ids) or guides (case ids)."""
    ids = sorted({int(i) for i in ids})
    if kind not in (DocumentBatch.Kind.CONSULTATION_FORMS, DocumentBatch.Kind.GUIDES):
        raise ValidationError("書類の種類を選んでください。")
    if not ids:
        raise ValidationError("対象を1件以上選んでください。")
    if len(ids) > MAX_BATCH:
        raise ValidationError(
            f"一度に作成できるのは{MAX_BATCH}件までです。選択を減らしてください。"
        )
    batch = DocumentBatch.objects.create(kind=kind, object_ids=ids, total=len(ids),
                                         created_by=actor)
    _enqueue(BATCH_TASK, batch)
    return batch


def _safe_name(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name).strip("_")[:40] or "noname"


def document_batch_run(*, batch_id: int) -> None:
    """Build the batch's ZIP, saving progress after each document. Idempotent."""
    with translation.override("ja"), timezone.override(TOKYO):
        with transaction.atomic():
            batch = DocumentBatch.objects.select_for_update().get(pk=batch_id)
            if batch.status == DocumentBatch.State.DONE:
                return
            batch.status = DocumentBatch.State.RUNNING
            batch.done = 0
            batch.save(update_fields=["status", "done"])
        try:
            data = _build_zip(batch)
        except Exception as error:
            DocumentBatch.objects.filter(pk=batch.pk).update(
                status=DocumentBatch.State.FAILED, error=f"{type(error).__name__}: {error}"[:500],
            )
            raise
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        DocumentBatch.objects.filter(pk=batch.pk).update(
            file=data, filename=f"{batch.kind}-{stamp}.zip", status=DocumentBatch.State.DONE,
            done=batch.total, finished_at=timezone.now(),
        )


def _build_zip(batch: DocumentBatch) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for n, obj in enumerate(_batch_objects(batch), start=1):
            if batch.kind == DocumentBatch.Kind.CONSULTATION_FORMS:
                _, _, data = render_consultation_form(obj)
                name = f"{obj.pk:05d}_{_safe_name(obj.name)}_FAX相談シート.pdf"
            else:
                _, _, data = render_guide(obj)
                name = f"{obj.pk:05d}_{_safe_name(obj.client.name)}_ログイン手順書.pdf"
            archive.writestr(name, data)
            DocumentBatch.objects.filter(pk=batch.pk).update(done=n)
    return buffer.getvalue()


def _batch_objects(batch: DocumentBatch):
    if batch.kind == DocumentBatch.Kind.CONSULTATION_FORMS:
        objects = Client.objects.in_bulk(batch.object_ids)
    else:
        objects = RecoveryCase.objects.select_related("client").in_bulk(batch.object_ids)
    # Objects deleted since the request are skipped; the rest keep the requested order.
    return [objects[pk] for pk in batch.object_ids if pk in objects]
