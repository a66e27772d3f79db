"""URL routes. Each app owns its own urls module."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from office.password_reset import ThrottledPasswordResetView
from recovery.desk.views import home

handler400 = "office.error_views.bad_request"

urlpatterns = [
    # The home page is the staff dashboard of reminders (recovery), not an office page.
    path("", home, name="home"),
    path("", include("office.urls")),
    path("clients/", include("clients.urls")),
    path("", include("recovery.urls")),
    path("", include("documents.urls")),
    path("inbox/", include("inbox.urls")),
    path("billing/", include("billing.urls")),
    # Before Django's own: the same name and URL, throttled (it is a public form sending mail).
    path("accounts/password_reset/", ThrottledPasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
