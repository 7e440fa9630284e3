# Vitrina: the whole set-up is `make run` (the app with demo data) and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench messages install install-test browser clean-var

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet ".[test]"
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# Debian's Chromium for the browser tests; Playwright's own browser download
# is not used.
browser:
	@command -v chromium >/dev/null 2>&1 || test -x "$${CHROMIUM_PATH:-/usr/bin/chromium}" || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Browser tests need Chromium: sudo apt-get install chromium (or set CHROMIUM_PATH)"; exit 1; \
	  fi; }

run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	HOST=$(HOST) PORT=$(PORT) bin/run-all

test: install-test browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install-test
	$(BIN)/python bench/run.py

messages: install
	bin/messages

clean-var:
	rm -rf var
