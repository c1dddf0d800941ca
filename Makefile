# ipwatch — `make` lists the targets.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
HOST ?= 127.0.0.1
PORT ?= 5000
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.DEFAULT_GOAL := help
.PHONY: help run test test-pg lint fmt check bench eval scheduler db-upgrade db-revision translations

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	$(BIN)/pybabel compile -d monitor/translations -f --statistics
	touch $@

MO := monitor/translations/zh/LC_MESSAGES/messages.mo
$(MO): monitor/translations/zh/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel compile -d monitor/translations -f --statistics

$(TEST_STAMP): $(STAMP)
	$(BIN)/pip install -q -e '.[test]'
	touch $@

translations: $(STAMP) ## Extract, update and compile the Chinese/English catalogs
	$(BIN)/pybabel extract -F babel.cfg -k _l -k msg -o monitor/translations/messages.pot .
	$(BIN)/pybabel update -i monitor/translations/messages.pot -d monitor/translations --no-fuzzy-matching
	$(BIN)/pybabel compile -d monitor/translations -f

run: $(STAMP) $(MO) ## Set up (venv, database, reference and demo data) and serve on http://127.0.0.1:5000
	$(BIN)/ipwatch init
	$(BIN)/ipwatch demo --if-empty
	$(BIN)/ipwatch serve --host $(HOST) --port $(PORT) --demo-site

test: $(TEST_STAMP) $(MO) ## Set up and run the whole suite on SQLite (on PostgreSQL when IPWATCH_TEST_POSTGRES_URL is set)
	$(BIN)/pytest -q -p no:cacheprovider

test-pg: $(TEST_STAMP) $(MO) ## Run the whole suite on PostgreSQL (PG_URL, default the local server's database `test`)
	IPWATCH_TEST_POSTGRES_URL=$(PG_URL) $(BIN)/pytest -q -p no:cacheprovider

lint: $(TEST_STAMP) ## ruff, mypy on every package, import-linter contracts
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

fmt: $(TEST_STAMP) ## Format and fix what ruff can
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: lint test ## lint and test

bench: $(TEST_STAMP) ## Benchmarks; results in bench/results.json
	$(BIN)/python -m bench.run --out bench/results.json

eval: $(TEST_STAMP) ## Measure the matchers on the dev data and synthetic sets; results in eval/results.json
	$(BIN)/python -m eval.run --out eval/results.json

scheduler: $(STAMP) ## Run only the scheduler (when web servers run with IPWATCH_SCHEDULER=0)
	$(BIN)/ipwatch scheduler

db-upgrade: $(STAMP) ## Migrate the database to the newest revision
	$(BIN)/ipwatch init

db-revision: $(STAMP) ## Autogenerate a migration: make db-revision MSG="what changed"
	$(BIN)/alembic -c monitor/alembic.ini revision --autogenerate -m "$(MSG)"
