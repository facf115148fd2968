from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import include, path
from django.views.i18n import set_language

from . import audit_views, views

_allauth_admin_login = secure_admin_login(admin.site.login)


def _admin_login(request, extra_context=None):
    """Django's own admin login form is never used: signed-in beheerders go to the admin
    (a POST there would switch accounts without MFA), everyone else to allauth's login."""
    if request.user.is_authenticated and request.user.is_staff:
        return redirect("admin:index")
    return _allauth_admin_login(request, extra_context)


# The admin signs in through allauth, so MFA and rate limits apply there too.
admin.site.login = _admin_login
admin.site.site_header = admin.site.site_title = "Buurt in Bloei"

urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("privacy/logboek/", audit_views.audit_log, name="audit-log"),
    path("privacy/logboek/export.csv", audit_views.audit_log_export, name="audit-log-export"),
    path("privacy/logboek/controle/", audit_views.audit_review, name="audit-review"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("wijkteams/", views.wijkteam_list, name="wijkteam-list"),
    path("wijkteams/<slug:slug>/", views.wijkteam_detail, name="wijkteam-detail"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("talents.urls")),
    path("", include("talents.public_urls")),
    path("", include("networks.urls")),
    path("", include("matches.urls")),
    path("", include("stories.urls")),
    path("", include("trainings.urls")),
    path("", include("routes.urls")),
    path("accounts/", include("allauth.urls")),
    path("beheer/", admin.site.urls),
]

handler403 = "buurtinbloei.views.permission_denied"
# The 503 page when the database is away, the 500 page with its Foutcode otherwise.
handler500 = "buurtinbloei.outage.server_error"
