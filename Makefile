# The two set-up commands are `make run` and `make test`; everything installs into .venv.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUN_ENV := DJANGO_DEBUG=1
# `make run PORT=8001` serves on another port when 8000 is taken.
PORT ?= 8000

.PHONY: run test lint format bench screenshots clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py seed_framework
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed-dev
	scripts/ensure_chromium.sh
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(VENV)/.installed-dev
	$(PY) bench/run.py $(ARGS)

screenshots: $(VENV)/.installed-dev
	SKILLGAP_SCREENSHOTS=docs/screenshots $(VENV)/bin/pytest tests/e2e/test_screenshots*.py -q

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
