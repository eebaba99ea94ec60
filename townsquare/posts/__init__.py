"""Layer 3. Owns posts and everything on them: mentions, hashtags, likes, boosts,
bookmarks, pins, edits, and the one rule of who may see a post."""
