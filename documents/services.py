"""Writes of the document work: email a case's documents, build a ZIP batch, sweep dead jobs.

A request creates a ``DocumentBatch`` row (with the clients whose data it will hold) and enqueues
its task after commit. The task calls the ``*_run`` service, which first *claims* the job with one
conditional UPDATE (``pending`` → ``running``): only the claimant works on it, so a task delivered
twice does the work once. The work itself (rendering, SMTP) runs outside any transaction and row
lock; progress touches ``heartbeat_at``; an error sets ``failed`` with a Japanese reason. A job
whose worker died stays ``running`` with an old heartbeat: the periodic sweeper marks it failed,
and staff retry it from the batch page.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Iterable
from datetime import datetime, timedelta

from celery import current_app
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from clients.addressee import client_addressee
from clients.models import Client
from office.selectors import get_office
from recovery.business_days import TOKYO
from recovery.models import CaseEvent, RecoveryCase
from recovery.timeline import timeline_record

from .models import DocumentBatch, DocumentBatchClient
from .pdfs import (
    guide_title,
    is_self_service,
    render_consultation_form,
    render_guide,
    render_id_sheet,
)

logger = logging.getLogger(__name__)

EMAIL_TASK = "documents.email_case_documents"
BATCH_TASK = "documents.build_document_batch"
SWEEP_TASK = "documents.sweep_stale_batches"
MAX_BATCH = 200
# Longer than Celery's hard time limit (5 min): a job still "running" after this is dead.
STALE_RUNNING_AFTER = timedelta(minutes=10)
# A queued job no worker has started in this time: the workers are down or the message is lost.
STALE_PENDING_AFTER = timedelta(minutes=30)
SWEEP_INTERVAL_SECONDS = 5 * 60

State = DocumentBatch.State
Kind = DocumentBatch.Kind

STALE_RUNNING_ERROR = (
    "作成中のまま10分以上進まなかったため、失敗として扱いました（処理していたワーカーが停止した"
    "可能性があります）。「もう一度実行」を押してください。"
)
STALE_RUNNING_EMAIL_NOTE = "メールが送信済みかどうかは確認できません。お客様にご確認ください。"
STALE_PENDING_ERROR = (
    "30分以上開始されなかったため、失敗として扱いました（Celeryワーカーが動いていない可能性が"
    "あります）。「もう一度実行」を押してください。"
)

EMAIL_SUBJECT = "【{office}】建設キャリアアップシステム {title}・ID管理シートのご送付"
EMAIL_BODY = """{addressee}

いつもお世話になっております。{office}です。

建設キャリアアップシステムの{title}とID管理シートをPDFでお送りいたします。
{instructions}

パスワードとセキュリティコードは、ID管理シートに手書きでご記入のうえ、大切に保管してください。
メールやFAXで当事務所にお知らせいただく必要はありません。

ご不明な点がございましたら、お気軽にお問い合わせください。

{office}
TEL：{tel}　FAX：{fax}　E-MAIL：{email}
"""
LOGIN_INSTRUCTIONS = (
    "CCUSからメールが届きましたら、手順書の順番でログインとパスワードの変更をお願いいたします。\n"
    "作業の際は、セキュリティコードが記載された「登録完了通知」をお手元にご用意ください。"
)
SELF_SERVICE_INSTRUCTIONS = (
    "ご案内の手順で、お客様ご自身でお手続きいただけます（CCUSからのメールを待つ必要はありません）。\n"
    "うまくいかない場合は、当事務所までご連絡ください。"
)


class DocumentJobError(Exception):
    """A job that cannot be done as asked; the message (Japanese) is shown on the batch page."""


class _JobLost(Exception):
    """The job was taken from this worker: marked failed by the sweeper, or erased."""


# --- claiming, progress, failure ---------------------------------------------------------


def _enqueue(batch: DocumentBatch) -> None:
    """Run the batch's task once the row is committed (by name: the tasks import this module)."""
    task_name = EMAIL_TASK if batch.kind == Kind.CASE_EMAIL else BATCH_TASK
    signature = current_app.signature(task_name, args=(batch.pk,))
    transaction.on_commit(signature.apply_async)


