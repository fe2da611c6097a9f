# One command per task; CI runs the same ones (.ci/run calls `make test`).
#
#   make run      start the app on http://127.0.0.1:8501 (another port: make run PORT=8502)
#   make test     lint, format check and every test, browser tests included
#   make lint     ruff check + format check        make format   apply ruff's fixes and format
#   make check    validate the content pack         make bench    run the benchmark harness
#   make soak     the long many-user test           make clean    remove caches (keeps .venv)
#
# The virtual environment lives in .venv; delete it to start over. Override the interpreter that
# creates it with `make PYTHON=python3.12 ...`.

PYTHON ?= python3
PORT ?= 8501
VENV ?= .venv
VPY := $(VENV)/bin/python
PIP_INSTALL := $(VPY) -m pip install --disable-pip-version-check --progress-bar off

# Stamps record which requirements file was last installed, so pip runs only when it changed.
RUN_STAMP := $(VENV)/.installed-requirements
DEV_STAMP := $(VENV)/.installed-requirements-dev

# Debian packages outside pip: the browser for e2e tests, `dot` for SVG/PNG export, the DejaVu
# font, and pdftoppm for looking at generated PDFs.
SYSTEM_PACKAGES := chromium graphviz fonts-dejavu-core poppler-utils
CHROMIUM := /usr/bin/chromium
DEJAVU_FONT := /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf

.PHONY: run test lint format bench soak check clean system-deps run-deps

run: $(RUN_STAMP) run-deps
	$(VPY) -m streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT)

test: $(DEV_STAMP) system-deps
	$(VPY) -m ruff check .
	$(VPY) -m ruff format --check .
	$(VPY) -m pytest

lint: $(DEV_STAMP)
	$(VPY) -m ruff check .
	$(VPY) -m ruff format --check .

format: $(DEV_STAMP)
	$(VPY) -m ruff check --fix .
	$(VPY) -m ruff format .

bench: $(DEV_STAMP) system-deps
	$(VPY) -m bench

soak: $(DEV_STAMP) system-deps
	$(VPY) -m pytest -m soak tests/soak

check: $(RUN_STAMP)
	$(VPY) -m journey check

clean:
	rm -rf .pytest_cache .ruff_cache .hypothesis test-results build dist *.egg-info
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +

$(VPY):
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): requirements.txt | $(VPY)
	$(PIP_INSTALL) -r requirements.txt
	touch $@

# The dev install includes requirements.txt, so it stamps both.
$(DEV_STAMP): requirements-dev.txt requirements.txt | $(VPY)
	$(PIP_INSTALL) -r requirements-dev.txt
	touch $@ $(RUN_STAMP)

# The app itself needs only Graphviz's `dot` (the in-page map); without it the map is drawn by
# Streamlit's own chart with no clickable nodes, so a missing `dot` is said, never fatal.
run-deps:
	@if command -v dot >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" -eq 0 ]; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends graphviz; \
	elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1; then \
		sudo apt-get update && sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends graphviz; \
	else \
		echo "run-deps: install Graphviz (dot) for the clickable map; the app runs without it."; \
	fi

# Installs the Debian packages when one is missing and apt-get exists (as root, or through sudo).
# Elsewhere it says what to install and carries on: browser tests then skip, except under CI=true,
# where they fail (see tests/conftest.py).
system-deps:
	@if command -v dot >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 \
		&& [ -x $(CHROMIUM) ] && [ -f $(DEJAVU_FONT) ]; then \
		echo "system-deps: chromium, graphviz, DejaVu fonts and poppler-utils are installed"; \
	elif ! command -v apt-get >/dev/null 2>&1; then \
		echo "system-deps: no apt-get here. Install by hand: Chromium at $(CHROMIUM), Graphviz (dot)," \
			"the DejaVu fonts and poppler-utils (pdftoppm). Until then browser tests are skipped."; \
	elif [ "$$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then \
		echo "system-deps: not root and no sudo. Run as root:" \
			"apt-get install --no-install-recommends $(SYSTEM_PACKAGES)"; \
	else \
		sudo=; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
		set -x; \
		$$sudo apt-get update && \
		$$sudo env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y --no-install-recommends $(SYSTEM_PACKAGES); \
	fi
