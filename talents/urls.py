"""Staff pages of the talents app, under the ``talents`` namespace."""

from django.urls import path

from .views import (
    conversations,
    discover,
    follow_ups,
    inbox,
    residents,
    rights,
    street,
    talent_card,
    timeline,
)

app_name = "talents"

urlpatterns: list = [
    # Residents, talents and conversations (views/residents.py, views/conversations.py)
    path("inwoners/", residents.resident_list, name="resident-list"),
    path("inwoners/nieuw/", residents.resident_create, name="resident-create"),
    path("inwoners/elders/", discover.resident_discover, name="resident-discover"),
    path("inwoners/<int:pk>/", residents.resident_detail, name="resident-detail"),
    path("inwoners/<int:pk>/bewerken/", residents.resident_edit, name="resident-edit"),
    path("inwoners/<int:pk>/talenten/", residents.resident_talents, name="resident-talents"),
    path(
        "inwoners/<int:pk>/talenten/<int:link_pk>/verwijderen/",
        residents.resident_talent_remove,
        name="resident-talent-remove",
    ),
    path(
        "inwoners/<int:pk>/gesprekken/nieuw/",
        conversations.conversation_create,
        name="conversation-create",
    ),
    path(
        "inwoners/<int:pk>/gesprekken/<int:conversation_pk>/corrigeren/",
        conversations.conversation_edit,
        name="conversation-edit",
    ),
    path("gesprekken/nieuw/", conversations.conversation_start, name="conversation-start"),
    path(
        "inwoners/<int:pk>/gesprekken/",
        timeline.resident_conversations,
        name="resident-conversations",
    ),
    # A resident's rights: access, erasure, consent (views/rights.py)
    path("inwoners/<int:pk>/inzage/", rights.resident_access, name="resident-access"),
    path("inwoners/<int:pk>/wissen/", rights.resident_erase, name="resident-erase"),
    path("inwoners/<int:pk>/toestemming/", rights.consent_create, name="consent-create"),
    path(
        "inwoners/<int:pk>/toestemming/<int:consent_pk>/intrekken/",
        rights.consent_withdraw,
        name="consent-withdraw",
    ),
    # The printable talent card (views/talent_card.py)
    path("inwoners/<int:pk>/talentkaart/", talent_card.talent_card, name="talent-card"),
    path("talenten/zoeken/", conversations.talent_search, name="talent-search"),
    path("straat/", street.street_capture, name="street-capture"),
    path("panelen/opvolgen/", follow_ups.follow_ups_panel, name="follow-ups-panel"),
    path("opvolgen/", follow_ups.follow_up_list, name="follow-ups"),
    path("panelen/opvolgen/<int:pk>/gedaan/", follow_ups.follow_up_done, name="follow-up-done"),
    path(
        "panelen/opvolgen/<int:pk>/niet-gedaan/",
        follow_ups.follow_up_reopen,
        name="follow-up-reopen",
    ),
    # Triage inbox and notification settings (views/inbox.py)
    path("aanmeldingen/", inbox.inbox, name="inbox"),
    path("aanmeldingen/<int:pk>/", inbox.inbox_detail, name="inbox-detail"),
    path("aanmeldingen/<int:pk>/oppakken/", inbox.inbox_take, name="inbox-take"),
    path("aanmeldingen/<int:pk>/koppelen/", inbox.inbox_link, name="inbox-link"),
    path(
        "aanmeldingen/<int:pk>/nieuwe-inwoner/",
        inbox.inbox_create_resident,
        name="inbox-create-resident",
    ),
    path("panelen/aanmeldingen/", inbox.inbox_panel, name="inbox-panel"),
    path("instellingen/meldingen/", inbox.notification_settings, name="notification-settings"),
]
