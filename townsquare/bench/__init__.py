"""The benchmark harness (``townsquare bench``): datasets, import, load and fan-out timing.

It sits with the interfaces at the top layer: it imports every app (to load a dump
through their bulk paths) and speaks the Mastodon API to any server, ours or not.
"""
