from django.urls import path

from . import views

urlpatterns = [
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("cases/<int:pk>/dates/", views.case_dates, name="case_dates"),
    path("cases/<int:pk>/inquiry.txt", views.inquiry_text, name="case_inquiry_text"),
    path("cases/<int:pk>/sent/", views.case_mark_sent, name="case_mark_sent"),
    path("cases/<int:pk>/receipt/", views.case_record_receipt, name="case_record_receipt"),
    path("cases/<int:pk>/reply/", views.case_record_reply, name="case_record_reply"),
    path("cases/<int:pk>/login/start/", views.case_start_login_work,
         name="case_start_login_work"),
    path("cases/<int:pk>/login/<str:step>/", views.case_check_login_step,
         name="case_check_login_step"),
    path("cases/<int:pk>/note/", views.case_add_note, name="case_add_note"),
    path("cases/<int:pk>/resume/", views.case_resume, name="case_resume"),
    path("cases/<int:pk>/<str:action>/", views.case_confirm_action, name="case_confirm_action"),
    path("closed-days/", views.closed_day_list, name="closed_day_list"),
    path("closed-days/<int:pk>/delete/", views.closed_day_delete, name="closed_day_delete"),
]

from . import document_views  # noqa: E402

urlpatterns += [
    path("cases/<int:pk>/guide.pdf", document_views.case_guide_pdf, name="case_guide_pdf"),
    path("cases/<int:pk>/id-sheet.pdf", document_views.case_id_sheet_pdf,
         name="case_id_sheet_pdf"),
    path("cases/<int:pk>/documents/email/", document_views.case_documents_email,
         name="case_documents_email"),
    path("documents/batches/new/", document_views.document_batch_new, name="document_batch_new"),
    path("documents/batches/<int:pk>/", document_views.document_batch_detail,
         name="document_batch_detail"),
    path("documents/batches/<int:pk>/status.json", document_views.document_batch_status,
         name="document_batch_status"),
    path("documents/batches/<int:pk>/download.zip", document_views.document_batch_download,
         name="document_batch_download"),
]
