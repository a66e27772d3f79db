"""Test settings: the production settings with fast, local stand-ins.

Only what makes tests fast or isolated differs: password hashing, mail, static files.
Databases and brokers still come from DATABASE_URL and REDIS_URL, so CI runs on PostgreSQL/Redis.
"""

import os
import tempfile

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("SECURE_SSL", "0")

from .settings import *  # noqa: F403
from .settings import DATABASES, STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Throttle counters per test process, not in a shared Redis or var/ (tests clear it).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
WHITENOISE_AUTOREFRESH = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that a real Celery worker started by a test sees the same data.
    DATABASES["default"]["TEST"] = {
        "NAME": os.path.join(tempfile.gettempdir(), f"ccus-test-{os.getpid()}.sqlite3")
    }
