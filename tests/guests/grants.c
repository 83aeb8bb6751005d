/* SPDX-License-Identifier: MIT */
/*
 * The grant-table test guest.  Its command line names its role (see gnt.h
 * for the domain ids and the rendezvous protocol):
 *
 *   granter   grants pages to the others, checks the table operations and
 *             what the mappers' accesses do to its entries, balloons out a
 *             page while it is mapped, then dies with mappings still held.
 *   mapper    maps the granter's pages read-only and writable, writes
 *             through them, copies, tries every bad argument, unmaps after
 *             the granter died; it also times map+unmap and copy and
 *             prints BENCH lines (tests/bench/gnttab.sh reads them).
 *   rowriter  maps a read-only grant and writes through it: it gets #GP,
 *             as Xen gives, and the page keeps its contents.
 *   late      keeps a mapping until the granter died, then reads through
 *             it: the mapping was revoked, so the read finds nothing
 *             behind the address and gives all ones; the guest lives on.
 *
 * Test names carry the role ("mapper/...") so the system test knows in
 * which domain each must pass.
 */
#include <errno.h>
#include <string.h>
#include <xen/arch-x86/hvm/start_info.h>
#include <xen/memory.h>
#include <xen/sched.h>
#include "gnt.h"
#include "pv.h"

#define BAD_PTR		0x8000000000UL
#define PATTERN		0x5a
#define MAGIC		0xfeedf00dU
#define UNPOPULATED_GFN	(GNT_MAP_GPA >> 12) /* nobody's RAM, for bad pages */

/* The granter's references. */
#define REF_RO		9	/* mapper, read-only */
#define REF_ROWRITER	10	/* rowriter, read-only */
#define REF_BALLOON	11	/* mapper, read-only: ballooned out while mapped */
#define REF_COPY_DST	12	/* mapper, writable: copy destination */
#define REF_COPY_SRC	13	/* mapper, read-only: copy source */
#define REF_BAD_FRAME	14	/* mapper: names a gfn that is not RAM */
#define REF_LATE	15	/* late, read-only */
#define REF_SHINFO	16	/* mapper, read-only: shared_info put over it */
#define REF_SWAP_A	20	/* granter: swapped with REF_SWAP_B */
#define REF_SWAP_B	21

/* Where the mapper puts its mappings (one page each). */
#define MAP_RV		(GNT_MAP_GPA + 0x1000)
#define MAP_RO		(GNT_MAP_GPA + 0x2000)
#define MAP_BALLOON	(GNT_MAP_GPA + 0x3000)
#define MAP_SCRATCH	(GNT_MAP_GPA + 0x4000)
#define MAP_SHINFO	(GNT_MAP_GPA + 0x5000)
#define MAP_MANY	(GNT_MAP_GPA + 0x100000)

#define PAGE		__attribute__((aligned(4096)))

static uint8_t rv_page[4096] PAGE;
static uint8_t ro_page[4096] PAGE;
static uint8_t rowriter_page[4096] PAGE;
static uint8_t balloon_page[4096] PAGE;
static uint8_t shinfo_page[4096] PAGE;
static uint8_t copy_dst[4096] PAGE;
static uint8_t copy_src[4096] PAGE;
static uint8_t late_page[4096] PAGE;
static uint8_t local[4096] PAGE;

static struct gnt_rendezvous *rv;

static bool all_bytes(const volatile uint8_t *p, size_t n, uint8_t v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != v)
			return false;
	return true;
}

static long memop(unsigned int cmd, void *arg)
{
	return HYPERCALL2(__HYPERVISOR_memory_op, cmd, arg);
}

static long balloon_out(void *page)
{
	xen_pfn_t gfn = (uintptr_t)page >> 12;
	struct xen_memory_reservation r = { .nr_extents = 1,
					    .domid = DOMID_SELF };

	set_xen_guest_handle(r.extent_start, &gfn);
	return memop(XENMEM_decrease_reservation, &r);
}

static long shared_info_over(void *page)
{
	struct xen_add_to_physmap x = { .domid = DOMID_SELF,
					.space = XENMAPSPACE_shared_info,
					.gpfn = (uintptr_t)page >> 12 };

	return memop(XENMEM_add_to_physmap, &x);
}

