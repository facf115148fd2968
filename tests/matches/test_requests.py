"""Requests (hulpvragen): the services, sign-ups and conversations that become requests, the
request pages and the sections on a resident's and an ontwikkelplaats' page."""

from __future__ import annotations

import importlib
import uuid

import pytest
from django.apps import apps as django_apps

from buurtinbloei.models import AuditEvent
from buurtinbloei.registry import Section
from matches.models import Request, RequestSource, RequestStatus
from matches.services.requests import (
    RequestError,
    request_close,
    request_create,
    request_from_signup,
    request_reopen,
)
from talents.models import HelpTheme, SignUp, SignUpStatus
from tests.conftest import client_for
from tests.factories import (
    ConversationFactory,
    OntwikkelplaatsFactory,
    RequestFactory,
    ResidentFactory,
    ResidentTalentFactory,
    SignUpFactory,
    TalentFactory,
)
from tests.queries import assert_queries_flat
from tests.talents.staff import HTMX, audit_actions, other_buurt, own_buurt, own_resident

pytestmark = pytest.mark.django_db

SECRET_ASK = "Hulp na de opname, zonder dat de buren het weten."


def own_request(personas, **kwargs) -> Request:
    kwargs.setdefault("resident", own_resident(personas))
    return RequestFactory(**kwargs)


# --- Services -------------------------------------------------------------------------------------


def test_a_request_belongs_to_the_wijkteam_and_buurt_of_whoever_asks(personas):
    resident = own_resident(personas)
    obj = request_create(
        asker=resident, source=RequestSource.VERBINDER, by=personas.verbinder, description="x"
    )
    assert (obj.wijkteam_id, obj.buurt_id) == (personas.own_wijkteam.pk, resident.buurt_id)
    assert obj.status == RequestStatus.OPEN and obj.created_by == personas.verbinder
    assert audit_actions(obj) == ["request.create"]


def test_a_resident_without_a_buurt_asks_in_their_own_wijkteam(personas):
    resident = ResidentFactory(buurt=None, fallback_wijkteam=personas.own_wijkteam)
    obj = request_create(asker=resident, source=RequestSource.VERBINDER, by=personas.verbinder)
    assert (obj.wijkteam_id, obj.buurt_id) == (personas.own_wijkteam.pk, None)


def test_an_ontwikkelplaats_asks_in_the_wijkteam_of_its_buurt(personas):
    place = OntwikkelplaatsFactory(organisation__buurt=other_buurt(personas))
    obj = request_create(asker=place, source=RequestSource.VERBINDER, by=personas.other_verbinder)
    assert (obj.wijkteam_id, obj.ontwikkelplaats, obj.resident) == (
        personas.other_wijkteam.pk,
        place,
        None,
    )


def test_closing_and_reopening_are_audited_and_refused_twice(personas):
    obj = own_request(personas)
    request_close(obj=obj, reason="solved", note="Buurman helpt al.", by=personas.verbinder)
    assert (obj.status, obj.close_reason, obj.close_note) == (
        "closed",
        "solved",
        "Buurman helpt al.",
    )
    assert obj.closed_on is not None
    with pytest.raises(RequestError):
        request_close(obj=obj, reason="solved", by=personas.verbinder)
    with pytest.raises(RequestError):
        request_close(obj=own_request(personas), reason="vergeten", by=personas.verbinder)
    request_reopen(obj=obj, by=personas.verbinder)
    assert (obj.status, obj.close_reason, obj.closed_on) == ("open", "", None)
    with pytest.raises(RequestError):
        request_reopen(obj=obj, by=personas.verbinder)
    assert audit_actions(obj) == ["request.close", "request.reopen"]


# --- Sign-ups become requests ---------------------------------------------------------------------


def help_signup(personas, **kwargs) -> SignUp:
    kwargs.setdefault("buurt", own_buurt(personas))
    kwargs.setdefault("wants_to_receive", True)
    kwargs.setdefault("help_wanted", "Iemand om mee te wandelen.")
    kwargs.setdefault("help_theme", HelpTheme.COMPANY)
    return SignUpFactory(**kwargs)


