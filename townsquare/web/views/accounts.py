"""Web pages: signing up, logging in and out, passwords, profile settings, approvals,
and the avatar and header images of each account."""

from __future__ import annotations

import hashlib
import html
import mimetypes
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse_lazy
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from townsquare.accounts import selectors, services
from townsquare.accounts.models import Account
from townsquare.core import ratelimit
from townsquare.core.errors import Forbidden, NotFound, ValidationFailed
from townsquare.instance.selectors import instance_settings, registration_mode
from townsquare.web.forms.accounts import (
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    ProfileForm,
    SetPasswordForm,
    SignupForm,
)

WAITING_MESSAGE = (
    "Thanks for signing up! A moderator will review your account; "
    "you can log in once it is approved."
)
IMAGE_MAX_AGE = 300
# Service errors naming one of these go next to that field; others go on top of the form.
_SIGNUP_FIELDS = {"username", "email", "password", "display_name"}
_PROFILE_FIELDS = {"display_name", "bio", "avatar", "header"}


def _signed_in(request: HttpRequest) -> Account:
    user = request.user
    if not isinstance(user, Account):
        raise PermissionDenied
    return user


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """GET: the form (or why there is none); POST: create the account."""
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    mode = registration_mode()
    if mode == "closed":
        status = 403 if request.method == "POST" else 200
        return render(request, "web/accounts/signup.html", {"mode": mode}, status=status)
    if request.method == "POST":
        address = str(request.META.get("REMOTE_ADDR", ""))
        ratelimit.enforce("sign_up", address, message="Too many sign-ups from your network.")
    form = SignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            account = services.sign_up(
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                display_name=form.cleaned_data["display_name"],
            )
        except ValidationFailed as error:
            form.add_error(error.field if error.field in _SIGNUP_FIELDS else None, error.message)
        except Forbidden as error:
            # Registration closed between showing the form and sending it.
            context = {"mode": "closed", "message": error.message}
            return render(request, "web/accounts/signup.html", context, status=403)
        else:
            if not account.is_approved:
                messages.info(request, WAITING_MESSAGE)
                return redirect("web:login")
            login(request, account, backend=settings.AUTHENTICATION_BACKENDS[0])
            messages.success(request, f"Welcome to {instance_settings().name}, {account.name}!")
            return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "web/accounts/signup.html", {"form": form, "mode": mode})


class LoginView(auth_views.LoginView):
    template_name = "web/accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Counted before the password is checked, so guessing costs attempts either way.
        address = str(request.META.get("REMOTE_ADDR", ""))
        ratelimit.count_log_in_attempt(address, str(request.POST.get("username", "")))
        response: HttpResponse = super().post(request, *args, **kwargs)
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_sign_up"] = registration_mode() != "closed"
        return context


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "web/accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("web:password_change")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, "Your password has been changed.")
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "web/accounts/password_reset.html"
    form_class = PasswordResetForm
    email_template_name = "web/accounts/password_reset_email.txt"
    subject_template_name = "web/accounts/password_reset_subject.txt"
    success_url = reverse_lazy("web:password_reset_done")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Per address and per e-mail address, whether or not an account has it: the
        # limit must not tell which addresses are known.
        address = str(request.META.get("REMOTE_ADDR", ""))
        email = str(request.POST.get("email", "")).strip().lower()
        keys = [f"address {address}"] + ([f"email {email}"] if email else [])
        ratelimit.enforce("password_reset", *keys, message="Too many password reset requests.")
        response: HttpResponse = super().post(request, *args, **kwargs)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "web/accounts/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("web:password_reset_complete")


@login_required
@require_http_methods(["GET", "POST"])
def settings_profile(request: HttpRequest) -> HttpResponse:
    """The profile form; saved all at once or, on any error, not at all."""
    account = _signed_in(request)
    if request.method != "POST":
        form = ProfileForm(initial=ProfileForm.initial_for(account))
        return render(request, "web/accounts/settings_profile.html", {"form": form})
    form = ProfileForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.update_profile(
                account=account,
                display_name=data["display_name"],
                bio=data["bio"],
                fields=form.profile_fields(),
                is_locked=data["is_locked"],
                is_discoverable=data["is_discoverable"],
                is_indexable=data["is_indexable"],
                avatar=form.upload("avatar"),
                header=form.upload("header"),
                remove_avatar=data["remove_avatar"],
                remove_header=data["remove_header"],
            )
        except ValidationFailed as error:
            field = error.field if error.field in _PROFILE_FIELDS else None
            form.add_error(field, error.message)
        else:
            messages.success(request, "Your profile is saved.")
            return redirect("web:settings_profile")
    return render(request, "web/accounts/settings_profile.html", {"form": form})


