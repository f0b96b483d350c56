"""Aduan settings: every value comes from the environment, with a safe default for the embedded mode."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import dj_database_url

from aduan.env import envbool, envint, envlist, envstr

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(envstr("ADUAN_VAR_DIR", str(Path.cwd() / "var"))).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = envbool("ADUAN_DEBUG", False)
# The embedded default must start with no configuration; a real deployment sets ADUAN_SECRET_KEY.
SECRET_KEY = envstr("ADUAN_SECRET_KEY", "aduan-insecure-development-key-change-me-in-production-0123456789")
# Identity encryption keys may be rotated apart from SECRET_KEY; the first one encrypts.
IDENTITY_KEYS = envlist("ADUAN_IDENTITY_KEYS") or [SECRET_KEY]

BASE_URL = envstr("ADUAN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
INSTANCE_NAME = envstr("ADUAN_INSTANCE_NAME", "Aduan")
ALLOWED_HOSTS = envlist("ADUAN_ALLOWED_HOSTS") or [urlparse(BASE_URL).hostname or "127.0.0.1", "localhost", "127.0.0.1"]
CSRF_TRUSTED_ORIGINS = [BASE_URL]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "aduan.core",
    "aduan.institutions",
    "aduan.reports",
    "aduan.notify",
    "aduan.channels",
    "aduan.channels.email",
    "aduan.public",
    "aduan.web",
    "aduan.citizen",
    "aduan.backoffice",
    "aduan.federation",
    "aduan.search",
    "aduan.opendata",
    "aduan.oversight",
    "aduan.stats",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes requires: it answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock an account+address pair out after repeated failed logins (django-axes).
AXES_FAILURE_LIMIT = envint("ADUAN_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("ADUAN_LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
# Staff must confirm a TOTP code at login once they have enrolled a device; set true to require enrolment.
ADUAN_REQUIRE_2FA = envbool("ADUAN_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = envstr("ADUAN_INSTANCE_NAME", "Aduan")

ROOT_URLCONF = "aduan.urls"
WSGI_APPLICATION = "aduan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "aduan.web.context.site",
            ],
        },
    },
]


def _database() -> dict:
    url = envstr("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'aduan.sqlite3'}"
    config = dj_database_url.parse(url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at BEGIN so
        # concurrent writers queue on busy_timeout instead of failing with "database is locked".
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": envint("ADUAN_SQLITE_TIMEOUT", 20),
        }
        config["TEST"] = {"NAME": str(VAR_DIR / "test-aduan.sqlite3")}
        # Keep each server thread's connection: opening one costs a file open and three PRAGMAs per request.
        config["CONN_MAX_AGE"] = envint("ADUAN_SQLITE_CONN_MAX_AGE", 300)
        config["CONN_HEALTH_CHECKS"] = True
    elif config["ENGINE"] == "django.db.backends.postgresql" and envbool("ADUAN_DB_POOL", True):
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "pool": {"min_size": envint("ADUAN_DB_POOL_MIN", 1), "max_size": envint("ADUAN_DB_POOL_MAX", 10)}
        }
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Index probes cost about what sequential reads do on SSDs with the working set cached; the default
        # random_page_cost (4, for spinning disks) makes the planner scan a million queue entries instead of
        # probing a regency's few thousand.
        cost = envstr("ADUAN_PG_RANDOM_PAGE_COST", "1.1")
        config.setdefault("OPTIONS", {})["options"] = f"-c random_page_cost={cost}"
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "id"
# Each language is named in itself, so a reader finds theirs whatever the page is in.
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = envstr("ADUAN_TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(envstr("ADUAN_STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(envstr("ADUAN_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

TASKS = {
    "default": {
        "BACKEND": envstr("ADUAN_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": [],
    }
}

# Cache (rate limits, look-ups): local memory per process by default; Redis shared by every process when set.
ADUAN_REDIS_URL = envstr("ADUAN_REDIS_URL")
if ADUAN_REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": ADUAN_REDIS_URL}}

# JSON API (/api/v1/): requests per IP address for anonymous callers, per token or key for the others
# ("N/sec|min|hour|day"; 0 turns the limit off), and how many reverse proxies to trust for X-Forwarded-For.
ADUAN_API_RATE = envstr("ADUAN_API_RATE", "120/min")
ADUAN_API_TOKEN_RATE = envstr("ADUAN_API_TOKEN_RATE", "1200/min")
ADUAN_API_PROXIES = envint("ADUAN_API_PROXIES", 0)

LOGIN_URL = "/masuk/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Limits on what a reporter may attach (DESIGN §2).
ADUAN_MAX_ATTACHMENT_BYTES = envint("ADUAN_MAX_ATTACHMENT_MB", 10) * 1024 * 1024
ADUAN_MAX_VIDEO_BYTES = envint("ADUAN_MAX_VIDEO_MB", 25) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Seconds between periodic sweeps in the worker.
ADUAN_SWEEP_INTERVAL = envint("ADUAN_SWEEP_INTERVAL", 60)
ADUAN_DELIVERY_INTERVAL = envint("ADUAN_DELIVERY_INTERVAL", 1)
# Seconds a worker holds a claimed message before another worker may take it over (a killed worker's).
ADUAN_DELIVERY_LEASE = envint("ADUAN_DELIVERY_LEASE", 120)
ADUAN_SENDER_MODULES = envlist("ADUAN_SENDER_MODULES")
ADUAN_DEMO_PASSWORD = envstr("ADUAN_DEMO_PASSWORD", "demo12345")
# Federation between Aduan instances (docs/federation.md): accepted clock skew of signed requests (s), the
# timeout of a request to a peer (s), the delivery loop's pause when idle (s), how often peers' institution
# trees are re-checked (s), and the largest request body accepted from a peer (MB; attachments travel inline).
ADUAN_FEDERATION_MAX_SKEW = envint("ADUAN_FEDERATION_MAX_SKEW", 300)
ADUAN_FEDERATION_TIMEOUT = envint("ADUAN_FEDERATION_TIMEOUT", 30)
ADUAN_FEDERATION_INTERVAL = envint("ADUAN_FEDERATION_INTERVAL", 2)
ADUAN_FEDERATION_REFRESH = envint("ADUAN_FEDERATION_REFRESH", 3600)
ADUAN_FEDERATION_MAX_BODY = envint("ADUAN_FEDERATION_MAX_BODY_MB", 64) * 1024 * 1024
ADUAN_FEDERATION_CONCURRENCY = envint("ADUAN_FEDERATION_CONCURRENCY", 4)  # messages sent side by side
# Where citizens can reach this instance besides the web form, as shown on the home page ("" = not yet).
ADUAN_SMS_NUMBER = envstr("ADUAN_SMS_NUMBER")
ADUAN_WHATSAPP_NUMBER = envstr("ADUAN_WHATSAPP_NUMBER")
ADUAN_X_ACCOUNT = envstr("ADUAN_X_ACCOUNT")
ADUAN_REPORT_EMAIL = envstr("ADUAN_REPORT_EMAIL")
ADUAN_APP_URL = envstr("ADUAN_APP_URL")

# Open311 GeoReport v2 (docs/open311.md): the jurisdiction_id values this endpoint answers to (comma list).
ADUAN_OPEN311_JURISDICTION = envstr("ADUAN_OPEN311_JURISDICTION", urlparse(BASE_URL).hostname or "aduan")
# Open data (aduan.opendata): where the XLSX export writes its temporary files (empty: the system default).
ADUAN_EXPORT_TMPDIR = envstr("ADUAN_EXPORT_TMPDIR", "")

# WhatsApp Business Cloud API (docs/whatsapp.md).
ADUAN_WHATSAPP_API_BASE = envstr("ADUAN_WHATSAPP_API_BASE", "https://graph.facebook.com/v21.0").rstrip("/")
ADUAN_WHATSAPP_PHONE_NUMBER_ID = envstr("ADUAN_WHATSAPP_PHONE_NUMBER_ID")
ADUAN_WHATSAPP_TOKEN = envstr("ADUAN_WHATSAPP_TOKEN")
ADUAN_WHATSAPP_APP_SECRET = envstr("ADUAN_WHATSAPP_APP_SECRET")
ADUAN_WHATSAPP_VERIFY_TOKEN = envstr("ADUAN_WHATSAPP_VERIFY_TOKEN")
ADUAN_WHATSAPP_TEMPLATE = envstr("ADUAN_WHATSAPP_TEMPLATE")
ADUAN_WHATSAPP_TEMPLATE_LANGUAGE = envstr("ADUAN_WHATSAPP_TEMPLATE_LANGUAGE", "id")

# X (Twitter) API v2 (docs/x.md).
ADUAN_X_API_BASE = envstr("ADUAN_X_API_BASE", "https://api.x.com").rstrip("/")
ADUAN_X_USER_ID = envstr("ADUAN_X_USER_ID")
ADUAN_X_HASHTAG = envstr("ADUAN_X_HASHTAG", "lapor").lstrip("#")
ADUAN_X_CONSUMER_KEY = envstr("ADUAN_X_CONSUMER_KEY")
ADUAN_X_CONSUMER_SECRET = envstr("ADUAN_X_CONSUMER_SECRET")
ADUAN_X_ACCESS_TOKEN = envstr("ADUAN_X_ACCESS_TOKEN")
ADUAN_X_ACCESS_TOKEN_SECRET = envstr("ADUAN_X_ACCESS_TOKEN_SECRET")
ADUAN_X_USER_TOKEN = envstr("ADUAN_X_USER_TOKEN")
ADUAN_X_BEARER_TOKEN = envstr("ADUAN_X_BEARER_TOKEN")
ADUAN_X_POLL_INTERVAL = envint("ADUAN_X_POLL_INTERVAL", 60)

# SMS through Kannel (docs/sms.md).
ADUAN_KANNEL_SENDSMS_URL = envstr("ADUAN_KANNEL_SENDSMS_URL")
ADUAN_KANNEL_CALLBACK_URL = envstr("ADUAN_KANNEL_CALLBACK_URL").rstrip("/")
ADUAN_KANNEL_RECEIVE_TOKEN = envstr("ADUAN_KANNEL_RECEIVE_TOKEN")
ADUAN_KANNEL_ALLOWED_IPS = envlist("ADUAN_KANNEL_ALLOWED_IPS")
ADUAN_KANNEL_MAX_MESSAGES = envint("ADUAN_KANNEL_MAX_MESSAGES", 3)
ADUAN_KANNEL_TIMEOUT = envint("ADUAN_KANNEL_TIMEOUT", 10)

# Outgoing e-mail (invitations now; notifications with the channels). Without a host, messages are
# printed to the console, so `make run` works with no mail server.
EMAIL_HOST = envstr("ADUAN_EMAIL_HOST")
EMAIL_PORT = envint("ADUAN_EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("ADUAN_EMAIL_USER")
EMAIL_HOST_PASSWORD = envstr("ADUAN_EMAIL_PASSWORD")
EMAIL_USE_TLS = envbool("ADUAN_EMAIL_TLS", False)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
_MAIL_HOST = urlparse(BASE_URL).hostname or "localhost"
DEFAULT_FROM_EMAIL = envstr("ADUAN_EMAIL_FROM", f"{INSTANCE_NAME} <noreply@{_MAIL_HOST}>")
# The e-mail channel (docs/email.md): the SMTP receiver behind the operator's MTA, and the staff digest.
ADUAN_EMAIL_MAX_BYTES = envint("ADUAN_EMAIL_MAX_BYTES", 25 * 1024 * 1024)
ADUAN_SMTPD_HOST = envstr("ADUAN_SMTPD_HOST", "127.0.0.1")
ADUAN_SMTPD_PORT = envint("ADUAN_SMTPD_PORT", 2525)
# When set, a reply is accepted only with an Authentication-Results header of this MTA showing a pass.
ADUAN_EMAIL_AUTHSERV_ID = envstr("ADUAN_EMAIL_AUTHSERV_ID")
ADUAN_DIGEST_HOUR = envint("ADUAN_DIGEST_HOUR", 7)  # local time; outside 0..23 turns the digest off
ADUAN_DIGEST_MAX_ITEMS = envint("ADUAN_DIGEST_MAX_ITEMS", 10)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("ADUAN_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if BASE_URL.startswith("https://"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
