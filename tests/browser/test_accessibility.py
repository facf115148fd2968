"""axe-core finds no accessibility violations on any kind of page, for the person who sees it."""

from __future__ import annotations

import datetime
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page, expect

from buurtinbloei.models import Buurt
from talents.models import ConsentRecord, Conversation, ConversationKind, Resident
from tests.conftest import OWN_WIJKTEAM
from tests.factories import (
    ConversationFactory,
    RequestFactory,
    ResidentFactory,
    ResidentTalentFactory,
    SignUpFactory,
    TalentFactory,
)

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit_empty(page: Page) -> None:
    """Send the form without filling anything in: the page with every error message."""
    page.get_by_role("button", name="Verstuur").click()
    expect(page.get_by_role("heading", name="Kijk nog even naar deze punten")).to_be_visible()


def open_more_talents(page: Page) -> None:
    """More common talents than the first six: the rest behind "Meer talenten", opened."""
    TalentFactory.create_batch(6, common=True)
    page.reload()
    page.get_by_text("Meer talenten").click()


def capture_a_look_alike(page: Page) -> None:
    """The street capture of someone who looks like Fatima: "Kennen we deze persoon al?"."""
    page.get_by_label("Voornaam").fill("Fatima")
    page.get_by_label("E-mailadres").fill("fatima@example.org")
    page.get_by_label("Ik heb de tekst hierboven voorgelezen en de inwoner vindt het goed.").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", name="Kennen we deze persoon al?")).to_be_visible()


def failed_conversation(page: Page) -> None:
    page.get_by_text("Gesprek vastleggen", exact=True).click()
    page.get_by_label("Datum").fill("2999-01-01")
    page.get_by_role("button", name="Gesprek opslaan").click()
    expect(page.get_by_role("alert")).to_be_focused()


def send_the_form_empty(button: str):
    """Send a form (found by its button) without filling anything in: every error message."""

    def send(page: Page) -> None:
        page.get_by_role("button", name=button).click()
        expect(page.get_by_role("alert")).to_be_visible()

    return send


def saved_meanwhile(model, **changes):
    """Someone else saves the object while the form is open, then this person saves: the
    conflict page (buurtinbloei/conflicts.py), with both versions."""

    def save(page: Page) -> None:
        from django.db.models import F

        model.objects.filter(**changes.pop("where")).update(**changes, version=F("version") + 1)
        page.get_by_role("button", name=re.compile("Opslaan|Wijzigingen opslaan")).click()
        expect(page.get_by_role("heading", name=re.compile("net ook gewijzigd"))).to_be_visible()

    return save


def saved_conversation(page: Page) -> None:
    page.get_by_text("Gesprek vastleggen", exact=True).click()
    page.get_by_label("Samenvatting").fill("Even bijgepraat.")
    page.get_by_role("button", name="Gesprek opslaan").click()
    expect(page.get_by_role("status").filter(has_text="Gesprek opgeslagen.")).to_be_visible()


