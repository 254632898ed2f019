# The two commands of the README: `make run` and `make test`.
# Each (re)creates .venv when pyproject.toml changed, so a fresh clone needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint typecheck format install install-test assets clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

# The tasklist's browser assets (bpmn-js, form-js, htmx) come from npm at build time and are
# served from the package: tasklist/static/vendor/ (git-ignored).
ASSETS := tasklist/static/vendor/htmx.min.js

$(ASSETS): tasklist/assets/package.json tasklist/assets/package-lock.json tasklist/assets/build.py
	$(PYTHON) tasklist/assets/build.py
	touch $@

assets: $(ASSETS)
install: $(VENV)/.installed $(ASSETS)
install-test: $(VENV)/.installed-test $(ASSETS)

# Laptop defaults: the demo tasklist users (password "demo") unless you name your own file.
run: install
	BATON_TASKLIST_CONFIG="$${BATON_TASKLIST_CONFIG:-examples/tasklist-demo.toml}" $(BIN)/baton run

test: install-test
	$(BIN)/python -m pytest

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

typecheck: install-test
	$(BIN)/mypy

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) build *.egg-info tasklist/assets/node_modules
	find tasklist/static/vendor -mindepth 1 ! -name .gitignore -delete
