"""One client address for the audit log, the sign-up limit and allauth, read strictly."""

from __future__ import annotations

import pytest
from django.test import Client

from buurtinbloei import audit
from buurtinbloei.models import AuditEvent
from tests.factories import PASSWORD

PROXY = "10.0.0.2"


@pytest.fixture
def behind_proxy(settings):
    settings.BEHIND_TLS_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 1


def log_in(client: Client, email: str, password: str, *, forwarded_for: str):
    return client.post(
        "/accounts/login/",
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_failed_logins_behind_the_proxy_lock_out_the_attacker_not_the_colleagues(
    personas, behind_proxy
):
    attacker = Client()
    for n in range(10):
        # Different addresses each time: only the per-IP limit can stop this.
        log_in(attacker, f"gok{n}@example.org", "fout", forwarded_for="203.0.113.66")

    colleague = Client()
    response = log_in(colleague, personas.verbinder.email, PASSWORD, forwarded_for="198.51.100.20")
    assert response.status_code == 302
    assert "_auth_user_id" in colleague.session

    response = log_in(attacker, personas.coordinator.email, PASSWORD, forwarded_for="203.0.113.66")
    assert "Te veel inlogpogingen" in response.content.decode()
    assert "_auth_user_id" not in attacker.session


def test_a_client_cannot_dodge_the_limit_by_forging_earlier_hops(personas, behind_proxy):
    attacker = Client()
    for n in range(10):
        # The proxy appends the real address; whatever the client wrote before it is ignored.
        log_in(attacker, f"gok{n}@example.org", "fout", forwarded_for=f"192.0.2.{n}, 203.0.113.66")
    response = log_in(attacker, personas.coordinator.email, PASSWORD, forwarded_for="203.0.113.66")
    assert "Te veel inlogpogingen" in response.content.decode()


@pytest.mark.parametrize(
    ("forwarded_for", "logged_ip"),
    [
        ("garbage", PROXY),
        ("1.2.3.4:5678", "1.2.3.4"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("1.2.3.4, not-an-ip", PROXY),
        ("", PROXY),
        ("999.1.1.1", PROXY),
        ("fe80::1%eth0", PROXY),
    ],
)
def test_a_malformed_x_forwarded_for_never_breaks_the_login(
    personas, behind_proxy, forwarded_for, logged_ip
):
    client = Client()
    response = log_in(client, personas.verbinder.email, "fout", forwarded_for=forwarded_for)
    assert response.status_code == 200
    assert AuditEvent.objects.get(action="login_failed").ip == logged_ip

    response = log_in(client, personas.verbinder.email, PASSWORD, forwarded_for=forwarded_for)
    assert response.status_code == 302
    assert AuditEvent.objects.get(action="login").ip == logged_ip


@pytest.mark.parametrize(
    ("forwarded_for", "expected"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("203.0.113.9:51000", "203.0.113.9"),
        ("2001:db8::7", "2001:db8::7"),
        ("[2001:db8::7]", "2001:db8::7"),
        ("[2001:db8::7]:443", "2001:db8::7"),
        ("198.51.100.1 , 203.0.113.9", "203.0.113.9"),
        ("[2001:db8::7]:port", PROXY),
        ("1.2.3.4:", PROXY),
        ("1.2.3.4:99999", PROXY),
        (",", PROXY),
    ],
)
def test_the_client_ip_reads_the_last_hop_strictly(rf, behind_proxy, forwarded_for, expected):
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)
    assert audit.client_ip(request) == expected


def test_with_two_proxies_the_client_is_the_second_hop_from_the_end(rf, behind_proxy, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = rf.get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.9, 10.0.0.1"
    )
    assert audit.client_ip(request) == "203.0.113.9"


def test_without_a_proxy_an_unusable_remote_addr_gives_no_address(rf, settings):
    settings.BEHIND_TLS_PROXY = False
    assert audit.client_ip(rf.get("/", REMOTE_ADDR="")) is None
    assert audit.client_ip(rf.get("/", REMOTE_ADDR="192.0.2.7:1234")) == "192.0.2.7"
