"""What Mastodon apps register beyond an OAuth client: a website and their scopes."""

from __future__ import annotations

from django.db import models
from oauth2_provider.settings import oauth2_settings


class ClientApp(models.Model):
    application = models.OneToOneField(
        oauth2_settings.APPLICATION_MODEL, on_delete=models.CASCADE, related_name="client_app"
    )
    website = models.URLField(max_length=2000, blank=True)
    scopes = models.CharField(max_length=1000, default="read")

    def __str__(self) -> str:
        return f"app {self.application_id}"
