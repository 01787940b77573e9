# Thin porcelain over scripts, CMake and CTest. Every target that needs tools
# depends on `deps`, so `make run` or `make test` alone set up a fresh
# Debian 12 machine.

BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
BUF := tools/node_modules/.bin/buf
SOURCES = $(shell git ls-files '*.cc' '*.h' 2>/dev/null)

.PHONY: all deps configure build run test lint tidy fmt bench fuzz image image-test clean

all: build

deps:
	@scripts/deps.sh

$(BUILD_DIR)/build.ninja: | deps
	cmake -S . -B $(BUILD_DIR) -G Ninja $(CMAKE_FLAGS)

configure: $(BUILD_DIR)/build.ninja

build: deps configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	scripts/run.sh $(BUILD_DIR)

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS) --timeout 600

lint: deps
	$(BUF) lint
	clang-format --dry-run -Werror $(SOURCES)

# clang-tidy over every project source (slow: a few minutes on 2 cores).
tidy: build
	clang-tidy -p $(BUILD_DIR) --quiet $(filter %.cc,$(SOURCES))

fmt: deps
	clang-format -i $(SOURCES)

bench: build
	bench/run.sh $(BUILD_DIR)

# libFuzzer runs of the importer targets (FUZZ_SECONDS each, 60 by default).
fuzz: deps
	scripts/fuzz.sh

# The five service images with podman (slow: not part of `make test`), and
# a smoke test of each: the service run from the mounted image under chroot,
# answering its health check.
image:
	scripts/image.sh

image-test:
	tests/deploy/image_smoke_test.sh

clean:
	rm -rf $(BUILD_DIR)
