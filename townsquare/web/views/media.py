"""Web: serving uploaded images to the people allowed to see them.

Files are never served straight from the media directory: each request is checked
against the post the image belongs to, with the same rule every other read uses, and
an image the viewer may not see answers 404 like one that doesn't exist. A URL the API
signed (``?sig=``, see ``media.signing``) stands in for that check until it expires:
apps load images without their token.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, HttpRequest
from django.urls import URLPattern, path
from django.views.decorators.http import require_safe

from townsquare.core.errors import NotFound
from townsquare.media import selectors as media_selectors
from townsquare.media.models import MediaAttachment
from townsquare.media.signing import is_valid_signature
from townsquare.posts.models import Post
from townsquare.posts.selectors import can_see

VARIANTS = ("original", "thumbnail")
# Files never change under a name, but a post can be deleted: keep caches short.
CACHE_SECONDS = 3600
PUBLIC_VISIBILITIES = ("public", "unlisted")


@require_safe
def media_file(request: HttpRequest, media_id: int, variant: str) -> FileResponse:
    """The original or thumbnail of an upload, for its owner or viewers of its post."""
    if variant not in VARIANTS:
        raise NotFound()
    media = media_selectors.media_with_post(media_id)
    if media is None:
        raise NotFound()
    post = _post_of(media)
    is_owner = request.user.is_authenticated and request.user.pk == media.owner_id
    is_signed = is_valid_signature(media.id, variant, request.GET.get("sig", ""))
    if not (is_owner or is_signed) and (post is None or not can_see(request.user, post)):
        raise NotFound()
    field = media.thumbnail if variant == "thumbnail" and media.thumbnail else media.file
    if not field.name:
        raise NotFound()
    try:
        handle = field.storage.open(field.name, "rb")
    except OSError as error:
        raise NotFound() from error
    response = FileResponse(handle, content_type=media.content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a browser were talked into rendering the file as a page, it could run nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    is_public = post is not None and post.visibility in PUBLIC_VISIBILITIES and not is_signed
    scope = "public" if is_public else "private"
    response["Cache-Control"] = f"{scope}, max-age={CACHE_SECONDS}"
    return response


def _post_of(media: MediaAttachment) -> Post | None:
    try:
        return media.post_attachment.post
    except ObjectDoesNotExist:
        return None


urlpatterns: list[URLPattern] = [
    path("files/<int:media_id>/<str:variant>", media_file, name="media_file"),
]
