"""Login throttling for the admin (django-axes): who a login attempt comes from.

A username is locked out after ``AXES_FAILURE_LIMIT`` failed logins in a row from one client
(settings); the lockout lasts ``AXES_COOLOFF_TIME`` and ``manage.py axes_reset_username NAME``
(or ``axes_reset`` for everyone) ends it sooner. The page shown is ``admin/locked_out.html``
(HTTP 429).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext as _


def client_ip(request) -> str:
    """The client's address: the peer, or behind the TLS proxy the address the proxy saw.

    The proxy appends the address it received the request from to ``X-Forwarded-For``
    (``$proxy_add_x_forwarded_for``): only that last entry is trusted, never what the client
    wrote before it. Without a proxy the header is the client's own words and is ignored.
    """
    if getattr(settings, "BEHIND_TLS_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out login attempt gets: what happened, for how long, who can help."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)) if settings.AXES_COOLOFF_TIME else 0
    context = {"title": _("Too many failed logins"), "minutes": minutes, "site_header": admin.site.site_header}
    return render(request, "admin/locked_out.html", context, status=429)
