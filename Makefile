# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck pytest venv clean demo bench bytecode reflect-report bundle deb package

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

# Packaging (README, "Install"); not part of `make test`. The version's one place.
VERSION := $(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' app/__init__.py)
TARBALL := dist/kith-$(VERSION)-linux-x86_64.tar.gz
DEB     := dist/kith_$(VERSION)_amd64.deb
BUNDLE_STAMP := $(VENV)/.bundle-installed

$(BUNDLE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,encryption,bundle]'
	touch $@

# A one-folder bundle with its own Python, Qt and SQLCipher: dist/kith/kith, packed.
bundle: $(BUNDLE_STAMP)
	rm -rf dist/kith build/pyinstaller $(TARBALL)
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist \
	  --workpath build/pyinstaller packaging/kith.spec
	find dist/kith -xtype l -delete  # links to the plugins' libraries the spec left out
	tar -C dist -czf $(TARBALL) kith
	@du -sh dist/kith $(TARBALL)

# The bundle as a .deb (needs dist/kith: `make bundle` first).
deb: $(BUNDLE_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/build_deb.py
	@ls -l $(DEB)

# Both, installed and started: what .ci/run does with KITH_PACKAGE=1.
package:
	bash .ci/package

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
