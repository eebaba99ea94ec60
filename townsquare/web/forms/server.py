"""Staff forms for the server's rules and announcements; their limits live in instance."""

from __future__ import annotations

from typing import Any

from django import forms

from townsquare.instance.services import ANNOUNCEMENT_MAX, RULE_HINT_MAX, RULE_TEXT_MAX


class RuleForm(forms.Form):
    text = forms.CharField(max_length=RULE_TEXT_MAX, label="Rule")
    hint = forms.CharField(
        max_length=RULE_HINT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Explanation",
    )
    order = forms.IntegerField(required=False, min_value=-1000, max_value=1000, label="Position")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class AnnouncementForm(forms.Form):
    text = forms.CharField(
        max_length=ANNOUNCEMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Announcement",
        help_text="Plain text; links are made clickable.",
    )
    starts_at = forms.DateTimeField(
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        label="Event starts (UTC)",
    )
    ends_at = forms.DateTimeField(
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        label="Event ends (UTC)",
        help_text="After this the announcement is no longer shown.",
    )
    is_all_day = forms.BooleanField(required=False, label="All day")
    is_published = forms.BooleanField(required=False, initial=True, label="Published")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
