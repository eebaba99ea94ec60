"""Web pages for posts: compose, thread, edit, history, delete, and the post's own pages."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from tests.factories import AccountFactory
from townsquare.accounts.models import Account
from townsquare.instance.selectors import max_post_chars
from townsquare.media.models import MediaAttachment
from townsquare.posts.models import Post
from townsquare.posts.services import publish_post
from townsquare.relationships.services import follow


def _client(account: Account | None = None) -> Client:
    client = Client()
    if account is not None:
        client.force_login(account)
    return client


def _png(name: str = "square.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture(autouse=True)
def _own_media(settings: Any, tmp_path: Path) -> None:
    """Files under this test's own media root: parallel workers store uploads too."""
    settings.MEDIA_ROOT = tmp_path / "media"


def _stored_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def _detail(post: Post) -> str:
    return reverse("web:post_detail", args=[post.author.username, post.id])


def _compose(client: Client, **fields: object) -> Any:
    data: dict[str, object] = {"text": "", "visibility": "public", "spoiler_text": ""}
    data.update(fields)
    return client.post(reverse("web:compose"), data)


def test_compose_page_needs_log_in(db: None) -> None:
    response = _client().get(reverse("web:compose"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_compose_form_offers_four_images_with_alt_text(alice: Account) -> None:
    body = _client(alice).get(reverse("web:compose")).content.decode()

    assert body.count('type="file"') == 4
    assert body.count('name="alt_') == 4
    assert f'data-max-chars="{max_post_chars()}"' in body


def test_composed_post_shows_on_its_detail_page(alice: Account) -> None:
    response = _compose(_client(alice), text="Hello, town square")

    post = Post.objects.get(author=alice)
    assert response.status_code == 302
    assert response["Location"] == _detail(post)
    page = _client().get(_detail(post))
    assert page.status_code == 200
    assert "Hello, town square" in page.content.decode()


def test_over_long_text_names_the_limit_and_saves_nothing(alice: Account) -> None:
    limit = max_post_chars()

    response = _compose(_client(alice), text="x" * (limit + 1))

    assert response.status_code == 400
    assert f"at most {limit} characters" in response.content.decode()
    assert not Post.objects.exists()


def test_text_file_as_image_is_a_form_error_and_saves_nothing(alice: Account, committed) -> None:
    before = _stored_files()
    fake = SimpleUploadedFile("notes.png", b"just some text", content_type="image/png")

    with committed():
        response = _compose(_client(alice), text="look", image_1=fake)

    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert not Post.objects.exists()
    assert not MediaAttachment.objects.exists()
    assert _stored_files() == before


def test_refused_post_leaves_no_uploaded_image(alice: Account, committed) -> None:
    before = _stored_files()

    with committed():
        response = _compose(
            _client(alice), text="x" * (max_post_chars() + 1), image_1=_png(), alt_1="red"
        )

    assert response.status_code == 400
    assert not Post.objects.exists()
    assert not MediaAttachment.objects.exists()
    assert _stored_files() == before


def test_image_shows_with_its_alt_text(alice: Account, committed) -> None:
    with committed():
        _compose(_client(alice), text="a square", image_1=_png(), alt_1="A red <square>")

    post = Post.objects.get(author=alice)
    media = post.attachments.get().media
    body = _client().get(_detail(post)).content.decode()
    assert 'alt="A red &lt;square&gt;"' in body
    assert reverse("web:media_file", args=[media.id, "thumbnail"]) in body
    assert reverse("web:media_file", args=[media.id, "original"]) in body


def test_reply_form_shows_the_parent_and_the_reply_joins_the_thread(
    alice: Account, bob: Account
) -> None:
    parent = publish_post(author=bob, text="What should we build?")
    client = _client(alice)

    form = client.get(reverse("web:compose"), {"in_reply_to": parent.id}).content.decode()
    response = _compose(client, text="@bob a bench", in_reply_to=parent.id)

    assert "What should we build?" in form
    assert f'value="{parent.id}"' in form
    assert "@bob " in form
    reply = Post.objects.get(author=alice)
    assert reply.in_reply_to_id == parent.id
    assert response["Location"] == _detail(reply)
    thread_page = _client().get(_detail(parent)).content.decode()
    assert thread_page.index("What should we build?") < thread_page.index("a bench")


def test_replying_to_a_post_you_cannot_see_is_not_found(alice: Account, bob: Account) -> None:
    hidden = publish_post(author=bob, text="followers only", visibility="followers")

    response = _client(alice).get(reverse("web:compose"), {"in_reply_to": hidden.id})

    assert response.status_code == 404


@pytest.mark.parametrize(("viewer", "status"), [("follower", 200), ("stranger", 404), (None, 404)])
def test_followers_only_post_detail(
    viewer: str | None, status: int, alice: Account, bob: Account, carol: Account
) -> None:
    follow(follower=bob, followee=alice)
    post = publish_post(author=alice, text="for my followers", visibility="followers")
    account = {"follower": bob, "stranger": carol, None: None}[viewer]

    response = _client(account).get(_detail(post))

    assert response.status_code == status
    assert ("for my followers" in response.content.decode()) is (status == 200)


def test_detail_under_another_username_is_not_found(alice: Account, bob: Account) -> None:
    post = publish_post(author=alice, text="mine")

    response = _client().get(reverse("web:post_detail", args=[bob.username, post.id]))

    assert response.status_code == 404


def test_followers_only_post_has_no_boost_button(alice: Account, bob: Account) -> None:
    follow(follower=bob, followee=alice)
    post = publish_post(author=alice, text="for my followers", visibility="followers")

    body = _client(bob).get(_detail(post)).content.decode()

    assert f'action="{reverse("web:post_like", args=[post.id])}"' in body
    assert f'action="{reverse("web:post_boost", args=[post.id])}"' not in body


def test_edit_saves_and_history_lists_versions_newest_first(alice: Account) -> None:
    post = publish_post(author=alice, text="first draft")
    client = _client(alice)

    form = client.get(reverse("web:post_edit", args=[post.id])).content.decode()
    response = client.post(
        reverse("web:post_edit", args=[post.id]), {"text": "second thoughts", "spoiler_text": ""}
    )

    assert "first draft" in form
    assert response.status_code == 302
    assert "second thoughts" in client.get(_detail(post)).content.decode()
    history = _client().get(reverse("web:post_history", args=[post.id])).content.decode()
    assert history.index("second thoughts") < history.index("first draft")
    assert history.count("<time") == 2


def test_edit_shows_the_limit_when_too_long(alice: Account) -> None:
    post = publish_post(author=alice, text="short")
    limit = max_post_chars()

    response = _client(alice).post(
        reverse("web:post_edit", args=[post.id]), {"text": "y" * (limit + 5)}
    )

    assert response.status_code == 400
    assert f"at most {limit} characters" in response.content.decode()
    post.refresh_from_db()
    assert post.text == "short"


def test_only_the_author_may_edit(alice: Account, bob: Account) -> None:
    post = publish_post(author=alice, text="mine")

    response = _client(bob).post(reverse("web:post_edit", args=[post.id]), {"text": "yours"})

    assert response.status_code == 403
    post.refresh_from_db()
    assert post.text == "mine"


def test_delete_confirms_then_deletes_with_a_message(alice: Account) -> None:
    post = publish_post(author=alice, text="regrettable")
    client = _client(alice)

    confirm = client.get(reverse("web:post_delete", args=[post.id]))
    response = client.post(
        reverse("web:post_delete", args=[post.id]), {"next": _detail(post)}, follow=True
    )

    assert confirm.status_code == 200
    assert "regrettable" in confirm.content.decode()
    assert not Post.objects.filter(pk=post.id).exists()
    assert response.redirect_chain[0][0] == reverse("web:home")
    assert "deleted" in response.content.decode()


def test_others_may_not_delete_but_staff_may(alice: Account, bob: Account) -> None:
    post = publish_post(author=alice, text="keep me")
    moderator = AccountFactory.create(username="mod", is_staff=True)

    refused = _client(bob).post(reverse("web:post_delete", args=[post.id]))
    assert refused.status_code == 403
    assert Post.objects.filter(pk=post.id).exists()

    allowed = _client(moderator).post(reverse("web:post_delete", args=[post.id]))
    assert allowed.status_code == 302
    assert not Post.objects.filter(pk=post.id).exists()


def test_post_text_and_content_warning_are_escaped(alice: Account) -> None:
    post = publish_post(
        author=alice,
        text="<script>alert(1)</script>",
        spoiler_text='<img src=x onerror="alert(2)">',
    )

    body = _client().get(_detail(post)).content.decode()

    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<img src=x" not in body
    assert '<details class="cw"><summary>&lt;img src=x onerror=' in body


def test_editing_changes_the_alt_text(alice: Account, committed) -> None:
    with committed():
        _compose(_client(alice), text="a square", image_1=_png(), alt_1="red square")
    post = Post.objects.get(author=alice)
    media = post.attachments.get().media
    client = _client(alice)

    form = client.get(reverse("web:post_edit", args=[post.id])).content.decode()
    client.post(
        reverse("web:post_edit", args=[post.id]),
        {"text": "a square", f"alt_{media.id}": "crimson square"},
    )

    assert "red square" in form
    body = _client().get(_detail(post)).content.decode()
    assert 'alt="crimson square"' in body
