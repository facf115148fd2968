"""The public sign-up form at /aanmelden/: one sign-up, with consent, in plain words."""

from __future__ import annotations

import uuid

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from buurtinbloei.models import AuditEvent, PostcodeArea
from buurtinbloei.privacy import PRIVACY_STATEMENT_VERSION
from talents.models import ConsentRecord, SignUp
from tests.factories import TalentFactory
from tests.queries import assert_queries_flat

from .signup_support import form_data, other_buurt, own_buurt

pytestmark = pytest.mark.django_db
URL = "/aanmelden/"


@pytest.fixture
def client(geography) -> Client:
    return Client()


def test_the_url_is_the_one_in_the_contract():
    assert reverse("public:signup") == URL
    assert reverse("public:signup-thanks") == "/aanmelden/bedankt/"


def test_it_shows_the_common_talents_as_checkboxes(client):
    TalentFactory(name="Soep koken voor de buren", common=True)
    TalentFactory(name="Oldtimers poetsen", common=False)
    TalentFactory(name="Goochelen op straat", common=True, approved=False)

    page = client.get(URL + "?wil=geven").content.decode()

    assert "Soep koken voor de buren" in page
    assert "Oldtimers poetsen" not in page
    assert "Goochelen op straat" not in page
    assert 'href="/privacy/"' in page


def test_it_lists_the_buurten_by_name_a_to_z_with_weet_ik_niet_first(client):
    page = client.get(URL + "?wil=geven").content.decode()
    buurt = own_buurt()

    # Residents know their buurt's name, rarely its wijk's: no groups by wijk to hide it in.
    assert "<optgroup" not in page
    assert f'value="{buurt.pk}">{buurt.name}</option>' in page
    assert page.index('value="onbekend">Weet ik niet</option>') < page.index(buurt.name)
    assert page.index("Achtse Barrier") < page.index("Woenselse Heide")


def test_a_sign_up_is_stored_once_with_its_consent(client):
    koken = TalentFactory(name="Soep koken voor de buren", common=True)

    response = client.post(URL, form_data(talents=[str(koken.pk)], email="Fatima@Example.org"))

    assert response.status_code == 302
    assert response["Location"] == "/aanmelden/bedankt/"
    signup = SignUp.objects.get()
    assert signup.first_name == "Fatima"
    assert signup.phone == "+31612345678"
    assert signup.email == "fatima@example.org"
    assert signup.buurt == own_buurt()
    assert signup.wants_to_give and not signup.wants_to_receive
    assert list(signup.talents.all()) == [koken]
    assert signup.consent_version == PRIVACY_STATEMENT_VERSION
    consent = ConsentRecord.objects.get()
    assert consent.signup == signup
    assert consent.text_version == PRIVACY_STATEMENT_VERSION
    assert consent.purpose == ConsentRecord.Purpose.CONTACT
    assert consent.given_at == signup.consent_given_at
    event = AuditEvent.objects.get(action="signup.create")
    assert event.object_id == str(signup.pk)
    assert event.ip is None  # no IP address of a resident in the append-only log


def test_a_double_submit_creates_one_sign_up(client):
    data = form_data()

    first = client.post(URL, data)
    second = client.post(URL, data)

    assert SignUp.objects.count() == 1
    assert ConsentRecord.objects.count() == 1
    assert first["Location"] == second["Location"] == "/aanmelden/bedankt/"


def test_asking_for_help_only_is_enough(client):
    data = form_data(
        wants_to_give=None,
        wants_to_receive="on",
        help_wanted="Iemand om mee te wandelen",
        help_theme="company",
    )

    assert client.post(URL, data).status_code == 302

    signup = SignUp.objects.get()
    assert signup.wants_to_receive and not signup.wants_to_give
    assert signup.help_theme == "company"


def test_the_thank_you_page_says_what_happens_next(client):
    page = client.get("/aanmelden/bedankt/").content.decode()

    assert "Bedankt voor je aanmelding" in page
    assert "iemand van WIJeindhoven die mensen in jouw buurt met elkaar in contact brengt" in page
    assert "vrijblijvend" not in page


