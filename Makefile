# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
STAMP  := $(VENV)/.installed

.PHONY: demo test lint setup clean bench serve

setup: $(STAMP)

$(STAMP): pyproject.toml requirements-face.txt scripts/system-deps.sh
	bash scripts/system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip "setuptools<81" wheel
	$(PIP) install --quiet -e ".[test,web]"
	$(PIP) install --quiet --no-deps -r requirements-face.txt
	$(PY) -c "import face_recognition, weasyprint, redaction, posters" 2>/dev/null
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/posters demo samples --out out

# The web application on ./posters-data with the fictional samples and one demo login per role.
serve: $(STAMP)
	$(VENV)/bin/posters serve --data posters-data --demo

test: $(STAMP) lint
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check posters redaction
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) out .pytest_cache .hypothesis posters-data
