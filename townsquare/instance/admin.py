"""The instance settings in Django's admin; changes go through the service (and its cache)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from townsquare.instance import services
from townsquare.instance.models import InstanceSettings


class InstanceSettingsForm(forms.ModelForm[InstanceSettings]):
    class Meta:
        model = InstanceSettings
        fields = ("name", "description", "registration_mode", "max_post_chars")

    def clean_max_post_chars(self) -> int | None:
        value: int | None = self.cleaned_data.get("max_post_chars")
        if value is not None and not services.POST_CHARS_MIN <= value <= services.POST_CHARS_MAX:
            raise forms.ValidationError(
                f"Between {services.POST_CHARS_MIN} and {services.POST_CHARS_MAX} characters."
            )
        return value


@admin.register(InstanceSettings)
class InstanceSettingsAdmin(admin.ModelAdmin[InstanceSettings]):
    form = InstanceSettingsForm
    list_display = ("name", "registration_mode", "max_post_chars")

    def has_add_permission(self, request: HttpRequest) -> bool:
        # One row, created on first use.
        return not InstanceSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: InstanceSettings, form: Any, change: bool
    ) -> None:
        saved = services.update_instance_settings(
            name=obj.name,
            description=obj.description,
            registration_mode=obj.registration_mode,
            max_post_chars=obj.max_post_chars,
        )
        obj.pk = saved.pk
