"""Template tags and filters of the web interface, one library per area."""
