"""The production set-up's files (gunicorn.conf.py, deploy/) say what the app needs.

They run without a database; the production server itself is started by
bench/smoke_production.py (`make smoke-production`, in CI) and tests/reliability/.
"""

from __future__ import annotations

import os
import re
import runpy
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SYSTEMD = DEPLOY / "systemd"


def _job_commands() -> set[str]:
    """Every management command written as a scheduled job (buurtinbloei/jobs.py)."""
    from django.core.management import get_commands, load_command_class

    from buurtinbloei.jobs import JobCommand

    return {
        name
        for name, app in get_commands().items()
        if not app.startswith("django") and isinstance(load_command_class(app, name), JobCommand)
    }


#: The scheduled jobs: ours, and Django's own clearsessions.
JOBS = {*_job_commands(), "clearsessions"}


def gunicorn_config(monkeypatch, **env: str) -> dict:
    for name in ("WEB_CONCURRENCY", "GUNICORN_BIND", "GUNICORN_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_gunicorn_takes_its_workers_from_the_cores_unless_told(monkeypatch):
    assert gunicorn_config(monkeypatch)["workers"] == 2 * os.cpu_count() + 1
    assert gunicorn_config(monkeypatch, WEB_CONCURRENCY="3")["workers"] == 3


def test_gunicorn_listens_on_localhost_unless_told(monkeypatch):
    assert gunicorn_config(monkeypatch)["bind"] == ["127.0.0.1:8000"]
    assert gunicorn_config(monkeypatch, GUNICORN_BIND="127.0.0.1:8001")["bind"] == [
        "127.0.0.1:8001"
    ]


def test_gunicorn_refuses_a_timeout_that_is_not_a_number(monkeypatch):
    with pytest.raises(SystemExit, match="GUNICORN_TIMEOUT"):
        gunicorn_config(monkeypatch, GUNICORN_TIMEOUT="lang")


def test_gunicorns_access_log_has_the_path_and_time_but_no_query_string(monkeypatch):
    log_format = gunicorn_config(monkeypatch)["access_log_format"]
    assert "%(U)s" in log_format and "%(M)s" in log_format
    for leaky in ("%(r)s", "%(q)s", "%(f)s"):  # request line, query string, referer
        assert leaky not in log_format


def variables_read(path: Path) -> set[str]:
    text = path.read_text()
    names = set(re.findall(r'env_(?:str|int|bool|list)\(\s*"([A-Z0-9_]+)"', text))
    names |= set(re.findall(r'os\.environ\.get\(\s*"([A-Z0-9_]+)"', text))
    names |= set(re.findall(r'_int\(\s*"([A-Z0-9_]+)"', text))
    return names


def test_env_example_names_every_variable_the_settings_read():
    example = (DEPLOY / "env.example").read_text()
    named = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", example, flags=re.MULTILINE))
    read = variables_read(ROOT / "buurtinbloei" / "settings.py")
    read |= variables_read(ROOT / "gunicorn.conf.py")

    assert "SECRET_KEY" in read and "WEB_CONCURRENCY" in read
    assert read - named == set()


def test_every_scheduled_job_has_a_service_and_a_timer():
    for job in JOBS:
        unit = f"buurtinbloei-{job.replace('_', '-')}"
        service = (SYSTEMD / f"{unit}.service").read_text()
        timer = (SYSTEMD / f"{unit}.timer").read_text()
        assert re.search(rf"^ExecStart=\S+/python manage\.py {job}$", service, re.MULTILINE)
        assert f"Unit={unit}.service" in timer
        assert "OnCalendar=" in timer
    timers = {path.stem for path in SYSTEMD.glob("*.timer")}
    assert timers == {f"buurtinbloei-{job.replace('_', '-')}" for job in JOBS}


def test_the_jobs_run_as_the_app_does():
    app = (SYSTEMD / "buurtinbloei.service").read_text()
    assert "-c /srv/buurtinbloei/gunicorn.conf.py" in app
    shared = [
        "User=buurtinbloei",
        "EnvironmentFile=/etc/buurtinbloei/env",
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
    ]
    for path in SYSTEMD.glob("*.service"):
        text = path.read_text()
        assert all(line in text for line in shared), path.name


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
def test_systemd_accepts_the_units():
    units = sorted(str(path) for path in SYSTEMD.glob("*.[st]*"))
    result = subprocess.run(  # noqa: S603
        [shutil.which("systemd-analyze"), "verify", "--man=no", *units],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    # The code is not installed here (/srv/buurtinbloei/.venv/...): everything else must pass.
    problems = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if line.strip() and "is not executable" not in line
    ]
    assert problems == []


def test_the_proxies_pass_what_the_app_trusts_and_log_no_query_strings():
    nginx = (DEPLOY / "nginx.conf").read_text()
    assert "proxy_set_header X-Forwarded-Proto https;" in nginx
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in nginx
    assert "proxy_set_header Host $host;" in nginx
    log_format = re.search(r"log_format buurtinbloei (.*?);", nginx, re.DOTALL)[1]
    assert "$uri" in log_format
    assert "$request " not in log_format and "$request_uri" not in log_format
    assert "$http_referer" not in log_format and "$args" not in log_format
    caddy = (DEPLOY / "Caddyfile").read_text()
    assert "reverse_proxy 127.0.0.1:8000" in caddy
    assert 'request>uri regexp "\\?.*$" ""' in caddy


def test_the_proxies_take_a_body_a_little_over_the_apps_largest_upload(settings):
    nginx = (DEPLOY / "nginx.conf").read_text()
    caddy = (DEPLOY / "Caddyfile").read_text()
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", nginx)[1])
    assert re.search(rf"max_size {megabytes}MB", caddy)
    limit = megabytes * 1024 * 1024
    largest = max(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, settings.STORY_PHOTO_MAX_BYTES)
    assert largest < limit < 2 * largest


def test_gunicorns_access_log_leaves_out_the_token_of_a_mailed_link(monkeypatch):
    import datetime

    from gunicorn.config import Config

    logger = gunicorn_config(monkeypatch)["logger_class"](Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/studentenhuis/bevestigen/abc:1x:geheim/",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": "/studentenhuis/bevestigen/abc:1x:geheim/",
    }
    response = type("Response", (), {"status": "410 Gone", "sent": 10, "headers": []})()
    atoms = logger.atoms(response, [], environ, datetime.timedelta(milliseconds=5))
    assert atoms["U"] == "/studentenhuis/bevestigen/…/"
    environ["PATH_INFO"] = "/verhalen/3/"
    atoms = logger.atoms(response, [], environ, datetime.timedelta(milliseconds=5))
    assert atoms["U"] == "/verhalen/3/"
