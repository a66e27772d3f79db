from django.contrib import admin

from .models import AuditEvent, Heartbeat, OfficeProfile

admin.site.register(OfficeProfile)
admin.site.register(Heartbeat)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_username", "action", "target")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
