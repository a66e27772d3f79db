from django.urls import path

from . import views

urlpatterns = [
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
]

from . import reminder_views  # noqa: E402

urlpatterns += [
    path("reminders/<int:pk>/done/", reminder_views.reminder_done, name="reminder_done"),
    path("reminders/<int:pk>/snooze/", reminder_views.reminder_snooze_view, name="reminder_snooze"),
    path("reminders/<int:pk>/reassign/", reminder_views.reminder_reassign_view,
         name="reminder_reassign"),
    path("reminders/calendar/", reminder_views.reminder_calendar, name="reminder_calendar"),
    path("calendar/<str:token>.ics", reminder_views.reminder_calendar_feed,
         name="reminder_calendar_feed"),
]
