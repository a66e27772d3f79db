"""Writes of the office's own data."""

from django.db import transaction
from django.utils import timezone, translation

from .models import AuditEvent, Heartbeat, OfficeProfile, RenewalFeeBand
from .secrets import mask_secrets


def heartbeat_touch(*, name: str) -> None:
    """Record that the periodic job ``name`` ran now."""
    Heartbeat.objects.update_or_create(name=name, defaults={"at": timezone.now()})


def audit_record(
    *, actor, action: str, target: str = "", details: dict | None = None
) -> AuditEvent:
    """Record a security-relevant change (who, when, what) for the admins' audit page.

    ``details`` is JSON, which the pre_save net does not look into: its texts are masked here
    (a CCUS password typed into an office setting must not survive in the old → new record).
    """
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if authenticated else None,
        actor_username=actor.get_username() if authenticated else "",
        action=action,
        target=mask_secrets(str(target))[:200],
        details=_masked(details or {}),
    )


def _masked(value):
    if isinstance(value, str):
        return mask_secrets(value)
    if isinstance(value, dict):
        return {_masked(k): _masked(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_masked(v) for v in value]
    return value


def user_target(user) -> str:
    return f"auth.User#{user.pk} {user.get_username()}"


def _jsonable(value) -> object:
    return value if isinstance(value, str | int | float | bool | type(None)) else str(value)


@transaction.atomic
def office_profile_update(*, data: dict, actor=None) -> OfficeProfile:
    office, created = OfficeProfile.objects.get_or_create(pk=1, defaults={"name": data["name"]})
    changes = {}
    for field, value in data.items():
        old = None if created else getattr(office, field)
        if old != value:
            # Stored as a record: labelled in the source language, whoever made the change.
            with translation.override("ja"):
                label = str(OfficeProfile._meta.get_field(field).verbose_name)
            changes[label] = [_jsonable(old), _jsonable(value)]
        setattr(office, field, value)
    office.full_clean()
    office.save()
    if changes:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.OFFICE_SETTINGS,
            target="office.OfficeProfile#1",
            details={"changes": changes},
        )
    return office


def access_log_record(*, request, action: str, target: object) -> None:
    """Record that the requesting user touched ``target``'s personal data (APPI traceability).

    ``target`` is a model instance (stored as ``app.Model#pk``, see
    ``selectors.access_log_targets``) or a short label string.
    """
    from .models import AccessLog
    from .security import client_ip

    if hasattr(target, "_meta") and hasattr(target, "pk"):
        label = f"{target._meta.label}#{target.pk}"
    else:
        label = str(target)[:100]
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    AccessLog.objects.create(
        user=user if authenticated else None,
        username=user.get_username() if authenticated else "",
        action=action,
        target=label,
        path=request.get_full_path()[:300],
        ip=client_ip(request) or None,
    )


def access_log_record_many(*, request, action: str, targets) -> None:
    """``access_log_record`` for every object of a list page, in one query."""
    from .models import AccessLog
    from .security import client_ip

    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    common = {
        "user": user if authenticated else None,
        "username": user.get_username() if authenticated else "",
        "action": action,
        "path": request.get_full_path()[:300],
        "ip": client_ip(request) or None,
    }
    AccessLog.objects.bulk_create(
        AccessLog(target=f"{target._meta.label}#{target.pk}", **common) for target in targets
    )


