"""WSGI entry point, used by gunicorn: ``gunicorn raci_project.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "raci_project.settings")

application = get_wsgi_application()
