"""The web interface's URL map: each views module brings its own ``urlpatterns``."""

from townsquare.web.views import (
    accounts,
    media,
    notifications,
    posts,
    profiles,
    relationships,
    search,
    timelines,
)

app_name = "web"

urlpatterns = [
    *accounts.urlpatterns,
    *timelines.urlpatterns,
    *posts.urlpatterns,
    *notifications.urlpatterns,
    *relationships.urlpatterns,
    *media.urlpatterns,
    *search.urlpatterns,
    *profiles.urlpatterns,  # last: /@username catches what the others don't
]
