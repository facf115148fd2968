"""Pages of the matches app, under the ``matches`` namespace (Dutch paths, DESIGN.md)."""

from django.urls import path

from .views import suggestions

app_name = "matches"

urlpatterns: list = [
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
