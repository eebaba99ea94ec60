from townsquare.discovery.models.dismissal import SuggestionDismissal
from townsquare.discovery.models.hidden_trend import HiddenTrend, TrendKind

__all__ = ["HiddenTrend", "SuggestionDismissal", "TrendKind"]
