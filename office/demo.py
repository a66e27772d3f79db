"""Demo data for the office: an invented office and two demo logins. Idempotent."""

from datetime import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from .models import OfficeProfile
from .roles import OFFICE_ADMIN_GROUP

DEMO_STAFF = ("staff", "demo-staff-2026")
DEMO_ADMIN = ("admin", "demo-admin-2026")


def seed() -> list[str]:
    OfficeProfile.objects.get_or_create(
        pk=1,
        defaults={
            "name": "行政書士さくら事務所",
            "postal_code": "926-0021",
            "address": "石川県七尾市本府中町ヲ1番地 さくらビル2階",
            "tel": "0767-52-0001",
            "fax": "0767-52-0002",
            "email": "info@sakura-gyosei.example.jp",
            "opening_time": time(9, 0),
        },
    )
    admins, _ = Group.objects.get_or_create(name=OFFICE_ADMIN_GROUP)
    user_model = get_user_model()
    lines = []
    for (username, password), last, first, admin in (
        (DEMO_STAFF, "山田", "花子", False),
        (DEMO_ADMIN, "佐藤", "一郎", True),
    ):
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={
                "last_name": last,
                "first_name": first,
                "email": f"{username}@sakura-gyosei.example.jp",
            },
        )
        if created:
            user.set_password(password)
            user.save()
        if admin:
            user.groups.add(admins)
        lines.append(f"{'事務所管理者' if admin else 'スタッフ'}: {username} / {password}")
    return lines
