"""Pages of the routes app (landing routes after GGZ care), under the ``routes`` namespace."""

from django.urls import path

from .views import panels, parties, staff

app_name = "routes"

urlpatterns: list = [
    # The wijkteam's pages (views/staff.py)
    path("landingsroutes/", staff.route_list, name="route-list"),
    path("inwoners/<int:pk>/landingsroute/nieuw/", staff.route_create, name="route-create"),
    path(
        "inwoners/<int:pk>/landingsroute/buren/",
        staff.neighbour_search,
        name="neighbour-search",
    ),
    path("landingsroutes/<int:pk>/", staff.route_detail, name="route-detail"),
    path("landingsroutes/<int:pk>/bewerken/", staff.route_edit, name="route-edit"),
    path("landingsroutes/<int:pk>/toestemming/", staff.route_consent, name="route-consent"),
    path("landingsroutes/<int:pk>/link/<str:party>/", staff.route_link, name="route-link"),
    path(
        "landingsroutes/<int:pk>/link/<str:party>/intrekken/",
        staff.route_link_revoke,
        name="route-link-revoke",
    ),
    path("landingsroutes/check-ins/<int:pk>/", staff.route_check_in, name="route-check-in"),
    path("landingsroutes/<int:pk>/afsluiten/", staff.route_end, name="route-end"),
    # The other parties (views/parties.py)
    path("landingsroutes/begeleiding/", parties.counsellor_list, name="counsellor-list"),
    path(
        "landingsroutes/<int:pk>/begeleiding/",
        parties.counsellor_route,
        name="counsellor-route",
    ),
    path("landingsroutes/<int:pk>/gedeeld/", parties.shared_route, name="shared-route"),
    path("landingsroute/<str:token>/", parties.party_link, name="party-link"),
    # Panel, section, counts (views/panels.py)
    path("panelen/landingsroutes/", panels.route_panel, name="panel"),
    path("inwoners/<int:pk>/landingsroutes/", panels.resident_routes, name="resident-routes"),
    path("landingsroutes/cijfers/", panels.route_counts, name="counts"),
]
