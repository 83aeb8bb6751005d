/* SPDX-License-Identifier: MIT */
/*
 * Port and MMIO intercepts: how hypervisor code emulates a device for one
 * domain.  A handler is registered per domain for a range of I/O ports or
 * of guest-physical addresses; every access the guest makes there (IN,
 * OUT, INS, OUTS and their REP forms; for MMIO, whatever instruction the
 * decoder completes: see asm/hvm/decode.h) reaches it one element at a
 * time, 1, 2, 4 or 8 bytes wide (8 for MMIO only).
 *
 * What no handler claims is unbacked, as on Xen without a device model:
 * reads give all ones, writes are dropped, and the guest carries on.
 * Nothing a guest does here crashes it, let alone the hypervisor: a bad
 * instruction gets the fault the CPU would give (#UD, #GP, #PF).
 *
 * An MMIO range only sees accesses while its guest-physical pages have no
 * entry in the domain's p2m (RAM or a mapping there wins: the CPU never
 * exits for it).  Registering does not change the p2m; put device ranges
 * where the domain has no RAM (above it, or at a page the guest gave back).
 *
 * Context of everything here: the hypervisor lock (hv_lock) held,
 * interrupts off.  Handlers run on the CPU that runs v, between v's exit
 * and its next entry; v is the vCPU that made the access and belongs to the
 * domain the handler was registered for.  A handler must not let go of
 * the lock (no domain_pause(), no waiting); it may send events, wake
 * vCPUs, set timers and touch v's registers through v->regs.
 */
#ifndef ASM_HVM_IO_H
#define ASM_HVM_IO_H

#include <hv/types.h>

struct vcpu;
struct domain;

/* Handlers a domain may hold, ports and MMIO together. */
#define HVM_IO_MAX_HANDLERS	16

enum hvm_io_space {
	HVM_IO_PORT,	/* addresses are port numbers, 0..0xffff */
	HVM_IO_MMIO,	/* addresses are guest-physical */
};

struct hvm_io_ops {
	/*
	 * One access of size bytes (1, 2, 4, or 8 for MMIO) at addr, the
	 * absolute port or guest-physical address, which lies wholly inside
	 * the registered range (an access that straddles its end is not
	 * given to the handler: it is unbacked).  priv is the pointer given
	 * at registration.  read fills *val with the value in its low size
	 * bytes (the caller ignores the bytes above).
	 *
	 * Return 0 when done.  A negative errno refuses the access: it then
	 * completes as an unbacked one (read all ones, write dropped), and
	 * is counted as refused.
	 */
	int (*read)(struct vcpu *v, void *priv, uint64_t addr,
		    unsigned int size, uint64_t *val);
	int (*write)(struct vcpu *v, void *priv, uint64_t addr,
		     unsigned int size, uint64_t val);
};

struct hvm_io_handler {
	enum hvm_io_space space;
	uint64_t base, len;		/* len 0: a free slot */
	const struct hvm_io_ops *ops;
	void *priv;
};

/* Per domain (struct domain's io): the handlers and the access counters. */
struct hvm_io {
	struct hvm_io_handler handler[HVM_IO_MAX_HANDLERS];
	/* [HVM_IO_PORT] and [HVM_IO_MMIO]: accesses, element by element. */
	uint64_t handled[2];		/* completed by a handler */
	uint64_t unbacked[2];		/* no handler: all ones / dropped */
	uint64_t refused[2];		/* a handler returned an error */
};

/*
 * Claims [base, base + len) of space for d: accesses there go to ops
 * (read and write both set) with priv.  Any CPU, hv_lock held; d may be
 * running (its next exit sees the handler).
 * Returns 0; -EINVAL for len 0, a range that wraps or leaves the port
 * space, or a missing op; -EEXIST when it overlaps a registered range;
 * -ENOSPC when d holds HVM_IO_MAX_HANDLERS already.
 */
int hvm_io_register(struct domain *d, enum hvm_io_space space, uint64_t base,
		    uint64_t len, const struct hvm_io_ops *ops, void *priv);

/*
 * Gives back the range of space registered at exactly base: its accesses
 * are unbacked from d's next exit on.  Any CPU, hv_lock held.
 * Returns 0, or -ENOENT when no range starts there.
 */
int hvm_io_unregister(struct domain *d, enum hvm_io_space space,
		      uint64_t base);

/*
 * One access by v (the exit handlers' and the emulator's entry): goes to
 * the handler whose range holds [addr, addr + size), else completes as
 * unbacked; a read always fills *val (all ones in the size bytes when
 * unbacked or refused).  Counted in v's domain's struct hvm_io.
 * Context as for the handlers.
 */
void hvm_io_access(struct vcpu *v, enum hvm_io_space space, uint64_t addr,
		   unsigned int size, bool write, uint64_t *val);

/*
 * For the back ends: IN or OUT (not the string forms, which go through
 * the emulator) of size bytes at port, by v, whose exit said so; moves
 * AL/AX/EAX and steps rip past the insn_len bytes of the instruction.
 */
void hvm_io_port_insn(struct vcpu *v, uint16_t port, unsigned int size,
		      bool in, unsigned int insn_len);

/*
 * The exit fast path's IN or OUT (asm/hvm.h: hvm_fast_exit()): when no
 * handler of v's domain covers the access, completes it as unbacked, as
 * hvm_io_port_insn() would, and returns true; else does nothing and
 * returns false.  On v's CPU, with or without the lock.
 */
bool hvm_io_port_unbacked(struct vcpu *v, uint16_t port, unsigned int size,
			  bool in, unsigned int insn_len);

/* Prints d's counters in one line (at its destruction, with the exits). */
void hvm_io_print_counts(const struct domain *d);

#endif
