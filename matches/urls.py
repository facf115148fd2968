"""Pages of the matches app, under the ``matches`` namespace (Dutch paths, DESIGN.md)."""

app_name = "matches"

urlpatterns: list = []
