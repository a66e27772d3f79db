from django.urls import path

from . import views

urlpatterns = [
    path("", views.client_list, name="client_list"),
    path("new/", views.client_create_view, name="client_create"),
    path("<int:pk>/", views.client_detail, name="client_detail"),
    path("<int:pk>/edit/", views.client_update_view, name="client_update"),
    path("<int:pk>/delete/", views.client_delete_view, name="client_delete"),
    path(
        "<int:pk>/personal-data/",
        views.client_personal_data_export,
        name="client_personal_data_export",
    ),
    path("<int:pk>/erase/", views.client_erase_view, name="client_erase"),
    path("<int:pk>/consultations/new/", views.consultation_create_view, name="consultation_create"),
    path(
        "consultations/<int:pk>/edit/", views.consultation_update_view, name="consultation_update"
    ),
    path(
        "consultations/<int:pk>/advance/",
        views.consultation_advance_view,
        name="consultation_advance",
    ),
    path("postal/<str:code>", views.postal_lookup, name="client_postal_lookup"),
    path("import/", views.client_import, name="client_import"),
    path("import/<str:token>/", views.client_import_preview, name="client_import_preview"),
    path("export/", views.client_export, name="client_export"),
]
