"""The home page panel with my follow-ups: overdue and due this week, with a "done" button."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from talents.models import Conversation
from tests.conftest import client_for
from tests.factories import ConversationFactory
from tests.queries import assert_queries_flat

from .staff import HTMX, audit_actions, own_resident

URL = reverse("talents:follow-ups-panel")


def follow_up(personas, days: int, **kwargs) -> Conversation:
    kwargs.setdefault("verbinder", personas.verbinder)
    kwargs.setdefault("resident", own_resident(personas))
    today = timezone.localdate()
    return ConversationFactory(
        follow_up_on=today + datetime.timedelta(days=days),
        date=today - datetime.timedelta(days=30),
        **kwargs,
    )


def test_it_lists_my_overdue_follow_ups_and_those_due_this_week(personas):
    today = timezone.localdate()
    end_of_week = 6 - today.weekday()
    overdue = follow_up(personas, -3, next_step="Bellen over het taalcafé")
    due = follow_up(personas, end_of_week, next_step="Koppelen aan buurvrouw")
    later = follow_up(personas, end_of_week + 1, next_step="Volgende week pas")
    done = follow_up(personas, -1, next_step="Al gedaan", follow_up_done=True)
    not_mine = follow_up(personas, 0, verbinder=personas.beheerder, next_step="Niet van mij")
    response = client_for(personas.verbinder).get(URL)
    assert [c.pk for c in response.context["overdue"]] == [overdue.pk]
    assert [c.pk for c in response.context["this_week"]] == [due.pk]
    body = response.content.decode()
    assert "Bellen over het taalcafé" in body and "Koppelen aan buurvrouw" in body
    for hidden in (later, done, not_mine):
        assert hidden.next_step not in body


def test_with_htmx_it_answers_the_panel_fragment_and_without_the_whole_page(personas):
    client = client_for(personas.verbinder)
    fragment = client.get(URL, **HTMX).content.decode()
    assert "<html" not in fragment and 'id="follow-ups"' in fragment
    assert "<html" in client.get(URL).content.decode()


def test_the_home_page_loads_the_panel(personas):
    body = client_for(personas.verbinder).get(reverse("home")).content.decode()
    assert f'hx-get="{URL}"' in body


def test_marking_a_follow_up_done(personas):
    conversation = follow_up(personas, -2)
    done_url = reverse("talents:follow-up-done", kwargs={"pk": conversation.pk})
    response = client_for(personas.verbinder).post(done_url, **HTMX)
    assert response.status_code == 200
    assert 'id="follow-ups"' in response.content.decode()
    conversation.refresh_from_db()
    assert conversation.follow_up_done
    assert audit_actions(conversation) == ["conversation.follow_up_done"]
    again = client_for(personas.verbinder).post(done_url)
    assert again.status_code == 404  # nothing open any more


def test_without_javascript_done_redirects_to_the_panel(personas):
    conversation = follow_up(personas, -2)
    response = client_for(personas.verbinder).post(
        reverse("talents:follow-up-done", kwargs={"pk": conversation.pk})
    )
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?gedaan={conversation.pk}"  # with "ongedaan maken"


def test_nobody_marks_someone_elses_follow_up_done(personas):
    conversation = follow_up(personas, -2)
    done_url = reverse("talents:follow-up-done", kwargs={"pk": conversation.pk})
    assert client_for(personas.other_verbinder).post(done_url).status_code == 404
    assert client_for(personas.beheerder).post(done_url).status_code == 403
    assert client_for(personas.coordinator).post(done_url).status_code == 403
    conversation.refresh_from_db()
    assert not conversation.follow_up_done


def test_the_panel_uses_a_flat_number_of_queries(personas):
    def add_rows(n):
        for i in range(n):
            follow_up(personas, -1 - i % 5)

    assert_queries_flat(client_for(personas.verbinder), URL, add_rows)
    assert_queries_flat(client_for(personas.verbinder), URL, add_rows, **HTMX)


def test_with_many_open_it_shows_the_most_urgent_with_the_counts_and_a_link(personas):
    from talents.views.follow_ups import PANEL_SIZE

    oldest = [follow_up(personas, -30 + i) for i in range(PANEL_SIZE + 4)]
    response = client_for(personas.verbinder).get(URL, **HTMX)
    shown = [c.pk for c in response.context["overdue"] + response.context["this_week"]]
    assert shown == [c.pk for c in oldest[:PANEL_SIZE]]
    assert response.context["overdue_count"] == PANEL_SIZE + 4
    body = response.content.decode()
    assert f"{PANEL_SIZE + 4} te laat" in body and "En nog 4 die hier niet staan." in body
    assert reverse("talents:follow-ups") in body


def test_the_full_list_shows_every_open_follow_up_of_mine_the_oldest_first(personas):
    today = timezone.localdate()
    later = follow_up(personas, 40, next_step="Over een maand")
    overdue = follow_up(personas, -3, next_step="Bellen over het taalcafé")
    follow_up(personas, -1, next_step="Al gedaan", follow_up_done=True)
    follow_up(personas, 0, verbinder=personas.beheerder, next_step="Niet van mij")
    response = client_for(personas.verbinder).get(reverse("talents:follow-ups"))
    assert [c.pk for c in response.context["page"].object_list] == [overdue.pk, later.pk]
    body = response.content.decode()
    assert "Al gedaan" not in body and "Niet van mij" not in body
    assert "hx-post" not in body  # plain forms: the page reloads itself
    assert today  # the list is not limited to this week


def test_done_from_the_full_list_returns_to_the_list(personas):
    conversation = follow_up(personas, -2)
    response = client_for(personas.verbinder).post(
        reverse("talents:follow-up-done", kwargs={"pk": conversation.pk}), {"next": "list"}
    )
    assert response.status_code == 302 and response.url == reverse("talents:follow-ups")
    conversation.refresh_from_db()
    assert conversation.follow_up_done


def test_the_full_list_uses_a_flat_number_of_queries(personas):
    client = client_for(personas.verbinder)
    assert_queries_flat(
        client,
        reverse("talents:follow-ups"),
        lambda n: [follow_up(personas, -1) for _ in range(n)],
    )
