/* SPDX-License-Identifier: MIT */
/*
 * Guest memory access for hypercall arguments.  A guest names buffers by
 * virtual address, so we walk its own page tables (whatever mode it is in)
 * to a guest-physical address, then its p2m to a machine frame.  Every step
 * is checked: a bad pointer is -EFAULT for the guest, never a fault here.
 */
#include <errno.h>
#include <string.h>
#include <asm/boot.h>
#include <asm/hvm.h>
#include <hv/domain.h>
#include <hv/mm.h>
#include <hv/param.h>

#define CR4_PSE		(1u << 4)
#define PT_ADDR_MASK	0x000ffffffffff000ULL

/* The hypervisor's pointer to guest-physical gpa, if mapped with rights. */
static void *gpa_to_virt(struct domain *d, uint64_t gpa, unsigned int need)
{
	paddr_t maddr;
	unsigned int perms;

	if (p2m_get(&d->p2m, gpa >> PAGE_SHIFT, &maddr, &perms) ||
	    (perms & need) != need)
		return NULL;
	return (char *)maddr_to_virt(maddr) + (gpa & (PAGE_SIZE - 1));
}

/*
 * gpa_to_virt() for frame k of v's walk (0..3: a page-table level, 4: the
 * page at its end), through v's walk cache: the p2m entry is read again
 * each time, only the walk of the p2m down to it is saved while the
 * frame is the same and no p2m table was freed since, and the entry is
 * decoded again only when its value changed.
 */
static void *walk_frame(struct vcpu *v, unsigned int k, uint64_t gpa,
			unsigned int need)
{
	const struct p2m *p2m = &v->domain->p2m;
	typeof(v->walk_cache.frame[0]) *c = &v->walk_cache.frame[k];
	uint64_t gfn = gpa >> PAGE_SHIFT, e;
	paddr_t maddr;

	if (!c->slot || c->gfn != gfn || c->tables_freed != p2m->tables_freed) {
		c->tables_freed = p2m->tables_freed;
		c->gfn = gfn;
		c->slot = p2m_entry_slot(p2m, gfn);
		if (!c->slot)
			return NULL;
	}
	e = __atomic_load_n(c->slot, __ATOMIC_RELAXED);
	if (e != c->slot_val) {	/* slot_perms is what slot_val grants */
		c->slot_val = e;
		c->slot_perms = p2m_entry_decode(p2m, e, &maddr);
	}
	if ((c->slot_perms & need) != need)
		return NULL;
	return (char *)maddr_to_virt(e & P2M_ADDR_MASK) +
	       (gpa & (PAGE_SIZE - 1));
}

static int read_pte(struct vcpu *v, unsigned int k, uint64_t gpa, bool wide,
		    uint64_t *pte)
{
	const void *p = walk_frame(v, k, gpa, P2M_READ);

	if (!p)
		return -EFAULT;
	*pte = wide ? *(const uint64_t *)p : *(const uint32_t *)p;
	v->walk_cache.frame[k].pte = p;
	v->walk_cache.frame[k].pte_val = *pte;
	return 0;
}

/*
 * The last four-level walk again, when nothing it read has moved: the
 * same CR3 and page, an access that walk allowed (a write walk answers a
 * read), and each level's p2m entry and page-table entry still what that
 * walk read.  Then *gpa is its result.
 */
static bool last_walk_holds(struct vcpu *v, uint64_t cr3, uint64_t va,
			    unsigned int access, uint64_t *gpa)
{
	const struct guest_walk_cache *c = &v->walk_cache;
	unsigned int k;

	if (!c->last_valid || c->last_cr3 != cr3 ||
	    c->last_va != (va & ~(uint64_t)(PAGE_SIZE - 1)) ||
	    (access & ~c->last_access) ||
	    c->last_tables_freed != v->domain->p2m.tables_freed)
		return false;
	for (k = c->last_low; k < 4; k++)
		if (__atomic_load_n(c->frame[k].slot, __ATOMIC_RELAXED) !=
			    c->frame[k].slot_val ||
		    __atomic_load_n(c->frame[k].pte, __ATOMIC_RELAXED) !=
			    c->frame[k].pte_val)
			return false;
	*gpa = c->last_gpa | (va & (PAGE_SIZE - 1));
	return true;
}

