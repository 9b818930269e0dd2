# The DIRAC Knowledge Base: every task an author or CI runs. `make help` lists them.
# The first target that needs Python creates .venv and installs the pinned tools into it.

PYTHON      ?= python3
VENV        ?= .venv
BIN         := $(VENV)/bin
BUILDDIR    ?= _build
PORT        ?= 8000
JOBS        ?= auto
# LaTeX runs of make pdf at once (the book and each guide are separate documents): one a core.
PDF_JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
SPHINXOPTS  ?=
# Every tool runs as $(BIN)/python -m NAME, so that a virtualenv without console scripts in its
# bin/ (the tests' scratch clones have one) runs them too.
SPHINXBUILD := $(BIN)/python -m sphinx
STRICT      := -n -W --keep-going
LOCK        := requirements/lock.txt
STAMP       := $(VENV)/.installed
TEX_PACKAGES := texlive-latex-recommended texlive-fonts-recommended texlive-latex-extra \
                tex-gyre latexmk poppler-utils
BROWSER_PACKAGES := chromium

# $(call debian-packages,TEST,PACKAGES,WHAT): where the shell command TEST fails, install the
# Debian PACKAGES with apt-get as root; elsewhere say which command to run, and stop.
define debian-packages
	@if ! { $(1); } >/dev/null; then \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	        echo "Installing with apt-get: $(2)"; \
	        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	            --no-install-recommends $(2) >/dev/null; \
	    else \
	        echo "$(3) is missing. Install it, then run make again:"; \
	        echo "  sudo apt-get install --no-install-recommends $(2)"; \
	        exit 1; \
	    fi; \
	fi
endef

# Python keeps what it compiles (in __pycache__ folders, which git ignores), so that kb and the
# tests are compiled once, not again in every process: pytest's workers, each Sphinx build a
# test runs. (A PYTHONPYCACHEPREFIX would also hide the compiled tools of the virtualenv, and
# each scratch copy of a test would compile Sphinx again.)
unexport PYTHONDONTWRITEBYTECODE

.DEFAULT_GOAL := help
.PHONY: help venv html site publish serve serve-site live pdf latex-tools lint test test-fast \
        check-examples \
        check-records new-meeting inventory lock clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 18

# kb (conf/kb/) is installed editable, from this checkout. A .venv that is a link is shared with
# another checkout: installing there would point every checkout that shares it at this one's kb,
# so it is only checked, first.
$(STAMP): $(LOCK) pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@if [ -L $(VENV) ]; then \
	    found=$$($(BIN)/python -c 'from kb import paths; print(paths.ROOT)' 2>/dev/null); \
	    if [ "$$found" != "$(CURDIR)" ]; then \
	        echo "$(VENV) links to a virtualenv whose kb is not this checkout's ($${found:-none})."; \
	        echo "Remove the link and run make again: it creates a virtualenv of this checkout's own."; \
	        exit 1; \
	    fi; \
	fi
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r $(LOCK)
	@# kb, editable from this checkout; with the virtualenv's setuptools where it has one
	@# (Python 3.11's venv does; from 3.12 on, pip fetches it into an isolated build).
	@test -L $(VENV) || $(BIN)/python -m pip install --quiet --disable-pip-version-check \
	    --no-deps $$($(BIN)/python -c 'import setuptools' 2>/dev/null && echo --no-build-isolation) -e .
	@touch $@

venv: $(STAMP) ## create .venv, install the pinned tools and this checkout's kb

# What a build reads: its sources (folders too, so an added or removed page counts), the
# pinned tools and the settings below; when none of them changed, `make html` and `make site`
# run no Sphinx at all. The virtualenv's mark is only needed first (after |): touching it, as
# a reinstall does, changes nothing to build. kb's folders are left out (its files count):
# Python dates them when it writes their __pycache__, which would make the next build run.
SOURCES     := $(shell find docs conf ! -path '*/__pycache__*' ! -name '*.pyc' \
                 ! \( -type d -path 'conf/kb*' \)) refs.bib Makefile
SETTINGS     = $(SPHINXOPTS) LINES=$(LINES) KB_LINE=$(KB_LINE) KB_BASE_URL=$(KB_BASE_URL) \
               READTHEDOCS_CANONICAL_URL=$(READTHEDOCS_CANONICAL_URL) \
               SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH)
BUILT       := $(BUILDDIR)/.built

