"""Layer 2. Owns the social graph: follows, follow requests, blocks and mutes."""
