"""E-mail about new sign-ups: one per sign-up or a daily digest, never personal data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from buurtinbloei.models import Role
from talents.models import NotificationPreference, SignUp, VerbinderSettings
from tests.conftest import client_for
from tests.factories import SignUpFactory, UserFactory
from tests.queries import assert_queries_flat

from .signup_support import form_data, other_buurt, own_buurt

pytestmark = pytest.mark.django_db
PERSONAL = ["Fatima", "0612345678", "+31612345678", "fatima@example.org", "Mijn tuin"]


def sign_up(django_capture_on_commit_callbacks, **changes) -> SignUp:
    data = form_data(email="fatima@example.org", help_wanted="Mijn tuin", **changes)
    with django_capture_on_commit_callbacks(execute=True):
        assert Client().post("/aanmelden/", data).status_code == 302
    return SignUp.objects.latest("pk")


def prefer(user, choice: str) -> None:
    VerbinderSettings.objects.update_or_create(user=user, defaults={"signup_notifications": choice})


def test_the_verbinders_of_the_wijkteam_get_an_e_mail_without_personal_data(
    personas, django_capture_on_commit_callbacks
):
    colleague = UserFactory(wijkteams=[personas.own_wijkteam])

    signup = sign_up(django_capture_on_commit_callbacks)

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [personas.verbinder.email, colleague.email]
    )
    message = mail.outbox[0]
    assert own_buurt().name in message.subject
    assert f"http://testserver/aanmeldingen/{signup.pk}/" in message.body
    for text in PERSONAL:
        assert text not in message.subject
        assert text not in message.body


def test_coordinators_partners_and_other_wijkteams_get_no_e_mail(
    personas, django_capture_on_commit_callbacks
):
    sign_up(django_capture_on_commit_callbacks)

    recipients = {m.to[0] for m in mail.outbox}
    assert personas.other_verbinder.email not in recipients
    assert personas.coordinator.email not in recipients
    assert personas.partner.email not in recipients
    assert personas.beheerder.email not in recipients


def test_an_unknown_buurt_is_mailed_to_every_verbinder(
    personas, django_capture_on_commit_callbacks
):
    sign_up(django_capture_on_commit_callbacks, buurt="", postcode="1012AB")

    recipients = {m.to[0] for m in mail.outbox}
    assert recipients == {personas.verbinder.email, personas.other_verbinder.email}
    assert "buurt nog onbekend" in mail.outbox[0].subject


def test_verbinders_who_chose_a_digest_or_nothing_get_no_e_mail_per_sign_up(
    personas, django_capture_on_commit_callbacks
):
    digest = UserFactory(wijkteams=[personas.own_wijkteam])
    prefer(digest, NotificationPreference.DIGEST)
    prefer(personas.verbinder, NotificationPreference.NONE)

    sign_up(django_capture_on_commit_callbacks)

    assert mail.outbox == []


def test_a_double_submit_sends_one_e_mail(personas, django_capture_on_commit_callbacks):
    data = form_data()
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/aanmelden/", data)
        Client().post("/aanmelden/", data)

    assert len(mail.outbox) == 1


def test_a_failing_mail_server_does_not_lose_the_sign_up(
    personas, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there

    signup = sign_up(django_capture_on_commit_callbacks)

    assert signup.pk


# --- The daily digest ----------------------------------------------------------------------------


def test_the_digest_sends_the_sign_ups_since_the_last_one(personas):
    prefer(personas.verbinder, NotificationPreference.DIGEST)
    settings_row = VerbinderSettings.objects.get(user=personas.verbinder)
    settings_row.digest_sent_until = timezone.now() - timedelta(hours=1)
    settings_row.save()
    old = SignUpFactory(first_name="Oud", buurt=own_buurt())
    SignUp.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=2))
    new = SignUpFactory(first_name="Fatima", buurt=own_buurt(), email="fatima@example.org")
    shared = SignUpFactory(buurt=None)
    SignUpFactory(buurt=other_buurt())

    call_command("send_signup_digest")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [personas.verbinder.email]
    assert "2" in message.subject
    assert f"/aanmeldingen/{new.pk}/" in message.body
    assert f"/aanmeldingen/{shared.pk}/" in message.body
    assert f"/aanmeldingen/{old.pk}/" not in message.body
    for text in PERSONAL:
        assert text not in message.body

    mail.outbox.clear()
    call_command("send_signup_digest")
    assert mail.outbox == []  # nothing new since


def test_the_digest_skips_verbinders_who_want_each_e_mail_or_none(personas):
    prefer(personas.verbinder, NotificationPreference.NONE)
    SignUpFactory(buurt=own_buurt())

    call_command("send_signup_digest")

    assert mail.outbox == []


def test_the_first_digest_covers_the_day_before(personas):
    prefer(personas.verbinder, NotificationPreference.DIGEST)
    SignUpFactory(buurt=own_buurt())

    call_command("send_signup_digest")

    assert len(mail.outbox) == 1
    assert VerbinderSettings.objects.get(user=personas.verbinder).digest_sent_until is not None


# --- The settings page ---------------------------------------------------------------------------


def test_a_verbinder_chooses_a_digest(personas):
    client = client_for(personas.verbinder)
    url = reverse("talents:notification-settings")

    assert 'value="each" class="utrecht-radio-button utrecht-radio-button--html-input"' in (
        client.get(url).content.decode().replace(" checked", "")
    )
    response = client.post(url, {"signup_notifications": "digest"}, follow=True)

    assert "Je keuze is bewaard." in response.content.decode()
    row = VerbinderSettings.objects.get(user=personas.verbinder)
    assert row.signup_notifications == NotificationPreference.DIGEST
    assert row.digest_sent_until is not None  # the first digest starts now


def test_a_nonsense_choice_is_refused(personas):
    client = client_for(personas.verbinder)

    response = client.post(
        reverse("talents:notification-settings"), {"signup_notifications": "spam"}
    )

    assert response.status_code == 200
    assert not VerbinderSettings.objects.exists()


def test_only_verbinders_have_notification_settings(personas):
    for user in (personas.coordinator, personas.partner, personas.beheerder):
        response = client_for(user).get(reverse("talents:notification-settings"))
        assert response.status_code == 403, user.role
    assert personas.coordinator.role == Role.COORDINATOR


def test_the_settings_page_needs_few_queries(personas):
    client = client_for(personas.verbinder)
    prefer(personas.verbinder, NotificationPreference.DIGEST)

    assert_queries_flat(
        client,
        reverse("talents:notification-settings"),
        lambda n: SignUpFactory.create_batch(n, buurt=own_buurt()),
    )