def _claim(batch_id: int) -> DocumentBatch | None:
    """Take a pending job for this worker; None when it is done, failed, taken or gone."""
    claimed = DocumentBatch.objects.filter(pk=batch_id, status=State.PENDING).update(
        status=State.RUNNING,
        done=0,
        error="",
        heartbeat_at=timezone.now(),
    )
    if not claimed:
        return None
    return DocumentBatch.objects.defer("file").get(pk=batch_id)


def _progress(batch: DocumentBatch, done: int) -> None:
    """Record progress and prove the worker alive; stop if the job is no longer ours."""
    if not DocumentBatch.objects.filter(pk=batch.pk, status=State.RUNNING).update(
        done=done,
        heartbeat_at=timezone.now(),
    ):
        raise _JobLost


def _fail(batch: DocumentBatch, error: BaseException, prefix: str) -> None:
    if isinstance(error, DocumentJobError):
        message = str(error)
    else:
        message = f"{prefix}（{type(error).__name__}: {error}）"
    now = timezone.now()
    DocumentBatch.objects.filter(pk=batch.pk, status=State.RUNNING).update(
        status=State.FAILED,
        error=message[:500],
        finished_at=now,
        heartbeat_at=now,
    )


def batch_case_id(batch: DocumentBatch) -> int | None:
    """The case an email job is about (its one object id)."""
    return batch.object_ids[0] if batch.object_ids else None


def _link_clients(batch: DocumentBatch, client_ids: Iterable[int]) -> None:
    DocumentBatchClient.objects.bulk_create(
        [DocumentBatchClient(batch=batch, client_id=pk) for pk in sorted(set(client_ids))]
    )


# --- emailing a case's documents ---------------------------------------------------------


def case_email_title(case: RecoveryCase) -> str:
    return "ご案内" if is_self_service(case) else "ログイン手順書"


def case_email_attachments(case: RecoveryCase) -> list[tuple[str, str, bytes]]:
    """The files the email carries: the case's guide and the ID sheet."""
    return [render_guide(case), render_id_sheet(case)]


def case_email_message(case: RecoveryCase, attachments=None) -> EmailMessage:
    """The email to the client, as the confirmation page shows it and the job sends it."""
    office = get_office()
    title = case_email_title(case)
    message = EmailMessage(
        subject=EMAIL_SUBJECT.format(office=office.name, title=title),
        body=EMAIL_BODY.format(
            addressee=client_addressee(case.client),
            office=office.name,
            title=title,
            instructions=(
                SELF_SERVICE_INSTRUCTIONS if is_self_service(case) else LOGIN_INSTRUCTIONS
            ),
            tel=office.tel,
            fax=office.fax,
            email=office.email,
        ),
        to=[case.client.email],
        reply_to=[office.email] if office.email else None,
    )
    for filename, content_type, data in attachments or []:
        message.attach(filename, data, content_type)
    return message


def _require_email(client: Client) -> None:
    if not client.email:
        raise ValidationError(
            "事業者のメールアドレスが登録されていません。事業者の画面でメールアドレスを登録してから"
            "送信してください。"
        )


@transaction.atomic
def case_documents_email_request(*, case: RecoveryCase, actor) -> DocumentBatch:
    """Ask a worker to email the guide and the ID sheet to the case's client."""
    _require_email(case.client)
    batch = DocumentBatch.objects.create(
        kind=Kind.CASE_EMAIL,
        object_ids=[case.pk],
        total=2,
        created_by=actor,
        heartbeat_at=timezone.now(),
    )
    _link_clients(batch, [case.client_id])
    _enqueue(batch)
    return batch


