"""Layer 2. Owns uploads: images checked, re-encoded, stripped of metadata and thumbnailed."""
