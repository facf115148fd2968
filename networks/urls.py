"""Pages of the networks app, under the ``networks`` namespace (Dutch paths, DESIGN.md)."""

from django.urls import path

from .views import houses, organisations, panel, partners, places, profile, signup, teams

app_name = "networks"

urlpatterns: list = [
    # Organisations and partners (views/organisations.py, views/partners.py)
    path("organisaties/", organisations.organisation_list, name="organisation-list"),
    path("organisaties/nieuw/", organisations.organisation_create, name="organisation-create"),
    path("organisaties/<int:pk>/", organisations.organisation_detail, name="organisation-detail"),
    path(
        "organisaties/<int:pk>/bewerken/",
        organisations.organisation_edit,
        name="organisation-edit",
    ),
    path(
        "organisaties/<int:pk>/beoordelen/",
        organisations.organisation_review,
        name="organisation-review",
    ),
    path("organisaties/<int:pk>/partner/", organisations.partner_add, name="partner-add"),
    path("partners/", partners.partner_list, name="partner-list"),
    path("partners/<int:pk>/contact/", partners.partner_contact, name="partner-contact"),
    # Ontwikkelplaatsen (views/places.py)
    path("ontwikkelplaatsen/", places.place_list, name="place-list"),
    path("ontwikkelplaatsen/nieuw/", places.place_create, name="place-create"),
    path("ontwikkelplaatsen/<int:pk>/", places.place_detail, name="ontwikkelplaats-detail"),
    path("ontwikkelplaatsen/<int:pk>/bewerken/", places.place_edit, name="place-edit"),
    path("ontwikkelplaatsen/<int:pk>/beoordelen/", places.place_review, name="place-review"),
    # Student houses (views/houses.py); the contact's confirmation link needs no login.
    path("studentenhuizen/", houses.house_list, name="house-list"),
    path("studentenhuizen/nieuw/", houses.house_create, name="house-create"),
    path("studentenhuizen/<int:pk>/", houses.house_detail, name="house-detail"),
    path("studentenhuizen/<int:pk>/bewerken/", houses.house_edit, name="house-edit"),
    path("studentenhuizen/<int:pk>/leden/", houses.member_add, name="house-member-add"),
    path(
        "studentenhuizen/<int:pk>/leden/<int:member_pk>/actief/",
        houses.member_toggle,
        name="house-member-toggle",
    ),
    path("studentenhuis/bevestigen/<str:token>/", houses.house_confirm, name="house-confirm"),
    # Kernteams (views/teams.py)
    path("kernteams/", teams.team_list, name="coreteam-list"),
    path("kernteams/nieuw/", teams.team_create, name="coreteam-create"),
    path("kernteams/<int:pk>/", teams.team_detail, name="coreteam-detail"),
    path("kernteams/<int:pk>/bewerken/", teams.team_edit, name="coreteam-edit"),
    path("kernteams/<int:pk>/leden/", teams.member_add, name="member-add"),
    path(
        "kernteams/<int:pk>/leden/<int:member_pk>/actief/",
        teams.member_toggle,
        name="member-toggle",
    ),
    path("kernteams/<int:pk>/activiteiten/", teams.activity_add, name="activity-add"),
    path("kernteams/<int:pk>/fase/", teams.team_change, name="coreteam-change"),
    # The Buurtkijker (views/profile.py)
    path("buurten/", profile.buurt_index, name="buurt-index"),
    path("buurten/<int:pk>/", profile.buurt_profile, name="buurt-profile"),
    path("wijken/<int:pk>/", profile.wijk_profile, name="wijk-profile"),
    path("panelen/netwerken/", panel.network_panel, name="panel"),
    # The public sign-up for organisations (views/signup.py)
    path("aanmelden/organisatie/", signup.organisation_signup, name="organisation-signup"),
    path(
        "aanmelden/organisatie/bedankt/",
        signup.organisation_signup_thanks,
        name="organisation-signup-thanks",
    ),
]
