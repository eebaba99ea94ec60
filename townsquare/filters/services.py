"""Writes to content filters: each person's filters, their keywords and filtered posts.

Callers check ownership first with the ``access_*`` selectors; these verbs trust the
objects they are given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from django.db import transaction
from django.utils import timezone

from townsquare.accounts.models import Account
from townsquare.core.errors import NotFound, ValidationFailed
from townsquare.core.text import clean_text
from townsquare.filters.models import (
    Filter,
    FilterAction,
    FilterContext,
    FilterKeyword,
    FilterStatus,
)
from townsquare.posts.models import Post

MAX_FILTERS = 100
MAX_KEYWORDS = 100
MAX_STATUSES = 1000
TITLE_MAX = Filter._meta.get_field("title").max_length or 100
KEYWORD_MAX = FilterKeyword._meta.get_field("keyword").max_length or 200
# Ten years: longer is "never", which is what no expiry says.
EXPIRES_IN_MAX = 10 * 365 * 24 * 3600


class Keep(Enum):
    """Leave a setting as it is (where None means something: no expiry)."""

    KEEP = "keep"


KEEP = Keep.KEEP


@dataclass(frozen=True, slots=True)
class KeywordChange:
    """One keyword to add (no id), change (id and new values) or remove (id, destroy)."""

    keyword: str | None = None
    whole_word: bool | None = None
    id: int | None = None
    destroy: bool = False


@transaction.atomic
def create_filter(
    *,
    account: Account,
    title: str,
    contexts: Sequence[str],
    action: str = FilterAction.WARN,
    expires_in: int | None = None,
    keywords: Sequence[KeywordChange] = (),
) -> Filter:
    """A new filter of ``account``'s, with its first keywords; at most MAX_FILTERS each."""
    if Filter.objects.filter(account=account).count() >= MAX_FILTERS:
        raise ValidationFailed(f"You can have at most {MAX_FILTERS} filters", field="title")
    found = Filter.objects.create(
        account=account,
        title=_title(title),
        contexts=_contexts(contexts),
        action=_action(action),
        expires_at=_expires_at(expires_in),
    )
    _change_keywords(found, keywords)
    return found


@transaction.atomic
def update_filter(
    *,
    filter: Filter,
    title: str | None = None,
    contexts: Sequence[str] | None = None,
    action: str | None = None,
    expires_in: int | Keep | None = KEEP,
    keywords: Sequence[KeywordChange] = (),
) -> Filter:
    """Change what is given; ``expires_in=None`` removes the expiry, KEEP leaves it."""
    if title is not None:
        filter.title = _title(title)
    if contexts is not None:
        filter.contexts = _contexts(contexts)
    if action is not None:
        filter.action = _action(action)
    if not isinstance(expires_in, Keep):
        filter.expires_at = _expires_at(expires_in)
    filter.save(update_fields=["title", "contexts", "action", "expires_at"])
    _change_keywords(filter, keywords)
    return filter


@transaction.atomic
def delete_filter(*, filter: Filter) -> None:
    filter.delete()


@transaction.atomic
def add_keyword(*, filter: Filter, keyword: str, whole_word: bool = True) -> FilterKeyword:
    """Add a keyword to ``filter``; at most MAX_KEYWORDS each."""
    if filter.keywords.count() >= MAX_KEYWORDS:
        raise ValidationFailed(
            f"A filter can have at most {MAX_KEYWORDS} keywords", field="keyword"
        )
    return FilterKeyword.objects.create(
        filter=filter, keyword=_keyword(keyword), whole_word=whole_word
    )


@transaction.atomic
def update_keyword(
    *, keyword: FilterKeyword, text: str | None = None, whole_word: bool | None = None
) -> FilterKeyword:
    if text is not None:
        keyword.keyword = _keyword(text)
    if whole_word is not None:
        keyword.whole_word = whole_word
    keyword.save(update_fields=["keyword", "whole_word"])
    return keyword


@transaction.atomic
def delete_keyword(*, keyword: FilterKeyword) -> None:
    keyword.delete()


@transaction.atomic
def set_keywords(*, filter: Filter, keywords: Sequence[str], whole_word: bool) -> None:
    """Make ``keywords`` the filter's whole list (as a form edits it), keeping their ids."""
    wanted = list(dict.fromkeys(_keyword(keyword) for keyword in keywords))
    if len(wanted) > MAX_KEYWORDS:
        raise ValidationFailed(
            f"A filter can have at most {MAX_KEYWORDS} keywords", field="keyword"
        )
    existing = {item.keyword: item for item in FilterKeyword.objects.filter(filter=filter)}
    FilterKeyword.objects.filter(filter=filter).exclude(keyword__in=wanted).delete()
    FilterKeyword.objects.filter(filter=filter, keyword__in=wanted).update(whole_word=whole_word)
    FilterKeyword.objects.bulk_create(
        [
            FilterKeyword(filter=filter, keyword=keyword, whole_word=whole_word)
            for keyword in wanted
            if keyword not in existing
        ]
    )


