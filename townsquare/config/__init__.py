"""Settings, URLs and ASGI wiring. Imported by nobody inside the package."""