/* Remembers a four-level walk that succeeded, down to level low. */
static void last_walk_keep(struct vcpu *v, uint64_t cr3, uint64_t va,
			   unsigned int access, unsigned int low, uint64_t gpa)
{
	struct guest_walk_cache *c = &v->walk_cache;

	c->last_cr3 = cr3;
	c->last_va = va & ~(uint64_t)(PAGE_SIZE - 1);
	c->last_access = access;
	c->last_low = low;
	c->last_gpa = gpa & ~(uint64_t)(PAGE_SIZE - 1);
	c->last_tables_freed = v->domain->p2m.tables_freed;
	c->last_valid = true;
}

/*
 * One level of a walk: reads the entry for va's index at this level and
 * checks it is present and allows the access (write, user).  Sets *done
 * and the physical address when the entry maps a large page (or is the
 * leaf).  On a fault, ORs into *pfec what the CPU's #PF error code says.
 */
static int walk_level(struct vcpu *v, unsigned int k, uint64_t table,
		      unsigned int shift, unsigned int index_bits, bool wide,
		      uint64_t va, unsigned int access, bool leaf,
		      bool large_ok, uint64_t *out, bool *done, uint32_t *pfec)
{
	uint64_t idx = (va >> shift) & ((1ULL << index_bits) - 1), pte;
	uint64_t entry_size = wide ? 8 : 4;

	if (read_pte(v, k, table + idx * entry_size, wide, &pte)) {
		/* Nothing behind the table: all ones, reserved bits set. */
		*pfec |= PFEC_PRESENT | PFEC_RSVD;
		return -EFAULT;
	}
	if (!(pte & PTE_P))
		return -EFAULT;
	if (((access & PFEC_WRITE) && !(pte & PTE_W)) ||
	    ((access & PFEC_USER) && !(pte & PTE_U))) {
		*pfec |= PFEC_PRESENT;
		return -EFAULT;
	}
	if (leaf || (large_ok && (pte & PTE_PS))) {
		uint64_t base = wide ? pte & PT_ADDR_MASK : pte & 0xfffff000;

		base &= ~((1ULL << shift) - 1);
		if (!wide && !leaf)	/* 4 MiB page: bits 13..20 are 39..32 */
			base |= ((pte >> 13) & 0xff) << 32;
		*out = base | (va & ((1ULL << shift) - 1));
		*done = true;
		return 0;
	}
	*out = wide ? pte & PT_ADDR_MASK : pte & 0xfffff000;
	return 0;
}

int guest_walk(struct vcpu *v, uint64_t va, unsigned int access,
	       uint64_t *gpa, uint32_t *pfec)
{
	struct hvm_cpu_state own;
	const struct hvm_cpu_state *st = v->hypercall_state;
	uint64_t t;
	bool done = false;
	int level;

	*pfec = access & (PFEC_WRITE | PFEC_USER | PFEC_FETCH);
	/* Inside a hypercall, the state hvm_hypercall() read: the guest's
	 * paging cannot change under its own hypercall. */
	if (!st) {
		hvm_ops->get_cpu_state(v, &own);
		st = &own;
	}
	if (!(st->cr0 & CR0_PG)) {
		*gpa = st->efer & EFER_LMA ? va : (uint32_t)va;
		return 0;
	}
	if (st->efer & EFER_LMA) {
		/* Canonical addresses only (#GP on hardware: see header). */
		if ((uint64_t)((int64_t)(va << 16) >> 16) != va)
			return -EFAULT;
		if (last_walk_holds(v, st->cr3, va, access, gpa))
			return 0;
		v->walk_cache.last_valid = false;
		t = st->cr3 & PT_ADDR_MASK;
		for (level = 3; level >= 0 && !done; level--)
			if (walk_level(v, (unsigned int)level, t,
				       12 + 9 * (unsigned int)level, 9, true,
				       va, access, level == 0,
				       level == 1 || level == 2, &t, &done,
				       pfec))
				return -EFAULT;
		last_walk_keep(v, st->cr3, va, access,
			       (unsigned int)(level + 1), t);
		*gpa = t;
		return 0;
	}
	v->walk_cache.last_valid = false;
	if (st->cr4 & CR4_PAE) {
		va = (uint32_t)va;
		t = st->cr3 & 0xffffffe0;
		if (read_pte(v, 2, t + ((va >> 30) & 3) * 8, true, &t)) {
			*pfec |= PFEC_PRESENT | PFEC_RSVD;
			return -EFAULT;
		}
		if (!(t & PTE_P))
			return -EFAULT;
		t &= PT_ADDR_MASK;
		for (level = 1; level >= 0 && !done; level--)
			if (walk_level(v, (unsigned int)level, t,
				       12 + 9 * (unsigned int)level, 9, true,
				       va, access, level == 0, level == 1, &t,
				       &done, pfec))
				return -EFAULT;
	} else {
		va = (uint32_t)va;
		t = st->cr3 & 0xfffff000;
		for (level = 1; level >= 0 && !done; level--)
			if (walk_level(v, (unsigned int)level, t,
				       12 + 10 * (unsigned int)level, 10,
				       false, va, access, level == 0,
				       level == 1 && (st->cr4 & CR4_PSE), &t,
				       &done, pfec))
				return -EFAULT;
	}
	*gpa = t;
	return 0;
}

