# The README's two commands: `make run` (set up and run the quick suite) and `make test`.
# .venv is built with the newest Python >= 3.12 found (PYTHON=... overrides), from the committed lock.
PYTHON ?= $(shell scripts/find-python)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench bench-exhaustive bench-quick bench-check bench-timeline install lock clean r-deps r-extra

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "twinbench needs Python >= 3.12 (PyMC 6, ArviZ 1): install python3.13 or python3.12, or pass PYTHON=/path/to/python3.12+"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv

# The lock (everything but the optional `r` extra, which builds only against an installed R); uv
# installs it (seconds from its cache, against minutes for pip). No root needed. The lock pins every
# package, so it installs with --no-deps: exactly what it lists, overrides included (requirements-overrides.txt).
UV_INSTALL := $(BIN)/uv pip install --python $(BIN)/python --quiet
$(STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(UV_INSTALL) --no-deps -r requirements.lock
	$(UV_INSTALL) --no-deps -e .
	touch $(STAMP)

# The `r` extra, for the glmm study only (21.23: lme4's glmer through rpy2): R and lme4 from the
# system's packages (root or sudo), then requirements-r.lock (rpy2 pinned within the main lock). `make test` installs it (CI runs as root).
R_STAMP := $(VENV)/.r-installed
$(R_STAMP): requirements-r.lock | $(STAMP)
	$(MAKE) r-deps
	$(UV_INSTALL) -r requirements-r.lock
	touch $(R_STAMP)

r-extra: $(R_STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/twinbench list --versions
	$(BIN)/twinbench run

# Tests run on both cores (pytest-xdist; nothing in them is timed) except the benchmark gate's,
# which time gradients and so run alone afterwards.
test: $(STAMP) $(R_STAMP) browser-deps
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n 2 --dist worksteal -m "not bench_gate"
	$(BIN)/python -m pytest -m bench_gate

# asv: environments under .asv/env, one per Python (uv installs the commit's lock into it); the
# machine is named by its kind (scripts/asv-machine), so clones and CI runners of one kind draw one line.
ASV_PATH := $(CURDIR)/$(BIN):$(dir $(realpath $(PYTHON))):$(PATH)
ASV := PATH="$(ASV_PATH)" $(BIN)/asv
MACHINE = $$(PATH="$(ASV_PATH)" scripts/asv-machine $(BIN)/asv)
BENCH ?= .
BENCH_FACTOR ?= 1.5
BASE ?= HEAD

# asv rewrites results/asv/benchmarks.json with what a run discovers, and the dashboard draws from it: a
# smaller set (fewer suites defined) would drop the others, a renamed benchmark its old history. KEEP_LIST
# runs a command and puts the committed list back with the run's entries merged in
# (scripts/merge-benchmark-list), whatever the command's exit status (which it passes on).
KEEP_LIST = mkdir -p .asv && cp results/asv/benchmarks.json .asv/benchmarks.kept.json && { $(1); status=$$?; \
	$(BIN)/python scripts/merge-benchmark-list .asv/benchmarks.kept.json results/asv/benchmarks.json; exit $$status; }

# Every suite on the checked-out commit (full set, <= 20 min here); results go to results/asv/.
bench: $(STAMP)
	$(call KEEP_LIST,$(ASV) run --machine $(MACHINE) --show-stderr --bench '$(BENCH)' HEAD^!)

# Every NUTS method on every representative posterior and the harness overhead (~50 min here): the cross
# product the full set samples. It writes the committed benchmark list.
bench-exhaustive: $(STAMP)
	TWINBENCH_ASV_SET=exhaustive $(ASV) run --machine $(MACHINE) --show-stderr --bench '$(BENCH)' HEAD^!

# The pre-submit set (<= 5 min): what the committed history and the gate use.
bench-quick: $(STAMP)
	$(call KEEP_LIST,TWINBENCH_ASV_SET=presubmit $(ASV) run --machine $(MACHINE) --show-stderr --bench '$(BENCH)' HEAD^!)

# Regression gate: the working tree against $(BASE) (default: the last commit), pre-submit set, side by
# side on this machine (scripts/bench-gate); exits 1 when a benchmark got worse by more than BENCH_FACTOR.
bench-check: $(STAMP)
	PATH="$(ASV_PATH)" $(BIN)/python scripts/bench-gate --asv $(BIN)/asv --machine $(MACHINE) --base '$(BASE)' \
		--factor $(BENCH_FACTOR) --bench '$(BENCH)'

# Library-release timeline: the pre-submit set of one commit (TIMELINE_COMMIT, default HEAD) in one asv
# environment per release (asv.timeline.conf.json), then results/studies/release_timeline.{csv,md,png}.
# Environments that already have a result for that commit are skipped: an interrupted timeline resumes
# with the same TIMELINE_COMMIT.
TIMELINE_COMMIT ?= HEAD
bench-timeline: $(STAMP)
	-$(call KEEP_LIST,TWINBENCH_ASV_SET=presubmit $(ASV) --config asv.timeline.conf.json run --machine $(MACHINE) \
		--show-stderr --skip-existing-successful $(TIMELINE_COMMIT)^!)
	$(BIN)/twinbench release-timeline

# Re-resolve the lock from pyproject.toml (uv is in the venv: `make install` first), then reinstall.
lock: $(BIN)/python
	$(BIN)/uv pip compile pyproject.toml --extra test --python-version 3.13 --upgrade --override requirements-overrides.txt -o requirements.lock
	echo 'rpy2>=3.5.17,<3.6' | $(BIN)/uv pip compile - -c requirements.lock --python-version 3.13 -o requirements-r.lock

clean:
	rm -rf $(VENV) results/runs .asv

# asv's dashboard offline: publish results/asv to .asv/html, point its CDN <script>/<link> tags at the
# npm copies in dashboard/vendor (scripts/dashboard-assets), serve it on 127.0.0.1 only (`asv preview`
# listens on every interface). Refresh the copies with `scripts/dashboard-assets fetch`.
.PHONY: dashboard dashboard-screenshot browser-deps
DASHBOARD_PORT ?= 8080
DASHBOARD_HTML ?= .asv/html
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

dashboard: $(STAMP)
	$(BIN)/asv publish --html-dir $(DASHBOARD_HTML)
	$(BIN)/python scripts/dashboard-assets install $(DASHBOARD_HTML)
	@echo "dashboard: http://127.0.0.1:$(DASHBOARD_PORT)/ (Ctrl-C stops it)"
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory $(DASHBOARD_HTML) $(DASHBOARD_PORT)

# results/asv/dashboard.png, taken by the browser test itself (needs >= 10 commits in results/asv).
dashboard-screenshot: $(STAMP) browser-deps
	TWINBENCH_DASHBOARD_SCREENSHOT=results/asv/dashboard.png $(BIN)/python -m pytest tests/test_dashboard.py -m dashboard

# R and lme4 for the `r` extra (Debian/Ubuntu: apt-get, as root or via sudo); rpy2 builds against R.
r-deps:
	@if command -v Rscript >/dev/null 2>&1 && Rscript -e 'library(lme4)' >/dev/null 2>&1; then \
		echo "r-deps: R and lme4 already installed"; \
	else \
		echo "r-deps: installing r-base-core r-cran-lme4: $(SUDO) apt-get update && $(SUDO) apt-get install -y r-base-core r-cran-lme4"; \
		$(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends r-base-core r-cran-lme4; \
	fi

# Headless Chromium + chromedriver for tests/test_dashboard.py (Debian/Ubuntu: apt-get, as root or via sudo).
browser-deps:
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then \
		echo "browser-deps: chromium and chromedriver already installed"; \
	else \
		echo "browser-deps: installing chromium chromium-driver: $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium chromium-driver"; \
		$(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver; \
	fi
