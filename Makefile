# make run  : create .venv, install, migrate the SQLite database, load the demo on first start, serve
# make test : create .venv, install, run the whole test suite
# make bench: benchmarks (ratios against baselines measured in the same run)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
DEMO   ?= 1
PYTEST_ARGS ?= -n 2
export FLASK_APP := app

.PHONY: run test bench lint format translations install worker clean-venv

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed translations

translations: $(VENV)/.installed
	@find . -path ./$(VENV) -prune -o -type d -name translations -print | while read d; do \
	  if ls $$d/*/LC_MESSAGES/*.po >/dev/null 2>&1; then $(BIN)/pybabel -q compile -f -d $$d || exit 1; fi; done

run: install
	$(BIN)/flask db upgrade heads
	@if [ "$(DEMO)" != "0" ]; then $(BIN)/flask demo load --if-empty; \
	  echo "Demo accounts (e.g. aurora_admin, mod_lin, amb_sarah, tom_runs, 林小雨) use the password: Demo-Community-2026!"; fi
	$(BIN)/flask run --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest -p no:cacheprovider $(PYTEST_ARGS)

bench: install
	$(BIN)/python tests/bench/run.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

worker: install
	$(BIN)/flask worker

clean-venv:
	rm -rf $(VENV)