/* Copies len bytes between hypervisor buf and guest va, page by page. */
static int copy_guest(struct vcpu *v, uint64_t va, void *buf, size_t len,
		      bool to_guest)
{
	uint64_t gpa;
	uint32_t pfec;
	size_t chunk;
	char *p;

	while (len) {
		chunk = MIN(len, PAGE_SIZE - (va & (PAGE_SIZE - 1)));
		if (guest_walk(v, va, to_guest ? PFEC_WRITE : 0, &gpa, &pfec))
			return -EFAULT;
		p = walk_frame(v, 4, gpa,
				to_guest ? P2M_WRITE : P2M_READ);
		if (!p)
			return -EFAULT;
		if (to_guest)
			memcpy(p, buf, chunk);
		else
			memcpy(buf, p, chunk);
		va += chunk;
		buf = (char *)buf + chunk;
		len -= chunk;
	}
	return 0;
}

void *guest_window(struct vcpu *v, uint64_t gva, size_t len, uint64_t *gpa)
{
	uint32_t pfec;

	if (!len || len > PAGE_SIZE - (gva & (PAGE_SIZE - 1)) ||
	    guest_walk(v, gva, PFEC_WRITE, gpa, &pfec))
		return NULL;
	return walk_frame(v, 4, *gpa, P2M_READ | P2M_WRITE);
}

void *guest_phys_window(struct domain *d, uint64_t gpa)
{
	return gpa_to_virt(d, gpa, P2M_READ | P2M_WRITE);
}

int copy_from_guest(struct vcpu *v, void *dst, uint64_t gva, size_t len)
{
	return copy_guest(v, gva, dst, len, false);
}

int copy_to_guest(struct vcpu *v, uint64_t gva, const void *src, size_t len)
{
	return copy_guest(v, gva, (void *)src, len, true);
}

int copy_to_guest_phys(struct domain *d, uint64_t gpa, const void *src,
		       size_t len)
{
	size_t chunk;
	char *p;

	while (len) {
		chunk = MIN(len, PAGE_SIZE - (gpa & (PAGE_SIZE - 1)));
		p = gpa_to_virt(d, gpa, P2M_WRITE);
		if (!p)
			return -EFAULT;
		memcpy(p, src, chunk);
		gpa += chunk;
		src = (const char *)src + chunk;
		len -= chunk;
	}
	return 0;
}

int guest_ulongs_get(struct vcpu *v, const struct guest_ulongs *a,
		     unsigned long i, uint64_t *val)
{
	uint32_t narrow;

	if (a->width == 8)
		return copy_from_guest(v, val, a->addr + i * 8, 8);
	if (copy_from_guest(v, &narrow, a->addr + i * 4, 4))
		return -EFAULT;
	*val = narrow;
	return 0;
}

int guest_ulongs_put(struct vcpu *v, const struct guest_ulongs *a,
		     unsigned long i, uint64_t val)
{
	uint32_t narrow = (uint32_t)val;

	if (a->width == 8)
		return copy_to_guest(v, a->addr + i * 8, &val, 8);
	return copy_to_guest(v, a->addr + i * 4, &narrow, 4);
}
