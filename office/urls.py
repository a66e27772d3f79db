from django.urls import path

from . import user_views, views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("office/settings/", views.office_settings, name="office_settings"),
    path("office/renewal-fees/", views.renewal_fees, name="renewal_fees"),
    path("office/users/", user_views.user_list, name="user_list"),
    path("office/users/new/", user_views.user_create_view, name="user_create"),
    path("office/users/<int:pk>/edit/", user_views.user_edit, name="user_edit"),
    path("office/users/<int:pk>/reset/", user_views.user_send_reset, name="user_send_reset"),
    path("office/users/<int:pk>/unlock/", user_views.user_unlock, name="user_unlock"),
    path("office/users/<int:pk>/admin/", user_views.user_toggle_admin, name="user_toggle_admin"),
    path("office/users/<int:pk>/deactivate/", user_views.user_deactivate, name="user_deactivate"),
    path("office/access-log/", user_views.access_log, name="access_log"),
    path("office/audit-log/", user_views.audit_log, name="audit_log"),
]
