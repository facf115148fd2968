"""The core's pages: landing, dashboard, wijkteams, privacy, errors and the language switch."""

from __future__ import annotations

from tests.conftest import client_for
from tests.factories import UserFactory
from tests.queries import assert_queries_flat


def test_anonymous_visitors_get_the_public_landing_page(client, db):
    html = client.get("/").content.decode()
    assert "Ik wil iets doen voor de buurt" in html
    assert "Inloggen voor medewerkers" in html


def test_a_verbinder_gets_the_dashboard_with_their_wijkteam(personas):
    html = client_for(personas.verbinder).get("/").content.decode()
    assert f"Goedendag, {personas.verbinder.first_name}" in html
    assert "Woensel-Noord-West" in html
    assert "Stratum" not in html


def test_a_coordinator_sees_every_wijkteam_on_the_dashboard(personas):
    html = client_for(personas.coordinator).get("/").content.decode()
    assert "Alle wijkteams" in html
    assert "Stratum" in html and "Woensel-Noord-West" in html


def test_the_dashboard_loads_each_app_panel_with_a_plain_link_as_fallback(personas):
    html = client_for(personas.verbinder).get("/").content.decode()
    assert 'hx-trigger="load"' in html
    assert 'hx-get="/panelen/' in html


def test_a_partner_sees_a_partner_home_without_wijkteams(personas):
    html = client_for(personas.partner).get("/").content.decode()
    assert "partner" in html
    assert "Woensel-Noord-West" not in html


def test_the_wijkteam_page_lists_its_wijken_buurten_and_verbinders(personas):
    html = client_for(personas.verbinder).get("/wijkteams/woensel-noord-west/").content.decode()
    assert personas.verbinder.email in html
    assert "Ontginning" in html  # a wijk of Woensel-Noord-West in the reference data
    assert personas.other_verbinder.email not in html


def test_the_navigation_follows_the_role(personas):
    assert 'href="/beheer/"' in client_for(personas.beheerder).get("/").content.decode()
    verbinder_html = client_for(personas.verbinder).get("/").content.decode()
    assert 'href="/beheer/"' not in verbinder_html
    assert 'href="/wijkteams/"' in verbinder_html
    assert 'href="/wijkteams/"' not in client_for(personas.partner).get("/").content.decode()


def test_the_privacy_statement_names_its_version(client, db):
    html = client.get("/privacy/").content.decode()
    assert "Privacyverklaring" in html and "Versie 2026-11" in html


def test_an_unknown_page_answers_404_in_plain_dutch(client, db):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()


def test_a_role_without_access_gets_a_plain_dutch_403(personas):
    response = client_for(personas.partner).get("/wijkteams/")
    assert response.status_code == 403
    assert "Hier heb je geen toegang toe" in response.content.decode()


def test_the_500_page_renders_without_a_request_context(db):
    from django.test import RequestFactory
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


def test_the_language_switch_sets_english_and_back(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/privacy/"})
    assert response.status_code == 302 and response.url == "/privacy/"
    assert '<html lang="en"' in client.get("/privacy/").content.decode()
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    assert '<html lang="nl"' in client.get("/privacy/").content.decode()


def test_dutch_is_the_default_whatever_the_browser_prefers(client, db):
    response = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert '<html lang="nl"' in response.content.decode()
    assert response.headers["Content-Language"] == "nl"


def test_the_language_switch_refuses_to_redirect_elsewhere(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://example.com/"})
    assert response.url == "/"


def test_htmx_requests_carry_the_csrf_token(personas):
    html = client_for(personas.verbinder).get("/").content.decode()
    assert 'hx-headers=\'{"X-CSRFToken": "' in html
    assert 'name="htmx-config"' in html and '"allowEval": false' in html


# --- Query counts: flat as rows grow -------------------------------------------------------


def test_the_dashboard_query_count_stays_flat(personas):
    coordinator = personas.coordinator
    assert_queries_flat(client_for(coordinator), "/", lambda n: None)  # 8 wijkteams either way
    verbinder = UserFactory()
    from buurtinbloei.models import Wijkteam

    teams = list(Wijkteam.objects.order_by("pk"))

    def join(n):
        current = verbinder.wijkteams.count()
        verbinder.wijkteams.add(*teams[current : current + n])

    assert_queries_flat(client_for(verbinder), "/", join, small=1, large=8)


def test_the_wijkteam_list_query_count_stays_flat(personas):
    def add_members(n):
        UserFactory.create_batch(n, wijkteams=[personas.own_wijkteam])

    assert_queries_flat(client_for(personas.coordinator), "/wijkteams/", add_members)


def test_the_wijkteam_page_query_count_stays_flat(personas):
    def add_members(n):
        UserFactory.create_batch(n, wijkteams=[personas.own_wijkteam])

    assert_queries_flat(
        client_for(personas.verbinder), "/wijkteams/woensel-noord-west/", add_members
    )
