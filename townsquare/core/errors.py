"""Domain errors raised by services and selectors, translated to HTTP by the edges.

| error | API | web |
|---|---|---|
| NotFound | 404 | 404 page |
| Forbidden | 403 | message |
| ValidationFailed | 422 | form error |
| RateLimited | 429 | message |
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a user may cause; ``message`` is safe to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """The object doesn't exist or the caller may not see it: the two look the same."""

    def __init__(self, message: str = "Record not found") -> None:
        super().__init__(message)


class Forbidden(DomainError):
    """The caller sees the object but may not do this to it."""


class ValidationFailed(DomainError):
    """Input broke a rule; ``field`` names the input it concerns, when one does."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class RateLimited(DomainError):
    """Too many requests; retry after ``retry_after`` seconds."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
