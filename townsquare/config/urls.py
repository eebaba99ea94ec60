"""The URL map of the whole site."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

# Uploaded files are never served straight from MEDIA_ROOT: the web views check who may see them.
urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("", include("townsquare.api.urls")),
    path("", include("townsquare.web.urls")),
]
