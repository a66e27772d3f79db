from django.urls import path

from . import views

urlpatterns = [
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
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
