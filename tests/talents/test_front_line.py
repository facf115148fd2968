"""Front-line details for the verbinder (issue 8): undo after one-tap actions, phone numbers the
Dutch way, a quick "Gesprek vastleggen" from the home page, talents in English."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from buurtinbloei.phone import format_phone
from talents.models import Conversation, ResidentTalent, Talent
from tests.conftest import client_for
from tests.factories import ConversationFactory, ResidentTalentFactory, TalentFactory
from tests.queries import assert_queries_flat

from .staff import HTMX, audit_actions, other_resident, own_resident

# --- "Verwijder" a talent, then "ongedaan maken" ----------------------------------------------


def remove_url(link) -> str:
    return reverse(
        "talents:resident-talent-remove", kwargs={"pk": link.resident_id, "link_pk": link.pk}
    )


@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "no-javascript"])
def test_a_removed_talent_can_be_put_back_as_it_was(personas, headers):
    resident = own_resident(personas)
    koken = Talent.objects.get(name="Koken")
    link = ResidentTalentFactory(
        resident=resident, talent=koken, offered=False, wants_to_develop=True, note="Surinaams"
    )
    client = client_for(personas.verbinder)
    response = client.post(remove_url(link), follow=not headers, **headers)
    body = response.content.decode()
    assert "Koken is verwijderd." in body and "Ongedaan maken" in body
    assert not ResidentTalent.objects.filter(resident=resident).exists()

    undo = {"talent": koken.pk, "wants_to_develop": "on", "note": "Surinaams"}
    assert f'name="talent" value="{koken.pk}"' in body and 'value="Surinaams"' in body
    client.post(reverse("talents:resident-talents", kwargs={"pk": resident.pk}), undo, **headers)
    back = ResidentTalent.objects.get(resident=resident)
    assert (back.talent, back.offered, back.wants_to_develop, back.note) == (
        koken,
        False,
        True,
        "Surinaams",
    )


def test_the_undo_is_offered_once(personas):
    link = ResidentTalentFactory(resident=own_resident(personas))
    client = client_for(personas.verbinder)
    client.post(remove_url(link), **HTMX)
    again = client.get(reverse("talents:resident-talents", kwargs={"pk": link.resident_id}))
    assert "Ongedaan maken" not in again.content.decode()


# --- "Gedaan", then "ongedaan maken" ----------------------------------------------------------


def follow_up(personas, **kwargs) -> Conversation:
    today = timezone.localdate()
    kwargs.setdefault("resident", own_resident(personas, first_name="Henk"))
    return ConversationFactory(
        verbinder=personas.verbinder,
        date=today - datetime.timedelta(days=10),
        follow_up_on=today,
        **kwargs,
    )


@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "no-javascript"])
def test_a_follow_up_marked_done_by_mistake_can_be_opened_again(personas, headers):
    conversation = follow_up(personas)
    client = client_for(personas.verbinder)
    done = client.post(
        reverse("talents:follow-up-done", kwargs={"pk": conversation.pk}),
        follow=not headers,
        **headers,
    ).content.decode()
    assert "Opvolging bij Henk" in done and "staat op gedaan." in done
    reopen = reverse("talents:follow-up-reopen", kwargs={"pk": conversation.pk})
    assert f'action="{reopen}"' in done

    client.post(reopen, **headers)
    conversation.refresh_from_db()
    assert not conversation.follow_up_done
    assert audit_actions(conversation)[-2:] == [
        "conversation.follow_up_done",
        "conversation.follow_up_reopen",
    ]


def test_nobody_opens_someone_elses_follow_up_again(personas):
    conversation = follow_up(personas, follow_up_done=True)
    reopen = reverse("talents:follow-up-reopen", kwargs={"pk": conversation.pk})
    assert client_for(personas.other_verbinder).post(reopen).status_code == 404
    assert client_for(personas.coordinator).post(reopen).status_code == 403
    conversation.refresh_from_db()
    assert conversation.follow_up_done


def test_a_made_up_gedaan_parameter_offers_no_undo(personas):
    conversation = follow_up(personas)  # not done: nothing to undo
    panel = reverse("talents:follow-ups-panel")
    for value in (str(conversation.pk), "abc", "9" * 30):
        body = client_for(personas.verbinder).get(panel, {"gedaan": value}).content.decode()
        assert "Ongedaan maken" not in body


# --- Phone numbers the Dutch way ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+31612345678", "06-12345678"),
        ("+31401234567", "040-1234567"),
        ("+31201234567", "020-1234567"),
        ("+31499123456", "0499-123456"),
        ("+32470123456", "+32470123456"),  # from abroad: as stored
        ("", ""),
    ],
)
def test_phone_numbers_are_shown_the_dutch_way(stored, shown):
    assert format_phone(stored) == shown


def test_the_resident_page_and_list_show_06_numbers_and_store_them_normalised(personas):
    resident = own_resident(personas, phone="+31612345678")
    client = client_for(personas.verbinder)
    detail = client.get(resident.get_absolute_url()).content.decode()
    assert '<a class="utrecht-link" href="tel:+31612345678">06-12345678</a>' in detail
    listing = client.get(reverse("talents:resident-list")).content.decode()
    assert "06-12345678" in listing and "+31612345678" not in listing
    resident.refresh_from_db()
    assert resident.phone == "+31612345678"


# --- "Gesprek vastleggen" from the home page ------------------------------------------------


START = reverse("talents:conversation-start")


def test_the_home_page_offers_gesprek_vastleggen_first(personas):
    body = client_for(personas.verbinder).get("/").content.decode()
    assert body.index(f'hx-get="{START}"') < body.index('hx-get="/panelen/aanmeldingen/"')


def test_picking_a_resident_leads_to_the_conversation_form(personas):
    henk = own_resident(personas, first_name="Henk", phone="+31612345678")
    own_resident(personas, first_name="Ria")
    other_resident(personas, first_name="Henk")
    body = client_for(personas.verbinder).get(START, {"q": "henk"}).content.decode()
    form = reverse("talents:conversation-create", kwargs={"pk": henk.pk})
    assert body.count("Gesprek met Henk") == 1  # not the Henk of another wijkteam
    assert f'href="{form}"' in body and "06-12345678" in body
    assert "Ria" not in body
    page = client_for(personas.verbinder).get(form).content.decode()
    assert "Gesprek opslaan" in page


def test_with_htmx_the_home_page_gets_the_panel_only(personas):
    body = client_for(personas.verbinder).get(START, **HTMX).content.decode()
    assert "<html" not in body and 'id="conversation-start"' in body
    assert '<h2 class="utrecht-heading-2" id="gesprek-start-kop">' in body


def test_nobody_found_offers_a_new_resident(personas):
    body = client_for(personas.verbinder).get(START, {"q": "Xerxes"}).content.decode()
    assert "Niemand gevonden." in body
    assert f'href="{reverse("talents:resident-create")}"' in body


def test_strange_searches_never_give_a_500(personas):
    for q in ("\x00", "a" * 5000, "%", "' OR 1=1"):
        assert client_for(personas.verbinder).get(START, {"q": q}).status_code == 200


def test_the_quick_start_uses_a_flat_number_of_queries(personas):
    def add_rows(n):
        for _ in range(n):
            own_resident(personas, first_name="Henk")

    assert_queries_flat(client_for(personas.verbinder), START + "?q=henk", add_rows, large=12)


# --- Talents in English -------------------------------------------------------------------------


def test_every_curated_talent_has_an_english_name(db):
    curated = Talent.objects.filter(approved=True, proposed_by__isnull=True)
    assert curated.count() > 50
    assert not curated.filter(name_en="").exists()
    common = curated.filter(common=True)
    assert not common.filter(offer="").exists() and not common.filter(offer_en="").exists()


def test_the_english_interface_shows_english_talent_names_and_marks_dutch_ones(personas):
    resident = own_resident(personas)
    ResidentTalentFactory(resident=resident, talent=Talent.objects.get(name="Koken"))
    proposal = TalentFactory(name="Bijen houden", approved=False, proposed_by=personas.verbinder)
    ResidentTalentFactory(resident=resident, talent=proposal)
    client = client_for(personas.verbinder)
    client.cookies["django_language"] = "en"
    body = client.get(resident.get_absolute_url()).content.decode()
    assert "<strong>Cooking</strong>" in body
    assert '<strong><span lang="nl">Bijen houden</span></strong>' in body
    with translation.override("nl"):
        dutch = client_for(personas.verbinder).get(resident.get_absolute_url()).content.decode()
    assert "<strong>Koken</strong>" in dutch and 'lang="nl">Bijen' not in dutch


def test_the_english_sign_up_shows_english_offer_labels(geography, client):
    client.cookies["django_language"] = "en"
    body = client.get("/aanmelden/?wil=geven").content.decode()
    assert "helping others with a computer" in body
    assert "anderen helpen met de computer" not in body


def test_an_english_sign_up_marks_a_talent_without_english_as_dutch(geography, client):
    TalentFactory(name="Soep koken voor de buren", common=True, form_order=1)
    client.cookies["django_language"] = "en"
    body = client.get("/aanmelden/?wil=geven").content.decode()
    assert '<span lang="nl">Soep koken voor de buren</span>' in body
