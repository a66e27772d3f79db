"""URL routes. Each app owns its own urls module."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from clients.document_views import consultation_form_blank_pdf
from recovery.dashboard import home

urlpatterns = [
    # The home page is the staff dashboard of reminders (recovery), not an office page.
    path("", home, name="home"),
    path("", include("office.urls")),
    path("clients/", include("clients.urls")),
    path("", include("recovery.urls")),
    path("inbox/", include("inbox.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("forms/consultation.pdf", consultation_form_blank_pdf, name="consultation_form_pdf"),
]
