from townsquare.filters.models.filter import (
    Filter,
    FilterAction,
    FilterContext,
    FilterKeyword,
    FilterStatus,
)

__all__ = ["Filter", "FilterAction", "FilterContext", "FilterKeyword", "FilterStatus"]
