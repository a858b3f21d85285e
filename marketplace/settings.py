"""Settings for the Crafts Mela marketplace, driven by environment variables.

The embedded default (no variables set) is a local development site on SQLite with
in-process Celery tasks. Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and usually
DATABASE_URL and REDIS_URL; see the README.
"""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from marketplace.content_security_policy import admin_policy, storefront_policy
from marketplace.logging_config import logging_config
from marketplace.media_storage import media_origin, media_storage_from_environment
from marketplace.static_cache import add_headers as font_cache_headers

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not DEBUG:
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
else:
    # Only ever used on a developer's machine: DEBUG off refuses to start without a real key.
    SECRET_KEY = SECRET_KEY or "insecure-development-key-do-not-use-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "testserver"]

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Sessions (carts) read from the cache, written through to the database.
SESSION_ENGINE = "marketplace.sessions"

INSTALLED_APPS = [
    "marketplace",
    "catalog",
    "events",
    "orders",
    "orders.privacy",
    "orders.trade",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "axes",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # CSP and Permissions-Policy, outside the page cache so cached copies get them too.
    "marketplace.security_headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML compressed (27 KB -> about 5 KB), placed where it sees only pages: below WhiteNoise
    # (static files come precompressed, images are not worth it), and above the page cache, so
    # the cache keeps one plain copy per path and each client gets the encoding it asked for,
    # with `Vary: Accept-Encoding`. BREACH: Django's GZipMiddleware adds random bytes to every
    # gzip header ("Heal the Breach", Django 4.2) and CSRF tokens are masked afresh for each
    # response; pages from the page cache are anonymous and carry no secret at all.
    "django.middleware.gzip.GZipMiddleware",
    # Before the page cache: a first visit with an Urdu browser goes to /ur/ (language_choice).
    "marketplace.language_choice.LanguageRedirectMiddleware",
    # Outside the page cache, so cached pages are counted too (marketplace.market_signals).
    "marketplace.market_signals.MarketSignalsMiddleware",
    "marketplace.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "marketplace.db_unavailable.DatabaseUnavailableMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page (429).
    "axes.middleware.AxesMiddleware",
]

# Uploads: the local disk (MEDIA_ROOT), or an S3-compatible bucket when MEDIA_S3_BUCKET is set
# (marketplace/media_storage.py lists the MEDIA_S3_* variables).
MEDIA_STORAGE = media_storage_from_environment(os.environ)

# CSP (marketplace/content_security_policy.py): img-src adds CSP_EXTRA_IMG_SRC and the media origin.
_CSP_IMAGES = [
    "'self'",
    "data:",
    *filter(None, [media_origin(MEDIA_STORAGE)]),
    *env_list("CSP_EXTRA_IMG_SRC"),
]
CONTENT_SECURITY_POLICY = storefront_policy(_CSP_IMAGES)
ADMIN_CONTENT_SECURITY_POLICY = admin_policy(_CSP_IMAGES)  # inline allowed: Wagtail needs it
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

