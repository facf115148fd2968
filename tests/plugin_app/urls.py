from django.urls import path

from . import views

app_name = "plugin_app"
urlpatterns = [
    path("paneel/", views.panel, name="panel"),
    path("inwoner/<int:pk>/", views.panel, name="resident"),
]