/* setup_table, query_size, versions and add_to_physmap on our own table. */
static void granter_table_ops(void)
{
	struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 2 };
	struct gnttab_query_size q = { .dom = DOMID_SELF };
	struct gnttab_set_version sv = { .version = 1 };
	struct gnttab_get_version gv = { .dom = DOMID_SELF };
	struct xen_add_to_physmap x = { .domid = DOMID_SELF,
					.space = XENMAPSPACE_grant_table };
	xen_pfn_t frames[2] = { 0, 0 };
	long pages;

	EXPECT_EQ("granter/set_version-1", gnt_op(GNTTABOP_set_version, &sv, 1), 0);
	sv.version = 2;
	EXPECT_EQ("granter/set_version-2-refused",
		  gnt_op(GNTTABOP_set_version, &sv, 1), -ENOSYS);
	EXPECT_EQ("granter/set_version-answers-1", sv.version, 1);
	sv.version = 3;
	EXPECT_EQ("granter/set_version-3", gnt_op(GNTTABOP_set_version, &sv, 1),
		  -EINVAL);
	EXPECT_EQ("granter/set_version-count", gnt_op(GNTTABOP_set_version, &sv, 2),
		  -EINVAL);
	EXPECT_TRUE("granter/get_version",
		    !gnt_op(GNTTABOP_get_version, &gv, 1) && gv.version == 1);
	gv.dom = GNT_DOM_MAPPER;
	EXPECT_EQ("granter/get_version-other", gnt_op(GNTTABOP_get_version, &gv, 1),
		  -EPERM);
	EXPECT_TRUE("granter/query_size",
		    !gnt_op(GNTTABOP_query_size, &q, 1) && q.status == 0 &&
			    q.nr_frames == 1 && q.max_nr_frames >= 4);
	q.dom = GNT_DOM_MAPPER;
	gnt_op(GNTTABOP_query_size, &q, 1);
	EXPECT_EQ("granter/query_size-other", q.status, GNTST_permission_denied);
	q.dom = 999;
	gnt_op(GNTTABOP_query_size, &q, 1);
	EXPECT_EQ("granter/query_size-bad-domain", q.status, GNTST_bad_domain);
	EXPECT_EQ("granter/query_size-bad-pointer",
		  gnt_op(GNTTABOP_query_size, (void *)BAD_PTR, 1), -EFAULT);

	/* Before add_to_physmap the frames are nowhere in our physmap. */
	set_xen_guest_handle(st.frame_list, frames);
	EXPECT_TRUE("granter/setup_table-grows",
		    !gnt_op(GNTTABOP_setup_table, &st, 1) && st.status == 0 &&
			    frames[0] == (xen_pfn_t)-1 &&
			    frames[1] == (xen_pfn_t)-1);
	q.dom = DOMID_SELF;
	gnt_op(GNTTABOP_query_size, &q, 1);
	EXPECT_EQ("granter/query_size-after-setup", q.nr_frames, 2);
	st.nr_frames = 1000;
	gnt_op(GNTTABOP_setup_table, &st, 1);
	EXPECT_EQ("granter/setup_table-too-many", st.status, GNTST_general_error);
	st.nr_frames = 1;
	st.dom = GNT_DOM_MAPPER;
	gnt_op(GNTTABOP_setup_table, &st, 1);
	EXPECT_EQ("granter/setup_table-other", st.status, GNTST_permission_denied);
	st.dom = DOMID_SELF;
	set_xen_guest_handle(st.frame_list, (xen_pfn_t *)BAD_PTR);
	gnt_op(GNTTABOP_setup_table, &st, 1);
	EXPECT_EQ("granter/setup_table-bad-list", st.status, GNTST_bad_virt_addr);
	EXPECT_EQ("granter/setup_table-count",
		  gnt_op(GNTTABOP_setup_table, &st, 0), -EINVAL);

	EXPECT_EQ("granter/add_to_physmap", gnt_init(2), 0);
	set_xen_guest_handle(st.frame_list, frames);
	st.nr_frames = 2;
	EXPECT_TRUE("granter/setup_table-reports-gfns",
		    !gnt_op(GNTTABOP_setup_table, &st, 1) &&
			    frames[0] == GNT_TABLE_GPA >> 12 &&
			    frames[1] == (GNT_TABLE_GPA >> 12) + 1);
	x.idx = 64;
	x.gpfn = (GNT_TABLE_GPA >> 12) + 8;
	EXPECT_EQ("granter/add_to_physmap-idx-too-big",
		  memop(XENMEM_add_to_physmap, &x), -EINVAL);
	x.idx = XENMAPIDX_grant_table_status;
	EXPECT_EQ("granter/add_to_physmap-status-frame",
		  memop(XENMEM_add_to_physmap, &x), -EINVAL);
	x.idx = 0;
	x.gpfn = 1UL << 40;
	EXPECT_EQ("granter/add_to_physmap-gfn-too-big",
		  memop(XENMEM_add_to_physmap, &x), -EINVAL);
	x.gpfn = (GNT_TABLE_GPA >> 12) + 1;	/* frame 1 lives there */
	EXPECT_EQ("granter/add_to_physmap-over-other-frame",
		  memop(XENMEM_add_to_physmap, &x), -EBUSY);
	x.space = XENMAPSPACE_gmfn_range;
	EXPECT_EQ("granter/add_to_physmap-other-space",
		  memop(XENMEM_add_to_physmap, &x), -ENOSYS);
	x.space = XENMAPSPACE_grant_table;
	x.domid = GNT_DOM_MAPPER;
	EXPECT_EQ("granter/add_to_physmap-other-domain",
		  memop(XENMEM_add_to_physmap, &x), -EPERM);
	EXPECT_EQ("granter/add_to_physmap-bad-pointer",
		  memop(XENMEM_add_to_physmap, (void *)BAD_PTR), -EFAULT);

	/* Frame 2 over one of our RAM pages: that RAM is given back. */
	pages = gnt_reservation(DOMID_SELF, false);
	x.domid = DOMID_SELF;
	x.idx = 2;
	x.gpfn = (uintptr_t)local >> 12;
	EXPECT_EQ("granter/add_to_physmap-over-ram",
		  memop(XENMEM_add_to_physmap, &x), 0);
	EXPECT_EQ("granter/add_to_physmap-over-ram-frees",
		  gnt_reservation(DOMID_SELF, false), pages - 1);
	EXPECT_TRUE("granter/table-frame-is-blank", all_bytes(local, 4096, 0));
	x.gpfn = (GNT_TABLE_GPA >> 12) + 2;	/* move it away */
	EXPECT_EQ("granter/add_to_physmap-move", memop(XENMEM_add_to_physmap, &x),
		  0);
}

