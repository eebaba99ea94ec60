"""The web interface's URL map: each views module brings its own ``urlpatterns``."""

from townsquare.web.views import (
    accounts,
    discovery,
    featuring,
    filters,
    followed_tags,
    lists,
    media,
    messages,
    notifications,
    posts,
    profiles,
    relationships,
    scheduled,
    search,
    server,
    timelines,
)

app_name = "web"

urlpatterns = [
    *accounts.urlpatterns,
    *filters.urlpatterns,
    *followed_tags.urlpatterns,
    *lists.urlpatterns,
    *messages.urlpatterns,
    *timelines.urlpatterns,
    *posts.urlpatterns,
    *notifications.urlpatterns,
    *relationships.urlpatterns,
    *featuring.urlpatterns,
    *scheduled.urlpatterns,
    *media.urlpatterns,
    *search.urlpatterns,
    *discovery.urlpatterns,
    *server.urlpatterns,
    *profiles.urlpatterns,  # last: /@username catches what the others don't
]
