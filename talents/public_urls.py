"""Public pages of the talents app (no account needed): the sign-up form at /aanmelden/."""

from django.urls import path

from .views import signup

app_name = "public"

urlpatterns: list = [
    path("aanmelden/", signup.signup, name="signup"),
    path("aanmelden/bedankt/", signup.signup_thanks, name="signup-thanks"),
]