def case_documents_email_run(*, batch_id: int) -> None:
    """Render and email a case's documents in Japanese/Asia/Tokyo; record it on the timeline.

    No transaction or lock is held while rendering or talking to the mail server.
    """
    with translation.override("ja"), timezone.override(TOKYO):
        batch = _claim(batch_id)
        if batch is None:
            return
        try:
            case = (
                RecoveryCase.objects.select_related("client")
                .filter(pk=batch_case_id(batch))
                .first()
            )
            if case is None:
                raise DocumentJobError("案件が削除されたため、メールを送信できませんでした。")
            if not case.client.email:
                raise DocumentJobError(
                    "事業者のメールアドレスが登録されていないため、送信できませんでした。"
                    "事業者の画面でメールアドレスを登録してから、もう一度実行してください。"
                )
            message = case_email_message(case, case_email_attachments(case))
            _progress(batch, 1)
            message.send()
        except _JobLost:
            return
        except DocumentJobError as error:
            _fail(batch, error, "")
            logger.warning("document email %s failed: %s", batch.pk, error)
            return
        except Exception as error:
            _fail(batch, error, "メールを送信できませんでした")
            raise
        _email_sent(batch, case)


@transaction.atomic
def _email_sent(batch: DocumentBatch, case: RecoveryCase) -> None:
    now = timezone.now()
    # The mail is out: record it even if the sweeper gave the job up meanwhile. Nothing is
    # updated when the job was erased with its client (its case is gone too).
    updated = (
        DocumentBatch.objects.filter(pk=batch.pk)
        .exclude(status=State.DONE)
        .update(
            done=batch.total,
            status=State.DONE,
            error="",
            finished_at=now,
            heartbeat_at=now,
        )
    )
    if updated:
        timeline_record(
            case_id=case.pk,
            at=now,
            actor=batch.created_by,
            kind=CaseEvent.Kind.DOCUMENT,
            message=(
                f"{case_email_title(case)}とID管理シートを {case.client.email} 宛に"
                "メールで送信しました。"
            ),
        )


# --- ZIP batches ---------------------------------------------------------------------------


@transaction.atomic
def document_batch_create(*, kind: str, ids: Iterable[int], actor) -> DocumentBatch:
    """Create a ZIP batch of consultation forms (client ids) or guides (case ids)."""
    ids = sorted({int(i) for i in ids})
    if kind not in (Kind.CONSULTATION_FORMS, Kind.GUIDES):
        raise ValidationError("書類の種類を選んでください。")
    if not ids:
        raise ValidationError("対象を1件以上選んでください。")
    if len(ids) > MAX_BATCH:
        raise ValidationError(
            f"一度に作成できるのは{MAX_BATCH}件までです。選択を減らしてください。"
        )
    batch = DocumentBatch.objects.create(
        kind=kind, object_ids=ids, total=len(ids), created_by=actor, heartbeat_at=timezone.now()
    )
    if kind == Kind.CONSULTATION_FORMS:
        client_ids = Client.objects.filter(pk__in=ids).values_list("pk", flat=True)
    else:
        client_ids = RecoveryCase.objects.filter(pk__in=ids).values_list("client_id", flat=True)
    _link_clients(batch, client_ids)
    _enqueue(batch)
    return batch


def _safe_name(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name).strip("_")[:40] or "noname"


def document_batch_run(*, batch_id: int) -> None:
    """Build the batch's ZIP, touching its progress after each document. Idempotent."""
    with translation.override("ja"), timezone.override(TOKYO):
        batch = _claim(batch_id)
        if batch is None:
            return
        try:
            data = _build_zip(batch)
        except _JobLost:
            return
        except Exception as error:
            _fail(batch, error, "ZIPを作成できませんでした")
            raise
        now = timezone.now()
        stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M")
        # Only while still ours: a job swept as failed or erased meanwhile keeps no file.
        DocumentBatch.objects.filter(pk=batch.pk, status=State.RUNNING).update(
            file=data,
            filename=f"{batch.kind}-{stamp}.zip",
            status=State.DONE,
            done=batch.total,
            finished_at=now,
            heartbeat_at=now,
        )


