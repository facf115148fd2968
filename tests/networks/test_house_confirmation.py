"""The yearly confirmation of a student house's members (issue 15): the question in September
(configurable), once per academic year; the contact's page; the expiry a month later; members
who moved out; retention. Time is controlled by passing ``now`` (the service) or by setting the
confirmation month to this month (the command)."""

from __future__ import annotations

import datetime
import re
import time

import pytest
from django.core import mail, signing
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from buurtinbloei.models import AuditEvent
from networks.models import HouseConfirmation, HouseMember, academic_year_of
from networks.services_houses import (
    CONFIRM_SALT,
    confirm_token,
    run_confirmations,
)
from tests.factories import HouseMemberFactory, StudentHouseFactory
from tests.queries import assert_queries_flat

from .support import own_buurt

pytestmark = pytest.mark.django_db

BASE = "https://buurtinbloei.example"
SEPTEMBER_1 = datetime.datetime(2026, 9, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def house():
    house = StudentHouseFactory(buurt=own_buurt(), contact_email="huis@example.org")
    HouseMemberFactory(house=house, first_name="Lotte", confirmed_year=2025)
    HouseMemberFactory(house=house, first_name="Daan", confirmed_year=2025)
    return house


def link_in(message) -> str:
    return re.search(r"https://\S+", message.body)[0].removeprefix(BASE)


def test_in_september_the_contact_gets_one_e_mail_with_a_link(house):
    result = run_confirmations(now=SEPTEMBER_1, base_url=BASE)

    assert result.asked == 1 and len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["huis@example.org"] and house.name in message.subject
    assert "2026-2027" in message.body and "1 oktober 2026" in message.body
    confirmation = HouseConfirmation.objects.get()
    assert confirmation.academic_year == 2026 and confirmation.is_open
    assert link_in(message).startswith("/studentenhuis/bevestigen/")
    assert Client().get(link_in(message)).status_code == 200


def test_running_twice_sends_one_e_mail(house):
    run_confirmations(now=SEPTEMBER_1, base_url=BASE)
    second = run_confirmations(now=SEPTEMBER_1 + datetime.timedelta(hours=1), base_url=BASE)
    assert second.asked == 0 and len(mail.outbox) == 1
    assert HouseConfirmation.objects.count() == 1


def test_outside_the_month_nobody_is_asked(house):
    result = run_confirmations(now=SEPTEMBER_1.replace(month=8), base_url=BASE)
    assert result.asked == 0 and not mail.outbox


def test_the_month_is_configurable(house, settings):
    settings.STUDENT_HOUSE_CONFIRM_MONTH = 2
    result = run_confirmations(now=SEPTEMBER_1.replace(month=2), base_url=BASE)
    assert result.asked == 1
    # February 2026 starts academic year 2026 when the year starts in February.
    assert HouseConfirmation.objects.get().academic_year == 2026


def test_inactive_houses_are_not_asked(house):
    house.active = False
    house.save()
    assert run_confirmations(now=SEPTEMBER_1, base_url=BASE).asked == 0


def test_the_command_asks_this_month_once(house, settings):
    settings.STUDENT_HOUSE_CONFIRM_MONTH = timezone.localdate().month
    settings.SITE_URL = BASE
    call_command("confirm_student_houses")
    call_command("confirm_student_houses")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].body.count(BASE + "/studentenhuis/bevestigen/") == 1


def test_a_failing_mail_server_leaves_the_house_to_ask_again(house, settings):
    settings.STUDENT_HOUSE_CONFIRM_MONTH = timezone.localdate().month
    settings.SITE_URL = BASE
    settings.EMAIL_BACKEND = "tests.failing_mail.EmailBackend"
    with pytest.raises(CommandError):
        call_command("confirm_student_houses")
    assert not HouseConfirmation.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("confirm_student_houses")
    assert len(mail.outbox) == 1 and HouseConfirmation.objects.count() == 1


def test_the_contact_ticks_who_stays_and_adds_who_came(house, client):
    run_confirmations(now=timezone.now().replace(month=9, day=1), base_url=BASE)
    url = link_in(mail.outbox[0])
    lotte = house.members.get(first_name="Lotte")

    page = client.get(url)
    assert page.status_code == 200 and "Lotte" in page.content.decode()
    assert "noindex" in page["X-Robots-Tag"] and "no-store" in page["Cache-Control"]
    response = client.post(
        url,
        {
            "staying": [str(lotte.pk)],
            "new_0_first_name": "Ayoub",
            "new_0_study": "Werktuigbouwkunde",
            "new_0_until": "2028-07-31",
        },
    )

    assert response.status_code == 200 and "bevestigd" in response.content.decode()
    year = HouseConfirmation.objects.get().academic_year
    active = {m.first_name: m for m in HouseMember.objects.filter(active=True)}
    assert set(active) == {"Lotte", "Ayoub"}
    assert active["Lotte"].confirmed_year == year and active["Ayoub"].confirmed_year == year
    daan = HouseMember.objects.get(first_name="Daan")
    assert not daan.active and daan.inactive_since == timezone.localdate()
    assert not HouseConfirmation.objects.get().is_open
    assert AuditEvent.objects.filter(action="house.members_confirmed").count() == 1
    # The link works once.
    assert client.get(url).status_code == 410
    assert client.post(url, {"staying": [str(lotte.pk)]}).status_code == 410


