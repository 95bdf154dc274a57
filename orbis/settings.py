"""Orbis settings: every value comes from an environment variable with a safe default.

Each variable is listed in .env.example. DATABASE_URL switches the embedded SQLite database
to PostgreSQL (postgres://user@host:5432/name).
"""

from __future__ import annotations

import datetime
import hashlib
import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from orbis.development import data_dir

BASE_DIR = Path(__file__).resolve().parent
# ORBIS_DATA_DIR, var/ beside the package by default; where `make run` marks a development checkout.
DATA_DIR = data_dir()


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("ORBIS_DEBUG", False)
# Development mode (make run, tests): a built-in secret key, plain HTTP, static files from source.
DEV_MODE = DEBUG or env_bool("ORBIS_DEV", False)
_DEV_SECRET = "orbis-development-only-secret-key-never-use-in-production-0123456789"
SECRET_KEY = os.environ.get("ORBIS_SECRET_KEY", _DEV_SECRET if DEV_MODE else "")
if not SECRET_KEY:
    raise RuntimeError("Set ORBIS_SECRET_KEY (or ORBIS_DEV=1 / ORBIS_DEBUG=1 for development).")
# Django's deploy check only warns about a weak key; a production Orbis does not start with one.
if not DEV_MODE and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise RuntimeError(
        "ORBIS_SECRET_KEY is too weak: use at least 50 random characters, e.g. "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
# The audit chain's HMAC key; separate so it can be held apart from the web tier's secret.
AUDIT_HMAC_KEY = os.environ.get(
    "ORBIS_AUDIT_KEY", hashlib.sha256(b"orbis-audit:" + SECRET_KEY.encode()).hexdigest()
)
# Checkpoints of the chain outside the database (audit/checkpoints.py): copy this file, or ship
# the `orbis.audit.checkpoint` log lines, to storage the database's administrators cannot write.
AUDIT_CHECKPOINT_FILE = os.environ.get(
    "ORBIS_AUDIT_CHECKPOINT_FILE", str(DATA_DIR / "audit-checkpoints.jsonl")
)
# On PostgreSQL a read event outside a transaction commits without waiting for the WAL flush
# (orbis.audit.reads explains the trade); on, every read event waits like any other write.
AUDIT_READS_DURABLE = env_bool("ORBIS_AUDIT_READS_DURABLE", False)

# Keys that encrypt personal data at rest (kernel/crypto.py): JSON in ORBIS_KEYRING or a file
# named by ORBIS_KEYRING_FILE; a KMS-backed keyring class by ORBIS_KEYRING_BACKEND. Development
# keeps a generated keyring file in the data directory (0600) and adds a key per region on demand.
KEYRING_BACKEND = os.environ.get("ORBIS_KEYRING_BACKEND", "orbis.kernel.crypto.LocalKeyring")
KEYRING_JSON = os.environ.get("ORBIS_KEYRING", "")
KEYRING_FILE = os.environ.get(
    "ORBIS_KEYRING_FILE", str(DATA_DIR / "keyring.json") if DEV_MODE and not KEYRING_JSON else ""
)
KEYRING_GENERATE = DEV_MODE and not KEYRING_JSON
if (
    KEYRING_BACKEND == "orbis.kernel.crypto.LocalKeyring"
    and not KEYRING_JSON
    and not (KEYRING_FILE and (KEYRING_GENERATE or Path(KEYRING_FILE).is_file()))
):
    raise RuntimeError(
        "Set ORBIS_KEYRING or ORBIS_KEYRING_FILE (an existing file): the keys that encrypt "
        "personal data (see docs/privacy.md, Encryption of personal data)."
    )

ALLOWED_HOSTS = env_list("ORBIS_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("ORBIS_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks_db",
    "axes",
    "orbis.kernel",
    "orbis.localisation",
    "orbis.audit",
    "orbis.identity",
    "orbis.customers",
    "orbis.privacy",
    "orbis.privacy.requests",
    "orbis.privacy.governance",
    "orbis.sales",
    "orbis.demo",
]

MIDDLEWARE = [
    # First: a chunked request body must be read before anything reads the (empty) body.
    "orbis.kernel.input_guard.ChunkedBodyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, so static files keep their long cache lifetime.
    "orbis.kernel.http_cache.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "orbis.identity.middleware.UserLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "orbis.kernel.input_guard.InputGuardMiddleware",
    "orbis.api_schema.ApiMethodsMiddleware",
    "orbis.identity.middleware.AuditContextMiddleware",
    "orbis.privacy.gpc.GlobalPrivacyControlMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "orbis.urls"
WSGI_APPLICATION = "orbis.wsgi.application"
ASGI_APPLICATION = "orbis.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- database --------------------------------------------------------------------------------
DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'orbis.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=600,
        # A health check is one more round trip per request; without it, the first request
        # after a database restart fails once and the connection is replaced.
        conn_health_checks=env_bool("ORBIS_DB_HEALTH_CHECKS", False),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if os.environ.get("ORBIS_SQLITE_NO_PERSIST") else None
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock up front
        # so two writers queue instead of failing with "database is locked" half-way.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA cache_size=-65536; PRAGMA mmap_size=1073741824; PRAGMA temp_store=MEMORY; "
            # Deleted and overwritten values (an erased email, a re-encrypted token) are zeroed
            # instead of lingering in free pages of the file.
            "PRAGMA secure_delete=ON;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
else:
    DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ.get(
        "ORBIS_TEST_DB_NAME", "test_orbis"
    )
# The statements every API call makes are prepared once per PostgreSQL connection
# (kernel.prepared.Statement). Turn off behind a pooler in transaction mode (PgBouncer), where
# consecutive transactions may land on different server sessions.
DB_PREPARED_STATEMENTS = env_bool("ORBIS_DB_PREPARED_STATEMENTS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- identity ----------------------------------------------------------------------------------
AUTH_USER_MODEL = "identity.User"
# The second backend signs no one in: it answers user.has_perm() with the user's Orbis roles,
# so apps below identity (localisation) can check an Orbis permission without importing it.
AUTHENTICATION_BACKENDS = [
    # First: refuses sign-ins from a locked-out username or address (identity/lockout.py).
    "axes.backends.AxesStandaloneBackend",
    "orbis.identity.backends.PasswordBackend",
    "orbis.identity.backends.RolePermissionBackend",
]
# Sign-in throttling (django-axes, identity/lockout.py): this many failures for one username or
# from one address lock sign-ins from there for the cool-off time; a success resets the count.
AXES_FAILURE_LIMIT = int(os.environ.get("ORBIS_SIGN_IN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=int(os.environ.get("ORBIS_SIGN_IN_LOCKOUT_MINUTES", 15))
)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "orbis.identity.lockout.locked_out"
# The client address is REMOTE_ADDR (the peer of the connection): behind a reverse proxy,
# give each client's address to Orbis as REMOTE_ADDR or all clients share one count.
AXES_VERBOSE = False  # lockouts are audited and logged on one line (identity/lockout.py)
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins are not kept with their addresses
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # "98234756104" is no password: digits alone are refused (issue 12).
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# A password reset link works once and for this many seconds (Django's default is three days).
PASSWORD_RESET_TIMEOUT = int(os.environ.get("ORBIS_PASSWORD_RESET_TIMEOUT", 3600))
# Reset emails per address and per account within PASSWORD_RESET_WINDOW seconds; more requests
# get the same answer but send nothing (identity/password_reset.py).
PASSWORD_RESET_LIMIT = int(os.environ.get("ORBIS_PASSWORD_RESET_LIMIT", 3))
# Reset requests from one client address within the window, whatever addresses they name.
PASSWORD_RESET_CLIENT_LIMIT = int(os.environ.get("ORBIS_PASSWORD_RESET_CLIENT_LIMIT", 10))
PASSWORD_RESET_WINDOW = int(os.environ.get("ORBIS_PASSWORD_RESET_WINDOW", 3600))

# Where people outside reach Orbis: the start of links in emails (quote acceptance, consent
# confirmation); the public address behind the proxy in production.
ORBIS_PUBLIC_URL = os.environ.get("ORBIS_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")

# The organisation's name as the public web forms show it in their consent wording.
ORBIS_ORGANISATION_NAME = os.environ.get("ORBIS_ORGANISATION_NAME", "Orbis")
# POSTs one address may send to one public web form per hour (sales.public_form).
ORBIS_WEB_FORM_LIMIT = int(os.environ.get("ORBIS_WEB_FORM_LIMIT", 20))

# The organisation's one reporting currency: won deals and booked orders keep their amount in it
# at the rate of the day they closed (sales.rates); the forecast and reports add those.
REPORTING_CURRENCY = os.environ.get("ORBIS_REPORTING_CURRENCY", "EUR").strip().upper()

# --- email -------------------------------------------------------------------------------------
# Development writes each message as a file under $ORBIS_DATA_DIR/mail (nothing leaves the
# machine, and no address lands in a log); production sends through an SMTP server.
EMAIL_BACKEND = os.environ.get(
    "ORBIS_EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if DEV_MODE
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = os.environ.get("ORBIS_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("ORBIS_EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("ORBIS_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("ORBIS_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("ORBIS_EMAIL_STARTTLS", False)
EMAIL_USE_SSL = env_bool("ORBIS_EMAIL_SSL", False)
EMAIL_TIMEOUT = float(os.environ.get("ORBIS_EMAIL_TIMEOUT", 10))
DEFAULT_FROM_EMAIL = os.environ.get("ORBIS_EMAIL_FROM", "Orbis <orbis@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- cache -------------------------------------------------------------------------------------
# Counters that must hold across the web server's processes (the password reset limits): a
# file cache under the data directory serves every process on one host; several hosts need a
# shared cache, e.g. ORBIS_CACHE_BACKEND=django.core.cache.backends.redis.RedisCache with
# ORBIS_CACHE_LOCATION=redis://10.0.0.5:6379 (and the redis package installed).
CACHES = {
    "default": {
        "BACKEND": os.environ.get(
            "ORBIS_CACHE_BACKEND", "django.core.cache.backends.filebased.FileBasedCache"
        ),
        "LOCATION": os.environ.get("ORBIS_CACHE_LOCATION", str(DATA_DIR / "cache")),
    }
}

# --- internationalisation ----------------------------------------------------------------------
LANGUAGE_CODE = "en"
# The ten UI languages, each named in its own language (the switcher shows these names).
LANGUAGES = [
    ("en", "English"),
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("es", "Español"),
    ("pt-br", "Português (Brasil)"),
    ("ja", "日本語"),
    ("zh-hans", "简体中文"),
    ("ko", "한국어"),
    ("ar", "العربية"),
    ("hi", "हिन्दी"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# --- static files ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEV_MODE
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEV_MODE

# --- background tasks --------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# How often the periodic scheduler (kernel.schedule) looks for due jobs, in seconds.
SCHEDULER_TICK_SECONDS = float(os.environ.get("ORBIS_SCHEDULER_TICK_SECONDS", 30))

# --- exchange rates ----------------------------------------------------------------------------
# The ECB feed the daily refresh reads (any of its eurofxref XML files), and how long it waits.
ECB_FEED_URL = os.environ.get(
    "ORBIS_ECB_FEED_URL", "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist-90d.xml"
)
ECB_FEED_TIMEOUT = float(os.environ.get("ORBIS_ECB_FEED_TIMEOUT", 10))

# --- security ----------------------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
_HTTPS = env_bool("ORBIS_HTTPS", not DEV_MODE)
SESSION_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_SECURE = _HTTPS
SECURE_SSL_REDIRECT = _HTTPS and env_bool("ORBIS_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("ORBIS_HSTS_SECONDS", 31536000 if _HTTPS else 0))
# Subdomains and the browsers' preload list are a promise about the whole domain, hard to take
# back: each is the operator's choice (docs/operations.md), so the deploy check's warnings
# about them are silenced below.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("ORBIS_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("ORBIS_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("ORBIS_BEHIND_PROXY", False) else None
)
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("ORBIS_MAX_BODY_BYTES", 1_048_576))

# --- logging -----------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Every handler gets the filter: logs never hold a raw email or phone number.
    "filters": {
        "redact_personal_data": {"()": "orbis.kernel.logging.RedactPersonalData"},
        "refusals_on_one_line": {"()": "orbis.kernel.logging.RefusalsOnOneLine"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("ORBIS_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Replaces Django's own handlers on these (they would bypass the filter).
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # A 403 is one INFO line, without the PermissionDenied traceback (it is audited).
        "django.request": {"filters": ["refusals_on_one_line"]},
        # django-axes logs every failed sign-in at INFO; lockouts are audited and WARNINGs.
        "axes": {"level": "WARNING"},
    },
}

# --- API ---------------------------------------------------------------------------------------
NINJA_PAGINATION_MAX_LIMIT = 200
API_MAX_PAGE_SIZE = 200
