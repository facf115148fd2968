"""The project's root URLconf plus the one include a new app adds."""

from django.urls import include, path

from buurtinbloei.urls import handler403  # noqa: F401
from buurtinbloei.urls import urlpatterns as core_urlpatterns

urlpatterns = [*core_urlpatterns, path("proef/", include("tests.plugin_app.urls"))]
