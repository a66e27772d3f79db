from django.urls import path

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("office/settings/", views.office_settings, name="office_settings"),
]
