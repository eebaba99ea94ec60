from townsquare.api.models.client_app import ClientApp

__all__ = ["ClientApp"]
