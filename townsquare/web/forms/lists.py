"""The form that creates or changes a list; the title and policy rules live in timelines."""

from __future__ import annotations

from typing import Any

from django import forms

from townsquare.timelines.models import RepliesPolicy
from townsquare.timelines.services import MAX_LIST_TITLE_CHARS


class ListForm(forms.Form):
    title = forms.CharField(max_length=MAX_LIST_TITLE_CHARS, label="Title")
    replies_policy = forms.ChoiceField(
        choices=RepliesPolicy.choices, initial=RepliesPolicy.LIST, label="Replies shown"
    )
    is_exclusive = forms.BooleanField(
        required=False,
        label="Exclusive",
        help_text="Posts by members of this list are left out of your home feed.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
