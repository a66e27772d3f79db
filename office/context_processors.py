from django.http import HttpRequest

from .roles import is_office_admin
from .selectors import get_office


def office(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {
        "office": get_office(),
        "is_office_admin": bool(user and user.is_authenticated and is_office_admin(user)),
    }
