# laoxiao-check: `make demo` sets up and runs the main check; `make test` runs the tests.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test fuzz mutate bench browser lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Runs the check on a bundled sample that fails (exit code 1 is the expected verdict) and writes
# its review sheet as a PDF (out/quanzhou_new_estate_short.pdf; needs the CJK fonts `browser` installs).
demo: $(STAMP) browser
	$(BIN)/laoxiao-check check sample_projects/quanzhou_new_estate_short.xlsx --rules quanzhou || [ $$? -eq 1 ]
	@mkdir -p out
	$(BIN)/laoxiao-check check sample_projects/quanzhou_new_estate_short.xlsx --rules quanzhou --lang zh \
	  -o out/quanzhou_new_estate_short.pdf || [ $$? -eq 1 ] || echo "note: the PDF was not written (see above)"
	$(BIN)/laoxiao-check check sample_projects/quanzhou_new_estate.xlsx --rules quanzhou

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

# Property-based fuzzing of every reader and the profile loader: 6 properties × 2,000
# examples (12,000), fresh random examples each run; prints a one-line summary.
fuzz: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/test_fuzz.py --hypothesis-profile=fuzz

# The standing mutation check of the verdict code (mutmut; not in make test): prints the score
# and every surviving mutant not named in tests/mutation_equivalents.yaml, with its file and line.
mutate: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[mutate]'
	rm -rf mutants  # a fresh run: mutmut's cache keeps a survivor's verdict while only the tests change
	$(BIN)/mutmut run || true
	$(BIN)/python scripts/mutation_report.py

# Debian's chromium and CJK fonts for the HTML report's browser tests (best effort).
browser:
	@./scripts/install-test-browser.sh

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/bench_network.py

lint: $(STAMP)
	$(BIN)/python -m pip install --quiet ruff
	$(BIN)/ruff check laoxiao_check tests benchmarks sample_projects
	$(BIN)/ruff format --check laoxiao_check tests benchmarks sample_projects
	$(BIN)/mypy laoxiao_check
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) build dist *.egg-info