# Sphinx's worker processes cost more than they save for a few pages: a rebuild after saving
# up to five pages runs in one process (0.2 s less for one page), any other build with $(JOBS).
rebuild-jobs = $(if $(word 6,$?)$(filter-out docs/%.md,$?),$(JOBS),1)

# $(call unless-built,FILE): FORCE, so the build runs, when its output folder lost FILE.
unless-built = $(if $(wildcard $(1)),,FORCE)

# The settings file is rewritten, as make starts, only when the settings differ from the last
# build's, so its date says when they changed (and `make -n` tells the truth). A build's mark
# is dated when it started, so a page saved during the build is built again.
$(shell mkdir -p $(BUILT) && { echo '$(SETTINGS)' | cmp -s - $(BUILT)/settings \
    || echo '$(SETTINGS)' >$(BUILT)/settings; })

.PHONY: FORCE
FORCE:

$(BUILT)/html: $(SOURCES) $(LOCK) $(BUILT)/settings $(call unless-built,$(BUILDDIR)/html/objects.inv) | $(STAMP)
	@mkdir -p $(@D) && touch $@.started
	$(SPHINXBUILD) -b html -j $(rebuild-jobs) $(STRICT) $(SPHINXOPTS) -c conf docs $(BUILDDIR)/html
	@mv $@.started $@

$(BUILT)/site: $(SOURCES) $(LOCK) $(BUILT)/settings $(call unless-built,$(BUILDDIR)/site/index.html) | $(STAMP)
	@mkdir -p $(@D) && touch $@.started
	$(BIN)/python -m kb.site --out $(BUILDDIR)/site --doctrees $(BUILDDIR)/site-doctrees \
	    $(if $(LINES),--lines $(LINES)) -- $(SPHINXOPTS)
	@mv $@.started $@

html: $(BUILT)/html ## build the site with zero warnings and say where it is
	@echo "The site is in $(BUILDDIR)/html: open $(abspath $(BUILDDIR))/html/index.html, or run 'make serve'."

site: $(BUILT)/site ## build every release line (or LINES="8.0 9.1") into $(BUILDDIR)/site, with the switcher

serve-site: site ## build the versioned site, then serve it on 127.0.0.1:$(PORT)
	@echo "Serving http://127.0.0.1:$(PORT)/ (Ctrl-C stops)"
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory $(BUILDDIR)/site $(PORT)

serve: html ## build, then serve the site on 127.0.0.1:$(PORT) until stopped
	@echo "Serving http://127.0.0.1:$(PORT)/ (Ctrl-C stops)"
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory $(BUILDDIR)/html $(PORT)

live: $(STAMP) ## rebuild and reload in the browser on every save
	$(BIN)/python -m sphinx_autobuild --host 127.0.0.1 --port $(PORT) $(STRICT) -c conf \
	    --watch conf --watch refs.bib docs $(BUILDDIR)/live

latex-tools: ## install TeX Live and latexmk where they are missing (Debian, as root)
	$(call debian-packages,command -v latexmk && command -v pdftotext,$(TEX_PACKAGES),latexmk or pdftotext)

