from datetime import UTC, datetime

from townsquare.core.ids import id_at, id_time, next_id


def test_ids_increase_within_a_process() -> None:
    ids = [next_id() for _ in range(5000)]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


def test_an_id_carries_its_time_to_the_millisecond() -> None:
    before = datetime.now(tz=UTC)
    identifier = next_id()
    assert abs((id_time(identifier) - before).total_seconds()) < 1


def test_id_at_is_below_every_id_issued_after_that_moment() -> None:
    moment = datetime.now(tz=UTC)
    assert id_at(moment) <= next_id()
    assert id_at(moment) < 2**63
