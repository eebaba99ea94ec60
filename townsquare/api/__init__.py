"""Layer 5. Owns the Mastodon-compatible client API: OAuth 2 apps and tokens, JSON
endpoints over the same services and visibility rule as the web, and their schemas."""
