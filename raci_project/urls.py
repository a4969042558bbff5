from django.contrib import admin
from django.urls import include, path

from responsibilities.views import healthz

admin.site.site_header = "RACI Registry"
admin.site.site_title = "RACI Registry"
admin.site.index_title = "Shared responsibility matrices"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("responsibilities.urls")),
]
