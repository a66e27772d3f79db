from django.urls import path

from . import views

urlpatterns = [
    path("", views.desk, name="billing_desk"),
    path("settings/", views.billing_settings_view, name="billing_settings"),
    path("settings/fees/new/", views.fee_item_edit, name="billing_fee_new"),
    path("settings/fees/<int:pk>/", views.fee_item_edit, name="billing_fee_edit"),
    path("fee-table.pdf", views.fee_table_pdf, name="billing_fee_table_pdf"),
    path("cases/<int:case_id>/", views.case_billing, name="billing_case"),
    path("cases/<int:case_id>/edit/", views.engagement_edit, name="billing_engagement_edit"),
    path("cases/<int:case_id>/lines/", views.line_add, name="billing_line_add"),
    path(
        "cases/<int:case_id>/lines/<int:pk>/delete/", views.line_remove, name="billing_line_remove"
    ),
    path("cases/<int:case_id>/issue/<str:kind>/", views.document_issue, name="billing_issue"),
    path("documents/", views.document_list, name="billing_documents"),
    path("documents/<int:pk>.pdf", views.document_pdf, name="billing_document_pdf"),
    path("invoices/<int:pk>/", views.invoice_detail, name="billing_invoice"),
    path("invoices/<int:pk>/correct/", views.invoice_correct, name="billing_invoice_correct"),
    path("payments/<int:pk>/receipt/", views.receipt_issue, name="billing_receipt"),
    path("payments/<int:pk>/cancel/", views.payment_cancel, name="billing_payment_cancel"),
    path("case-book/", views.case_book_view, name="billing_case_book"),
    path("case-book.csv", views.case_book_csv, name="billing_case_book_csv"),
    path("case-book.pdf", views.case_book_pdf, name="billing_case_book_pdf"),
    path("accounting/", views.accounting_export, name="billing_accounting"),
]
