# Two entry points for a fresh machine with only Python 3.11+:
#   make run    set up .venv and code the sample transcripts (then score them)
#   make test   set up .venv with the test and stanza extras (CPU torch; Chromium for browser tests) and run the tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= telaah.db

.PHONY: run test install install-test browser clean

# DEMO ONLY: the shipped samples are fictional, so `make run` gives their pseudonym key (a separate file) a
# published passphrase. For real interviews run `telaah run` with your own passphrase (see README, Privacy).
DEMO_KEY ?= .telaah/demo-pseudonyms.key
DEMO_PASSPHRASE ?= telaah-demo-only-not-secret

run: $(VENV)/.installed
	TELAAH_PASSPHRASE=$(DEMO_PASSPHRASE) $(BIN)/telaah run --db $(DB) --key $(DEMO_KEY) transcripts/samples
	$(BIN)/telaah passages --db $(DB) --format csv | head -5
	-$(BIN)/telaah score --db $(DB) --dry-run

test: $(VENV)/.installed-test browser
	$(BIN)/python -m pytest -q

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test,stanza]'
	touch $@

# Headless Chromium for the browser tests, from Debian's packages (no browser download).
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver fonts-dejavu-core; \
	fi

clean:
	rm -rf $(VENV) .telaah $(DB) $(DB)-wal $(DB)-shm
