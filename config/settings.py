"""Settings for CCUS Desk.

The environment is read here and only here, through one ``environ.Env``. The same code path runs
in development, tests and production; the environment switches databases, brokers and mail. With
``DEBUG`` off the app refuses to start without a signing key (``SECRET_KEY``, or the file that
``SECRET_KEY_FILE`` names: ``make run`` generates one into var/), and ``manage.py check --deploy``
refuses what would make it mail links to nowhere (``office/checks.py``).

Settings are only read here: folders are created by what writes into them (``make``, the Celery
app, the backup command), not at import.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

env = environ.Env()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=False)


def _secret_key() -> str:
    key = env.str("SECRET_KEY", default="")
    key_file = env.str("SECRET_KEY_FILE", default="")
    if not key and key_file:
        try:
            key = Path(key_file).read_text().strip()
        except OSError as error:
            raise ImproperlyConfigured(
                f"SECRET_KEY_FILE {key_file} cannot be read: {error}"
            ) from error
        if not key:
            raise ImproperlyConfigured(f"SECRET_KEY_FILE {key_file} is empty.")
    if key:
        return key
    if DEBUG:
        return "insecure-development-key-never-use-in-production"
    raise ImproperlyConfigured(
        "SECRET_KEY must be set when DEBUG is off (or SECRET_KEY_FILE, the path of a file that "
        "holds it; set DEBUG=1 for local development)."
    )


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The address staff open, for links in emails and the calendar feed. Not derived from PORT: each
# process of the Procfile gets its own PORT, and a worker's is not the web server's. `make run`
# sets it from its PORT; production must set it (`check --deploy` refuses it unset).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "office",
    "clients",
    "recovery",
    "documents",
    "inbox",
    "billing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "office.middleware.SessionRenewalMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a logged-in user unless its view says @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Cache-Control: no-store on everything a logged-in user sees (personal data).
    "office.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Inside CSP and messages: Django's empty 405 becomes the office's page.
    "office.middleware.MethodNotAllowedPageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "office.context_processors.office",
            ],
        },
    },
]

# Database: SQLite in var/ unless DATABASE_URL says otherwise (postgres://, sqlite:///…).
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes; the timeout waits for a lock
    # instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # ASVS 5.0 L2 (6.2.1): at least 12 characters.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The lockout backend first: it refuses a locked-out user/IP before the password is checked.
AUTHENTICATION_BACKENDS = [
    "office.security.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# With DEBUG off, static files are served by WhiteNoise from what `collectstatic` put here (with
# hashed names); `make run` and the Docker image run it.
STATIC_ROOT = VAR_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Mail: console unless EMAIL_URL says otherwise (smtp+tls://user:pass@host:587, or
# filemail:////abs/dir, one file per message, which tests with a real worker use). This sets
# EMAIL_BACKEND and what the URL gives of EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
# EMAIL_HOST_PASSWORD, EMAIL_USE_TLS/SSL and EMAIL_FILE_PATH; the rest keeps Django's default.
vars().update(
    {
        name: value
        for name, value in env.email_url("EMAIL_URL", default="consolemail://").items()
        if value not in (None, "")
    }
)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="ccus-desk@example.jp")

# Celery: Redis when REDIS_URL is set, otherwise kombu's filesystem transport in var/, which
# needs no server and still works across the web, worker and beat processes.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_DATA_DIR = Path(env.str("CELERY_DATA_DIR", default=str(VAR_DIR / "celery")))
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DATA_DIR / "queue"),
        "data_folder_out": str(CELERY_DATA_DIR / "queue"),
        "control_folder": str(CELERY_DATA_DIR / "control"),
        "store_processed": False,
    }
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
HEARTBEAT_INTERVAL = env.float("HEARTBEAT_INTERVAL", default=30.0)
# /healthz reports unhealthy when the last beat heartbeat is older than this.
HEARTBEAT_MAX_AGE = timedelta(seconds=env.float("HEARTBEAT_MAX_AGE", default=180.0))

# Reminders: seconds between delivery passes (beat); the dashboard and /healthz warn when the
# last pass is older than REMINDER_MAX_AGE.
REMINDER_DELIVERY_INTERVAL = env.float("REMINDER_DELIVERY_INTERVAL", default=60.0)
REMINDER_MAX_AGE = timedelta(seconds=env.float("REMINDER_MAX_AGE", default=180.0))
# A claim older than this belongs to a pass that died; another pass takes it over.
REMINDER_CLAIM_TIMEOUT = timedelta(seconds=env.float("REMINDER_CLAIM_TIMEOUT", default=300.0))

# The office mailbox (inbox app): CCUS's receipt and reply mails are read from it and recorded.
# Unset = the feature is off. imaps://user%40example.jp:password@mail.example.jp:993/INBOX
# (imap:// is plain text and only meant for a server on the same machine; imap://…?starttls=1
# upgrades it). The mailbox stays intact: read-only, BODY.PEEK, nothing moved or deleted.
IMAP_URL = env.str("IMAP_URL", default="")
MAILBOX_POLL_INTERVAL = env.float("MAILBOX_POLL_INTERVAL", default=60.0)
# The dashboard and /healthz warn when the last successful check is older than this.
MAILBOX_MAX_AGE = timedelta(seconds=env.float("MAILBOX_MAX_AGE", default=300.0))
MAILBOX_TIMEOUT = env.float("MAILBOX_TIMEOUT", default=30.0)
# The authserv-id of the office's own mail server (the first word of the Authentication-Results
# headers it adds, e.g. "mail.office.example.jp"). Set: a CCUS mail moves a case only when that
# header says DKIM or DMARC passed for the sender's domain. Empty: the header is not looked at.
MAIL_AUTHSERV_ID = env.str("MAIL_AUTHSERV_ID", default="").strip().lower()

# /healthz also asks these (name → function returning (ok, details)); office imports none of them.
HEALTH_CHECKS = {"mailbox": "inbox.selectors.healthz_mailbox"}

# Security headers; cookies are secure when served over HTTPS (SECURE_SSL=1 behind a proxy).
SECURE_SSL = env.bool("SECURE_SSL", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_SSL
CSRF_COOKIE_SECURE = SECURE_SSL
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=SECURE_SSL)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if SECURE_SSL else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_SSL
SECURE_HSTS_PRELOAD = SECURE_SSL
CSRF_COOKIE_HTTPONLY = True
# A refused form gives back what was typed (in Japanese), instead of Django's English 403.
CSRF_FAILURE_VIEW = "office.error_views.csrf_failure"
# Sessions end after 8 hours without a request: office.middleware.SessionRenewalMiddleware renews
# them on activity, at most once a minute (one write per minute instead of one per request).
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_RENEW_SECONDS = 60

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"mask_secrets": {"()": "office.secret_net.MaskSecretsFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["mask_secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs every rendering step at INFO.
        "weasyprint.progress": {"level": "WARNING"},
        # At DEBUG, IMAPClient logs the whole IMAP conversation: every fetched mail, in its
        # transfer encoding (which the masking filter cannot read), secrets included. Never.
        "imapclient": {"level": "WARNING"},
    },
}

# Form bodies over 2.5 MB are refused (Django's limit). The client CSV import refuses files over
# CSV_UPLOAD_MAX_BYTES and rows wider than CSV_UPLOAD_MAX_COLUMNS with a message naming the limit.
CSV_UPLOAD_MAX_BYTES = 5 * 1024 * 1024
CSV_UPLOAD_MAX_COLUMNS = 50
# Uploads stay in memory up to the CSV limit and never go to a temporary file (an uploaded CSV
# may hold a password before the import masks it): office/uploads.py.
FILE_UPLOAD_HANDLERS = ["office.uploads.MemoryOnlyUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = CSV_UPLOAD_MAX_BYTES
# 10,000 rows check and preview in a few seconds; more is refused with a message to split.
CSV_UPLOAD_MAX_ROWS = env.int("CSV_UPLOAD_MAX_ROWS", default=10_000)
# The checked (and masked) rows wait here, mode 0600, between the preview and the confirmation;
# confirm, cancel and logout delete them, and a periodic task deletes what is older than
# CSV_UPLOAD_MAX_AGE seconds. Web and worker must share this folder (docker-compose: a volume).
CSV_UPLOAD_DIR = Path(env.str("CSV_UPLOAD_DIR", default=str(VAR_DIR / "imports")))
CSV_UPLOAD_MAX_AGE = env.int("CSV_UPLOAD_MAX_AGE", default=60 * 60)
CSV_UPLOAD_PURGE_INTERVAL = 10 * 60

# Content-Security-Policy (django-csp 4): nothing inline, nothing remote. Templates put JS in
# static/js/ and CSS in static/css/; style="…", <script>…</script> and on…= attributes are blocked.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# Login lockout (django-axes). Five wrong passwords lock for 15 minutes
#  - the user name, from any address (a password guessed from many addresses still stops), and
#  - the client address, whatever user names it tries (one machine spraying many accounts).
# Behind a TLS proxy every request comes from the proxy's address: set TRUSTED_PROXY_COUNT to
# the number of proxies that append to X-Forwarded-For, or the whole office would share one lock.
# A successful login clears that user's failures, so a typo at 9:00 does not count at 17:00.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# Retrying while locked does not extend the lock: the page can promise "in 15 minutes".
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "office.security.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_CLIENT_IP_CALLABLE = "office.security.client_ip"
AXES_CLIENT_STR_CALLABLE = "office.security.client_str"
# Axes' own handler, except that a success clears only that user name's failures (not every
# failure from the address, which let one account guess another's password without end).
AXES_HANDLER = "office.security.LockoutHandler"
AXES_USERNAME_CALLABLE = "office.security.attempt_username"
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# X-Forwarded-Proto is believed only from a proxy we trust: without one, any browser could
# claim "https" and the app would treat a plain-HTTP request as secure.
if TRUSTED_PROXY_COUNT > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Password reset by email (a public form that sends mail): requests per window, per client
# address and per email address; beyond that a 429 page and no mail.
PASSWORD_RESET_PER_ADDRESS = 5
PASSWORD_RESET_PER_EMAIL = 3
PASSWORD_RESET_WINDOW_SECONDS = 60 * 60

# Cache (throttle counters): Redis when REDIS_URL is set, else files in var/ (shared by the
# processes of one machine, unlike the per-process memory cache).
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# Personal-data access log: rows older than this are pruned daily (APPI traceability vs. keeping
# no more than needed).
ACCESS_LOG_RETENTION_DAYS = env.int("ACCESS_LOG_RETENTION_DAYS", default=365)

# `manage.py backup` writes here unless -o names another folder.
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(VAR_DIR / "backups")))

# The Japanese font (6 MB) is read by the PDF renderer, not downloaded by browsers: compressing
# it with brotli made every collectstatic (and Docker build) take minutes.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "ttf", "otf")
