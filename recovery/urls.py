from django.urls import include, path

from . import renewal_views, views
from .desk import views as desk_views

urlpatterns = [
    path("search/", desk_views.search, name="search"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("cases/<int:pk>/dates/", views.case_dates, name="case_dates"),
    path("cases/<int:pk>/situation/", views.case_situation, name="case_situation"),
    path("cases/<int:pk>/inquiry.txt", views.inquiry_text, name="case_inquiry_text"),
    path("cases/<int:pk>/sent/", views.case_mark_sent, name="case_mark_sent"),
    path("cases/<int:pk>/receipt/", views.case_record_receipt, name="case_record_receipt"),
    path("cases/<int:pk>/reply/", views.case_record_reply, name="case_record_reply"),
    path("cases/<int:pk>/login/start/", views.case_start_login_work, name="case_start_login_work"),
    path(
        "cases/<int:pk>/login/<str:step>/",
        views.case_check_login_step,
        name="case_check_login_step",
    ),
    path("cases/<int:pk>/note/", views.case_add_note, name="case_add_note"),
    path("cases/<int:pk>/resume/", views.case_resume, name="case_resume"),
    path("cases/<int:pk>/<str:action>/", views.case_confirm_action, name="case_confirm_action"),
    path("renewals/", renewal_views.renewal_list, name="renewal_list"),
    path("renewals/open/<int:client_pk>/", renewal_views.renewal_open, name="renewal_open"),
    path("renewals/<int:pk>/", renewal_views.renewal_detail, name="renewal_detail"),
    path("renewals/<int:pk>/<str:action>/", renewal_views.renewal_action, name="renewal_action"),
    path("closed-days/", views.closed_day_list, name="closed_day_list"),
    path("closed-days/<int:pk>/delete/", views.closed_day_delete, name="closed_day_delete"),
    path("", include("recovery.reminders.urls")),
]
