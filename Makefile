# Two commands: `make run` starts the platform, `make test` runs the whole suite.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: run test setup services browser nginx locales bench

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed

run: setup
	$(VENV)/bin/copp migrate
	@test -f data/.demo-seeded || ($(VENV)/bin/copp seed-demo && mkdir -p data && touch data/.demo-seeded)
	$(VENV)/bin/copp run

services:
	bash .ci/services

browser:  # Debian's Chromium for the admin panel's browser tests (Playwright drives it)
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

nginx:  # Debian's nginx for tests/deploy (started there unprivileged, in front of `copp web`)
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx)

test: setup services browser nginx
	$(PY) -m ruff check .
	$(PY) -m pytest -q -n 2 --dist loadfile  # two workers, a test file stays on one

locales: setup
	$(PY) locales/sync.py

bench: setup services
	$(PY) bench/dialog_throughput.py
	$(PY) bench/search.py
	$(PY) bench/site.py
	$(PY) bench/registration.py
	$(PY) bench/broadcast.py
	$(PY) bench/journal_chain.py
	$(PY) bench/backup.py
	$(PY) bench/memory.py
	$(PY) bench/consultations.py
	$(PY) bench/webchat.py
