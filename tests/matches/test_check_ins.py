"""Follow-ups and check-ins: the verbinder's panel with one-click logging, and the contact
person's signed, single-use, expiring check-in link."""

from __future__ import annotations

import datetime
import time
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from buurtinbloei.models import AuditEvent
from matches.models import CheckIn, CheckInResult, Match, MatchEvent, MatchKind, MatchStatus
from matches.services import matches as services
from tests.conftest import client_for
from tests.factories import (
    CheckInFactory,
    MatchFactory,
    OntwikkelplaatsFactory,
    ResidentFactory,
    StartedMatchFactory,
    UserFactory,
)
from tests.networks.support import other_buurt, own_buurt
from tests.queries import assert_queries_flat

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def today() -> datetime.date:
    return timezone.localdate()


def resident(**kwargs):
    kwargs.setdefault("buurt", own_buurt())
    return ResidentFactory(**kwargs)


def due_follow_up(verbinder, **kwargs) -> Match:
    return MatchFactory(
        resident_a=kwargs.pop("resident_a", None) or resident(),
        resident_b=resident(),
        verbinder=verbinder,
        **{"follow_up_on": today() - datetime.timedelta(days=1), **kwargs},
    )


def due_check_in(verbinder, **kwargs) -> CheckIn:
    return CheckInFactory(
        match__resident_a=kwargs.pop("resident_a", None) or resident(),
        match__resident_b=resident(),
        match__verbinder=verbinder,
        **kwargs,
    )


def place_check_in(personas, **kwargs) -> CheckIn:
    place = OntwikkelplaatsFactory(
        title="Gastvrouw buurtkamer De Linde", organisation__buurt=own_buurt()
    )
    return CheckInFactory(
        match__kind=MatchKind.RESIDENT_PLACE,
        match__resident_a=resident(
            first_name="Fatima",
            last_name="El Amrani",
            phone="+31655555555",
            email="fatima@example.org",
        ),
        match__resident_b=None,
        match__place_b=place,
        match__verbinder=personas.verbinder,
        **kwargs,
    )


# --- The panel ----------------------------------------------------------------------------------


def test_the_panel_lists_due_follow_ups_and_check_ins_of_the_own_wijkteam(personas):
    due_follow_up(personas.verbinder, resident_a=resident(first_name="Piet"))
    MatchFactory(  # not due yet
        resident_a=resident(first_name="Later"),
        resident_b=resident(),
        verbinder=personas.verbinder,
        follow_up_on=today() + datetime.timedelta(days=3),
    )
    due_check_in(personas.verbinder, resident_a=resident(first_name="Klaas"))
    CheckInFactory(  # another wijkteam's
        match__resident_a=resident(buurt=other_buurt(), first_name="Saskia"),
        match__resident_b=resident(buurt=other_buurt()),
    )
    html = client_for(personas.verbinder).get("/panelen/matches/", headers=HTMX).content.decode()
    assert "<html" not in html
    assert "Piet &amp;" in html and "Klaas &amp;" in html
    assert "Later" not in html and "Saskia" not in html
    assert "1 voorgestelde match om op te volgen" in html and "1 check-in te doen" in html
    assert AuditEvent.objects.filter(action="match.panel").exists()


def test_the_panel_shows_the_verbinder_s_own_first_and_caps_the_list(personas):
    colleague = UserFactory(wijkteams=[personas.own_wijkteam])
    for n in range(7):
        due_follow_up(colleague, resident_a=resident(first_name=f"Collega{n}"))
    due_follow_up(
        personas.verbinder,
        resident_a=resident(first_name="Mijn"),
        follow_up_on=today(),  # due later than the colleague's, shown first anyway
    )
    html = client_for(personas.verbinder).get("/panelen/matches/").content.decode()
    assert html.index("Mijn &amp;") < html.index("Collega")
    assert "8 voorgestelde matches om op te volgen" in html
    shown = {n for n in range(7) if f"Collega{n} &amp;" in html}
    assert len(shown) == 5  # capped: six rows, the verbinder's own one first


def test_the_panel_is_on_the_home_page(personas):
    home = client_for(personas.verbinder).get("/").content.decode()
    assert 'hx-get="/panelen/matches/"' in home
    assert "/panelen/matches/" not in client_for(personas.coordinator).get("/").content.decode()


