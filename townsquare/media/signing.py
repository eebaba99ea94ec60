"""Signed file URLs: how an app without a session fetches an image it was shown.

A Mastodon app reads statuses with a Bearer token but loads images with a plain GET,
so a followers-only image needs a URL that carries its own permission. The signature
covers the upload and the variant and expires; it is issued only to someone who was
just allowed to see the post. Timestamps are rounded down to the hour, so the same
image keeps the same URL for an hour and apps can cache it.
"""

from __future__ import annotations

import time

from django.core import signing
from django.utils.crypto import constant_time_compare

SALT = "townsquare.media.file"
MAX_AGE_SECONDS = 24 * 3600
ROUND_SECONDS = 3600


class _HourSigner(signing.TimestampSigner):
    def timestamp(self) -> str:
        return signing.b62_encode(int(time.time()) // ROUND_SECONDS * ROUND_SECONDS)


def _value(media_id: int, variant: str) -> str:
    return f"{media_id}/{variant}"


def file_signature(media_id: int, variant: str) -> str:
    """The ``sig`` query parameter that lets anyone holding it fetch this file for a day."""
    signed = _HourSigner(salt=SALT).sign(_value(media_id, variant))
    return signed.removeprefix(_value(media_id, variant) + ":")


def is_valid_signature(media_id: int, variant: str, signature: str) -> bool:
    """Whether ``signature`` was issued for this file and has not expired."""
    if not signature or len(signature) > 200:
        return False
    value = _value(media_id, variant)
    try:
        unsigned = _HourSigner(salt=SALT).unsign(f"{value}:{signature}", max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:  # includes SignatureExpired
        return False
    return constant_time_compare(unsigned, value)
