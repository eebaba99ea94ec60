"""The instance settings in Django's admin; changes go through the service (and its cache)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from townsquare.instance import services
from townsquare.instance.models import Announcement, InstanceSettings, Rule


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


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin[Rule]):
    list_display = ("text", "order")
    list_editable = ("order",)
    fields = ("text", "hint", "order")

    def save_model(self, request: HttpRequest, obj: Rule, form: Any, change: bool) -> None:
        if change:
            services.update_rule(rule=obj, text=obj.text, hint=obj.hint, order=obj.order)
        else:
            saved = services.create_rule(text=obj.text, hint=obj.hint, order=obj.order)
            obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: Rule) -> None:
        services.delete_rule(rule=obj)


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin[Announcement]):
    list_display = ("__str__", "is_published", "starts_at", "ends_at", "published_at")
    list_filter = ("is_published",)
    fields = ("text", "starts_at", "ends_at", "is_all_day", "is_published")

    def save_model(self, request: HttpRequest, obj: Announcement, form: Any, change: bool) -> None:
        if change:
            # The form changed the instance in memory; the service compares with what was stored.
            services.update_announcement(
                announcement=Announcement.objects.get(pk=obj.pk),
                text=obj.text,
                starts_at=obj.starts_at,
                ends_at=obj.ends_at,
                is_all_day=obj.is_all_day,
                is_published=obj.is_published,
            )
        else:
            obj.pk = services.create_announcement(
                text=obj.text,
                starts_at=obj.starts_at,
                ends_at=obj.ends_at,
                is_all_day=obj.is_all_day,
                is_published=obj.is_published,
            ).pk

    def delete_model(self, request: HttpRequest, obj: Announcement) -> None:
        services.delete_announcement(announcement=obj)
