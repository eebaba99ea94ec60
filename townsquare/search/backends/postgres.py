"""PostgreSQL full-text search: one ``search_document`` table, a tsvector per post or
account, a GIN index, queries built from folded lexemes with bound parameters.

Text is folded (lower case, no diacritics) in Python before ``to_tsvector('simple', ...)``
so both backends agree on what a word is, without the ``unaccent`` extension.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from townsquare.search.backends.base import (
    RECENCY_HALF_LIFE_MS,
    AccountDocument,
    PostDocument,
    PostMatch,
)
from townsquare.search.query import Term, fold

POST, ACCOUNT = "p", "a"
CREATE_SQL = [
    "CREATE TABLE search_document ("
    " kind varchar(1) NOT NULL, object_id bigint NOT NULL, author_id bigint NULL,"
    " document tsvector NOT NULL, PRIMARY KEY (kind, object_id))",
    "CREATE INDEX search_document_gin ON search_document USING gin (document)",
    "CREATE INDEX search_document_author ON search_document (author_id)",
]
DROP_SQL = ["DROP TABLE IF EXISTS search_document"]
_UPSERT = (
    "INSERT INTO search_document (kind, object_id, author_id, document) VALUES (%s, %s, %s, "
    " setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')"
    " || setweight(to_tsvector('simple', %s), 'C'))"
    " ON CONFLICT (kind, object_id) DO UPDATE"
    " SET author_id = EXCLUDED.author_id, document = EXCLUDED.document"
)

# The same documents as ``_UPSERT``, many at once: one statement per batch.
_BULK_INSERT = (
    "INSERT INTO search_document (kind, object_id, author_id, document)"
    " SELECT %s, id, author_id, setweight(to_tsvector('simple', a), 'A')"
    " || setweight(to_tsvector('simple', b), 'B') || setweight(to_tsvector('simple', c), 'C')"
    " FROM unnest(%s::bigint[], %s::bigint[], %s::text[], %s::text[], %s::text[])"
    " AS rows (id, author_id, a, b, c)"
)


def tsquery(terms: tuple[Term, ...], excluded: tuple[Term, ...] = ()) -> tuple[str, list[str]]:
    """A tsquery SQL expression and its parameters: phrases ANDed, exclusions negated."""
    parts = ["phraseto_tsquery('simple', %s)" for _ in terms]
    parts += ["(!! phraseto_tsquery('simple', %s))" for _ in excluded]
    params = [" ".join(term.tokens) for term in (*terms, *excluded)]
    return " && ".join(parts), params


class PostgresBackend:
    def index_post(self, document: PostDocument) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                _UPSERT,
                [
                    POST,
                    document.post_id,
                    document.author_id,
                    fold(document.text),
                    fold(document.spoiler_text),
                    fold(document.media_text),
                ],
            )

    def add_posts(self, documents: Sequence[PostDocument]) -> None:
        self._add(
            POST,
            [
                (doc.post_id, doc.author_id, doc.text, doc.spoiler_text, doc.media_text)
                for doc in documents
            ],
        )

    def add_accounts(self, documents: Sequence[AccountDocument]) -> None:
        self._add(
            ACCOUNT,
            [(doc.account_id, None, doc.username, doc.display_name, doc.bio) for doc in documents],
        )

    def _add(self, kind: str, rows: list[tuple[int, int | None, str, str, str]]) -> None:
        if not rows:
            return
        ids, authors, first, second, third = zip(*rows, strict=True)
        with connection.cursor() as cursor:
            cursor.execute(_BULK_INSERT, [
                kind, list(ids), list(authors), [fold(text) for text in first],
                [fold(text) for text in second], [fold(text) for text in third],
            ])  # fmt: skip

    def remove_posts(self, post_ids: list[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM search_document WHERE kind = %s AND object_id = ANY(%s)",
                [POST, post_ids],
            )

    def remove_posts_by(self, author_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM search_document WHERE kind = %s AND author_id = %s", [POST, author_id]
            )

    def count_posts_by(self, author_id: int) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM search_document WHERE kind = %s AND author_id = %s",
                [POST, author_id],
            )
            return int(cursor.fetchone()[0])

    def index_account(self, document: AccountDocument) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                _UPSERT,
                [
                    ACCOUNT,
                    document.account_id,
                    None,
                    fold(document.username),
                    fold(document.display_name),
                    fold(document.bio),
                ],
            )

    def remove_account(self, account_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM search_document WHERE kind = %s AND object_id = %s",
                [ACCOUNT, account_id],
            )

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_document")

    def optimize(self) -> None:
        # Planner statistics for the rebuilt table (VACUUM can't run in a transaction).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_document")

    def post_ids(self, match: PostMatch, *, offset: int, limit: int, now_ms: int) -> list[int]:
        expression, params = tsquery(match.terms, match.excluded)
        # The newest ``window`` matches, then ts_rank weighed by age over those only.
        # ``expression`` is made of fixed SQL fragments; every user token is a parameter.
        newest = (
            "SELECT object_id, document, q"  # noqa: S608
            f" FROM search_document, (SELECT {expression} AS q) AS query"
            " WHERE kind = %s AND document @@ q"
        )
        values: list[str | int | float] = [*params, POST]
        if match.min_id is not None:
            newest += " AND object_id >= %s"
            values.append(match.min_id)
        if match.max_id is not None:
            newest += " AND object_id < %s"
            values.append(match.max_id)
        newest += " ORDER BY object_id DESC LIMIT %s"
        values.append(match.window)
        sql = (
            f"SELECT object_id FROM ({newest}) AS newest"  # noqa: S608
            " ORDER BY ts_rank(document, q) / (1.0 + greatest(0, %s - (object_id >> 16)) / %s)"
            " DESC, object_id DESC LIMIT %s OFFSET %s"
        )
        values += [now_ms, float(RECENCY_HALF_LIFE_MS), limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            return [row[0] for row in cursor.fetchall()]

    def account_ids(self, prefixes: tuple[str, ...], *, limit: int) -> list[int]:
        # Prefixes are letters and digits only (see query.tokens), so quoting them is safe;
        # they still travel as a parameter.
        lexemes = " & ".join(f"'{prefix}':*" for prefix in prefixes)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT object_id FROM search_document, to_tsquery('simple', %s) AS q"
                " WHERE kind = %s AND document @@ q"
                " ORDER BY ts_rank(document, q) DESC, object_id LIMIT %s",
                [lexemes, ACCOUNT, limit],
            )
            return [row[0] for row in cursor.fetchall()]