/*
 * GNTTABOP_swap_grant_ref on our own table while the mapper holds REF_RO:
 * two unpinned entries trade places (flags, domid, frame); a pinned one
 * is GNTST_eagain and both stay; a reference past the table is
 * GNTST_bad_gntref; a reference with itself is a no-op, pinned or not;
 * each operation of a batch has its own status; a bad pointer -EFAULT.
 */
static void granter_swaps(void)
{
	struct gnttab_swap_grant_ref s[2] = {
		{ .ref_a = REF_SWAP_A, .ref_b = REF_SWAP_B, .status = 1 },
		{ .ref_a = REF_RO, .ref_b = REF_SWAP_A, .status = 1 },
	};
	struct grant_entry_v1 a, b, ro = *gnt_entry(REF_RO);

	gnt_grant(REF_SWAP_A, GNT_DOM_MAPPER, local, true);
	gnt_grant(REF_SWAP_B, GNT_DOM_LATE, copy_dst, false);
	a = *gnt_entry(REF_SWAP_A);
	b = *gnt_entry(REF_SWAP_B);
	EXPECT_EQ("granter/swap-batch", gnt_op(GNTTABOP_swap_grant_ref, s, 2), 0);
	EXPECT_EQ("granter/swap-status", s[0].status, GNTST_okay);
	EXPECT_TRUE("granter/swap-exchanged",
		    !memcmp(gnt_entry(REF_SWAP_A), &b, sizeof(b)) &&
			    !memcmp(gnt_entry(REF_SWAP_B), &a, sizeof(a)));
	EXPECT_EQ("granter/swap-pinned-eagain", s[1].status, GNTST_eagain);
	EXPECT_TRUE("granter/swap-pinned-kept",
		    !memcmp(gnt_entry(REF_RO), &ro, sizeof(ro)) &&
			    !memcmp(gnt_entry(REF_SWAP_A), &b, sizeof(b)));
	s[0] = (struct gnttab_swap_grant_ref){ .ref_a = REF_SWAP_A,
					       .ref_b = 100000, .status = 1 };
	gnt_op(GNTTABOP_swap_grant_ref, s, 1);
	EXPECT_EQ("granter/swap-bad-ref", s[0].status, GNTST_bad_gntref);
	s[0] = (struct gnttab_swap_grant_ref){ .ref_a = REF_RO,
					       .ref_b = REF_RO, .status = 1 };
	gnt_op(GNTTABOP_swap_grant_ref, s, 1);
	EXPECT_EQ("granter/swap-same-ref", s[0].status, GNTST_okay);
	EXPECT_EQ("granter/swap-bad-pointer",
		  gnt_op(GNTTABOP_swap_grant_ref, (void *)BAD_PTR, 1), -EFAULT);
	gnt_end(REF_SWAP_A);
	gnt_end(REF_SWAP_B);
}

