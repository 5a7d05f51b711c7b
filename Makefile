# argmap — run `make help` for the targets. Everything installs what it needs on first use.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements/dev.txt
UV_VERSION := 0.13.9
ESSAY := maps/import-ai-455.yaml
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help install lock graphviz java neo4j-start neo4j-stop neo4j-status load run serve lint format typecheck \
        test test-unit test-integration test-contract bench clean argdown redocly chromium

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-18s %s\n", $$1, $$2}'

# The install is exactly the locked set: every package pinned with its hashes, nothing resolved here.
$(STAMP): $(LOCK) pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "argmap needs Python 3.11 or newer (found $$($(PYTHON) --version))"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r $(LOCK)
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

install: $(STAMP) ## Create .venv and install argmap with its development tools, as locked in requirements/

lock: ## Re-resolve requirements/dev.txt: the newest versions pyproject.toml allows, with hashes
	@test -x var/uv/bin/uv || { $(PYTHON) -m venv var/uv && var/uv/bin/pip install --quiet uv==$(UV_VERSION); }
	var/uv/bin/uv pip compile pyproject.toml requirements/build.in --extra dev --generate-hashes \
		--universal --python-version 3.11 --upgrade --quiet -o $(LOCK)
	@echo "requirements/dev.txt refreshed: run make test, then commit it"

graphviz: ## Make sure Graphviz 'dot' is installed (installs Debian's graphviz when run as root)
	@command -v dot >/dev/null || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "installing Graphviz (Debian package graphviz)"; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null) || exit 1; \
		else echo "Graphviz is missing: install the 'graphviz' package (it provides 'dot')"; exit 1; fi; }

chromium: ## Make sure headless Chromium and its driver are there for the viewer's browser test (Debian packages)
	@{ command -v chromium >/dev/null && command -v chromedriver >/dev/null; } || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "installing Chromium (Debian packages chromium chromium-driver)"; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) || exit 1; \
		else echo "Chromium is missing: install the 'chromium' and 'chromium-driver' packages"; exit 1; fi; }

java: ## Make sure Java 17+ and Maven are there (needed for the local Neo4j)
	@if [ -z "$$NEO4J_URI" ]; then \
		command -v java >/dev/null || { echo "Java 17 is missing: install openjdk-17-jdk (or set NEO4J_URI)"; exit 1; }; \
		command -v mvn >/dev/null || { echo "Maven is missing: install maven (or set NEO4J_URI)"; exit 1; }; \
	fi

neo4j-start: install java ## Fetch (once) and start the local Neo4j on 127.0.0.1:7687 (no-op with NEO4J_URI)
	$(BIN)/argmap neo4j start

neo4j-stop: install ## Stop the local Neo4j
	$(BIN)/argmap neo4j stop

neo4j-status: install ## Is the local Neo4j running?
	$(BIN)/argmap neo4j status

# Node.js tools the tests run, each exactly its locked npm set (tools/<name>/package-lock.json), installed with
# npm ci into a git-ignored folder: $(call npm_tool,<name>,<folder>) is the recipe of its stamp.
define npm_tool
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js 20.19+ (the tests run $(1))"; exit 1; }
	@mkdir -p $(2)
	cp tools/$(1)/package.json tools/$(1)/package-lock.json $(2)/
	cd $(2) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@
endef

# The official Argdown parser, which the tests read the Argdown export with.
ARGDOWN_DIR := var/node
ARGDOWN := $(ARGDOWN_DIR)/node_modules/.bin/argdown
$(ARGDOWN_DIR)/.installed: tools/argdown/package.json tools/argdown/package-lock.json
	$(call npm_tool,argdown,$(ARGDOWN_DIR))

argdown: $(ARGDOWN_DIR)/.installed ## Install the official Argdown parser (@argdown/cli, locked) into var/node

# Redocly CLI, which the tests lint the app's OpenAPI document with.
REDOCLY_DIR := var/redocly
$(REDOCLY_DIR)/.installed: tools/redocly/package.json tools/redocly/package-lock.json
	$(call npm_tool,redocly,$(REDOCLY_DIR))

redocly: $(REDOCLY_DIR)/.installed ## Install the OpenAPI linter (@redocly/cli, locked) into var/redocly

load: neo4j-start ## Load the essay's map into Neo4j
	$(BIN)/argmap load $(ESSAY)

run: install graphviz neo4j-start load ## Set up, start Neo4j, load the essay and serve http://127.0.0.1:8000
	$(BIN)/argmap serve

serve: install ## Serve the API (Neo4j must already be running)
	$(BIN)/argmap serve

lint: install ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: install ## mypy --strict
	$(BIN)/mypy

# Two pytest workers: the tests over the session's Neo4j run in one of them, in order (they share one server
# and one database), the lifecycle and fault tests with their spare server and the pure tests in the other.
PYTEST_WORKERS ?= 2

test: install graphviz chromium java argdown redocly lint typecheck ## Everything: lint, types, and every test suite against a real Neo4j
	$(BIN)/pytest -n $(PYTEST_WORKERS)

test-unit: install argdown redocly ## Pure tests only (no database)
	$(BIN)/pytest -n $(PYTEST_WORKERS) tests/unit

test-integration: install java ## Tests against the real Neo4j
	$(BIN)/pytest -n $(PYTEST_WORKERS) tests/integration

test-contract: install java ## Schemathesis against the real app (in process) and real Neo4j
	$(BIN)/pytest tests/contract

bench: install graphviz java ## Benchmarks: scoring engine, map loading, HTTP load (prints figures)
	$(BIN)/python -m bench

clean: ## Remove the virtualenv and local data (the Neo4j jars cache too)
	-$(BIN)/argmap neo4j stop
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache .hypothesis
