# A thin wrapper over CMake presets (CMakePresets.json) for the README's commands.
# Each target first installs the Debian packages it needs (scripts/install-deps).

JOBS ?= $(shell nproc 2>/dev/null || echo 2)
ROUTINE ?= lower-back
PREFIX ?= /usr/local

.PHONY: all run test build deps test-deps clean

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

clean:
	rm -rf build