static void granter(void)
{
	long pages;

	granter_table_ops();
	memset(ro_page, PATTERN, sizeof(ro_page));
	memset(rowriter_page, PATTERN, sizeof(rowriter_page));
	memset(balloon_page, PATTERN, sizeof(balloon_page));
	memset(shinfo_page, PATTERN, sizeof(shinfo_page));
	memset(copy_src, PATTERN, sizeof(copy_src));
	memset(late_page, PATTERN, sizeof(late_page));
	rv = (struct gnt_rendezvous *)rv_page;
	gnt_grant(GNT_REF_RENDEZVOUS, GNT_DOM_MAPPER, rv_page, false);
	gnt_grant(REF_RO, GNT_DOM_MAPPER, ro_page, true);
	gnt_grant(REF_ROWRITER, GNT_DOM_ROWRITER, rowriter_page, true);
	gnt_grant(REF_BALLOON, GNT_DOM_MAPPER, balloon_page, true);
	gnt_grant(REF_SHINFO, GNT_DOM_MAPPER, shinfo_page, true);
	gnt_grant(REF_COPY_DST, GNT_DOM_MAPPER, copy_dst, false);
	gnt_grant(REF_COPY_SRC, GNT_DOM_MAPPER, copy_src, true);
	gnt_grant(REF_BAD_FRAME, GNT_DOM_MAPPER, (void *)GNT_MAP_GPA, false);
	gnt_grant(REF_LATE, GNT_DOM_LATE, late_page, true);

	EXPECT_TRUE("granter/mapper-arrived", gnt_wait(&rv->mapper_step, 1));
	EXPECT_EQ("granter/write-through-mapping-seen", rv->magic, MAGIC);
	EXPECT_EQ("granter/flags-writable-mapping",
		  gnt_entry(GNT_REF_RENDEZVOUS)->flags,
		  GTF_permit_access | GTF_reading | GTF_writing);
	EXPECT_EQ("granter/flags-readonly-mapping", gnt_entry(REF_RO)->flags,
		  GTF_permit_access | GTF_readonly | GTF_reading);
	EXPECT_TRUE("granter/end-refused-while-mapped", !gnt_end(REF_RO));
	granter_swaps();
	EXPECT_TRUE("granter/copy-to-grant-seen",
		    all_bytes(copy_dst, 4096, PATTERN + 1));

	/* Balloon out a mapped page: the frame lives on until the unmap. */
	pages = gnt_reservation(DOMID_SELF, false);
	EXPECT_EQ("granter/balloon-mapped-page", balloon_out(balloon_page), 1);
	EXPECT_EQ("granter/balloon-mapped-page-still-counted",
		  gnt_reservation(DOMID_SELF, false), pages);
	/* The same when shared_info takes a mapped page's place. */
	EXPECT_EQ("granter/shared_info-over-mapped-page",
		  shared_info_over(shinfo_page), 0);
	EXPECT_EQ("granter/shared_info-over-mapped-page-still-counted",
		  gnt_reservation(DOMID_SELF, false), pages);
	rv->granter_step = 2;
	EXPECT_TRUE("granter/mapper-unmapped", gnt_wait(&rv->mapper_step, 2));
	EXPECT_EQ("granter/pinned-frames-freed-at-unmap",
		  gnt_reservation(DOMID_SELF, false), pages - 2);
	EXPECT_EQ("granter/flags-after-unmap", gnt_entry(REF_RO)->flags,
		  GTF_permit_access | GTF_readonly);
	EXPECT_TRUE("granter/end-after-unmap", gnt_end(REF_RO));

	/* The rowriter maps, writes and dies: its mapping goes with it. */
	EXPECT_TRUE("granter/rowriter-died", gnt_wait_death(GNT_DOM_ROWRITER));
	EXPECT_EQ("granter/flags-cleared-when-mapper-died",
		  gnt_entry(REF_ROWRITER)->flags,
		  GTF_permit_access | GTF_readonly);
	EXPECT_TRUE("granter/rowriter-page-intact",
		    all_bytes(rowriter_page, 4096, PATTERN));

	/* Die with the mapper's and late's mappings still held. */
	while (!(gnt_entry(REF_LATE)->flags & GTF_reading))
		gnt_yield();
	rv->granter_step = 3;
	EXPECT_TRUE("granter/mapper-ready", gnt_wait(&rv->mapper_step, 3));
	pv_summary();
	pv_shutdown(SHUTDOWN_poweroff);
}

