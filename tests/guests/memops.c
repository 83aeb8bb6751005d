/* SPDX-License-Identifier: MIT */
/*
 * The memory-operation test guest.  Role "memops" (a DomU) balloons its
 * memory down and up with XENMEM_decrease_reservation, populate_physmap
 * and increase_reservation, checks every answer and every bad argument,
 * and at each step publishes the page count it sees in a page granted to
 * Dom0 (gnt.h's rendezvous protocol, reference GNT_REF_RENDEZVOUS).  Role
 * "dom0" maps that page and checks that XENMEM_current_reservation and
 * XEN_DOMCTL_getdomaininfo on the DomU's id agree at every step: Dom0's
 * view of the ballooning.
 */
#include <errno.h>
#include <string.h>
#include <xen/arch-x86/hvm/start_info.h>
#include <xen/domctl.h>
#include <xen/memory.h>
#include <xen/sched.h>
#include "gnt.h"
#include "pv.h"

#define BAD_PTR		0x8000000000UL
#define UNPOPULATED_GFN	((GNT_MAP_GPA >> 12) + 0x100)
#define POOL_PAGES	64
#define STEP_DONE	6

static uint8_t status_page[4096] __attribute__((aligned(4096)));
static uint8_t pool[POOL_PAGES][4096] __attribute__((aligned(4096)));
static uint8_t big[2 << 20] __attribute__((aligned(2 << 20)));
static struct gnt_rendezvous *rv;

static xen_pfn_t gfn_of(const void *p)
{
	return (uintptr_t)p >> 12;
}

/* One reservation call on our own memory with the extents given. */
static long resv(unsigned int cmd, xen_pfn_t *list, unsigned long nr,
		 unsigned int order, unsigned int flags)
{
	struct xen_memory_reservation r = { .nr_extents = nr,
					    .extent_order = order,
					    .mem_flags = flags,
					    .domid = DOMID_SELF };

	set_xen_guest_handle(r.extent_start, list);
	return HYPERCALL2(__HYPERVISOR_memory_op, cmd, &r);
}

static long current(void)
{
	return gnt_reservation(DOMID_SELF, false);
}

