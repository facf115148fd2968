"""Second factors are stored encrypted, and beheerders can only remove them, never read them."""

from __future__ import annotations

import importlib

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, TOTP, generate_totp_secret
from cryptography.fernet import Fernet
from django.apps import apps
from django.conf import settings

from buurtinbloei.models import AuditEvent
from tests.conftest import client_for, reauthenticated_client_for
from tests.core.test_mfa import current_code
from tests.factories import PASSWORD


def test_a_totp_secret_set_up_through_allauth_is_stored_encrypted(client, personas):
    client.force_login(personas.verbinder)
    page = client.get("/accounts/2fa/totp/activate/")
    client.post(page.url, {"password": PASSWORD})  # allauth asks for the password again
    client.get("/accounts/2fa/totp/activate/")
    secret = client.session[SECRET_SESSION_KEY]
    client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})

    stored = Authenticator.objects.get(user=personas.verbinder, type="totp").data["secret"]
    assert secret not in stored
    assert Fernet(settings.MFA_ENCRYPTION_KEYS[0]).decrypt(stored.encode()).decode() == secret


def test_recovery_code_seeds_are_stored_encrypted_and_still_work(personas):
    codes = RecoveryCodes.activate(personas.verbinder)
    stored = codes.instance.data["seed"]
    seed = Fernet(settings.MFA_ENCRYPTION_KEYS[0]).decrypt(stored.encode()).decode()
    assert len(seed) == 80 and seed not in stored
    assert codes.validate_code(codes.get_unused_codes()[0])


def test_the_migration_encrypts_secrets_stored_in_plain_text(personas):
    secret = generate_totp_secret()
    plain = Authenticator.objects.create(
        user=personas.verbinder, type="totp", data={"secret": secret}
    )
    already = TOTP.activate(personas.coordinator, generate_totp_secret()).instance
    already_stored = already.data["secret"]
    migration = importlib.import_module("buurtinbloei.migrations.0007_encrypt_mfa_secrets")

    migration.forward(apps, None)

    plain.refresh_from_db()
    assert secret not in plain.data["secret"]
    assert TOTP(plain).validate_code(current_code(secret))
    already.refresh_from_db()
    assert already.data["secret"] == already_stored  # not encrypted twice


@pytest.fixture
def authenticator(personas) -> Authenticator:
    return TOTP.activate(personas.verbinder, generate_totp_secret()).instance


def test_the_admin_shows_no_authenticator_secret(personas, authenticator):
    beheerder = client_for(personas.beheerder)
    url = f"/beheer/mfa/authenticator/{authenticator.pk}/change/"
    page = beheerder.get(url)
    assert page.status_code == 200
    assert authenticator.data["secret"] not in page.content.decode()
    assert 'name="data"' not in page.content.decode()
    assert beheerder.get("/beheer/mfa/authenticator/").status_code == 200


def test_the_admin_cannot_change_or_add_an_authenticator(personas, authenticator):
    beheerder = client_for(personas.beheerder)
    stored = authenticator.data
    response = beheerder.post(
        f"/beheer/mfa/authenticator/{authenticator.pk}/change/",
        {"user": personas.beheerder.pk, "type": "totp", "data": '{"secret": "AAAA"}'},
    )
    assert response.status_code == 403
    authenticator.refresh_from_db()
    assert authenticator.data == stored and authenticator.user == personas.verbinder
    assert beheerder.get("/beheer/mfa/authenticator/add/").status_code == 403


def test_deleting_an_authenticator_in_the_admin_is_audited(personas, authenticator):
    response = reauthenticated_client_for(personas.beheerder).post(
        f"/beheer/mfa/authenticator/{authenticator.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Authenticator.objects.filter(pk=authenticator.pk).exists()
    event = AuditEvent.objects.get(action="mfa_authenticator_deleted")
    assert (event.actor, event.object_type, event.object_id, event.details) == (
        personas.beheerder,
        "buurtinbloei.user",
        str(personas.verbinder.pk),
        {"type": "totp"},
    )


def test_deleting_authenticators_in_bulk_audits_each_one(personas, authenticator):
    codes = RecoveryCodes.activate(personas.verbinder).instance
    response = reauthenticated_client_for(personas.beheerder).post(
        "/beheer/mfa/authenticator/",
        {
            "action": "delete_selected",
            "_selected_action": [authenticator.pk, codes.pk],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=personas.verbinder).exists()
    assert sorted(
        AuditEvent.objects.filter(action="mfa_authenticator_deleted").values_list(
            "details__type", flat=True
        )
    ) == ["recovery_codes", "totp"]


def test_deleting_an_authenticator_asks_for_the_password_again(personas, authenticator):
    client = client_for(personas.beheerder)
    url = f"/beheer/mfa/authenticator/{authenticator.pk}/delete/"
    response = client.post(url, {"post": "yes"})
    assert response.url.startswith("/accounts/reauthenticate/")
    assert Authenticator.objects.filter(pk=authenticator.pk).exists()
    assert not AuditEvent.objects.filter(action="mfa_authenticator_deleted").exists()

    client.post(response.url, {"password": PASSWORD})
    assert not Authenticator.objects.filter(pk=authenticator.pk).exists()
    assert AuditEvent.objects.filter(action="mfa_authenticator_deleted").count() == 1
