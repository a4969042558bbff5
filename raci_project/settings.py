"""Settings for RACI Registry, read from the environment (see the README's variables table).

Defaults suit a local demo only where noted; production sets SECRET_KEY, ALLOWED_HOSTS,
DATABASE_URL and REDIS_URL (or CACHE_URL).
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

DEBUG = env.bool("DEBUG", default=False)
# The insecure default only works with DEBUG on: production must set SECRET_KEY.
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for a local demo).")
    SECRET_KEY = "django-insecure-local-demo-key-not-for-production-use-0123456789"  # noqa: S105
# Previous keys, still accepted for signed values (sessions, password resets) during a rotation.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
if not ALLOWED_HOSTS and not DEBUG:
    from django.core.exceptions import ImproperlyConfigured

    # Without it every request would be refused with a bare 400: say so at start-up instead.
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the site's host names, comma-separated (e.g. raci.example.com).")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.syndication",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "responsibilities",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "responsibilities.views.addresses.CanonicalAddressMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: it answers a login attempt from a locked-out client.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "raci_project.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

WSGI_APPLICATION = "raci_project.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Persistent connections, checked before reuse so a restarted database is survived.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
elif DATABASES["default"]["NAME"] not in ("", ":memory:"):
    # A SQLite file too: a new connection reads the whole schema again on its first query,
    # which costs a cached page more than everything else it does.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)

_cache_url = env.str("CACHE_URL", default="") or env.str("REDIS_URL", default="")
if _cache_url:
    CACHES = {"default": env.cache_url_config(_cache_url)}
    if _cache_url.startswith(("redis://", "rediss://")):
        # Django's own Redis backend (django-environ would pick django-redis, not installed),
        # treating an unreachable Redis as an empty cache rather than failing every page.
        CACHES["default"]["BACKEND"] = "responsibilities.caching.redis_backend.ResilientRedisCache"
        CACHES["default"]["LOCATION"] = _cache_url
        _redis_timeout = env.float("REDIS_SOCKET_TIMEOUT", default=1.0)
        CACHES["default"]["OPTIONS"] = {
            "socket_connect_timeout": min(_redis_timeout, 0.5),
            "socket_timeout": _redis_timeout,
        }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "raci"}}
CACHES["default"].setdefault("KEY_PREFIX", env.str("CACHE_KEY_PREFIX", default="raci"))

# Login throttling (django-axes): its backend comes first and refuses a locked-out client
# before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
#: Failed logins in a row (one username from one client address) before that pair is locked out.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
#: How long a lockout lasts; `manage.py axes_reset_username NAME` (or `axes_reset`) ends it sooner.
AXES_COOLOFF_TIME = timedelta(minutes=env.float("LOGIN_LOCKOUT_MINUTES", default=15))
# A username is locked from the client that failed, so nobody can lock a colleague out from
# elsewhere; behind the TLS proxy, the client is the address the proxy saw (responsibilities.admin.throttling).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "responsibilities.admin.throttling.client_ip"
AXES_LOCKOUT_CALLABLE = "responsibilities.admin.throttling.lockout_response"
AXES_RESET_ON_SUCCESS = True  # a successful login forgets the failures before it
AXES_VERBOSE = False  # no banner on start-up; lockouts are logged as warnings

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The interface languages, each named in its own language (the switcher shows these names).
# Each has its messages in locale/<code>/LC_MESSAGES/django.po. Content languages (translations
# of a matrix) are not limited to these.
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("it", "Italiano"),
    ("pl", "Polski"),
    ("pt", "Português"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates in words as each language writes them ("17 November 2022", "17. November 2022",
# "17 de noviembre de 2022", "17 listopada 2022"): Django's formats, except where ours differ.
FORMAT_MODULE_PATH = ["raci_project.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env.bool("STATIC_MANIFEST", default=True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Security -----------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe the app servers over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Behind a proxy that terminates TLS, the proxy says which scheme the client used. Trust that
# header only when a proxy is really in front (it must overwrite the client's own header);
# by default that is assumed when the redirect is left to the proxy (SECURE_SSL_REDIRECT=0).
BEHIND_TLS_PROXY = env.bool("BEHIND_TLS_PROXY", default=not SECURE_SSL_REDIRECT and not DEBUG)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True  # no script of ours reads it
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Our pages need no inline script or style: everything comes from /static/. The one exception
# is Django's admin, whose change lists without actions carry a small <style> element marked
# with the request's nonce; the nonce is sent only on responses that use it, so public pages
# stay 'self'-only (and cacheable: they never contain a nonce).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

SILENCED_SYSTEM_CHECKS = []
if not SECURE_HSTS_PRELOAD and SECURE_HSTS_SECONDS:
    # An explicit opt-out (SECURE_HSTS_PRELOAD=0): the domain owner keeps the site off the
    # browsers' preload list, a decision `make serve` (check --deploy) must not refuse.
    SILENCED_SYSTEM_CHECKS.append("security.W021")
if BEHIND_TLS_PROXY and not SECURE_SSL_REDIRECT:
    # The TLS-terminating proxy redirects http:// to https:// itself (README, "Deploying").
    SILENCED_SYSTEM_CHECKS.append("security.W008")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# --- RACI Registry ------------------------------------------------------------------------
#: Largest file accepted by the importers (admin upload and import_raci), in bytes (responsibilities/limits.py).
RACI_MAX_IMPORT_BYTES = env.int("RACI_MAX_IMPORT_BYTES", default=5 * 1024 * 1024)
# Longest line of an imported text page (markdown), in characters.
RACI_MAX_LINE_LENGTH = env.int("RACI_MAX_LINE_LENGTH", default=4_000)
#: The other limits on imports, when the environment sets them (defaults: responsibilities/limits.py).
for _limit in (
    "RACI_MAX_UNCOMPRESSED_BYTES",
    "RACI_MAX_COMPRESSION_RATIO",
    "RACI_MAX_PARTIES",
    "RACI_MAX_ROWS",
    "RACI_MAX_SECTION_DEPTH",
    "RACI_MAX_CELL_CHARS",
):
    if env.str(_limit, default=""):
        globals()[_limit] = env.int(_limit)
#: Names the release in every page-cache key and ETag (e.g. the deployed commit); empty: a hash
#: of the code, templates, translations and static files (responsibilities/caching/release.py).
RACI_RELEASE = env.str("RACI_RELEASE", default="")

# --- API for integrators (/api/v1/, responsibilities/api/) -----------------------------------
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser", "rest_framework.parsers.MultiPartParser"],
    # Tokens only: no session, so the API needs no CSRF token and a browser's cookie never writes.
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": [
        "responsibilities.api.throttling.AnonymousReadThrottle",
        "responsibilities.api.throttling.TokenThrottle",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "responsibilities.api.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Anonymous clients are counted by address: the one the last of this many proxies saw
    # (X-Forwarded-For), so a client cannot name another address to escape its rate.
    "NUM_PROXIES": env.int("RACI_API_PROXIES", default=1 if BEHIND_TLS_PROXY else 0),
}
#: Requests an anonymous client (by address) and a token may make, counted in the cache
#: (shared by every app server with REDIS_URL): "number/second|minute|hour|day".
RACI_API_ANONYMOUS_RATE = env.str("RACI_API_ANONYMOUS_RATE", default="120/minute")
RACI_API_TOKEN_RATE = env.str("RACI_API_TOKEN_RATE", default="1200/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "RACI Registry API",
    "DESCRIPTION": (
        "Published shared responsibility matrices (RACI) of a cloud provider's services: list services and "
        "versions, fetch a version as its interchange JSON, the version in force on a date, the diff of two "
        "versions; pipelines with a token import into a service's draft and publish it."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # The browsable reference is served from our static files (no third-party host, CSP 'self').
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "responsibilities.api.schema.add_components",
    ],
}
DATA_UPLOAD_MAX_MEMORY_SIZE = max(RACI_MAX_IMPORT_BYTES * 2, 2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
#: The admin's grid editor posts about (5 + parties) fields per row: 2,000 rows × 4 parties
#: need ~18,000 (Django's default of 1,000 would refuse a 100-row matrix).
DATA_UPLOAD_MAX_NUMBER_FIELDS = env.int("DATA_UPLOAD_MAX_NUMBER_FIELDS", default=30_000)
