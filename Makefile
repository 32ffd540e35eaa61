# blogrx: every target creates .venv and installs the project when needed.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
BLOGRX := $(VENV)/bin/blogrx
STAMP  := $(VENV)/.installed

RAW       ?= data/raw
PROCESSED ?= data/processed

.PHONY: help install extract test scrape clean-html eval-clean eval-extract peer-cases bench clean distclean

help:
	@echo "make extract     set up, then turn $(RAW) into parquet tables in $(PROCESSED)"
	@echo "make test        set up, then run the whole test suite"
	@echo "make scrape      fetch URLS=\"...\" / URL_FILE=f / SITEMAP=url / WORDPRESS=site into $(RAW)"
	@echo "make clean-html  print the cleaned record of PAGE=<file> as JSON"
	@echo "make eval-clean  blogrx and trafilatura side by side against ../shared/corpus truth"
	@echo "make eval-extract  exercise and dose scores on the hand-labelled posts (tests/labels, ../shared/corpus/labelled, tests/fixtures/written)"
	@echo "make peer-cases    the dose grammar on the peer projects' applicable test cases"
	@echo "make bench       pages/s against trafilatura, engines and peak memory (several minutes)"
	@echo "make clean       delete generated tables;  make distclean  also the virtualenv"

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,notebooks,dask]'
	touch $(STAMP)

install: $(STAMP)

extract: $(STAMP)
	$(BLOGRX) extract $(RAW) --out $(PROCESSED)

test: $(STAMP)
	$(PY) -m pytest

scrape: $(STAMP)
	@test -n "$(URLS)$(URL_FILE)$(SITEMAP)$(WORDPRESS)" || { echo 'usage: make scrape URLS="https://..." | URL_FILE=urls.txt | SITEMAP=https://.../sitemap.xml | WORDPRESS=https://site'; exit 2; }
	$(BLOGRX) scrape $(URLS) $(if $(URL_FILE),--urls $(URL_FILE)) $(if $(SITEMAP),--sitemap $(SITEMAP)) $(if $(WORDPRESS),--wordpress $(WORDPRESS)) --out $(RAW) $(if $(DELAY),--delay $(DELAY))

clean-html: $(STAMP)
	@test -n "$(PAGE)" || { echo "usage: make clean-html PAGE=data/raw/samples/<file>.html"; exit 2; }
	$(BLOGRX) clean-html $(PAGE)

clean:
	find $(PROCESSED) -mindepth 1 ! -name .gitkeep -delete
	rm -rf $(dir $(PROCESSED)).$(notdir $(PROCESSED)).blogrx-work
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) *.egg-info .pytest_cache

eval-clean: $(STAMP)
	$(PY) benchmarks/eval_clean.py

bench: $(STAMP)
	$(PY) benchmarks/bench.py

eval-extract: $(STAMP)
	$(PY) -m benchmarks.eval_extract --show
	$(PY) -m benchmarks.eval_labelled

peer-cases: $(STAMP)
	$(PY) -m benchmarks.peer_cases
