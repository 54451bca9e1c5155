# The two commands a user needs:  make figures  (rebuild every result)  and  make test.
# Everything else here is a helper for them.

SWIFT        ?= swift
BIN          := .build/release
TIER         ?= default
EXECUTOR     ?= local
JOBS         ?= $(shell nproc 2>/dev/null || echo 2)
SOURCES      := Package.swift $(shell find Sources -type f 2>/dev/null)
DEB_PACKAGES := libhdf5-dev hdf5-tools gnuplot-nox libopenblas-dev zlib1g-dev dataset-fashion-mnist time

.PHONY: deps build figures test unit-test ci-tier bench status clean distclean archive

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

# Unit and integration tests, then the whole experiment set at the ci tier.
test: build ci-tier unit-test

unit-test: build ci-tier
	PIPELINE_BINARIES=$(CURDIR)/$(BIN) env $$($(BIN)/pipeline environment --blas-variables) $(SWIFT) test --disable-swift-testing

ci-tier: build
	$(BIN)/pipeline run --tier ci -j $(JOBS)

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