# Login throttling (django-axes) on every login: the Wagtail admin's and the buyers'.
# Axes' backend comes first: it refuses a locked-out account or address before any password
# is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# After this many failed logins for one username, or from one address, both are refused ...
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
# ... for this long (then the count starts again).
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
# Each separately: one account from anywhere, and one address whatever account it tries.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
# The address is REMOTE_ADDR: behind a reverse proxy, the proxy must pass the client's address
# there (gunicorn's forwarded_allow_ips), or every buyer shares the proxy's address.

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "marketplace.site_url.site_url_context",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        # Kept on: a persistent connection broken by a database restart or failover is
        # replaced before use instead of failing one request per worker thread. Its SELECT 1
        # costs ~0.1 ms CPU per request (measured: < 1 % of a checkout's server CPU).
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DB_PREPARED_STATEMENTS", True
):
    # Server-side parameters let psycopg prepare the statements a connection runs again and
    # again (from the 5th run): PostgreSQL then skips parsing and planning them, which halved
    # its CPU per checkout (7 -> 3.5 ms). Set DB_PREPARED_STATEMENTS=0 behind a pooler that
    # cannot keep them (PgBouncer in transaction mode before 1.21).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Requests write at once (runserver's threads: two staff saving, buyers ordering). In
    # SQLite's default deferred mode two transactions that both read before writing cannot
    # both upgrade: one fails at once with "database is locked" (a 503 here). BEGIN IMMEDIATE
    # takes the write lock first, so the second writer waits, up to the timeout, instead
    # (tests/browser/test_live_server_concurrency.py).
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)
# Database unreachable: pages answer 503 with this Retry-After (marketplace.db_unavailable).
DATABASE_DOWN_RETRY_AFTER_SECONDS = int(os.environ.get("DATABASE_DOWN_RETRY_AFTER_SECONDS", "60"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "marketplace.cache.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    # One process (make run): an in-memory cache is enough. Several processes need REDIS_URL
    # so that cache invalidation on publish reaches all of them.
    # Room for every product card of a demo-sized shop (catalog.cards) beside the pages and
    # their tags: at Django's default of 300 entries, storing cards culled the tags' versions.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Redis down: the cache answers "miss" and stores nothing (marketplace.cache), logging one
# warning per CACHE_DOWN_WARNING_SECONDS, and asks Redis again after CACHE_DOWN_RETRY_SECONDS.
CACHE_DOWN_RETRY_SECONDS = float(os.environ.get("CACHE_DOWN_RETRY_SECONDS", "5"))
CACHE_DOWN_WARNING_SECONDS = float(os.environ.get("CACHE_DOWN_WARNING_SECONDS", "300"))

# Anonymous catalog pages are cached this long at most; publish and stock changes
# invalidate them at once (marketplace.page_cache).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# While one visitor renders a page gone stale, others get the copy it replaces, for at most
# this long after it was first found stale, and only after a change that may be seen a moment
# late (a product published, a stock change; marketplace.page_cache_stale). 0: never.
PAGE_CACHE_STALE_SECONDS = int(os.environ.get("PAGE_CACHE_STALE_SECONDS", "10"))
# Product cards, group profiles and the product and group pages found at a path are kept this
# long at most (catalog.cards, marketplace.translations; 0: rendered or read every time). A
# publish, a price or stock change, a group's or artisan's publish, a page moved, a photo
# deleted and a release make them stale at once. A photo's focal point changed
# in place reaches them when they expire (until then they show the earlier crop).
CARD_CACHE_SECONDS = int(os.environ.get("CARD_CACHE_SECONDS", "3600"))
# Market information (marketplace.market_signals, catalog.market): day counters in Redis, kept
# this many days; a search with at most FEW results is "not found"; a term is shown once this
# many different searchers (counted per day) used it; a craft and price band cell once this
# many groups sold in it.
MARKET_COUNTERS_URL = os.environ.get("MARKET_COUNTERS_URL", REDIS_URL)
MARKET_COUNTER_DAYS = int(os.environ.get("MARKET_COUNTER_DAYS", "8"))
MARKET_FEW_RESULTS = int(os.environ.get("MARKET_FEW_RESULTS", "2"))
MARKET_TERM_MIN_SEARCHERS = int(os.environ.get("MARKET_TERM_MIN_SEARCHERS", "5"))
MARKET_MIN_GROUPS_PER_CELL = int(os.environ.get("MARKET_MIN_GROUPS_PER_CELL", "3"))
# Newsletter (marketplace.newsletter): recipients per task run; a recipient left "sending" this
# long by a lost worker is marked failed and never sent again (no one gets an issue twice).
NEWSLETTER_BATCH_SIZE = int(os.environ.get("NEWSLETTER_BATCH_SIZE", "50"))
NEWSLETTER_STALE_SENDING_SECONDS = int(os.environ.get("NEWSLETTER_STALE_SENDING_SECONDS", "600"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Buyer accounts (orders/urls.py); the Wagtail admin keeps its own login page.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "account_orders"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ur", _("Urdu"))]
# locale_wagtail: the project's Urdu for Wagtail's own admin strings (Wagtail ships none); a
# folder of its own, so makemessages for the project never rewrites it (scripts/wagtail_urdu.py).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_wagtail"]
# Set only by the language switcher (marketplace/language_choice.py): the visitor's choice.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Karachi"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))  # collectstatic
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_AUTOREFRESH = DEBUG  # no collectstatic needed while developing
# Files served at the site's root by WhiteNoise: /favicon.ico (browsers ask for it unprompted).
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
WHITENOISE_ADD_HEADERS_FUNCTION = font_cache_headers  # the Urdu font: a year
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        # Hashed, compressed names in production; plain storage while developing and testing
        # so that a missing collectstatic never breaks a page.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Security headers; the deploy check passes with DEBUG=0 and the production variables.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"  # Wagtail sets SAMEORIGIN on its own preview views
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# SMTP (EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend): Django's defaults otherwise.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Crafts Mela <no-reply@localhost>")

# Notifications (marketplace.notifications): SMS through marketplace.sms. The default backend
# only logs; marketplace.sms.HTTPGatewaySMSBackend posts to SMS_GATEWAY_URL.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "marketplace.sms.LoggingSMSBackend")
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = os.environ.get("SMS_GATEWAY_TOKEN", "")
SMS_GATEWAY_TIMEOUT = float(os.environ.get("SMS_GATEWAY_TIMEOUT", "10"))
# A failed send is retried this many times, waiting BACKOFF, 2×, 4×... seconds in between.
NOTIFICATION_MAX_RETRIES = int(os.environ.get("NOTIFICATION_MAX_RETRIES", "5"))
NOTIFICATION_RETRY_BACKOFF_SECONDS = int(os.environ.get("NOTIFICATION_RETRY_BACKOFF_SECONDS", "30"))
# A notification still pending this long after it was queued (never tried: its task was lost,
# the broker being down) is queued again by the sweep (Celery beat, every 5 minutes).
NOTIFICATION_REQUEUE_AFTER_SECONDS = int(
    os.environ.get("NOTIFICATION_REQUEUE_AFTER_SECONDS", "300")
)
# Empty: Celery's default queue. A name routes notification sends to their own queue.
NOTIFICATION_QUEUE = os.environ.get("NOTIFICATION_QUEUE", "")

LOGGING = logging_config(os.environ.get("LOG_LEVEL", "INFO"))

# Celery: Redis when REDIS_URL is set, otherwise tasks run in-process (make run needs nothing).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Celery closes Django's database connection after every task unless told to reuse it: a
# worker would open a PostgreSQL session per notification (3x slower in bench/tasks.py).
CELERY_DB_REUSE_MAX = int(os.environ.get("CELERY_DB_REUSE_MAX", "100"))
# Redis: a task a worker took and never acknowledged (the worker was killed: acks late) goes
# back on its queue after CELERY_VISIBILITY_TIMEOUT seconds (kombu's default: 3600). Keep it
# above the longest retry countdown (a worker holds a counted-down task unacknowledged, so a
# shorter timeout runs it twice early; harmless for our idempotent tasks, but wasteful).
# When set, workers also look for such tasks every timeout/2 seconds (at most 10). That sweep
# holds a Redis lock; a worker killed while holding it would stop every sweep for kombu's
# default 300 s, so the lock expires after the visibility timeout (at least 5 s) instead.
_visibility_timeout = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "0"))
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "visibility_timeout": _visibility_timeout,
        "unacked_restore_interval": max(1, min(10, _visibility_timeout // 2)),
        "unacked_restore_throttle": 1,
        "unacked_mutex_expire": max(5, _visibility_timeout),
    }
    if _visibility_timeout > 0
    else {}
)

# Wagtail
WAGTAIL_SITE_NAME = "Crafts Mela"
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # see marketplace/content_security_policy.py
WAGTAILADMIN_PERMITTED_LANGUAGES = [("en", "English"), ("ur", "اردو")]
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = True
# Content in English (the source of every page) and Urdu: marketplace/translations.py.
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILSEARCH_BACKENDS = {
    # Wagtail's database backend: PostgreSQL full-text search on PostgreSQL, FTS5 on SQLite
    # (there with the search text quoted safely: marketplace/search_backend.py).
    "default": {"BACKEND": "marketplace.search_backend"}
}
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(os.environ.get("IMAGE_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))
# Rejects decompression bombs: a small file claiming a huge canvas.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", 40_000_000))
# Uploads are re-saved without EXIF/GPS/XMP, orientation applied (marketplace/image_metadata.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "marketplace.image_metadata.MetadataFreeImageForm"
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"webp": "webp", "avif": "webp"}
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "txt", "xlsx"]
# Size and content checked too (marketplace/document_uploads.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "marketplace.document_uploads.CheckedDocumentForm"
DOCUMENT_MAX_UPLOAD_BYTES = int(os.environ.get("DOCUMENT_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
# Documents are streamed by Wagtail's view, which checks the collection's privacy, even when
# they are in a bucket (whose documents/ prefix stays private): never a redirect to the file.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_MODERATION_ENABLED = True
# Off: Wagtail 8.0's editor autosaved a new page in the background, and a Save tapped before
# that answer came back (seconds, on phone data) posted the form to "add" again, which failed
# on the slug the autosave had just taken: an error for the group's staff, and a stray draft
# (tests/browser/test_staff_walk.py). Each autosave also posts the whole form on every pause
# in typing, which a slow connection pays for. Saving stays the explicit "Save draft".
WAGTAIL_AUTOSAVE_INTERVAL = 0

# Marketplace rules: commission, Stripe, payouts, transfers, reservations, trade enquiries.
from marketplace.settings_rules import *  # noqa: E402, F403
