"""Once: a creating form is handled once, however often it is submitted.

Each creating form carries a one-time token (``{% once_field %}``, a uuid issued with the form
and kept when the form is shown again with errors). The view, decorated with ``@once``, claims
the token in the same transaction as the object it creates and remembers where it redirected;
a second POST with the same token — a double click, "back" and submit again — is sent to that
first result instead of creating a second object. A POST whose form is shown again with errors
releases the token (its transaction is rolled back), so the corrected form can still be sent.

Concurrent duplicates are safe too: the token is unique, so the second request's claim waits for
the first to commit (PostgreSQL's row lock, SQLite's write lock) and then finds its result.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from functools import wraps

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import FormSubmission

FIELD_NAME = "once_token"
# A token is only needed while someone may still press the button again or go "back".
KEEP_FOR = timedelta(days=2)


def once_token(request: HttpRequest) -> str:
    """The token for a form being rendered: the one it was posted with, else a new one."""
    posted = _posted_token(request)
    return str(posted) if posted is not None else _new_token()


def _new_token() -> str:
    return uuid.uuid4().hex


class OnceFormMixin:
    """Put before ``forms.Form``: the form carries its one-time token as a hidden field (issued
    when an unbound form renders, kept from the POST when it is shown again with errors)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[FIELD_NAME] = forms.CharField(
            required=False, widget=forms.HiddenInput, initial=_new_token
        )

    def clean(self):
        data = super().clean()
        if data is None:
            data = self.cleaned_data
        data.pop(FIELD_NAME, None)  # not a value for the services
        return data


def _posted_token(request: HttpRequest) -> uuid.UUID | None:
    if request.method != "POST":
        return None
    try:
        return uuid.UUID(request.POST.get(FIELD_NAME, ""))
    except ValueError:
        return None


def _user(request: HttpRequest):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _earlier_result(request: HttpRequest, token: uuid.UUID) -> HttpResponse | None:
    done = FormSubmission.objects.filter(token=token, user=_user(request)).first()
    if done is None:
        return None
    messages.info(
        request, _("この内容は既に送信済みです。二重に登録しないよう、最初の結果を表示しています。")
    )
    return redirect(done.result_url)


class _NotDone(Exception):
    """The view answered without redirecting (a form with errors): roll its writes back."""

    def __init__(self, response: HttpResponse):
        self.response = response


def once(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Run a creating view at most once per form token; see the module's docstring."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        token = _posted_token(request)
        if token is None:
            return view(request, *args, **kwargs)
        earlier = _earlier_result(request, token)
        if earlier is not None:
            return earlier
        try:
            return _run_once(request, token, view, args, kwargs)
        except _NotDone as not_done:
            return not_done.response
        except _Claimed:
            return _earlier_result(request, token) or view(request, *args, **kwargs)

    return wrapper


class _Claimed(Exception):
    """Another request holds this token."""


@transaction.atomic
def _run_once(request, token, view, args, kwargs) -> HttpResponse:
    try:
        with transaction.atomic():
            claim = FormSubmission.objects.create(token=token, user=_user(request), result_url="")
    except IntegrityError as error:
        raise _Claimed from error
    response = view(request, *args, **kwargs)
    if not isinstance(response, HttpResponseRedirect):
        raise _NotDone(response)
    claim.result_url = response["Location"][:500]
    claim.save(update_fields=["result_url"])
    FormSubmission.objects.filter(created_at__lt=timezone.now() - KEEP_FOR).delete()
    return response
