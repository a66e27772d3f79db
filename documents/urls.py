from django.urls import path

from . import views

urlpatterns = [
    path("forms/consultation.pdf", views.consultation_form_blank_pdf, name="consultation_form_pdf"),
    path(
        "clients/<int:pk>/consultation.pdf",
        views.client_consultation_form_pdf,
        name="client_consultation_pdf",
    ),
    path("cases/<int:pk>/guide.pdf", views.case_guide_pdf, name="case_guide_pdf"),
    path("cases/<int:pk>/id-sheet.pdf", views.case_id_sheet_pdf, name="case_id_sheet_pdf"),
    path("renewals/<int:pk>/guide.pdf", views.renewal_guide_pdf, name="renewal_guide_pdf"),
    path(
        "renewals/<int:pk>/confirmation.pdf",
        views.renewal_confirmation_pdf,
        name="renewal_confirmation_pdf",
    ),
    path("cases/<int:pk>/documents/fax/", views.case_fax, name="case_fax"),
    path("clients/<int:pk>/documents/fax/", views.client_fax, name="client_fax"),
    path(
        "cases/<int:pk>/documents/email/", views.case_documents_email, name="case_documents_email"
    ),
    path("documents/batches/new/", views.document_batch_new, name="document_batch_new"),
    path(
        "documents/batches/renewal-notices/",
        views.renewal_notice_batch_new,
        name="renewal_notice_batch_new",
    ),
    path("documents/batches/<int:pk>/", views.document_batch_detail, name="document_batch_detail"),
    path(
        "documents/batches/<int:pk>/status.json",
        views.document_batch_status,
        name="document_batch_status",
    ),
    path(
        "documents/batches/<int:pk>/retry/", views.document_batch_retry, name="document_batch_retry"
    ),
    path(
        "documents/batches/<int:pk>/download.zip",
        views.document_batch_download,
        name="document_batch_download",
    ),
]
