"""Web pages: the about page with the server's rules, dismissing announcements, and the
staff page (Settings > Server) where rules and announcements are written."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_POST, require_safe

from townsquare.accounts.models import Account
from townsquare.core.errors import ValidationFailed
from townsquare.instance import services
from townsquare.instance.models import Announcement, Rule
from townsquare.instance.selectors import (
    access_announcement,
    access_any_announcement,
    access_rule,
    all_announcements,
    instance_settings,
    server_rules,
)
from townsquare.web.forms.server import AnnouncementForm, RuleForm
from townsquare.web.views.viewer import next_url, signed_in

ANNOUNCEMENTS_SHOWN = 100


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    """The server's description and rules, for anyone."""
    context = {"server": instance_settings(), "rules": server_rules()}
    return render(request, "web/server/about.html", context)


@login_required
@require_POST
def announcement_dismiss(request: HttpRequest, announcement_id: int) -> HttpResponse:
    found = access_announcement(announcement_id)
    services.dismiss_announcement(announcement=found, account_id=signed_in(request).pk)
    return redirect(next_url(request, reverse("web:home")))


def _staff(request: HttpRequest) -> Account:
    account = signed_in(request)
    if not account.is_staff:
        raise PermissionDenied
    return account


@login_required
@require_safe
def server_settings(request: HttpRequest) -> HttpResponse:
    """Staff only: the rules and announcements, each with its form, and forms for new ones."""
    _staff(request)
    rules = [
        (rule, RuleForm(prefix=f"rule{rule.pk}", initial=_rule_initial(rule)))
        for rule in server_rules()
    ]
    announcements = [
        (item, AnnouncementForm(prefix=f"ann{item.pk}", initial=_announcement_initial(item)))
        for item in all_announcements()[:ANNOUNCEMENTS_SHOWN]
    ]
    context = {
        "rules": rules,
        "announcements": announcements,
        "rule_form": RuleForm(prefix="newrule"),
        "announcement_form": AnnouncementForm(prefix="newann"),
    }
    return render(request, "web/server/settings.html", context)


def _rule_initial(rule: Rule) -> dict[str, object]:
    return {"text": rule.text, "hint": rule.hint, "order": rule.order}


def _announcement_initial(item: Announcement) -> dict[str, object]:
    return {
        "text": item.text,
        "starts_at": item.starts_at,
        "ends_at": item.ends_at,
        "is_all_day": item.is_all_day,
        "is_published": item.is_published,
    }


def _report(request: HttpRequest, form: RuleForm | AnnouncementForm) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


@login_required
@require_POST
def rule_save(request: HttpRequest, rule_id: int | None = None) -> HttpResponse:
    _staff(request)
    rule = access_rule(rule_id) if rule_id is not None else None
    form = RuleForm(request.POST, prefix=f"rule{rule_id}" if rule else "newrule")
    if not form.is_valid():
        _report(request, form)
        return redirect("web:server_settings")
    data = form.cleaned_data
    try:
        if rule is None:
            services.create_rule(text=data["text"], hint=data["hint"], order=data["order"])
        else:
            services.update_rule(
                rule=rule, text=data["text"], hint=data["hint"], order=data["order"]
            )
    except ValidationFailed as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Rule saved.")
    return redirect("web:server_settings")


@login_required
@require_POST
def rule_delete(request: HttpRequest, rule_id: int) -> HttpResponse:
    _staff(request)
    services.delete_rule(rule=access_rule(rule_id))
    messages.success(request, "Rule deleted.")
    return redirect("web:server_settings")


@login_required
@require_POST
def announcement_save(request: HttpRequest, announcement_id: int | None = None) -> HttpResponse:
    _staff(request)
    found = access_any_announcement(announcement_id) if announcement_id is not None else None
    form = AnnouncementForm(request.POST, prefix=f"ann{announcement_id}" if found else "newann")
    if not form.is_valid():
        _report(request, form)
        return redirect("web:server_settings")
    data = form.cleaned_data
    try:
        if found is None:
            services.create_announcement(**data)
        else:
            services.update_announcement(announcement=found, **data)
    except ValidationFailed as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Announcement saved.")
    return redirect("web:server_settings")


@login_required
@require_POST
def announcement_delete(request: HttpRequest, announcement_id: int) -> HttpResponse:
    _staff(request)
    services.delete_announcement(announcement=access_any_announcement(announcement_id))
    messages.success(request, "Announcement deleted.")
    return redirect("web:server_settings")


urlpatterns: list[URLPattern] = [
    path("about", about, name="about"),
    path(
        "announcements/<int:announcement_id>/dismiss",
        announcement_dismiss,
        name="announcement_dismiss",
    ),
    path("admin-tools/server", server_settings, name="server_settings"),
    path("admin-tools/rules", rule_save, name="rule_create"),
    path("admin-tools/rules/<int:rule_id>", rule_save, name="rule_update"),
    path("admin-tools/rules/<int:rule_id>/delete", rule_delete, name="rule_delete"),
    path("admin-tools/announcements", announcement_save, name="announcement_create"),
    path(
        "admin-tools/announcements/<int:announcement_id>",
        announcement_save,
        name="announcement_update",
    ),
    path(
        "admin-tools/announcements/<int:announcement_id>/delete",
        announcement_delete,
        name="announcement_delete",
    ),
]
