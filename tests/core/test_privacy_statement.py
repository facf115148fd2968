"""The privacy statement says truly who sees a resident's data (issue 7, item 13), and keeps
saying it truly: its "who sees what" comes from the named permissions."""

from __future__ import annotations

import pytest

from buurtinbloei import permissions
from buurtinbloei.permissions import Perm, Role
from buurtinbloei.privacy import unexplained, who_sees_what


def test_it_names_everyone_who_sees_a_residents_data(client, db):
    html = client.get("/privacy/").content.decode()
    assert "De verbinders van het wijkteam van jouw buurt" in html
    assert "Coördinatoren van WIJeindhoven, in de hele stad" in html
    assert "Wat er is gezegd, zien zij niet" in html
    assert "ziet iedere verbinder je aanmelding, ook wat je schreef over hulp" in html
    assert "Verbinders van andere wijkteams zien alleen je voornaam, je wijk, je talenten" in html
    assert "Alleen de verbinders van het wijkteam van jouw buurt" not in html


def test_it_says_the_same_in_english(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/privacy/"})
    html = client.get("/privacy/").content.decode()
    assert "Coordinators of WIJeindhoven" in html
    assert "every connector sees your sign-up" in html


def test_every_role_with_access_to_personal_data_is_explained():
    assert unexplained() == []


@pytest.mark.parametrize(
    ("role", "extra"),
    [
        (Role.COORDINATOR, Perm.READ_NOTES),
        (Role.COORDINATOR, Perm.READ_SENSITIVE),
        (Role.PARTNER, Perm.VIEW_RESIDENTS),
        (Role.BEHEERDER, Perm.VIEW_RESIDENTS),
    ],
)
def test_giving_a_role_more_access_fails_until_the_statement_says_so(monkeypatch, role, extra):
    granted = dict(permissions.ROLE_PERMISSIONS)
    granted[role] = granted[role] | {extra}
    monkeypatch.setattr(permissions, "ROLE_PERMISSIONS", granted)
    monkeypatch.setattr("buurtinbloei.privacy.ROLE_PERMISSIONS", granted)
    assert (str(role), extra) in unexplained()


def test_a_sentence_that_is_no_longer_true_disappears(monkeypatch):
    granted = dict(permissions.ROLE_PERMISSIONS)
    granted[Role.VERBINDER] = granted[Role.VERBINDER] - {Perm.DISCOVER_ACROSS_WIJKTEAMS}
    monkeypatch.setattr("buurtinbloei.privacy.ROLE_PERMISSIONS", granted)
    assert not any("andere wijkteams" in str(sentence) for sentence in who_sees_what())
