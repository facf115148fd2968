"""The triage inbox: the right wijkteam sees a sign-up, takes it, links or creates a resident."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from buurtinbloei.models import AuditEvent
from talents.models import (
    ConsentRecord,
    Resident,
    ResidentSource,
    ResidentStatus,
    ResidentTalent,
    SignUp,
    SignUpStatus,
)
from tests.conftest import client_for
from tests.factories import ResidentFactory, SignUpFactory, TalentFactory, UserFactory
from tests.queries import assert_queries_flat

from .signup_support import other_buurt, own_buurt

pytestmark = pytest.mark.django_db


def detail_url(signup: SignUp) -> str:
    return reverse("talents:inbox-detail", kwargs={"pk": signup.pk})


def action_url(name: str, signup: SignUp) -> str:
    return reverse(f"talents:inbox-{name}", kwargs={"pk": signup.pk})


def signup_with_consent(**kwargs) -> SignUp:
    signup = SignUpFactory(**kwargs)
    ConsentRecord.objects.create(
        signup=signup,
        purpose=ConsentRecord.Purpose.CONTACT,
        text_version=signup.consent_version,
        given_at=signup.consent_given_at,
    )
    return signup


@pytest.fixture
def verbinder(personas) -> Client:
    return client_for(personas.verbinder)


# --- Who sees which sign-up ----------------------------------------------------------------------


def test_it_lists_the_own_wijkteam_and_the_shared_inbox_only(personas, verbinder):
    SignUpFactory(first_name="Anouk", buurt=own_buurt())
    SignUpFactory(first_name="Bram", buurt=None)
    SignUpFactory(first_name="Chantal", buurt=other_buurt())

    page = verbinder.get(reverse("talents:inbox")).content.decode()

    assert "Anouk" in page
    assert "Bram" in page
    assert "onbekend (gedeelde inbox)" in page
    assert "Chantal" not in page


def test_a_verbinder_of_another_wijkteam_gets_404_on_the_detail(personas):
    signup = SignUpFactory(buurt=own_buurt())

    response = client_for(personas.other_verbinder).get(detail_url(signup))

    assert response.status_code == 404


def test_every_verbinder_sees_a_sign_up_with_an_unknown_buurt(personas):
    signup = SignUpFactory(buurt=None)

    for user in (personas.verbinder, personas.other_verbinder):
        assert client_for(user).get(detail_url(signup)).status_code == 200


def test_the_detail_shows_contact_details_and_is_audited(personas, verbinder):
    talent = TalentFactory(name="Taart bakken voor iedereen")
    signup = SignUpFactory(
        buurt=own_buurt(),
        email="anouk@example.org",
        talents=[talent],
        help_wanted="Samen wandelen",
    )

    page = verbinder.get(detail_url(signup)).content.decode()

    assert "+3162" in page
    assert "anouk@example.org" in page
    assert "Taart bakken voor iedereen" in page
    assert "Samen wandelen" in page
    assert AuditEvent.objects.filter(
        action="signup.view", object_id=str(signup.pk), actor=personas.verbinder
    ).exists()


def test_coordinators_see_the_list_without_names_and_not_the_detail(personas):
    signup = SignUpFactory(first_name="Anouk", buurt=other_buurt())
    coordinator = client_for(personas.coordinator)

    page = coordinator.get(reverse("talents:inbox")).content.decode()

    assert other_buurt().name in page
    assert "Anouk" not in page
    assert coordinator.get(detail_url(signup)).status_code == 403


def test_the_list_filters_by_status(personas, verbinder):
    SignUpFactory(first_name="Nieuwe", buurt=own_buurt())
    SignUpFactory(first_name="Verwerkte", buurt=own_buurt(), status=SignUpStatus.DONE)

    open_page = verbinder.get(reverse("talents:inbox")).content.decode()
    done_page = verbinder.get(reverse("talents:inbox"), {"status": "done"}).content.decode()
    odd_page = verbinder.get(reverse("talents:inbox"), {"status": "<x>", "page": "zz"})

    assert "Nieuwe" in open_page and "Verwerkte" not in open_page
    assert "Verwerkte" in done_page and "Nieuwe" not in done_page
    assert odd_page.status_code == 200


# --- Take ----------------------------------------------------------------------------------------


def test_a_verbinder_takes_a_sign_up(personas, verbinder):
    signup = SignUpFactory(buurt=own_buurt())

    response = verbinder.post(action_url("take", signup))

    assert response.status_code == 302
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.TAKEN
    assert signup.taken_by == personas.verbinder
    assert AuditEvent.objects.filter(action="signup.take", object_id=str(signup.pk)).exists()


def test_a_sign_up_taken_by_someone_else_cannot_be_taken_again(personas, verbinder):
    colleague = UserFactory(first_name="Karin", last_name="Smit", wijkteams=[personas.own_wijkteam])
    signup = SignUpFactory(buurt=own_buurt(), status=SignUpStatus.TAKEN, taken_by=colleague)

    response = verbinder.post(action_url("take", signup), follow=True)

    assert "Karin Smit heeft deze aanmelding al opgepakt." in response.content.decode()
    signup.refresh_from_db()
    assert signup.taken_by == colleague


def test_a_verbinder_of_another_wijkteam_cannot_take_it(personas):
    signup = SignUpFactory(buurt=own_buurt())

    response = client_for(personas.other_verbinder).post(action_url("take", signup))

    assert response.status_code == 404
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.NEW


# --- Likely duplicates ---------------------------------------------------------------------------


def test_it_suggests_residents_with_the_same_e_mail_phone_or_name_and_buurt(personas, verbinder):
    signup = SignUpFactory(
        first_name="Anouk", email="anouk@example.org", phone="+31612345678", buurt=own_buurt()
    )
    ResidentFactory(first_name="Mail", email="ANOUK@example.org", buurt=own_buurt())
    ResidentFactory(
        first_name="Telefoon",
        phone="0612345678",
        buurt=None,
        responsible_verbinder=personas.verbinder,
    )
    ResidentFactory(first_name="anouk", last_name="Naamgenoot", buurt=own_buurt())
    ResidentFactory(first_name="Anders", buurt=own_buurt())
    ResidentFactory(first_name="Vreemde", email="anouk@example.org", buurt=other_buurt())

    page = verbinder.get(detail_url(signup)).content.decode()

    assert "zelfde e-mailadres" in page
    assert "zelfde telefoonnummer" in page
    assert "zelfde voornaam en buurt" in page
    assert "Koppel aan Mail" in page
    assert "Koppel aan Telefoon" in page
    assert "Koppel aan anouk Naamgenoot" in page
    assert "Anders" not in page
    assert "Vreemde" not in page  # a resident of another wijkteam stays out of sight


# --- Link to an existing resident ----------------------------------------------------------------


def test_linking_adds_the_sign_up_to_the_resident(personas, verbinder):
    talent = TalentFactory(name="Taart bakken voor iedereen")
    signup = signup_with_consent(
        buurt=own_buurt(), email="anouk@example.org", talents=[talent], wants_to_give=True
    )
    resident = ResidentFactory(first_name="Anouk", email="", buurt=own_buurt())

    response = verbinder.post(action_url("link", signup), {"resident": resident.pk})

    assert response.status_code == 302
    signup.refresh_from_db()
    resident.refresh_from_db()
    assert signup.status == SignUpStatus.DONE
    assert signup.resident == resident
    assert signup.taken_by == personas.verbinder
    assert resident.email == "anouk@example.org"  # filled in where it was empty
    assert resident.version == 2
    assert ConsentRecord.objects.get(signup=signup).resident == resident
    assert ResidentTalent.objects.get(resident=resident, talent=talent).offered
    assert AuditEvent.objects.filter(action="signup.link", object_id=str(signup.pk)).exists()


def test_linking_never_overwrites_what_the_team_knows(personas, verbinder):
    signup = signup_with_consent(buurt=own_buurt(), phone="+31612345678")
    resident = ResidentFactory(phone="+31687654321", buurt=own_buurt())

    verbinder.post(action_url("link", signup), {"resident": resident.pk})

    resident.refresh_from_db()
    assert resident.phone == "+31687654321"
    assert resident.version == 1


def test_linking_to_a_resident_of_another_wijkteam_is_404(personas, verbinder):
    signup = SignUpFactory(buurt=own_buurt())
    stranger = ResidentFactory(buurt=other_buurt())

    response = verbinder.post(action_url("link", signup), {"resident": stranger.pk})

    assert response.status_code == 404
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.NEW


@pytest.mark.parametrize("value", ["", "abc", "-1", "99999999999999999999"])
def test_linking_without_a_sensible_resident_explains_itself(personas, verbinder, value):
    signup = SignUpFactory(buurt=own_buurt())

    response = verbinder.post(action_url("link", signup), {"resident": value})

    assert response.status_code in {302, 404}
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.NEW


def test_a_sign_up_taken_by_a_colleague_cannot_be_linked(personas, verbinder):
    colleague = UserFactory(wijkteams=[personas.own_wijkteam])
    signup = SignUpFactory(buurt=own_buurt(), status=SignUpStatus.TAKEN, taken_by=colleague)
    resident = ResidentFactory(buurt=own_buurt())

    response = verbinder.post(action_url("link", signup), {"resident": resident.pk}, follow=True)

    assert "heeft deze aanmelding al opgepakt" in response.content.decode()
    signup.refresh_from_db()
    assert signup.resident is None


# --- Create a new resident -----------------------------------------------------------------------


def test_a_new_resident_is_made_from_the_sign_up(personas, verbinder):
    talent = TalentFactory(name="Taart bakken voor iedereen")
    signup = signup_with_consent(
        first_name="Anouk",
        phone="+31612345678",
        email="anouk@example.org",
        postcode="5625 AB",
        buurt=own_buurt(),
        preferred_language="Arabisch",
        talents=[talent],
        wants_to_give=True,
    )
    verbinder.post(action_url("take", signup))

    response = verbinder.post(action_url("create-resident", signup))

    resident = Resident.objects.get()
    assert response.status_code == 302
    assert response["Location"] in {resident.get_absolute_url(), detail_url(signup)}
    assert (resident.first_name, resident.phone, resident.email) == (
        "Anouk",
        "+31612345678",
        "anouk@example.org",
    )
    assert (resident.postcode, resident.buurt, resident.languages) == (
        "5625 AB",
        own_buurt(),
        "Arabisch",
    )
    assert resident.source == ResidentSource.SIGNUP
    assert resident.responsible_verbinder == personas.verbinder
    assert ConsentRecord.objects.get().resident == resident
    assert ResidentTalent.objects.get(resident=resident).talent == talent
    signup.refresh_from_db()
    assert (signup.status, signup.resident) == (SignUpStatus.DONE, resident)
    assert AuditEvent.objects.filter(action="resident.create", object_id=str(resident.pk)).exists()


def test_someone_who_only_asks_gets_no_offered_talents(personas, verbinder):
    signup = SignUpFactory(
        buurt=own_buurt(), wants_to_give=False, wants_to_receive=True, talents=[TalentFactory()]
    )

    verbinder.post(action_url("create-resident", signup))

    assert not ResidentTalent.objects.exists()


def test_a_phone_only_sign_up_becomes_a_phone_only_resident(personas, verbinder):
    signup = SignUpFactory(buurt=None, email="", phone="+31401234567")

    verbinder.post(action_url("create-resident", signup))

    resident = Resident.objects.get()
    assert (resident.phone, resident.email, resident.buurt) == ("+31401234567", "", None)


def test_a_processed_sign_up_is_not_processed_twice(personas, verbinder):
    signup = SignUpFactory(buurt=own_buurt())
    verbinder.post(action_url("create-resident", signup))

    response = verbinder.post(action_url("create-resident", signup), follow=True)

    assert Resident.objects.count() == 1
    assert "Deze aanmelding is al verwerkt." in response.content.decode()


# --- The dashboard panel -------------------------------------------------------------------------


def test_the_panel_counts_the_sign_ups_waiting(personas, verbinder):
    SignUpFactory.create_batch(2, buurt=own_buurt())
    SignUpFactory(buurt=None)
    SignUpFactory(buurt=other_buurt())
    SignUpFactory(buurt=own_buurt(), status=SignUpStatus.TAKEN)

    page = verbinder.get(reverse("talents:inbox-panel")).content.decode()

    assert "3 aanmeldingen wachten op een verbinder." in page
    assert "Daarvan staat er 1 in de gedeelde inbox" in page
    assert 'href="/aanmeldingen/"' in page
    assert "<html" in page


def test_the_panel_is_a_fragment_for_htmx(personas, verbinder):
    response = verbinder.get(reverse("talents:inbox-panel"), HTTP_HX_REQUEST="true")

    page = response.content.decode()
    assert "<html" not in page
    assert 'id="inbox-panel"' in page
    assert "Er wachten geen nieuwe aanmeldingen." in page


def test_the_home_page_loads_the_panel(personas, verbinder):
    page = verbinder.get("/").content.decode()

    assert 'hx-get="/panelen/aanmeldingen/"' in page


def test_the_navigation_leads_to_the_inbox(personas, verbinder):
    page = verbinder.get("/").content.decode()

    assert 'href="/aanmeldingen/"' in page


# --- Queries stay flat ---------------------------------------------------------------------------


def test_the_inbox_list_needs_the_same_number_of_queries_for_many_sign_ups(personas, verbinder):
    def add(n):
        for i in range(n):
            SignUpFactory(
                buurt=own_buurt() if i % 2 else None,
                status=SignUpStatus.TAKEN,
                taken_by=personas.verbinder,
            )

    assert_queries_flat(verbinder, reverse("talents:inbox"), add, large=25)


def test_the_detail_needs_the_same_number_of_queries_for_many_duplicates(personas, verbinder):
    talents = [TalentFactory() for _ in range(3)]
    signup = SignUpFactory(
        first_name="Anouk", email="anouk@example.org", buurt=own_buurt(), talents=talents
    )

    def add(n):
        for _ in range(n):
            ResidentFactory(first_name="Anouk", email="anouk@example.org", buurt=own_buurt())

    assert_queries_flat(verbinder, detail_url(signup), add, large=20)


def test_the_panel_needs_the_same_number_of_queries_for_many_sign_ups(personas, verbinder):
    add = lambda n: SignUpFactory.create_batch(n, buurt=own_buurt())  # noqa: E731

    assert_queries_flat(verbinder, reverse("talents:inbox-panel"), add)
    assert_queries_flat(verbinder, reverse("talents:inbox-panel"), add, HTTP_HX_REQUEST="true")


def test_a_shared_sign_up_leaves_the_shared_inbox_once_linked(personas, verbinder):
    signup = SignUpFactory(buurt=None, phone="+31611112222")
    resident = ResidentFactory(first_name="Anna", last_name="Verborgen", buurt=own_buurt())
    verbinder.post(action_url("take", signup))
    verbinder.post(action_url("link", signup), {"resident": resident.pk})
    signup.refresh_from_db()
    assert signup.buurt == resident.buurt
    assert client_for(personas.other_verbinder).get(detail_url(signup)).status_code == 404


def test_an_anonymised_resident_gets_no_contact_details_back(personas, verbinder):
    signup = SignUpFactory(buurt=own_buurt(), email="terug@example.org")
    resident = ResidentFactory(buurt=own_buurt(), email="", status=ResidentStatus.ANONYMISED)
    verbinder.post(action_url("take", signup))
    verbinder.post(action_url("link", signup), {"resident": resident.pk})
    resident.refresh_from_db()
    assert resident.email == ""


def test_a_double_tap_on_new_resident_makes_one_and_both_taps_lead_to_them(personas, verbinder):
    signup = signup_with_consent(first_name="Anouk", phone="+31612345678", buurt=own_buurt())
    first = verbinder.post(action_url("create-resident", signup))
    second = verbinder.post(action_url("create-resident", signup))
    resident = Resident.objects.get()
    assert first["Location"] == second["Location"] == resident.get_absolute_url()
