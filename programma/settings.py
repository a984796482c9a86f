"""One settings module, driven by environment variables (see README.md).

Without DATABASE_URL and REDIS_URL the project runs on an SQLite file with
eager Celery tasks and a local-memory cache, so a fresh clone works as is.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "si", "sì"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("DJANGO_SECRET_KEY deve essere impostata quando DJANGO_DEBUG è spento.")
    SECRET_KEY = "django-insecure-solo-per-sviluppo-locale"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if not DEBUG else "*")
# The container's own health check calls /healthz on localhost.
ALLOWED_HOSTS += [host for host in ("127.0.0.1", "localhost") if host not in ALLOWED_HOSTS and "*" not in ALLOWED_HOSTS]
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "programma.admin_config.AdminConfig",  # the admin, its modules loaded when first needed
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "import_export",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "regioni",
    "programma",
    "tavoli",
    "eventi",
    "contatori",
]

MIDDLEWARE = [
    # First: an oversized body is refused before anything reads it.
    "programma.security.LimiteCorpoRichiestaMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The live pages' poll of the counters' generation: a 304 from the cache, before the session and
    # the user are read (contatori/views/vivo.py).
    "contatori.views.vivo.GenerazioneMiddleware",
    # After WhiteNoise, which serves static files precompressed (.br/.gz) and returns before it.
    "django.middleware.gzip.GZipMiddleware",
    "programma.security.CSPConAdmin",  # django-csp's, see CONTENT_SECURITY_POLICY
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "programma.security.ScadenzaSessioneNazionaleMiddleware",
    "programma.security.DueFattoriMiddleware",
    "programma.security.NoStoreAutenticatiMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A NUL in the query string is a 400 before any view (after the session and user: the page is drawn).
    "programma.security.ParametriNonValidiMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# django-axes watches every authenticate() call (our login page and the admin's) and must come first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "programma.urls"
WSGI_APPLICATION = "programma.wsgi.application"

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
                "regioni.context_processors.ambito",
                "programma.context_processors.edizione",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        # A persistent connection killed by a database restart is replaced before the request uses it.
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italiano"))]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes, programma/accessi.py): the pair (user name, address) is locked after
# DJANGO_ACCESSO_TENTATIVI failures, an address as a whole only after DJANGO_ACCESSO_TENTATIVI_INDIRIZZO;
# a name is never locked everywhere: its failures from many addresses make a login from an address it
# never signed in from wait a doubling delay, up to DJANGO_ACCESSO_RITARDO_MASSIMO_SECONDI.
# Admins unlock from "Tentativi di accesso" in the admin.
AXES_HANDLER = "programma.accessi.GestoreAccessi"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_ACCESSO_TENTATIVI", "10"))
ACCESSO_TENTATIVI_INDIRIZZO = int(os.environ.get("DJANGO_ACCESSO_TENTATIVI_INDIRIZZO", "100"))
ACCESSO_RITARDO_MASSIMO_SECONDI = int(os.environ.get("DJANGO_ACCESSO_RITARDO_MASSIMO_SECONDI", "300"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_ACCESSO_BLOCCO_MINUTI", "15")))
AXES_LOCKOUT_CALLABLE = "programma.accessi.risposta_blocco"
# Behind N trusted proxies the client's address is the N-th from the right of X-Forwarded-For;
# without this every user would share the proxy's address and lock each other out.
PROXY_FIDATI = int(os.environ.get("DJANGO_PROXY_FIDATI", "0"))
AXES_CLIENT_IP_CALLABLE = "programma.security.indirizzo_client"

# National roles (Coordinatore, Amministratore) see every region: their session ends after this
# much inactivity (sliding), while an Operatore keeps Django's default session age.
SESSIONE_NAZIONALE_INATTIVITA = int(os.environ.get("DJANGO_SESSIONE_NAZIONALE_MINUTI", "30")) * 60

# Two-factor (TOTP, django-otp) for national roles: optional unless this is on. Set true in production.
OTP_OBBLIGATORIO = env_bool("DJANGO_OTP_OBBLIGATORIO", False)
OTP_TOTP_ISSUER = "Programma Infrastrutture"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Third-party front-end packages are installed by npm; only the files we use are exposed. The
# Bootstrap Italia and Chart.js code the pages load is built into static/build/ by `npm run build`.
NODE_MODULES = Path(os.environ.get("NODE_MODULES_DIR", BASE_DIR / "node_modules"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap-italia/fonts", NODE_MODULES / "bootstrap-italia" / "dist" / "fonts"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Uploads (verbali, reports, import files) are checked by content; this is the ceiling.
MAX_UPLOAD_SIZE = int(os.environ.get("DJANGO_MAX_UPLOAD_MB", "20")) * 1024 * 1024
# Import files of works (CSV/XLSX) may be larger than other uploads.
IMPORT_MAX_MB = int(os.environ.get("DJANGO_IMPORT_MAX_MB", "50"))
# Bounds on what an import file may make the server unpack, parse and keep (a hostile file must not
# exhaust memory or CPU): an XLSX's members are checked before parsing, rows and cells while reading.
IMPORT_MAX_UNZIPPED_MB = int(os.environ.get("DJANGO_IMPORT_MAX_UNZIPPED_MB", "500"))
IMPORT_MAX_ZIP_RATIO = int(os.environ.get("DJANGO_IMPORT_MAX_ZIP_RATIO", "100"))
IMPORT_MAX_ROWS = int(os.environ.get("DJANGO_IMPORT_MAX_ROWS", "200000"))
IMPORT_MAX_CELLS = int(os.environ.get("DJANGO_IMPORT_MAX_CELLS", "5000000"))
IMPORT_MAX_SECONDS = int(os.environ.get("DJANGO_IMPORT_MAX_SECONDS", "900"))
# A rejected file lists this many errors; further bad rows are only counted.
IMPORT_MAX_ERRORS = int(os.environ.get("DJANGO_IMPORT_MAX_ERRORS", "1000"))
# An upload left waiting (columns to match, a preview to confirm) is discarded after this many hours.
IMPORT_ANTEPRIMA_ORE = int(os.environ.get("DJANGO_IMPORT_ANTEPRIMA_ORE", "24"))
# The Libro Bianco and the national volume are typeset in a child process with this budget: one
# that runs over fails with a message and frees its worker (programma/risultati/stampa.py).
PDF_MAX_SECONDI = int(os.environ.get("DJANGO_PDF_MAX_SECONDI", "90"))
PDF_MAX_MB = int(os.environ.get("DJANGO_PDF_MAX_MB", "2048"))
# Counter pages and open data are cached per snapshot generation (never stale: a recount makes a new
# key); this only bounds how long an old generation's entries linger. 0 turns the cache off.
CONTATORI_CACHE_SECONDI = int(os.environ.get("CONTATORI_CACHE_SECONDI", "3600"))
# Non-file form fields are small; a bigger non-file body is refused by Django (400).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A request body longer than this is refused with 413 before it is read (LimiteCorpoRichiestaMiddleware):
# the largest upload (an import file) plus 1 MB for the form's other fields and the multipart framing.
MAX_CORPO_RICHIESTA = max(MAX_UPLOAD_SIZE, IMPORT_MAX_MB * 1024 * 1024) + 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

REDIS_URL = os.environ.get("REDIS_URL", "")
# Every Redis call (cache, broker, lock) gives up within seconds: a dead or stuck Redis must
# slow a save by at most that much, never hang it (the counters catch up, see contatori/services.py).
REDIS_CONNECT_TIMEOUT = float(os.environ.get("REDIS_CONNECT_TIMEOUT", "1"))
REDIS_SOCKET_TIMEOUT = float(os.environ.get("REDIS_SOCKET_TIMEOUT", "2"))
REDIS_OPZIONI = {"socket_connect_timeout": REDIS_CONNECT_TIMEOUT, "socket_timeout": REDIS_SOCKET_TIMEOUT}
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "OPTIONS": REDIS_OPZIONI},
        # Cached counter pages: fail open (a miss) when Redis does not answer.
        "pagine": {"BACKEND": "programma.cache.RedisTollerante", "LOCATION": REDIS_URL, "OPTIONS": REDIS_OPZIONI},
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pagine": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pagine"},
    }
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TRACK_STARTED = True
# The worker waits for the broker at start; a web process publishing a task does not: one quick
# retry, then the caller logs the failure and the durable "dirty" mark gets the recount done later.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_CONNECT_TIMEOUT
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
# Redis redelivers a message nobody acknowledged within the visibility timeout. Celery's Redis
# caveats (docs.celeryq.dev, getting-started/backends-and-brokers/redis.html#redis-caveats): it must
# exceed the longest countdown/ETA, or the task runs again in a loop, and be no longer than needed,
# because a message lost with a killed worker waits that long; the docs ask to set it in all three
# places. Here: longer than the recount's hard limit plus its longest retry countdown (acks_late),
# and the import tasks are acknowledged when they start. Ten minutes is also beat's period.
CELERY_VISIBILITY_TIMEOUT = 600
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT, **REDIS_OPZIONI}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_CONNECT_TIMEOUT
CELERY_REDIS_SOCKET_TIMEOUT = REDIS_SOCKET_TIMEOUT
# One message reserved per worker process: a long import never holds a recount back behind it
# ("Prefetch limits", docs.celeryq.dev userguide/optimizing.html). acks_late is set on the
# idempotent recount only (contatori/tasks.py), as the docs advise (userguide/tasks.html, acks_late).
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE = {
    "ricalcola-contatori": {
        "task": "contatori.tasks.ricalcola_contatori",
        "schedule": timedelta(minutes=10),
        "kwargs": {"origine": "pianificato"},
    },
    # Cheap when nothing changed (one query): catches up a change whose recount could not be
    # queued, within a minute of the broker coming back.
    "ricalcola-contatori-se-modificati": {
        "task": "contatori.tasks.ricalcola_contatori",
        "schedule": timedelta(minutes=1),
        "kwargs": {"origine": "recupero", "solo_se_modificati": True},
    },
    "riepilogo-settimanale": {
        "task": "programma.tasks.invia_riepilogo_settimanale",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
    },
    # A published book without its file (its print failed, or was lost with a worker) is printed again.
    "ripara-stampe": {
        "task": "programma.risultati.tasks.ripara_stampe",
        "schedule": timedelta(minutes=10),
    },
    "pulisci-allegati-sospesi": {
        "task": "programma.tasks.pulisci_allegati_sospesi",
        "schedule": timedelta(hours=1),
    },
    # Uploads of works never confirmed (IMPORT_ANTEPRIMA_ORE): their rows and files go.
    "scarta-anteprime-scadute": {
        "task": "programma.importazione.tasks.scarta_anteprime_scadute",
        "schedule": timedelta(hours=1),
    },
}
# E-mail (the workflow's notifications, the weekly digest): printed on the console in development,
# SMTP in production; pytest-django swaps in the in-memory locmem backend for the tests.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Programma Infrastrutture <noreply@localhost>")
# Where users report accessibility problems (the accessibility statement, AgID model).
ACCESSIBILITA_CONTATTO = os.environ.get("DJANGO_ACCESSIBILITA_CONTATTO", "accessibilita@example.org")
# Who publishes the open data (the DCAT-AP_IT catalogue's publisher and rights holder, the licence's
# attribution): its name, its code in the Indice delle Pubbliche Amministrazioni, and the address
# reusers write to.
DATI_TITOLARE = os.environ.get("DJANGO_DATI_TITOLARE", "Unioncamere")
DATI_TITOLARE_IPA = os.environ.get("DJANGO_DATI_TITOLARE_IPA", "unioncamere")
DATI_CONTATTO = os.environ.get("DJANGO_DATI_CONTATTO", "dati@example.org")
# The site's address, for links in e-mails.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000")
# A file attached to a rejected form is kept this long for the user to submit again.
ALLEGATI_SOSPESI_ORE = int(os.environ.get("DJANGO_ALLEGATI_SOSPESI_ORE", "24"))

# Production hardening; `manage.py check --deploy` is clean with DJANGO_DEBUG=false.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Content-Security-Policy (django-csp 4), on everywhere (development and tests too, so a violation
# shows up before production): no inline script or style, no framing, forms only to this site.
# Browsers report violations to report-uri, logged by programma.views.sito.csp_report. The middleware
# (programma/security.py) allows style attributes under /admin/ only, for third-party templates.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # Bootstrap Italia's CSS draws some icons as data: URIs
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "report-uri": "/csp-report/",  # reverse("csp_report"), which a test checks
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint logs every layout step at INFO, and fontTools every font subset: only problems matter.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# Demo data and users may only be created on a development machine, unless forced.
SEED_DEMO_ALLOWED = DEBUG
