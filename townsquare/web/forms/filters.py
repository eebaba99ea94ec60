"""The form that creates or changes a content filter; its rules live in the filters app."""

from __future__ import annotations

from typing import Any

from django import forms

from townsquare.filters.models import Filter, FilterAction, FilterContext
from townsquare.filters.services import KEYWORD_MAX, MAX_KEYWORDS, TITLE_MAX

# Choices for when a filter ends, in seconds from now ("" keeps no end).
EXPIRY_CHOICES = [
    ("", "Never"),
    ("1800", "In 30 minutes"),
    ("3600", "In 1 hour"),
    ("21600", "In 6 hours"),
    ("43200", "In 12 hours"),
    ("86400", "In 1 day"),
    ("604800", "In 1 week"),
]
KEEP_EXPIRY = "keep"


class FilterForm(forms.Form):
    title = forms.CharField(max_length=TITLE_MAX, label="Title")
    keywords = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Keywords",
        help_text="One word or phrase a line. Posts containing any of them are filtered.",
    )
    whole_word = forms.BooleanField(
        required=False,
        initial=True,
        label="Whole words only",
        help_text="“cat” then doesn't filter “category”.",
    )
    contexts = forms.MultipleChoiceField(
        choices=FilterContext.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[FilterContext.HOME, FilterContext.NOTIFICATIONS, FilterContext.PUBLIC],
        label="Filter in",
    )
    action = forms.ChoiceField(
        choices=[(FilterAction.WARN, "Show behind a warning"), (FilterAction.HIDE, "Hide")],
        widget=forms.RadioSelect,
        initial=FilterAction.WARN,
        label="Filtered posts are",
    )
    expires_in = forms.ChoiceField(choices=EXPIRY_CHOICES, required=False, label="Ends")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    @classmethod
    def for_filter(cls, found: Filter, **kwargs: Any) -> FilterForm:
        """The form filled in from ``found``; its expiry is kept unless changed."""
        keywords = list(found.keywords.all())
        form = cls(
            initial={
                "title": found.title,
                "keywords": "\n".join(keyword.keyword for keyword in keywords),
                "whole_word": all(keyword.whole_word for keyword in keywords),
                "contexts": found.contexts,
                "action": FilterAction.HIDE
                if found.action == FilterAction.HIDE
                else FilterAction.WARN,
                "expires_in": KEEP_EXPIRY if found.expires_at else "",
            },
            **kwargs,
        )
        if found.expires_at is not None:
            until = found.expires_at.strftime("%Y-%m-%d %H:%M UTC")
            field = form.fields["expires_in"]
            if isinstance(field, forms.ChoiceField):
                field.choices = [
                    (KEEP_EXPIRY, f"As set ({until})"),
                    *EXPIRY_CHOICES,
                ]
        return form

    def clean_keywords(self) -> list[str]:
        lines = str(self.cleaned_data.get("keywords", "")).splitlines()
        words = list(dict.fromkeys(line.strip() for line in lines if line.strip()))
        if len(words) > MAX_KEYWORDS:
            raise forms.ValidationError(f"At most {MAX_KEYWORDS} keywords.")
        for word in words:
            if len(word) > KEYWORD_MAX:
                raise forms.ValidationError(f"A keyword can be at most {KEYWORD_MAX} characters.")
        return words


NEW_FILTER = "new"
HIDDEN_POSTS_TITLE = "Hidden posts"


class FilterPostForm(forms.Form):
    """Which of the viewer's filters a post goes into, or a new "Hidden posts" one."""

    def __init__(self, *args: Any, filters: list[Filter], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hidden = [item for item in filters if item.title == HIDDEN_POSTS_TITLE]
        self.fields["filter"] = forms.ChoiceField(
            widget=forms.RadioSelect,
            label="Add the post to",
            choices=[
                *((str(item.pk), item.title) for item in filters),
                (NEW_FILTER, f"A new filter “{HIDDEN_POSTS_TITLE}” that hides the post everywhere"),
            ],
            initial=str(hidden[0].pk) if hidden else NEW_FILTER,
        )
