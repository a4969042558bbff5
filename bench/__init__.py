"""`make bench` (bench/run.py) and the measures it gathers: build, load, diff, io, report."""

import os


def django_setup() -> None:
    """Configure Django for a bench run (demo settings) unless it already is."""
    import django
    from django.apps import apps

    if apps.ready:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "raci_project.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    django.setup()
