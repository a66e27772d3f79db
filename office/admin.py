from django.contrib import admin

from .models import Heartbeat, OfficeProfile

admin.site.register(OfficeProfile)
admin.site.register(Heartbeat)