static void mapper_bad_maps(void)
{
	struct gnttab_map_grant_ref m[3];
	grant_handle_t h;

	EXPECT_EQ("mapper/map-readonly-grant-writable",
		  gnt_map(GNT_DOM_GRANTER, REF_RO, MAP_SCRATCH, false, &h),
		  GNTST_general_error);
	EXPECT_EQ("mapper/map-grant-for-another-domain",
		  gnt_map(GNT_DOM_GRANTER, REF_ROWRITER, MAP_SCRATCH, true, &h),
		  GNTST_general_error);
	EXPECT_EQ("mapper/map-ungranted-ref",
		  gnt_map(GNT_DOM_GRANTER, 100, MAP_SCRATCH, true, &h),
		  GNTST_general_error);
	EXPECT_EQ("mapper/map-ref-beyond-table",
		  gnt_map(GNT_DOM_GRANTER, 5000, MAP_SCRATCH, true, &h),
		  GNTST_bad_gntref);
	EXPECT_EQ("mapper/map-frame-not-granter-ram",
		  gnt_map(GNT_DOM_GRANTER, REF_BAD_FRAME, MAP_SCRATCH, false, &h),
		  GNTST_bad_page);
	EXPECT_EQ("mapper/map-bad-domain",
		  gnt_map(999, REF_RO, MAP_SCRATCH, true, &h), GNTST_bad_domain);
	EXPECT_EQ("mapper/map-own-domain",
		  gnt_map(GNT_DOM_MAPPER, REF_RO, MAP_SCRATCH, true, &h),
		  GNTST_bad_domain);
	EXPECT_EQ("mapper/map-domid-self",
		  gnt_map(DOMID_SELF, REF_RO, MAP_SCRATCH, true, &h),
		  GNTST_bad_domain);
	EXPECT_EQ("mapper/map-unaligned-address",
		  gnt_map(GNT_DOM_GRANTER, REF_RO, MAP_SCRATCH + 8, true, &h),
		  GNTST_bad_virt_addr);
	EXPECT_EQ("mapper/map-over-own-ram",
		  gnt_map(GNT_DOM_GRANTER, REF_RO, (uintptr_t)local, true, &h),
		  GNTST_bad_virt_addr);
	EXPECT_EQ("mapper/map-over-a-mapping",
		  gnt_map(GNT_DOM_GRANTER, REF_RO, MAP_RV, true, &h),
		  GNTST_bad_virt_addr);
	EXPECT_EQ("mapper/map-address-too-big",
		  gnt_map(GNT_DOM_GRANTER, REF_RO, 1UL << 50, true, &h),
		  GNTST_bad_virt_addr);

	memset(m, 0, sizeof(m));
	m[0] = (struct gnttab_map_grant_ref){ .host_addr = MAP_SCRATCH,
					      .ref = REF_RO,
					      .dom = GNT_DOM_GRANTER };
	m[1] = m[0];
	m[1].flags = GNTMAP_device_map;
	m[2] = m[0];
	m[2].flags = GNTMAP_host_map | GNTMAP_contains_pte | GNTMAP_readonly;
	EXPECT_EQ("mapper/map-batch", gnt_op(GNTTABOP_map_grant_ref, m, 3), 0);
	EXPECT_EQ("mapper/map-no-flags", m[0].status, GNTST_bad_gntref);
	EXPECT_EQ("mapper/map-device-only", m[1].status, GNTST_general_error);
	EXPECT_EQ("mapper/map-contains-pte", m[2].status, GNTST_general_error);
	EXPECT_EQ("mapper/map-bad-pointer",
		  gnt_op(GNTTABOP_map_grant_ref, (void *)BAD_PTR, 1), -EFAULT);
	EXPECT_EQ("mapper/map-count-too-big",
		  gnt_op(GNTTABOP_map_grant_ref, m, 100000), -EINVAL);
	EXPECT_EQ("mapper/map-count-zero", gnt_op(GNTTABOP_map_grant_ref, m, 0), 0);
	EXPECT_EQ("mapper/transfer-not-implemented",
		  gnt_op(GNTTABOP_transfer, m, 1), -ENOSYS);
}

static void mapper_bad_unmaps(grant_handle_t ro_handle)
{
	struct gnttab_unmap_grant_ref u = { .host_addr = MAP_SCRATCH,
					    .handle = ro_handle };

	gnt_op(GNTTABOP_unmap_grant_ref, &u, 1);
	EXPECT_EQ("mapper/unmap-wrong-address", u.status, GNTST_general_error);
	EXPECT_EQ("mapper/unmap-bad-handle", gnt_unmap(MAP_RO, 100000),
		  GNTST_bad_handle);
	EXPECT_EQ("mapper/unmap-unused-handle", gnt_unmap(MAP_RO, 1000),
		  GNTST_bad_handle);
	EXPECT_EQ("mapper/unmap-bad-pointer",
		  gnt_op(GNTTABOP_unmap_grant_ref, (void *)BAD_PTR, 1), -EFAULT);
}