def test_making_a_resident_of_a_sign_up_that_asks_for_help_makes_one_request(personas):
    signup = help_signup(personas)
    client = client_for(personas.verbinder)
    response = client.post(f"/aanmeldingen/{signup.pk}/nieuwe-inwoner/")
    assert response.status_code == 302
    signup.refresh_from_db()
    obj = Request.objects.get(signup=signup)
    assert obj.resident == signup.resident
    assert (obj.source, obj.description, obj.help_theme, obj.referred_by) == (
        RequestSource.SELF,
        "Iemand om mee te wandelen.",
        HelpTheme.COMPANY,
        None,
    )
    assert (obj.wijkteam_id, obj.created_by) == (personas.own_wijkteam.pk, personas.verbinder)
    # Saved again (or a second tap): still the one request.
    signup.save()
    client.post(f"/aanmeldingen/{signup.pk}/nieuwe-inwoner/")
    assert Request.objects.filter(resident=signup.resident).count() == 1


def test_linking_a_referred_sign_up_makes_a_partner_request(personas):
    resident = own_resident(personas)
    signup = help_signup(personas, referred_by=personas.partner, help_theme="")
    response = client_for(personas.verbinder).post(
        f"/aanmeldingen/{signup.pk}/koppelen/", {"resident": resident.pk}
    )
    assert response.status_code == 302
    obj = Request.objects.get(signup=signup)
    assert (obj.resident, obj.source, obj.referred_by) == (
        resident,
        RequestSource.PARTNER,
        personas.partner,
    )


@pytest.mark.parametrize(
    "wish",
    [
        {"wants_to_receive": False, "help_wanted": "", "help_theme": ""},
        {"wants_to_receive": True, "help_wanted": "  ", "help_theme": ""},
        # Ticked "help" long ago but the text went to "give": no wish for help, no request.
        {"wants_to_receive": False, "help_wanted": "Tekst", "help_theme": "company"},
    ],
)
def test_a_sign_up_without_a_help_wish_makes_no_request(personas, wish):
    signup = help_signup(personas, **wish)
    client_for(personas.verbinder).post(f"/aanmeldingen/{signup.pk}/nieuwe-inwoner/")
    signup.refresh_from_db()
    assert signup.resident_id is not None
    assert not Request.objects.exists()


def test_a_theme_alone_is_a_help_wish(personas):
    signup = help_signup(personas, help_wanted="", help_theme=HelpTheme.ODD_JOBS)
    client_for(personas.verbinder).post(f"/aanmeldingen/{signup.pk}/nieuwe-inwoner/")
    assert Request.objects.get(signup=signup).help_theme == HelpTheme.ODD_JOBS


def test_request_from_signup_needs_a_resident(personas):
    assert request_from_signup(signup=help_signup(personas)) is None


# --- The data migration ---------------------------------------------------------------------------

migration = importlib.import_module("matches.migrations.0002_requests_from_taken_signups")


def taken_signup(personas, resident, **kwargs) -> SignUp:
    """A sign-up linked to a resident before the matches app existed (no receiver ran)."""
    signup = help_signup(personas, **kwargs)
    SignUp.objects.filter(pk=signup.pk).update(
        resident=resident, status=SignUpStatus.DONE, taken_by=personas.verbinder
    )
    return signup


