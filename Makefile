# A thin wrapper over CMake presets (CMakePresets.json) for the README's commands.
# Each target first installs the Debian packages it needs (scripts/install-deps).

JOBS ?= $(shell nproc 2>/dev/null || echo 2)
ROUTINE ?= lower-back
PREFIX ?= /usr/local
FUZZ_SECONDS ?= 300

.PHONY: all run test build deps test-deps bench-deps lint install package bench soak ci-time fuzz clean

all: build

deps:
	@scripts/install-deps

test-deps:
	@scripts/install-deps --test

build: deps
	@scripts/build-quietly release $(JOBS)

run: build
	@build/release/stretch start $(ROUTINE)

# Everything CI checks: formatting and clang-tidy, the suite built with gcc
# and warnings as errors, its clock-reading tests again at a faked
# midnight and change of offset, then again under ASan and UBSan (clang), which
# also replays the fuzz corpus. Both suites are unity builds (one compile of
# the big headers per batch of sources); lint and `make run` still compile
# every source on its own, so a missing include cannot hide.
test: test-deps
	@scripts/lint
	@cmake --preset ci >/dev/null
	@cmake --build --preset ci -j $(JOBS)
	@ctest --preset ci -j $(JOBS)
	@scripts/test-at-odd-hours build/ci $(JOBS)
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)
	@ctest --preset asan -j $(JOBS)

bench-deps:
	@scripts/install-deps --bench

# Speed and memory against their targets; writes docs/benchmarks.md.
bench: bench-deps
	@cmake --preset bench >/dev/null
	@cmake --build --preset bench -j $(JOBS)
	@bench/run.sh build/bench

# A reminder through 10,000 reminders: fds, threads and memory at the start
# and the end; writes the "## Soak" section of docs/benchmarks.md.
soak: test-deps
	@cmake --preset ci >/dev/null
	@cmake --build --preset ci -j $(JOBS) --target stretch bus_server
	@bench/soak.sh build/ci

# How long CI takes on a fresh clone, cold and warm; writes the CI section of
# docs/benchmarks.md.
ci-time: test-deps
	@bench/ci_time.sh

lint: test-deps
	@scripts/lint

install: build
	cmake --install build/release --prefix $(PREFIX)

package: build
	cd build/release && cpack -G DEB

# Fuzzes the loader for FUZZ_SECONDS, then keeps the inputs that found new
# code paths in tests/fuzz/corpus, which `make test` replays.
fuzz: test-deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS) --target fuzz_loader
	@mkdir -p build/asan/fuzz-work
	@cp -n tests/fuzz/corpus/* tests/fixtures/*/*.json data/routines/*.json build/asan/fuzz-work/ 2>/dev/null || true
	build/asan/tests/fuzz/fuzz_loader -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	  -dict=tests/fuzz/json.dict -print_final_stats=1 build/asan/fuzz-work
	build/asan/tests/fuzz/fuzz_loader -merge=1 tests/fuzz/corpus build/asan/fuzz-work

clean:
	rm -rf build
