from django.urls import path

from . import downloads, feeds, history, views

app_name = "responsibilities"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("feed/", feeds.AllVersionsFeed(), name="feed"),
    path("services/<slug:slug>/", views.service_current, name="service"),
    path("services/<slug:slug>/versions/", history.version_history, name="history"),
    path("services/<slug:slug>/versions/<int:number>/", views.version_detail, name="version"),
    path("services/<slug:slug>/versions/<int:number>.<str:fmt>", downloads.version_download, name="download"),
    path("services/<slug:slug>/as-of/<str:day>/", history.version_as_of, name="as_of"),
    path("services/<slug:slug>/diff/<int:a>/<int:b>/", history.version_diff_page, name="diff"),
    path("services/<slug:slug>/diff/<int:a>/current/", history.version_diff_page, name="diff_current"),
    path("services/<slug:slug>/feed/", feeds.ServiceVersionsFeed(), name="service_feed"),
]
