"""Layer 4. Owns feeds: home timelines fanned out on write, and the read-side feeds
(local, hashtag, profile, bookmarks, likes)."""
