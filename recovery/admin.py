from django.contrib import admin

from .models import CaseEvent, ClosedDay, RecoveryCase, Reminder


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    readonly_fields = ("at", "actor", "kind", "from_status", "to_status", "message")


@admin.register(RecoveryCase)
class RecoveryCaseAdmin(admin.ModelAdmin):
    list_display = ("pk", "client", "status", "assignee", "updated_at")
    list_filter = ("status",)
    raw_id_fields = ("client",)
    inlines = [CaseEventInline]


admin.site.register(Reminder)
admin.site.register(ClosedDay)
