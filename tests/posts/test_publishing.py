"""publish_post: every rule and each error message."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings

from tests.posts.conftest import blocks, follows
from townsquare.accounts.models import Account
from townsquare.core.errors import NotFound, ValidationFailed
from townsquare.core.ids import id_time
from townsquare.instance.selectors import forget_cached_settings
from townsquare.instance.services import update_instance_settings
from townsquare.media.models import MediaAttachment
from townsquare.posts.models import Hashtag, Mention, Post, PostAttachment
from townsquare.posts.services import boost, publish_post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_instance_settings() -> None:
    forget_cached_settings()


type SetLimit = Callable[[int], None]


@pytest.fixture
def limit(settings: Settings) -> SetLimit:
    """``limit(n)``: the environment's post length limit becomes ``n``."""

    def set_limit(chars: int) -> None:
        settings.TOWNSQUARE = {**settings.TOWNSQUARE, "MAX_POST_CHARS": chars}

    return set_limit


def _reloaded(account: Account) -> Account:
    account.refresh_from_db()
    return account


class TestText:
    def test_stores_text_and_sanitised_html(self, alice: Account) -> None:
        post = publish_post(author=alice, text="Hello <b>world</b> & friends")
        assert post.text == "Hello <b>world</b> & friends"
        assert post.content_html == "<p>Hello &lt;b&gt;world&lt;/b&gt; &amp; friends</p>"
        assert post.visibility == "public"
        assert post.author == alice

    def test_text_is_trimmed_and_cleaned(self, alice: Account) -> None:
        post = publish_post(author=alice, text="  \x00hi\u202e there\x07 \n")
        assert post.text == "hi there"

    def test_empty_text_without_media_fails(self, alice: Account) -> None:
        for text in ("", "   ", "\n\n", "\x00\u202e"):
            with pytest.raises(ValidationFailed) as error:
                publish_post(author=alice, text=text)
            assert error.value.message == "Write something or attach an image."
            assert error.value.field == "text"
        assert not Post.objects.exists()

    def test_empty_text_with_media_is_allowed(
        self, alice: Account, make_image: Callable[..., MediaAttachment]
    ) -> None:
        post = publish_post(author=alice, text="", media=[make_image(alice)])
        assert post.text == ""
        assert post.attachments.count() == 1

    def test_text_at_the_limit_is_accepted(self, alice: Account, limit: SetLimit) -> None:
        limit(500)
        post = publish_post(author=alice, text="a" * 500)
        assert len(post.text) == 500

    def test_text_over_the_limit_names_the_limit_and_the_length(
        self, alice: Account, limit: SetLimit
    ) -> None:
        limit(500)
        with pytest.raises(ValidationFailed) as error:
            publish_post(author=alice, text="a" * 612)
        assert error.value.message == "Posts can be at most 500 characters; this one has 612."
        assert error.value.field == "text"

    def test_each_link_counts_as_23_characters(self, alice: Account, limit: SetLimit) -> None:
        limit(50)
        long_link = "https://example.com/" + "x" * 200
        post = publish_post(author=alice, text=f"{long_link} {long_link}")
        assert post.text.count("https://") == 2
        with pytest.raises(ValidationFailed) as error:
            publish_post(author=alice, text=f"{long_link} {long_link} abcd")
        assert error.value.message == "Posts can be at most 50 characters; this one has 52."

    def test_content_warning_counts_towards_the_limit(
        self, alice: Account, limit: SetLimit
    ) -> None:
        limit(20)
        publish_post(author=alice, text="a" * 10, spoiler_text="b" * 10)
        with pytest.raises(ValidationFailed) as error:
            publish_post(author=alice, text="a" * 10, spoiler_text="b" * 11)
        assert error.value.message == "Posts can be at most 20 characters; this one has 21."

    def test_the_administrators_limit_wins(self, alice: Account) -> None:
        update_instance_settings(max_post_chars=10)
        with pytest.raises(ValidationFailed, match="at most 10 characters; this one has 11"):
            publish_post(author=alice, text="a" * 11)

    def test_long_content_warning_fails(self, alice: Account) -> None:
        with pytest.raises(ValidationFailed) as error:
            publish_post(author=alice, text="hi", spoiler_text="b" * 501)
        assert error.value.message == "Content warnings can be at most 500 characters."
        assert error.value.field == "spoiler_text"

    def test_content_warning_is_one_line_and_marks_sensitive(self, alice: Account) -> None:
        post = publish_post(author=alice, text="hi", spoiler_text=" spoilers\n ahead ")
        assert post.spoiler_text == "spoilers ahead"
        assert post.is_sensitive

    def test_sensitive_without_warning(self, alice: Account) -> None:
        assert publish_post(author=alice, text="hi", is_sensitive=True).is_sensitive
        assert not publish_post(author=alice, text="hi").is_sensitive


