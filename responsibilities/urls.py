from django.urls import path

from . import downloads, views

app_name = "responsibilities"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("services/<slug:slug>/", views.service_current, name="service"),
    path("services/<slug:slug>/versions/<int:number>/", views.version_detail, name="version"),
    path("services/<slug:slug>/versions/<int:number>.<str:fmt>", downloads.version_download, name="download"),
]