def test_the_migration_turns_the_help_text_of_taken_sign_ups_into_requests(personas):
    resident = own_resident(personas)
    homeless = ResidentFactory(buurt=None, fallback_wijkteam=personas.other_wijkteam)
    asked = taken_signup(personas, resident)
    referred = taken_signup(personas, homeless, referred_by=personas.partner, help_theme="")
    taken_signup(personas, resident, wants_to_receive=False)
    taken_signup(personas, resident, help_wanted="", help_theme="")
    help_signup(personas)  # not taken yet: the receiver will do it
    assert not Request.objects.exists()

    assert migration.signups_to_requests(django_apps, None) == 2

    first = Request.objects.get(signup=asked)
    assert (first.resident, first.source, first.description, first.help_theme) == (
        resident,
        "self",
        "Iemand om mee te wandelen.",
        "company",
    )
    assert (first.wijkteam_id, first.buurt_id, first.created_by) == (
        personas.own_wijkteam.pk,
        resident.buurt_id,
        personas.verbinder,
    )
    assert first.created_on == asked.created_at.date()
    second = Request.objects.get(signup=referred)
    assert (second.source, second.referred_by, second.wijkteam_id, second.buurt_id) == (
        "partner",
        personas.partner,
        personas.other_wijkteam.pk,
        None,
    )
    # Run again: nothing new.
    assert migration.signups_to_requests(django_apps, None) == 0
    assert Request.objects.count() == 2


# --- The list -------------------------------------------------------------------------------------


def test_the_list_shows_the_own_wijkteam_s_requests_and_audits_the_look(personas):
    mine = own_request(personas, description="Samen koken")
    theirs = RequestFactory(resident=ResidentFactory(buurt=other_buurt(personas)))
    response = client_for(personas.verbinder).get("/hulpvragen/")
    html = response.content.decode()
    assert response.status_code == 200
    assert str(mine.resident) in html and "Samen koken" in html
    assert str(theirs.resident) not in html
    assert AuditEvent.objects.filter(action="request.list", actor=personas.verbinder).exists()


def test_a_coordinator_sees_the_whole_city_without_descriptions(personas):
    mine = own_request(personas, description="Samen koken")
    theirs = RequestFactory(resident=ResidentFactory(buurt=other_buurt(personas)))
    html = client_for(personas.coordinator).get("/hulpvragen/").content.decode()
    assert str(mine.resident) in html and str(theirs.resident) in html
    assert "Samen koken" not in html


def test_the_list_filters_on_status_talent_wijk_and_source(personas):
    cooking, gardening = TalentFactory(name="Koken"), TalentFactory(name="Tuinieren")
    a = own_request(personas, talent=cooking)
    b = own_request(personas, talent=gardening, source=RequestSource.PARTNER)
    c = own_request(personas, talent=cooking, status="closed", close_reason="solved")
    client = client_for(personas.verbinder)

    def names(query: str) -> set[str]:
        html = client.get(f"/hulpvragen/?{query}").content.decode()
        return {str(r.resident) for r in (a, b, c) if str(r.resident) in html}

    assert names("status=open") == {str(a.resident), str(b.resident)}
    assert names(f"talent={cooking.pk}") == {str(a.resident), str(c.resident)}
    assert names("source=partner") == {str(b.resident)}
    assert names(f"wijk={own_buurt(personas).wijk_id}") == {
        str(a.resident),
        str(b.resident),
        str(c.resident),
    }
    other_wijk = other_buurt(personas).wijk_id
    assert names(f"wijk={other_wijk}") == set()
    # A bad value drops only that filter, never a 500.
    assert names("status=weg&talent=abc&wijk=%00&source=x&page=zz") == names("")


def test_the_list_answers_htmx_with_the_table_only(personas):
    own_request(personas)
    response = client_for(personas.verbinder).get("/hulpvragen/?status=open", **HTMX)
    html = response.content.decode()
    assert 'id="request-table"' in html and "<html" not in html


# --- A new request --------------------------------------------------------------------------------


def test_a_verbinder_makes_a_request_for_a_resident(personas):
    resident = own_resident(personas)
    talent = TalentFactory(name="Boodschappen")
    client = client_for(personas.verbinder)
    page = client.get(f"/hulpvragen/nieuw/?inwoner={resident.pk}")
    assert page.status_code == 200 and str(resident) in page.content.decode()
    response = client.post(
        f"/hulpvragen/nieuw/?inwoner={resident.pk}",
        {"talent": talent.pk, "help_theme": "transport", "description": "Op dinsdag."},
    )
    obj = Request.objects.get()
    assert response.status_code == 302 and response["Location"] == obj.get_absolute_url()
    assert (obj.resident, obj.talent, obj.help_theme, obj.description, obj.source) == (
        resident,
        talent,
        "transport",
        "Op dinsdag.",
        RequestSource.VERBINDER,
    )