# --- Postcode or buurt --------------------------------------------------------------------------


def test_a_postcode_finds_its_buurt_by_the_longest_prefix(client):
    PostcodeArea.objects.create(prefix="5625", buurt=own_buurt())
    PostcodeArea.objects.create(prefix="5625AB", buurt=other_buurt())

    client.post(URL, form_data(buurt="", postcode="5625 ab"))
    client.post(URL, form_data(buurt="", postcode="5625CD"))

    first, second = SignUp.objects.order_by("pk")
    assert (first.postcode, first.buurt) == ("5625 AB", other_buurt())
    assert (second.postcode, second.buurt) == ("5625 CD", own_buurt())


def test_an_unknown_postcode_goes_to_the_shared_inbox(client):
    client.post(URL, form_data(buurt="", postcode="1012AB"))

    assert SignUp.objects.get().buurt is None


def test_a_chosen_buurt_wins_over_the_postcode(client):
    PostcodeArea.objects.create(prefix="5625", buurt=other_buurt())

    client.post(URL, form_data(postcode="5625AB"))

    assert SignUp.objects.get().buurt == own_buurt()


# --- Errors in plain words, nothing lost -------------------------------------------------------


def test_it_asks_for_a_phone_or_an_e_mail_and_keeps_what_was_typed(client):
    data = form_data(
        phone="", help_wanted="Hulp bij mijn tuin", talents_other="Zingen", wants_to_receive="on"
    )

    response = client.post(URL, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Vul je telefoonnummer of je e-mailadres in" in page
    assert 'value="Fatima"' in page
    assert "Hulp bij mijn tuin</textarea>" in page
    assert 'value="Zingen"' in page
    assert f'value="{data["token"]}"' in page  # the same form, so still one sign-up
    assert not SignUp.objects.exists()


def test_an_error_sits_next_to_its_field_and_in_the_summary(client):
    response = client.post(URL, form_data(first_name=""))

    page = response.content.decode()
    assert "<title>Fout:" in page
    assert 'role="alert"' in page
    assert 'href="#id_first_name">Vul je voornaam in.</a>' in page
    assert 'aria-describedby="id_first_name_error"' in page
    assert 'id="id_first_name_error"' in page
    assert 'aria-invalid="true"' in page


def test_it_needs_a_choice_between_giving_and_receiving(client):
    response = client.post(URL, form_data(wants_to_give=None))

    assert "Kies wat je wilt" in response.content.decode()
    assert not SignUp.objects.exists()


def test_it_needs_a_postcode_or_a_buurt(client):
    response = client.post(URL, form_data(buurt=""))

    assert "Vul je postcode in, of kies je buurt" in response.content.decode()


def test_it_needs_consent(client):
    response = client.post(URL, form_data(consent=None))

    assert "Zonder je toestemming" in response.content.decode()
    assert not SignUp.objects.exists()


@pytest.mark.parametrize("phone", ["12345", "06-1234", "+31 6 1234 5678 9", "bel me", "0031"])
def test_it_refuses_a_phone_number_that_cannot_be_right(client, phone):
    response = client.post(URL, form_data(phone=phone))

    assert "Dit telefoonnummer klopt niet" in response.content.decode()
    assert not SignUp.objects.exists()


# The last one is written in full-width digits.
@pytest.mark.parametrize(
    "postcode", ["56", "ABCD EF", "0123AB", "5625 A1", "\uff15\uff16\uff12\uff15AB"]
)
def test_it_refuses_a_postcode_that_cannot_be_right(client, postcode):
    response = client.post(URL, form_data(postcode=postcode))

    assert "Deze postcode klopt niet" in response.content.decode()


# --- Spam protection -----------------------------------------------------------------------------


def test_a_filled_in_honeypot_is_refused_kindly(client):
    response = client.post(URL, form_data(website="http://spam.example"))

    assert response.status_code == 200
    assert "We konden je aanmelding niet versturen" in response.content.decode()
    assert not SignUp.objects.exists()


def test_the_honeypot_is_hidden_from_people_without_an_inline_style(client):
    page = client.get(URL + "?wil=allebei").content.decode()

    assert '<div class="bib-honeypot" aria-hidden="true">' in page
    assert 'tabindex="-1"' in page
    assert 'autocomplete="off"' in page
    assert "style=" not in page


def test_a_form_sent_back_too_fast_is_refused_kindly(client, settings):
    settings.SIGNUP_MIN_SECONDS = 3
    data = form_data(seconds_ago=0)

    response = client.post(URL, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Dat ging erg snel" in page
    assert f'value="{data["started"]}"' in page  # a second try later counts from the first
    assert not SignUp.objects.exists()


def test_a_form_old_enough_passes_the_minimum_time(client, settings):
    settings.SIGNUP_MIN_SECONDS = 3

    response = client.post(URL, form_data(seconds_ago=4))

    assert response.status_code == 302


@pytest.mark.parametrize("started", ["", "1700000000", "bm9uc2Vuc2U:1abc:forged"])
def test_a_missing_or_forged_start_time_is_refused_with_a_fresh_one(client, started):
    response = client.post(URL, form_data(started=started))

    page = response.content.decode()
    assert "Dit formulier was verlopen" in page
    assert 'name="started" value=""' not in page
    assert not SignUp.objects.exists()


def test_too_many_sign_ups_from_one_address_are_refused_kindly(client, settings):
    settings.SIGNUP_RATE_LIMIT = "2/h"
    cache.clear()

    answers = [client.post(URL, form_data()).status_code for _ in range(3)]

    assert answers == [302, 302, 429]
    assert SignUp.objects.count() == 2
    response = client.post(URL, form_data(first_name="Fenna"))
    page = response.content.decode()
    assert response.status_code == 429
    assert "al veel aanmeldingen verstuurd" in page
    assert "bel WIJeindhoven: 040-1234567." in page  # tests/settings.py's made-up number
    assert 'value="Fenna"' in page  # what was typed comes back
    # Another address is not held back.
    assert client.post(URL, form_data(), REMOTE_ADDR="192.0.2.7").status_code == 302


def test_a_double_submit_does_not_count_against_the_rate_limit(client, settings):
    settings.SIGNUP_RATE_LIMIT = "1/h"
    cache.clear()
    data = form_data()

    assert [client.post(URL, data).status_code for _ in range(3)] == [302, 302, 302]
    assert SignUp.objects.count() == 1


# --- Odd and malicious input: an error or harmless text, never a 500 ----------------------------


def test_very_long_text_gets_a_clear_error(client):
    response = client.post(URL, form_data(help_wanted="x" * 5000, first_name="F" * 500))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Dit is te lang. Gebruik hoogstens 2000 tekens (nu 5000)." in page
    assert "Dit is te lang. Gebruik hoogstens 100 tekens (nu 500)." in page
    assert not SignUp.objects.exists()


def test_control_characters_and_nul_bytes_are_dropped(client):
    data = form_data(
        first_name="Fa\x00ti\x07ma\u202e",
        help_wanted="Regel een\r\nRegel\x1b twee\tklaar",
        talents_other="Koken\x00",
    )

    assert client.post(URL, data).status_code == 302

    signup = SignUp.objects.get()
    assert signup.first_name == "Fatima"
    assert signup.help_wanted == "Regel een\nRegel twee\tklaar"
    assert signup.talents_other == "Koken"


def test_a_name_of_only_control_characters_is_missing(client):
    response = client.post(URL, form_data(first_name="\x00\x01 "))

    assert "Vul je voornaam in." in response.content.decode()


def test_script_tags_are_stored_as_text_and_shown_escaped(client, personas):
    script = "<script>alert('x')</script>"
    client.post(URL, form_data(first_name=script, help_wanted=script))
    signup = SignUp.objects.get()
    assert signup.first_name == script

    verbinder = Client()
    verbinder.force_login(personas.verbinder)
    page = verbinder.get(reverse("talents:inbox-detail", kwargs={"pk": signup.pk}))

    assert script not in page.content.decode()
    assert "&lt;script&gt;" in page.content.decode()


def test_invalid_utf8_is_not_a_server_error(client):
    body = "&".join(f"{k}={v}" for k, v in form_data(first_name="X").items() if k != "first_name")
    body = body.encode() + b"&first_name=%FF%FEFa%C3tima"

    response = client.post(URL, body, content_type="application/x-www-form-urlencoded")

    assert response.status_code in {200, 302}


def test_an_unknown_charset_is_not_a_server_error(client):
    response = client.generic(
        "POST",
        URL,
        b"first_name=Fatima",
        content_type="application/x-www-form-urlencoded; charset=bogus",
    )

    assert response.status_code == 200
    assert "Vul je telefoonnummer of je e-mailadres in" in response.content.decode()


def test_a_form_in_another_charset_gets_the_bad_request_page(client):
    body = b"first_name=Ren%E9e"

    response = client.post(
        URL, body, content_type="application/x-www-form-urlencoded; charset=latin-1"
    )

    assert response.status_code == 400
    assert "Er ging iets mis met je verzoek" in response.content.decode()
    assert not SignUp.objects.exists()


def test_json_instead_of_a_form_shows_the_errors(client):
    response = client.post(URL, {"first_name": "Fatima"}, content_type="application/json")

    assert response.status_code == 200
    assert "Vul je telefoonnummer of je e-mailadres in" in response.content.decode()


def test_a_multipart_form_works_as_well(client):
    assert client.post(URL, form_data()).status_code == 302  # the test client sends multipart


@pytest.mark.parametrize(
    "changes",
    [
        {"buurt": "999999999"},
        {"buurt": "'; DROP TABLE talents_signup; --"},
        {"talents": ["abc"]},
        {"talents": ["999999"]},
        {"help_theme": "<b>"},
        {"email": "fatima@@example.org"},
        {"email": "fatima\x00@example.org"},
        {"token": "not-a-uuid"},
        {"phone": "\x00" * 40},
    ],
)
def test_malformed_values_get_an_error_or_a_fresh_default(client, changes):
    response = client.post(URL, form_data(**changes))

    assert response.status_code in {200, 302}
    assert SignUp.objects.count() <= 1


def test_a_list_where_one_value_is_expected_uses_the_last(client):
    data = form_data()
    data["first_name"] = ["Eerste", "Fatima"]

    assert client.post(URL, data).status_code == 302
    assert SignUp.objects.get().first_name == "Fatima"


def test_a_huge_request_is_refused_without_a_server_error(client):
    response = client.post(URL, form_data(help_wanted="x" * 3_000_000))

    assert response.status_code == 400


def test_a_post_without_any_fields_shows_the_errors(client):
    response = client.post(URL, {})

    assert response.status_code == 200
    assert "Vul je voornaam in." in response.content.decode()


def test_a_put_is_not_allowed(client):
    assert client.put(URL).status_code == 405


def test_the_token_of_an_earlier_sign_up_cannot_reveal_it(client):
    data = form_data()
    client.post(URL, data)

    response = client.post(URL, form_data(token=data["token"], first_name="Iemand anders"))

    # The same token just lands on the general thank-you page; nothing of the first is shown.
    assert response["Location"] == "/aanmelden/bedankt/"
    assert SignUp.objects.get().first_name == "Fatima"


def test_a_fresh_token_each_time_the_empty_form_is_shown(client):
    first = client.get(URL + "?wil=geven").content.decode()
    second = client.get(URL + "?wil=geven").content.decode()

    token = first.split('name="token" value="')[1].split('"')[0]
    assert uuid.UUID(token)
    assert token not in second


def test_the_form_needs_the_same_number_of_queries_for_many_talents(client):
    assert_queries_flat(
        client,
        URL + "?wil=allebei",
        lambda n: [TalentFactory(common=True) for _ in range(n)],
    )


def test_the_form_speaks_english_too(client):
    client.cookies["django_language"] = "en"

    page = client.get(URL).content.decode()

    assert '<html lang="en"' in page
    assert "I want to do something for the neighbourhood" in page
    assert "I could use some help" in page
