"""The Django admin shows cases, their timeline, reminders and closed days, and changes nothing.

Every write goes through ``recovery.services`` (which checks the transition, writes the timeline
through its one writer and re-plans the reminders in the same transaction); an admin form would
go round all three. Staff change cases on the case pages; closed days on 休業日.
"""

from django.contrib import admin

from .models import CaseEvent, ClosedDay, RecoveryCase, Reminder


class ReadOnlyMixin:
    """View permission only: no add, change or delete, also for a superuser."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class CaseEventInline(ReadOnlyMixin, admin.TabularInline):
    model = CaseEvent
    extra = 0
    fields = ("at", "actor", "kind", "from_status", "to_status", "message")


@admin.register(RecoveryCase)
class RecoveryCaseAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("pk", "client", "status", "assignee", "updated_at")
    list_filter = ("status",)
    inlines = [CaseEventInline]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("pk", "case", "kind", "state", "due_at")
    list_filter = ("kind", "state")
    list_select_related = ("case__client",)


@admin.register(ClosedDay)
class ClosedDayAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("date", "reason")
