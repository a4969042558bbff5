from django.urls import path, register_converter

from .views import catalogue, diff, downloads, feeds, history, version
from .views.addresses import WrittenNumber

app_name = "responsibilities"


class VersionNumber:
    """A version number in a URL: digits, up to the largest number a version can have.

    Beyond it no version can exist, and a database asked about such a number fails instead of
    finding nothing (``OverflowError`` on SQLite): the URL does not match, so it is a 404.
    """

    regex = "[0-9]+"
    largest = 2_147_483_647  # the largest PositiveIntegerField on every database Django supports

    def to_python(self, value: str) -> WrittenNumber:
        digits = value.lstrip("0") or "0"
        if len(digits) > 12 or int(digits) > self.largest:
            raise ValueError("no version has this number")
        return WrittenNumber(int(digits), written=value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(VersionNumber, "version")

urlpatterns = [
    path("", catalogue.catalogue, name="catalogue"),
    path("feed/", feeds.AllVersionsFeed(), name="feed"),
    path("services/<slug:slug>/", version.service_current, name="service"),
    path("services/<slug:slug>/versions/", history.version_history, name="history"),
    path("services/<slug:slug>/versions/<version:number>/", version.version_detail, name="version"),
    path("services/<slug:slug>/versions/<version:number>.<str:fmt>", downloads.version_download, name="download"),
    path("services/<slug:slug>/as-of/<str:day>/", history.version_as_of, name="as_of"),
    path("services/<slug:slug>/diff/<version:a>/<version:b>/", diff.version_diff_page, name="diff"),
    path("services/<slug:slug>/diff/<version:a>/current/", diff.version_diff_page, name="diff_current"),
    path("services/<slug:slug>/feed/", feeds.ServiceVersionsFeed(), name="service_feed"),
]
