"""Settings shared by every environment, read from environment variables.

Every value a deployment may change is read here with a safe default for the embedded setup
(SQLite file, local media). ``production`` tightens what must not be defaulted.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        # A kept connection is checked before each request reuses it, so a database restart
        # costs the requests that were running, not the first one of every worker after it.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Statements are bound on the client (Django's default), which psycopg never prepares; the
    # few run through a cursor that binds on the server (the warm figures' reader checks in
    # ``scoring.middleware``) are prepared at their first run on each connection.
    # Behind a pooler in transaction mode older than PgBouncer 1.21, turn this off.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = (
        0 if env_bool("DATABASE_PREPARED_STATEMENTS", True) else None
    )
    # Timeouts, stated once. A database that cannot be reached — refusing, or dropping packets —
    # is a 503 with Retry-After within seconds rather than a request that hangs until the
    # phone gives up: connecting gives up after DATABASE_CONNECT_TIMEOUT, and a connection
    # whose sent data goes unacknowledged for DATABASE_TCP_TIMEOUT is dropped by the kernel
    # (TCP_USER_TIMEOUT; keepalives find an idle one that died). A statement may run for
    # DATABASE_STATEMENT_TIMEOUT in a request, WORKER_STATEMENT_TIMEOUT in a worker (work app).
    DATABASES["default"]["OPTIONS"].update(
        {
            "connect_timeout": int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3")),
            "tcp_user_timeout": int(float(os.environ.get("DATABASE_TCP_TIMEOUT", "5")) * 1000),
            "keepalives": 1,
            "keepalives_idle": 30,
            "keepalives_interval": 5,
            "keepalives_count": 3,
            # A transaction left open by a client that died is ended by the server, so its
            # locks do not hold up everyone else's requests.
            "options": "-c statement_timeout={} -c idle_in_transaction_session_timeout={}".format(
                int(float(os.environ.get("DATABASE_STATEMENT_TIMEOUT", "30")) * 1000),
                int(float(os.environ.get("DATABASE_IDLE_TRANSACTION_TIMEOUT", "60")) * 1000),
            ),
        }
    )
WORKER_STATEMENT_TIMEOUT = float(os.environ.get("WORKER_STATEMENT_TIMEOUT", "600"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
# Rendered checklist documents (immutable per version and language) and comparison figures are
# cached. In-process by default; set REDIS_URL to share the cache between processes. Redis is
# given a second at most, and when it fails a read is a miss (api.redis_cache): every entry can
# be rebuilt from the database.
REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "1"))
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "api.redis_cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "OPTIONS": {
                "socket_timeout": REDIS_TIMEOUT,
                "socket_connect_timeout": REDIS_TIMEOUT,
                "health_check_interval": 30,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

INSTALLED_APPS = [
    # modeltranslation must come before the admin so translated fields get their admin widgets.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_filters",
    "csp",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "organizations",
    "codex",
    "checklists",
    "api",
    "audits",
    "scoring",
    "reports",
    "waves",
    "actions",
    "notifications",
    "work",
    "portal",
    "demo",
]

MIDDLEWARE = [
    "api.middleware.RequestIdMiddleware",
    "scoring.middleware.WarmFiguresMiddleware",
    "api.middleware.RejectNulMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "api.middleware.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "api.middleware.ApiCacheControlMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Times are stored in UTC; each location carries its own time zone for display and windows.
USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = True
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fi", _("Finnish")), ("hu", _("Hungarian"))]
# Our own texts' translations; compiled (.mo) files are committed, so no gettext is needed to run.
LOCALE_PATHS = [BASE_DIR / "locale"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Local files by default; S3-compatible object storage when a bucket is named (install the
# `s3` extra). Credentials come from the usual AWS_* variables.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if os.environ.get("S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["S3_BUCKET"],
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# Photo evidence: uploads above these limits are refused with a 4xx saying why.
PHOTO_MAX_BYTES = int(os.environ.get("PHOTO_MAX_BYTES", str(30 * 1024 * 1024)))
PHOTO_MAX_PIXELS = int(os.environ.get("PHOTO_MAX_PIXELS", str(60_000_000)))
PHOTO_DISPLAY_SIZE = int(os.environ.get("PHOTO_DISPLAY_SIZE", "1600"))
PHOTO_THUMBNAIL_SIZE = int(os.environ.get("PHOTO_THUMBNAIL_SIZE", "320"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Background work (report jobs, webhook deliveries, e-mails) is rows with leases (the ``work``
# app): a request writes them and answers at once. ``manage.py worker`` polls for them (the
# embedded default, no other service); with CELERY_BROKER_URL set (for example
# redis://127.0.0.1:6379/0) they are also handed to Celery, whose beat sweeps for work whose
# task was lost.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ACKS_LATE = True
# A task whose worker process died (killed, out of memory) goes back to the queue.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "codex-audit")
# A task unacknowledged this long is handed out again (Redis); the lease decides who runs it.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BEAT_SCHEDULE = {
    "sweep-background-work": {
        "task": "work.sweep",
        "schedule": float(os.environ.get("WORK_SWEEP_SECONDS", "30")),
    },
}
# A report job's worker renews its lease as it makes progress; one that has not for this long
# has stopped, and the job is taken over by another worker (at most three claims in all).
JOB_LEASE_SECONDS = int(os.environ.get("JOB_LEASE_SECONDS", "120"))
# How often ``manage.py worker`` looks for work when it found none, and how many threads of it
# make webhook deliveries (they mostly wait on the network; endpoints that hang hold a thread
# for WEBHOOKS_TIMEOUT each).
WORKER_POLL_SECONDS = float(os.environ.get("WORKER_POLL_SECONDS", "1"))
WORKER_DELIVERY_THREADS = int(os.environ.get("WORKER_DELIVERY_THREADS", "8"))

# Notifications. E-mail goes to the console unless EMAIL_BACKEND names another of Django's
# backends (smtp with EMAIL_HOST and so on); links in it start with PUBLIC_URL.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "codex-audit <noreply@localhost>")
PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://localhost:8000")
# Webhooks go to public HTTPS addresses only; "true" allows private and loopback addresses and
# plain HTTP (development and tests, never production).
WEBHOOKS_ALLOW_PRIVATE = os.environ.get("WEBHOOKS_ALLOW_PRIVATE", "") == "true"
WEBHOOKS_TIMEOUT = float(os.environ.get("WEBHOOKS_TIMEOUT", "5"))
# An endpoint that has failed every delivery for this long is switched off, with notice.
WEBHOOKS_DISABLE_AFTER = timedelta(days=int(os.environ.get("WEBHOOKS_DISABLE_AFTER_DAYS", "3")))

# Comparison figures are cached until a score, location, region or reader's scope changes
# (scoring.cache); this is how long an unchanged entry lives. 0 turns the cache off.
SCORES_CACHE_SECONDS = int(os.environ.get("SCORES_CACHE_SECONDS", "3600"))
# Exports of more audits than this are built as a background job instead of streamed.
EXPORT_STREAM_MAX_AUDITS = int(os.environ.get("EXPORT_STREAM_MAX_AUDITS", "5000"))
# Reports: a TrueType font that covers Finnish and Hungarian (Debian's fonts-dejavu-core).
REPORT_FONT = os.environ.get("REPORT_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
REPORT_FONT_BOLD = os.environ.get(
    "REPORT_FONT_BOLD", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.CursorPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_FILTER_BACKENDS": ["api.filters.FilterBackend"],
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    # Decimals (coordinates, bounds) are JSON numbers in and out, as the schema says.
    "COERCE_DECIMAL_TO_STRING": False,
    # JSON only, through a parser that refuses deep nesting and NUL and mends cut emoji; the
    # photo upload declares its own multipart parser.
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    # Counted across all processes in sliding windows (api.throttling): in Redis with
    # REDIS_URL, else the database. Failed sign-ins count per username and address (lockout)
    # and per username from everywhere (a ceiling past which only known addresses may try).
    "DEFAULT_THROTTLE_RATES": {
        "login": os.environ.get("LOGIN_THROTTLE_RATE", "10/min"),
        "login_failures": os.environ.get("LOGIN_LOCKOUT_RATE", "10/15min"),
        "login_ceiling": os.environ.get("LOGIN_CEILING_RATE", "100/hour"),
        "submissions": os.environ.get("SUBMISSION_THROTTLE_RATE", "120/hour"),
        "photos": os.environ.get("PHOTO_THROTTLE_RATE", "1200/hour"),
    },
    # How many reverse proxies of ours stand in front and append to X-Forwarded-For. 0: the
    # address is the connection's own and forwarding headers are ignored (they can be forged).
    "NUM_PROXIES": int(os.environ.get("TRUSTED_PROXY_COUNT", "0")),
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

# Phone tokens: hashed at rest, expire after TOKEN_TTL_HOURS (default 30 days) and can be revoked
# one at a time (log out) or all at once (lost phone).
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=int(os.environ.get("TOKEN_TTL_HOURS", str(24 * 30)))),
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": None,
    "AUTH_HEADER_PREFIX": "Token",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "codex-audit API",
    "DESCRIPTION": (
        "Backend for mystery-shopper audits against a client's service codex: the phone API "
        "for auditors and the reading API for reviewers and client-side managers."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "AssignmentStatusEnum": "audits.constants.AssignmentStatus",
        "AuditStatusEnum": "audits.constants.AuditStatus",
        "VersionStatusEnum": "codex.constants.VersionStatus",
        "BasisEnum": "codex.constants.NormBasis",
        "FlagCodeEnum": "audits.constants.FlagCode",
        "ActionStatusEnum": "actions.models.ActionStatus",
        "AppealStatusEnum": "audits.constants.AppealStatus",
        "EventEnum": "audits.serializers.HISTORY_EVENTS",
        "WebhookEventEnum": "notifications.models.EventKind",
        "DeliveryStatusEnum": "notifications.models.DeliveryStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.nullable_enums_without_null_enum",
        "api.schema.operations_by_audience",
        "api.schema.add_error_responses",
        "api.schema.forbid_nul_characters",
        "api.schema.require_bodies_with_required_fields",
    ],
}

# Content-Security-Policy on every page (django-csp): the portal's own stylesheet and script
# only, photos as data: URLs, no frames, forms posting back here. Interval bars are placed by
# style attributes, hence style-src-attr.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# LOG_FORMAT=json (the production default) writes one JSON object a line, for a log collector;
# "text" is for people at a terminal. Every line carries the request's id.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "api.request_ids.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT if LOG_FORMAT in ("text", "json") else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Django's own console handler would print every line a second time through the root.
    "loggers": {"django": {"handlers": [], "propagate": True}},
}

# The client's portal signs in with a session (the API with tokens), read from the shared cache
# and written through to the database: a page costs no session query once it is cached.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
LOGIN_URL = "portal:sign-in"
LOGIN_REDIRECT_URL = "portal:home"
