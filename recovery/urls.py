from django.urls import path

from . import search, views

urlpatterns = [
    path("search/", search.search, name="search"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
]
