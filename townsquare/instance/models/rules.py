"""The server's rules, shown at sign-up and on the about page, in the order staff set."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone


class Rule(models.Model):
    text = models.CharField(max_length=300)
    hint = models.TextField(blank=True, max_length=1000)
    order = models.IntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["order", "id"]

    def __str__(self) -> str:
        return self.text
