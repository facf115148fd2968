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