# (who looks, path, the status the page answers with, what they do there before axe looks).
# {resident} and {signup} in a path are filled in from the talents_data fixture.
PAGES = [
    pytest.param(None, "/", 200, None, id="landing"),
    pytest.param(None, "/privacy/", 200, None, id="privacy"),
    pytest.param(None, "/accounts/login/", 200, None, id="login"),
    pytest.param(None, "/accounts/password/reset/", 200, None, id="password-reset"),
    pytest.param(None, "/deze-pagina-bestaat-niet/", 404, None, id="not-found"),
    pytest.param("verbinder", "/", 200, None, id="dashboard"),
    pytest.param("verbinder", "/wijkteams/", 200, None, id="wijkteam-list"),
    pytest.param("verbinder", f"/wijkteams/{OWN_WIJKTEAM}/", 200, None, id="wijkteam-detail"),
    pytest.param("verbinder", "/accounts/2fa/", 200, None, id="mfa-index"),
    pytest.param("partner", "/wijkteams/", 403, None, id="forbidden"),
    # The audit log for the privacy officer (beheerders).
    pytest.param("beheerder", "/privacy/logboek/", 200, None, id="audit-log"),
    pytest.param(
        "beheerder", "/privacy/logboek/?resident=abc", 200, None, id="audit-log-bad-filter"
    ),
    pytest.param("beheerder", "/privacy/logboek/controle/", 200, None, id="audit-review"),
    # The talents app: the public sign-up, the inbox, residents, conversations.
    pytest.param(None, "/aanmelden/", 200, None, id="signup-choice"),
    pytest.param(None, "/aanmelden/?wil=allebei", 200, None, id="signup"),
    pytest.param(None, "/aanmelden/?wil=allebei", 200, submit_empty, id="signup-errors"),
    pytest.param(None, "/aanmelden/?wil=geven", 200, open_more_talents, id="signup-give"),
    pytest.param(None, "/aanmelden/bedankt/", 200, None, id="signup-thanks"),
    pytest.param("verbinder", "/aanmeldingen/", 200, None, id="inbox"),
    pytest.param("verbinder", "/aanmeldingen/{signup}/", 200, None, id="inbox-detail"),
    pytest.param("verbinder", "/panelen/aanmeldingen/", 200, None, id="inbox-panel"),
    pytest.param("verbinder", "/instellingen/meldingen/", 200, None, id="notification-settings"),
    pytest.param("verbinder", "/inwoners/", 200, None, id="resident-list"),
    pytest.param("verbinder", "/inwoners/{resident}/", 200, None, id="resident-detail"),
    pytest.param("verbinder", "/inwoners/nieuw/", 200, None, id="resident-create"),
    pytest.param("verbinder", "/inwoners/{resident}/bewerken/", 200, None, id="resident-edit"),
    pytest.param("verbinder", "/inwoners/{resident}/talenten/", 200, None, id="resident-talents"),
    pytest.param(
        "verbinder", "/inwoners/{resident}/gesprekken/nieuw/", 200, None, id="conversation"
    ),
    pytest.param(
        "verbinder",
        "/inwoners/{resident}/bewerken/",
        200,
        saved_meanwhile(Resident, where={"first_name": "Fatima"}, languages="Arabisch"),
        id="resident-edit-conflict",
    ),
    pytest.param(
        "verbinder",
        "/inwoners/{resident}/gesprekken/{conversation}/corrigeren/",
        200,
        None,
        id="conversation-edit",
    ),
    pytest.param(
        "verbinder",
        "/inwoners/{resident}/gesprekken/{conversation}/corrigeren/",
        200,
        saved_meanwhile(Conversation, where={"next_step__startswith": "Voorstellen"}, summary="Nu"),
        id="conversation-edit-conflict",
    ),
    pytest.param("verbinder", "/straat/", 200, None, id="street-capture"),
    pytest.param("verbinder", "/straat/", 200, capture_a_look_alike, id="street-duplicates"),
    pytest.param(
        "verbinder", "/inwoners/{resident}/", 200, failed_conversation, id="conversation-errors"
    ),
    pytest.param("verbinder", "/inwoners/{resident}/", 200, saved_conversation, id="saved"),
    pytest.param("verbinder", "/panelen/opvolgen/", 200, None, id="follow-ups"),
    # The matches app: requests, the sections on a resident's page, partner referrals.
    pytest.param("verbinder", "/hulpvragen/", 200, None, id="request-list"),
    pytest.param("coordinator", "/hulpvragen/", 200, None, id="request-list-coordinator"),
    pytest.param("verbinder", "/hulpvragen/nieuw/?q=Fatima", 200, None, id="request-choose"),
    pytest.param("verbinder", "/hulpvragen/nieuw/?inwoner={resident}", 200, None, id="request-new"),
    pytest.param(
        "verbinder",
        "/hulpvragen/nieuw/?inwoner={resident}",
        200,
        send_the_form_empty("Hulpvraag vastleggen"),
        id="request-new-errors",
    ),
    pytest.param("verbinder", "/hulpvragen/{request}/", 200, None, id="request-detail"),
    pytest.param(
        "verbinder",
        "/hulpvragen/{request}/",
        200,
        send_the_form_empty("Hulpvraag sluiten"),
        id="request-close-errors",
    ),
    pytest.param(
        "verbinder", "/inwoners/{resident}/hulpvragen/", 200, None, id="resident-requests"
    ),
    pytest.param("verbinder", "/inwoners/{helper}/", 200, None, id="resident-reciprocity"),
    pytest.param("partner", "/", 200, None, id="partner-dashboard"),
    pytest.param("partner", "/verwijzen/", 200, None, id="referral"),
    pytest.param(
        "partner", "/verwijzen/", 200, send_the_form_empty("Doorverwijzen"), id="referral-errors"
    ),
    pytest.param("partner", "/verwijzen/mijn/", 200, None, id="referral-list"),
    pytest.param("partner", "/panelen/verwijzingen/", 200, None, id="referral-panel"),
    # The matches app's suggestions, as the pages they are without JavaScript.
    pytest.param("verbinder", "/hulpvragen/{request}/suggesties/", 200, None, id="suggestions"),
    pytest.param("verbinder", "/inwoners/{resident}/past-bij/", 200, None, id="past-bij"),
    pytest.param("coordinator", "/inwoners/{resident}/past-bij/", 200, None, id="past-bij-read"),
    # A resident's rights (issue 13): access export, erasure, consent.
    pytest.param("verbinder", "/inwoners/{resident}/inzage/", 200, None, id="access"),
    pytest.param("verbinder", "/inwoners/{resident}/wissen/", 200, None, id="erase"),
    pytest.param(
        "verbinder",
        "/inwoners/{resident}/wissen/",
        200,
        send_the_form_empty("Definitief wissen"),
        id="erase-errors",
    ),
    pytest.param("verbinder", "/inwoners/{resident}/toestemming/", 200, None, id="consent"),
    pytest.param(
        "verbinder",
        "/inwoners/{resident}/toestemming/",
        200,
        send_the_form_empty("Toestemming vastleggen"),
        id="consent-errors",
    ),
    pytest.param(
        "verbinder",
        "/inwoners/{resident}/toestemming/{consent}/intrekken/",
        200,
        None,
        id="consent-withdraw",
    ),
    pytest.param(
        "verbinder",
        "/inwoners/{resident}/toestemming/{consent}/intrekken/",
        200,
        send_the_form_empty("Toestemming intrekken"),
        id="consent-withdraw-errors",
    ),
    # The KPI dashboard (issue 12), with its charts and tables, and with a filter error.
    pytest.param("coordinator", "/kpi/", 200, None, id="kpi"),
    pytest.param("verbinder", "/kpi/?period=kwartaal&quarter=1", 200, None, id="kpi-verbinder"),
    pytest.param(
        "coordinator", "/kpi/?period=van-tot&date_from=2026-02-01", 200, None, id="kpi-errors"
    ),
]


