"""Layer 4. Owns notifications: follows, requests, mentions, replies, likes and boosts."""
