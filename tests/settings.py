"""The production settings with the environment a test run needs, and nothing else changed.

The test client and the live server speak plain HTTP on localhost, so TLS-only behaviour is off
here; ``tests/core/test_settings.py`` checks production mode itself in a subprocess.
"""

import os

for _name, _value in {
    "SECRET_KEY": "tests-only-not-a-secret",
    "MFA_ENCRYPTION_KEY": "dGVzdHMtb25seS1ub3QtYS1zZWNyZXQtMzItYnl0ZXM=",
    "ALLOWED_HOSTS": "localhost,127.0.0.1,testserver",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_COOKIES": "false",
    "BEHIND_TLS_PROXY": "false",
    "MFA_REQUIRED": "false",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    # Tests (and browser tests) fill in the sign-up form in well under the human minimum and
    # send many from 127.0.0.1; the tests of those checks set their own values.
    "SIGNUP_MIN_SECONDS": "0",
    "SIGNUP_RATE_LIMIT": "1000/m",
    "SITE_URL": "http://testserver",
    # A made-up number in an Eindhoven format, so the pages that show it can be tested.
    "WIJ_PHONE": "040 123 4567",
    # Queued mail is sent in the committing thread, so a test sees it in mail.outbox at once;
    # tests of the background sender turn the thread on (tests/core/test_mail_outbox.py).
    "MAIL_SEND_IN_THREAD": "false",
}.items():
    os.environ.setdefault(_name, _value)

from buurtinbloei.settings import *  # noqa: E402, F403
from buurtinbloei.settings import DATABASES, STORAGES, VAR_DIR  # noqa: E402

# Hashing passwords properly makes every login in a test slow; tests need no real hashing.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The live server answers 404 for hashed names from the manifest storage (RECIPES.md).
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Rate-limit counters in memory, cleared around every test (conftest.py); production keeps
# them in the database so that several app servers share them.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Transactional tests (the live server, concurrency tests) empty the database with TRUNCATE,
# which the audit log's trigger refuses unless the connection says otherwise (migration 0005).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"]["OPTIONS"]
    _options["options"] = f"{_options.get('options', '')} -c buurtinbloei.allow_audit_truncate=on"
# On SQLite the test database is a file, like production's: in WAL mode with a busy timeout,
# so two requests at once (a double tap against the live server) wait for each other. Django's
# default in-memory test database shares one cache between threads and answers "database table
# is locked" instead. One file per test process, so parallel runs do not meet.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}

# Story photos go to a throw-away folder, never into var/ of the checkout.
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="bib-test-private-media-"))
