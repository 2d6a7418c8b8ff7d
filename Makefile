# The README's two commands: `make run` (set up and run the quick suite) and `make test`.
# .venv is built with the newest Python >= 3.12 found (PYTHON=... overrides), from the committed lock.
PYTHON ?= $(shell scripts/find-python)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench install lock clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "twinbench needs Python >= 3.12 (PyMC 6, ArviZ 1): install python3.13 or python3.12, or pass PYTHON=/path/to/python3.12+"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/twinbench list --versions
	$(BIN)/twinbench run

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/asv machine --yes
	$(BIN)/asv run --python=same --quick --set-commit-hash $$(git rev-parse HEAD)

# Re-resolve the lock from pyproject.toml (needs uv: `python3 -m pip install uv`), then reinstall.
lock:
	uv pip compile pyproject.toml --extra test --python-version 3.13 --upgrade -o requirements.lock

clean:
	rm -rf $(VENV) results/runs .asv