class TestVisibilityAndLanguage:
    @pytest.mark.parametrize("visibility", ["public", "unlisted", "followers"])
    def test_accepts_each_visibility(self, alice: Account, visibility: str) -> None:
        assert publish_post(author=alice, text="hi", visibility=visibility).visibility == (
            visibility
        )

    @pytest.mark.parametrize("visibility", ["", "private", "PUBLIC", "everyone", "limited"])
    def test_rejects_other_visibilities(self, alice: Account, visibility: str) -> None:
        with pytest.raises(ValidationFailed) as error:
            publish_post(author=alice, text="hi", visibility=visibility)
        assert error.value.message == (
            "Visibility must be one of: public, unlisted, followers, direct."
        )
        assert error.value.field == "visibility"

    @pytest.mark.parametrize("language", ["en", "pt-BR", "zh-Hant-TW", " de "])
    def test_accepts_language_codes(self, alice: Account, language: str) -> None:
        assert publish_post(author=alice, text="hi", language=language).language == (
            language.strip()
        )

    @pytest.mark.parametrize("language", ["e", "english!", "x" * 17, "<script>", "en_US"])
    def test_rejects_other_languages(self, alice: Account, language: str) -> None:
        with pytest.raises(ValidationFailed) as error:
            publish_post(author=alice, text="hi", language=language)
        assert error.value.message == "Language must be a language code such as en or pt-BR."
        assert error.value.field == "language"


class TestMentions:
    def test_mentions_of_known_people_become_links_and_rows(
        self, alice: Account, bob: Account, carol: Account
    ) -> None:
        post = publish_post(author=alice, text="hi @bob and @CAROL and @bob again")
        assert set(Mention.objects.filter(post=post).values_list("account", flat=True)) == {
            bob.id,
            carol.id,
        }
        assert '<a href="/@bob" class="u-url mention">@<span>bob</span></a>' in post.content_html
        assert 'href="/@carol"' in post.content_html

    def test_mentions_of_unknown_people_stay_plain_text(self, alice: Account) -> None:
        post = publish_post(author=alice, text="hi @nobody")
        assert not Mention.objects.exists()
        assert "<a" not in post.content_html
        assert "@nobody" in post.content_html

    def test_mentions_of_deactivated_people_stay_plain_text(
        self, alice: Account, bob: Account
    ) -> None:
        bob.is_active = False
        bob.save(update_fields=["is_active"])
        post = publish_post(author=alice, text="hi @bob")
        assert not Mention.objects.exists()
        assert "<a" not in post.content_html

    def test_a_direct_post_needs_a_mention_of_someone_who_exists(self, alice: Account) -> None:
        for text in ("secret", "secret @nobody"):
            with pytest.raises(ValidationFailed) as error:
                publish_post(author=alice, text=text, visibility="direct")
            assert error.value.message == (
                "A direct post must mention at least one person (@username)."
            )
            assert error.value.field == "text"

    def test_a_direct_post_with_a_mention(self, alice: Account, bob: Account) -> None:
        post = publish_post(author=alice, text="psst @bob", visibility="direct")
        assert post.visibility == "direct"
        assert list(post.mentions.values_list("account", flat=True)) == [bob.id]