@pytest.fixture
def talents_data(personas) -> dict[str, int]:
    """A resident with talents and conversations, and a sign-up waiting in the own inbox."""
    buurt = Buurt.objects.filter(wijk__wijkteam=personas.own_wijkteam).order_by("pk").first()
    cooking = TalentFactory(name="Koken", common=True)
    TalentFactory(name="Tuinieren", common=True)
    proposed = TalentFactory(name="Vogelhuisjes timmeren", approved=False)
    resident = ResidentFactory(
        first_name="Fatima", last_name="El Amrani", email="fatima@example.org", buurt=buurt
    )
    ResidentTalentFactory(resident=resident, talent=cooking, note="Marokkaans en Surinaams")
    ResidentTalentFactory(resident=resident, talent=proposed, offered=False, wants_to_develop=True)
    today = timezone.localdate()
    conversation = ConversationFactory(
        resident=resident,
        verbinder=personas.verbinder,
        date=today - datetime.timedelta(days=7),
        summary="Kookt graag voor de buren.",
        talents=[cooking, proposed],
        wishes="Een kookclub beginnen.",
        asks="Iemand die helpt met formulieren.",
        next_step="Voorstellen aan de kookclub",
        follow_up_on=today - datetime.timedelta(days=1),
    )
    ConversationFactory(
        resident=resident,
        verbinder=personas.verbinder,
        kind=ConversationKind.HOME_VISIT,
        sensitive=True,
        follow_up_on=today,
    )
    signup = SignUpFactory(
        first_name="Fatima",
        email="fatima@example.org",
        buurt=buurt,
        wants_to_receive=True,
        talents=[cooking],
        talents_other="Naaien",
        help_wanted="Hulp met de computer.",
    )
    request = RequestFactory(
        resident=resident, talent=cooking, description="Iemand die mee naar de markt gaat."
    )
    SignUpFactory(first_name="Annie", buurt=buurt, referred_by=personas.partner)
    # Offers help, has no request and never said what they could use: the reciprocity question.
    helper = ResidentFactory(first_name="Henk", buurt=buurt)
    ResidentTalentFactory(resident=helper, talent=cooking)
    # Someone nearby asks for cooking too, and one of Fatima's offers is stale ("Biedt dit nog
    # steeds aan").
    asker = ResidentFactory(first_name="Karin", buurt=buurt, languages="Nederlands, Arabisch")
    RequestFactory(resident=asker, talent=cooking)
    ResidentTalentFactory(
        resident=resident, talent=TalentFactory(name="Tuinieren"), confirmed_on="2020-05-01"
    )
    consent = ConsentRecord.objects.create(
        resident=resident,
        purpose=ConsentRecord.Purpose.CONTACT,
        text_version="2026-01",
        given_at=timezone.now() - datetime.timedelta(days=30),
    )
    return {
        "resident": resident.pk,
        "signup": signup.pk,
        "request": request.pk,
        "helper": helper.pk,
        "consent": consent.pk,
        "conversation": conversation.pk,
    }


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize(("persona", "path", "status", "action"), PAGES)
def test_axe_finds_no_violations_on_the_page(
    page: Page, live_server, personas, talents_data, axe, persona, path, status, action
):
    path = path.format(**talents_data)
    if persona is not None:
        login(page, live_server, getattr(personas, persona))

    # networkidle: axe also checks what htmx loads into the page after the first response.
    response = page.goto(f"{live_server.url}{path}", wait_until="networkidle")

    assert response is not None and response.status == status
    if action is not None:
        action(page)
        page.wait_for_load_state("networkidle")
    results = axe.run(page)
    assert results.violations_count == 0, (
        f"axe found {results.violations_count} violation(s) on {path}:\n"
        + results.generate_report()
    )


