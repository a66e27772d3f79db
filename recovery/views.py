"""Recovery case views. Placeholders until the recovery work lands; URL names are fixed."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import RecoveryCase


def case_list(request: HttpRequest) -> HttpResponse:
    cases = RecoveryCase.objects.select_related("client")[:50]
    return render(request, "recovery/case_list.html", {"cases": cases})


def case_create(request: HttpRequest) -> HttpResponse:
    return render(request, "recovery/case_list.html", {"cases": []})


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(RecoveryCase.objects.select_related("client"), pk=pk)
    return render(request, "recovery/case_detail.html", {"case": case})
