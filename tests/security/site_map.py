"""What the security tests walk: every URL pattern, one object of every model, every form.

Nothing here names a page: new URLs, models and forms are covered as soon as they land.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, time
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from django.apps import apps
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[2]
# Every `<int:pk>` (or `<id>`, `<token>`, …) in a URL is filled with this, and one object of
# every model of the project is created with this primary key.
OBJECT_PK = 7

# Pages that anonymous visitors may open. Keep this short: each entry is a door without a lock.
PUBLIC_URL_NAMES = {
    "login",
    "healthz",
    "set_language",
    # A redirect to the static SVG icon.
    "favicon",
    "admin:login",
    # Django's password reset by email (a link to the user's own address, then a new password).
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
# A calendar feed is opened by a calendar program with a secret token in its URL.
PUBLIC_URL_NAME_PATTERN = re.compile(r"(^|[_:])(ical|ics|calendar_feed|feed)([_:]|$)")
MAX_PUBLIC_URLS = 12


@dataclass
class Route:
    url: str
    name: str | None
    callback: object
    route: str

    @property
    def public(self) -> bool:
        return getattr(self.callback, "login_required", True) is False

    @property
    def office_admin_only(self) -> bool:
        return bool(getattr(self.callback, "office_admin_only", False))

    @property
    def django_admin(self) -> bool:
        return self.route.startswith("admin/")


def _value(name: str, converter: str) -> str:
    if converter == "uuid":
        return str(uuid.UUID(int=OBJECT_PK))
    return str(OBJECT_PK)


def _fill(route: str) -> str:
    route = route.replace("^", "").replace("$", "")
    route = re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: _value(m.group(2), m.group(1) or "str"), route)
    # Regex groups (re_path): one path segment each.
    route = re.sub(r"\(\?P<\w+>[^)]*\)|\([^)]*\)", str(OBJECT_PK), route)
    return "/" + route.replace("\\", "")


def routes() -> list[Route]:
    found: list[Route] = []

    def walk(patterns, prefix: str, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                name = pattern.name
                if name and namespace:
                    name = f"{namespace}:{name}"
                found.append(Route(_fill(route), name, pattern.callback, route))

    walk(get_resolver().url_patterns, "", None)
    return found


def is_public_by_name(name: str | None) -> bool:
    return bool(name) and (name in PUBLIC_URL_NAMES or bool(PUBLIC_URL_NAME_PATTERN.search(name)))


# --- one object of every model ---------------------------------------------------------------


def project_models() -> list[type[models.Model]]:
    result = []
    for config in apps.get_app_configs():
        if ".venv" in config.path or not config.path.startswith(str(ROOT)):
            continue
        for model in config.get_models():
            if model._meta.proxy or model.__name__.startswith("Historical"):
                continue
            result.append(model)
    return result


def _field_value(model, field, users):
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.ForeignKey | models.OneToOneField):
        target = field.related_model
        if target is users.model:
            return users.get(pk=OBJECT_PK)
        return ensure_object(target, users)
    if isinstance(field, models.EmailField):
        return "info@kensetsu.example.jp"
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if isinstance(field, models.CharField | models.TextField):
        return "テスト" if not field.max_length or field.max_length >= 3 else "t"
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.DecimalField):
        return Decimal("1")
    if isinstance(field, models.IntegerField | models.FloatField):
        return 1
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return date(2026, 12, 25)
    if isinstance(field, models.TimeField):
        return time(9, 0)
    if isinstance(field, models.JSONField):
        return {}
    return None


# Realistic values where a model's own rules want them (invented demo data).
KNOWN_VALUES = {
    "clients.client": {
        "name": "株式会社能登建設",
        "name_kana": "ノトケンセツ",
        "business_id": "12345678901234",
        "postal_code": "926-0021",
        "address": "石川県七尾市本府中町ヲ1番地",
        "phone": "0767-52-1234",
        "email": "info@noto-kensetsu.example.jp",
    },
}


def ensure_object(model, users):
    existing = model._default_manager.filter(pk=OBJECT_PK).first()
    if existing:
        return existing
    values = dict(KNOWN_VALUES.get(model._meta.label_lower, {}))
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in values:
            continue
        if (
            field.has_default()
            or field.null
            or getattr(field, "auto_now", False)
            or getattr(field, "auto_now_add", False)
        ):
            continue
        if field.blank and not isinstance(field, models.ForeignKey):
            continue
        value = _field_value(model, field, users)
        if value is not None:
            values[field.name] = value
    return model._default_manager.create(pk=OBJECT_PK, **values)


def create_world(django_user_model) -> dict[str, object]:
    """A user and one object of every project model, all with primary key OBJECT_PK."""
    users = django_user_model.objects
    if not users.filter(pk=OBJECT_PK).exists():
        users.create_user(
            pk=OBJECT_PK,
            username="kimura",
            password="pw-other-7",
            last_name="木村",
            email="kimura@office.example.jp",
        )
    made = {}
    for model in project_models():
        try:
            made[model._meta.label] = ensure_object(model, users)
        except Exception as error:  # a model with rules this generic maker cannot guess
            made[model._meta.label] = error
    _reset_sequences([django_user_model, *project_models()])
    return made


def _reset_sequences(model_list) -> None:
    """Rows made with an explicit pk leave PostgreSQL's sequences behind: move them on."""
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