# --- The matches app (issue 11): match pages, the panel, the contact person's check-in ----------


def failed_step(page: Page) -> None:
    page.locator("summary", has_text="Kennismaking plannen").click()
    page.get_by_label("Datum van de kennismaking").fill("")
    page.get_by_role("button", name="Kennismaking plannen").click()
    expect(page.get_by_role("alert")).to_be_visible()


def search_side_b(page: Page) -> None:
    page.get_by_label("Zoek een inwoner op naam, of een ontwikkelplaats op titel").fill("Henk")
    expect(page.get_by_label("Henk de Vries")).to_be_visible()


def agreed_meanwhile(page: Page) -> None:
    """A colleague records the agreement while this page is open; then this verbinder does:
    the 409 conflict, swapped in by htmx, says who did what."""
    from matches.models import Match
    from matches.services.matches import match_record_agreement
    from tests.factories import UserFactory

    match = Match.objects.get(resident_b__first_name="Bram")
    colleague = UserFactory(wijkteams=list(match.verbinder.wijkteams.all()), first_name="Ans")
    match_record_agreement(match=match, by=colleague)
    page.get_by_role("button", name="Beide kanten zeiden ja").click()
    expect(
        page.get_by_role("heading", name="Iemand anders heeft deze match net gewijzigd.")
    ).to_be_visible()


def submit_check_in_empty(page: Page) -> None:
    page.get_by_role("button", name="Verstuur").click()
    expect(page.get_by_role("alert")).to_contain_text("Kijk nog even naar deze punten")