@transaction.atomic
def add_status(*, filter: Filter, post: Post) -> FilterStatus:
    """Filter one post (the caller made sure the filter's owner may see it)."""
    existing = FilterStatus.objects.filter(filter=filter, post=post).first()
    if existing is not None:
        return existing
    if filter.statuses.count() >= MAX_STATUSES:
        raise ValidationFailed(f"A filter can have at most {MAX_STATUSES} posts", field="status_id")
    found, _ = FilterStatus.objects.get_or_create(filter=filter, post=post)
    return found


@transaction.atomic
def delete_status(*, filter_status: FilterStatus) -> None:
    filter_status.delete()


@transaction.atomic
def create_phrase_filter(
    *,
    account: Account,
    phrase: str,
    contexts: Sequence[str],
    is_irreversible: bool = False,
    whole_word: bool = False,
    expires_in: int | None = None,
) -> FilterKeyword:
    """The deprecated v1 form: a filter titled after its one keyword."""
    found = create_filter(
        account=account,
        title=_keyword(phrase)[:TITLE_MAX],
        contexts=contexts,
        action=FilterAction.HIDE if is_irreversible else FilterAction.WARN,
        expires_in=expires_in,
        keywords=[KeywordChange(keyword=phrase, whole_word=whole_word)],
    )
    return found.keywords.get()


@transaction.atomic
def update_phrase_filter(
    *,
    keyword: FilterKeyword,
    phrase: str | None = None,
    whole_word: bool | None = None,
    contexts: Sequence[str] | None = None,
    is_irreversible: bool | None = None,
    expires_in: int | Keep | None = KEEP,
) -> FilterKeyword:
    """The v1 update: the keyword always; its filter's settings only if it has no other keyword."""
    parent = keyword.filter
    action = None
    if is_irreversible is not None:
        action = FilterAction.HIDE if is_irreversible else FilterAction.WARN
    changes_filter = (
        (contexts is not None and sorted(set(contexts)) != sorted(parent.contexts))
        or (action is not None and action != parent.action)
        or not isinstance(expires_in, Keep)
    )
    if changes_filter and parent.keywords.exclude(pk=keyword.pk).exists():
        raise ValidationFailed(
            "This filter has other keywords: change its context, action or expiry "
            "with the v2 filters API",
            field="context",
        )
    update_filter(filter=parent, contexts=contexts, action=action, expires_in=expires_in)
    return update_keyword(keyword=keyword, text=phrase, whole_word=whole_word)


def _change_keywords(filter: Filter, changes: Sequence[KeywordChange]) -> None:
    for change in changes:
        if change.id is None:
            if not change.destroy:
                add_keyword(
                    filter=filter,
                    keyword=change.keyword or "",
                    whole_word=True if change.whole_word is None else change.whole_word,
                )
            continue
        existing = FilterKeyword.objects.filter(filter=filter, pk=change.id).first()
        if existing is None:
            raise NotFound()
        if change.destroy:
            existing.delete()
        else:
            update_keyword(keyword=existing, text=change.keyword, whole_word=change.whole_word)


def _title(title: str) -> str:
    cleaned = clean_text(title).strip()
    if not cleaned:
        raise ValidationFailed("Title can't be blank", field="title")
    if len(cleaned) > TITLE_MAX:
        raise ValidationFailed(f"Title can be at most {TITLE_MAX} characters", field="title")
    return cleaned


def _keyword(keyword: str) -> str:
    cleaned = clean_text(keyword).strip()
    if not cleaned:
        raise ValidationFailed("Keyword can't be blank", field="keyword")
    if len(cleaned) > KEYWORD_MAX:
        raise ValidationFailed(
            f"A keyword can be at most {KEYWORD_MAX} characters", field="keyword"
        )
    return cleaned


def _contexts(contexts: Sequence[str]) -> list[str]:
    allowed = FilterContext.values
    chosen = {str(context) for context in contexts}
    if not chosen or not chosen <= set(allowed):
        raise ValidationFailed(
            f"Context must be one or more of {', '.join(allowed)}", field="context"
        )
    return [context for context in allowed if context in chosen]


def _action(action: str) -> str:
    if action not in FilterAction.values:
        raise ValidationFailed(
            f"Filter action must be one of {', '.join(FilterAction.values)}",
            field="filter_action",
        )
    return action


def _expires_at(expires_in: int | None) -> datetime | None:
    if expires_in is None:
        return None
    if isinstance(expires_in, bool) or not 0 < expires_in <= EXPIRES_IN_MAX:
        raise ValidationFailed(
            f"expires_in must be between 1 and {EXPIRES_IN_MAX} seconds", field="expires_in"
        )
    return timezone.now() + timedelta(seconds=expires_in)
