# vas-view — build, test and install. `make help` lists the targets.
SWIFT    ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
PREFIX   ?= /usr/local
BINDIR    = $(PREFIX)/bin
CONFIG   ?= release
SUDO      = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian packages the build and the tests need. mpg123 brings the output modules
# (ALSA, PulseAudio) that libout123 loads at run time.
DEB_BUILD = libncurses-dev libcurl4-openssl-dev libmpg123-dev pkg-config
DEB_TEST  = tmux python3 alsa-utils curl mpg123 groff-base
DEB_FIXTURES = espeak-ng lame

.PHONY: help deps build test imports chaos mutants bench fuzz soak install uninstall demo host-demo dist dist-check fixtures clean

help:
	@echo "make deps      install the Debian packages the build and tests need"
	@echo "make build     build vas-view ($(CONFIG))"
	@echo "make test      run every test (and make imports)"
	@echo "make imports   prove the import rules: every import declared, every forbidden one refused"
	@echo "make chaos     vas-view through a proxy that cuts the stream anywhere, CHAOS_SEEDS=20 seeds"
	@echo "make mutants   one-line changes of the product that the unit tests must catch (scripts/mutants.py)"
	@echo "make bench     build optimised and print the performance figures"
	@echo "make fuzz      libFuzzer on every input path, FUZZ_SECONDS=60 each"
	@echo "make soak      a compressed three-hour broadcast, plain and full-screen, with a report"
	@echo "make demo      run the viewer on the built-in demo broadcast"
	@echo "make host-demo be the host of a live broadcast (vas-host); watch it with vas-view in another terminal"
	@echo "make dist      dist/: a .deb and a tarball of vas-view, Swift runtime linked in (docs/install.md)"
	@echo "make dist-check  install that .deb on a bare Debian 12 (debootstrap, as root) and check it works"
	@echo "make install   install vas-view, its man page and completions under PREFIX=$(PREFIX)"
	@echo "make uninstall remove them"

deps:
	@missing=$$(for p in $(DEB_BUILD) $(DEB_TEST) $(DEB_FIXTURES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "all Debian packages present"; fi
	@$(SWIFT) --version >/dev/null 2>&1 || { echo "swift not found: install Swift 6 (https://swift.org) and put it on PATH"; exit 1; }

build:
	$(SWIFT) build -c $(CONFIG) --product vas-view

# Two runs: the unit tests, then the end-to-end ones. The end-to-end tests wait on real
# processes (vas-sim, vas-view, tmux) from synchronous test functions, which holds Swift's
# cooperative threads (one per core); in one process they would starve the unit tests' tasks.
test:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --filter 'BroadcastModelTests|BroadcastCoreTests|ViewerTUITests|VasViewTests|VasSimTests|SimWireTests|VasHostTests'
	$(SWIFT) test --skip-build --filter LiveTests
	$(MAKE) --no-print-directory imports

# The import rules, proven: every import is declared (scripts/declared-imports.py), and a
# forbidden import does not build (scripts/import-probe.sh, in its own build folder).
imports:
	SWIFT=$(SWIFT) python3 scripts/declared-imports.py
	SWIFT=$(SWIFT) scripts/import-probe.sh

# The chaos tests (Tests/LiveTests/ChaosTests.swift) over more seeds than make test's three: vas-view
# watches vas-sim through scripts/chaos-proxy.py, which cuts event streams at seeded byte offsets.
chaos:
	$(SWIFT) build --build-tests
	VAS_CHAOS_SEEDS=$(or $(CHAOS_SEEDS),20) $(SWIFT) test --skip-build --filter ChaosTests

# One-line changes of the product, each applied to a scratch copy; every one must make a unit
# test fail (docs/testing.md). ARGS picks some by name: make mutants ARGS="grid export".
mutants:
	python3 scripts/mutants.py $(ARGS)

# libFuzzer (with AddressSanitizer) on each input path, FUZZ_SECONDS each; see docs/robustness.md.
FUZZ_SECONDS ?= 60
fuzz:
	$(SWIFT) build -c release --build-path .build/fuzz --product vas-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING
	scripts/fuzz.sh $(FUZZ_SECONDS)

# A compressed three-hour broadcast, plain and full-screen; see docs/robustness.md.
soak:
	$(SWIFT) build -c release --product vas-view --static-swift-stdlib --scratch-path .build-dist
	$(SWIFT) build -c release --product vas-sim
	scripts/soak.sh

# vas-bench, and mattt/EventSource's parser (1.1.1) built from a checkout of its own for the
# comparison. It is not a package dependency: it does not build on Linux as a package
# (URLSession.bytes), and no target would use it.
EVENTSOURCE = .build/eventsource-1.1.1
bench:
	$(SWIFT) build -c release --product vas-bench
	test -d $(EVENTSOURCE) || git clone --quiet --depth 1 --branch 1.1.1 https://github.com/mattt/EventSource.git $(EVENTSOURCE)
	$(SWIFT)c -O -module-name ESBench $(EVENTSOURCE)/Sources/EventSource/EventSource.swift \
		scripts/eventsource-bench/Shim.swift scripts/eventsource-bench/main.swift -o .build/release/eventsource-bench
	.build/release/vas-bench

# The built-in demo broadcast, served by vas-sim on loopback (debug build: shared with make test).
# Only the two programs the demo runs are built (not vas-bench, vas-fuzz or the tests).
demo:
	$(SWIFT) build --product vas-view
	$(SWIFT) build --product vas-sim
	scripts/demo.sh $(ARGS)

# The .deb and the tarball (scripts/dist.sh), and their proof on a bare Debian 12 (scripts/dist-check.sh).
DEB_DIST = dpkg-dev binutils
dist:
	@for p in $(DEB_DIST); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || \
		{ $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(DEB_DIST); break; }; done
	SWIFT=$(SWIFT) scripts/dist.sh

dist-check: dist
	@command -v debootstrap >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends debootstrap; }
	$(SWIFT) build --product vas-sim
	$(SUDO) scripts/dist-check.sh

# A live broadcast you drive as its host, typing; the vas-view command to watch it is printed.
host-demo:
	$(SWIFT) build --product vas-view
	$(SWIFT) build --product vas-sim
	$(SWIFT) build --product vas-host
	scripts/host-demo.sh

# vas-view and vas-sim, the man page, and bash/zsh/fish completions under PREFIX.
install: build
	$(SWIFT) build -c $(CONFIG) --product vas-sim
	scripts/install.sh .build/$(CONFIG) $(PREFIX) $(DESTDIR)

uninstall:
	scripts/install.sh --uninstall $(PREFIX) $(DESTDIR)

fixtures:
	python3 scripts/make-fixtures.py
	python3 scripts/make-demo-scenario.py

clean:
	rm -rf .build