class TestHashtags:
    def test_hashtags_are_stored_normalised_with_the_first_spelling(self, alice: Account) -> None:
        post = publish_post(author=alice, text="#Café and #CAFÉ and #python")
        tags = {tag.name: tag.display_name for tag in Hashtag.objects.all()}
        assert tags == {"café": "Café", "python": "python"}
        assert set(post.hashtag_links.values_list("hashtag__name", flat=True)) == set(tags)
        assert 'href="/tags/café"' in post.content_html

    def test_existing_hashtags_are_reused(self, alice: Account, bob: Account) -> None:
        first = publish_post(author=alice, text="#django")
        second = publish_post(author=bob, text="#Django rocks")
        assert Hashtag.objects.count() == 1
        assert first.hashtag_links.get().hashtag == second.hashtag_links.get().hashtag
        assert Hashtag.objects.get().display_name == "django"

    def test_a_post_links_its_known_and_new_hashtags_in_order(
        self, alice: Account, bob: Account
    ) -> None:
        publish_post(author=alice, text="#django")
        post = publish_post(author=bob, text="#Python then #DJANGO then #Wagtail")
        tags = {tag.name: tag.display_name for tag in Hashtag.objects.all()}
        assert tags == {"django": "django", "python": "Python", "wagtail": "Wagtail"}
        links = post.hashtag_links.order_by("id").values_list("hashtag__name", flat=True)
        assert list(links) == ["python", "django", "wagtail"]

    def test_numbers_and_url_fragments_are_not_hashtags(self, alice: Account) -> None:
        publish_post(author=alice, text="issue #123 at https://example.com/#anchor")
        assert not Hashtag.objects.exists()


class TestCounters:
    def test_posting_counts_and_records_the_time(self, alice: Account) -> None:
        post = publish_post(author=alice, text="one")
        publish_post(author=alice, text="two")
        alice = _reloaded(alice)
        assert alice.posts_count == 2
        assert alice.last_posted_at is not None
        assert alice.last_posted_at >= post.created_at


class TestReplies:
    def test_a_reply_points_at_its_parent_and_thread(self, alice: Account, bob: Account) -> None:
        root = publish_post(author=alice, text="root")
        reply = publish_post(author=bob, text="reply", in_reply_to=root)
        second = publish_post(author=alice, text="reply to reply", in_reply_to=reply)
        assert reply.in_reply_to == root
        assert reply.in_reply_to_account_id == alice.id
        assert reply.thread_root_id == root.id
        assert second.thread_root_id == root.id
        assert second.in_reply_to_account_id == bob.id
        assert reply.is_reply
        assert not root.is_reply

    def test_replies_count_the_parent(self, alice: Account, bob: Account) -> None:
        root = publish_post(author=alice, text="root")
        publish_post(author=bob, text="one", in_reply_to=root)
        publish_post(author=alice, text="two", in_reply_to=root)
        root.refresh_from_db()
        assert root.replies_count == 2

    def test_the_parent_author_is_not_mentioned_automatically(
        self, alice: Account, bob: Account
    ) -> None:
        root = publish_post(author=alice, text="root")
        reply = publish_post(author=bob, text="reply", in_reply_to=root)
        assert not reply.mentions.exists()

    def test_replying_to_an_invisible_post_is_not_found(self, alice: Account, bob: Account) -> None:
        hidden = publish_post(author=alice, text="friends", visibility="followers")
        with pytest.raises(NotFound):
            publish_post(author=bob, text="reply", in_reply_to=hidden)
        blocked = publish_post(author=alice, text="public")
        blocks(alice, bob)
        with pytest.raises(NotFound):
            publish_post(author=bob, text="reply", in_reply_to=blocked)
        assert not Post.objects.filter(author=bob).exists()
        blocked.refresh_from_db()
        assert blocked.replies_count == 0

    def test_replying_to_a_deleted_post_is_not_found(self, alice: Account, bob: Account) -> None:
        parent = publish_post(author=alice, text="soon gone")
        Post.objects.filter(pk=parent.pk).delete()
        with pytest.raises(NotFound):
            publish_post(author=bob, text="reply", in_reply_to=parent)

    @pytest.mark.parametrize(
        ("wanted", "parent", "expected"),
        [
            ("public", "public", "public"),
            ("public", "unlisted", "unlisted"),
            ("unlisted", "public", "unlisted"),
            ("public", "followers", "followers"),
            ("unlisted", "followers", "followers"),
            ("followers", "public", "followers"),
            ("public", "direct", "direct"),
            ("followers", "direct", "direct"),
            ("direct", "public", "direct"),
        ],
    )
    def test_a_reply_is_never_wider_than_its_parent(
        self, alice: Account, bob: Account, wanted: str, parent: str, expected: str
    ) -> None:
        follows(bob, alice)
        root = publish_post(author=alice, text="root @bob", visibility=parent)
        reply = publish_post(author=bob, text="hi @alice", visibility=wanted, in_reply_to=root)
        assert reply.visibility == expected

    def test_a_reply_clamped_to_direct_needs_a_mention(self, alice: Account, bob: Account) -> None:
        root = publish_post(author=alice, text="psst @bob", visibility="direct")
        with pytest.raises(ValidationFailed, match="must mention at least one person"):
            publish_post(author=bob, text="no mention", in_reply_to=root)

    def test_replying_to_a_boost_replies_to_the_original(
        self, alice: Account, bob: Account, carol: Account
    ) -> None:
        original = publish_post(author=alice, text="original")
        shared = boost(account=bob, post=original)
        reply = publish_post(author=carol, text="reply", in_reply_to=shared)
        assert reply.in_reply_to == original
        assert reply.in_reply_to_account_id == alice.id


