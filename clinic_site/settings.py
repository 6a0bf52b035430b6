"""Settings for the Truffle Vein Specialists site.

Every value that differs between a laptop, CI and production comes from the
environment, and each is read in exactly one place below. The defaults are
safe for production (debug off) and need nothing installed for development
(SQLite, local memory cache, console email).
"""

import ipaddress
import logging
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

logger = logging.getLogger(__name__)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. "
            "For local development set DJANGO_DEBUG=1 (see README)."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105 - debug only

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before the admin: it puts each translated field's languages side by side in the admin's forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "crispy_forms",
    "django_ratelimit",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "reversion",
    "django_tasks",
    "django_tasks_db",
    "treatments",
]

MIDDLEWARE = [
    # One JSON line per request, with its id; outermost, so that it times and logs every answer.
    "treatments.middleware.request_log.RequestLogMiddleware",
    # The page's language from its address (/es/... Spanish, any other English), before everything that answers
    # a page: the outage and bad-input pages are in it, and the cache's keys and resolve() depend on it.
    "treatments.middleware.language.PathLanguageMiddleware",
    # A database that does not answer gets the 503 page, which needs none, rather than a 500.
    "treatments.middleware.outage.DatabaseOutageMiddleware",
    # Input no view can use (NUL bytes, absurd lengths, files where none are taken) gets a 4xx page.
    "treatments.middleware.bad_input.BadInputMiddleware",
    # The Host header written one way (CLINIC.test., clinic.test:1 -> clinic.test): one kept copy of each page.
    "treatments.middleware.hosts.CanonicalHostMiddleware",
    # Public pages from the shared cache: a hit is answered here, before the rest (treatments/page_cache.py).
    "treatments.middleware.page_cache.PageCacheMiddleware",
    # A request the cache did not answer first publishes any scheduled draft whose time has come.
    "treatments.middleware.scheduled_drafts.ScheduledDraftsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside everything that makes a response, so every page, error page and static file gets both headers.
    # (Building the policy costs about 13 microseconds a response; a page from the cache, above, has its headers.)
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Pages are small, but phones on slow networks feel every kilobyte. Django masks
    # CSRF tokens and pads compressed responses, which answers BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After django-otp's, which marks a verified session: staff who owe a code reach the code page only.
    "treatments.middleware.two_factor.SecondFactorMiddleware",
    # After authentication, and reading the response: the request that signs staff in starts their clock too.
    "treatments.middleware.idle_sessions.StaffIdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns a refused login of a locked-out username and address into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clinic_site.urls"
WSGI_APPLICATION = "clinic_site.wsgi.application"

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
                "treatments.context_processors.clinic",
                "treatments.context_processors.languages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# SQLite by default so a fresh machine needs nothing installed;
# production sets DATABASE_URL=postgres://user:password@host:5432/name.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis is the production cache: page cache and rate-limit counts must be
# shared by every gunicorn worker on every host. Without it, the site's own
# database holds the cache (treatments/models/cache.py), which every process
# shares too: slower, and its counts are not atomic, but never out of date.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "clinic")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, except that Redis being down costs speed, never a page: reads miss,
            # counts (the rate limit) are kept per process, one warning is logged (treatments/operations/cache.py).
            "BACKEND": "treatments.operations.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # A Redis that has not answered within a second is down, for this request.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    # django-ratelimit knows django-redis, not Django's own Redis backend, whose
    # incr() is Redis's atomic INCR all the same.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "clinic_cache",  # treatments.models.cache.CACHE_TABLE, created by migrate.
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
    # django-ratelimit calls the database cache's counts not atomic (E003): true, a burst can let a few extra
    # requests through, which is why production uses Redis; `check --deploy` fails without it (treatments.E001).
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
    logger.warning(
        "REDIS_URL is not set: the cache is kept in the database. Every worker shares it, but production "
        "should use Redis."
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The site's languages. English, the default, is at the addresses it always had; every other language is under its
# code (/es/treatments/...). Content in another language falls back to the English where it has not been written
# yet (MODELTRANSLATION_FALLBACK_LANGUAGES); the page then says so. A new language is added here (see README).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_FALLBACK_LANGUAGES = (LANGUAGE_CODE,)
# The clinic's own date and time formats (clinic_site/formats/): a time never ends in "p.m.".
FORMAT_MODULE_PATH = ["clinic_site.formats"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Larger uploads are refused in the admin with a message giving both sizes (treatments/images/uploads.py).
MAX_IMAGE_UPLOAD_BYTES = int(float(os.environ.get("DJANGO_MAX_IMAGE_UPLOAD_MB", "10")) * 1024 * 1024)
STORAGES = {
    # Uploaded images: MEDIA_ROOT, or a shared bucket with DJANGO_S3_BUCKET (see "More than one app host").
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The site's own pack (templates/site_forms/): every form in the site's design and classes.
CRISPY_ALLOWED_TEMPLATE_PACKS = ("site_forms",)
CRISPY_TEMPLATE_PACK = "site_forms"

# Staff must hear of every request: with debug off mail goes out over SMTP (DJANGO_EMAIL_HOST...);
# only a laptop in debug prints it to the console.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "Truffle Vein Specialists <noreply@trufflevein.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Work that leaves the request (the emails about a consultation request) is queued in the site's own
# database and done by `manage.py db_worker`, which `make run` and deploy/clinic-worker.service start.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The public address of the site, for links in emails sent outside a request (cron).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Consultation requests.
CONSULTATION_STAFF_EMAIL = os.environ.get("CONSULTATION_STAFF_EMAIL", "frontdesk@trufflevein.example")
CONSULTATION_RATE_LIMIT = os.environ.get("CONSULTATION_RATE_LIMIT", "5/10m")  # django-ratelimit notation
CONSULTATION_RETENTION_DAYS = int(os.environ.get("CONSULTATION_RETENTION_DAYS", "365"))

# The client's address for rate limits. Behind N reverse proxies that each append
# to X-Forwarded-For, set DJANGO_TRUSTED_PROXIES=N: the address N hops from the
# right is the one the nearest trusted proxy saw. 0 means REMOTE_ADDR.
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXIES", "0"))
# ...and only from a connection that comes from one of these addresses or networks (the proxy's own): anyone
# who reaches gunicorn directly could write any X-Forwarded-For. Loopback unless the environment says otherwise.
TRUSTED_PROXY_NETWORKS = [
    ipaddress.ip_network(network, strict=False) for network in env_list("DJANGO_TRUSTED_PROXY_IPS", "127.0.0.1,::1")
]
RATELIMIT_IP_META_KEY = "treatments.consultations.client_ip.client_ip"

CSRF_FAILURE_VIEW = "treatments.site_pages.csrf_failure"

LOGIN_URL = "admin:login"

# HTTPS protections are on whenever debug is off, so a deployment that forgets a setting still
# has them. DJANGO_SECURE=0 is for plain HTTP on loopback only: benchmarks and browser tests.
# The TLS-terminating proxy in front must set X-Forwarded-Proto (README, Production).
SECURE = env_bool("DJANGO_SECURE", default=not DEBUG)
if SECURE:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    # Any host name under the site's own is the clinic's too, and must never be reached over plain HTTP.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# Same-origin links keep their referrer (Django's CSRF check reads it over HTTPS); links to other
# sites get none, so they never learn which procedure page a patient was reading.
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

# --- Security headers: Content-Security-Policy, Permissions-Policy, COOP, HTTPS defaults -----------

# Every response says what the browser may load and run. The public pages have no script at all
# (JSON-LD blocks are data, never run, so they need no allowance); the admin's scripts and styles are
# our own static files. Nothing inline anywhere: a script slipped into a page by staff-entered text
# would not run. django-csp 4 (csp.middleware.CSPMiddleware) writes the header.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],  # Whatever is not named below.
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Uploaded images are served by the same host (MEDIA_URL); a storage on another origin adds it here.
        "img-src": ["'self'"],
        # The site's own addresses only: Lighthouse reads robots.txt with a fetch from inside the page
        # (GoogleChrome/lighthouse#4386), which 'none' would block; no script but ours runs to fetch anything.
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],  # With X-Frame-Options: DENY for older browsers.
        # Over HTTPS a stray http:// link to one of our own files is fetched over HTTPS instead;
        # on plain HTTP (DJANGO_SECURE=0) it would break every stylesheet, so only then.
        "upgrade-insecure-requests": SECURE,
    },
}

# Browser features the site never uses are switched off for it and anything it could ever embed,
# and it opts out of interest-based advertising (FLoC's interest-cohort, Topics' browsing-topics).
# Only names Chromium recognises: it warns in the console about any other (tests/browser/test_csp.py).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# A page opened from another site cannot reach this one's window, nor this one's windows it.
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Preloading HSTS into browsers is a one-way commitment for the clinic's whole domain, made by hand
# at hstspreload.org once every subdomain serves HTTPS; the header alone must not invite it.
SILENCED_SYSTEM_CHECKS += ["security.W021"]

# --- The admin's door: lockouts, two-factor, the admin's address, idle sessions -----------------
from urllib.parse import urlsplit  # noqa: E402 - kept with the one setting that needs it

# The admin's address, e.g. "staff-a8f3/" to keep scripted password guessing off the obvious one.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"
if ADMIN_URL == "/":
    raise ImproperlyConfigured("ADMIN_URL must name a path, e.g. admin/")

# Repeated wrong passwords lock that username from that address (django-axes); another username, or
# the same one from elsewhere, can still sign in, so a guesser cannot lock the whole clinic out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # First: refuses a locked-out attempt before any password is checked.
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("ADMIN_LOGIN_FAILURE_LIMIT", "5"))
# In hours (a float): the lock lifts this long after the last attempt, and each attempt while locked restarts it.
AXES_COOLOFF_TIME = int(os.environ.get("ADMIN_LOCKOUT_MINUTES", "30")) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Password spraying: this many failures from one address, across any usernames, lock the address as a whole.
ADMIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("ADMIN_ADDRESS_FAILURE_LIMIT", "10"))
AXES_HANDLER = "treatments.admin.lockout.AddressLimitHandler"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = RATELIMIT_IP_META_KEY  # The site's one client address (client_ip), behind proxies too.
AXES_LOCKOUT_CALLABLE = "treatments.admin.lockout.lockout_page"
AXES_ENABLE_ADMIN = False  # treatments/admin/lockout.py registers them, with a "release" action.

