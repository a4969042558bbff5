from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from responsibilities.views.health import healthz

admin.site.site_header = "RACI Registry"
admin.site.site_title = "RACI Registry"
admin.site.index_title = "Shared responsibility matrices"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/", include("responsibilities.api.urls")),
    # The language switcher is on every public page. Without a CSRF token those pages set no
    # cookie and stay cacheable; a forged request could only change a visitor's language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("responsibilities.urls")),
]

# A refused admin page stays inside the admin, with the reason and a way back.
handler403 = "responsibilities.admin.forbidden.permission_denied"

#: Under /api/ a missing page is JSON like every other API error; elsewhere, the site's 404 page.
handler404 = "responsibilities.api.errors.not_found"
