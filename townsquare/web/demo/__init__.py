"""The demo community of ``townsquare demo``: generated people, pictures and posts."""
