from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "townsquare.bench"
    label = "bench"
