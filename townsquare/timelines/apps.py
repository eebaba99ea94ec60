from django.apps import AppConfig


class TimelinesConfig(AppConfig):
    name = "townsquare.timelines"
    label = "timelines"
