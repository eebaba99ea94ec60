"""Mastodon entities (output) and request bodies (input), as pydantic schemas."""
