"""Layer 4. Owns search: the full-text index of posts and people (SQLite FTS5 or
PostgreSQL full-text, chosen by the database in use), the query language, and ranked
results that keep to the visibility rule of ``posts``."""
