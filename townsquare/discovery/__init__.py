"""Layer 4. Owns discovery: trending hashtags, posts and links (and the staff switch that
hides one), "people you may know" with their dismissals, and "how you are connected", the
shortest public chain of follows between two people. Reads only what ``posts`` and
``relationships`` already store; its own tables hold staff and personal choices."""