# Two-factor sign-in for staff (django-otp, an authenticator app's 6-digit codes). On by default with
# debug off, so a deployment that forgets it is still protected; a laptop in debug signs in with a password.
ADMIN_REQUIRE_2FA = env_bool("ADMIN_REQUIRE_2FA", default=not DEBUG)
# Authenticator apps list the account under the site's host name, e.g. "www.example.com (alice)".
OTP_TOTP_ISSUER = urlsplit(SITE_URL).hostname or "clinic"
# Superusers manage staff's devices in the admin but never see their secret keys or QR codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# A staff session ends after this long without an admin request; patients' sessions keep Django's default.
ADMIN_SESSION_IDLE_MINUTES = int(os.environ.get("ADMIN_SESSION_IDLE_MINUTES", "30"))

# --- Faults and logs: database or Redis down, bad input, request ids ----------------------------

# The clinic's phone as patients dial it, for the one page shown when the database does not answer
# (treatments/operations/outage.py): every other page shows the phone in Clinic details, which is in
# the database. Set both to the same number.
CLINIC_PHONE = os.environ.get("CLINIC_PHONE", "")
if not CLINIC_PHONE and not DEBUG:
    logger.warning("CLINIC_PHONE is not set: while the database is down, pages cannot give patients a number to call.")

