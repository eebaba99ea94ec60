"""NodeInfo: the discovery document and the 2.0 description of this server."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from townsquare import __version__
from townsquare.accounts.selectors import visible_accounts
from townsquare.api.http import json_response
from townsquare.instance.selectors import instance_settings, registration_mode
from townsquare.posts.models import Post

SCHEMA = "http://nodeinfo.diaspora.software/ns/schema/2.0"


@require_safe
def discovery(request: HttpRequest) -> HttpResponse:
    """/.well-known/nodeinfo: where the NodeInfo document lives."""
    href = request.build_absolute_uri(reverse("api:nodeinfo"))
    response = json_response({"links": [{"rel": SCHEMA, "href": href}]})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def nodeinfo(request: HttpRequest) -> HttpResponse:
    """/nodeinfo/2.0: software, protocols, usage."""
    accounts = visible_accounts()
    now = timezone.now()
    document = {
        "version": "2.0",
        "software": {"name": "townsquare", "version": __version__},
        "protocols": ["activitypub"],
        "services": {"inbound": [], "outbound": []},
        "openRegistrations": registration_mode() == "open",
        "usage": {
            "users": {
                "total": accounts.count(),
                "activeMonth": accounts.filter(
                    last_posted_at__gte=now - timedelta(days=30)
                ).count(),
                "activeHalfyear": accounts.filter(
                    last_posted_at__gte=now - timedelta(days=180)
                ).count(),
            },
            "localPosts": Post.objects.filter(reblog_of__isnull=True).count(),
        },
        "metadata": {"nodeName": instance_settings().name},
    }
    response = json_response(document)
    response["Content-Type"] = f'application/json; profile="{SCHEMA}#"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
