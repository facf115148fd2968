"""The one scoping mechanism (buurtinbloei/scoping.py), tested once, thoroughly."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from buurtinbloei.models import Buurt, Role, Wijk, Wijkteam
from buurtinbloei.scoping import ScopedQuerySet, get_object_for_user
from tests.factories import UserFactory


def test_a_verbinder_sees_only_their_own_wijkteams(personas):
    assert list(Wijkteam.objects.visible_to(personas.verbinder)) == [personas.own_wijkteam]


def test_a_verbinder_of_two_wijkteams_sees_both(personas):
    both = UserFactory(wijkteams=[personas.own_wijkteam, personas.other_wijkteam])
    assert set(Wijkteam.objects.visible_to(both)) == {
        personas.own_wijkteam,
        personas.other_wijkteam,
    }


@pytest.mark.parametrize("role", ["coordinator", "beheerder"])
def test_city_wide_roles_see_every_wijkteam(personas, role):
    assert Wijkteam.objects.visible_to(getattr(personas, role)).count() == 8


def test_partners_anonymous_and_inactive_users_see_nothing(personas):
    inactive = UserFactory(wijkteams=[personas.own_wijkteam], is_active=False)
    assert not Wijkteam.objects.visible_to(personas.partner).exists()
    assert not Wijkteam.objects.visible_to(AnonymousUser()).exists()
    assert not Wijkteam.objects.visible_to(inactive).exists()


def test_a_verbinder_without_wijkteam_sees_nothing(geography):
    assert not Wijkteam.objects.visible_to(UserFactory()).exists()


def test_get_object_for_user_answers_404_outside_scope(personas):
    with pytest.raises(Http404):
        get_object_for_user(Wijkteam, personas.other_verbinder, slug=personas.own_wijkteam.slug)
    found = get_object_for_user(Wijkteam, personas.verbinder, slug=personas.own_wijkteam.slug)
    assert found == personas.own_wijkteam


def test_get_object_for_user_accepts_a_narrowed_queryset(personas):
    narrowed = Wijkteam.objects.exclude(slug=personas.own_wijkteam.slug)
    with pytest.raises(Http404):
        get_object_for_user(narrowed, personas.beheerder, slug=personas.own_wijkteam.slug)


class BuurtQuerySet(ScopedQuerySet):
    wijkteam_path = "wijk__wijkteam"


class WijkteamViaWijkenQuerySet(ScopedQuerySet):
    wijkteam_path = "wijken__wijkteam"


def test_a_path_through_relations_scopes_each_row(personas):
    buurten = BuurtQuerySet(model=Buurt).visible_to(personas.verbinder)
    expected = Buurt.objects.filter(wijk__wijkteam=personas.own_wijkteam)
    assert set(buurten) == set(expected) and buurten.count() == expected.count() > 0


def test_a_path_through_a_reverse_relation_does_not_repeat_rows(personas):
    # Woensel-Noord-West has several wijken; without distinct() the wijkteam would repeat.
    assert Wijk.objects.filter(wijkteam=personas.own_wijkteam).count() > 1
    wijkteams = WijkteamViaWijkenQuerySet(model=Wijkteam).visible_to(personas.verbinder)
    assert list(wijkteams) == [personas.own_wijkteam]


def test_a_scoped_manager_needs_a_path():
    with pytest.raises(TypeError):
        ScopedQuerySet.as_manager()


def test_the_role_decides_the_admin_flags(db):
    user = UserFactory(role=Role.BEHEERDER)
    assert user.is_staff and user.is_superuser
    user.role = Role.COORDINATOR
    user.save()
    assert not user.is_staff and not user.is_superuser


# --- The three levels on residents: visible, editable, discoverable ------------------------------


@pytest.fixture
def two_residents(personas):
    from tests.factories import ResidentFactory, ResidentTalentFactory

    own_buurt = Buurt.objects.filter(wijk__wijkteam=personas.own_wijkteam).first()
    other_buurt = Buurt.objects.filter(wijk__wijkteam=personas.other_wijkteam).first()
    own = ResidentFactory(buurt=own_buurt, responsible_verbinder=personas.verbinder)
    other = ResidentFactory(buurt=other_buurt, responsible_verbinder=personas.other_verbinder)
    ResidentTalentFactory(resident=own)
    ResidentTalentFactory(resident=other)
    return own, other


def test_only_verbinders_of_the_wijkteam_may_change_a_resident(personas, two_residents):
    from talents.models import Resident

    own, _ = two_residents
    assert list(Resident.objects.editable_by(personas.verbinder)) == [own]
    for reader in (personas.coordinator, personas.beheerder, personas.partner, AnonymousUser()):
        assert not Resident.objects.editable_by(reader).exists()


def test_a_readable_row_that_is_not_editable_answers_403_on_a_change(personas, two_residents):
    from django.core.exceptions import PermissionDenied

    from talents.models import Resident

    own, _ = two_residents
    assert get_object_for_user(Resident, personas.coordinator, pk=own.pk) == own
    with pytest.raises(PermissionDenied):
        get_object_for_user(Resident, personas.coordinator, pk=own.pk, for_change=True)
    with pytest.raises(Http404):  # out of scope stays 404, also for a change
        get_object_for_user(Resident, personas.other_verbinder, pk=own.pk, for_change=True)
    found = get_object_for_user(Resident, personas.verbinder, pk=own.pk, for_change=True)
    assert found == own


def test_discoverable_rows_come_from_outside_the_scope_with_only_the_reduced_fields(
    personas, two_residents
):
    from talents.models import Resident

    _, other = two_residents
    rows = list(Resident.objects.discoverable_by(personas.verbinder))
    assert [row["pk"] for row in rows] == [other.pk]
    assert set(rows[0]) == {
        "pk",
        "first_name",
        "wijk",
        "wijkteam",
        "contact_first_name",
        "contact_last_name",
        "contact_email",
    }
    assert rows[0]["contact_email"] == personas.other_verbinder.email


def test_resting_and_anonymised_residents_are_not_discoverable(personas, two_residents):
    from talents.models import Resident, ResidentStatus

    _, other = two_residents
    for status in (ResidentStatus.RESTING, ResidentStatus.ANONYMISED):
        Resident.objects.filter(pk=other.pk).update(status=status)
        assert not Resident.objects.discoverable_by(personas.verbinder).exists()


@pytest.mark.parametrize("persona", ["coordinator", "beheerder", "partner"])
def test_only_verbinders_discover_across_wijkteams(personas, two_residents, persona):
    from talents.models import Resident

    assert not Resident.objects.discoverable_by(getattr(personas, persona)).exists()
    assert not Resident.objects.discoverable_by(AnonymousUser()).exists()


def test_sensitive_conversations_are_filtered_by_the_policy_itself(personas, two_residents):
    from talents.models import Conversation
    from tests.factories import ConversationFactory

    own, _ = two_residents
    ConversationFactory(resident=own, sensitive=True)
    plain = ConversationFactory(resident=own, sensitive=False)
    assert Conversation.objects.visible_to(personas.verbinder).count() == 2
    assert list(Conversation.objects.visible_to(personas.coordinator)) == [plain]