# A database that has not accepted a connection within 5 seconds is down, for this request.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)

# Form fields of one request, files apart. The consultation form needs 25 KB at most, a procedure's
# admin page about 20 KB today; Django's default, 2.5 MB, would let any post hold that much in memory.
# It is also the whole body a public page takes: under FILE_UPLOAD_MAX_MEMORY_SIZE, so a file sent there
# stays in memory until it is refused; the admin takes images of MAX_IMAGE_UPLOAD_BYTES besides
# (treatments/operations/bad_input.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024

# The balancer probes /healthz over plain HTTP, straight to gunicorn: no redirect to HTTPS for it.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Page cache and the front server --------------------------------------------------------------
# Anonymous visitors get public pages from the shared cache (treatments/page_cache.py): how long
# a page is kept there (0: never), though any edit of what pages show replaces it at once.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# How long browsers and proxies may reuse an anonymous public page: an edit reaches a visitor
# who has the page open at most this late.
PAGE_MAX_AGE_SECONDS = int(os.environ.get("PAGE_MAX_AGE_SECONDS", "60"))

# --- More than one app host: shared storage for uploaded images --------------------------------

# Every app host must see every uploaded image and its renditions: one host makes
# a copy, another serves the page that links to it. With more than one host they
# live in an S3-compatible bucket (AWS S3, MinIO, Ceph, R2...), not on a host's disk.
# Credentials are boto3's own: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (with
# AWS_SESSION_TOKEN), ~/.aws, or the host's instance role. Settings never hold them.
S3_BUCKET = os.environ.get("DJANGO_S3_BUCKET", "")
S3_ENDPOINT_URL = os.environ.get("DJANGO_S3_ENDPOINT_URL", "")  # empty: AWS itself
# e.g. a CDN in front of the bucket; images are then linked as https://<domain>/<name>.
S3_CUSTOM_DOMAIN = os.environ.get("DJANGO_S3_CUSTOM_DOMAIN", "")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": S3_ENDPOINT_URL or None,
            "region_name": os.environ.get("DJANGO_S3_REGION") or None,
            "custom_domain": S3_CUSTOM_DOMAIN or None,
            # The images are public, and pages are cached: a signed link would expire inside a cached page.
            "querystring_auth": False,
            # The bucket's policy makes objects readable, not per-object ACLs (new AWS buckets refuse ACLs).
            "default_acl": None,
            # Two hosts saving "leg.jpg" keep both; renditions rely on it to notice another host's copy.
            "file_overwrite": False,
            # A name never gets other content (no overwrites; a rendition is remade identically), and
            # browsers fetch these straight from the bucket, with no front server to add the header.
            "object_parameters": {"CacheControl": "public, max-age=31536000"},
        },
    }
    # Pages link the images where django-storages puts them, another origin than the site's:
    # the Content-Security-Policy must let browsers load images from there.
    if S3_CUSTOM_DOMAIN:
        UPLOADED_IMAGES_ORIGIN = "https://" + S3_CUSTOM_DOMAIN.split("/")[0]
    elif S3_ENDPOINT_URL:  # S3-compatible services are addressed by path: <endpoint>/<bucket>/<name>
        UPLOADED_IMAGES_ORIGIN = "/".join(S3_ENDPOINT_URL.split("/")[:3])
    elif "." not in S3_BUCKET:
        UPLOADED_IMAGES_ORIGIN = f"https://{S3_BUCKET}.s3.amazonaws.com"
    else:
        raise ImproperlyConfigured(
            "DJANGO_S3_BUCKET: on AWS, a bucket whose name has dots needs DJANGO_S3_CUSTOM_DOMAIN "
            "(its images would be linked at a different address in every region)."
        )
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] = [
        *CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
        UPLOADED_IMAGES_ORIGIN,
    ]