def test_a_new_member_without_a_first_name_keeps_what_was_typed(house, client):
    run_confirmations(now=timezone.now().replace(month=9, day=1), base_url=BASE)
    url = link_in(mail.outbox[0])
    response = client.post(url, {"new_1_study": "Wiskunde"})
    page = response.content.decode()
    assert response.status_code == 200 and "Vul ook de voornaam in." in page
    assert 'value="Wiskunde"' in page
    assert HouseConfirmation.objects.get().is_open
    assert house.members.filter(active=True).count() == 2


def test_after_a_month_without_answer_the_unconfirmed_members_become_inactive(house):
    run_confirmations(now=SEPTEMBER_1, base_url=BASE)
    # Noor was added by a verbinder this academic year: she counts as confirmed.
    HouseMemberFactory(house=house, first_name="Noor", confirmed_year=2026)

    almost = run_confirmations(now=SEPTEMBER_1 + datetime.timedelta(days=29), base_url=BASE)
    assert almost.expired == 0 and house.members.filter(active=True).count() == 3

    result = run_confirmations(now=SEPTEMBER_1 + datetime.timedelta(days=30), base_url=BASE)

    assert result.expired == 1 and result.made_inactive == 2
    assert list(house.members.filter(active=True).values_list("first_name", flat=True)) == ["Noor"]
    assert HouseMember.objects.get(first_name="Lotte").inactive_since == datetime.date(2026, 10, 1)
    confirmation = HouseConfirmation.objects.get()
    assert confirmation.expired_at is not None and not confirmation.is_open
    # Nothing happens twice.
    again = run_confirmations(now=SEPTEMBER_1 + datetime.timedelta(days=31), base_url=BASE)
    assert again.expired == 0 and again.made_inactive == 0 and len(mail.outbox) == 1


def test_an_expired_or_unknown_link_is_refused(house, client):
    run_confirmations(now=SEPTEMBER_1, base_url=BASE)
    confirmation = HouseConfirmation.objects.get()
    signer = signing.TimestampSigner(salt=CONFIRM_SALT)
    signer.timestamp = lambda: signing.b62_encode(int(time.time()) - 31 * 24 * 3600)
    old = signer.sign(confirmation.key)

    assert client.get(f"/studentenhuis/bevestigen/{old}/").status_code == 410
    assert client.get("/studentenhuis/bevestigen/geen-token/").status_code == 404
    # A link signed for something else (the check-in salt) is not ours either.
    other = signing.TimestampSigner(salt="matches.check-in").sign(confirmation.key)
    assert client.get(f"/studentenhuis/bevestigen/{other}/").status_code == 404


def test_the_link_stops_working_once_the_question_expired(house, client):
    run_confirmations(now=timezone.now().replace(month=9, day=1), base_url=BASE)
    url = link_in(mail.outbox[0])
    HouseConfirmation.objects.update(expired_at=timezone.now())
    assert client.get(url).status_code == 410


def test_members_who_moved_out_become_inactive_and_are_forgotten_later(house, settings):
    settings.RETENTION_MONTHS = 24
    today = timezone.localdate()
    gone = HouseMemberFactory(house=house, member_until=today - datetime.timedelta(days=1))
    old = HouseMemberFactory(
        house=house, active=False, inactive_since=today - datetime.timedelta(days=2 * 366)
    )
    recent = HouseMemberFactory(
        house=house, active=False, inactive_since=today - datetime.timedelta(days=300)
    )

    result = run_confirmations(now=timezone.now(), base_url=BASE)

    gone.refresh_from_db()
    assert not gone.active and gone.inactive_since == timezone.localdate()
    assert result.moved_out == 1 and result.deleted == 1
    assert not HouseMember.objects.filter(pk=old.pk).exists()
    assert HouseMember.objects.filter(pk=recent.pk).exists()


def test_the_academic_year_starts_in_the_configured_month(settings):
    assert academic_year_of(datetime.date(2026, 9, 1)) == 2026
    assert academic_year_of(datetime.date(2027, 8, 31)) == 2026
    settings.STUDENT_HOUSE_CONFIRM_MONTH = 2
    assert academic_year_of(datetime.date(2027, 1, 31)) == 2026


def test_the_confirmation_page_stays_flat(house):
    confirmation = HouseConfirmation.objects.create(
        house=house,
        academic_year=academic_year_of(timezone.localdate()),
        asked_at=timezone.now(),
        sent_to=house.contact_email,
    )
    url = f"/studentenhuis/bevestigen/{confirm_token(confirmation)}/"
    assert_queries_flat(Client(), url, lambda n: HouseMemberFactory.create_batch(n, house=house))
