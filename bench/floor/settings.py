"""Settings of the floor: what `django-admin startproject` gives a new project, and no more.

The seven middleware are startproject's defaults, so the floor is what any django-ninja
project pays before doing anything of its own; Orbis adds six (WhiteNoise, its language and
audit context, Global Privacy Control, CSP, htmx), token authentication, its reads and the
read audit. No database: the floor measures the framework, gunicorn and wrk, nothing stored.
"""

SECRET_KEY = "bench-floor-only-secret-key-0123456789-0123456789-0123456789"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "bench.floor.urls"
WSGI_APPLICATION = "bench.floor.wsgi.application"
DATABASES: dict[str, dict[str, str]] = {}
USE_TZ = True
