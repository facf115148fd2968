"""The sign-up on a phone (issue 8): the choice first, then only what that choice needs; the
phone number for those who would rather call; plain words; the buurt by name, or "weet ik niet".
Everything works without JavaScript: the choice is a link (``?wil=``), "meer talenten" a
``<details>``."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from talents.models import SignUp, Talent
from tests.factories import TalentFactory

from .signup_support import form_data

pytestmark = pytest.mark.django_db
URL = "/aanmelden/"


@pytest.fixture
def client(geography) -> Client:
    return Client()


def page(client: Client, url: str) -> str:
    return client.get(url).content.decode()


def test_the_landing_page_offers_two_ways_in_and_a_quieter_both(client):
    html = page(client, "/")
    entries = re.findall(r'<a class="bib-entry[^"]*" href="([^"]+)">', html)
    assert entries == [URL + "?wil=geven", URL + "?wil=hulp", URL + "?wil=allebei"]
    assert "Ik wil iets doen voor de buurt" in html and "Ik kan hulp gebruiken" in html
    assert 'class="bib-entry bib-entry--quiet"' in html


@pytest.mark.parametrize("url", ["/", URL, URL + "?wil=hulp", "/aanmelden/bedankt/", "/privacy/"])
def test_the_public_pages_give_the_phone_number_to_call(client, url, settings):
    settings.WIJ_PHONE = "+31401234567"
    html = page(client, url)
    assert (
        '<a class="utrecht-link bib-call__number" href="tel:+31401234567">040-1234567</a>' in html
    )


def test_without_a_configured_number_no_empty_call_line_is_shown(client, settings):
    settings.WIJ_PHONE = ""
    assert "Liever bellen?" not in page(client, "/")


def test_without_a_choice_the_sign_up_starts_with_the_choice_only(client):
    html = page(client, URL)
    assert "Ik wil iets doen voor de buurt" in html
    assert "<form" not in html.split("</header>")[1].split("<footer")[0]


def test_wanting_to_give_asks_for_talents_and_not_the_help_questions(client):
    html = page(client, URL + "?wil=geven")
    assert "Wat wil je doen voor een ander?" in html
    assert "Waar kun je hulp bij gebruiken?" not in html
    assert 'name="help_wanted"' not in html
    assert '<input type="hidden" name="wants_to_give" value="on">' in html
    assert 'name="wants_to_receive"' not in html


def test_wanting_help_asks_the_help_questions_and_not_the_talents(client):
    html = page(client, URL + "?wil=hulp")
    assert "Waar kun je hulp bij gebruiken?" in html
    assert 'name="talents"' not in html
    assert '<input type="hidden" name="wants_to_receive" value="on">' in html
    # Right after the first name, not below the contact details.
    assert html.index('name="help_wanted"') < html.index('name="phone"')


def test_both_asks_both_and_a_way_back_to_the_choice(client):
    html = page(client, URL + "?wil=allebei")
    assert 'name="help_wanted"' in html and 'name="talents"' in html
    assert f'<a class="utrecht-link" href="{URL}">Iets anders kiezen</a>' in html


def test_a_sign_up_from_the_help_step_is_stored_as_wanting_help(client):
    data = form_data(wants_to_give=None, wants_to_receive="on", help_wanted="Samen wandelen")
    assert client.post(URL, data).status_code == 302
    signup = SignUp.objects.get()
    assert signup.wants_to_receive and not signup.wants_to_give


def test_six_talents_show_and_the_rest_wait_behind_meer_talenten(client):
    html = page(client, URL + "?wil=geven")
    shown, more = html.split("<summary>Meer talenten</summary>")
    assert shown.count('name="talents"') == 6
    assert more.count('name="talents"') == Talent.objects.filter(common=True).count() - 6
    # The most asked-for first, in the curated order.
    assert shown.index("iemand gezelschap houden") < shown.index("koken voor of met anderen")


def test_a_talent_ticked_behind_meer_talenten_opens_it_again_after_an_error(client):
    last = Talent.objects.filter(common=True).order_by("form_order", "name").last()
    html = client.post(URL, form_data(phone="", talents=[str(last.pk)])).content.decode()
    assert '<details class="bib-details" open>' in html


def test_offer_labels_say_what_the_resident_gives(client):
    html = page(client, URL + "?wil=geven")
    assert "anderen helpen met de computer" in html
    assert ">Hulp met computer<" not in html


def test_a_talent_without_an_offer_label_shows_its_name(client):
    TalentFactory(name="Soep koken voor de buren", common=True)
    assert "Soep koken voor de buren" in page(client, URL + "?wil=geven")


def test_either_or_fields_say_fill_in_at_least_one_not_optional(client):
    html = page(client, URL + "?wil=geven")
    contact = html.split("Hoe kunnen we je bereiken?")[1].split("</fieldset>")[0]
    assert "(vul minstens één in)" in contact
    assert "(niet verplicht)" not in contact
    where = html.split("Waar woon je?")[1].split("</fieldset>")[0]
    assert "(vul minstens één in)" in where and "(niet verplicht)" not in where


def test_weet_ik_niet_is_enough_and_the_sign_up_waits_in_the_shared_inbox(client):
    assert client.post(URL, form_data(buurt="onbekend", postcode="")).status_code == 302
    assert SignUp.objects.get().buurt is None


def test_no_postcode_and_no_buurt_asks_for_one_or_weet_ik_niet(client):
    html = client.post(URL, form_data(buurt="", postcode="")).content.decode()
    assert "Weet je het niet? Kies dan &#x27;Weet ik niet&#x27;." in html
    assert not SignUp.objects.exists()


@pytest.mark.parametrize("url", ["/", URL, URL + "?wil=allebei", "/aanmelden/bedankt/"])
def test_the_resident_pages_use_plain_words(client, url):
    html = page(client, url).lower()
    assert "vrijblijvend" not in html
    assert "wijkteam" not in html
    if "verbinder" in html:  # said, then explained
        assert "iemand van wijeindhoven die mensen in" in html


def test_the_error_summary_takes_focus_when_the_page_comes_back(client):
    html = client.post(URL, form_data(first_name="")).content.decode()
    summary = re.search(r'<div class="utrecht-alert utrecht-alert--error[^>]*>', html)[0]
    assert 'tabindex="-1"' in summary and "autofocus" in summary
