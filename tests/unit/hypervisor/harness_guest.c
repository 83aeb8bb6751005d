/* SPDX-License-Identifier: MIT */
/*
 * Fake domains for guest_access.c and the hypercall handlers: real frames,
 * a real NPT p2m, and a back end whose only live hook reports the control
 * registers the test put in struct harness_guest.
 */
#include <string.h>

#include <svm/svm.h>
#include "harness.h"

#define MAX_GUESTS	4

static struct harness_guest *guests[MAX_GUESTS];
static unsigned int nr_guests;

static void fake_get_cpu_state(struct vcpu *v, struct hvm_cpu_state *st)
{
	*st = *(const struct hvm_cpu_state *)v->hvm;
}

const struct hvm_ops harness_hvm_ops = {
	.name = "harness",
	.p2m_format = &npt_format,
	.get_cpu_state = fake_get_cpu_state,
};

const struct hvm_ops *hvm_ops = &harness_hvm_ops;

struct domain *domain_by_id(domid_t id)
{
	unsigned int i;

	for (i = 0; i < MAX_GUESTS; i++)
		if (guests[i] && guests[i]->d.domain_id == id)
			return &guests[i]->d;
	return NULL;
}

paddr_t harness_guest_map(struct harness_guest *g, uint64_t gfn,
			  unsigned int perms)
{
	paddr_t maddr;

	if (page_alloc(g->d.domain_id, &maddr)) {
		CU_FAIL("harness: out of frames");
		return 0;
	}
	if (p2m_set(&g->d.p2m, gfn, maddr, perms)) {
		page_free(maddr);
		CU_FAIL("harness: p2m_set failed");
		return 0;
	}
	g->d.tot_pages++;
	return maddr;
}

bool harness_guest_create(struct harness_guest *g, domid_t domid, bool priv,
			  unsigned long nr_pages)
{
	unsigned long gfn;
	unsigned int i;

	if (!nr_guests)
		harness_ram_reset();
	memset(g, 0, sizeof(*g));
	g->d.domain_id = domid;
	g->d.is_privileged = priv;
	g->d.max_vcpus = 1;
	g->d.vcpu[0] = &g->v;
	g->d.mem_bytes = (uint64_t)nr_pages << PAGE_SHIFT;
	g->d.max_pages = nr_pages;
	g->v.domain = &g->d;
	g->v.hvm = &g->cpu;
	g->cpu.cr0 = 0x11;	/* PE | ET: the PVH start state */
	g->nr_pages = nr_pages;
	if (p2m_init(&g->d.p2m, &npt_format)) {
		CU_FAIL("harness: p2m_init failed");
		return false;
	}
	for (gfn = 0; gfn < nr_pages; gfn++)
		if (!harness_guest_map(g, gfn, P2M_RWX))
			return false;
	for (i = 0; i < MAX_GUESTS; i++) {
		if (!guests[i]) {
			guests[i] = g;
			nr_guests++;
			return true;
		}
	}
	CU_FAIL("harness: too many guests");
	return false;
}

void harness_guest_destroy(struct harness_guest *g)
{
	unsigned int i;

	page_free_all(g->d.domain_id);
	p2m_destroy(&g->d.p2m);
	for (i = 0; i < MAX_GUESTS; i++) {
		if (guests[i] == g) {
			guests[i] = NULL;
			nr_guests--;
		}
	}
}

void *harness_gpa(struct harness_guest *g, uint64_t gpa)
{
	paddr_t maddr;
	unsigned int perms;

	if (p2m_get(&g->d.p2m, gpa >> PAGE_SHIFT, &maddr, &perms))
		return NULL;
	return (char *)maddr_to_virt(maddr) + (gpa & (PAGE_SIZE - 1));
}
