from django.urls import path

from .views import catalogue, diff, downloads, feeds, history, version

app_name = "responsibilities"

urlpatterns = [
    path("", catalogue.catalogue, name="catalogue"),
    path("feed/", feeds.AllVersionsFeed(), name="feed"),
    path("services/<slug:slug>/", version.service_current, name="service"),
    path("services/<slug:slug>/versions/", history.version_history, name="history"),
    path("services/<slug:slug>/versions/<int:number>/", version.version_detail, name="version"),
    path("services/<slug:slug>/versions/<int:number>.<str:fmt>", downloads.version_download, name="download"),
    path("services/<slug:slug>/as-of/<str:day>/", history.version_as_of, name="as_of"),
    path("services/<slug:slug>/diff/<int:a>/<int:b>/", diff.version_diff_page, name="diff"),
    path("services/<slug:slug>/diff/<int:a>/current/", diff.version_diff_page, name="diff_current"),
    path("services/<slug:slug>/feed/", feeds.ServiceVersionsFeed(), name="service_feed"),
]
