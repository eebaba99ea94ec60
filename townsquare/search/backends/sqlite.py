"""SQLite FTS5: two virtual tables whose rowid is the post or account id.

Every user token is written as an FTS5 string ("..."), so nothing a person types is
read as an FTS operator; the MATCH expression itself is a bound parameter.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, transaction

from townsquare.search.backends.base import (
    RECENCY_HALF_LIFE_MS,
    AccountDocument,
    PostDocument,
    PostMatch,
)
from townsquare.search.query import Term

CREATE_SQL = [
    "CREATE VIRTUAL TABLE search_post USING fts5("
    "text, spoiler_text, media_text, author_id UNINDEXED, "
    "tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE search_account USING fts5("
    "username, display_name, bio, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')",
]
DROP_SQL = ["DROP TABLE IF EXISTS search_post", "DROP TABLE IF EXISTS search_account"]
# bm25 weights of text, content warning, image descriptions (author_id isn't matched).
_POST_WEIGHTS = "10.0, 5.0, 3.0, 0.0"


def _string(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _term(term: Term) -> str:
    return _string(" ".join(term.tokens))


def match_expression(terms: tuple[Term, ...], excluded: tuple[Term, ...] = ()) -> str:
    """The MATCH text: every term quoted, ANDed, each excluded term NOT-ed."""
    expression = "(" + " AND ".join(_term(term) for term in terms) + ")"
    for term in excluded:
        expression += f" NOT {_term(term)}"
    return expression


class Fts5Backend:
    def index_post(self, document: PostDocument) -> None:
        # One statement: FTS5 takes REPLACE on the rowid, so no DELETE nor savepoint.
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT OR REPLACE INTO search_post "
                "(rowid, text, spoiler_text, media_text, author_id) VALUES (%s, %s, %s, %s, %s)",
                [
                    document.post_id,
                    document.text,
                    document.spoiler_text,
                    document.media_text,
                    document.author_id,
                ],
            )

    def add_posts(self, documents: Sequence[PostDocument]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_post (rowid, text, spoiler_text, media_text, author_id) "
                "VALUES (%s, %s, %s, %s, %s)",
                [
                    (doc.post_id, doc.text, doc.spoiler_text, doc.media_text, doc.author_id)
                    for doc in documents
                ],
            )

    def add_accounts(self, documents: Sequence[AccountDocument]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_account (rowid, username, display_name, bio) "
                "VALUES (%s, %s, %s, %s)",
                [(doc.account_id, doc.username, doc.display_name, doc.bio) for doc in documents],
            )

    def remove_posts(self, post_ids: list[int]) -> None:
        with connection.cursor() as cursor:
            for post_id in post_ids:
                cursor.execute("DELETE FROM search_post WHERE rowid = %s", [post_id])

    def remove_posts_by(self, author_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_post WHERE author_id = %s", [author_id])

    def count_posts_by(self, author_id: int) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM search_post WHERE author_id = %s", [author_id])
            return int(cursor.fetchone()[0])

    def index_account(self, document: AccountDocument) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_account WHERE rowid = %s", [document.account_id])
            cursor.execute(
                "INSERT INTO search_account (rowid, username, display_name, bio) "
                "VALUES (%s, %s, %s, %s)",
                [document.account_id, document.username, document.display_name, document.bio],
            )

    def remove_account(self, account_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_account WHERE rowid = %s", [account_id])

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_post")
            cursor.execute("DELETE FROM search_account")

    def optimize(self) -> None:
        # A rebuild leaves the rows it deleted as tombstones and many small segments;
        # merging them into one b-tree per table halves the cost of common-word queries.
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_post (search_post) VALUES ('optimize')")
            cursor.execute("INSERT INTO search_account (search_account) VALUES ('optimize')")

    def post_ids(self, match: PostMatch, *, offset: int, limit: int, now_ms: int) -> list[int]:
        # The newest ``window`` matches (FTS5 walks a doclist by rowid, and stops at the
        # limit), then bm25 weighed by age over those only.
        sql = (
            f"SELECT rowid, bm25(search_post, {_POST_WEIGHTS}) AS score FROM search_post"  # noqa: S608
            " WHERE search_post MATCH %s"
        )
        params: list[str | int | float] = [match_expression(match.terms, match.excluded)]
        if match.min_id is not None:
            sql += " AND rowid >= %s"
            params.append(match.min_id)
        if match.max_id is not None:
            sql += " AND rowid < %s"
            params.append(match.max_id)
        sql += " ORDER BY rowid DESC LIMIT %s"
        params.append(match.window)
        # bm25 is negative (lower is better); age shrinks it towards zero.
        ranked = (
            f"SELECT rowid FROM ({sql}) AS newest"  # noqa: S608 (fixed fragments only)
            " ORDER BY score / (1.0 + max(0, %s - (rowid >> 16)) / %s), rowid DESC"
            " LIMIT %s OFFSET %s"
        )
        params += [now_ms, float(RECENCY_HALF_LIFE_MS), limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(ranked, params)
            return [row[0] for row in cursor.fetchall()]

    def account_ids(self, prefixes: tuple[str, ...], *, limit: int) -> list[int]:
        expression = " AND ".join(_string(prefix) + "*" for prefix in prefixes)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid FROM search_account WHERE search_account MATCH %s "
                "ORDER BY bm25(search_account, 10.0, 5.0, 1.0), rowid LIMIT %s",
                [expression, limit],
            )
            return [row[0] for row in cursor.fetchall()]
