from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from buurtinbloei.models import Role, User


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.usefixtures("geography")
def test_it_creates_a_login_for_every_role_and_wijkteam(settings):
    settings.DEBUG = True
    output = seed()
    for email in [
        "beheerder@example.org",
        "coordinator@example.org",
        "partner@example.org",
        "verbinder.stratum@example.org",
        "verbinder.woensel-noord-west@example.org",
    ]:
        assert email in output
        user = User.objects.get(email=email)
        assert user.check_password(settings.DEMO_PASSWORD)
    assert User.objects.filter(role=Role.VERBINDER).count() >= 8 * 4
    verbinder = User.objects.get(email="verbinder.stratum@example.org")
    assert [w.slug for w in verbinder.wijkteams.all()] == ["stratum"]


@pytest.mark.usefixtures("geography")
def test_it_is_idempotent(settings):
    settings.DEBUG = True
    seed()
    users = User.objects.count()
    seed()
    assert User.objects.count() == users


@pytest.mark.usefixtures("geography")
def test_if_empty_leaves_an_existing_database_alone_but_prints_the_logins(settings):
    settings.DEBUG = True
    User.objects.create_user("iemand@example.org", "een-wachtwoord-van-lengte")
    output = seed("--if-empty")
    assert "already has users" in output
    assert "verbinder.centrum@example.org" in output
    assert User.objects.count() == 1


@pytest.mark.usefixtures("geography")
def test_it_refuses_to_run_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        seed()
    assert not User.objects.exists()
    seed("--force")
    assert User.objects.filter(email="beheerder@example.org").exists()
