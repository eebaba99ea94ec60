from townsquare.api.models.client_app import ClientApp
from townsquare.api.models.marker import Marker, MarkerTimeline

__all__ = ["ClientApp", "Marker", "MarkerTimeline"]
