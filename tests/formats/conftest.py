"""Formats are pure Python, but django-import-export reads Django settings on the way."""

import os

import django
from django.conf import settings

if not os.environ.get("DJANGO_SETTINGS_MODULE") and not settings.configured:
    settings.configure()
    django.setup()
