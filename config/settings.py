"""Vitrina settings, read from environment variables.

With no variables set, Vitrina runs on its embedded default: an SQLite file
and a filesystem Celery broker under var/, so a laptop needs no servers.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VITRINA_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-set-SECRET_KEY-in-production"
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "djmoney",
    "catalog",
    "inventory",
    "customers",
    "carts",
    "orders",
    "pos",
    "returns",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"

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
                "carts.shop_cart.cart_count_context",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"


def database_settings() -> dict:
    """Build the default database from DATABASE_URL, or the embedded SQLite file."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        # Seconds a connection stays open between requests. Under ASGI (uvicorn)
        # set DATABASE_CONN_MAX_AGE=0: each request runs in a thread of its own,
        # so kept connections pile up until PostgreSQL refuses new clients.
        database = dj_database_url.parse(url, conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")))
    else:
        database = {"ENGINE": "django.db.backends.sqlite3", "NAME": VAR_DIR / "vitrina.sqlite3"}

    if database["ENGINE"] == "django.db.backends.sqlite3":
        # IMMEDIATE takes the write lock at BEGIN, so two writers queue up
        # instead of failing midway with "database is locked" on upgrade.
        database["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    return database


DATABASES = {"default": database_settings()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "customers.User"
AUTHENTICATION_BACKENDS = ["customers.backends.EmailOrPhoneBackend"]
LOGIN_URL = "customers:login"
LOGIN_REDIRECT_URL = "catalog:home"
LOGOUT_REDIRECT_URL = "catalog:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"

CURRENCIES = ("RUB",)
DEFAULT_CURRENCY = "RUB"
CURRENCY_CHOICES = [("RUB", "₽")]

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "").strip() or "filesystem://"
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = VAR_DIR / "celery-broker"
    for _folder in ("queue", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
# The bus that carries stock changes to open screens: Redis pub/sub between
# servers, an append-only file between the processes of one machine (the
# embedded default), or "memory" inside one process.
VITRINA_LIVE_UPDATES_URL = os.environ.get("VITRINA_LIVE_UPDATES_URL", "").strip() or (
    CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else f"file://{VAR_DIR / 'live-stock.log'}"
)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE: dict = {}

# Cart holds: minutes a cart keeps its units reserved, per channel; None
# means carts of that channel reserve nothing until the order is placed.
VITRINA_CART_HOLD_MINUTES: int | None | dict = {"web": 30, "counter": None}
# Seconds between two runs of the task that releases expired holds.
VITRINA_HOLD_EXPIRY_SECONDS = int(os.environ.get("VITRINA_HOLD_EXPIRY_SECONDS", "60"))
CELERY_BEAT_SCHEDULE["release-expired-holds"] = {
    "task": "inventory.tasks.release_expired_holds",
    "schedule": VITRINA_HOLD_EXPIRY_SECONDS,
}
CELERY_BEAT_SCHEDULE["cancel-overdue-pickup-orders"] = {
    "task": "orders.tasks.cancel_overdue_pickup_orders",
    "schedule": VITRINA_HOLD_EXPIRY_SECONDS,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Django's own default configuration gives the "django" logger a console
    # handler too; without this entry every line of it would print twice.
    "loggers": {"django": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# Retail rules of the boutique.
VITRINA_DEFAULT_VAT_RATE = "22"
# When promotions that do not combine compete: "best" gives the customer
# the largest discount, "priority" takes the highest-priority promotion.
VITRINA_PROMOTION_CONFLICT = os.environ.get("VITRINA_PROMOTION_CONFLICT", "best")
# Bonuses (1 bonus = 1 rouble): percent of the amount paid in money that is
# earned, largest percent of an order that bonuses may pay, and days earned
# bonuses stay on hold for the return window (0 credits them at once).
VITRINA_BONUS_EARN_PERCENT = int(os.environ.get("VITRINA_BONUS_EARN_PERCENT", "5"))
VITRINA_BONUS_REDEEM_PERCENT = int(os.environ.get("VITRINA_BONUS_REDEEM_PERCENT", "30"))
VITRINA_BONUS_HOLD_DAYS = int(os.environ.get("VITRINA_BONUS_HOLD_DAYS", "14"))
CELERY_BEAT_SCHEDULE["release-held-bonuses"] = {
    "task": "customers.tasks.release_held_bonuses",
    "schedule": 3600,
}
