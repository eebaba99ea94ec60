"""The about page, rules at sign-up, the announcement banner and the staff Server page."""

from __future__ import annotations

from django.test import Client

from tests.factories import AccountFactory
from townsquare.accounts.models import Account
from townsquare.instance import services
from townsquare.instance.models import Announcement, AnnouncementRead, Rule


def _client(account: Account) -> Client:
    client = Client()
    client.force_login(account)
    return client


def test_rules_show_on_about_and_sign_up(db: None) -> None:
    services.create_rule(text="Be kind", hint="<b>really</b>")
    about = Client().get("/about").content.decode()
    assert "Be kind" in about
    assert "&lt;b&gt;really&lt;/b&gt;" in about  # escaped
    assert "Be kind" in Client().get("/signup").content.decode()


def test_home_banner_dismisses_for_that_reader(alice: Account, bob: Account) -> None:
    made = services.create_announcement(text="Maintenance tonight")
    services.create_announcement(text="Not yet", is_published=False)
    client = _client(alice)
    body = client.get("/").content.decode()
    assert "Maintenance tonight" in body and "Not yet" not in body
    response = client.post(f"/announcements/{made.pk}/dismiss", {"next": "/"})
    assert response.status_code == 302
    assert "Maintenance tonight" not in client.get("/").content.decode()
    assert "Maintenance tonight" in _client(bob).get("/").content.decode()
    assert AnnouncementRead.objects.filter(account=alice).count() == 1
    draft = Announcement.objects.get(text="Not yet")
    assert client.post(f"/announcements/{draft.pk}/dismiss").status_code == 404


def test_only_staff_reach_the_server_page(alice: Account) -> None:
    client = _client(alice)
    assert client.get("/admin-tools/server").status_code == 403
    assert client.post("/admin-tools/rules", {"newrule-text": "Mine"}).status_code == 403
    assert not Rule.objects.exists()
    assert "/admin-tools/server" not in client.get("/settings/filters").content.decode()


def test_staff_write_rules_and_announcements(db: None) -> None:
    client = _client(AccountFactory.create(username="boss", is_staff=True))
    assert client.get("/admin-tools/server").status_code == 200
    assert client.post("/admin-tools/rules", {"newrule-text": "Be kind"}).status_code == 302
    rule = Rule.objects.get()
    client.post(f"/admin-tools/rules/{rule.pk}", {f"rule{rule.pk}-text": "Be nice"})
    rule.refresh_from_db()
    assert rule.text == "Be nice"
    client.post(
        "/admin-tools/announcements", {"newann-text": "Hello all", "newann-is_published": "on"}
    )
    made = Announcement.objects.get()
    assert made.is_published
    page = client.get("/admin-tools/server").content.decode()
    assert "Be nice" in page and "Hello all" in page
    client.post(f"/admin-tools/announcements/{made.pk}/delete")
    client.post(f"/admin-tools/rules/{rule.pk}/delete")
    assert not Announcement.objects.exists() and not Rule.objects.exists()
