"""Writing posts: publish, edit, delete."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from townsquare.accounts.models import Account
from townsquare.accounts.services import change_counters, count_post
from townsquare.core.errors import Forbidden, NotFound, ValidationFailed
from townsquare.core.events import publish
from townsquare.core.ids import next_id, next_id_at
from townsquare.media.models import MediaAttachment
from townsquare.media.services import delete_media, update_media
from townsquare.posts.events import PostDeleted, PostEdited, PostPublished
from townsquare.posts.models import (
    Mention,
    Post,
    PostAttachment,
    PostEdit,
    PostHashtag,
    Visibility,
)
from townsquare.posts.selectors import can_see, poll_titles
from townsquare.posts.services.composing import Composed, compose, stored_hashtags
from townsquare.posts.services.counters import adjust_count
from townsquare.posts.services.polls import PollSpec, create_poll, edit_poll

# Narrowest last: a reply may not be seen by more people than its parent.
VISIBILITY_ORDER = (
    Visibility.PUBLIC,
    Visibility.UNLISTED,
    Visibility.FOLLOWERS,
    Visibility.DIRECT,
)
LANGUAGE_RE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}")
LANGUAGE_CHARS = 16


@transaction.atomic
def publish_post(
    *,
    author: Account,
    text: str,
    visibility: str = "public",
    spoiler_text: str = "",
    is_sensitive: bool = False,
    in_reply_to: Post | None = None,
    media: Sequence[MediaAttachment] = (),
    language: str = "",
    published_at: datetime | None = None,
    poll: PollSpec | None = None,
) -> Post:
    """Publish a post (or a reply) with its mentions, hashtags and images, or its poll.

    ``published_at`` backdates an imported post (and its time-sortable id); it can't be
    in the future, so scheduling stays a separate feature.
    """
    moment = _checked_moment(published_at)
    _check_visibility(visibility)
    language = _checked_language(language)
    parent = _reply_parent(author, in_reply_to)
    if parent is not None:
        visibility = _narrowest(visibility, parent.visibility)
    _check_media(author, media)
    if poll is not None and media:
        raise ValidationFailed("A post can have images or a poll, not both.", field="poll")
    body = compose(
        text=text, spoiler_text=spoiler_text, visibility=visibility, has_media=bool(media)
    )
    post = Post.objects.create(
        id=next_id_at(moment) if published_at else next_id(),
        created_at=moment,
        author=author,
        text=body.text,
        content_html=body.html,
        spoiler_text=body.spoiler_text,
        is_sensitive=is_sensitive or bool(body.spoiler_text),
        visibility=visibility,
        language=language,
        in_reply_to=parent,
        in_reply_to_account_id=parent.author_id if parent else None,
        thread_root_id=(parent.thread_root_id or parent.id) if parent else None,
    )
    PostAttachment.objects.bulk_create(
        PostAttachment(post=post, media=item, position=position)
        for position, item in enumerate(media)
    )
    _store_references(post, body)
    if poll is not None:
        create_poll(post=post, spec=poll)
    if parent is not None:
        adjust_count(parent.id, "replies_count", +1)
    count_post(account_id=author.id, at=post.created_at)
    publish(
        PostPublished(
            post_id=post.id,
            author_id=author.id,
            visibility=visibility,
            in_reply_to_account_id=post.in_reply_to_account_id,
            has_mentions=bool(body.mentioned),
            reach=author.followers_count + len(body.mentioned),
        )
    )
    return post


def _checked_moment(published_at: datetime | None) -> datetime:
    now = timezone.now()
    if published_at is None:
        return now
    if timezone.is_naive(published_at):
        raise ValidationFailed("The publication time needs a time zone.", field="published_at")
    if published_at > now:
        raise ValidationFailed("The publication time can't be in the future.", field="published_at")
    return published_at


@transaction.atomic
def edit_post(
    *,
    editor: Account,
    post: Post,
    text: str,
    spoiler_text: str = "",
    is_sensitive: bool = False,
    media_descriptions: dict[int, str] | None = None,
    poll: PollSpec | None = None,
    remove_poll: bool = False,
) -> Post:
    """Change a post's text, content warning and image descriptions, keeping the old version.

    ``poll`` replaces the poll (votes reset when its options change, see ``edit_poll``);
    ``remove_poll`` takes it off; neither leaves it as it is.
    """
    post = _fresh_for_author(editor, post, verb="edit")
    if post.is_boost:
        raise ValidationFailed("Boosts can't be edited.")
    attachments = list(post.attachments.select_related("media"))
    body = compose(
        text=text,
        spoiler_text=spoiler_text,
        visibility=post.visibility,
        has_media=bool(attachments),
    )
    descriptions = _changed_descriptions(attachments, media_descriptions or {})
    if poll is not None and attachments:
        raise ValidationFailed("A post can have images or a poll, not both.", field="poll")
    previous_options = poll_titles(post)
    poll_changed = (poll is not None or remove_poll) and edit_poll(post=post, spec=poll)
    is_sensitive = is_sensitive or bool(body.spoiler_text)
    unchanged = (body.text, body.spoiler_text, is_sensitive) == (
        post.text,
        post.spoiler_text,
        post.is_sensitive,
    )
    # Other options are a new version for readers; only hiding the totals is not.
    options_changed = poll_changed and poll_titles(post) != previous_options
    if unchanged and not descriptions and not options_changed:
        if poll_changed:
            publish(PostEdited(post_id=post.id, author_id=post.author_id))
        return post
    _keep_previous_version(post, attachments, previous_options)
    _replace_body(post, body, is_sensitive=is_sensitive)
    for item, description in descriptions:
        update_media(media=item, description=description)
    publish(PostEdited(post_id=post.id, author_id=post.author_id))
    return post


@transaction.atomic
def delete_post(*, actor: Account, post: Post) -> str:
    """Delete a post (its author or staff), its boosts and images; returns its text to redraft."""
    post = _fresh_for_author(actor, post, verb="delete", staff_may=True)
    if post.reblog_of_id is not None:
        adjust_count(post.reblog_of_id, "boosts_count", -1)
    if post.in_reply_to_id is not None:
        adjust_count(post.in_reply_to_id, "replies_count", -1)
    # Boosts go with the post (cascade); their authors' counts and timelines must follow.
    for boost_id, booster_id in post.reblogs.values_list("id", "author_id"):
        change_counters(account_id=booster_id, posts=-1)
        publish(PostDeleted(post_id=boost_id, author_id=booster_id))
    for attachment in post.attachments.select_related("media"):
        delete_media(media=attachment.media)
    text = post.text
    gone = PostDeleted(
        post_id=post.id,
        author_id=post.author_id,
        visibility=post.visibility,
        hashtags=tuple(
            PostHashtag.objects.filter(post=post).values_list("hashtag__name", flat=True)
        ),
    )
    post.delete()
    change_counters(account_id=gone.author_id, posts=-1)
    publish(gone)
    return text


def _check_visibility(visibility: str) -> None:
    if visibility not in Visibility.values:
        raise ValidationFailed(
            "Visibility must be one of: public, unlisted, followers, direct.",
            field="visibility",
        )


def _checked_language(language: str) -> str:
    language = language.strip()
    if language and (len(language) > LANGUAGE_CHARS or not LANGUAGE_RE.fullmatch(language)):
        raise ValidationFailed(
            "Language must be a language code such as en or pt-BR.", field="language"
        )
    return language


def _reply_parent(author: Account, in_reply_to: Post | None) -> Post | None:
    """The post replied to, re-read and checked: replying to a boost replies to its original."""
    if in_reply_to is None:
        return None
    target_id = in_reply_to.reblog_of_id or in_reply_to.id
    parent = Post.objects.visible_to(author).filter(pk=target_id).first()
    if parent is None:
        raise NotFound("The post you are replying to doesn't exist or isn't visible to you.")
    return parent


def _narrowest(visibility: str, parent_visibility: str) -> str:
    return max(visibility, parent_visibility, key=VISIBILITY_ORDER.index)


def _check_media(author: Account, media: Sequence[MediaAttachment]) -> None:
    limit = int(settings.TOWNSQUARE["MAX_ATTACHMENTS"])
    if len(media) > limit:
        raise ValidationFailed(f"A post can have at most {limit} images.", field="media")
    ids = [item.id for item in media]
    if len(set(ids)) != len(ids):
        raise ValidationFailed("The same image is attached twice.", field="media")
    if any(item.owner_id != author.id for item in media):
        raise NotFound("Image not found")
    if PostAttachment.objects.filter(media_id__in=ids).exists():
        raise ValidationFailed("An image can be attached to one post only.", field="media")


def _store_references(post: Post, body: Composed) -> None:
    Mention.objects.bulk_create(Mention(post=post, account=account) for account in body.mentioned)
    PostHashtag.objects.bulk_create(
        PostHashtag(post=post, hashtag=tag) for tag in stored_hashtags(body.hashtags)
    )


def _replace_body(post: Post, body: Composed, *, is_sensitive: bool) -> None:
    post.text, post.content_html = body.text, body.html
    post.spoiler_text, post.is_sensitive = body.spoiler_text, is_sensitive
    post.edited_at = timezone.now()
    post.save(update_fields=["text", "content_html", "spoiler_text", "is_sensitive", "edited_at"])
    # Mentions are replaced, not merged: someone no longer mentioned loses access to a
    # followers-only or direct post, as the edited text now says.
    Mention.objects.filter(post=post).delete()
    PostHashtag.objects.filter(post=post).delete()
    _store_references(post, body)


def _fresh_for_author(actor: Account, post: Post, *, verb: str, staff_may: bool = False) -> Post:
    """The post re-read and locked, if ``actor`` may change it; NotFound if they can't see it."""
    fresh = Post.objects.select_for_update().filter(pk=post.pk).first()
    if fresh is None:
        raise NotFound("Post not found")
    if fresh.author_id == actor.id or (staff_may and actor.is_staff):
        return fresh
    if can_see(actor, fresh):
        raise Forbidden(f"You can only {verb} your own posts.")
    raise NotFound("Post not found")


def _changed_descriptions(
    attachments: list[PostAttachment], wanted: dict[int, str]
) -> list[tuple[MediaAttachment, str]]:
    by_id = {attachment.media_id: attachment.media for attachment in attachments}
    unknown = set(wanted) - set(by_id)
    if unknown:
        raise ValidationFailed("Only images on this post can be described.", field="media")
    return [
        (by_id[media_id], description)
        for media_id, description in wanted.items()
        if by_id[media_id].description != description
    ]


def _keep_previous_version(
    post: Post, attachments: list[PostAttachment], poll_options: list[str] | None
) -> None:
    PostEdit.objects.create(
        post=post,
        text=post.text,
        content_html=post.content_html,
        spoiler_text=post.spoiler_text,
        is_sensitive=post.is_sensitive,
        media_descriptions=[
            {"media_id": attachment.media_id, "description": attachment.media.description}
            for attachment in attachments
        ],
        poll_options=poll_options,
        created_at=post.edited_at or post.created_at,
    )