def _build_zip(batch: DocumentBatch) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for n, obj in enumerate(_batch_objects(batch), start=1):
            if batch.kind == Kind.CONSULTATION_FORMS:
                _, _, data = render_consultation_form(obj)
                name = f"{obj.pk:05d}_{_safe_name(obj.name)}_FAX相談シート.pdf"
            else:
                _, _, data = render_guide(obj)
                name = f"{obj.pk:05d}_{_safe_name(obj.client.name)}_{guide_title(obj)}.pdf"
            archive.writestr(name, data)
            _progress(batch, n)
    return buffer.getvalue()


def _batch_objects(batch: DocumentBatch):
    if batch.kind == Kind.CONSULTATION_FORMS:
        objects = Client.objects.in_bulk(batch.object_ids)
    else:
        objects = RecoveryCase.objects.select_related("client").in_bulk(batch.object_ids)
    # Objects deleted since the request are skipped; the rest keep the requested order.
    return [objects[pk] for pk in batch.object_ids if pk in objects]


# --- retry, sweeper, erasure -------------------------------------------------------------


@transaction.atomic
def document_batch_retry(*, batch: DocumentBatch, actor) -> DocumentBatch:
    """Queue a failed job again (same targets); refused for any other state."""
    if batch.kind == Kind.CASE_EMAIL:
        case = RecoveryCase.objects.select_related("client").filter(pk=batch_case_id(batch)).first()
        if case is None:
            raise ValidationError("案件が削除されているため、やり直せません。")
        _require_email(case.client)
    retried = DocumentBatch.objects.filter(pk=batch.pk, status=State.FAILED).update(
        status=State.PENDING,
        done=0,
        error="",
        file=None,
        filename="",
        finished_at=None,
        heartbeat_at=timezone.now(),
    )
    if not retried:
        raise ValidationError("やり直せるのは失敗したジョブだけです。画面を更新してください。")
    batch.refresh_from_db()
    _enqueue(batch)
    return batch


def document_batches_sweep(*, now: datetime | None = None) -> int:
    """Mark jobs whose worker died (running, no heartbeat for 10 min) or that never started
    (pending for 30 min) as failed, with the reason in Japanese. Returns how many."""
    now = now or timezone.now()

    def stale(state: str, after: timedelta) -> Q:
        cutoff = now - after
        return Q(status=state) & (
            Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
        )

    jobs = DocumentBatch.objects
    # Each UPDATE re-checks its WHERE row by row, so a job that reports progress at the same
    # moment is not failed under its worker.
    swept = jobs.filter(stale(State.RUNNING, STALE_RUNNING_AFTER), kind=Kind.CASE_EMAIL).update(
        status=State.FAILED,
        error=f"{STALE_RUNNING_ERROR}{STALE_RUNNING_EMAIL_NOTE}",
        finished_at=now,
    )
    swept += jobs.filter(stale(State.RUNNING, STALE_RUNNING_AFTER)).update(
        status=State.FAILED,
        error=STALE_RUNNING_ERROR,
        finished_at=now,
    )
    swept += jobs.filter(stale(State.PENDING, STALE_PENDING_AFTER)).update(
        status=State.FAILED,
        error=STALE_PENDING_ERROR,
        finished_at=now,
    )
    if swept:
        logger.warning("document jobs: %d stale job(s) marked failed", swept)
    return swept


def client_document_batches_erase(client: Client) -> dict[str, int]:
    """Delete every document job holding ``client``'s data (ZIPs of several clients too).

    Registered with ``clients.erasure`` (see ``DocumentsConfig.ready``): the clients app runs
    it when it erases a client, without importing this app.
    """
    batch_ids = DocumentBatchClient.objects.filter(client_id=client.pk).values("batch_id")
    # ``only("pk")``: the collector loads the rows it deletes; never the stored ZIPs.
    _, per_model = DocumentBatch.objects.filter(pk__in=batch_ids).only("pk").delete()
    deleted = per_model.get(DocumentBatch._meta.label, 0)
    if not deleted:
        return {}
    with translation.override("ja"):
        return {str(DocumentBatch._meta.verbose_name): deleted}
