# スマートシティ事例カタログ — make site / make test / make check / make bench
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Pagefind (the search index) and the test tools, from package-lock.json
NODE_STAMP := node_modules/.installed

.PHONY: site test check bench serve validate clean check-install

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e '.[serve,test]'
	touch $(STAMP)

site: $(STAMP) $(NODE_STAMP)
	$(BIN)/catalogue build

validate: $(STAMP)
	$(BIN)/catalogue validate

serve: $(STAMP) $(NODE_STAMP)
	$(BIN)/catalogue serve

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $(NODE_STAMP)

# One worker per core (pytest-xdist); each worker builds its own shared sample site once. JOBS=1 for one process.
JOBS ?= auto

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/pytest -n $(JOBS)

# The quick loop: no browser, no full site build, no scratch copy of the project (markers registered in pyproject.toml, set in tests/conftest.py).
check: $(STAMP) $(NODE_STAMP)
	$(BIN)/pytest -q -n $(JOBS) -m "not browser and not build and not scratch"

# Timings, never asserted in tests: builds of synthetic catalogues, then Lighthouse (median of 3 runs).
bench: $(STAMP) $(NODE_STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf site $(VENV) benchmarks/out

# A plain install (no test or serve extras) must be enough to generate and build the site.
check-install:
	rm -rf /tmp/catalogue-plain && $(PYTHON) -m venv /tmp/catalogue-plain/venv
	/tmp/catalogue-plain/venv/bin/pip install --quiet -c requirements.lock .
	git archive HEAD | tar -x -C /tmp/catalogue-plain --one-top-level=project
	cd /tmp/catalogue-plain/project && npm ci --no-audit --no-fund --ignore-scripts >/dev/null && ../venv/bin/catalogue build
