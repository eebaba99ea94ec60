"""Layer 5. Owns the HTML interface: server-rendered pages with htmx partials."""
