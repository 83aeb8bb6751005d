# SPDX-License-Identifier: MIT
# How every freestanding part (hypervisor, Dom0, guest kernels) is compiled
# and linked, and the one runtime library they all link.  Include it with
# BUILD set; it defines FS_CFLAGS, FS_ASFLAGS, FS_LDFLAGS and RUNTIME_LIB.

FS_LIBDIR := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))/
CC ?= gcc
LD ?= ld

# Xen's public headers from libxen-dev, reached through a directory that
# holds nothing else, so that the host's libc headers stay out of sight.
# They use the <stdint.h> types without including it, hence -include.
# Without __XEN_INTERFACE_VERSION__ they give a guest the pre-3.1 legacy
# interface (sched_op would be the compat number 6, not 29), so every
# freestanding part names the interface of Xen 4.17 explicitly.
XEN_INCLUDE := $(BUILD)/xen-include
XEN_INTERFACE := -D__XEN_INTERFACE_VERSION__=0x00040e00

FS_WARN := -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes \
	   -Wshadow -Wundef
# gnu11: C11 plus the GNU extensions Xen's headers (anonymous unions in
# hvm/save.h) and our inline assembly use.
FS_CFLAGS := -std=gnu11 -O2 -g $(FS_WARN) \
	     -ffreestanding -fno-builtin -nostdinc \
	     -isystem $(shell $(CC) -print-file-name=include) \
	     -I$(FS_LIBDIR)include -isystem $(XEN_INCLUDE) -include stdint.h \
	     $(XEN_INTERFACE) \
	     -m64 -mno-red-zone -mgeneral-regs-only -mcmodel=small \
	     -fno-pic -fno-pie -fno-stack-protector -fcf-protection=none \
	     -fno-asynchronous-unwind-tables -fno-omit-frame-pointer
FS_ASFLAGS := -D__ASSEMBLY__ $(XEN_INTERFACE) -I$(FS_LIBDIR)include
FS_LDFLAGS := -nostdlib -static -z max-page-size=4096 -z noexecstack \
	      --no-warn-rwx-segments

RUNTIME_SRCS := string.c printf.c strtoul.c elf.c acpi.c acpi_parse.c sha256.c errno_check.c \
	exitname.c
RUNTIME_OBJS := $(addprefix $(BUILD)/runtime/,$(RUNTIME_SRCS:.c=.o))
RUNTIME_LIB := $(BUILD)/runtime/libxrt.a

$(XEN_INCLUDE)/xen:
	@mkdir -p $(XEN_INCLUDE)
	@test -d /usr/include/xen || { echo "missing /usr/include/xen: run scripts/install-deps.sh" >&2; exit 1; }
	ln -sfn /usr/include/xen $@

$(BUILD)/runtime/%.o: $(FS_LIBDIR)%.c | $(XEN_INCLUDE)/xen
	@mkdir -p $(dir $@)
	$(CC) $(FS_CFLAGS) -MMD -MP -c $< -o $@

$(RUNTIME_LIB): $(RUNTIME_OBJS)
	rm -f $@
	ar rcs $@ $(filter-out %/errno_check.o,$^)

-include $(RUNTIME_OBJS:.o=.d)
