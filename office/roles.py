"""Roles: every logged-in user is staff; office admins also manage the office itself.

An office admin is a superuser or a member of the ``office_admin`` group.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied

OFFICE_ADMIN_GROUP = "office_admin"


def is_office_admin(user: AbstractBaseUser | AnonymousUser) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=OFFICE_ADMIN_GROUP).exists()


def office_admin_required(view: Callable) -> Callable:
    """Allow only office admins; others get 403 (anonymous users are sent to login first)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_office_admin(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    # A marker that the URL-walking security test reads: it proves staff get 403 here.
    wrapper.office_admin_only = True
    return wrapper
