# Two commands for a newcomer:  make run  (set up, create the database, serve the app)
#                               make test (set up, run the whole suite, browser included)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed
PORT ?= 8501

.PHONY: run test setup system-deps lint db deploy benchmark clean

run: db
	$(VENV)/bin/streamlit run app.py --server.port $(PORT)

# The replica set on loopback: nginx on :8600 in front of one editor (/edit/) and two viewers
# (deploy/start.py; docs/deploy.md). Editing behind nginx needs BUDGET_EDITOR_PASSWORD_HASH or OIDC.
deploy: db
	$(PY) deploy/start.py --port 8600 --viewers 2

test: setup
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

setup: system-deps $(STAMP)

db: setup
	$(PY) -m budget init

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Debian's Chromium (browser tests, chart export), Noto CJK (Korean text in charts), nginx (the
# replica set and its test) and, for Debian's own Python, python3-venv. Installed through apt-get only when missing; as root
# directly, otherwise through sudo.
system-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	{ [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1; } || missing="$$missing nginx"; \
	$(PYTHON) -c "import ensurepip, venv" >/dev/null 2>&1 || missing="$$missing python3-venv"; \
	if command -v fc-list >/dev/null 2>&1; then \
	  fc-list | grep -qi "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	else \
	  dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing="$$missing fonts-noto-cjk"; \
	fi; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null 2>&1; then \
	    sudo=""; [ "$$(id -u)" = 0 ] || sudo="sudo"; \
	    echo "installing:$$missing"; \
	    $$sudo apt-get update -q && \
	    DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -q $$missing; \
	  else \
	    echo "Please install:$$missing (no apt-get here)"; exit 1; \
	  fi; \
	fi

# A venv left half-made by an earlier failed run (python but no pip) is made again.
$(STAMP): requirements.txt
	$(PY) -m pip --version >/dev/null 2>&1 || { rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install -q -r requirements.txt
	touch $(STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache data/budget.duckdb data/budget.duckdb.wal
