"""Pages of the matches app, under the ``matches`` namespace (Dutch paths, DESIGN.md)."""

from django.urls import path

from .views import referrals, requests, suggestions

app_name = "matches"

urlpatterns: list = [
    # Requests (views/requests.py)
    path("hulpvragen/", requests.request_list, name="request-list"),
    path("hulpvragen/nieuw/", requests.request_create, name="request-create"),
    path("hulpvragen/<int:pk>/", requests.request_detail, name="request-detail"),
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
]
