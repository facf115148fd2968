# Buurt in Bloei: `make run` to try it, `make test` to test it. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install run test test-nightly lint format messages check-deploy bench bench-smoke \
	smoke-production load backup restore clean

$(VENV)/.installed: requirements-dev.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q uv
	$(VENV)/bin/uv pip sync -q --python $(PY) --require-hashes requirements-dev.lock
	touch $@

install: $(VENV)/.installed

# Development server with generated demo data (SQLite under var/ unless DATABASE_URL is set).
run: install
	DEBUG=true $(PY) manage.py migrate --no-input
	DEBUG=true $(PY) manage.py createcachetable
	DEBUG=true $(PY) manage.py seed_demo --if-empty
	@echo "Buurt in Bloei runs at http://127.0.0.1:8000 (Ctrl+C stops it)."
	DEBUG=true $(PY) manage.py runserver 127.0.0.1:8000

# The whole suite, browser tests included (they need Debian's chromium; see README).
test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# The long runs: the 50-client, 30-second load test (needs DATABASE_URL=postgres://...) and the
# fuzz tests with 1,000 examples each. `make test` deselects them (pyproject.toml).
test-nightly: install
	HYPOTHESIS_PROFILE=nightly $(PY) -m pytest -m nightly -p no:randomly -v $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh the translation catalogues after changing strings; commit locale/ afterwards.
messages: install
	DEBUG=true $(PY) manage.py makemessages -l en --ignore=.venv --ignore=var --no-obsolete
	DEBUG=true $(PY) manage.py compilemessages --ignore=.venv

check-deploy: install
	SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	MFA_ENCRYPTION_KEY=$$($(PY) -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())') \
	ALLOWED_HOSTS=buurtinbloei.example.org MFA_REQUIRED=true \
	$(PY) manage.py check --deploy --fail-level WARNING

# Benchmark the production server (gunicorn, DEBUG off) against the database in DATABASE_URL;
# seed it first (seed_demo --force --scale city for the city). BENCH_ARGS: see bench/run.py.
BENCH_ARGS ?= --concurrency 1,8 --duration 3 --reps 3
bench: install
	@test -n "$$DATABASE_URL" || { echo "make bench needs DATABASE_URL (PostgreSQL)"; exit 1; }
	$(PY) bench/run.py $(BENCH_ARGS)

# CI's short run at demo scale: migrate and seed the DATABASE_URL database, a second per page.
bench-smoke: install
	@test -n "$$DATABASE_URL" || { echo "make bench-smoke needs DATABASE_URL"; exit 1; }
	DEBUG=true $(PY) manage.py migrate --no-input
	DEBUG=true $(PY) manage.py createcachetable
	DEBUG=true $(PY) manage.py seed_demo
	$(PY) bench/run.py --concurrency 1,4 --duration 0.6 --reps 1 --min 1 \
		--json var/bench/bench-smoke.json

# A backup of the database in DATABASE_URL to BACKUP_DIR (README, "Backups"), with the same
# environment as the app (BACKUP_ENCRYPTION_KEY encrypts it).
backup: install
	$(PY) manage.py backup

# Restore FILE into RESTORE_DATABASE_URL (a new, empty database), or into DATABASE_URL without it.
# A database with tables is refused; add RESTORE_ARGS=--force to replace its contents.
restore: install
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backup [RESTORE_DATABASE_URL=url]"; exit 1; }
	$(PY) manage.py restore "$(FILE)" \
		$(if $(RESTORE_DATABASE_URL),--database-url "$(RESTORE_DATABASE_URL)") $(RESTORE_ARGS)

# The production set-up end to end: a fresh PostgreSQL database next to DATABASE_URL's,
# migrate, collectstatic, check --deploy, gunicorn with gunicorn.conf.py (DEBUG=false, MFA on)
# and checks over HTTP as behind the TLS proxy; the database is dropped afterwards. CI runs it.
smoke-production: install
	@test -n "$$DATABASE_URL" || { echo "make smoke-production needs DATABASE_URL (PostgreSQL)"; exit 1; }
	$(PY) bench/smoke_production.py

# The load test of the public sign-up: LOAD_ARGS (see bench/load_signup.py), default 50 clients
# for 30 seconds against gunicorn with gunicorn.conf.py on a fresh PostgreSQL database.
LOAD_ARGS ?= --clients 50 --duration 30 --json var/load/signup.json
load: install
	@test -n "$$DATABASE_URL" || { echo "make load needs DATABASE_URL (PostgreSQL)"; exit 1; }
	$(PY) bench/load_signup.py $(LOAD_ARGS)

clean:
	rm -rf $(VENV) var/static