@login_required
@require_safe
def pending_accounts(request: HttpRequest) -> HttpResponse:
    """Staff only: the accounts waiting for approval, oldest first."""
    _require_staff(request)
    accounts = selectors.pending_accounts()[:200]
    return render(request, "web/accounts/pending_accounts.html", {"accounts": accounts})


@login_required
@require_POST
def approve_account(request: HttpRequest, username: str) -> HttpResponse:
    """Staff only: let one waiting account log in."""
    _require_staff(request)
    account = selectors.access_pending_account(username)
    services.approve_account(account=account)
    messages.success(request, f"@{account.username} is approved and can now log in.")
    return redirect("web:pending_accounts")


def _require_staff(request: HttpRequest) -> None:
    if not _signed_in(request).is_staff:
        raise Forbidden("Only moderators can approve accounts.")


@require_safe
def account_avatar(request: HttpRequest, username: str) -> HttpResponseBase:
    """The avatar, or a generated picture of the person's initial when there is none."""
    account = selectors.access_account(username)
    response = _stored_image(request, account.avatar)
    return response if response is not None else _initial_avatar(request, account)


@require_safe
def account_header(request: HttpRequest, username: str) -> HttpResponseBase:
    """The header image; 404 when there is none."""
    account = selectors.access_account(username)
    response = _stored_image(request, account.header)
    if response is None:
        raise NotFound("No header image")
    return response


def _stored_image(request: HttpRequest, image: FieldFile) -> HttpResponseBase | None:
    """The stored file, or None when there is none (or it is lost)."""
    if not image or not image.name:
        return None
    # File names are random per upload, so the name makes a fine ETag.
    etag = f'"{hashlib.sha256(image.name.encode()).hexdigest()[:32]}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return not_modified
    try:
        handle = image.storage.open(image.name, "rb")
    except OSError:
        return None  # a row pointing at a lost file: answer as if there were no image
    content_type = mimetypes.guess_type(image.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=IMAGE_MAX_AGE)
    return response


def _initial_avatar(request: HttpRequest, account: Account) -> HttpResponseBase:
    initial = html.escape((account.display_name.strip() or account.username)[:1].upper())
    digest = hashlib.sha256(account.username.lower().encode()).digest()
    hue = int.from_bytes(digest[:2]) % 360
    etag = f'"{digest[:8].hex()}-{initial.encode().hex()}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return not_modified
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="400" height="400">'
        f'<rect width="100" height="100" fill="hsl({hue}, 55%, 38%)"/>'
        '<text x="50" y="50" dy=".35em" text-anchor="middle" fill="#fff" '
        'font-family="system-ui, -apple-system, sans-serif" font-size="52">'
        f"{initial}</text></svg>"
    )
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    # Opened on its own, an SVG is a document: it must not run or fetch anything.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=IMAGE_MAX_AGE)
    return response


urlpatterns: list[URLPattern] = [
    path("signup", signup, name="signup"),
    path("login", LoginView.as_view(), name="login"),
    path("logout", auth_views.LogoutView.as_view(), name="logout"),
    path("settings/profile", settings_profile, name="settings_profile"),
    path("settings/password", PasswordChangeView.as_view(), name="password_change"),
    path("password-reset", PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/done",
        auth_views.PasswordResetDoneView.as_view(
            template_name="web/accounts/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "password-reset/complete",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="web/accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path(
        "password-reset/<uidb64>/<token>",
        PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("admin-tools/accounts", pending_accounts, name="pending_accounts"),
    path("admin-tools/accounts/<str:username>/approve", approve_account, name="approve_account"),
    path("@<str:username>/avatar", account_avatar, name="account_avatar"),
    path("@<str:username>/header", account_header, name="account_header"),
]
