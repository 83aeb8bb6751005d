# SPDX-License-Identifier: MIT
# The shared runtime's SHA-256 beside OpenSSL's, and its instructions per
# byte: the bench links the very object Dom0 links.
SHA256_BENCH := $(BUILD)/tests/bench/sha256-bench
TEST_BUILD += $(SHA256_BENCH)
BENCH_CMDS += $(TOP)/tests/bench/sha256.sh

# The runtime object is freestanding code (-fno-pic): a position-dependent
# executable; its memcpy and memset are libc's.
$(SHA256_BENCH): $(TOP)/tests/bench/sha256_bench.c $(BUILD)/runtime/sha256.o
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wstrict-prototypes \
		-Wmissing-prototypes -Wshadow -Wundef -no-pie \
		-idirafter $(TOP)/hypervisor/lib/include -o $@ $^ -lcrypto
