/* SPDX-License-Identifier: MIT */
/* The MSI-X table and PBA of a function: where they are, what is trapped. */
#include <errno.h>
#include <asm/msix.h>
#include <hv/param.h>

/* Whether [off, off + len) fits BAR i, a memory BAR that exists. */
static int check_bar(const struct pci_bar *bar, unsigned int nr_bars,
		     unsigned int i, uint64_t off, uint64_t len)
{
	if (i >= nr_bars || !bar[i].size || bar[i].io)
		return -ENODEV;
	if (off + len > bar[i].size)
		return -ERANGE;
	return 0;
}

static void set_trap(struct msix_trap *t, unsigned int bar, uint64_t lo,
		     uint64_t hi)
{
	t->bar = bar;
	t->off = ALIGN_DOWN(lo, PAGE_SIZE);
	t->len = ALIGN_UP(hi, PAGE_SIZE) - t->off;
}

int msix_layout_parse(struct msix_layout *l, const struct pci_bar *bar,
		      unsigned int nr_bars, uint16_t ctl, uint32_t table,
		      uint32_t pba)
{
	unsigned int n = (ctl & MSIX_CTL_SIZE) + 1;
	int rc;

	l->table_bar = table & MSIX_BIR;
	l->pba_bar = pba & MSIX_BIR;
	l->table = table & ~MSIX_BIR;
	l->pba = pba & ~MSIX_BIR;
	l->table_len = n * 16;
	l->pba_len = (n + 63) / 64 * 8;	/* one bit a vector, in qwords */
	rc = check_bar(bar, nr_bars, l->table_bar, l->table, l->table_len);
	if (!rc)
		rc = check_bar(bar, nr_bars, l->pba_bar, l->pba, l->pba_len);
	if (rc)
		return rc;
	if (l->table_bar == l->pba_bar) {
		l->nr_traps = 1;
		set_trap(&l->trap[0], l->table_bar, MIN(l->table, l->pba),
			 MAX((uint64_t)l->table + l->table_len,
			     (uint64_t)l->pba + l->pba_len));
		return 0;
	}
	l->nr_traps = 2;
	set_trap(&l->trap[0], l->table_bar, l->table,
		 (uint64_t)l->table + l->table_len);
	set_trap(&l->trap[1], l->pba_bar, l->pba, (uint64_t)l->pba + l->pba_len);
	return 0;
}

int msix_layout_trap_at(const struct msix_layout *l, unsigned int bar,
			uint64_t off)
{
	unsigned int t;

	for (t = 0; t < l->nr_traps; t++)
		if (l->trap[t].bar == bar && off >= l->trap[t].off &&
		    off - l->trap[t].off < l->trap[t].len)
			return (int)t;
	return -1;
}

bool msix_layout_in_table(const struct msix_layout *l, unsigned int t,
			  uint64_t off, unsigned int size, bool *overlaps)
{
	uint64_t a = l->trap[t].off + off, lo = l->table,
		 hi = lo + l->table_len;

	*overlaps = t == 0 && a < hi && a + size > lo;
	return t == 0 && a >= lo && a + size <= hi;
}
