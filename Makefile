# Two commands matter: `make run` (start everything) and `make test` (run every test).
# Both bootstrap first: venv, pinned dependencies (only when the requirement files change),
# .env with generated secrets, database migrations.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Rasa's command line, imported in the order that keeps loading a model fast (bot/rasa_ext/import_order.py).
RASA := $(PY) -m bot.rasa_ext.rasa_command
REQUIREMENTS := requirements/lock.txt requirements/rasa.txt
STAMP := $(VENV)/.installed-$(shell cat $(REQUIREMENTS) | sha256sum | cut -c1-16)

export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

.PHONY: run run-scaled test setup db train reload validate check lint typecheck stories bench bench-load bench-nlu bench-reload \
	bench-conversation bench-fit bench-answers bench-throughput bench-soak widget

run: db train
	$(PY) -m bot serve

# The production profile on one machine (docs/OPERATIONS.md): 2 Rasa servers, 2 action servers and
# 2 web workers behind nginx, with PostgreSQL and Redis from Debian's packages (data under var/).
run-scaled: setup train
	$(PY) -m bot serve --scaled --local-backends

test: db validate check lint typecheck stories
	$(PY) -m pytest; rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

# Rasa declares Python <3.11: install it without dependency resolution, its dependencies from the lock.
$(STAMP): $(REQUIREMENTS)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements/lock.txt
	$(PY) -m pip install --quiet --no-deps --ignore-requires-python -r requirements/rasa.txt
	rm -f $(VENV)/.installed-*
	touch $@

setup: $(STAMP) widget
	$(PY) -m bot env init

# The widget's socket.io browser client: pinned in widget/package-lock.json, fetched from the npm registry
# and copied (with its licence) into the web app's static folder. Re-runs only when the pins change.
# The same install brings axe-core, which the browser tests run on every page (tests/browser/test_accessibility.py).
WIDGET_VENDOR := bot/web/static/vendor/socket.io.min.js
$(WIDGET_VENDOR): widget/package.json widget/package-lock.json
	cd widget && npm ci --no-audit --no-fund --ignore-scripts
	mkdir -p bot/web/static/vendor
	cp widget/node_modules/socket.io-client/dist/socket.io.min.js $@
	cp widget/node_modules/socket.io-client/LICENSE bot/web/static/vendor/socket.io-client.LICENSE

widget: $(WIDGET_VENDOR)

db: setup
	$(PY) -m bot db upgrade

# Trains only when config, domain, data or code changed since the newest model (else reuses it).
train: setup
	$(PY) -m bot train

# Train what changed and swap the running assistant (started by `make run`) onto it, without a restart.
reload: setup
	$(PY) -m bot reload

# Conversation tests: every story in tests/stories must be predicted exactly (100% correct).
stories: train
	$(RASA) test core --stories tests/stories --model models --out results/stories --fail-on-prediction-errors

# Marketers' one command: content mistakes in plain words (seconds, no training).
check: setup
	$(PY) -m bot check

validate: setup
	$(RASA) data validate

lint: setup
	$(PY) -m ruff check .

# mypy on bot/ and actions/ (settings in pyproject.toml).
typecheck: setup
	$(PY) -m mypy

bench: setup
	$(PY) -m bot.bench conversation runtime throughput load

# The conversation-quality suite: 40 scripted visitors over REST, re-asks, non-answers, dead ends, reflections.
bench-conversation: setup
	$(PY) -m bot.bench conversation

# Load only: 10/50/100 visitors on the default and the scaled profile (needs postgresql, redis-server, nginx).
bench-answers: setup
	$(PY) -m bot.bench answers

bench-fit: setup
	$(PY) -m bot.bench fit

# Throughput against Rasa's starter bot (same generator, same run), message cost by conversation length,
# SQL round trips per turn, start time and memory.
bench-throughput: setup
	$(PY) -m bot.bench throughput

bench-load: setup
	$(PY) -m bot.bench load

bench-nlu: setup
	$(PY) -m bot.bench nlu

# 30 minutes on each profile (SOAK_MINUTES=5 for a quick look); not part of `make test`.
bench-soak: setup
	$(PY) -m bot.bench soak

bench-reload: setup
	$(PY) -m bot.bench reload
