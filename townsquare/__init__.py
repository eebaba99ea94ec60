"""Townsquare: a self-hostable social network."""

__version__ = "0.1.0"
