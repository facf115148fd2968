"""Two app servers behind one proxy share everything through PostgreSQL (issue 14).

Servers A and B are two gunicorn processes (each with its own workers) on one database, with
the same settings. A person's requests may land on either: the session, the sign-up's rate
limit and allauth's login-failure limit (the database cache) must be the same on both. Staff
log in with a password only here (MFA_REQUIRED=false; see conftest.py).
"""

from __future__ import annotations

import pytest

from bench.prodserver import HOST, Client, hidden_inputs, login

from . import needs_postgres

pytestmark = [pytest.mark.reliability, needs_postgres]


def clients_on_both(pair, address: str) -> tuple[Client, Client]:
    """One person (one address, one cookie jar) whose requests the proxy spreads over A and B;
    the proxy passes the same Host to both (allauth's login limit counts per site and account)."""
    a = Client(pair.a.port, forwarded_for=address, host=HOST)
    b = Client(pair.b.port, forwarded_for=address, host=HOST)
    b.cookies = a.cookies
    return a, b


def test_a_session_started_on_one_server_works_on_the_other(pair):
    a, b = clients_on_both(pair, "198.51.100.21")

    status, location = login(a, pair.staff_email, pair.staff_password)
    assert (status, location) == (302, "/")

    status, page, _ = b.get("/")
    assert status == 200
    assert "Goedendag, Schaal" in page.decode()

    # Logging out on B ends the session for A as well.
    b.post("/accounts/logout/", hidden_inputs(b.get("/")[1], "/accounts/logout/"))
    status, page, _ = a.get("/")
    assert "Goedendag" not in page.decode()


def test_the_sign_up_limit_counts_across_both_servers(pair):
    a, b = clients_on_both(pair, "198.51.100.22")
    answers = []
    for n in range(6):
        server = a if n % 2 == 0 else b
        form = hidden_inputs(server.get("/aanmelden/?wil=hulp")[1], "/aanmelden/")
        fields = {
            **form,
            "first_name": "Schaal",
            "email": "schaal@example.org",
            "buurt": "onbekend",
            "help_wanted": f"scale-out-{n}",
            "consent": "on",
        }
        answers.append(server.post("/aanmelden/", fields)[0])

    # The default limit, 5 per hour per address: the sixth post (on B) is refused.
    assert answers == [302, 302, 302, 302, 302, 429]


def test_failed_logins_on_one_server_count_on_the_other(pair):
    a, b = clients_on_both(pair, "198.51.100.23")
    for n in range(5):  # LOGIN_FAILED_RATE_LIMIT's default: 5 per 5 minutes per account
        server = a if n % 2 == 0 else b
        login(server, pair.staff_email, "niet-het-wachtwoord")

    page = b.get("/accounts/login/")[1]
    fields = {"login": pair.staff_email, "password": pair.staff_password}
    page = b.post("/accounts/login/", {**fields, **hidden_inputs(page, "/accounts/login/")})[1]

    # Locked out: even the right password does not log in, and the page says why.
    assert "Te veel inlogpogingen" in page.decode()
    assert b.get("/")[1].decode().count("Goedendag") == 0
