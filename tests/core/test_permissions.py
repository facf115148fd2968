"""Named permissions (buurtinbloei/permissions.py): the one place where roles are spelled out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from buurtinbloei.permissions import Perm, Role, may, requires, roles_with, users_with
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
#: A role compared with a literal, or a role check that bypasses the named permissions.
ROLE_LITERAL = re.compile(
    r"""\.role\s*(==|!=|\bin\b|\bnot\s+in\b)"""
    r"""|[(,]\s*role(__in)?\s*=\s*(Role\.|["'])"""
    r"""|role_required\("""
    r"""|\.is_(verbinder|coordinator|beheerder|partner)\b"""
    r"""|sees_whole_city"""
)


def project_files():
    for path in ROOT.rglob("*"):
        parts = path.relative_to(ROOT).parts
        if parts[0] in {".venv", "var", "tests", ".git", "node_modules", "static"}:
            continue
        if "migrations" in parts or path.suffix not in {".py", ".html", ".txt"}:
            continue
        yield path


def test_no_role_is_compared_with_a_literal_outside_the_permissions_module():
    # Besides the module itself: the two places that create accounts of a role (the demo
    # logins, and the staff member the production smoke test signs in as).
    allowed = {
        ROOT / "buurtinbloei" / "permissions.py",
        ROOT / "buurtinbloei" / "demo.py",
        ROOT / "bench" / "smoke_production.py",
    }
    offences = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in project_files()
        if path not in allowed
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ROLE_LITERAL.search(line)
    ]
    assert not offences, "use a named permission (user.may.…, @requires) instead:\n" + "\n".join(
        offences
    )


def test_the_check_finds_what_it_is_meant_to_find():
    for line in [
        'if user.role == "verbinder":',
        "if request.user.role in WRITERS:",
        '{% if user.role != "coordinator" %}',
        "User.objects.filter(role=Role.VERBINDER)",
        '@role_required("verbinder")',
        "{% if user.is_verbinder %}",
    ]:
        assert ROLE_LITERAL.search(line), line
    assert not ROLE_LITERAL.search("{% if may.change_residents %}")
    assert not ROLE_LITERAL.search('<div class="utrecht-alert" role="alert">')


@pytest.mark.parametrize(
    ("role", "granted", "refused"),
    [
        (
            Role.VERBINDER,
            {Perm.CHANGE_RESIDENTS, Perm.READ_SENSITIVE, Perm.DISCOVER_ACROSS_WIJKTEAMS},
            {Perm.SEE_WHOLE_CITY, Perm.MANAGE_APPLICATION, Perm.REVIEW_AUDIT_LOG},
        ),
        (
            Role.COORDINATOR,
            {Perm.SEE_WHOLE_CITY, Perm.VIEW_RESIDENTS, Perm.VIEW_INBOX},
            {
                Perm.READ_NOTES,
                Perm.READ_SENSITIVE,
                Perm.CHANGE_RESIDENTS,
                Perm.TRIAGE_SIGNUPS,
                Perm.REVIEW_AUDIT_LOG,
            },
        ),
        (
            Role.BEHEERDER,
            {Perm.MANAGE_APPLICATION, Perm.VIEW_WIJKTEAMS, Perm.REVIEW_AUDIT_LOG},
            {Perm.VIEW_RESIDENTS, Perm.VIEW_INBOX, Perm.READ_NOTES},
        ),
        (Role.PARTNER, {Perm.REFER_RESIDENTS}, {Perm.VIEW_RESIDENTS, Perm.VIEW_WIJKTEAMS}),
    ],
)
def test_each_role_has_the_permissions_design_md_gives_it(db, role, granted, refused):
    user = UserFactory(role=role)
    assert all(perm in user.may for perm in granted)
    assert not any(perm in user.may for perm in refused)


def test_permissions_read_as_attributes_and_refuse_unknown_names(db):
    user = UserFactory(role=Role.COORDINATOR)
    assert user.may.see_whole_city and not user.may.read_notes
    with pytest.raises(AttributeError):
        user.may.read_everything  # noqa: B018


def test_anonymous_and_inactive_users_may_do_nothing(db):
    assert not may(AnonymousUser())
    assert not may(None)
    assert not UserFactory(is_active=False).may.change_residents


def test_requires_answers_403_to_a_user_without_the_permission(db):
    view = requires(Perm.CHANGE_RESIDENTS)(lambda request: "ok")
    request = RequestFactory().get("/")
    request.user = UserFactory(role=Role.COORDINATOR)
    with pytest.raises(PermissionDenied):
        view(request)
    request.user = UserFactory()
    assert view(request) == "ok"


def test_users_with_a_permission_are_found_by_role(db):
    verbinder, coordinator = UserFactory(), UserFactory(role=Role.COORDINATOR)
    assert set(users_with(Perm.TRIAGE_SIGNUPS)) == {verbinder}
    assert set(users_with(Perm.SEE_WHOLE_CITY)) == {coordinator}


def test_the_role_decides_the_admin_flags(db):
    user = UserFactory(role=Role.BEHEERDER)
    assert user.is_staff and user.is_superuser
    user.role = Role.COORDINATOR
    user.save()
    assert not (user.is_staff or user.is_superuser)


def test_the_kpi_dashboard_is_for_coordinators_and_verbinders_only(db):
    """Aggregates for steering (issue 12): coördinatoren and verbinders; beheerders manage the
    application and partners refer residents, neither steers on the figures."""
    assert set(roles_with(Perm.VIEW_KPIS)) == {Role.COORDINATOR, Role.VERBINDER}
    assert UserFactory(role=Role.COORDINATOR).may.view_kpis
    assert not UserFactory(role=Role.BEHEERDER).may.view_kpis
    assert not UserFactory(role=Role.PARTNER).may.view_kpis