# (who looks, path, the status, what they do there before axe looks); {match}, {place_match},
# {resident} and {token} come from the matches_data fixture.
MATCH_PAGES = [
    pytest.param("verbinder", "/matches/", 200, None, id="match-list"),
    pytest.param("verbinder", "/matches/{match}/", 200, None, id="match-proposed"),
    pytest.param("verbinder", "/matches/{match}/", 200, failed_step, id="match-step-errors"),
    pytest.param("verbinder", "/matches/{match}/", 200, agreed_meanwhile, id="match-conflict"),
    pytest.param("verbinder", "/matches/{place_match}/", 200, None, id="match-started-place"),
    pytest.param("other_verbinder", "/matches/{match}/", 200, None, id="match-reduced"),
    pytest.param(
        "verbinder", "/matches/nieuw/?inwoner={resident}", 200, search_side_b, id="match-create"
    ),
    pytest.param("verbinder", "/matches/inwoner/{resident}/", 200, None, id="match-section"),
    pytest.param("verbinder", "/panelen/matches/", 200, None, id="match-panel"),
    pytest.param(None, "/check-in/{token}/", 200, None, id="contact-check-in"),
    pytest.param(
        None, "/check-in/{token}/", 200, submit_check_in_empty, id="contact-check-in-errors"
    ),
    pytest.param(None, "/check-in/niet-een-token/", 404, None, id="contact-check-in-unknown"),
]


@pytest.fixture
def matches_data(personas) -> dict[str, object]:
    from matches.models import MatchKind
    from matches.services.matches import check_in_token
    from tests.factories import (
        CheckInFactory,
        MatchFactory,
        OntwikkelplaatsFactory,
        StartedMatchFactory,
    )

    buurt = Buurt.objects.filter(wijk__wijkteam=personas.own_wijkteam).order_by("pk").first()
    other = Buurt.objects.filter(wijk__wijkteam=personas.other_wijkteam).order_by("pk").first()
    cooking = TalentFactory(name="Koken", common=True)
    fatima = ResidentFactory(first_name="Fatima", last_name="El Amrani", buurt=buurt)
    ResidentFactory(first_name="Henk", last_name="de Vries", buurt=buurt)
    match = MatchFactory(
        resident_a=fatima,
        resident_b=ResidentFactory(first_name="Bram", buurt=other),
        talent=cooking,
        verbinder=personas.verbinder,
        follow_up_on=timezone.localdate(),
    )
    place = OntwikkelplaatsFactory(title="Gastvrouw De Linde", organisation__buurt=buurt)
    place_match = StartedMatchFactory(
        kind=MatchKind.RESIDENT_PLACE,
        resident_a=ResidentFactory(first_name="Joke", buurt=buurt),
        resident_b=None,
        place_b=place,
        verbinder=personas.verbinder,
    )
    check_in = CheckInFactory(match=place_match)
    return {
        "match": match.pk,
        "place_match": place_match.pk,
        "resident": fatima.pk,
        "token": check_in_token(check_in),
    }


@pytest.mark.parametrize(("persona", "path", "status", "action"), MATCH_PAGES)
def test_axe_finds_no_violations_on_the_match_pages(
    page: Page, live_server, personas, matches_data, axe, persona, path, status, action
):
    path = path.format(**matches_data)
    if persona is not None:
        login(page, live_server, getattr(personas, persona))
    response = page.goto(f"{live_server.url}{path}", wait_until="networkidle")
    assert response is not None and response.status == status
    if action is not None:
        action(page)
        page.wait_for_load_state("networkidle")
    results = axe.run(page)
    assert results.violations_count == 0, (
        f"axe found {results.violations_count} violation(s) on {path}:\n"
        + results.generate_report()
    )


# --- Kom tot Bloei trainings and the talent card (issue 15) --------------------------------------