static void copy_seg(struct gnttab_copy *c, uint16_t flags, grant_ref_t sref,
		     domid_t sdom, uint16_t soff, void *dst, uint16_t len)
{
	*c = (struct gnttab_copy){ .flags = flags, .len = len };
	c->source.domid = sdom;
	c->source.offset = soff;
	if (flags & GNTCOPY_source_gref)
		c->source.u.ref = sref;
	else
		c->source.u.gmfn = sref;
	c->dest.domid = DOMID_SELF;
	c->dest.u.gmfn = (uintptr_t)dst >> 12;
}

static int16_t copy1(struct gnttab_copy *c)
{
	return gnt_op(GNTTABOP_copy, c, 1) ? GNTST_general_error : c->status;
}

static void mapper_copies(void)
{
	struct gnttab_copy c[3];

	memset(local, 0, sizeof(local));
	copy_seg(&c[0], GNTCOPY_source_gref, REF_COPY_SRC, GNT_DOM_GRANTER, 0,
		 local, 4096);
	EXPECT_EQ("mapper/copy-from-grant", copy1(&c[0]), GNTST_okay);
	EXPECT_TRUE("mapper/copy-from-grant-data", all_bytes(local, 4096, PATTERN));

	memset(local, PATTERN + 1, sizeof(local));
	c[0] = (struct gnttab_copy){ .flags = GNTCOPY_dest_gref, .len = 4096 };
	c[0].source.domid = DOMID_SELF;
	c[0].source.u.gmfn = (uintptr_t)local >> 12;
	c[0].dest.domid = GNT_DOM_GRANTER;
	c[0].dest.u.ref = REF_COPY_DST;
	EXPECT_EQ("mapper/copy-to-grant", copy1(&c[0]), GNTST_okay);
	c[0].dest.u.ref = REF_COPY_SRC;
	EXPECT_EQ("mapper/copy-to-readonly-grant", copy1(&c[0]),
		  GNTST_general_error);
	c[0].dest.u.ref = 5000;
	EXPECT_EQ("mapper/copy-bad-ref", copy1(&c[0]), GNTST_bad_gntref);
	c[0].dest.u.ref = REF_COPY_DST;
	c[0].dest.domid = 999;
	EXPECT_EQ("mapper/copy-bad-domain", copy1(&c[0]), GNTST_bad_domain);

	copy_seg(&c[0], GNTCOPY_source_gref, REF_COPY_SRC, GNT_DOM_GRANTER,
		 4000, local, 200);
	EXPECT_EQ("mapper/copy-source-crosses-page", copy1(&c[0]),
		  GNTST_bad_copy_arg);
	copy_seg(&c[0], GNTCOPY_source_gref, REF_COPY_SRC, GNT_DOM_GRANTER, 0,
		 local, 200);
	c[0].dest.offset = 3900;
	EXPECT_EQ("mapper/copy-dest-crosses-page", copy1(&c[0]),
		  GNTST_bad_copy_arg);
	copy_seg(&c[0], GNTCOPY_source_gref | 0x80, REF_COPY_SRC,
		 GNT_DOM_GRANTER, 0, local, 16);
	EXPECT_EQ("mapper/copy-unknown-flag", copy1(&c[0]), GNTST_bad_copy_arg);
	copy_seg(&c[0], 0, (uintptr_t)local >> 12, GNT_DOM_GRANTER, 0, local, 16);
	EXPECT_EQ("mapper/copy-frame-of-other-domain", copy1(&c[0]),
		  GNTST_permission_denied);
	copy_seg(&c[0], 0, UNPOPULATED_GFN, DOMID_SELF, 0, local, 16);
	EXPECT_EQ("mapper/copy-frame-not-ram", copy1(&c[0]), GNTST_bad_page);
	copy_seg(&c[0], 0, (uintptr_t)copy_src >> 12, DOMID_SELF, 0, local, 16);
	EXPECT_EQ("mapper/copy-own-frames", copy1(&c[0]), GNTST_okay);

	/* A batch reports each segment: good, bad, good. */
	copy_seg(&c[0], GNTCOPY_source_gref, REF_COPY_SRC, GNT_DOM_GRANTER, 0,
		 local, 64);
	copy_seg(&c[1], GNTCOPY_source_gref, 5000, GNT_DOM_GRANTER, 0, local, 64);
	copy_seg(&c[2], GNTCOPY_source_gref, REF_COPY_SRC, GNT_DOM_GRANTER, 64,
		 local, 64);
	EXPECT_TRUE("mapper/copy-per-segment-status",
		    !gnt_op(GNTTABOP_copy, c, 3) && c[0].status == GNTST_okay &&
			    c[1].status == GNTST_bad_gntref &&
			    c[2].status == GNTST_okay);
	EXPECT_EQ("mapper/copy-bad-pointer",
		  gnt_op(GNTTABOP_copy, (void *)BAD_PTR, 1), -EFAULT);
	EXPECT_EQ("mapper/copy-count-too-big", gnt_op(GNTTABOP_copy, c, 513),
		  -EINVAL);
}