def test_one_click_logs_a_check_in_with_and_without_javascript(personas):
    plain, htmx = due_check_in(personas.verbinder), due_check_in(personas.verbinder)
    client = client_for(personas.verbinder)
    response = client.post(f"/matches/checkins/{plain.pk}/", {"result": CheckInResult.GOING_WELL})
    assert response.status_code == 302 and response.url == "/panelen/matches/"
    fragment = client.post(
        f"/matches/checkins/{htmx.pk}/",
        {"result": CheckInResult.CONCERN},
        headers=HTMX,
        follow=True,
    )
    assert "<html" not in fragment.content.decode()
    assert "Check-in vastgelegd." in fragment.content.decode()
    plain.refresh_from_db()
    htmx.refresh_from_db()
    assert (plain.result, plain.by) == (CheckInResult.GOING_WELL, personas.verbinder)
    assert plain.done_at is not None and htmx.result == CheckInResult.CONCERN


def test_no_answer_plans_another_check_in_a_few_days_later(personas):
    check_in = due_check_in(personas.verbinder)
    client_for(personas.verbinder).post(
        f"/matches/checkins/{check_in.pk}/", {"result": CheckInResult.NO_ANSWER}
    )
    retry = CheckIn.objects.get(match=check_in.match, done_at__isnull=True)
    assert retry.due_on == today() + datetime.timedelta(days=services.NO_ANSWER_RETRY_DAYS)


def test_a_check_in_is_logged_once_and_a_bad_choice_says_so(personas):
    check_in = due_check_in(personas.verbinder)
    client = client_for(personas.verbinder)
    bad = client.post(
        f"/matches/checkins/{check_in.pk}/", {"result": "contact_person"}, follow=True
    )
    client.post(f"/matches/checkins/{check_in.pk}/", {"result": CheckInResult.GOING_WELL})
    again = client.post(
        f"/matches/checkins/{check_in.pk}/", {"result": CheckInResult.NO_ANSWER}, follow=True
    )
    assert "Kies hoe het gesprek ging." in bad.content.decode()
    assert "al gedaan" in again.content.decode()
    check_in.refresh_from_db()
    assert check_in.result == CheckInResult.GOING_WELL
    assert CheckIn.objects.filter(match=check_in.match).count() == 1


def test_a_check_in_of_another_wijkteam_is_not_found(personas):
    check_in = due_check_in(personas.verbinder)
    response = client_for(personas.other_verbinder).post(
        f"/matches/checkins/{check_in.pk}/", {"result": CheckInResult.GOING_WELL}
    )
    assert response.status_code == 404
    check_in.refresh_from_db()
    assert check_in.done_at is None


def test_a_check_in_is_logged_from_the_match_page_too(personas):
    check_in = due_check_in(personas.verbinder)
    client = client_for(personas.verbinder)
    page = client.get(check_in.match.get_absolute_url()).content.decode()
    assert f"/matches/checkins/{check_in.pk}/" in page
    response = client.post(
        f"/matches/checkins/{check_in.pk}/",
        {"result": CheckInResult.GOING_WELL, "next": "match"},
        headers=HTMX,
        follow=True,
    )
    body = response.content.decode()
    assert 'id="match-body"' in body and "<html" not in body
    assert "gebeld, gaat goed" in body


def test_one_click_on_a_due_follow_up_moves_it_on(personas):
    match = due_follow_up(personas.verbinder)
    client = client_for(personas.verbinder)
    client.post(f"/matches/{match.pk}/opgevolgd/", {"result": CheckInResult.NO_ANSWER})
    match.refresh_from_db()
    assert match.follow_up_on == today() + datetime.timedelta(days=services.NO_ANSWER_RETRY_DAYS)
    client.post(f"/matches/{match.pk}/opgevolgd/", {"result": CheckInResult.GOING_WELL})
    match.refresh_from_db()
    assert match.follow_up_on == today() + datetime.timedelta(days=14)
    events = MatchEvent.objects.filter(match=match, what="follow_up", by=personas.verbinder)
    assert list(events.values_list("note", flat=True)) == ["geen gehoor", "gebeld, gaat goed"]


def test_a_started_match_needs_no_follow_up(personas):
    match = StartedMatchFactory(
        resident_a=resident(), resident_b=resident(), verbinder=personas.verbinder
    )
    response = client_for(personas.verbinder).post(
        f"/matches/{match.pk}/opgevolgd/", {"result": CheckInResult.GOING_WELL}, follow=True
    )
    assert "hoeft niet meer opgevolgd" in response.content.decode()


def test_the_panel_queries_stay_flat(personas):
    assert_queries_flat(
        client_for(personas.verbinder),
        "/panelen/matches/",
        lambda n: [
            (due_follow_up(personas.verbinder), due_check_in(personas.verbinder)) for _ in range(n)
        ],
        headers=HTMX,
    )


