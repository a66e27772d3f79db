from django.urls import path

from . import views

urlpatterns = [
    path("", views.unassigned_list, name="inbox_unassigned"),
    path("<int:pk>/assign/", views.mail_assign, name="inbox_mail_assign"),
    path("<int:pk>/dismiss/", views.mail_dismiss, name="inbox_mail_dismiss"),
]
