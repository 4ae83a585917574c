# The two commands of the README: `make guide` and `make test`. Both set up
# everything first: a virtual environment with the package, and TeX Live.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
JOBS   ?= auto
# make bench BENCH_ARGS=--no-10k leaves out the 10,000-question cases (minutes)
BENCH_ARGS ?=

.PHONY: guide test check bench docs serve-docs system test-tools clean

guide: $(STAMP) system
	$(BIN)/guidegen build

check: $(STAMP)
	$(BIN)/guidegen check

# --dist loadgroup: tests marked xdist_group share a worker (and their module's builds);
# the rest are spread as they come. The last line says how long the tests took. The
# modules are compiled first: where PYTHONDONTWRITEBYTECODE is set (CI images often set
# it), every process the tests start would compile them all again. For the same reason
# pytest runs without it, so it keeps the test modules it rewrites for its asserts: each
# worker would otherwise rewrite all of them on every run (about 5 s of CPU a worker).
test: $(STAMP) system test-tools
	@start=$$(date +%s); $(BIN)/python -m compileall -q guidegen bench >/dev/null; \
		env -u PYTHONDONTWRITEBYTECODE $(BIN)/pytest -n $(JOBS) --dist loadgroup -q; status=$$?; \
		echo "make test: the tests took $$(( $$(date +%s) - start )) s of wall time"; exit $$status

bench: $(STAMP) system
	@command -v pandoc >/dev/null 2>&1 || { [ "$$(id -u)" -eq 0 ] && apt-get install -y -qq pandoc >/dev/null; } || \
		echo "pandoc is missing (apt-get install pandoc): the baseline ratios will be skipped" >&2
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# The manual (docs/, mkdocs.yml) as a site in site/; serve-docs rebuilds it on save.
docs: $(STAMP)
	$(BIN)/mkdocs build --strict

serve-docs: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

system:
	@bash tools/ensure-system.sh

# What only the tests use: Debian's chromium, for the page's browser tests.
test-tools:
	@bash tools/ensure-test-tools.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,figures]'
	touch $(STAMP)

clean:
	rm -rf build site .pytest_cache
