"""Public pages of the talents app (no account needed): the sign-up form at /aanmelden/."""


app_name = "public"

urlpatterns: list = []
