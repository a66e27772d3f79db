from django.urls import path

from . import views

urlpatterns = [
    path("", views.client_list, name="client_list"),
    path("<int:pk>/", views.client_detail, name="client_detail"),
]

from . import document_views  # noqa: E402

urlpatterns += [
    path("<int:pk>/consultation.pdf", document_views.client_consultation_form_pdf,
         name="client_consultation_pdf"),
]