# --- forms on pages --------------------------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, email, password, hidden, checkbox, radio, select, file, date, …
    value: str = ""
    options: list[str] = dataclass_field(default_factory=list)
    checked: bool = False
    maxlength: int | None = None


@dataclass
class Form:
    page: str
    action: str
    method: str
    enctype: str
    fields: list[Field]

    @property
    def text_fields(self) -> list[Field]:
        return [f for f in self.fields if f.kind in TEXT_KINDS]

    def label(self) -> str:
        return f"{self.method.upper()} {self.action} (form on {self.page})"


TEXT_KINDS = {"text", "textarea", "search", "url", "tel", "email", "password", "number"}


class _FormParser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            action = a.get("action") or self.page
            self._form = Form(
                self.page,
                urlsplit(action).path or self.page,
                a.get("method", "get").lower(),
                a.get("enctype", ""),
                [],
            )
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "reset", "image"):
                return
            maxlength = int(a["maxlength"]) if a.get("maxlength", "").isdigit() else None
            self._form.fields.append(
                Field(
                    a["name"], kind, a.get("value", ""), checked="checked" in a, maxlength=maxlength
                )
            )
        elif tag == "textarea" and a.get("name"):
            maxlength = int(a["maxlength"]) if a.get("maxlength", "").isdigit() else None
            self._textarea = Field(a["name"], "textarea", maxlength=maxlength)
            self._form.fields.append(self._textarea)
        elif tag == "select" and a.get("name"):
            self._select = Field(a["name"], "select")
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
            if "selected" in a:
                self._select.value = a.get("value", "")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_in(page: str, html: str) -> list[Form]:
    parser = _FormParser(page)
    parser.feed(html)
    return parser.forms


def get_pages(client, include_public: bool = False) -> dict[str, str]:
    """HTML of every page that answers a GET with 200 (as the client's user)."""
    pages = {}
    for route in routes():
        if route.django_admin or (route.public and not include_public):
            continue
        response = client.get(route.url)
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            pages[route.url] = response.content.decode()
    return pages


def discover_forms(client) -> list[Form]:
    seen, result = set(), []
    for page, html in get_pages(client).items():
        for form in forms_in(page, html):
            key = (form.action, form.method, tuple(sorted(f.name for f in form.fields)))
            if key in seen or form.action.startswith("/accounts/logout"):
                continue
            seen.add(key)
            result.append(form)
    return result


# Values that make the structured fields valid, so that the free-text ones are really stored.
def plausible(field_: Field) -> str:
    name = field_.name.lower()
    if field_.kind == "select":
        options = [o for o in field_.options if o]
        return field_.value or (options[0] if options else "")
    if field_.kind in ("checkbox", "radio"):
        return field_.value or "on"
    if field_.kind == "email" or "email" in name or "mail_address" in name:
        return "info@noto-kensetsu.example.jp"
    if field_.kind == "date" or name.endswith(("date", "_on", "date_from", "date_to")):
        return "2026-12-25"
    if field_.kind == "time" or name.endswith("time"):
        return "09:00"
    if field_.kind == "datetime-local" or name.endswith("_at"):
        return "2026-12-25T10:00"
    if field_.kind == "number":
        return "1"
    if "postal" in name or "zip" in name:
        return "926-0021"
    if any(k in name for k in ("phone", "tel", "fax")):
        return "0767-52-1234"
    if "business_id" in name:
        return "12345678901299"
    if field_.kind == "hidden":
        return field_.value
    return ""


def form_data(form: Form, text: str | None = None) -> dict[str, object]:
    """Fill ``form``: every free-text field gets ``text`` and the rest plausible values."""
    data: dict[str, object] = {}
    for f in form.fields:
        if f.name == "csrfmiddlewaretoken" or f.kind == "file":
            continue
        if f.kind in ("checkbox", "radio") and not f.checked:
            continue
        if text is not None and f.kind in ("text", "textarea", "search") and not plausible(f):
            data[f.name] = text
        elif f.kind in ("text", "textarea", "search") and not plausible(f):
            data[f.name] = f.value
        else:
            data[f.name] = plausible(f) if f.kind != "hidden" else f.value
    return data


def submit(client, form: Form, data: dict):
    if form.method == "post":
        return client.post(form.action, data)
    return client.get(form.action, data)


def snapshot(exclude_apps=("sessions", "axes", "admin")) -> dict[str, list[tuple]]:
    """Every row of every table of the project's own models (for "nothing changed")."""
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label in exclude_apps or model._meta.label == "office.AccessLog":
            continue
        rows[model._meta.label] = sorted(
            (tuple(map(str, r)) for r in model._default_manager.values_list()), key=str
        )
    return rows


def _text(value) -> str:
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("utf-8", errors="replace")
    return str(value)


def database_text() -> str:
    """Every value of every column of every table, as text."""
    from django.db import connection

    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            chunks.extend(f"{table}: " + " | ".join(map(_text, row)) for row in cursor.fetchall())
    return "\n".join(chunks)


def is_login_redirect(response) -> bool:
    if response.status_code != 302:
        return False
    location = response["Location"]
    return location.startswith(("/accounts/login/", "/admin/login/"))
