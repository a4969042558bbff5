"""Settings for the test suite: production settings with a test key and no TLS redirect."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-9f3c1d0b7a5e4c2f8d6b1a0e9c7f5d3b")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from raci_project.settings import *  # noqa: E402,F403

# No collectstatic in tests: serve straight from the app and project folders.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests
