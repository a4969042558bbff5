"""The 403 page: inside the admin's layout for staff, saying why and where to go instead.

A manager who opens another team's service (a link in a mail, a bookmark) gets the admin's
header and navigation, the reason ("You are not an editor of “Web Hosting”.") and links to the
services they do edit; anyone else gets Django's plain 403 page.
"""

from __future__ import annotations

from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import defaults


def permission_denied(request, exception=None):
    """``handler403``: the admin page for staff under /admin/, Django's default elsewhere."""
    user = getattr(request, "user", None)
    if not request.path.startswith(reverse("admin:index")) or user is None or not user.is_active or not user.is_staff:
        return defaults.permission_denied(request, exception)
    reason = str(exception) if exception is not None and str(exception) else ""
    context = {
        **admin.site.each_context(request),
        "title": _("You cannot open this page"),
        "reason": reason or _("Your account does not have the permission to open this page."),
        "services_url": reverse("admin:responsibilities_service_changelist"),
    }
    response = TemplateResponse(request, "admin/responsibilities/forbidden.html", context, status=403)
    return response.render()
