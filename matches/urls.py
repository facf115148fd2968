"""Pages of the matches app, under the ``matches`` namespace (Dutch paths, DESIGN.md)."""

from django.urls import path

from .views import checkins, houses, kpi, panel, referrals, requests, suggestions
from .views import matches as match_views

app_name = "matches"

urlpatterns: list = [
    # Requests (views/requests.py)
    path("hulpvragen/", requests.request_list, name="request-list"),
    path("hulpvragen/nieuw/", requests.request_create, name="request-create"),
    path("hulpvragen/<int:pk>/", requests.request_detail, name="request-detail"),
    path("hulpvragen/<int:pk>/bewerken/", requests.request_edit, name="request-edit"),
    path("hulpvragen/<int:pk>/sluiten/", requests.request_close, name="request-close"),
    path("hulpvragen/<int:pk>/heropenen/", requests.request_reopen, name="request-reopen"),
    path("inwoners/<int:pk>/hulpvragen/", requests.resident_requests, name="resident-requests"),
    path(
        "gesprekken/<int:pk>/hulpvraag/",
        requests.conversation_request,
        name="conversation-request",
    ),
    path("ontwikkelplaatsen/<int:pk>/hulpvragen/", requests.place_requests, name="place-requests"),
    # Partner referrals (views/referrals.py)
    path("verwijzen/", referrals.referral_create, name="referral-create"),
    path("verwijzen/mijn/", referrals.referral_list, name="referral-list"),
    path("panelen/verwijzingen/", referrals.referral_panel, name="referral-panel"),
    # Suggestions (views/suggestions.py): sections of the request's and the resident's page.
    path(
        "hulpvragen/<int:pk>/suggesties/",
        suggestions.request_suggestions,
        name="request-suggestions",
    ),
    path(
        "inwoners/<int:pk>/past-bij/", suggestions.resident_suggestions, name="resident-suggestions"
    ),
    path(
        "inwoners/<int:pk>/talenten/<int:link_pk>/bevestigen/",
        suggestions.offer_confirm,
        name="offer-confirm",
    ),
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
    # A match with a student house: who went; the house page's section (views/houses.py)
    path("matches/<int:pk>/huisgenoten/", houses.match_house_members, name="match-house-members"),
    path("matches/studentenhuis/<int:pk>/", houses.house_matches, name="house-matches"),
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
    # The KPI dashboard and its exports (views/kpi.py; paths fixed by DESIGN.md's URL contract)
    path("kpi/", kpi.dashboard, name="kpi"),
    path("kpi/export.csv", kpi.export_csv, name="kpi-export-csv"),
    path("kpi/export.xlsx", kpi.export_xlsx, name="kpi-export-xlsx"),
]
