# SPDX-License-Identifier: MIT
# Xenolith: `make` builds everything into build/, `make run` boots the
# default system in QEMU, `make test` runs every test, `make bench` prints
# the benchmark tables, `make fuzz` runs the fuzzers for longer, `make
# test-slow` the tests too slow for every run (Linux under Bochs).
BUILD := $(CURDIR)/build
export BUILD

# Rooms with a Makefile of their own (all and test targets); the ones with
# benchmarks and fuzzers have bench and fuzz targets too.
ROOMS := hypervisor tests xenstore guest-patches dom0 xapi
BENCH_ROOMS := tests xenstore xapi
FUZZ_ROOMS := tests xenstore xapi

all: deps
	@for r in $(ROOMS); do $(MAKE) --no-print-directory -C $$r all || exit 1; done

deps:
	@scripts/install-deps.sh

run: all
	scripts/run-qemu.sh

test: all
	scripts/run-tests.sh $(filter-out hypervisor,$(ROOMS))

bench: all
	@for r in $(BENCH_ROOMS); do $(MAKE) --no-print-directory -C $$r bench || exit 1; done

fuzz: all
	@for r in $(FUZZ_ROOMS); do $(MAKE) --no-print-directory -C $$r fuzz || exit 1; done

test-slow: all
	@$(MAKE) --no-print-directory -C tests slow

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD)

.PHONY: all deps run test test-slow bench fuzz format clean
