from townsquare.instance.models.settings import InstanceSettings

__all__ = ["InstanceSettings"]
