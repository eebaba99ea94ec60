"""The index follows the data through events and tasks, and can be rebuilt from scratch."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from tests.search.conftest import Committed, Publisher
from townsquare.accounts.models import Account
from townsquare.accounts.services import approve_account, sign_up, update_profile
from townsquare.posts.services import publish_post
from townsquare.search import services
from townsquare.search.backends import backend
from townsquare.search.query import parse
from townsquare.search.selectors import search_accounts, search_posts


def post_ids(viewer: Account | None, text: str) -> list[int]:
    return [post.id for post in search_posts(viewer, parse(text))]


def people(viewer: Account | None, text: str) -> list[str]:
    return [account.username for account in search_accounts(viewer, text)]


def test_posts_written_without_a_commit_are_not_indexed_until_reindex(alice: Account) -> None:
    post = publish_post(author=alice, text="unindexed marmalade")
    assert post_ids(None, "marmalade") == []
    out = StringIO()
    call_command("reindex", stdout=out)
    assert post_ids(None, "marmalade") == [post.id]
    assert "1 posts" in out.getvalue()


def test_reindex_drops_what_is_gone_and_is_repeatable(publish: Publisher, alice: Account) -> None:
    post = publish(alice, "stale entry")
    Account.objects.filter(pk=alice.pk).update(is_indexable=False)
    services.reindex()
    services.reindex()
    assert backend().count_posts_by(alice.id) == 0
    Account.objects.filter(pk=alice.pk).update(is_indexable=True)
    assert services.reindex() == (1, 1)
    assert post_ids(None, "stale") == [post.id]


def test_indexing_a_post_twice_keeps_one_entry(publish: Publisher, alice: Account) -> None:
    post = publish(alice, "twice told tale")
    services.index_post(post_id=post.id)
    services.index_post(post_id=post.id)
    assert backend().count_posts_by(alice.id) == 1
    services.remove_post(post_id=post.id)
    services.remove_post(post_id=post.id)
    assert backend().count_posts_by(alice.id) == 0
    services.index_post(post_id=10**12)  # a post that doesn't exist is simply not indexed


def test_people_are_found_by_bio_words_after_a_profile_update(
    committed: Committed, alice: Account, bob: Account
) -> None:
    assert people(bob, "beekeeper") == []
    with committed():
        update_profile(account=alice, bio="Urban beekeeper and baker", display_name="Al")
    assert people(bob, "beekeep") == ["alice"]
    assert people(bob, "BAKER urban") == ["alice"]
    assert people(None, "al") == ["alice"]


def test_signed_up_accounts_are_indexed_once_approved(committed: Committed, alice: Account) -> None:
    with committed():
        newcomer = sign_up(
            username="newcomer", email="new@example.com", password="a long pass phrase 42"
        )
        update_profile(account=newcomer, bio="Fond of orchids")
    assert people(alice, "orchids") == ["newcomer"]
    Account.objects.filter(pk=newcomer.pk).update(is_approved=False)
    assert people(alice, "orchids") == []
    Account.objects.filter(pk=newcomer.pk).update(is_approved=True)
    with committed():
        approve_account(account=newcomer)
    assert people(alice, "orchids") == ["newcomer"]