def access_log_prune(*, older_than_days: int | None = None) -> int:
    """Delete access-log rows older than the retention period; return how many went."""
    from datetime import timedelta

    from django.conf import settings

    from .models import AccessLog

    days = settings.ACCESS_LOG_RETENTION_DAYS if older_than_days is None else older_than_days
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = AccessLog.objects.filter(at__lt=cutoff).delete()
    return deleted


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    last_name: str = "",
    first_name: str = "",
    email: str = "",
    office_admin: bool = False,
    actor=None,
):
    """Create a staff login; ``office_admin`` also lets it manage the office."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username=username,
        password=password,
        last_name=last_name,
        first_name=first_name,
        email=email,
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.USER_CREATE,
        target=user_target(user),
        details={"事務所管理者": "はい" if office_admin else "いいえ"},
    )
    if office_admin:
        user_set_office_admin(user=user, office_admin=True, actor=actor)
    return user


@transaction.atomic
def user_set_office_admin(*, user, office_admin: bool, actor=None) -> None:
    from django.contrib.auth.models import Group

    from .roles import OFFICE_ADMIN_GROUP

    group, _ = Group.objects.get_or_create(name=OFFICE_ADMIN_GROUP)
    if office_admin:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    action = AuditEvent.Action.ROLE_GRANT if office_admin else AuditEvent.Action.ROLE_REVOKE
    audit_record(actor=actor, action=action, target=user_target(user))


class SuperuserProtectedError(PermissionError):
    """Only a superuser may deactivate a superuser."""


@transaction.atomic
def user_set_active(*, user, active: bool, actor=None) -> None:
    """Deactivate (or reactivate) a login; a deactivated user's sessions end at once.

    An office admin cannot lock out a superuser (the one account that can repair roles):
    ``SuperuserProtectedError`` unless ``actor`` is a superuser too.
    """
    from django.contrib.sessions.models import Session

    if user.is_superuser and not (actor is not None and actor.is_superuser):
        raise SuperuserProtectedError(user.get_username())
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        # Sessions are signed blobs; decode each to find this user's (a small office has few).
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
            if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
                session.delete()
    action = AuditEvent.Action.USER_REACTIVATE if active else AuditEvent.Action.USER_DEACTIVATE
    audit_record(actor=actor, action=action, target=user_target(user))


def _protect_superuser(user, actor) -> None:
    if user.is_superuser and not (actor is not None and actor.is_superuser):
        raise SuperuserProtectedError(user.get_username())


class NoEmailError(ValueError):
    """The user has no email address to send a reset link to."""


@transaction.atomic
def user_update(*, user, last_name: str, first_name: str, email: str, actor=None) -> None:
    """Change a login's 姓, 名 and email; the audit log keeps old → new of what changed.

    Only a superuser may change a superuser (its email decides where its reset link goes):
    ``SuperuserProtectedError`` otherwise.
    """
    _protect_superuser(user, actor)
    labels = {"last_name": "姓", "first_name": "名", "email": "メールアドレス"}
    new = {"last_name": last_name, "first_name": first_name, "email": email}
    old = {field: getattr(user, field) for field in new}
    changes = {labels[f]: [old[f], value] for f, value in new.items() if old[f] != value}
    if not changes:
        return
    for field, value in new.items():
        setattr(user, field, value)
    user.save(update_fields=list(new))
    audit_record(
        actor=actor,
        action=AuditEvent.Action.USER_UPDATE,
        target=user_target(user),
        details={"changes": changes},
    )


@transaction.atomic
def user_send_password_reset(*, user, actor=None, fallback_url: str = "") -> None:
    """Mail ``user`` a link to set a new password (the office admin's button).

    The mail goes after the audit row commits; ``NoEmailError`` when the user has no address.
    """
    from .reset_mail import send_reset_mail

    _protect_superuser(user, actor)
    if not user.email:
        raise NoEmailError(user.get_username())
    audit_record(
        actor=actor,
        action=AuditEvent.Action.PASSWORD_RESET_SEND,
        target=user_target(user),
        details={"送信したアドレス": user.email},
    )
    transaction.on_commit(lambda: send_reset_mail(user, fallback_url=fallback_url))


@transaction.atomic
def user_lift_lockout(*, user, actor=None) -> int:
    """Forget the failed logins of ``user``'s login name (django-axes), so that the lock ends
    now; return how many attempt rows went. Locks of an address stay."""
    from axes.models import AccessAttempt

    deleted, _ = AccessAttempt.objects.filter(username=user.get_username()).delete()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.LOCKOUT_LIFT,
        target=user_target(user),
        details={"消した失敗記録": deleted},
    )
    return deleted


def _fee_row(band) -> list:
    return [band.sole_proprietor, band.capital_from, band.fee, _jsonable(band.published_on)]


@transaction.atomic
def renewal_fee_table_save(*, rows: list[dict], actor=None) -> list[RenewalFeeBand]:
    """Replace CCUS's renewal fee table with ``rows`` (checked by ``RenewalFeeFormSet``)."""
    old = [_fee_row(b) for b in RenewalFeeBand.objects.all()]
    RenewalFeeBand.objects.all().delete()
    bands = RenewalFeeBand.objects.bulk_create(
        RenewalFeeBand(
            sole_proprietor=row["sole_proprietor"],
            capital_from=0 if row["sole_proprietor"] else row["capital_from"],
            fee=row["fee"],
            published_on=row.get("published_on"),
            source=row.get("source", ""),
        )
        for row in rows
    )
    new = [_fee_row(b) for b in RenewalFeeBand.objects.all()]
    if old != new:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.OFFICE_SETTINGS,
            target="office.RenewalFeeBand",
            details={"changes": {"更新料表": [old, new]}},
        )
    return bands
