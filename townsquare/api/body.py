"""Request bodies as Mastodon clients send them: JSON, form or multipart, validated by schema.

Form keys follow Rails conventions: ``media_ids[]=1&media_ids[]=2`` is a list and
``poll[options][]=a`` / ``poll[expires_in]=60`` a nested object.
"""

from __future__ import annotations

import re
from typing import Any

import orjson
import pydantic
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from ninja import Schema
from ninja.errors import HttpError, ValidationError

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")


def body_doc(schema: type[Schema]) -> dict[str, Any]:
    """``openapi_extra`` documenting ``schema`` as the body in every accepted encoding."""
    json_schema = schema.model_json_schema()
    return {
        "requestBody": {
            "content": {
                media_type: {"schema": json_schema}
                for media_type in (
                    "application/json",
                    "application/x-www-form-urlencoded",
                    "multipart/form-data",
                )
            }
        }
    }


# The encodings clients send bodies in, as Mastodon reads them.
BODY_TYPES = frozenset(
    {"application/json", "application/x-www-form-urlencoded", "multipart/form-data"}
)


def raw_body(request: HttpRequest) -> dict[str, Any]:
    """The body as a dict, whatever its encoding; 400 when it can't be read, 413 when too
    big, 415 when it is in an encoding the API doesn't read (XML, plain text, ...)."""
    content_type = (request.content_type or "").lower()
    if content_type and content_type not in BODY_TYPES and _has_body(request):
        raise HttpError(
            415, "Unsupported content type: send JSON, a URL-encoded form or multipart/form-data"
        )
    try:
        if content_type == "application/json":
            if not request.body:
                return {}
            decoded = orjson.loads(request.body)
            if not isinstance(decoded, dict):
                raise HttpError(400, "The request body must be a JSON object")
            return decoded
        form = request.POST if request.method == "POST" else _parse_form(request)
        files = request.FILES
    except RequestDataTooBig:
        raise HttpError(413, "The request body is too large") from None
    except orjson.JSONDecodeError:
        raise HttpError(400, "The request body is not valid JSON") from None
    data: dict[str, Any] = {}
    for key, values in form.lists():
        _assign(data, key, values)
    for key, uploads in files.lists():
        _assign(data, key, uploads)
    return data


def _has_body(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > 0
    except ValueError:
        return False


def _parse_form(request: HttpRequest) -> Any:
    # Django parses form bodies for POST only; PUT/PATCH need the same treatment.
    method = request.method
    request.method = "POST"
    try:
        request._load_post_and_files()
    finally:
        request.method = method
    return request.POST


def _assign(data: dict[str, Any], key: str, values: list[Any]) -> None:
    match = _KEY.match(key)
    parts = [match.group(1), *re.findall(r"\[([^\[\]]*)\]", match.group(2))] if match else [key]
    is_list = len(parts) > 1 and parts[-1] == ""
    if is_list:
        parts.pop()
    target = data
    for part in parts[:-1]:
        child = target.get(part)
        if not isinstance(child, dict):
            child = target[part] = {}
        target = child
    target[parts[-1]] = list(values) if is_list else values[-1]


def parsed_body[S: Schema](request: HttpRequest, schema: type[S]) -> S:
    """The body validated against ``schema``; 422 naming the bad field otherwise."""
    try:
        return schema.model_validate(raw_body(request))
    except pydantic.ValidationError as error:
        raise ValidationError(
            [{"loc": ("body", *item["loc"]), "msg": item["msg"]} for item in error.errors()]
        ) from None
