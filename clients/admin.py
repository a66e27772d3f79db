from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Client, Consultation, ErasureRecord, RetainedCaseRecord
from .services import client_delete


@admin.register(Client)
class ClientAdmin(SimpleHistoryAdmin):
    list_display = ("name", "name_kana", "business_id", "phone")
    search_fields = ("name", "name_kana", "business_id")

    # Deleting here too keeps only the §9 事件簿 copy and leaves no history rows behind.
    def delete_model(self, request, obj):
        client_delete(client=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for client in queryset:
            client_delete(client=client, user=request.user)


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ("client", "received_on", "channel", "status")
    list_filter = ("status", "channel")
    raw_id_fields = ("client",)


@admin.register(ErasureRecord)
class ErasureRecordAdmin(admin.ModelAdmin):
    list_display = ("erased_at", "erased_by_username", "former_pk")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RetainedCaseRecord)
class RetainedCaseRecordAdmin(admin.ModelAdmin):
    list_display = ("case_name", "client_name", "opened_on", "closed_on", "keep_until")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
