"""Encrypt TOTP secrets and recovery-code seeds stored before MFAAdapter encrypted them.

A value that already decrypts with MFA_ENCRYPTION_KEY is left alone, so the migration can run
on any database; backwards it writes them in plain text again.
"""

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import migrations


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in settings.MFA_ENCRYPTION_KEYS])


def _is_encrypted(fernet: MultiFernet, value: str) -> bool:
    try:
        fernet.decrypt(value.encode())
    except InvalidToken:
        return False
    return True


def _encrypt(fernet: MultiFernet, value: str) -> str:
    return value if _is_encrypted(fernet, value) else fernet.encrypt(value.encode()).decode()


def _decrypt(fernet: MultiFernet, value: str) -> str:
    return fernet.decrypt(value.encode()).decode() if _is_encrypted(fernet, value) else value


def _convert(apps, convert) -> None:
    Authenticator = apps.get_model("mfa", "Authenticator")
    fernet = _fernet()
    for authenticator in Authenticator.objects.filter(type__in=["totp", "recovery_codes"]):
        data = dict(authenticator.data)
        for key in ("secret", "seed"):
            if isinstance(data.get(key), str):
                data[key] = convert(fernet, data[key])
        if isinstance(data.get("migrated_codes"), list):
            data["migrated_codes"] = [convert(fernet, code) for code in data["migrated_codes"]]
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def forward(apps, schema_editor):
    _convert(apps, _encrypt)


def backward(apps, schema_editor):
    _convert(apps, _decrypt)


class Migration(migrations.Migration):
    dependencies = [
        ("buurtinbloei", "0006_auditevent_details"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]
    operations = [migrations.RunPython(forward, backward)]
