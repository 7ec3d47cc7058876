"""honeyDue settings: one module, every value from the environment.

With nothing configured the project runs on one machine with embedded
defaults (SQLite, local-memory cache, in-memory channel layer, a filesystem
Celery broker). `ENVIRONMENT=production` refuses to start on any of those, or
without the secrets it needs.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from honeydue.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

ENVIRONMENT = env_str("ENVIRONMENT", "development")
if ENVIRONMENT not in {"development", "test", "production"}:
    raise ImproperlyConfigured("ENVIRONMENT must be development, test or production.")
IS_PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if IS_PRODUCTION:
        raise ImproperlyConfigured("Set SECRET_KEY (50+ random characters) in production.")
    SECRET_KEY = "development-only-insecure-key-never-used-in-production"  # noqa: S105 (refused in production)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if IS_PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # The project package itself, for its management commands (predeploy_check, restore_drill).
    "honeydue",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "accounts",
    "residences",
    "tasks",
    "documents",
    "notifications",
]

MIDDLEWARE = [
    "honeydue.middleware.RequestIdMiddleware",
    "honeydue.middleware.AccessLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "honeydue.middleware.BodySizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "honeydue.urls"
WSGI_APPLICATION = "honeydue.wsgi.application"
ASGI_APPLICATION = "honeydue.asgi.application"

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
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if not DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded SQLite file lives here
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DATABASE_BACKEND = "postgresql" if "postgresql" in DATABASES["default"]["ENGINE"] else "sqlite (embedded)"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, throttles, channel layer, Celery broker ----------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "honeydue"),
            "OPTIONS": {
                # A Redis outage degrades to cache misses (static data from the
                # database, throttles open) instead of failing every request.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "honeydue.cache"
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": "honeydue:channels"},
        }
    }
    CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
    CACHE_BACKEND = CHANNEL_BACKEND = "redis"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
    CACHE_BACKEND = "local memory (embedded)"
    CHANNEL_BACKEND = "in-memory (embedded)"

# --- Celery ---------------------------------------------------------------------
CELERY_BROKER_FOLDER = VAR_DIR / "broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    for folder in ("processed", "control"):
        (CELERY_BROKER_FOLDER / folder).mkdir(parents=True, exist_ok=True)  # the embedded broker's queues
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_FOLDER),
        "data_folder_out": str(CELERY_BROKER_FOLDER),
        "processed_folder": str(CELERY_BROKER_FOLDER / "processed"),
        "control_folder": str(CELERY_BROKER_FOLDER / "control"),
        "store_processed": False,
    }
else:
    _visibility_timeout = env_int("CELERY_VISIBILITY_TIMEOUT", 3600)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # A job whose worker died (acks_late) goes back to the queue after this many seconds.
        "visibility_timeout": _visibility_timeout,
        # Look for such jobs every ~10th of that (at most every 10 s; kombu's default is every ~100 s).
        "unacked_restore_interval": max(1, min(10, _visibility_timeout // 10)),
        "unacked_restore_throttle": 1,
    }
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 30
CELERY_BEAT_SCHEDULE: dict = {}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
BROKER_BACKEND = "redis" if CELERY_BROKER_URL.startswith("redis") else CELERY_BROKER_URL.split(":")[0] + " (embedded)"

# --- Auth -----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
TOKEN_TTL_DAYS = env_int("TOKEN_TTL_DAYS", 30)
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=TOKEN_TTL_DAYS),
    "AUTO_REFRESH": True,
    "MIN_REFRESH_INTERVAL": 60,
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_LIMIT_PER_USER": None,
}
ONE_TIME_CODE_TTL_MINUTES = 15
ONE_TIME_CODE_MAX_ATTEMPTS = 5

# --- REST framework -------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["knox.auth.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "honeydue.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "honeydue.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "honeydue.api.throttling.AnonRateThrottle",
        "honeydue.api.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("THROTTLE_ANON", "600/hour"),
        "user": env_str("THROTTLE_USER", "5000/hour"),
        "login_ip": env_str("THROTTLE_LOGIN_IP", "30/hour"),
        "login_email": env_str("THROTTLE_LOGIN_EMAIL", "10/hour"),
        "register_ip": env_str("THROTTLE_REGISTER_IP", "20/hour"),
        "password_reset_ip": env_str("THROTTLE_PASSWORD_RESET_IP", "20/hour"),
        "password_reset_email": env_str("THROTTLE_PASSWORD_RESET_EMAIL", "5/hour"),
        "verify_user": env_str("THROTTLE_VERIFY_USER", "10/hour"),
        "join_user": env_str("THROTTLE_JOIN_USER", "30/hour"),
    },
    "NUM_PROXIES": env_int("NUM_PROXIES", 0) if env_str("NUM_PROXIES") else None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
API_DOCS_ENABLED = env_bool("API_DOCS_ENABLED", default=not IS_PRODUCTION)
SPECTACULAR_SETTINGS = {
    "TITLE": "honeyDue API",
    "DESCRIPTION": "Home maintenance: residences, recurring tasks, completions, documents and reminders.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "honeydue.api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {},
}

# --- Request limits -------------------------------------------------------------
API_MAX_JSON_BODY_BYTES = env_int("API_MAX_JSON_BODY_BYTES", 1024 * 1024)
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 25 * 1024 * 1024)
PHOTO_MAX_BYTES = env_int("PHOTO_MAX_BYTES", 15 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = API_MAX_JSON_BODY_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Plans ----------------------------------------------------------------------
FREE_MAX_OWNED_RESIDENCES = env_int("FREE_MAX_OWNED_RESIDENCES", 1)
FREE_MAX_ACTIVE_TASKS_PER_RESIDENCE = env_int("FREE_MAX_ACTIVE_TASKS_PER_RESIDENCE", 25)
FREE_MAX_DOCUMENTS = env_int("FREE_MAX_DOCUMENTS", 5)
FREE_CAN_SHARE = env_bool("FREE_CAN_SHARE", default=False)
SHARE_CODE_TTL_DAYS = 7

# --- Notifications --------------------------------------------------------------
TASK_REMINDER_HOUR = env_int("TASK_REMINDER_HOUR", 8)
OVERDUE_REMINDER_HOUR = env_int("OVERDUE_REMINDER_HOUR", 9)
DAILY_DIGEST_HOUR = env_int("DAILY_DIGEST_HOUR", 7)
PUSH_BACKEND = env_str("PUSH_BACKEND", "console")  # console | memory | record | native (APNs + FCM)
WARRANTY_REMINDER_HOUR = env_int("WARRANTY_REMINDER_HOUR", 10)
REMINDER_TICK_SECONDS = env_int("REMINDER_TICK_SECONDS", 300)
REMINDER_CHUNK_SIZE = env_int("REMINDER_CHUNK_SIZE", 1000)
NOTIFICATION_MAX_ATTEMPTS = env_int("NOTIFICATION_MAX_ATTEMPTS", 6)
NOTIFICATION_RETRY_BACKOFF = env_int("NOTIFICATION_RETRY_BACKOFF", 30)
NOTIFICATION_RETRY_BACKOFF_MAX = env_int("NOTIFICATION_RETRY_BACKOFF_MAX", 1800)
# Longer than the longest retry countdown, so only lost jobs are requeued by the tick.
DELIVERY_STALE_AFTER_SECONDS = env_int("DELIVERY_STALE_AFTER_SECONDS", 2 * 1800)
PUSH_RECORD_DELAY_MS = env_int("PUSH_RECORD_DELAY_MS", 0)
APNS_KEY_ID = env_str("APNS_KEY_ID")
APNS_TEAM_ID = env_str("APNS_TEAM_ID")
APNS_KEY_FILE = env_str("APNS_KEY_FILE")
APNS_TOPIC = env_str("APNS_TOPIC")
APNS_USE_SANDBOX = env_bool("APNS_USE_SANDBOX", default=False)
FCM_PROJECT_ID = env_str("FCM_PROJECT_ID")
FCM_SERVICE_ACCOUNT_FILE = env_str("FCM_SERVICE_ACCOUNT_FILE")
if PUSH_BACKEND not in {"console", "memory", "record", "native"}:
    raise ImproperlyConfigured("PUSH_BACKEND must be console, memory, record or native (APNs + FCM).")
if PUSH_BACKEND == "native" and not (APNS_KEY_FILE or FCM_SERVICE_ACCOUNT_FILE):
    raise ImproperlyConfigured("PUSH_BACKEND=native needs APNS_KEY_FILE and/or FCM_SERVICE_ACCOUNT_FILE.")
if APNS_KEY_FILE and not (APNS_KEY_ID and APNS_TEAM_ID and APNS_TOPIC):
    raise ImproperlyConfigured("APNS_KEY_FILE needs APNS_KEY_ID, APNS_TEAM_ID and APNS_TOPIC (the app's bundle id).")
CELERY_BEAT_SCHEDULE["notifications-reminder-tick"] = {
    "task": "notifications.reminder_tick",
    "schedule": REMINDER_TICK_SECONDS,
    "options": {"expires": REMINDER_TICK_SECONDS},
}

# --- Documents and media (documents app) -----------------------------------------
# Stored files are never served from a public URL: downloads go through the API
# (streamed locally, or a short-lived signed S3 URL). No MEDIA_URL routes.
STORAGE_BACKEND = env_str("STORAGE_BACKEND", "local")
if STORAGE_BACKEND not in {"local", "s3"}:
    raise ImproperlyConfigured("STORAGE_BACKEND must be local or s3.")
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL")
AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME")
AWS_S3_ADDRESSING_STYLE = env_str("AWS_S3_ADDRESSING_STYLE", "auto")
AWS_ACCESS_KEY_ID = env_str("AWS_ACCESS_KEY_ID")
AWS_SECRET_ACCESS_KEY = env_str("AWS_SECRET_ACCESS_KEY")
AWS_QUERYSTRING_EXPIRE = env_int("AWS_QUERYSTRING_EXPIRE", 300)
if STORAGE_BACKEND == "s3":
    if not AWS_STORAGE_BUCKET_NAME:
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME (and credentials).")
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": AWS_S3_ENDPOINT_URL or None,
            "region_name": AWS_S3_REGION_NAME or None,
            "access_key": AWS_ACCESS_KEY_ID or None,
            "secret_key": AWS_SECRET_ACCESS_KEY or None,
            "addressing_style": AWS_S3_ADDRESSING_STYLE,
            "signature_version": "s3v4",
            "default_acl": None,  # private objects: the bucket policy decides, never public-read
            "querystring_auth": True,
            "querystring_expire": AWS_QUERYSTRING_EXPIRE,
            "file_overwrite": True,  # names are random 128-bit tokens; skip the existence check
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
MEDIA_BACKEND = "s3" if STORAGE_BACKEND == "s3" else "local filesystem (MEDIA_ROOT)"
PHOTO_THUMBNAIL_PX = env_int("PHOTO_THUMBNAIL_PX", 400)
# First handler enforces the per-route file size while the body streams in;
# the default two keep small files in memory and spool larger ones to disk.
FILE_UPLOAD_HANDLERS = [
    "documents.uploads.FileSizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- Subscriptions and store webhooks (accounts app) -----------------------------
# Apple: App Store Server Notifications V2 and StoreKit 2 signed transactions are
# verified against these DER/PEM root certificates (Apple Root CA - G3), offline.
APPLE_BUNDLE_ID = env_str("APPLE_BUNDLE_ID", "com.example.honeydue")
APPLE_APP_APPLE_ID = env_int("APPLE_APP_APPLE_ID", 0) or None
# Production | Sandbox (Xcode / LocalTesting skip signatures: refused in production)
APPLE_ENVIRONMENT = env_str("APPLE_ENVIRONMENT", "Sandbox")
APPLE_ROOT_CERTIFICATES = env_list("APPLE_ROOT_CERTIFICATES")
APPLE_PRO_PRODUCT_IDS = env_list("APPLE_PRO_PRODUCT_IDS", ["com.example.honeydue.pro.monthly"])
# Google Play: real-time developer notifications arrive by Pub/Sub push.
GOOGLE_PACKAGE_NAME = env_str("GOOGLE_PACKAGE_NAME", "com.example.honeydue")
GOOGLE_PRO_PRODUCT_IDS = env_list("GOOGLE_PRO_PRODUCT_IDS", ["honeydue_pro"])
# Push auth, either or both: a Google-signed OIDC token for this audience from this
# service account, or a shared secret in `?token=` / `X-Webhook-Token`.
GOOGLE_PUBSUB_AUDIENCE = env_str("GOOGLE_PUBSUB_AUDIENCE")
GOOGLE_PUBSUB_SERVICE_ACCOUNT = env_str("GOOGLE_PUBSUB_SERVICE_ACCOUNT")
GOOGLE_WEBHOOK_SHARED_SECRET = env_str("GOOGLE_WEBHOOK_SHARED_SECRET")
# Credentials for the Play Developer API (androidpublisher scope); "fake" = in-memory test double.
GOOGLE_SERVICE_ACCOUNT_FILE = env_str("GOOGLE_SERVICE_ACCOUNT_FILE")
GOOGLE_PLAY_CLIENT = env_str("GOOGLE_PLAY_CLIENT", "real")
# Pro access kept after a failed renewal when the store does not say how long.
GRACE_PERIOD_DAYS = env_int("GRACE_PERIOD_DAYS", 16)
STORE_WEBHOOK_MAX_BYTES = env_int("STORE_WEBHOOK_MAX_BYTES", 256 * 1024)
STORE_EVENT_MAX_RETRIES = env_int("STORE_EVENT_MAX_RETRIES", 8)
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].update(
    {
        "store_webhook": env_str("THROTTLE_STORE_WEBHOOK", "600/minute"),
        "subscription_verify": env_str("THROTTLE_SUBSCRIPTION_VERIFY", "60/hour"),
    }
)
CELERY_BEAT_SCHEDULE["requeue-stale-store-events"] = {
    "task": "accounts.subscriptions.tasks.requeue_stale_store_events",
    "schedule": 600.0,
}
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "SubscriptionTierEnum": "accounts.models.Subscription.Tier",
        "SubscriptionSourceEnum": "accounts.models.Subscription.Source",
        "SubscriptionStoreStatusEnum": "accounts.api.subscription_serializers.STORE_STATUS_CHOICES",
        "StorePlatformEnum": "accounts.api.subscription_serializers.STORE_PLATFORM_CHOICES",
    }
)

# --- Email ----------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "emails"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "honeyDue <no-reply@honeydue.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Files ----------------------------------------------------------------------
MEDIA_ROOT = env_str("MEDIA_ROOT", str(VAR_DIR / "media"))
STATIC_URL = "/static/"
STATIC_ROOT = env_str("STATIC_ROOT", str(VAR_DIR / "static"))
STORAGES = {
    "default": MEDIA_STORAGE,  # documents section
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if IS_PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- I18n -----------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("de", _("German")),
    ("pt", _("Portuguese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# --- Security -------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=IS_PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if IS_PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = IS_PRODUCTION
SECURE_HSTS_PRELOAD = IS_PRODUCTION
SESSION_COOKIE_SECURE = IS_PRODUCTION
CSRF_COOKIE_SECURE = IS_PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
METRICS_TOKEN = env_str("METRICS_TOKEN")
REQUEST_TIMEOUT_SECONDS = env_int("REQUEST_TIMEOUT_SECONDS", 30)

# --- Logging --------------------------------------------------------------------
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_context": {"()": "honeydue.logging.RequestContextFilter"},
        "redact": {"()": "honeydue.logging.RedactingFilter"},
    },
    "formatters": {"json": {"()": "honeydue.logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_context", "redact"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.server": {"level": "WARNING"},
        # AccessLogMiddleware writes one line per request; this one repeats it.
        "django.request": {"level": "ERROR"},
        "daphne": {"level": "WARNING"},
    },
}


def _refuse_embedded_defaults_in_production() -> None:
    problems = []
    if DEBUG:
        problems.append("DEBUG must be false")
    if not DATABASE_URL or DATABASE_BACKEND != "postgresql":
        problems.append("DATABASE_URL must point at PostgreSQL")
    if not REDIS_URL:
        problems.append("REDIS_URL must be set (cache, channel layer, broker)")
    if not CELERY_BROKER_URL.startswith(("redis://", "rediss://", "amqp://")):
        problems.append("CELERY_BROKER_URL must be a real broker")
    if EMAIL_BACKEND.rsplit(".", 2)[-2] in {"console", "locmem", "dummy", "filebased"}:
        problems.append("EMAIL_BACKEND must deliver mail (e.g. the SMTP backend)")
    if PUSH_BACKEND in {"console", "memory", "record"}:
        problems.append("PUSH_BACKEND must be a real provider")
    if not ALLOWED_HOSTS:
        problems.append("ALLOWED_HOSTS must be set")
    if len(SECRET_KEY) < 50:
        problems.append("SECRET_KEY must be at least 50 characters")
    if not APPLE_ROOT_CERTIFICATES:
        problems.append("APPLE_ROOT_CERTIFICATES must list Apple's root certificate files")
    if APPLE_ENVIRONMENT not in {"Production", "Sandbox"}:
        problems.append("APPLE_ENVIRONMENT must be Production or Sandbox (the others skip signature checks)")
    if APPLE_ENVIRONMENT == "Production" and not APPLE_APP_APPLE_ID:
        problems.append("APPLE_APP_APPLE_ID must be set for the Production App Store")
    if not (GOOGLE_PUBSUB_AUDIENCE and GOOGLE_PUBSUB_SERVICE_ACCOUNT) and not GOOGLE_WEBHOOK_SHARED_SECRET:
        problems.append(
            "the Google webhook needs GOOGLE_PUBSUB_AUDIENCE and GOOGLE_PUBSUB_SERVICE_ACCOUNT, "
            "or GOOGLE_WEBHOOK_SHARED_SECRET"
        )
    if GOOGLE_PLAY_CLIENT != "real" or not GOOGLE_SERVICE_ACCOUNT_FILE:
        problems.append("GOOGLE_PLAY_CLIENT must be real with GOOGLE_SERVICE_ACCOUNT_FILE set")
    if problems:
        raise ImproperlyConfigured("Production configuration refused: " + "; ".join(problems) + ".")


if IS_PRODUCTION:
    _refuse_embedded_defaults_in_production()
