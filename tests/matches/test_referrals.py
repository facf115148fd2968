"""Partner referrals: the form, the sign-up it lands as in the wijkteam's inbox, and the
partner's own list and home page panel, which say where a referral stands and nothing else."""

from __future__ import annotations

import uuid

import pytest

from buurtinbloei.models import PostcodeArea, Role
from buurtinbloei.privacy import PRIVACY_STATEMENT_VERSION
from matches.models import Request, RequestSource
from talents.models import ConsentRecord, SignUp, SignUpStatus
from tests.conftest import client_for
from tests.factories import SignUpFactory, UserFactory
from tests.queries import assert_queries_flat
from tests.talents.staff import HTMX, audit_actions, own_buurt

pytestmark = pytest.mark.django_db

CONSENT = "De inwoner weet van deze verwijzing en vindt het goed dat een verbinder contact opneemt."


def referral(personas, **changes) -> dict:
    data = {
        "first_name": "Annie",
        "last_name": "de Wit",
        "phone": "06 12345678",
        "email": "",
        "buurt": str(own_buurt(personas).pk),
        "postcode": "",
        "help_theme": "company",
        "help_wanted": "Ze zit veel alleen sinds haar man overleed.",
        "preferred_language": "Nederlands",
        "consent": "on",
        "token": str(uuid.uuid4()),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def refer(personas, partner=None, **changes) -> SignUp:
    client = client_for(partner or personas.partner)
    response = client.post("/verwijzen/", referral(personas, **changes))
    assert response.status_code == 302, response.content.decode()[:3000]
    return SignUp.objects.latest("pk")


# --- The form -------------------------------------------------------------------------------------


def test_the_partner_sees_the_form_with_the_consent_question(personas):
    response = client_for(personas.partner).get("/verwijzen/")
    html = response.content.decode()
    assert response.status_code == 200 and CONSENT in html


def test_a_referral_lands_in_the_wijkteam_s_inbox_with_the_partner_s_consent(personas):
    client = client_for(personas.partner)
    response = client.post("/verwijzen/", referral(personas))
    assert response.status_code == 302 and response["Location"] == "/verwijzen/mijn/"
    signup = SignUp.objects.get()
    assert (signup.first_name, signup.phone, signup.buurt, signup.referred_by) == (
        "Annie",
        "+31612345678",
        own_buurt(personas),
        personas.partner,
    )
    assert signup.wants_to_receive and not signup.wants_to_give
    assert signup.help_theme == "company" and "sinds haar man overleed" in signup.help_wanted
    assert "de Wit" in signup.help_wanted  # a sign-up has no last name of its own
    assert signup.consent_version == PRIVACY_STATEMENT_VERSION and signup.consent_given_at
    consent = ConsentRecord.objects.get(signup=signup)
    assert (consent.channel, consent.recorded_by, consent.text_version) == (
        ConsentRecord.Channel.PARTNER,
        personas.partner,
        PRIVACY_STATEMENT_VERSION,
    )
    assert audit_actions(signup) == ["signup.refer"]

    verbinder = client_for(personas.verbinder)
    assert "Annie" in verbinder.get("/aanmeldingen/").content.decode()
    detail = verbinder.get(f"/aanmeldingen/{signup.pk}/").content.decode()
    assert f"Verwezen door {personas.partner}" in detail and "Huisartsenpraktijk" in detail
    # Another wijkteam's verbinder does not get it.
    assert (
        "Annie" not in client_for(personas.other_verbinder).get("/aanmeldingen/").content.decode()
    )


def test_a_postcode_finds_the_buurt_and_an_unknown_buurt_goes_to_the_shared_inbox(personas):
    PostcodeArea.objects.create(prefix="5625", buurt=own_buurt(personas))
    signup = refer(personas, buurt="", postcode="5625 ab")
    assert (signup.buurt, signup.postcode) == (own_buurt(personas), "5625 AB")
    signup = refer(personas, buurt="onbekend")
    assert signup.buurt is None


def test_without_consent_nothing_is_stored_and_nothing_typed_is_lost(personas):
    response = client_for(personas.partner).post("/verwijzen/", referral(personas, consent=None))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Verwijs alleen door als de inwoner het goed vindt." in html
    assert "Annie" in html and "sinds haar man overleed" in html and "de Wit" in html
    assert not SignUp.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"phone": "", "email": ""}, "Vul een telefoonnummer of een e-mailadres in."),
        ({"phone": "12"}, "Dit telefoonnummer klopt niet."),
        ({"email": "annie@"}, "Dit e-mailadres klopt niet."),
        ({"first_name": ""}, "Vul de voornaam in."),
        ({"buurt": "", "postcode": ""}, "Kies de buurt of vul de postcode in."),
        ({"buurt": "99999999"}, "Kies een buurt uit de lijst."),
        ({"postcode": "ABCD"}, "Deze postcode klopt niet."),
        ({"help_theme": "", "help_wanted": ""}, "Kies een soort hulp of schrijf op wat"),
        ({"help_wanted": "x" * 1801}, "Dit is te lang."),
    ],
)
def test_bad_input_gets_a_dutch_message(personas, changes, message):
    response = client_for(personas.partner).post("/verwijzen/", referral(personas, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SignUp.objects.exists()


def test_a_double_submit_refers_once(personas):
    client = client_for(personas.partner)
    data = referral(personas)
    assert client.post("/verwijzen/", data).status_code == 302
    assert client.post("/verwijzen/", data).status_code == 302
    assert SignUp.objects.count() == 1


# --- What becomes of it ---------------------------------------------------------------------------


def test_the_referral_becomes_a_partner_request_when_a_verbinder_takes_it(personas):
    signup = refer(personas)
    client_for(personas.verbinder).post(f"/aanmeldingen/{signup.pk}/nieuwe-inwoner/")
    obj = Request.objects.get(signup=signup)
    assert (obj.source, obj.referred_by, obj.help_theme) == (
        RequestSource.PARTNER,
        personas.partner,
        "company",
    )


def progress(personas) -> str:
    return client_for(personas.partner).get("/verwijzen/mijn/").content.decode()


def test_the_partner_follows_the_referral_in_plain_words(personas):
    signup = refer(personas)
    assert "ontvangen" in progress(personas)
    verbinder = client_for(personas.verbinder)
    verbinder.post(f"/aanmeldingen/{signup.pk}/oppakken/")
    assert "een verbinder heeft het opgepakt" in progress(personas)
    verbinder.post(f"/aanmeldingen/{signup.pk}/nieuwe-inwoner/")
    assert "er wordt gezocht naar een match" in progress(personas)
    obj = Request.objects.get(signup=signup)
    Request.objects.filter(pk=obj.pk).update(status="matched")
    assert "gematcht" in progress(personas)
    verbinder.post(f"/hulpvragen/{obj.pk}/heropenen/")  # not closed: nothing changes
    Request.objects.filter(pk=obj.pk).update(status="open")
    verbinder.post(f"/hulpvragen/{obj.pk}/sluiten/", {"reason": "other", "note": "GEHEIME NOTITIE"})
    assert "afgesloten" in progress(personas)


def test_the_partner_sees_nothing_a_verbinder_wrote_nor_anyone_else_s_referrals(personas):
    signup = refer(personas)
    verbinder = client_for(personas.verbinder)
    verbinder.post(f"/aanmeldingen/{signup.pk}/nieuwe-inwoner/")
    signup.refresh_from_db()
    resident = signup.resident
    verbinder.post(
        f"/inwoners/{resident.pk}/bewerken/",
        {
            "first_name": "Annemarie",
            "last_name": "de Wit",
            "phone": resident.phone,
            "buurt": resident.buurt_id,
            "status": "new",
            "responsible_verbinder": personas.verbinder.pk,
            "version": resident.version,
        },
    )
    verbinder.post(
        f"/inwoners/{resident.pk}/gesprekken/nieuw/",
        {"date": "2026-01-05", "kind": "phone", "summary": "GEHEIM GESPREK", "asks": "GEHEIM"},
    )
    resident.refresh_from_db()
    assert resident.first_name == "Annemarie"
    assert resident.conversations.filter(summary="GEHEIM GESPREK").exists()
    colleague = UserFactory(role=Role.PARTNER, email="wijkagent@example.org")
    refer(personas, partner=colleague, first_name="Bertus")
    SignUpFactory(first_name="Cornelis", buurt=own_buurt(personas))

    html = progress(personas)
    assert "Annie" in html
    for hidden in ("Annemarie", "de Wit", "GEHEIM", "Bertus", "Cornelis", "overleed", "0612"):
        assert hidden not in html, hidden
    assert list(SignUp.objects.visible_to(personas.partner)) == [signup]


def test_partners_never_reach_the_inbox_or_the_resident(personas):
    signup = refer(personas)
    client_for(personas.verbinder).post(f"/aanmeldingen/{signup.pk}/nieuwe-inwoner/")
    signup.refresh_from_db()
    client = client_for(personas.partner)
    assert client.get(f"/aanmeldingen/{signup.pk}/").status_code == 403
    assert client.get("/aanmeldingen/").status_code == 403
    assert client.get(f"/inwoners/{signup.resident_id}/").status_code == 404
    assert client.get(f"/hulpvragen/{signup.request.pk}/").status_code == 404


# --- The home page --------------------------------------------------------------------------------


def test_the_partner_s_home_page_has_the_referral_panel(personas):
    refer(personas)
    client = client_for(personas.partner)
    home = client.get("/").content.decode()
    assert 'hx-get="/panelen/verwijzingen/"' in home
    assert "straks iemand doorverwijzen" not in home
    panel = client.get("/panelen/verwijzingen/", **HTMX).content.decode()
    assert "<html" not in panel and "Annie" in panel and "/verwijzen/" in panel
    assert "<html" in client.get("/panelen/verwijzingen/").content.decode()


def test_other_roles_do_not_get_the_referral_panel(personas):
    home = client_for(personas.verbinder).get("/").content.decode()
    assert "/panelen/verwijzingen/" not in home


# --- Query counts ---------------------------------------------------------------------------------


def test_the_referral_pages_keep_a_flat_number_of_queries(personas):
    client = client_for(personas.partner)

    def add(n):
        for _ in range(n):
            SignUpFactory(referred_by=personas.partner, wants_to_receive=True)
        taken = SignUp.objects.filter(referred_by=personas.partner).first()
        SignUp.objects.filter(pk=taken.pk).update(status=SignUpStatus.TAKEN)

    for url in ("/verwijzen/", "/verwijzen/mijn/", "/panelen/verwijzingen/", "/"):
        assert_queries_flat(client, url, add, small=1, large=8)
