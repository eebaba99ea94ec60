"""The bounded memo: computes a key's value once, and forgets its oldest entries first."""

from __future__ import annotations

from townsquare.core.memo import Memo


def test_a_value_is_computed_once_per_key() -> None:
    memo: Memo[str] = Memo(size=4)
    calls: list[str] = []

    def compute(value: str) -> str:
        calls.append(value)
        return value.upper()

    assert memo.get("a", lambda: compute("a")) == "A"
    assert memo.get("a", lambda: compute("again")) == "A"
    assert calls == ["a"]


def test_the_oldest_entry_goes_when_full() -> None:
    memo: Memo[int] = Memo(size=2)
    memo.get("first", lambda: 1)
    memo.get("second", lambda: 2)
    memo.get("third", lambda: 3)
    assert len(memo) == 2
    assert memo.get("first", lambda: 10) == 10  # forgotten: computed again
    assert memo.get("third", lambda: 30) == 3
