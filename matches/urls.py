"""Pages of the matches app, under the ``matches`` namespace (Dutch paths, DESIGN.md)."""

from django.urls import path

from .views import kpi

app_name = "matches"

urlpatterns: list = [
    # The KPI dashboard and its exports (views/kpi.py; paths fixed by DESIGN.md's URL contract)
    path("kpi/", kpi.dashboard, name="kpi"),
    path("kpi/export.csv", kpi.export_csv, name="kpi-export-csv"),
    path("kpi/export.xlsx", kpi.export_xlsx, name="kpi-export-xlsx"),
]
