"""Client views. Placeholders until the client work lands; URL names are fixed."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Client


def client_list(request: HttpRequest) -> HttpResponse:
    return render(request, "clients/client_list.html", {"clients": Client.objects.all()[:50]})


def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(Client, pk=pk)
    return render(request, "clients/client_detail.html", {"client": client})
