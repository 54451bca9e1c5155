# The two commands a user needs:  make figures  (rebuild every result)  and  make test.
# Everything else here is a helper for them.

SWIFT        ?= swift
BIN          := .build/release
TIER         ?= default
EXECUTOR     ?= local
JOBS         ?= $(shell nproc 2>/dev/null || echo 2)
SOURCES      := Package.swift $(shell find Sources -type f 2>/dev/null)
DEB_PACKAGES := libhdf5-dev hdf5-tools gnuplot-nox libopenblas-dev zlib1g-dev dataset-fashion-mnist time

.PHONY: deps build figures readme-claims test unit-test integration-test ci-tier reference-check reference dag bench status clean distclean archive

# Install whichever system packages are missing (as root), or print the exact command.
deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing system packages: $$missing"; \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	  else \
	    echo "Missing system packages:$$(echo $$missing | sed 's/^/ /')"; \
	    echo "Install them with: sudo apt-get update && sudo apt-get install -y $$(echo $$missing)"; \
	    exit 1; \
	  fi; \
	fi

$(BIN)/.built: $(SOURCES)
	$(SWIFT) build -c release
	@touch $@

build: deps $(BIN)/.built

# Rebuild every figure of both papers through the cached pipeline (tier: default).
figures: build
	$(BIN)/pipeline run --tier $(TIER) -j $(JOBS) --executor $(EXECUTOR)
	@if [ "$(TIER)" = default ]; then $(MAKE) --no-print-directory readme-claims; fi

# The README's claims block is a copy of the table and its footnotes in figures/claims.md (their one owner),
# rewritten by the pipeline only when it differs.
readme-claims: build
	$(BIN)/pipeline readme-claims

# The whole experiment set at the ci tier, compared with the committed reference, then the unit and
# integration tests.
test: build ci-tier reference-check unit-test integration-test

# Test classes named *IntegrationTests need the ci tier's published results (and a SLURM cluster when
# SLURM_CONF is set); every other test needs only the build.
TEST_ENV := PIPELINE_BINARIES=$(CURDIR)/$(BIN) env $$($(BIN)/pipeline environment --blas-variables)

unit-test: build
	$(TEST_ENV) $(SWIFT) test --disable-swift-testing --skip IntegrationTests

integration-test: build ci-tier reference-check
	$(TEST_ENV) $(SWIFT) test --disable-swift-testing --filter IntegrationTests

ci-tier: build
	$(BIN)/pipeline run --tier ci -j $(JOBS)

# The ci tier against its committed reference (reference/ci.<class>.tsv) on every kernel class this
# CPU can run that has one, the class in use first; any difference fails with its report.
reference-check: build ci-tier
	@checked=""; for class in $$($(BIN)/pipeline environment --runnable-classes); do \
	  if [ ! -f reference/ci.$$class.tsv ]; then echo "no committed ci reference for kernel class $$class"; continue; fi; \
	  echo "ci tier on kernel class $$class against reference/ci.$$class.tsv:"; \
	  OPENBLAS_CORETYPE=$$class $(BIN)/pipeline run --tier ci -j $(JOBS) > .pipeline/reference-run-$$class.log 2>&1 \
	    || { tail -n 20 .pipeline/reference-run-$$class.log; exit 1; }; \
	  OPENBLAS_CORETYPE=$$class $(BIN)/pipeline check-reference --tier ci || exit 1; \
	  checked="$$checked $$class"; \
	done; \
	if [ -z "$$checked" ]; then echo "no committed ci reference for any kernel class this CPU runs: run make reference"; exit 1; fi

# Write the committed references of the ci and default tiers for the kernel class in use.
reference: build
	$(BIN)/pipeline run --tier ci -j $(JOBS) && $(BIN)/pipeline reference --tier ci
	$(BIN)/pipeline run --tier default -j $(JOBS) && $(BIN)/pipeline reference --tier default
	$(BIN)/pipeline report --tier default --write-durations > /dev/null

# The stage graph of the default tier as a picture (docs/dag.png, shown in the README), coloured by
# state. Needs Graphviz (Debian package graphviz; optional: nothing else uses it).
dag: build
	@command -v dot > /dev/null || { echo "make dag needs Graphviz: apt-get install -y graphviz"; exit 1; }
	@mkdir -p docs
	$(BIN)/pipeline dag --tier default | dot -Tpng -Gdpi=80 -o docs/dag.png.tmp && mv docs/dag.png.tmp docs/dag.png

# Hot loops against the machine's dgemm peak, the whole tier timed from a clean cache and again
# fully cached (in a scratch copy, about 6 minutes for the default tier), and the costliest stages.
BENCH_COPY ?= /tmp/damian-papers-bench
bench: build
	env $$($(BIN)/pipeline environment --blas-variables) $(BIN)/bench
	rm -rf $(BENCH_COPY) && mkdir -p $(BENCH_COPY) && cp -r Package.swift Sources pipeline $(BENCH_COPY)/
	/usr/bin/time -f "$(TIER) tier from a clean cache: %e s wall, largest process %M KB" \
	  $(BIN)/pipeline run --tier $(TIER) -j $(JOBS) --project $(BENCH_COPY) --binaries $(CURDIR)/$(BIN) 2>&1 | tail -n 2
	/usr/bin/time -f "$(TIER) tier fully cached: %e s wall" \
	  $(BIN)/pipeline run --tier $(TIER) -j $(JOBS) --project $(BENCH_COPY) --binaries $(CURDIR)/$(BIN) 2>&1 | tail -n 2
	$(BIN)/pipeline report --tier $(TIER) --project $(BENCH_COPY) --binaries $(CURDIR)/$(BIN)
	rm -rf $(BENCH_COPY)

status: build
	$(BIN)/pipeline status --tier $(TIER)

archive: build
	$(BIN)/pipeline archive --tier $(TIER) results-$(TIER).tar.gz

# Drop cache entries no tier reaches any more (the published results stay).
clean: build
	$(BIN)/pipeline clean

# Remove the build, the cache and every published result.
distclean:
	rm -rf .build .pipeline results figures/ci
