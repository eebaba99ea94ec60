"""What a long-running process does once it has loaded everything, before its first request."""

from __future__ import annotations

import gc


def freeze_loaded_objects() -> None:
    """Leave what start-up built (modules, URLconf, API schemas) out of garbage collection.

    A started server holds some 140,000 long-lived objects that every full collection
    walks again (about 60 ms on our 2-core machine), and requests that allocate models
    trigger those collections often enough to show in the slowest 1% of responses.
    Frozen objects are never freed, which is right for objects that live as long as the
    process anyway.
    """
    gc.collect()
    gc.freeze()
