from django.apps import AppConfig


class RelationshipsConfig(AppConfig):
    name = "townsquare.relationships"
    label = "relationships"
