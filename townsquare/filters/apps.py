from django.apps import AppConfig


class FiltersConfig(AppConfig):
    name = "townsquare.filters"
    label = "filters"
    verbose_name = "content filters"
