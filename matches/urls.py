"""Pages of the matches app, under the ``matches`` namespace (Dutch paths, DESIGN.md)."""

from django.urls import path

from .views import checkins, panel
from .views import matches as match_views

app_name = "matches"

urlpatterns: list = [
    # Matches: making one, its page and lifecycle, the list, sections (views/matches.py)
    path("matches/", match_views.match_list, name="match-list"),
    path("matches/nieuw/", match_views.match_create, name="match-create"),
    path("matches/<int:pk>/", match_views.match_detail, name="match-detail"),
    path("matches/<int:pk>/akkoord/", match_views.match_agree, name="match-agree"),
    path(
        "matches/<int:pk>/kennismaking/",
        match_views.match_introduction,
        name="match-introduction",
    ),
    path("matches/<int:pk>/start/", match_views.match_start, name="match-start"),
    path("matches/<int:pk>/einde/", match_views.match_end, name="match-end"),
    path("matches/<int:pk>/opgevolgd/", match_views.match_follow_up, name="match-follow-up"),
    path("matches/inwoner/<int:pk>/", match_views.resident_matches, name="resident-matches"),
    path("matches/ontwikkelplaats/<int:pk>/", match_views.place_matches, name="place-matches"),
    path(
        "matches/organisatie/<int:pk>/",
        match_views.organisation_matches,
        name="organisation-matches",
    ),
    # Check-ins (views/checkins.py) and the home page panel (views/panel.py)
    path("matches/checkins/<int:pk>/", checkins.check_in_log, name="check-in-log"),
    path("check-in/<str:token>/", checkins.contact_check_in, name="contact-check-in"),
    path("panelen/matches/", panel.match_panel, name="panel"),
]