# --- The contact person's link -------------------------------------------------------------------


def link(check_in: CheckIn) -> str:
    return f"/check-in/{services.check_in_token(check_in)}/"


def test_the_match_page_offers_the_link_and_a_mail_to_the_contact_person(personas):
    check_in = place_check_in(personas)
    page = client_for(personas.verbinder).get(check_in.match.get_absolute_url()).content.decode()
    assert "http://testserver/check-in/" in page
    assert f"mailto:{check_in.match.place_b.organisation.contact_email}" in page
    # A coördinator reads the match but sends no links.
    coordinator = client_for(personas.coordinator).get(check_in.match.get_absolute_url())
    assert "/check-in/" not in coordinator.content.decode()


def test_the_contact_person_answers_without_an_account(personas):
    check_in = place_check_in(personas)
    url = link(check_in)
    client = Client()
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Fatima" in html and "Gastvrouw buurtkamer De Linde" in html
    for private in ("El Amrani", "06-55555555", "+31655555555", "fatima@example.org"):
        assert private not in html
    assert "no-store" in page.headers["Cache-Control"]

    response = client.post(
        url, {"going": "mixed", "attends": "no", "contact_note": "Ze komt vaak te laat."}
    )
    assert response.status_code == 200 and "Bedankt" in response.content.decode()
    check_in.refresh_from_db()
    assert (check_in.result, check_in.going, check_in.attends) == (
        CheckInResult.CONTACT_PERSON,
        "mixed",
        False,
    )
    assert check_in.contact_note == "Ze komt vaak te laat." and check_in.done_at is not None
    match_page = client_for(personas.verbinder).get(check_in.match.get_absolute_url())
    assert "wisselend" in match_page.content.decode()
    assert "Ze komt vaak te laat." in match_page.content.decode()


def test_the_link_works_once(personas):
    check_in = place_check_in(personas)
    url = link(check_in)
    Client().post(url, {"going": "good", "attends": "yes"})
    again = Client().post(url, {"going": "not_good", "attends": "no"})
    reopened = Client().get(url)
    assert again.status_code == 410 and reopened.status_code == 410
    assert "al gebruikt of is verlopen" in reopened.content.decode()
    check_in.refresh_from_db()
    assert check_in.going == "good"


def test_an_expired_link_is_refused_kindly(personas, settings):
    check_in = place_check_in(personas)
    days = settings.CHECK_IN_LINK_DAYS + 1
    with mock.patch("time.time", return_value=time.time() - days * 86400):
        url = link(check_in)
    response = Client().get(url)
    assert response.status_code == 410
    assert "Deze link werkt niet meer" in response.content.decode()
    posted = Client().post(url, {"going": "good", "attends": "yes"})
    assert posted.status_code == 410
    check_in.refresh_from_db()
    assert check_in.done_at is None


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: "x" + token,
        lambda token: "niet-een-token",
        lambda token: token.split(":")[0],
    ],
)
def test_a_tampered_link_is_not_found_kindly(personas, tamper):
    check_in = place_check_in(personas)
    response = Client().get(f"/check-in/{tamper(services.check_in_token(check_in))}/")
    assert response.status_code == 404
    assert "Deze link kennen we niet" in response.content.decode()


def test_the_link_of_an_ended_match_is_gone(personas):
    check_in = place_check_in(personas)
    url = link(check_in)
    Match.objects.filter(pk=check_in.match_id).update(
        status=MatchStatus.ENDED, ended_on=today(), outcome="completed"
    )
    assert Client().get(url).status_code == 410


def test_the_answer_needs_the_form_s_csrf_token(personas):
    check_in = place_check_in(personas)
    client = Client(enforce_csrf_checks=True)
    response = client.post(link(check_in), {"going": "good", "attends": "yes"})
    assert response.status_code == 403
    check_in.refresh_from_db()
    assert check_in.done_at is None


def test_an_incomplete_answer_keeps_what_was_typed(personas):
    check_in = place_check_in(personas)
    response = Client().post(link(check_in), {"contact_note": "Het gaat prima hoor"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kies een antwoord." in html and "Kies ja of nee." in html
    assert "Het gaat prima hoor" in html
    check_in.refresh_from_db()
    assert check_in.done_at is None


def test_the_contact_page_queries_stay_flat(personas):
    check_in = place_check_in(personas)
    assert_queries_flat(
        Client(),
        link(check_in),
        lambda n: [CheckIn.objects.create(match=check_in.match, due_on=today()) for _ in range(n)],
    )
