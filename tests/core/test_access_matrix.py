"""Every URL of the project against every persona, for GET and POST (tests/access.py)."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry

from buurtinbloei.models import Role, User
from talents.models import Conversation, Resident, ResidentTalent, SignUp
from tests.access import (
    ADMIN_OBJECTS,
    ADMIN_WITH_OBJECT,
    MATRIX,
    PERSONAS,
    Row,
    is_admin_route,
    request_for,
    row_for,
    url_for,
)
from tests.conftest import client_for
from tests.factories import PASSWORD, UserFactory
from tests.urls import all_routes

ROUTES = all_routes()


def test_every_url_is_in_the_matrix():
    names = {route.name for route in ROUTES}
    missing = sorted(n for n in names if row_for(n) is None)
    stale = sorted(set(MATRIX) - names)
    assert not missing, f"URL patterns without a row in tests/access.py: {missing}"
    assert not stale, f"rows in tests/access.py for URL patterns that no longer exist: {stale}"


def test_every_row_states_get_and_post_for_every_persona():
    for route in ROUTES:
        row = row_for(route.name)
        for method in ("get", "post"):
            answers = getattr(row, method)
            assert len(answers) == len(PERSONAS), (route.name, method, answers)
            assert all(100 <= code < 600 for code in answers), (route.name, method, answers)


def test_a_row_without_post_answers_cannot_be_made():
    with pytest.raises(TypeError):
        Row(get=(200,) * 6)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Row(get=(200,) * 6, post=(200,) * 5)  # type: ignore[arg-type]


def test_the_matrix_covers_the_staff_home_and_a_scoped_object():
    assert MATRIX["wijkteam-detail"].get == (302, 404, 404, 200, 200, 200)
    assert MATRIX["talents:inbox-take"].post == (302, 403, 404, 302, 403, 403)


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_each_persona_gets_the_expected_answer(route, personas):
    url, row = url_for(route, personas)
    users = personas.as_dict()
    answers = {name: client_for(users[name]).get(url).status_code for name in PERSONAS}
    assert answers == dict(zip(PERSONAS, row.get, strict=True)), url


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_each_persona_gets_the_expected_answer_to_a_post(route, personas):
    users = personas.as_dict()
    answers, urls = {}, set()
    for name in PERSONAS:
        # Fresh objects for every persona: what one POST changes cannot hide the next answer.
        url, row, data, _ = request_for(route, personas)
        answers[name] = client_for(users[name]).post(url, data).status_code
        urls.add(url)
    assert answers == dict(zip(PERSONAS, row.post, strict=True)), sorted(urls)


# --- A POST by anyone but the verbinder of the wijkteam changes nothing -----------------------


def _signup(kwargs: dict) -> dict:
    return SignUp.objects.values("status", "taken_by", "resident").get(pk=kwargs["pk"])


#: What each state-changing route changes, read back from the database.
STATE: dict[str, object] = {
    "talents:inbox-take": _signup,
    "talents:inbox-link": _signup,
    "talents:inbox-create-resident": lambda kw: (_signup(kw), Resident.objects.count()),
    "talents:resident-talent-remove": lambda kw: ResidentTalent.objects.filter(
        pk=kw["link_pk"]
    ).exists(),
    "talents:follow-up-done": lambda kw: Conversation.objects.values_list(
        "follow_up_done", flat=True
    ).get(pk=kw["pk"]),
}


def _route(name: str):
    return next(route for route in ROUTES if route.name == name)


@pytest.mark.parametrize("name", STATE)
def test_only_the_verbinder_of_the_wijkteam_changes_the_object_by_post(name, personas):
    # One object for everyone this time, posted to by each stranger in turn, then by the
    # verbinder of the wijkteam: the strangers leave it as it was, the verbinder changes it
    # (which shows that this test would see a change).
    url, _, data, objs = request_for(_route(name), personas)
    state, kwargs, users = STATE[name], objs["kwargs"], personas.as_dict()
    before = state(kwargs)
    for persona in PERSONAS:
        if persona != "verbinder":
            client_for(users[persona]).post(url, data)
            assert state(kwargs) == before, f"{persona} changed the object behind {url}"
    client_for(personas.verbinder).post(url, data)
    assert state(kwargs) != before, url


def test_the_closed_sign_up_makes_no_account(personas):
    url, _, data, _ = request_for(_route("account_signup"), personas)
    users = User.objects.count()
    assert client_for(None).post(url, data).status_code == 200
    assert User.objects.count() == users


def test_the_admin_login_cannot_switch_a_beheerder_to_another_account(personas):
    """The admin signs in through allauth only (MFA, rate limits), even for a signed-in POST.

    Fails today: allauth's ``secure_admin_login`` hands a signed-in staff member to Django's
    own admin login, whose POST signs in whoever's password is sent, skipping the other
    account's MFA and allauth's lock-out after failed logins.
    """
    colleague = UserFactory(role=Role.BEHEERDER, email="tweede.beheerder@example.org")
    Authenticator.objects.create(
        user=colleague, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    client = client_for(personas.beheerder)
    url = "/beheer/login/"
    for _ in range(6):  # more than allauth's "5/5m/key" would let through
        client.post(url, {"username": colleague.email, "password": "fout"})
    client.post(url, {"username": colleague.email, "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(personas.beheerder.pk)


# --- An empty POST to the admin changes nothing ----------------------------------------------

ADMIN_FORMS = [
    route
    for route in ROUTES
    if is_admin_route(route.name)
    and (
        route.name == "admin:auth_user_password_change"
        or route.name.removeprefix("admin:").rpartition("_")[0] in ADMIN_OBJECTS
    )
]


@pytest.mark.parametrize("route", ADMIN_FORMS, ids=[r.name for r in ADMIN_FORMS])
def test_an_empty_post_to_the_admin_changes_nothing(route, personas):
    """Add, change, delete, changelist, history: the beheerder's empty POST saves nothing."""
    client = client_for(personas.beheerder)  # logging in touches the user table: do it first
    url, _, data, objs = request_for(route, personas)
    prefix, _, kind = route.name.removeprefix("admin:").rpartition("_")
    if kind not in ADMIN_WITH_OBJECT and prefix in ADMIN_OBJECTS:
        objs["object"] = ADMIN_OBJECTS[prefix](personas)  # something the changelist could touch
    model = type(objs["object"])
    before = list(model.objects.order_by("pk").values())
    log_entries = LogEntry.objects.count()
    assert data == {}
    client.post(url, data)
    assert list(model.objects.order_by("pk").values()) == before, url
    assert LogEntry.objects.count() == log_entries, url