class TestMedia:
    def test_attaches_images_in_order(
        self, alice: Account, make_image: Callable[..., MediaAttachment]
    ) -> None:
        images = [make_image(alice) for _ in range(4)]
        post = publish_post(author=alice, text="pics", media=list(reversed(images)))
        attached = list(post.attachments.values_list("media_id", "position"))
        assert attached == [(image.id, n) for n, image in enumerate(reversed(images))]

    def test_at_most_four_images(
        self, alice: Account, make_image: Callable[..., MediaAttachment]
    ) -> None:
        with pytest.raises(ValidationFailed) as error:
            publish_post(author=alice, text="pics", media=[make_image(alice) for _ in range(5)])
        assert error.value.message == "A post can have at most 4 images."
        assert error.value.field == "media"
        assert not Post.objects.exists()

    def test_the_same_image_twice_fails(
        self, alice: Account, make_image: Callable[..., MediaAttachment]
    ) -> None:
        image = make_image(alice)
        with pytest.raises(ValidationFailed, match="The same image is attached twice"):
            publish_post(author=alice, text="pics", media=[image, image])

    def test_someone_elses_image_is_not_found(
        self, alice: Account, bob: Account, make_image: Callable[..., MediaAttachment]
    ) -> None:
        with pytest.raises(NotFound):
            publish_post(author=alice, text="pics", media=[make_image(bob)])
        assert not PostAttachment.objects.exists()

    def test_an_image_already_on_a_post_fails(
        self, alice: Account, make_image: Callable[..., MediaAttachment]
    ) -> None:
        image = make_image(alice)
        publish_post(author=alice, text="first", media=[image])
        with pytest.raises(ValidationFailed) as error:
            publish_post(author=alice, text="second", media=[image])
        assert error.value.message == "An image can be attached to one post only."
        assert Post.objects.count() == 1
        assert _reloaded(alice).posts_count == 1


def test_an_imported_post_keeps_its_time_and_sorts_by_it(alice: Account) -> None:
    then = timezone.now() - timedelta(days=3)
    old = publish_post(author=alice, text="from the archive", published_at=then)
    new = publish_post(author=alice, text="today")
    assert old.created_at == then
    assert abs((id_time(old.id) - then).total_seconds()) < 0.001
    assert old.id < new.id


@pytest.mark.parametrize("hours", [1, 48])
def test_a_post_cannot_be_published_in_the_future(alice: Account, hours: int) -> None:
    with pytest.raises(ValidationFailed, match="can't be in the future"):
        publish_post(
            author=alice, text="tomorrow", published_at=timezone.now() + timedelta(hours=hours)
        )
