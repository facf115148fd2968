"""Settings for Buurt in Bloei, driven by environment variables.

Every value a deployment may change is read from the environment through the strict helpers
below: a malformed value stops the process at start-up instead of silently meaning something
else. The defaults are the safe production ones; development opts in with ``DEBUG=true``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from cryptography.fernet import Fernet
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from buurtinbloei.phone import normalise_phone

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use true or false)")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Translate ``postgres://user:pass@host:port/name?opt=val`` or ``sqlite:///path``."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        # sqlite:///relative/path and sqlite:////absolute/path, as dj-database-url reads them.
        name = path[1:] if path.startswith("/") else path
        return sqlite_database(Path(name) if name.startswith("/") else BASE_DIR / name)
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            **postgres_connection_settings(dict(parse_qsl(parts.query))),
            "TEST": {"NAME": env_str("TEST_DATABASE_NAME") or None},
        }
    raise ImproperlyConfigured(f"DATABASE_URL scheme {parts.scheme!r} is not supported")


def postgres_connection_settings(url_options: dict) -> dict:
    """How the app holds its PostgreSQL connections, so that an outage is short and visible.

    The default is one persistent connection per gunicorn worker (``CONN_MAX_AGE``), checked
    before each request reuses it (``CONN_HEALTH_CHECKS``): a sync worker serves one request at
    a time, so a pool would hold no more than that one connection anyway. Measured with the
    database cut off and restored (tests/reliability/test_outage.py, README "Production
    deployment"): every page answers 503 within milliseconds while PostgreSQL refuses
    connections, and the first request after it is back connects again. psycopg's pool
    (``DB_POOL=true``) waits ``DB_POOL_TIMEOUT`` seconds in every request during an outage, and
    after one it reconnects with a back-off that doubles up to ``reconnect_timeout``: minutes
    of 503s after a long outage unless that is kept short, as it is here.
    """
    options: dict = {
        # libpq gives up on a host that does not answer the connect (2 is libpq's minimum).
        "connect_timeout": env_int("DB_CONNECT_TIMEOUT", 2),
    }
    statement_timeout = env_int("DB_STATEMENT_TIMEOUT", 0)
    if statement_timeout > 0:
        # A runaway query ends with an error (a 500 with a Foutcode) instead of holding a
        # worker until gunicorn kills it; 0 (the default) leaves it to PostgreSQL's setting.
        options["options"] = f"-c statement_timeout={statement_timeout * 1000}"
    conn_max_age: int | None = env_int("DB_CONN_MAX_AGE", 600)
    if env_bool("DB_POOL", False):
        options["pool"] = {
            # The longest a request waits for a connection before the 503 page.
            "timeout": float(env_int("DB_POOL_TIMEOUT", 1)),
            "min_size": env_int("DB_POOL_MIN_SIZE", 1),
            "max_size": env_int("DB_POOL_MAX_SIZE", 4),
            # A failed reconnect is retried after 1, 2, 4 ... seconds; giving up soon lets the
            # next request start again right away instead of waiting out a long back-off.
            "reconnect_timeout": float(env_int("DB_POOL_RECONNECT_TIMEOUT", 2)),
        }
        conn_max_age = 0  # the pool keeps the connections; Django refuses both at once
    options.update(url_options)
    return {
        "OPTIONS": options,
        "CONN_MAX_AGE": conn_max_age,
        # A kept connection is checked (``SELECT 1``) before each request's first query, so a
        # restarted PostgreSQL costs no failed request once it is back.
        "CONN_HEALTH_CHECKS": True,
    }


def sqlite_database(path: Path) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            # WAL lets readers and one writer work at once; IMMEDIATE takes the write lock at
            # the start of a transaction, so concurrent writers wait instead of failing.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    # Development only: one random key per checkout, kept out of git under var/.
    path = VAR_DIR / "secret-key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()


def _mfa_encryption_keys() -> list[str]:
    """Fernet keys for TOTP secrets and recovery-code seeds; the first one encrypts.

    Separate from SECRET_KEY, so that neither a database backup alone nor a leaked
    SECRET_KEY alone gives anyone a second factor. Several comma-separated keys allow a
    rotation: new secrets use the first, all of them still decrypt.
    """
    value = env_str("MFA_ENCRYPTION_KEY")
    if not value:
        if not DEBUG:
            raise ImproperlyConfigured(
                "MFA_ENCRYPTION_KEY must be set when DEBUG is off; make one with: python -c "
                "'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
            )
        path = VAR_DIR / "mfa-encryption-key"
        if not path.exists():
            VAR_DIR.mkdir(parents=True, exist_ok=True)
            path.write_text(Fernet.generate_key().decode())
            path.chmod(0o600)
        value = path.read_text().strip()
    keys = [key.strip() for key in value.split(",") if key.strip()]
    if not keys:
        raise ImproperlyConfigured("MFA_ENCRYPTION_KEY holds no key")
    for key in keys:
        try:
            Fernet(key)
        except ValueError:
            raise ImproperlyConfigured(
                "MFA_ENCRYPTION_KEY holds something that is not a Fernet key "
                "(32 url-safe base64-encoded bytes)"
            ) from None
    return keys


MFA_ENCRYPTION_KEYS = _mfa_encryption_keys()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "buurtinbloei",
    "talents",
    "networks",
    "matches",
    "stories",
    # Kom tot Bloei trainings: right of matches, because a finished participant's next step
    # reaches ontwikkelplaatsen, kernteams and matches (DESIGN.md's layering).
    "trainings",
    "routes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # OpClass in index expressions (the trigram indexes of talents 0004); inert on SQLite.
    "django.contrib.postgres",
    "django_htmx",
    "template_partials",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

MIDDLEWARE = [
    # First, so that every response (redirects and error pages too) gets a request id and a
    # log line (buurtinbloei/logging.py).
    "buurtinbloei.middleware.request_log",
    "django.middleware.security.SecurityMiddleware",
    "buurtinbloei.middleware.security_headers",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "buurtinbloei.middleware.language",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "buurtinbloei.sessions.session_limits",
    "buurtinbloei.middleware.require_mfa",
    "buurtinbloei.middleware.private_pages",
]
# The benchmark (bench/) reads how many queries each response took from a response header.
# Off by default: it tells an outsider something about the server's work.
if env_bool("BENCH_QUERY_COUNT", False):
    MIDDLEWARE.insert(0, "buurtinbloei.middleware.query_count")

ROOT_URLCONF = "buurtinbloei.urls"
WSGI_APPLICATION = "buurtinbloei.wsgi.application"

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
                "csp.context_processors.nonce",
                "buurtinbloei.context_processors.navigation",
                "buurtinbloei.context_processors.contact",
            ],
        },
    }
]

VAR_DIR_DB = VAR_DIR / "buurtinbloei.sqlite3"
DATABASES = {
    "default": database_from_url(env_str("DATABASE_URL"))
    if env_str("DATABASE_URL")
    else sqlite_database(VAR_DIR_DB)
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "buurtinbloei.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # The same words with digits, signs or look-alike letters around them (passwords.py).
    {"NAME": "buurtinbloei.passwords.CommonPatternValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# Staff accounts: e-mail login, no public sign-up (the adapter closes it), rate limits on.
ACCOUNT_ADAPTER = "buurtinbloei.accounts.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": env_str("LOGIN_FAILED_RATE_LIMIT", "10/m/ip,5/5m/key"),
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Buurt in Bloei] "
MFA_ADAPTER = "buurtinbloei.accounts.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Buurt in Bloei"
# When on, every staff member must set up an authenticator app before using the app.
MFA_REQUIRED = env_bool("MFA_REQUIRED", not DEBUG)

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Buurt in Bloei <noreply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers. CSP and the header middleware are on in every mode so that a violation
# shows up in development and in the browser tests; transport security only in production.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        # data: for the SVG icons inside the NL Design System CSS and allauth's TOTP QR code.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 10)
# A signed-in session ends after this many seconds without a request, and this many seconds
# after login whatever happens (buurtinbloei/sessions.py); the cookie age alone slides.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 30 * 60)
SESSION_ABSOLUTE_LIFETIME = env_int("SESSION_ABSOLUTE_LIFETIME", 60 * 60 * 10)

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Behind the TLS proxy, its X-Forwarded-Proto and X-Forwarded-For headers are trusted; without
# one they would come from the client, who could then pose as anyone (or any IP address).
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", not DEBUG)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies of our own append to X-Forwarded-For (only read behind the proxy): the
# client is that many hops from the end. buurtinbloei.audit.client_ip is the one reader, for
# the audit log, the sign-up limit and allauth's login limits (the account adapter).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
if TRUSTED_PROXY_COUNT < 1:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 1 or more")
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT if BEHIND_TLS_PROXY else 0

DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
ADMINS = [("Beheer", a) for a in env_list("ADMIN_EMAILS")]

# Query strings can hold personal data (a search for a phone number): no log line and no
# error e-mail of ours writes them (buurtinbloei/logging.py). Django's own "django" logger is
# configured here so that its error e-mail handler gets the filter too.
# Every record carries the id of its request (buurtinbloei.middleware.request_log); one line per
# request comes from the "buurtinbloei.requests" logger. LOG_FORMAT: "json" (one object per line,
# for a log collector; the default in production) or "text" (the default with DEBUG).
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: use json or text")
# While the database is away every request fails alike: one error e-mail per this many minutes
# (per worker process) says so, the rest go to the log only. 0: none at all.
OUTAGE_MAIL_MINUTES = env_int("OUTAGE_MAIL_MINUTES", 15)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "no_query_strings": {"()": "buurtinbloei.logging.NoQueryStrings"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "request_id": {"()": "buurtinbloei.logging.RequestId"},
        "one_outage_mail": {
            "()": "buurtinbloei.logging.OneOutageMailPer",
            "minutes": OUTAGE_MAIL_MINUTES,
        },
    },
    "formatters": {
        "json": {"()": "buurtinbloei.logging.JsonFormatter"},
        "text": {"()": "buurtinbloei.logging.TextFormatter"},
        "mail": {"format": "%(message)s\n\nFoutcode (request id): %(request_id)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["no_query_strings", "request_id"],
            "formatter": LOG_FORMAT,
        },
        "mail_admins": {
            "level": "ERROR",
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["require_debug_false", "no_query_strings", "request_id", "one_outage_mail"],
            "formatter": "mail",
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "INFO"},
    },
}

# The cache holds rate-limit counters (allauth's login limits, the public sign-up's per-IP
# limit). It lives in the database because gunicorn runs several workers, and later perhaps
# several servers: a per-process memory cache would let every worker count on its own, so a
# limit of 5 would really be 5 per worker. The app needs no other service (no Redis) this way.
# Its table is made by `manage.py createcachetable` (idempotent; `make run` and every deploy
# run it after `migrate`; the test runner makes it itself).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "buurtinbloei_cache",
    }
}

# Public sign-up (/aanmelden/): a form sent back faster than this is taken for a bot, and one
# IP address may send this many sign-ups per period ("5/h": per s, m, h or d).
SIGNUP_MIN_SECONDS = env_int("SIGNUP_MIN_SECONDS", 3)
SIGNUP_RATE_LIMIT = env_str("SIGNUP_RATE_LIMIT", "5/h")

# The number residents can call instead of filling in a form: shown on the landing page, the
# sign-up form, its thank-you page and the privacy statement (stored like residents' numbers).
WIJ_PHONE = env_str("WIJ_PHONE", "").strip()
if WIJ_PHONE and normalise_phone(WIJ_PHONE) is None:
    raise ImproperlyConfigured(f"WIJ_PHONE={WIJ_PHONE!r} is not a phone number")
WIJ_PHONE = normalise_phone(WIJ_PHONE) or ""
# How long residents' data is kept after the last contact (the privacy statement says so).
RETENTION_MONTHS = env_int("RETENTION_MONTHS", 24)
# The address links in e-mails start with (no request to ask when a cron job sends them).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")

# Demo logins (seed_demo) use this password; never used when DEBUG is off unless forced.
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "bloei-demo-2026")

# --- matches ------------------------------------------------------------------------------------
#: A resident in this many active matches (proposed, introduction planned, started) is not
#: suggested for another one.
MATCH_MAX_ACTIVE_PER_RESIDENT = env_int("MATCH_MAX_ACTIVE_PER_RESIDENT", 2)
#: A proposed match is due a follow-up this many days after it was proposed.
MATCH_FOLLOW_UP_DAYS = env_int("MATCH_FOLLOW_UP_DAYS", 14)
#: Check-ins on a started match, in weeks after its start ("2,6": two and six weeks).
MATCH_CHECK_IN_WEEKS = [int(w) for w in env_list("MATCH_CHECK_IN_WEEKS", "2,6")]
#: A talent offered longer ago than this, with no conversation since, is left out of suggestions
#: until a verbinder confirms it is still on offer.
OFFER_STALE_MONTHS = env_int("OFFER_STALE_MONTHS", 12)
#: How long a contact person's check-in link stays valid.
CHECK_IN_LINK_DAYS = env_int("CHECK_IN_LINK_DAYS", 30)
#: Student houses: in this month (9: September) each house's contact is asked by e-mail, once
#: per academic year, to confirm who lives there; the academic year starts in this month.
STUDENT_HOUSE_CONFIRM_MONTH = env_int("STUDENT_HOUSE_CONFIRM_MONTH", 9)
#: Members not confirmed this many days after the question are made inactive (the link in the
#: e-mail stays valid as long).
STUDENT_HOUSE_CONFIRM_DAYS = env_int("STUDENT_HOUSE_CONFIRM_DAYS", 30)
#: How long the KPI dashboard keeps its figures per filter combination (seconds; 0: never).
#: At city scale they take seconds to compute, and the page says when they were computed.
KPI_CACHE_SECONDS = env_int("KPI_CACHE_SECONDS", 300)

# --- Scheduled jobs, the mail outbox and backups (README: "Scheduled jobs", "Backups") ---------
#: Seconds an SMTP connection may wait for the mail server before giving up (Django's own
#: setting; None would wait forever). Notification mail is sent off the request path anyway.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
#: Send queued notification mail right after the commit (else only `send_pending_mail` does)...
MAIL_SEND_AFTER_COMMIT = env_bool("MAIL_SEND_AFTER_COMMIT", True)
#: ... in a background thread, so a slow mail server never delays a response. Off: in the
#: committing thread (the tests do that, to see the mail at once).
MAIL_SEND_IN_THREAD = env_bool("MAIL_SEND_IN_THREAD", True)
#: A failed attempt is retried after this many seconds, doubled per attempt (at most 6 hours)...
MAIL_RETRY_SECONDS = env_int("MAIL_RETRY_SECONDS", 300)
#: ... until this many attempts; then the mail is marked failed (admin, and an error log line).
MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 8)
#: Sent mail is deleted after this many days, failed mail after the second number.
MAIL_KEEP_SENT_DAYS = env_int("MAIL_KEEP_SENT_DAYS", 3)
MAIL_KEEP_FAILED_DAYS = env_int("MAIL_KEEP_FAILED_DAYS", 30)
#: Where `manage.py backup` writes; keep it off the web root, and copy it off the server.
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(VAR_DIR / "backups")))
#: A Fernet key (like MFA_ENCRYPTION_KEY) that encrypts backups at rest; empty: unencrypted.
BACKUP_ENCRYPTION_KEY = env_str("BACKUP_ENCRYPTION_KEY")
if BACKUP_ENCRYPTION_KEY:
    try:
        Fernet(BACKUP_ENCRYPTION_KEY)
    except ValueError:
        raise ImproperlyConfigured("BACKUP_ENCRYPTION_KEY is not a Fernet key") from None
#: Backups older than this many days are deleted by `manage.py backup`; backups hold personal
#: data, so never longer than the retention period.
BACKUP_KEEP_DAYS = env_int("BACKUP_KEEP_DAYS", 30)
if not 1 <= BACKUP_KEEP_DAYS <= RETENTION_MONTHS * 31:
    raise ImproperlyConfigured("BACKUP_KEEP_DAYS must be 1 or more and within RETENTION_MONTHS")

# --- stories ------------------------------------------------------------------------------------
#: Where story photos are kept: outside the web root (no URL serves this folder; the story's
#: photo view does, to staff only). Back it up with the database.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT") or VAR_DIR / "private-media")
#: The largest photo upload taken (bytes), and the longest side a photo is scaled down to.
STORY_PHOTO_MAX_BYTES = env_int("STORY_PHOTO_MAX_BYTES", 8_000_000)
STORY_PHOTO_MAX_SIDE = env_int("STORY_PHOTO_MAX_SIDE", 1600)

# --- trainings ----------------------------------------------------------------------------------
#: A Kom tot Bloei participant has finished the training when they attended at least this share
#: of its sessions, in percent (75: 3 of 4 sessions). Computed in the database.
TRAINING_COMPLETION_PERCENT = env_int("TRAINING_COMPLETION_PERCENT", 75)
if not 1 <= TRAINING_COMPLETION_PERCENT <= 100:
    raise ImproperlyConfigured(
        f"TRAINING_COMPLETION_PERCENT={TRAINING_COMPLETION_PERCENT} is not between 1 and 100"
    )

# --- routes (landing routes after GGZ care) ------------------------------------------------------
#: Check-ins on a new landing route, in weeks after its start; each route may change them.
ROUTE_CHECK_IN_WEEKS = [int(w) for w in env_list("ROUTE_CHECK_IN_WEEKS", "2,6,12")]
#: A check-in not logged this many days after its date is an alert (dashboard and one e-mail).
ROUTE_CHECK_IN_GRACE_DAYS = env_int("ROUTE_CHECK_IN_GRACE_DAYS", 3)
#: How long a buddy's or group's link to their page of a route stays valid (it can be revoked
#: sooner, and stops working when the route ends).
ROUTE_LINK_DAYS = env_int("ROUTE_LINK_DAYS", 90)
