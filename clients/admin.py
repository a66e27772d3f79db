from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Client


@admin.register(Client)
class ClientAdmin(SimpleHistoryAdmin):
    list_display = ("name", "name_kana", "business_id", "phone")
    search_fields = ("name", "name_kana", "business_id")
