/* SPDX-License-Identifier: MIT */
/*
 * Port and MMIO intercepts (asm/hvm/io.h): a small table per domain,
 * searched linearly (a handful of devices at most), and the unbacked
 * default that Xen gives a guest without a device model.
 */
#include <errno.h>
#include <asm/hvm.h>
#include <asm/hvm/io.h>
#include <hv/console.h>
#include <hv/domain.h>

#define PORT_SPACE_END	0x10000ULL

static bool overlaps(const struct hvm_io_handler *h, enum hvm_io_space space,
		     uint64_t base, uint64_t len)
{
	return h->len && h->space == space && base < h->base + h->len &&
	       h->base < base + len;
}

int hvm_io_register(struct domain *d, enum hvm_io_space space, uint64_t base,
		    uint64_t len, const struct hvm_io_ops *ops, void *priv)
{
	struct hvm_io_handler *free = NULL, *h;
	unsigned int i;

	if (!len || base + len < base || !ops || !ops->read || !ops->write ||
	    (space != HVM_IO_PORT && space != HVM_IO_MMIO) ||
	    (space == HVM_IO_PORT && base + len > PORT_SPACE_END))
		return -EINVAL;
	for (i = 0; i < HVM_IO_MAX_HANDLERS; i++) {
		h = &d->io.handler[i];
		if (overlaps(h, space, base, len))
			return -EEXIST;
		if (!h->len && !free)
			free = h;
	}
	if (!free)
		return -ENOSPC;
	*free = (struct hvm_io_handler){ space, base, len, ops, priv };
	return 0;
}

int hvm_io_unregister(struct domain *d, enum hvm_io_space space,
		      uint64_t base)
{
	struct hvm_io_handler *h;
	unsigned int i;

	for (i = 0; i < HVM_IO_MAX_HANDLERS; i++) {
		h = &d->io.handler[i];
		if (h->len && h->space == space && h->base == base) {
			h->len = 0;
			return 0;
		}
	}
	return -ENOENT;
}

static const struct hvm_io_handler *find(const struct domain *d,
					 enum hvm_io_space space,
					 uint64_t addr, unsigned int size)
{
	const struct hvm_io_handler *h;
	unsigned int i;

	for (i = 0; i < HVM_IO_MAX_HANDLERS; i++) {
		h = &d->io.handler[i];
		if (h->len && h->space == space && addr >= h->base &&
		    addr + size <= h->base + h->len && addr + size > addr)
			return h;
	}
	return NULL;
}

void hvm_io_access(struct vcpu *v, enum hvm_io_space space, uint64_t addr,
		   unsigned int size, bool write, uint64_t *val)
{
	struct hvm_io *io = &v->domain->io;
	const struct hvm_io_handler *h = find(v->domain, space, addr, size);
	int rc;

	if (!h) {
		/* Also counted by the exit fast path, without the lock. */
		__atomic_fetch_add(&io->unbacked[space], 1, __ATOMIC_RELAXED);
	} else {
		rc = write ? h->ops->write(v, h->priv, addr, size, *val)
			   : h->ops->read(v, h->priv, addr, size, val);
		if (!rc) {
			io->handled[space]++;
			return;
		}
		io->refused[space]++;
	}
	if (!write)
		*val = ~0ULL;
}

void hvm_io_print_counts(const struct domain *d)
{
	const struct hvm_io *io = &d->io;

	printk("d%u I/O: ports %lu handled %lu unbacked %lu refused, "
	       "mmio %lu handled %lu unbacked %lu refused\n",
	       d->domain_id, io->handled[HVM_IO_PORT],
	       io->unbacked[HVM_IO_PORT], io->refused[HVM_IO_PORT],
	       io->handled[HVM_IO_MMIO], io->unbacked[HVM_IO_MMIO],
	       io->refused[HVM_IO_MMIO]);
}

/* Ends IN or OUT: val into AL/AX/EAX for an IN, then hvm_retire(). */
static void port_insn_done(struct vcpu *v, unsigned int size, bool in,
			   uint64_t val, unsigned int insn_len)
{
	uint64_t *rax = &v->regs.rax, mask = (1ULL << (size * 8)) - 1;

	if (in)	/* IN EAX clears the upper half of RAX, as any 32-bit write */
		*rax = size == 4 ? (uint32_t)val : (*rax & ~mask) | (val & mask);
	hvm_retire(v, insn_len);
}

void hvm_io_port_insn(struct vcpu *v, uint16_t port, unsigned int size,
		      bool in, unsigned int insn_len)
{
	uint64_t val = v->regs.rax & ((1ULL << (size * 8)) - 1);

	hvm_io_access(v, HVM_IO_PORT, port, size, !in, &val);
	port_insn_done(v, size, in, val, insn_len);
}

bool hvm_io_port_unbacked(struct vcpu *v, uint16_t port, unsigned int size,
			  bool in, unsigned int insn_len)
{
	struct hvm_io *io = &v->domain->io;

	/*
	 * Read without the lock: a handler being registered right now may be
	 * missed or seen, as it would be by an access a moment earlier or
	 * later; one seen, even half written, sends the access the slow way.
	 */
	if (find(v->domain, HVM_IO_PORT, port, size))
		return false;
	__atomic_fetch_add(&io->unbacked[HVM_IO_PORT], 1, __ATOMIC_RELAXED);
	port_insn_done(v, size, in, ~0ULL, insn_len);
	return true;
}