def test_a_verbinder_makes_a_request_for_an_ontwikkelplaats(personas):
    place = OntwikkelplaatsFactory(organisation__buurt=own_buurt(personas))
    client = client_for(personas.verbinder)
    response = client.post(
        f"/hulpvragen/nieuw/?ontwikkelplaats={place.pk}", {"description": "Een lokaal."}
    )
    assert response.status_code == 302
    assert Request.objects.get().ontwikkelplaats == place


def test_an_empty_request_is_refused_in_dutch(personas):
    resident = own_resident(personas)
    response = client_for(personas.verbinder).post(f"/hulpvragen/nieuw/?inwoner={resident.pk}", {})
    assert response.status_code == 200
    assert "Kies een talent of een soort hulp, of beschrijf wat zou helpen." in (
        response.content.decode()
    )
    assert not Request.objects.exists()


def test_a_too_long_description_keeps_what_was_typed(personas):
    resident = own_resident(personas)
    text = "Heel lang verhaal. " * 120
    response = client_for(personas.verbinder).post(
        f"/hulpvragen/nieuw/?inwoner={resident.pk}", {"description": text, "talent": "abc"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dit is te lang" in html and "Kies er een uit de lijst." in html
    assert "Heel lang verhaal. Heel lang verhaal." in html
    assert not Request.objects.exists()


def test_a_double_tap_makes_one_request(personas):
    resident = own_resident(personas)
    client = client_for(personas.verbinder)
    data = {"description": "Samen boodschappen doen.", "token": str(uuid.uuid4())}
    first = client.post(f"/hulpvragen/nieuw/?inwoner={resident.pk}", data)
    second = client.post(f"/hulpvragen/nieuw/?inwoner={resident.pk}", data)
    assert Request.objects.count() == 1
    assert first["Location"] == second["Location"] == Request.objects.get().get_absolute_url()


def test_without_an_asker_the_page_finds_one(personas):
    resident = own_resident(personas, first_name="Wilhelmina")
    ResidentFactory(first_name="Wilhelmina", buurt=other_buurt(personas))
    client = client_for(personas.verbinder)
    assert client.get("/hulpvragen/nieuw/").status_code == 200
    html = client.get("/hulpvragen/nieuw/?q=Wilhelmina").content.decode()
    assert f"?inwoner={resident.pk}" in html
    assert html.count("?inwoner=") == 1  # not the resident of the other wijkteam


def test_nobody_makes_a_request_for_someone_of_another_wijkteam(personas):
    stranger = ResidentFactory(buurt=other_buurt(personas))
    place = OntwikkelplaatsFactory(organisation__buurt=other_buurt(personas))
    client = client_for(personas.verbinder)
    assert client.get(f"/hulpvragen/nieuw/?inwoner={stranger.pk}").status_code == 404
    response = client.post(f"/hulpvragen/nieuw/?ontwikkelplaats={place.pk}", {"description": "x"})
    assert response.status_code == 403  # readable city-wide, changed by its own wijkteam
    assert not Request.objects.exists()


# --- One request ----------------------------------------------------------------------------------


def test_the_request_page_says_who_asks_what_and_where_it_stands(personas):
    obj = own_request(
        personas,
        talent=TalentFactory(name="Fietsen"),
        description="Leren fietsen.",
        source=RequestSource.PARTNER,
        referred_by=personas.partner,
    )
    response = client_for(personas.verbinder).get(f"/hulpvragen/{obj.pk}/")
    html = response.content.decode()
    assert str(obj.resident) in html and "Fietsen" in html and "Leren fietsen." in html
    assert "verwijzing door een partner" in html and str(personas.partner) in html
    assert "Hulpvraag sluiten" in html
    assert audit_actions(obj) == ["request.view"]


def test_the_request_page_lets_other_apps_add_sections(personas, monkeypatch):
    from buurtinbloei import registry
    from buurtinbloei.permissions import Perm

    declared = registry.contributions()
    extra = registry.Contributions(
        sections=(
            Section("matches.Request", "matches:request-close", "Proefsectie", Perm.VIEW_RESIDENTS),
        )
    )
    monkeypatch.setattr(registry, "contributions", lambda: (*declared, extra))
    obj = own_request(personas)
    html = client_for(personas.verbinder).get(f"/hulpvragen/{obj.pk}/").content.decode()
    assert f'hx-get="/hulpvragen/{obj.pk}/sluiten/"' in html and "Proefsectie" in html


def test_a_coordinator_reads_the_request_without_its_description_or_buttons(personas):
    obj = own_request(personas, description="Leren fietsen.")
    html = client_for(personas.coordinator).get(f"/hulpvragen/{obj.pk}/").content.decode()
    assert str(obj.resident) in html
    assert "Leren fietsen." not in html and "Hulpvraag sluiten" not in html


def test_closing_needs_a_reason_and_reopening_opens_it_again(personas):
    obj = own_request(personas)
    client = client_for(personas.verbinder)
    response = client.post(f"/hulpvragen/{obj.pk}/sluiten/", {"note": "Eerst bellen"})
    html = response.content.decode()
    assert response.status_code == 200 and "Kies waarom je de hulpvraag sluit." in html
    assert "Eerst bellen" in html
    obj.refresh_from_db()
    assert obj.status == RequestStatus.OPEN

    response = client.post(f"/hulpvragen/{obj.pk}/sluiten/", {"reason": "no_contact"})
    assert response.status_code == 302
    obj.refresh_from_db()
    assert (obj.status, obj.close_reason) == ("closed", "no_contact")
    assert "geen contact gekregen" in client.get(f"/hulpvragen/{obj.pk}/").content.decode()

    response = client.post(f"/hulpvragen/{obj.pk}/heropenen/")
    obj.refresh_from_db()
    assert response.status_code == 302 and obj.status == RequestStatus.OPEN
    # Reopening an open one says so, in Dutch, and changes nothing.
    response = client.post(f"/hulpvragen/{obj.pk}/heropenen/", follow=True)
    assert "Deze hulpvraag is niet gesloten." in response.content.decode()


# --- On a resident's page -------------------------------------------------------------------------


def test_the_resident_page_loads_the_requests_section(personas):
    resident = own_resident(personas)
    html = client_for(personas.verbinder).get(f"/inwoners/{resident.pk}/").content.decode()
    assert f'hx-get="/inwoners/{resident.pk}/hulpvragen/"' in html


def test_the_section_lists_requests_and_reloads_after_a_conversation(personas):
    obj = own_request(personas, description="Iemand voor de tuin")
    url = f"/inwoners/{obj.resident_id}/hulpvragen/"
    client = client_for(personas.verbinder)
    fragment = client.get(url, **HTMX).content.decode()
    assert "<html" not in fragment and "Iemand voor de tuin" in fragment
    assert 'hx-trigger="conversationLogged from:body"' in fragment
    assert "open" in fragment
    page = client.get(url).content.decode()  # without JavaScript: a page of its own
    assert "<html" in page and "Iemand voor de tuin" in page


def test_one_tap_turns_a_conversation_s_asks_into_a_request(personas):
    resident = own_resident(personas)
    conversation = ConversationFactory(resident=resident, asks="Hulp met de belastingaangifte.")
    client = client_for(personas.verbinder)
    fragment = client.get(f"/inwoners/{resident.pk}/hulpvragen/", **HTMX).content.decode()
    assert "Maak hier een hulpvraag van" in fragment
    assert f"/gesprekken/{conversation.pk}/hulpvraag/" in fragment

    response = client.post(f"/gesprekken/{conversation.pk}/hulpvraag/", **HTMX)
    html = response.content.decode()
    obj = Request.objects.get()
    assert (obj.resident, obj.description, obj.source, obj.conversation) == (
        resident,
        "Hulp met de belastingaangifte.",
        RequestSource.VERBINDER,
        conversation,
    )
    assert "De hulpvraag is vastgelegd." in html and "Maak hier een hulpvraag van" not in html
    # A second tap (or the plain form) makes no second request and leads to the first.
    again = client.post(f"/gesprekken/{conversation.pk}/hulpvraag/")
    assert again.status_code == 302 and again["Location"] == obj.get_absolute_url()
    assert Request.objects.count() == 1


def test_a_conversation_without_asks_makes_no_request(personas):
    conversation = ConversationFactory(resident=own_resident(personas), asks="")
    response = client_for(personas.verbinder).post(
        f"/gesprekken/{conversation.pk}/hulpvraag/", follow=True
    )
    assert "niet waar de inwoner hulp bij kan gebruiken" in response.content.decode()
    assert not Request.objects.exists()


def test_a_request_from_a_sensitive_conversation_keeps_its_text_from_the_coordinator(personas):
    resident = own_resident(personas)
    conversation = ConversationFactory(resident=resident, asks=SECRET_ASK, sensitive=True)
    verbinder = client_for(personas.verbinder)
    assert SECRET_ASK in verbinder.get(f"/inwoners/{resident.pk}/hulpvragen/").content.decode()
    verbinder.post(f"/gesprekken/{conversation.pk}/hulpvraag/")
    obj = Request.objects.get(conversation=conversation)
    assert SECRET_ASK in verbinder.get(f"/hulpvragen/{obj.pk}/").content.decode()

    coordinator = client_for(personas.coordinator)
    for url in (
        f"/hulpvragen/{obj.pk}/",
        "/hulpvragen/",
        f"/inwoners/{resident.pk}/hulpvragen/",
        f"/inwoners/{resident.pk}/",
    ):
        response = coordinator.get(url)
        assert response.status_code == 200, url
        assert SECRET_ASK[:20] not in response.content.decode(), url
    # Nor can the coordinator make one from it: the conversation does not exist for them.
    other = ConversationFactory(resident=resident, asks=SECRET_ASK, sensitive=True)
    assert coordinator.post(f"/gesprekken/{other.pk}/hulpvraag/").status_code == 404


def test_the_section_asks_someone_who_offers_help_what_they_could_use(personas):
    resident = own_resident(personas, first_name="Henk")
    ResidentTalentFactory(resident=resident, offered=True)
    ConversationFactory(resident=resident, asks="")
    url = f"/inwoners/{resident.pk}/hulpvragen/"
    client = client_for(personas.verbinder)
    html = client.get(url, **HTMX).content.decode()
    assert "Henk biedt hulp aan. Vroeg je ook waar Henk zelf iets aan zou hebben?" in html

    response = client.post(url, {"description": ""}, **HTMX)
    assert "Schrijf op waar de inwoner iets aan zou hebben." in response.content.decode()
    assert not Request.objects.exists()

    response = client.post(url, {"description": "Een maatje voor de zondag."}, **HTMX)
    obj = Request.objects.get()
    assert (obj.resident, obj.description, obj.source) == (
        resident,
        "Een maatje voor de zondag.",
        RequestSource.VERBINDER,
    )
    assert "biedt hulp aan" not in response.content.decode()


def test_the_reciprocity_question_works_without_javascript(personas):
    resident = own_resident(personas)
    ResidentTalentFactory(resident=resident, offered=True)
    response = client_for(personas.verbinder).post(
        f"/inwoners/{resident.pk}/hulpvragen/", {"description": "Iemand die voorleest."}
    )
    obj = Request.objects.get()
    assert response.status_code == 302 and response["Location"] == obj.get_absolute_url()


def test_no_reciprocity_question_when_the_latest_conversation_says_what_helps(personas):
    resident = own_resident(personas, first_name="Henk")
    ResidentTalentFactory(resident=resident, offered=True)
    ConversationFactory(resident=resident, asks="Gezelschap.")
    html = (
        client_for(personas.verbinder)
        .get(f"/inwoners/{resident.pk}/hulpvragen/", **HTMX)
        .content.decode()
    )
    assert "biedt hulp aan" not in html and "Maak hier een hulpvraag van" in html


def test_the_coordinator_gets_no_buttons_in_the_section(personas):
    resident = own_resident(personas)
    ResidentTalentFactory(resident=resident, offered=True)
    ConversationFactory(resident=resident, asks="Gezelschap.")
    html = (
        client_for(personas.coordinator)
        .get(f"/inwoners/{resident.pk}/hulpvragen/", **HTMX)
        .content.decode()
    )
    assert "Maak hier een hulpvraag van" not in html and "biedt hulp aan" not in html
    assert "Gezelschap." not in html


# --- On an ontwikkelplaats' page ------------------------------------------------------------------


def test_the_place_section_lists_its_requests_with_a_link_to_make_one(personas):
    place = OntwikkelplaatsFactory(organisation__buurt=own_buurt(personas))
    RequestFactory(resident=None, ontwikkelplaats=place, description="Een lokaal op woensdag")
    url = f"/ontwikkelplaatsen/{place.pk}/hulpvragen/"
    html = client_for(personas.verbinder).get(url, **HTMX).content.decode()
    assert "Een lokaal op woensdag" in html and f"?ontwikkelplaats={place.pk}" in html
    page = client_for(personas.verbinder).get(f"/ontwikkelplaatsen/{place.pk}/").content.decode()
    assert f'hx-get="{url}"' in page
    # A verbinder of another wijkteam reads the place, but not its wijkteam's requests.
    other = client_for(personas.other_verbinder).get(url, **HTMX).content.decode()
    assert "Een lokaal op woensdag" not in other and "?ontwikkelplaats=" not in other


# --- Partners never reach a request ---------------------------------------------------------------


def test_a_partner_never_reaches_a_request_or_resident_page(personas):
    obj = own_request(personas, source=RequestSource.PARTNER, referred_by=personas.partner)
    client = client_for(personas.partner)
    for url in (
        f"/hulpvragen/{obj.pk}/",
        f"/inwoners/{obj.resident_id}/",
        f"/inwoners/{obj.resident_id}/hulpvragen/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/hulpvragen/{obj.pk}/sluiten/", {"reason": "solved"}).status_code == 404
    assert client.get("/hulpvragen/").status_code == 403
    obj.refresh_from_db()
    assert obj.status == RequestStatus.OPEN


# --- Query counts ---------------------------------------------------------------------------------


def test_the_request_pages_keep_a_flat_number_of_queries(personas):
    resident = own_resident(personas)
    place = OntwikkelplaatsFactory(organisation__buurt=own_buurt(personas))
    obj = own_request(personas, resident=resident)
    client = client_for(personas.verbinder)
    buurt = own_buurt(personas)

    def add(n):
        for _ in range(n):
            talent = TalentFactory()
            RequestFactory(resident=ResidentFactory(buurt=buurt), talent=talent)
            RequestFactory(resident=resident, talent=talent, help_theme="company")
            RequestFactory(resident=None, ontwikkelplaats=place, talent=talent)
            ConversationFactory(resident=resident, asks="Iets")
            ResidentTalentFactory(resident=resident)

    for url in (
        "/hulpvragen/",
        "/hulpvragen/?status=open",
        f"/hulpvragen/{obj.pk}/",
        "/hulpvragen/nieuw/?q=a",
        f"/hulpvragen/nieuw/?inwoner={resident.pk}",
        f"/inwoners/{resident.pk}/hulpvragen/",
        f"/ontwikkelplaatsen/{place.pk}/hulpvragen/",
    ):
        assert_queries_flat(client, url, add, small=1, large=6)
    assert_queries_flat(client_for(personas.coordinator), "/hulpvragen/", add, small=1, large=4)


# --- Privacy and who changes what -----------------------------------------------------------------


def test_a_resident_s_requests_are_exported_and_erased_with_them(personas):
    from buurtinbloei.registry import erase_resident, export_resident

    obj = own_request(personas, description="Hulp na de verhuizing")
    request_close(obj=obj, reason="other", note="Verhuisd naar Best", by=personas.verbinder)
    exported = export_resident(obj.resident, by=personas.verbinder)["matches"]["requests"]
    assert exported[0]["description"] == "Hulp na de verhuizing"
    assert exported[0]["close_note"] == "Verhuisd naar Best"
    erase_resident(obj.resident, by=personas.verbinder)
    obj.refresh_from_db()
    assert (obj.description, obj.close_note, obj.status) == ("", "", "closed")


@pytest.mark.parametrize("persona", ["partner", "other_verbinder", "coordinator", "beheerder"])
def test_only_the_verbinder_of_the_wijkteam_changes_requests(personas, persona):
    user = getattr(personas, persona)
    open_one = own_request(personas)
    closed_one = own_request(personas, status="closed", close_reason="solved")
    resident = own_resident(personas)
    ResidentTalentFactory(resident=resident)
    conversation = ConversationFactory(resident=resident, asks="Gezelschap")
    client = client_for(user)
    client.post(f"/hulpvragen/{open_one.pk}/sluiten/", {"reason": "solved"})
    client.post(f"/hulpvragen/{closed_one.pk}/heropenen/")
    client.post(f"/gesprekken/{conversation.pk}/hulpvraag/")
    client.post(f"/inwoners/{resident.pk}/hulpvragen/", {"description": "Iets"})
    client.post(f"/hulpvragen/nieuw/?inwoner={resident.pk}", {"description": "Iets"})
    open_one.refresh_from_db()
    closed_one.refresh_from_db()
    assert (open_one.status, closed_one.status) == ("open", "closed")
    assert not Request.objects.filter(resident=resident).exists()


# --- Changing what a request asks for ---


def test_a_verbinder_chooses_the_talent_of_a_referred_request_and_suggestions_follow(personas):
    from talents.models import Talent

    obj = own_request(personas, talent=None, help_theme=HelpTheme.COMPANY, description="Eenzaam")
    client = client_for(personas.verbinder)
    detail = client.get(obj.get_absolute_url()).content.decode()
    assert "Kies een talent" in detail
    cooking = Talent.objects.get(name="Koken")
    url = f"/hulpvragen/{obj.pk}/bewerken/"
    form = client.get(url).content.decode()
    assert "Eenzaam" in form  # what was written comes back to be changed, not lost

    response = client.post(
        url,
        {"talent": cooking.pk, "help_theme": "company", "description": "Eenzaam", "version": 1},
    )

    assert response.status_code == 302 and response["Location"] == obj.get_absolute_url()
    obj.refresh_from_db()
    assert (obj.talent, obj.description) == (cooking, "Eenzaam")
    assert "request.change" in audit_actions(obj)
    assert "Kies een talent" not in client.get(obj.get_absolute_url()).content.decode()


def test_a_request_changed_to_nothing_is_refused_in_dutch_keeping_the_page(personas):
    obj = own_request(personas)
    response = client_for(personas.verbinder).post(
        f"/hulpvragen/{obj.pk}/bewerken/", {"talent": "", "help_theme": "", "description": ""}
    )
    assert response.status_code == 200
    assert "Kies een talent of een soort hulp" in response.content.decode()
    obj.refresh_from_db()
    assert obj.talent_id is not None


def test_a_coordinator_may_not_change_a_request(personas):
    obj = own_request(personas)
    response = client_for(personas.coordinator).get(f"/hulpvragen/{obj.pk}/bewerken/")
    assert response.status_code == 403


def test_the_list_filters_on_the_wijkteam_and_the_buurt(personas):
    mine = own_request(personas)
    theirs = RequestFactory(resident=ResidentFactory(buurt=other_buurt(personas)))
    client = client_for(personas.coordinator)
    by_team = client.get("/hulpvragen/", {"wijkteam": personas.own_wijkteam.pk})
    assert list(by_team.context["page"].object_list) == [mine]
    by_buurt = client.get("/hulpvragen/", {"buurt": theirs.buurt_id})
    assert list(by_buurt.context["page"].object_list) == [theirs]
