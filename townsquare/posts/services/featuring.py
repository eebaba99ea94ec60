"""Hashtags someone features on their profile."""

from __future__ import annotations

from django.db import transaction

from townsquare.accounts.models import Account
from townsquare.core.errors import NotFound, ValidationFailed
from townsquare.core.text import HASHTAG_RE, normalise_hashtag
from townsquare.posts.models import FeaturedTag
from townsquare.posts.services.composing import HASHTAG_NAME_CHARS, stored_hashtags

MAX_FEATURED_TAGS = 10


@transaction.atomic
def feature_tag(*, account: Account, name: str) -> FeaturedTag:
    """Feature the hashtag ``name`` (with or without '#') on ``account``'s profile.

    Featuring a tag twice returns the first one; a tag nobody used yet is created.
    """
    display = name.strip().removeprefix("#")
    match = HASHTAG_RE.fullmatch(f"#{display}")
    normalised = normalise_hashtag(display)
    if match is None or display.isdigit() or len(normalised) > HASHTAG_NAME_CHARS:
        raise ValidationFailed("Validation failed: Tag is invalid", field="name")
    # Serialises one person's featuring, so two requests can't both pass the limit.
    Account.objects.select_for_update().filter(pk=account.pk).first()
    [hashtag] = stored_hashtags([(normalised, display)])
    existing = FeaturedTag.objects.filter(account=account, hashtag=hashtag).first()
    if existing is not None:
        return existing
    if FeaturedTag.objects.filter(account=account).count() >= MAX_FEATURED_TAGS:
        raise ValidationFailed(
            f"You can feature at most {MAX_FEATURED_TAGS} hashtags.", field="name"
        )
    return FeaturedTag.objects.create(account=account, hashtag=hashtag)


@transaction.atomic
def unfeature_tag(*, account: Account, featured_tag: FeaturedTag) -> None:
    """Stop featuring a hashtag; NotFound if it isn't ``account``'s."""
    deleted, _ = FeaturedTag.objects.filter(pk=featured_tag.pk, account=account).delete()
    if not deleted:
        raise NotFound()
