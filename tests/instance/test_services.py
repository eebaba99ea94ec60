from __future__ import annotations

import pytest

from townsquare.core.errors import ValidationFailed
from townsquare.instance.models import InstanceSettings
from townsquare.instance.selectors import instance_settings
from townsquare.instance.services import update_instance_settings

pytestmark = pytest.mark.django_db


def _stored() -> InstanceSettings:
    return InstanceSettings.objects.get()


def test_everything_given_is_changed() -> None:
    update_instance_settings(
        name="  Village\x00 Green ",
        description="Our corner.",
        registration_mode="approval",
        max_post_chars=1000,
    )

    row = _stored()
    assert (row.name, row.description, row.registration_mode, row.max_post_chars) == (
        "Village Green",
        "Our corner.",
        "approval",
        1000,
    )


def test_what_is_not_given_is_left_alone() -> None:
    update_instance_settings(name="Village", registration_mode="closed", max_post_chars=42)

    update_instance_settings(description="New words")

    row = _stored()
    assert (row.name, row.registration_mode, row.max_post_chars) == ("Village", "closed", 42)
    assert row.description == "New words"


def test_one_row_however_often_it_changes() -> None:
    instance_settings()
    update_instance_settings(name="One")
    update_instance_settings(name="Two")

    assert InstanceSettings.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "   "}, "name", "needs a name"),
        ({"name": "x" * 101}, "name", "at most 100 characters"),
        ({"description": "x" * 2001}, "description", "at most 2000 characters"),
        ({"registration_mode": "invite"}, "registration_mode", "open, approval, closed"),
        ({"max_post_chars": 0}, "max_post_chars", "between 1 and 100,000"),
        ({"max_post_chars": 100_001}, "max_post_chars", "between 1 and 100,000"),
        ({"max_post_chars": True}, "max_post_chars", "between 1 and 100,000"),
    ],
)
def test_bad_values_are_refused_and_nothing_changes(
    changes: dict[str, object], field: str, message: str
) -> None:
    update_instance_settings(name="Kept")

    with pytest.raises(ValidationFailed) as error:
        update_instance_settings(**{"description": "Also not saved", **changes})  # type: ignore[arg-type]

    assert error.value.field == field
    assert message in error.value.message
    assert (_stored().name, _stored().description) == ("Kept", "A friendly place to talk.")
