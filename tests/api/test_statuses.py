"""/api/v1/statuses: publish, read, edit, delete; history, source and context."""

from __future__ import annotations

from django.test import Client
from django.test.client import encode_multipart
from pydantic import TypeAdapter

from tests.api.conftest import ApiClientFactory, png_upload
from townsquare.accounts.models import Account
from townsquare.api.schemas.status import Context, Status, StatusEdit, StatusSource
from townsquare.instance.services import update_instance_settings
from townsquare.media.services import upload_image
from townsquare.posts.models import Post
from townsquare.posts.services import edit_post, publish_post
from townsquare.relationships.services import block, follow

edits_list = TypeAdapter(list[StatusEdit])


def test_publishing_with_json_returns_the_status(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    client = api_client(alice, scopes="write:statuses")
    response = client.post(
        "/api/v1/statuses",
        {"status": "Hi @bob #Fun", "visibility": "unlisted", "language": "en"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    status = Status.model_validate(response.json())
    assert status.visibility == "unlisted"
    assert status.account.username == "alice"
    assert [mention.username for mention in status.mentions] == ["bob"]
    assert [tag.name for tag in status.tags] == ["Fun"]
    assert status.tags[0].url == "http://testserver/tags/Fun"
    assert status.language == "en"
    assert status.favourited is False
    assert status.pinned is False
    assert status.url == f"http://testserver/@alice/{status.id}"
    assert status.created_at.endswith("Z")
    assert len(status.created_at) == len("2024-01-02T03:04:05.678Z")


def test_publishing_with_a_form_maps_private_to_followers_only(
    api_client: ApiClientFactory, alice: Account
) -> None:
    response = api_client(alice).post(
        "/api/v1/statuses", {"status": "quiet", "visibility": "private", "sensitive": "true"}
    )
    assert response.status_code == 200
    assert response.json()["visibility"] == "private"
    assert response.json()["sensitive"] is True
    assert Post.objects.get(pk=int(response.json()["id"])).visibility == "followers"


def test_publishing_with_multipart_and_media_ids(
    api_client: ApiClientFactory, alice: Account
) -> None:
    media = upload_image(owner=alice, file=png_upload(), description="a square")
    boundary = "XyZ"
    response = api_client(alice).post(
        "/api/v1/statuses",
        encode_multipart(boundary, {"status": "", "media_ids[]": [str(media.id)]}),
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 200, response.content
    status = Status.model_validate(response.json())
    assert [item.id for item in status.media_attachments] == [str(media.id)]
    assert status.media_attachments[0].description == "a square"
    assert status.media_attachments[0].url.endswith(f"/files/{media.id}/original")


def test_someone_elses_media_is_422(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    media = upload_image(owner=bob, file=png_upload())
    response = api_client(alice).post(
        "/api/v1/statuses",
        {"status": "x", "media_ids": [str(media.id)]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "media" in response.json()["error"]


def test_too_long_status_is_422_naming_the_limit(
    api_client: ApiClientFactory, alice: Account
) -> None:
    update_instance_settings(max_post_chars=50)
    response = api_client(alice).post("/api/v1/statuses", {"status": "x" * 51})
    assert response.status_code == 422
    assert "50" in response.json()["error"]


def test_bad_polls_bad_visibility_and_scopes(api_client: ApiClientFactory, alice: Account) -> None:
    client = api_client(alice)
    form_poll = client.post(
        "/api/v1/statuses",
        {"status": "vote", "poll[options][]": ["a", "b"], "poll[expires_in]": "60"},
    )
    assert form_poll.status_code == 422
    assert "300 seconds" in form_poll.json()["error"]
    assert (
        client.post("/api/v1/statuses", {"status": "x", "visibility": "secret"}).status_code == 422
    )
    assert (
        api_client(alice, scopes="read").post("/api/v1/statuses", {"status": "x"}).status_code
        == 403
    )
    assert Client().post("/api/v1/statuses", {"status": "x"}).status_code == 401


def test_the_same_idempotency_key_gives_the_same_status(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    client = api_client(alice)
    headers = {"Idempotency-Key": "abc-123"}
    first = client.post("/api/v1/statuses", {"status": "once"}, headers=headers)
    second = client.post("/api/v1/statuses", {"status": "once"}, headers=headers)
    assert first.json()["id"] == second.json()["id"]
    assert Post.objects.filter(author=alice).count() == 1
    other = api_client(bob).post("/api/v1/statuses", {"status": "once"}, headers=headers)
    assert other.json()["id"] != first.json()["id"]


def test_replies_need_a_visible_parent(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    hidden = publish_post(author=bob, text="followers", visibility="followers")
    shown = publish_post(author=bob, text="public")
    client = api_client(alice)
    refused = client.post("/api/v1/statuses", {"status": "hi", "in_reply_to_id": str(hidden.id)})
    assert refused.status_code == 404
    reply = client.post("/api/v1/statuses", {"status": "hi", "in_reply_to_id": str(shown.id)})
    assert reply.json()["in_reply_to_id"] == str(shown.id)
    assert reply.json()["in_reply_to_account_id"] == str(bob.id)


def test_get_follows_the_visibility_rule(
    api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account
) -> None:
    private = publish_post(author=alice, text="followers only", visibility="followers")
    follow(follower=bob, followee=alice)
    path = f"/api/v1/statuses/{private.id}"
    assert Client().get(path).status_code == 404
    assert api_client(carol).get(path).status_code == 404
    assert api_client(carol).get(path).json() == {"error": "Record not found"}
    seen = api_client(bob).get(path)
    assert Status.model_validate(seen.json()).content == private.content_html
    public = publish_post(author=alice, text="public")
    assert Status.model_validate(Client().get(f"/api/v1/statuses/{public.id}").json())
    block(blocker=alice, blocked=carol)
    assert api_client(carol).get(f"/api/v1/statuses/{public.id}").status_code == 404
    assert Client().get("/api/v1/statuses/abc").status_code == 404


def test_delete_returns_the_text_for_redraft(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    post = publish_post(author=alice, text="oops **draft**")
    assert api_client(bob).delete(f"/api/v1/statuses/{post.id}").status_code == 403
    response = api_client(alice).delete(f"/api/v1/statuses/{post.id}")
    assert response.status_code == 200
    assert Status.model_validate(response.json()).text == "oops **draft**"
    assert not Post.objects.filter(pk=post.id).exists()
    assert api_client(alice).delete(f"/api/v1/statuses/{post.id}").status_code == 404


def test_edit_history_and_source(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    post = publish_post(author=alice, text="first")
    client = api_client(alice)
    edited = client.put(
        f"/api/v1/statuses/{post.id}",
        {"status": "second", "spoiler_text": "cw"},
        content_type="application/json",
    )
    assert edited.status_code == 200, edited.content
    status = Status.model_validate(edited.json())
    assert status.edited_at is not None
    assert status.spoiler_text == "cw"
    history = edits_list.validate_python(Client().get(f"/api/v1/statuses/{post.id}/history").json())
    assert ["first" in version.content for version in history] == [True, False]
    assert "second" in history[-1].content
    source = StatusSource.model_validate(client.get(f"/api/v1/statuses/{post.id}/source").json())
    assert (source.text, source.spoiler_text) == ("second", "cw")
    assert api_client(bob).get(f"/api/v1/statuses/{post.id}/source").status_code == 404
    not_mine = api_client(bob).put(
        f"/api/v1/statuses/{post.id}", {"status": "hacked"}, content_type="application/json"
    )
    assert not_mine.status_code == 403


def test_editing_media_descriptions_with_a_form(
    api_client: ApiClientFactory, alice: Account
) -> None:
    media = upload_image(owner=alice, file=png_upload(), description="old")
    post = publish_post(author=alice, text="pic", media=[media])
    boundary = "B0"
    body = {
        "status": "pic",
        "media_ids[]": [str(media.id)],
        "media_attributes[][id]": str(media.id),
        "media_attributes[][description]": "new",
    }
    response = api_client(alice).put(
        f"/api/v1/statuses/{post.id}",
        encode_multipart(boundary, body),
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 200, response.content
    assert response.json()["media_attachments"][0]["description"] == "new"
    history = Client().get(f"/api/v1/statuses/{post.id}/history").json()
    assert [version["media_attachments"][0]["description"] for version in history] == ["old", "new"]


def test_context_shows_only_visible_posts(
    api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account
) -> None:
    root = publish_post(author=alice, text="root")
    reply = publish_post(author=bob, text="reply", in_reply_to=root)
    hidden = publish_post(author=alice, text="secret", in_reply_to=reply, visibility="followers")
    deeper = publish_post(author=carol, text="deeper", in_reply_to=reply)
    edit_post(editor=alice, post=root, text="root edited")
    response = Client().get(f"/api/v1/statuses/{reply.id}/context")
    assert response.status_code == 200
    context = Context.model_validate(response.json())
    assert [status.id for status in context.ancestors] == [str(root.id)]
    assert [status.id for status in context.descendants] == [str(deeper.id)]
    follow(follower=carol, followee=alice)
    as_follower = api_client(carol).get(f"/api/v1/statuses/{reply.id}/context").json()
    assert [item["id"] for item in as_follower["descendants"]] == [str(hidden.id), str(deeper.id)]


def test_a_token_without_read_scope_cannot_read_even_public_routes(
    api_client: ApiClientFactory, alice: Account
) -> None:
    post = publish_post(author=alice, text="public")
    write_only = api_client(alice, scopes="write")
    assert write_only.get(f"/api/v1/statuses/{post.id}").status_code == 403
    assert write_only.get(f"/api/v1/accounts/{alice.id}").status_code == 403
    reader = api_client(alice, scopes="read:statuses")
    assert reader.get(f"/api/v1/statuses/{post.id}").status_code == 200


def test_json_clients_may_send_ids_as_numbers(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    parent = publish_post(author=bob, text="parent")
    media = upload_image(owner=alice, file=png_upload())
    response = api_client(alice).post(
        "/api/v1/statuses",
        {"status": "reply", "in_reply_to_id": parent.id, "media_ids": [media.id]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["in_reply_to_id"] == str(parent.id)
    bogus = api_client(alice).post(
        "/api/v1/statuses",
        {"status": "x", "in_reply_to_id": True},
        content_type="application/json",
    )
    assert bogus.status_code in {404, 422}


def test_several_statuses_at_once_leave_out_invisible_ones(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    first = publish_post(author=alice, text="one")
    second = publish_post(author=alice, text="two")
    hidden = publish_post(author=alice, text="three", visibility="followers")
    query = f"id[]={second.id}&id[]={hidden.id}&id[]=x&id[]={first.id}"
    response = api_client(bob).get(f"/api/v1/statuses?{query}")
    assert response.status_code == 200
    assert [item["id"] for item in response.json()] == [str(second.id), str(first.id)]