static bool all_zero(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* Tells Dom0 what we see now and waits until it has looked. */
static void publish(uint32_t step)
{
	rv->expected = (uint32_t)current();
	rv->granter_step = step;
	gnt_wait(&rv->mapper_step, step);
}

static void balloon_pool(long base)
{
	xen_pfn_t list[POOL_PAGES], three[3];
	unsigned int i;

	for (i = 0; i < POOL_PAGES; i++)
		list[i] = gfn_of(pool[i]);
	memset(pool, 0xaa, sizeof(pool));
	EXPECT_EQ("memops/decrease",
		  resv(XENMEM_decrease_reservation, list, POOL_PAGES, 0, 0),
		  POOL_PAGES);
	EXPECT_EQ("memops/decrease-counted", current(), base - POOL_PAGES);
	publish(2);
	EXPECT_EQ("memops/decrease-unpopulated",
		  resv(XENMEM_decrease_reservation, list, POOL_PAGES, 0, 0), 0);
	EXPECT_EQ("memops/populate",
		  resv(XENMEM_populate_physmap, list, POOL_PAGES, 0, 0),
		  POOL_PAGES);
	EXPECT_EQ("memops/populate-counted", current(), base);
	EXPECT_TRUE("memops/populate-zeroed", all_zero(pool[0], sizeof(pool)));
	memset(pool, 0x55, sizeof(pool));
	publish(3);
	EXPECT_EQ("memops/populate-occupied",
		  resv(XENMEM_populate_physmap, list, 1, 0, 0), 0);
	three[0] = UNPOPULATED_GFN;
	EXPECT_EQ("memops/populate-beyond-max",
		  resv(XENMEM_populate_physmap, three, 1, 0, 0), 0);

	/* Partial success: the second extent is not ours, the call stops. */
	three[0] = gfn_of(pool[0]);
	three[1] = UNPOPULATED_GFN;
	three[2] = gfn_of(pool[1]);
	EXPECT_EQ("memops/decrease-partial",
		  resv(XENMEM_decrease_reservation, three, 3, 0, 0), 1);
	/* A continuation's start extent (cmd >> 6) skips the done ones. */
	three[2] = gfn_of(pool[2]);
	EXPECT_EQ("memops/start-extent",
		  resv(XENMEM_decrease_reservation | (2 << 6), three, 3, 0, 0), 3);
	EXPECT_EQ("memops/start-extent-counted", current(), base - 2);
	EXPECT_EQ("memops/start-extent-past-end",
		  resv(XENMEM_decrease_reservation | (5 << 6), three, 3, 0, 0), 5);
	three[1] = gfn_of(pool[2]);
	EXPECT_EQ("memops/address-bits-below-4g",
		  resv(XENMEM_populate_physmap, three, 1, 0,
		       XENMEMF_address_bits(20)), 0);
	EXPECT_EQ("memops/address-bits-32",
		  resv(XENMEM_populate_physmap, three, 2, 0,
		       XENMEMF_address_bits(32)), 2);
	EXPECT_EQ("memops/populate-on-demand-refused",
		  resv(XENMEM_populate_physmap, three, 1, 0,
		       XENMEMF_populate_on_demand), 0);
	EXPECT_EQ("memops/back-to-base", current(), base);
}

static void order9(long base)
{
	xen_pfn_t gfn = gfn_of(big);

	memset(big, 0x77, sizeof(big));
	EXPECT_EQ("memops/order-too-big",
		  resv(XENMEM_decrease_reservation, &gfn, 1, 10, 0), 0);
	gfn += 1;
	EXPECT_EQ("memops/order9-misaligned",
		  resv(XENMEM_decrease_reservation, &gfn, 1, 9, 0), 0);
	gfn -= 1;
	EXPECT_EQ("memops/decrease-order9",
		  resv(XENMEM_decrease_reservation, &gfn, 1, 9, 0), 1);
	EXPECT_EQ("memops/decrease-order9-counted", current(), base - 512);
	publish(4);
	EXPECT_EQ("memops/populate-order9",
		  resv(XENMEM_populate_physmap, &gfn, 1, 9, 0), 1);
	EXPECT_EQ("memops/populate-order9-counted", current(), base);
	EXPECT_TRUE("memops/populate-order9-zeroed", all_zero(big, sizeof(big)));
}

static void increase_and_bad_args(long base)
{
	struct xen_memory_reservation r = { .nr_extents = 1,
					    .domid = GNT_DOM_GRANTER };
	xen_pfn_t gfn = gfn_of(pool[0]);

	/* increase_reservation counts frames a translated guest cannot see. */
	EXPECT_EQ("memops/decrease-one",
		  resv(XENMEM_decrease_reservation, &gfn, 1, 0, 0), 1);
	EXPECT_EQ("memops/increase", resv(XENMEM_increase_reservation, NULL, 1, 0, 0),
		  1);
	EXPECT_EQ("memops/increase-counted", current(), base);
	EXPECT_EQ("memops/increase-beyond-max",
		  resv(XENMEM_increase_reservation, NULL, 1, 0, 0), 0);

	EXPECT_EQ("memops/reservation-bad-pointer",
		  HYPERCALL2(__HYPERVISOR_memory_op, XENMEM_populate_physmap,
			     BAD_PTR), -EFAULT);
	EXPECT_EQ("memops/extent-list-bad-pointer",
		  resv(XENMEM_decrease_reservation, (xen_pfn_t *)BAD_PTR, 1, 0, 0),
		  0);
	set_xen_guest_handle(r.extent_start, &gfn);
	EXPECT_EQ("memops/other-domain",
		  HYPERCALL2(__HYPERVISOR_memory_op, XENMEM_decrease_reservation,
			     &r), -EPERM);
	EXPECT_EQ("memops/current-other-domain",
		  gnt_reservation(GNT_DOM_GRANTER, false), -EPERM);
	EXPECT_EQ("memops/maximum", gnt_reservation(DOMID_SELF, true), base);
}

static void memops(void)
{
	long base = current();

	EXPECT_EQ("memops/current-is-maximum", base,
		  gnt_reservation(DOMID_SELF, true));
	EXPECT_EQ("memops/grant-table", gnt_init(1), 0);
	rv = (struct gnt_rendezvous *)status_page;
	gnt_grant(GNT_REF_RENDEZVOUS, GNT_DOM0, status_page, false);
	publish(1);
	balloon_pool(base);
	order9(base);
	increase_and_bad_args(base);
	publish(5);
	publish(STEP_DONE);	/* Dom0 no longer reads the page after this */
	pv_summary();
	pv_shutdown(SHUTDOWN_poweroff);
}

/* The DomU's tot_pages as XEN_DOMCTL_getdomaininfo tells, or -1. */
static long domctl_pages(domid_t dom)
{
	struct xen_domctl op = { .cmd = XEN_DOMCTL_getdomaininfo,
				 .interface_version = XEN_DOMCTL_INTERFACE_VERSION,
				 .domain = dom };

	if (HYPERCALL2(__HYPERVISOR_domctl, &op, 0))
		return -1;
	return (long)op.u.getdomaininfo.tot_pages;
}

static void dom0(void)
{
	static const char *const sees[] = {
		NULL, TEST_NAME("dom0/sees-boot"),
		TEST_NAME("dom0/sees-decrease"), TEST_NAME("dom0/sees-populate"),
		TEST_NAME("dom0/sees-order9-decrease"),
		TEST_NAME("dom0/sees-final"),
	};
	static const char *const domctl_sees[] = {
		NULL, TEST_NAME("dom0/domctl-sees-boot"),
		TEST_NAME("dom0/domctl-sees-decrease"),
		TEST_NAME("dom0/domctl-sees-populate"),
		TEST_NAME("dom0/domctl-sees-order9-decrease"),
		TEST_NAME("dom0/domctl-sees-final"),
	};
	struct gnttab_get_version gv = { .dom = GNT_DOM_MEMOPS };
	struct gnttab_query_size q = { .dom = GNT_DOM_MEMOPS };
	grant_handle_t h;
	uint32_t step;

	EXPECT_TRUE("dom0/query_size-other-domain",
		    !gnt_op(GNTTABOP_query_size, &q, 1) && q.status == 0 &&
			    q.nr_frames >= 1);
	EXPECT_TRUE("dom0/get_version-other-domain",
		    !gnt_op(GNTTABOP_get_version, &gv, 1) && gv.version == 1);
	EXPECT_EQ("dom0/current-reservation-no-domain",
		  gnt_reservation(999, false), -ESRCH);
	EXPECT_EQ("dom0/map-memops-status",
		  gnt_map_wait(GNT_DOM_MEMOPS, GNT_REF_RENDEZVOUS, GNT_MAP_GPA,
			       false, &h),
		  GNTST_okay);
	rv = (struct gnt_rendezvous *)GNT_MAP_GPA;
	for (step = 1; step < sizeof(sees) / sizeof(sees[0]); step++) {
		if (!gnt_wait(&rv->granter_step, step))
			break;
		EXPECT_EQ(sees[step], gnt_reservation(GNT_DOM_MEMOPS, false),
			  rv->expected);
		EXPECT_EQ(domctl_sees[step], domctl_pages(GNT_DOM_MEMOPS),
			  rv->expected);
		if (step == 1)	/* at boot a domain has all it may have */
			EXPECT_EQ("dom0/maximum-reservation-of-domU",
				  gnt_reservation(GNT_DOM_MEMOPS, true),
				  rv->expected);
		rv->mapper_step = step;
	}
	EXPECT_TRUE("dom0/memops-done", gnt_wait(&rv->granter_step, STEP_DONE));
	rv->mapper_step = STEP_DONE;	/* the DomU may now die: unmap at once */
	EXPECT_EQ("dom0/unmap", gnt_unmap(GNT_MAP_GPA, h), GNTST_okay);
	pv_summary();
	pv_shutdown(SHUTDOWN_poweroff);
}

void guest_main(uint32_t start_info);
void guest_main(uint32_t start_info)
{
	const struct hvm_start_info *si = (const void *)(uintptr_t)start_info;
	const char *role = (const char *)(uintptr_t)si->cmdline_paddr;

	if (pv_init())
		for (;;)
			__asm__ volatile("hlt");
	if (!strcmp(role, "memops"))
		memops();
	else if (!strcmp(role, "dom0"))
		dom0();
	pv_printf("FAIL memops/role: unknown role '%s'\n", role);
	pv_shutdown(SHUTDOWN_crash);
}