# (who looks, path, the status, what they do there before axe looks); {training}, {participant},
# {waiting} and {resident} come from the trainings_data fixture.
TRAINING_PAGES = [
    pytest.param("verbinder", "/trainingen/", 200, None, id="training-list"),
    pytest.param("verbinder", "/trainingen/nieuw/", 200, None, id="training-create"),
    pytest.param(
        "verbinder",
        "/trainingen/nieuw/",
        200,
        send_the_form_empty("Training aanmaken"),
        id="training-create-errors",
    ),
    pytest.param("verbinder", "/trainingen/{training}/", 200, None, id="training-detail"),
    pytest.param("coordinator", "/trainingen/{training}/", 200, None, id="training-read-only"),
    pytest.param(
        "verbinder", "/trainingen/{training}/bijeenkomsten/nieuw/", 200, None, id="session-add"
    ),
    pytest.param(
        "verbinder",
        "/trainingen/{training}/deelnemers/nieuw/?q=Henk",
        200,
        None,
        id="participant-search",
    ),
    pytest.param(
        "verbinder",
        "/trainingen/{training}/deelnemers/{participant}/",
        200,
        None,
        id="participant-finished",
    ),
    pytest.param(
        "verbinder",
        "/trainingen/{training}/deelnemers/{waiting}/",
        200,
        None,
        id="participant-not-finished",
    ),
    pytest.param("verbinder", "/inwoners/{resident}/", 200, None, id="resident-with-trainings"),
    pytest.param("verbinder", "/inwoners/{resident}/talentkaart/", 200, None, id="talent-card"),
    pytest.param(
        "verbinder", "/inwoners/{resident}/talentkaart/?formaat=a4", 200, None, id="talent-card-a4"
    ),
    pytest.param("coordinator", "/kpi/", 200, None, id="kpi-with-trainings"),
]


@pytest.fixture
def trainings_data(personas) -> dict[str, int]:
    from tests.factories import CoreTeamFactory, OntwikkelplaatsFactory
    from tests.trainings.factories import (
        TrainingFactory,
        TrainingParticipantFactory,
        TrainingSessionFactory,
    )
    from trainings.models import Attendance

    buurt = Buurt.objects.filter(wijk__wijkteam=personas.own_wijkteam).order_by("pk").first()
    cooking = TalentFactory(name="Koken")
    training = TrainingFactory(wijkteam=personas.own_wijkteam, name="Kom tot Bloei voorjaar")
    today = timezone.localdate()
    sessions = [
        TrainingSessionFactory(training=training, date=today - datetime.timedelta(weeks=n))
        for n in (4, 3, 2, 1)
    ]
    fatima = ResidentFactory(first_name="Fatima", last_name="El Amrani", buurt=buurt)
    ResidentTalentFactory(resident=fatima, talent=cooking)
    ConversationFactory(resident=fatima, wishes="Een kookclub beginnen.")
    finished = TrainingParticipantFactory(training=training, resident=fatima)
    waiting = TrainingParticipantFactory(training=training, resident__buurt=buurt)
    ResidentFactory(first_name="Henk", buurt=buurt)
    Attendance.objects.bulk_create(Attendance(participant=finished, session=s) for s in sessions)
    Attendance.objects.create(participant=waiting, session=sessions[0])
    OntwikkelplaatsFactory(
        title="Kok in de buurtkamer", organisation__buurt=buurt, talents=[cooking]
    )
    CoreTeamFactory(name="Kernteam De Tuin", buurt=buurt)
    return {
        "training": training.pk,
        "participant": finished.pk,
        "waiting": waiting.pk,
        "resident": fatima.pk,
    }


@pytest.mark.parametrize(("persona", "path", "status", "action"), TRAINING_PAGES)
def test_axe_finds_no_violations_on_the_training_pages(
    page: Page, live_server, personas, trainings_data, axe, persona, path, status, action
):
    path = path.format(**trainings_data)
    login(page, live_server, getattr(personas, persona))
    response = page.goto(f"{live_server.url}{path}", wait_until="networkidle")
    assert response is not None and response.status == status
    if action is not None:
        action(page)
        page.wait_for_load_state("networkidle")
    results = axe.run(page)
    assert results.violations_count == 0, (
        f"axe found {results.violations_count} violation(s) on {path}:\n"
        + results.generate_report()
    )
