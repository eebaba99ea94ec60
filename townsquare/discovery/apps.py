from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "townsquare.discovery"
    label = "discovery"
