from townsquare.timelines.models.entry import TimelineEntry

__all__ = ["TimelineEntry"]
