"""The API's URLs (``/api/v1/…``), its OpenAPI 3 schema (``/api/schema/``) and reference (``/api/docs/``)."""

from django.conf import settings
from django.urls import path
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .. import urls as public_urls  # noqa: F401 - registers the "version" path converter
from . import pipelines, reading

app_name = "api"

SERVICE = "v1/services/<slug:slug>/"

#: Swagger UI's stylesheet draws its icons as data: SVG images; everything else stays 'self'.
docs_view = csp_override({**settings.SECURE_CSP, "img-src": [*settings.SECURE_CSP["img-src"], "data:"]})(
    SpectacularSwaggerSplitView.as_view(url_name="api:schema")
)

urlpatterns = [
    path("v1/services/", reading.ServiceList.as_view(), name="services"),
    path(SERVICE, reading.ServiceDetail.as_view(), name="service"),
    path(SERVICE + "versions/", reading.VersionList.as_view(), name="versions"),
    path(SERVICE + "versions/<version:number>/", reading.VersionDetail.as_view(), name="version"),
    path(SERVICE + "as-of/<str:day>/", reading.VersionAsOf.as_view(), name="as_of"),
    path(SERVICE + "diff/<version:a>/<version:b>/", reading.VersionDiff.as_view(), name="diff"),
    path(SERVICE + "diff/<version:a>/current/", reading.VersionDiffCurrent.as_view(), name="diff_current"),
    path(SERVICE + "draft/import", pipelines.DraftImport.as_view(), name="draft_import"),
    path(SERVICE + "draft/publish", pipelines.DraftPublish.as_view(), name="draft_publish"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs_view, name="docs"),
]
