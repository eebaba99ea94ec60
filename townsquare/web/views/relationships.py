"""Web pages: relationships."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