/*
 * Holds MANY mappings of one read-only grant at once, twice what four
 * maptrack frames (the old fixed size) held: the maptrack grows.  Then
 * unmaps them all.  Its hard limit (Xen's 1024 frames) is a unit test.
 */
static void mapper_maptrack_grows(unsigned int held)
{
	enum { MANY = 2048 };
	static struct gnttab_map_grant_ref m[MANY];
	static struct gnttab_unmap_grant_ref u[MANY];
	unsigned int i, ok = 0, unmapped = 0;

	for (i = 0; i < MANY; i++)
		m[i] = (struct gnttab_map_grant_ref){
			.host_addr = MAP_MANY + i * 4096UL, .ref = REF_COPY_SRC,
			.dom = GNT_DOM_GRANTER,
			.flags = GNTMAP_host_map | GNTMAP_readonly };
	for (i = 0; i < MANY; i += 512)
		gnt_op(GNTTABOP_map_grant_ref, m + i, 512);
	for (i = 0; i < MANY && m[i].status == GNTST_okay; i++)
		ok++;
	EXPECT_EQ("mapper/maptrack-grows", ok + held, MANY + held);
	for (i = 0; i < ok; i++)
		u[i] = (struct gnttab_unmap_grant_ref){ .host_addr = m[i].host_addr,
							.handle = m[i].handle };
	for (i = 0; i < ok; i += 512)
		gnt_op(GNTTABOP_unmap_grant_ref, u + i, ok - i < 512 ? ok - i : 512);
	for (i = 0; i < ok; i++)
		unmapped += u[i].status == GNTST_okay;
	EXPECT_EQ("mapper/maptrack-unmap-all", unmapped, ok);
}

/*
 * Times N map+unmap pairs and N copies of 4 KiB.  Each BENCH line gives
 * the TSC cycles that passed and the ns this vCPU ran meanwhile: the other
 * domains share the CPUs, so only the second is this path's length.
 */
static void mapper_bench(void)
{
	enum { N = 1000 };
	struct gnttab_copy c;
	grant_handle_t h;
	uint64_t t0, t1, r0, r1;
	unsigned int i, bad = 0;

	r0 = gnt_running_ns();
	t0 = gnt_rdtsc();
	for (i = 0; i < N; i++) {
		bad += gnt_map(GNT_DOM_GRANTER, REF_COPY_SRC, MAP_SCRATCH, true,
			       &h) != GNTST_okay;
		bad += gnt_unmap(MAP_SCRATCH, h) != GNTST_okay;
	}
	t1 = gnt_rdtsc();
	r1 = gnt_running_ns();
	pv_printf("BENCH grant-map-unmap ops=%u cycles=%lu running_ns=%lu errors=%u\n",
		  N, (unsigned long)(t1 - t0), (unsigned long)(r1 - r0), bad);
	copy_seg(&c, GNTCOPY_source_gref, REF_COPY_SRC, GNT_DOM_GRANTER, 0,
		 local, 4096);
	r0 = gnt_running_ns();
	t0 = gnt_rdtsc();
	for (i = 0; i < N; i++)
		bad += copy1(&c) != GNTST_okay;
	t1 = gnt_rdtsc();
	r1 = gnt_running_ns();
	pv_printf("BENCH grant-copy bytes=%lu cycles=%lu running_ns=%lu errors=%u\n",
		  (unsigned long)N * 4096, (unsigned long)(t1 - t0),
		  (unsigned long)(r1 - r0), bad);
}

