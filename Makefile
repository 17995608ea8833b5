# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck pytest venv clean demo bench bytecode reflect-report

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,encryption]'
	touch $(STAMP)

venv: $(STAMP)

# Kith's own modules compiled ahead, as an installed wheel has them: with
# PYTHONDONTWRITEBYTECODE set (as on some machines and images), Python would
# compile about 90 of them from source at every start (0.2 s).
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q app

run: bytecode
	$(BIN)/kith

test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/lint-imports --no-cache
	$(BIN)/ruff check app tests
	$(BIN)/ruff format --check app tests

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

# Not part of `make test`: the figures of issue 7 against their targets (see README).
bench: bytecode
	QT_QPA_PLATFORM=offscreen $(BIN)/python tests/bench/kith_bench.py $(BENCH_ARGS)

# Not part of `make test`: precision and recall by profile on the scenario library,
# and the nag figures of a simulated year (docs/reflection.md holds its table).
reflect-report: $(STAMP)
	$(BIN)/python tests/tools/reflect_report.py $(REFLECT_ARGS)

demo: $(STAMP)
	$(BIN)/kith demo --journal demo.kith

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
