"""gunicorn's configuration for Buurt in Bloei: `gunicorn -c gunicorn.conf.py buurtinbloei.wsgi`.

Every value can be changed through the environment (the systemd unit reads
/etc/buurtinbloei/env), so the file itself stays the same on every server. gunicorn reads the
file as Python; its names are gunicorn's settings (docs.gunicorn.org, "Settings").
"""

from __future__ import annotations

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"{name}={value!r} is not a whole number") from None


# Only the proxy on the same machine talks to gunicorn; never bind 0.0.0.0 without a firewall.
bind = [address.strip() for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")]

# Sync workers, the usual choice behind a buffering proxy: 2 per core plus one, so one waiting
# on the database does not leave a core idle. WEB_CONCURRENCY sets the number outright. Each
# worker has its own database pool: workers x servers must stay well below PostgreSQL's
# max_connections.
workers = _int("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1)
worker_class = "sync"

# A request that takes longer than this is killed (the worker restarts): no page takes more
# than a few seconds, the KPI exports included. The proxy's read timeout is a little longer.
timeout = _int("GUNICORN_TIMEOUT", 30)
# On a restart or stop (SIGTERM, systemd), running requests get this long to finish.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Keep-alive towards the proxy (used by gunicorn's asynchronous workers; sync workers answer
# each request on its own connection, the proxy keeps the connections to the browsers).
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Restart each worker after this many requests (plus a random part, so that not all restart
# at once): a slow memory leak in a library never grows without end.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)

# The proxy's address: only from there are X-Forwarded-Proto/-For believed by gunicorn (the app
# itself trusts them with BEHIND_TLS_PROXY, counting TRUSTED_PROXY_COUNT hops).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# The access log goes to standard output (journald under systemd). The request is written as
# method, path and protocol: %(U)s is the path WITHOUT the query string, where gunicorn's
# default %(r)s would write a search such as /inwoners/?q=06... in full. No referer (%(f)s)
# either, it carries the previous page's query string. %(M)s: the time the request took, in ms.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# No preload_app: each worker imports the app itself, so no database pool is opened in the
# master and shared by the forked workers.
proc_name = "buurtinbloei"

# The access log's path (%(U)s) without the token of a signed link (/check-in/<token>/,
# /studentenhuis/bevestigen/<token>/): those links work without login, and a log is read by
# more people than the contact the link was mailed to (buurtinbloei/logging.py, redact_path).
from gunicorn.glogging import Logger  # noqa: E402

from buurtinbloei.logging import redact_path  # noqa: E402


class AccessLogWithoutTokens(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        if isinstance(atoms.get("U"), str):
            atoms["U"] = redact_path(atoms["U"])
        return atoms


logger_class = AccessLogWithoutTokens