static void mapper(void)
{
	grant_handle_t h_rv, h_ro, h_balloon, h_shinfo, h;

	EXPECT_EQ("mapper/unmap-nothing-mapped", gnt_unmap(MAP_RO, 0),
		  GNTST_bad_handle);
	EXPECT_EQ("mapper/map-rw",
		  gnt_map_wait(GNT_DOM_GRANTER, GNT_REF_RENDEZVOUS, MAP_RV,
			       false, &h_rv),
		  GNTST_okay);
	rv = (struct gnt_rendezvous *)MAP_RV;
	EXPECT_EQ("mapper/map-ro",
		  gnt_map(GNT_DOM_GRANTER, REF_RO, MAP_RO, true, &h_ro),
		  GNTST_okay);
	EXPECT_TRUE("mapper/ro-map-reads-granter-data",
		    all_bytes((uint8_t *)MAP_RO, 4096, PATTERN));
	EXPECT_EQ("mapper/map-balloon",
		  gnt_map(GNT_DOM_GRANTER, REF_BALLOON, MAP_BALLOON, true,
			  &h_balloon),
		  GNTST_okay);
	EXPECT_EQ("mapper/map-shinfo",
		  gnt_map(GNT_DOM_GRANTER, REF_SHINFO, MAP_SHINFO, true,
			  &h_shinfo),
		  GNTST_okay);
	EXPECT_EQ("mapper/map-ro-twice",
		  gnt_map(GNT_DOM_GRANTER, REF_RO, MAP_SCRATCH, true, &h),
		  GNTST_okay);
	EXPECT_EQ("mapper/unmap-second", gnt_unmap(MAP_SCRATCH, h), GNTST_okay);
	EXPECT_EQ("mapper/unmap-twice", gnt_unmap(MAP_SCRATCH, h),
		  GNTST_bad_handle);
	mapper_bad_maps();
	mapper_bad_unmaps(h_ro);
	mapper_copies();
	mapper_maptrack_grows(4);
	mapper_bench();

	rv->magic = MAGIC;
	rv->mapper_step = 1;
	EXPECT_TRUE("mapper/granter-ballooned", gnt_wait(&rv->granter_step, 2));
	EXPECT_TRUE("mapper/ballooned-frame-still-mapped",
		    all_bytes((uint8_t *)MAP_BALLOON, 4096, PATTERN));
	EXPECT_TRUE("mapper/replaced-frame-still-mapped",
		    all_bytes((uint8_t *)MAP_SHINFO, 4096, PATTERN));
	EXPECT_EQ("mapper/unmap-replaced", gnt_unmap(MAP_SHINFO, h_shinfo),
		  GNTST_okay);
	EXPECT_EQ("mapper/unmap-ballooned", gnt_unmap(MAP_BALLOON, h_balloon),
		  GNTST_okay);
	EXPECT_EQ("mapper/unmap-ro", gnt_unmap(MAP_RO, h_ro), GNTST_okay);
	rv->mapper_step = 2;

	EXPECT_TRUE("mapper/granter-leaving", gnt_wait(&rv->granter_step, 3));
	rv->mapper_step = 3;
	/* From here on rv is gone: its mapping is revoked when d1 dies. */
	EXPECT_TRUE("mapper/granter-died", gnt_wait_death(GNT_DOM_GRANTER));
	EXPECT_EQ("mapper/unmap-after-granter-died", gnt_unmap(MAP_RV, h_rv),
		  GNTST_okay);
	EXPECT_EQ("mapper/unmap-after-granter-died-twice",
		  gnt_unmap(MAP_RV, h_rv), GNTST_bad_handle);
	EXPECT_EQ("mapper/map-dead-granter",
		  gnt_map(GNT_DOM_GRANTER, GNT_REF_RENDEZVOUS, MAP_RV, false, &h),
		  GNTST_bad_domain);
	pv_summary();
	pv_shutdown(SHUTDOWN_poweroff);
}

static void rowriter(void)
{
	volatile uint8_t *p = (volatile uint8_t *)MAP_RO;

	EXPECT_EQ("rowriter/map-ro",
		  gnt_map_wait(GNT_DOM_GRANTER, REF_ROWRITER, MAP_RO, true, NULL),
		  GNTST_okay);
	EXPECT_TRUE("rowriter/reads", p[0] == PATTERN && p[4095] == PATTERN);
	pv_install_idt();
	/* Two bytes (88 02), as head.S's #GP handler skips. */
	__asm__ volatile("movb %%al, (%%rdx)" : : "a"(0), "d"(p) : "memory");
	EXPECT_EQ("rowriter/write-gp", gp_count, 1);
	EXPECT_TRUE("rowriter/write-dropped", p[0] == PATTERN);
	pv_summary();
	pv_shutdown(SHUTDOWN_poweroff);
}

static void late(void)
{
	volatile uint8_t *p = (volatile uint8_t *)MAP_RO;

	EXPECT_EQ("late/map-ro",
		  gnt_map_wait(GNT_DOM_GRANTER, REF_LATE, MAP_RO, true, NULL),
		  GNTST_okay);
	EXPECT_TRUE("late/reads", p[0] == PATTERN);
	EXPECT_TRUE("late/granter-died", gnt_wait_death(GNT_DOM_GRANTER));
	EXPECT_EQ("late/revoked-reads-ones", p[0], 0xff);
	EXPECT_EQ("late/revoked-reads-ones-wide", *(volatile uint32_t *)p,
		  0xffffffffL);
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
	if (!strcmp(role, "granter"))
		granter();
	else if (!strcmp(role, "mapper"))
		mapper();
	else if (!strcmp(role, "rowriter"))
		rowriter();
	else if (!strcmp(role, "late"))
		late();
	pv_printf("FAIL grants/role: unknown role '%s'\n", role);
	pv_shutdown(SHUTDOWN_crash);
}
