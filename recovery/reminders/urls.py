from django.urls import path

from . import views

# Dashboard actions on a delivered reminder and the private calendar feed (the dashboard itself
# is the home page, ``recovery.desk.views.home``).
urlpatterns = [
    path("reminders/<int:pk>/done/", views.reminder_done, name="reminder_done"),
    path("reminders/<int:pk>/snooze/", views.reminder_snooze_view, name="reminder_snooze"),
    path("reminders/<int:pk>/reassign/", views.reminder_reassign_view, name="reminder_reassign"),
    path("reminders/calendar/", views.reminder_calendar, name="reminder_calendar"),
    path("calendar/<str:token>.ics", views.reminder_calendar_feed, name="reminder_calendar_feed"),
]
