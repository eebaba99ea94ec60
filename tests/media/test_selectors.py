"""Media selectors: your own uploads, and the ones still free to attach."""

from __future__ import annotations

import pytest

from tests.media import samples
from townsquare.core.errors import NotFound
from townsquare.media.selectors import access_own_media, media_with_post, unattached_media
from townsquare.media.services import upload_image
from townsquare.posts.services import publish_post


def new_upload(owner):
    return upload_image(owner=owner, file=samples.upload(samples.image_bytes()))


def test_access_own_media_finds_only_your_own(alice, bob):
    mine = new_upload(alice)

    assert access_own_media(mine.id, alice) == mine
    with pytest.raises(NotFound):
        access_own_media(mine.id, bob)
    with pytest.raises(NotFound):
        access_own_media(mine.id + 1, alice)


def test_unattached_media_keeps_the_order_asked_for(alice):
    first, second, third = new_upload(alice), new_upload(alice), new_upload(alice)

    found = unattached_media(alice, [third.id, first.id, second.id])

    assert found == [third, first, second]
    assert unattached_media(alice, []) == []


def test_unattached_media_drops_repeats(alice):
    media = new_upload(alice)

    assert unattached_media(alice, [media.id, media.id]) == [media]


def test_unattached_media_refuses_someone_elses_upload(alice, bob):
    mine, theirs = new_upload(alice), new_upload(bob)

    with pytest.raises(NotFound):
        unattached_media(alice, [mine.id, theirs.id])
    with pytest.raises(NotFound):
        unattached_media(alice, [mine.id, theirs.id + 12345])


def test_unattached_media_refuses_an_upload_already_on_a_post(alice):
    used, free = new_upload(alice), new_upload(alice)
    publish_post(author=alice, text="", media=[used])

    assert unattached_media(alice, [free.id]) == [free]
    with pytest.raises(NotFound):
        unattached_media(alice, [free.id, used.id])


def test_media_with_post_loads_the_post_it_is_on(alice, django_assert_num_queries):
    used, free = new_upload(alice), new_upload(alice)
    post = publish_post(author=alice, text="look", media=[used])

    with django_assert_num_queries(1):
        found = media_with_post(used.id)
        assert found is not None
        assert found.post_attachment.post == post
    loose = media_with_post(free.id)
    assert loose is not None
    assert not hasattr(loose, "post_attachment")
    assert media_with_post(free.id + 999_999) is None
