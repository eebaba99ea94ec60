"""Runtime settings an administrator edits; one row."""

from __future__ import annotations

from django.db import models


class RegistrationMode(models.TextChoices):
    OPEN = "open", "Anyone can sign up"
    APPROVAL = "approval", "Sign-ups wait for approval"
    CLOSED = "closed", "Nobody can sign up"


class InstanceSettings(models.Model):
    """The server's name, description and sign-up policy (environment gives the defaults)."""

    name = models.CharField(max_length=100, default="Townsquare")
    description = models.TextField(blank=True, default="A friendly place to talk.")
    registration_mode = models.CharField(
        max_length=16, choices=RegistrationMode.choices, blank=True, default=""
    )
    max_post_chars = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "instance settings"

    def __str__(self) -> str:
        return self.name