$(BUILT)/pdf: $(SOURCES) $(LOCK) $(BUILT)/settings $(call unless-built,$(BUILDDIR)/pdf/dirac-knowledge-base.pdf) | $(STAMP) latex-tools
	@mkdir -p $(@D) && touch $@.started
	$(SPHINXBUILD) -b latex -j $(JOBS) $(STRICT) $(SPHINXOPTS) -c conf docs $(BUILDDIR)/latex
	$(MAKE) -C $(BUILDDIR)/latex -j $(PDF_JOBS) all-pdf LATEXMKOPTS="-quiet -halt-on-error" >$(BUILDDIR)/latex/latexmk.log 2>&1 \
	    || { tail -40 $(BUILDDIR)/latex/latexmk.log; exit 1; }
	@mkdir -p $(BUILDDIR)/pdf && cp $(BUILDDIR)/latex/*.pdf $(BUILDDIR)/pdf/
	@mv $@.started $@

pdf: $(BUILT)/pdf ## build the book and one PDF per migration guide into $(BUILDDIR)/pdf
	@echo "The PDFs are in $(BUILDDIR)/pdf:" && ls $(BUILDDIR)/pdf

publish: site pdf ## what Read the Docs and GitHub Pages publish: the versioned site, with the PDFs in its pdf/
	@mkdir -p $(BUILDDIR)/site/pdf && cp $(BUILDDIR)/pdf/*.pdf $(BUILDDIR)/site/pdf/
	@echo "The site to publish is in $(BUILDDIR)/site, for the base URL $$($(BIN)/python -c 'from kb import releases; print(releases.site_base_url())')."

lint: $(STAMP) ## codespell, ruff, whitespace/YAML checks, secret scan (pre-commit; install as a hook with 'pre-commit install')
	$(BIN)/python -m pre_commit run --all-files --show-diff-on-failure

check-examples: $(STAMP) ## check every code example against the DIRAC releases it claims
	$(BIN)/python -m pytest -q tests/test_examples.py

.PHONY: check-links
check-links: html site ## check every link, src and #anchor of the site and of every line, offline; find orphans
	$(BIN)/python -m kb.links internal $(BUILDDIR)/html $(BUILDDIR)/site

.PHONY: linkcheck
linkcheck: html ## check every external URL (site, refs.bib, records); reports in $(BUILDDIR)/linkcheck
	$(BIN)/python -m kb.links external $(BUILDDIR)/html

browser-tools: ## install Debian's Chromium where it is missing (Debian, as root), for the browser tests
	$(call debian-packages,command -v chromium,$(BROWSER_PACKAGES),chromium)

.PHONY: browser-tools browser-test page-weight
browser-test: $(STAMP) browser-tools ## the site in headless Chromium; screenshots in $(BUILDDIR)/screenshots
	BUILDDIR=$(BUILDDIR) $(BIN)/python -m pytest -q tests/browser

page-weight: $(STAMP) browser-tools ## what a first visit to each kind of page transfers: $(BUILDDIR)/page-weight.md
	BUILDDIR=$(BUILDDIR) $(BIN)/python -m pytest -q tests/browser/test_page_weight.py
	@cat $(BUILDDIR)/page-weight.md

# The whole suite on every core: the workers share the session's builds of the fresh clone
# (tests/conftest.py), and work-stealing evens out the long tests (the audit, the PDF). The
# suite runs `make lint` there too (tests/test_readme_targets.py), so it is not run twice.
test: $(STAMP) latex-tools browser-tools ## every check: lint, build, examples, links, records, PDF, browser
	$(BIN)/python -m pytest -n $(JOBS) --dist worksteal

test-fast: $(STAMP) ## the checks of the edit loop (seconds): all but the whole site, PDF and browser
	$(BIN)/python -m pytest -n $(JOBS) --dist worksteal -m "not slow and not pdf and not browser" \
	    --hypothesis-profile=edit-loop

new-meeting: $(STAMP) ## scaffold minutes: make new-meeting DATE=2026-12-01 BODY=board
	$(BIN)/python -m kb.records new minutes --date "$(DATE)" --body "$(BODY)"

new-%: $(STAMP) ## scaffold a record: make new-event DATE=... NAME=... (decision, agreement, member, role, service, event, funding)
	$(BIN)/python -m kb.records new $* --date "$(DATE)" --name "$(NAME)"

check-records: $(STAMP) ## check every record's metadata, without building
	$(BIN)/python -m kb.records check docs

inventory: $(STAMP) ## download the DIRAC and DiracX wheels and rewrite conf/data/inventory/
	$(BIN)/python -m kb.inventory
	$(BIN)/python -m kb.inventory.diracx

lock: $(STAMP) ## re-pin requirements/lock.txt from pyproject.toml
	$(BIN)/python -m piptools compile --quiet --no-emit-index-url --no-emit-find-links --strip-extras \
	    --extra test --extra dev -o $(LOCK) pyproject.toml

.PHONY: bench
bench: $(STAMP) latex-tools ## time builds and checks on a scratch clone (QUICK=1: no 2,000 pages); report in $(BUILDDIR)/bench
	$(BIN)/python -m benchmarks --out $(BUILDDIR)/bench $(if $(QUICK),--quick)

clean: ## remove every build output (not .venv)
	rm -rf $(BUILT) $(BUILDDIR)/html $(BUILDDIR)/site $(BUILDDIR)/site-doctrees $(BUILDDIR)/latex \
	    $(BUILDDIR)/pdf $(BUILDDIR)/live $(BUILDDIR)/doctrees .pytest_cache
