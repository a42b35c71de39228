# Sales Leadership Lab: the two commands of the README, and the author's loop.
#   make start   set up (first time only) and open the course in JupyterLab
#   make test    set up (first time only) and run every test, end-to-end suites included
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: start test test-fast release check bench lint system-deps clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Debian packages and npm tools the end-to-end suites need (Chromium, the hub's proxy).
$(VENV)/.system-deps: scripts/install-system-deps.sh | $(BIN)/.installed
	scripts/install-system-deps.sh
	touch $@

system-deps: $(VENV)/.system-deps

start: $(BIN)/.installed
	$(BIN)/sales-course start

# Every suite runs: a missing browser or proxy fails instead of skipping. Tests run in
# parallel, one worker a core (TEST_WORKERS=1 for one process), each test file whole on one
# worker, so what its tests share (a graded class, a grading batch, a JupyterLab) is made once;
# the longest files go first (tests/conftest.py, LONGEST_FIRST).
TEST_WORKERS ?= auto
test: $(BIN)/.installed $(VENV)/.system-deps
	SALES_COURSE_REQUIRE_ALL=1 $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

# The inner loop: everything but the slow end-to-end suites.
test-fast: $(BIN)/.installed
	$(BIN)/python -m pytest -m "not slow"

release: $(BIN)/.installed
	$(BIN)/sales-course release

check: $(BIN)/.installed
	$(BIN)/sales-course check

bench: $(BIN)/.installed
	$(BIN)/python benchmarks/modules.py
	$(BIN)/python benchmarks/trainee_loop.py

lint: $(BIN)/.installed
	$(BIN)/ruff check course tests benchmarks solutions START_HERE.ipynb
	$(BIN)/ruff format --check course tests benchmarks solutions START_HERE.ipynb

clean:
	rm -rf $(VENV) workspace submitted autograded feedback gradebook.db
