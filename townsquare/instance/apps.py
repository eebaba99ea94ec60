from django.apps import AppConfig


class InstanceConfig(AppConfig):
    name = "townsquare.instance"
    label = "instance"
