"""WSGI entry point, for deployments that serve plain requests with a WSGI server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townsquare.config.settings")

application = get_wsgi_application()
