"""Models turned into Mastodon entity dicts, in batches: one query per kind of extra data.

The dicts match the schemas in ``api.schemas`` field by field; tests validate every
response against those schemas.
"""
