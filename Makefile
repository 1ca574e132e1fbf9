# A thin wrapper over CMake presets (CMakePresets.json) for the README's commands.
# Each target first installs the Debian packages it needs (scripts/install-deps).

JOBS ?= $(shell nproc 2>/dev/null || echo 2)
ROUTINE ?= lower-back
PREFIX ?= /usr/local

FUZZ_SECONDS ?= 300

.PHONY: all run test build deps test-deps fuzz clean

all: build

deps:
	@scripts/install-deps

test-deps:
	@scripts/install-deps --test

build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

run: build
	@build/release/stretch start $(ROUTINE)

test: test-deps
	@cmake --preset ci >/dev/null
	@cmake --build --preset ci -j $(JOBS)
	@ctest --preset ci -j $(JOBS)
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -j $(JOBS)
	@ctest --preset fuzz

# Fuzzes the loader for FUZZ_SECONDS, then keeps the inputs that found new
# code paths in tests/fuzz/corpus, which `make test` replays.
fuzz: test-deps
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -j $(JOBS)
	@mkdir -p build/fuzz/work
	@cp -n tests/fuzz/corpus/* tests/fixtures/*/*.json data/routines/*.json build/fuzz/work/ 2>/dev/null || true
	build/fuzz/tests/fuzz/fuzz_loader -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
	  -dict=tests/fuzz/json.dict -print_final_stats=1 build/fuzz/work
	build/fuzz/tests/fuzz/fuzz_loader -merge=1 tests/fuzz/corpus build/fuzz/work

clean:
	rm -rf build
