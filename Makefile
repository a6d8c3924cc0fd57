# Convenience wrapper around CMake. `make demo` builds and runs the main job on the
# bundled sample; `make test` builds twice (plain and ASan+UBSan) and runs every test.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD ?= build
SAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
# Seconds each fuzz harness runs: `make fuzz` (default 60, random seeds), `make fuzz-smoke`
# (12, seed 1, run by scripts/test.sh so that the harnesses stay alive in CI).
FUZZ_SECONDS ?= 60

.PHONY: all build build-asan demo test test-plain test-asan bench format clean sample fuzz \
        fuzz-build fuzz-smoke install

all: build

build:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

build-asan:
	cmake -S . -B $(SAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DZL_SANITIZE=ON >/dev/null
	cmake --build $(SAN_BUILD) -j $(JOBS)

# Installs zl, its man page zl(1) and bash completion under PREFIX (default /usr/local).
PREFIX ?= /usr/local
install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

demo: build
	./$(BUILD)/zl --db zorglandschap.db demo

test: test-plain test-asan

test-plain: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: build-asan
	cd $(SAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS)

# libFuzzer harnesses (fuzz/) with Debian's clang, under ASan+UBSan.
fuzz-build:
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DZL_FUZZ=ON >/dev/null
	cmake --build $(FUZZ_BUILD) -j $(JOBS)

fuzz: fuzz-build
	./scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

fuzz-smoke:
	FUZZ_SEED=1 $(MAKE) fuzz FUZZ_SECONDS=12

bench: build
	./bench/run-all.sh

sample: build
	./scripts/build-sample.sh

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(SAN_BUILD) $(FUZZ_BUILD)
