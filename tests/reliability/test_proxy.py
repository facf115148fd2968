"""deploy/nginx.conf itself in front of the two app servers: TLS, the forwarded headers, the log.

Runs where nginx is installed (Debian: apt-get install nginx; .ci/run installs it).
The example is used as it is, with only the host-specific parts swapped for the test's own:
the certificate (made here, self-signed), the log directory, the port and the upstream servers.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from bench.prodserver import HOST, Client, free_port, hidden_inputs

from . import needs_postgres

pytestmark = [
    pytest.mark.reliability,
    needs_postgres,
    pytest.mark.skipif(
        not (shutil.which("nginx") and shutil.which("openssl")), reason="nginx is not installed"
    ),
]

EXAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"


def browser(port: int) -> Client:
    """A browser at https://127.0.0.1 (port 443 as far as the app knows: nginx passes $host)."""
    return Client(port, https=False, tls=True, host=HOST)


@pytest.fixture(scope="module")
def proxy(pair, tmp_path_factory):
    work = tmp_path_factory.mktemp("nginx")
    subprocess.run(  # noqa: S603
        [shutil.which("openssl"), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(work / "privkey.pem"), "-out", str(work / "fullchain.pem"),
         "-subj", "/CN=buurtinbloei.example.org"],
        check=True, capture_output=True,
    )  # fmt: skip
    port = free_port()
    site = EXAMPLE.read_text()
    site = site.replace("/etc/ssl/buurtinbloei", str(work)).replace("/var/log/nginx", str(work))
    site = re.sub(r"server \{\n    listen 80;.*?\n\}\n", "", site, flags=re.DOTALL)  # no :80
    site = site.replace("listen 443 ssl http2;", f"listen {HOST}:{port} ssl http2;")
    site = re.sub(r"    listen \[::\]:443 ssl http2;\n", "", site)
    upstreams = "".join(f"    server {HOST}:{s.port};\n" for s in (pair.a, pair.b))
    site = re.sub(r"    server 127\.0\.0\.1:8000[^\n]*\n", upstreams, site)
    (work / "site.conf").write_text(site)
    (work / "nginx.conf").write_text(
        f"pid {work}/nginx.pid;\nerror_log {work}/error.log;\ndaemon off;\nevents {{}}\n"
        # Run as root, nginx's workers are nobody: no temporary files in a root-only directory.
        f"http {{\n  client_body_temp_path {work};\n  proxy_temp_path {work};\n"
        "  proxy_max_temp_file_size 0;\n"
        f"  include {work}/site.conf;\n}}\n"
    )
    process = subprocess.Popen(  # noqa: S603
        [shutil.which("nginx"), "-c", str(work / "nginx.conf"), "-e", str(work / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(50):
            try:
                if Client(port, https=False, tls=True).get("/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        yield port, work / "buurtinbloei.access.log"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_through_nginx_the_app_sees_https_and_sets_hsts(proxy):
    port, _log = proxy
    status, _page, headers = browser(port).get("/")
    assert status == 200  # no redirect: nginx told the app the request came over TLS
    assert "max-age=31536000" in headers["Strict-Transport-Security"]


def test_a_forged_x_forwarded_for_does_not_get_past_the_sign_up_limit(proxy):
    port, _log = proxy
    # One client (127.0.0.1 to nginx) pretending to be six addresses.
    client = browser(port)
    answers = []
    for n in range(6):
        client.forwarded_for = f"203.0.113.{n + 1}"
        form = hidden_inputs(client.get("/aanmelden/?wil=hulp")[1], "/aanmelden/")
        fields = {
            **form,
            "first_name": "Proxy",
            "email": "proxy@example.org",
            "buurt": "onbekend",
            "help_wanted": f"proxy-{n}",
            "consent": "on",
        }
        answers.append(client.post("/aanmelden/", fields)[0])
    assert answers == [302, 302, 302, 302, 302, 429]


def test_nginx_logs_the_path_without_the_query_string(proxy):
    port, log = proxy
    browser(port).get("/aanmelden/?wil=hulp&q=0612345678")
    time.sleep(0.2)
    text = log.read_text()
    assert '"GET /aanmelden/ HTTP/1.1" 200' in text
    assert "0612345678" not in text and "wil=hulp" not in text
