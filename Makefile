# MedEzy: two set-up commands (`make demo`, `make test`); the rest are building blocks.
SHELL := /bin/bash
PYTHON_APP := $(shell scripts/find-python.sh 3.11+ "$(PYTHON)")
PYTHON_RASA_BIN := $(shell scripts/find-python.sh 3.10 "$(PYTHON_RASA)")
VENV := .venv
RASA_VENV := .venv-rasa
PIP_FLAGS := --quiet --disable-pip-version-check --no-input
export RASA_TELEMETRY_ENABLED := false
export PIP_NO_WARN_SCRIPT_LOCATION := 1

BOT_SOURCES := $(shell find bot -name '*.yml' -not -path 'bot/models/*' -not -path 'bot/.rasa/*' -not -path 'bot/tests/*' -not -path 'bot/eval/*' 2>/dev/null)
# The pipeline's own component (Devanagari romanizer) is part of the model too.
BOT_SOURCES += $(shell find bot/medezy_nlu -name '*.py' 2>/dev/null)
MODEL := bot/models/medezy.tar.gz

.PHONY: demo test install model up down bench eval clean

demo: install model  ## run the whole product on the embedded default (SQLite, no Redis)
	$(VENV)/bin/medezy demo

test: install model  ## the whole test suite on real PostgreSQL and Redis
	scripts/browser.sh
	$(VENV)/bin/python -m pytest

install: $(VENV)/.installed $(RASA_VENV)/.installed

# Reinstall only when the lock or the project metadata changes.
$(VENV)/.installed: requirements/app.lock pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON_APP) -m venv $(VENV)
	$(VENV)/bin/pip install $(PIP_FLAGS) -r requirements/app.lock 2> >(grep -v "^WARNING: Location" >&2)
	$(VENV)/bin/pip install $(PIP_FLAGS) --no-deps -e . 2> >(grep -v "^WARNING: Location" >&2)
	touch $@

$(RASA_VENV)/.installed: requirements/rasa.lock
	test -x $(RASA_VENV)/bin/python || $(PYTHON_RASA_BIN) -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/pip install $(PIP_FLAGS) -r requirements/rasa.lock 2> >(grep -v "^WARNING: Location" >&2)
	touch $@

model: $(MODEL)

# Retrain only when bot config, domain or training data change (rasa also caches by fingerprint).
$(MODEL): $(RASA_VENV)/.installed $(BOT_SOURCES)
	cd bot && ../$(RASA_VENV)/bin/rasa train --domain domain --fixed-model-name medezy --out models --quiet
	touch $@

eval: install model  ## blind-set intent accuracy per language (fails under 0.90, the target) and 5-fold cross-validation
	$(RASA_VENV)/bin/python scripts/nlu_eval.py --cv --min-accuracy 0.90

bench: install model  ## benchmarks on real PostgreSQL; prints ratios against raw baselines
	$(VENV)/bin/python -m bench

up: model  ## production stack (needs a Docker engine): Postgres, Redis, MinIO, rasa, actions, console, worker
	docker compose up -d --build

down:
	docker compose down

clean:
	rm -rf $(VENV) $(RASA_VENV) bot/models bot/.rasa var
