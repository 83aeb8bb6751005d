/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the grant tables (hypervisor/gnttab.c, gnttab_op.c) and the
 * memory reservations (memory.c), and the main of their binary.  Three fake
 * domains: Dom0 (id 0), d1 the granter and d2 the mapper, each with
 * GT_RAM pages of RAM from gfn 0 and paging off, so that a hypercall
 * argument's address is guest-physical.
 */
#include <errno.h>
#include <string.h>
#include <xen/grant_table.h>
#include <xen/memory.h>

#include <cunit_run.h>
#include <hv/gnttab.h>
#include <hv/hypercall.h>
#include <hv/memory.h>

#include "harness.h"

#define NR_MEMORY_OP	12
#define NR_GNTTAB_OP	20
#define GT_RAM		32
#define TABLE_GFN	0x100		/* where d1 maps its table frame 0 */
#define MAP_GFN		0x200		/* where d2 maps grants */
#define ARG		0x1000ULL	/* argument page in each domain */
#define LIST		0x2000ULL	/* extent lists and frame lists */
#define GRANTED_GFN	5		/* d1's page granted to d2 */

static struct harness_guest dom0, d1, d2;
static unsigned long free_at_start;

static int setup(void)
{
	harness_ram_reset();
	free_at_start = page_alloc_free_count();
	if (!harness_guest_create(&dom0, 0, true, GT_RAM) ||
	    !harness_guest_create(&d1, 1, false, GT_RAM) ||
	    !harness_guest_create(&d2, 2, false, GT_RAM))
		return 1;
	if (gnttab_domain_init(&dom0.d) || gnttab_domain_init(&d1.d) ||
	    gnttab_domain_init(&d2.d))
		return 1;
	return gnttab_add_to_physmap(&d1.d, 0, TABLE_GFN) ? 1 : 0;
}

static int cleanup(void)
{
	gnttab_domain_destroy(&d2.d);
	gnttab_domain_destroy(&d1.d);
	gnttab_domain_destroy(&dom0.d);
	harness_guest_destroy(&d2);
	harness_guest_destroy(&d1);
	harness_guest_destroy(&dom0);
	return page_alloc_free_count() == free_at_start ? 0 : 1;
}

static struct grant_entry_v1 *entry(grant_ref_t ref)
{
	return (struct grant_entry_v1 *)harness_gpa(&d1, TABLE_GFN << PAGE_SHIFT) +
	       ref;
}

static void grant(grant_ref_t ref, domid_t to, uint32_t gfn, uint16_t flags)
{
	entry(ref)->frame = gfn;
	entry(ref)->domid = to;
	entry(ref)->flags = flags;
}

static int16_t map(struct harness_guest *g, domid_t dom, grant_ref_t ref,
		   uint64_t gfn, uint32_t flags, grant_handle_t *h)
{
	struct gnttab_map_grant_ref op = { .host_addr = gfn << PAGE_SHIFT,
					   .flags = flags, .ref = ref,
					   .dom = dom };

	gnttab_map(&g->d, &op);
	if (h)
		*h = op.handle;
	return op.status;
}

static int16_t unmap(struct harness_guest *g, uint64_t gfn, grant_handle_t h)
{
	struct gnttab_unmap_grant_ref op = { .host_addr = gfn << PAGE_SHIFT,
					     .handle = h };

	gnttab_unmap(&g->d, &op);
	return op.status;
}

static unsigned int perms_at(struct harness_guest *g, uint64_t gfn)
{
	paddr_t maddr;
	unsigned int perms;

	return p2m_get(&g->d.p2m, gfn, &maddr, &perms) ? 0 : perms;
}

static paddr_t frame_at(struct harness_guest *g, uint64_t gfn)
{
	paddr_t maddr = 0;
	unsigned int perms;

	p2m_get(&g->d.p2m, gfn, &maddr, &perms);
	return maddr;
}

#define HOST	GNTMAP_host_map
#define RO	GNTMAP_readonly

static void table_frames(void)
{
	unsigned long pages = d1.d.tot_pages;

	CU_ASSERT_EQUAL(d1.d.gnttab.nr_frames, 1);
	CU_ASSERT_EQUAL(gnttab_frame_gfn(&d1.d, 0), TABLE_GFN);
	CU_ASSERT_EQUAL(page_owner(frame_at(&d1, TABLE_GFN)), DOMID_XEN);
	CU_ASSERT_EQUAL(perms_at(&d1, TABLE_GFN), P2M_READ | P2M_WRITE);
	/* Growing by add_to_physmap, over RAM: the RAM frame is freed. */
	CU_ASSERT_EQUAL(gnttab_add_to_physmap(&d1.d, 1, 20), 0);
	CU_ASSERT_EQUAL(d1.d.gnttab.nr_frames, 2);
	CU_ASSERT_EQUAL(d1.d.tot_pages, pages - 1);
	/* Moving it leaves the old gfn empty. */
	CU_ASSERT_EQUAL(gnttab_add_to_physmap(&d1.d, 1, TABLE_GFN + 1), 0);
	CU_ASSERT_EQUAL(perms_at(&d1, 20), 0);
	CU_ASSERT_EQUAL(gnttab_add_to_physmap(&d1.d, 1, TABLE_GFN + 1), 0);
	CU_ASSERT_EQUAL(gnttab_add_to_physmap(&d1.d, 0, TABLE_GFN + 1), -EBUSY);
	CU_ASSERT_EQUAL(gnttab_add_to_physmap(&d1.d, MAX_GRANT_FRAMES, 300),
			-EINVAL);
	CU_ASSERT_EQUAL(gnttab_add_to_physmap(&d1.d, XENMAPIDX_grant_table_status,
					      300), -EINVAL);
	CU_ASSERT_EQUAL(gnttab_add_to_physmap(&d1.d, 0, MAX_GUEST_GFN), -EINVAL);
	/* Putting RAM back where the frame was, for the tests below. */
	CU_ASSERT(harness_guest_map(&d1, 20, P2M_RWX) != 0);
}

static void map_and_unmap(void)
{
	grant_handle_t rw, ro;
	paddr_t granted = frame_at(&d1, GRANTED_GFN);
	uint64_t changes;

	grant(8, 2, GRANTED_GFN, GTF_permit_access);
	CU_ASSERT_EQUAL(map(&d2, 1, 8, MAP_GFN, HOST, &rw), GNTST_okay);
	CU_ASSERT_EQUAL(frame_at(&d2, MAP_GFN), granted);
	CU_ASSERT_EQUAL(perms_at(&d2, MAP_GFN), P2M_READ | P2M_WRITE);
	CU_ASSERT_EQUAL(entry(8)->flags,
			GTF_permit_access | GTF_reading | GTF_writing);
	CU_ASSERT_EQUAL(map(&d2, 1, 8, MAP_GFN + 1, HOST | RO, &ro), GNTST_okay);
	CU_ASSERT_EQUAL(perms_at(&d2, MAP_GFN + 1), P2M_READ);
	CU_ASSERT_EQUAL(d2.d.gnttab.nr_maps, 2);
	CU_ASSERT(gnttab_frame_pinned(&d1.d, granted));

	changes = d2.d.p2m.changes;
	CU_ASSERT_EQUAL(unmap(&d2, MAP_GFN, rw), GNTST_okay);
	CU_ASSERT(d2.d.p2m.changes > changes);	/* the back end flushes */
	CU_ASSERT_EQUAL(perms_at(&d2, MAP_GFN), 0);
	CU_ASSERT_EQUAL(entry(8)->flags, GTF_permit_access | GTF_reading);
	CU_ASSERT_EQUAL(unmap(&d2, MAP_GFN, rw), GNTST_bad_handle);
	CU_ASSERT_EQUAL(unmap(&d2, MAP_GFN, ro), GNTST_general_error);
	CU_ASSERT_EQUAL(unmap(&d2, MAP_GFN + 1, ro), GNTST_okay);
	CU_ASSERT_EQUAL(entry(8)->flags, GTF_permit_access);
	CU_ASSERT(!gnttab_frame_pinned(&d1.d, granted));
	CU_ASSERT_EQUAL(d2.d.gnttab.nr_maps, 0);
}

/* gnttab_usage: granted entries, the mapped ones, a mapper's handles. */
static void usage_counts(void)
{
	struct gnttab_usage g1, m1, g, m;
	grant_handle_t rw, ro;

	gnttab_usage(&d1.d, &g1);
	gnttab_usage(&d2.d, &m1);
	CU_ASSERT_EQUAL(g1.frames, d1.d.gnttab.nr_frames);
	grant(40, 2, GRANTED_GFN, GTF_permit_access);
	grant(41, 2, GRANTED_GFN, GTF_permit_access | GTF_readonly);
	gnttab_usage(&d1.d, &g);
	CU_ASSERT_EQUAL(g.entries, g1.entries + 2);
	CU_ASSERT_EQUAL(g.entries_mapped, g1.entries_mapped);
	CU_ASSERT_EQUAL(map(&d2, 1, 40, MAP_GFN, HOST, &rw), GNTST_okay);
	CU_ASSERT_EQUAL(map(&d2, 1, 40, MAP_GFN + 1, HOST | RO, &ro), GNTST_okay);
	gnttab_usage(&d1.d, &g);
	gnttab_usage(&d2.d, &m);
	/* one entry mapped twice */
	CU_ASSERT_EQUAL(g.entries_mapped, g1.entries_mapped + 1);
	CU_ASSERT_EQUAL(m.maps, m1.maps + 2);
	CU_ASSERT_EQUAL(m.entries, m1.entries);
	CU_ASSERT_EQUAL(unmap(&d2, MAP_GFN, rw), GNTST_okay);
	CU_ASSERT_EQUAL(unmap(&d2, MAP_GFN + 1, ro), GNTST_okay);
	entry(40)->flags = GTF_invalid;
	entry(41)->flags = GTF_invalid;
	gnttab_usage(&d1.d, &g);
	gnttab_usage(&d2.d, &m);
	CU_ASSERT_EQUAL(g.entries, g1.entries);
	CU_ASSERT_EQUAL(g.entries_mapped, g1.entries_mapped);
	CU_ASSERT_EQUAL(m.maps, m1.maps);
}

static void map_bad_arguments(void)
{
	static const struct {
		const char *name;
		domid_t dom;
		grant_ref_t ref;
		uint64_t addr;
		uint32_t flags;
		int16_t status;
	} cases[] = {
		{ "no flags", 1, 8, MAP_GFN << 12, 0, GNTST_bad_gntref },
		{ "device map", 1, 8, MAP_GFN << 12, GNTMAP_device_map,
		  GNTST_general_error },
		{ "contains pte", 1, 8, MAP_GFN << 12, HOST | GNTMAP_contains_pte,
		  GNTST_general_error },
		{ "host and device", 1, 8, MAP_GFN << 12, HOST | GNTMAP_device_map,
		  GNTST_general_error },
		{ "application map", 1, 8, MAP_GFN << 12,
		  HOST | GNTMAP_application_map, GNTST_general_error },
		{ "unknown domain", 7, 8, MAP_GFN << 12, HOST, GNTST_bad_domain },
		{ "own domain", 2, 8, MAP_GFN << 12, HOST, GNTST_bad_domain },
		{ "DOMID_SELF", DOMID_SELF, 8, MAP_GFN << 12, HOST, GNTST_bad_domain },
		{ "unaligned", 1, 8, (MAP_GFN << 12) + 1, HOST, GNTST_bad_virt_addr },
		{ "over RAM", 1, 8, 3 << 12, HOST, GNTST_bad_virt_addr },
		{ "too high", 1, 8, MAX_GUEST_GFN << 12, HOST, GNTST_bad_virt_addr },
		{ "ref past table", 1, 2 * 512, MAP_GFN << 12, HOST, GNTST_bad_gntref },
		{ "ungranted", 1, 30, MAP_GFN << 12, HOST, GNTST_general_error },
		{ "for dom0", 1, 9, MAP_GFN << 12, HOST, GNTST_general_error },
		{ "rw of ro grant", 1, 10, MAP_GFN << 12, HOST, GNTST_general_error },
		{ "not RAM", 1, 11, MAP_GFN << 12, HOST, GNTST_bad_page },
		{ "table frame", 1, 12, MAP_GFN << 12, HOST, GNTST_bad_page },
		{ "transitive", 1, 13, MAP_GFN << 12, HOST, GNTST_general_error },
	};
	struct gnttab_map_grant_ref op;
	unsigned int i;
	char msg[96];

	grant(9, 0, GRANTED_GFN, GTF_permit_access);
	grant(10, 2, GRANTED_GFN, GTF_permit_access | GTF_readonly);
	grant(11, 2, 0x5000, GTF_permit_access);
	grant(12, 2, TABLE_GFN, GTF_permit_access);
	grant(13, 2, GRANTED_GFN, GTF_transitive);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		op = (struct gnttab_map_grant_ref){ .host_addr = cases[i].addr,
						    .flags = cases[i].flags,
						    .ref = cases[i].ref,
						    .dom = cases[i].dom };
		gnttab_map(&d2.d, &op);
		if (op.status != cases[i].status) {
			snprintf(msg, sizeof(msg), "%s: got %d, want %d",
				 cases[i].name, op.status, cases[i].status);
			CU_FAIL(msg);
		}
	}
	CU_ASSERT_EQUAL(d2.d.gnttab.nr_maps, 0);
	CU_ASSERT_EQUAL(entry(10)->flags, GTF_permit_access | GTF_readonly);
}

/*
 * The maptrack grows a frame at a time as mappings need handles (the
 * earlier tests needed one frame), up to GNTTAB_MAX_HANDLES (Xen's 1024 frames); a freed handle
 * is taken again before the table grows.  The mappings are spread over
 * eight references, as one reference's pins stop at 65535.
 */
static void maptrack_grows_to_limit(void)
{
	static grant_handle_t h[GNTTAB_MAX_HANDLES];
	grant_handle_t again;
	unsigned int i, r;

	for (r = 0; r < 8; r++)
		grant(20 + r, 2, GRANTED_GFN, GTF_permit_access | GTF_readonly);
	for (i = 0; i < GNTTAB_MAX_HANDLES; i++) {
		if (map(&d2, 1, 20 + i % 8, MAP_GFN + i, HOST | RO, &h[i]) !=
		    GNTST_okay)
			break;
		if (i == 0)
			CU_ASSERT_EQUAL(d2.d.gnttab.nr_maptrack_frames, 1);
		if (i == GNTTAB_MAPTRACK_PER_PAGE)
			CU_ASSERT_EQUAL(d2.d.gnttab.nr_maptrack_frames, 2);
	}
	CU_ASSERT_EQUAL(i, GNTTAB_MAX_HANDLES);
	CU_ASSERT_EQUAL(d2.d.gnttab.nr_maptrack_frames, MAX_MAPTRACK_FRAMES);
	CU_ASSERT_EQUAL(map(&d2, 1, 20, MAP_GFN + i, HOST | RO, NULL),
			GNTST_no_device_space);
	CU_ASSERT_EQUAL(unmap(&d2, MAP_GFN + 7, h[7]), GNTST_okay);
	CU_ASSERT_EQUAL(map(&d2, 1, 20, MAP_GFN + i, HOST | RO, &again),
			GNTST_okay);
	CU_ASSERT_EQUAL(again, h[7]);
	CU_ASSERT_EQUAL(unmap(&d2, MAP_GFN + i, again), GNTST_okay);
	for (i = 0; i < GNTTAB_MAX_HANDLES; i++)
		if (i != 7 && unmap(&d2, MAP_GFN + i, h[i]) != GNTST_okay)
			break;
	CU_ASSERT_EQUAL(i, GNTTAB_MAX_HANDLES);
	CU_ASSERT_EQUAL(d2.d.gnttab.nr_maps, 0);
	for (r = 0; r < 8; r++)
		CU_ASSERT_EQUAL(entry(20 + r)->flags,
				GTF_permit_access | GTF_readonly);
}

/* A reference's read-only pins stop at 65535: the next map is refused. */
static void pin_count_limit(void)
{
	static grant_handle_t h[UINT16_MAX];
	unsigned int i;

	grant(14, 2, GRANTED_GFN, GTF_permit_access | GTF_readonly);
	for (i = 0; i < UINT16_MAX; i++)
		if (map(&d2, 1, 14, MAP_GFN + i, HOST | RO, &h[i]) != GNTST_okay)
			break;
	CU_ASSERT_EQUAL(i, UINT16_MAX);
	CU_ASSERT_EQUAL(map(&d2, 1, 14, MAP_GFN + i, HOST | RO, NULL),
			GNTST_general_error);
	CU_ASSERT_EQUAL(perms_at(&d2, MAP_GFN + i), 0);
	for (i = 0; i < UINT16_MAX; i++)
		if (unmap(&d2, MAP_GFN + i, h[i]) != GNTST_okay)
			break;
	CU_ASSERT_EQUAL(i, UINT16_MAX);
	CU_ASSERT_EQUAL(entry(14)->flags, GTF_permit_access | GTF_readonly);
}

/* d1 balloons out a mapped page: the frame stays until d2 unmaps it. */
static void pinned_frame_outlives_balloon(void)
{
	paddr_t granted = frame_at(&d1, 6);
	unsigned long pages = d1.d.tot_pages;
	grant_handle_t h;

	grant(15, 2, 6, GTF_permit_access);
	CU_ASSERT_EQUAL(map(&d2, 1, 15, MAP_GFN, HOST, &h), GNTST_okay);
	CU_ASSERT_EQUAL(memory_clear_gfn(&d1.d, 6), 0);
	CU_ASSERT_EQUAL(perms_at(&d1, 6), 0);
	CU_ASSERT_EQUAL(page_owner(granted), 1);
	CU_ASSERT_EQUAL(d1.d.tot_pages, pages);
	CU_ASSERT_EQUAL(unmap(&d2, MAP_GFN, h), GNTST_okay);
	CU_ASSERT_EQUAL(page_owner(granted), FRAME_FREE);
	CU_ASSERT_EQUAL(d1.d.tot_pages, pages - 1);
	CU_ASSERT(harness_guest_map(&d1, 6, P2M_RWX) != 0);
}

static void copy_segments(void)
{
	uint8_t *src = harness_gpa(&d1, GRANTED_GFN << PAGE_SHIFT);
	uint8_t *dst = harness_gpa(&d2, 4 << PAGE_SHIFT);
	struct gnttab_copy c;

	grant(16, 2, GRANTED_GFN, GTF_permit_access | GTF_readonly);
	memset(src, 0x3c, PAGE_SIZE);
	memset(dst, 0, PAGE_SIZE);
	c = (struct gnttab_copy){ .flags = GNTCOPY_source_gref, .len = 100 };
	c.source.u.ref = 16;
	c.source.domid = 1;
	c.source.offset = 10;
	c.dest.u.gmfn = 4;
	c.dest.domid = DOMID_SELF;
	c.dest.offset = 20;
	gnttab_copy(&d2.d, &c);
	CU_ASSERT_EQUAL(c.status, GNTST_okay);
	CU_ASSERT(dst[19] == 0 && dst[20] == 0x3c && dst[119] == 0x3c &&
		  dst[120] == 0);
	c.source.offset = PAGE_SIZE - 99;
	gnttab_copy(&d2.d, &c);
	CU_ASSERT_EQUAL(c.status, GNTST_bad_copy_arg);
	c.source.offset = 0;
	c.dest.offset = PAGE_SIZE - 99;
	gnttab_copy(&d2.d, &c);
	CU_ASSERT_EQUAL(c.status, GNTST_bad_copy_arg);
	c.dest.offset = 0;
	c.dest.domid = 1;		/* a frame of another domain */
	gnttab_copy(&d2.d, &c);
	CU_ASSERT_EQUAL(c.status, GNTST_permission_denied);
	c.dest.domid = DOMID_SELF;
	c.dest.u.gmfn = 0x5000;		/* not RAM */
	gnttab_copy(&d2.d, &c);
	CU_ASSERT_EQUAL(c.status, GNTST_bad_page);
	/* A read-only grant cannot be the destination. */
	c = (struct gnttab_copy){ .flags = GNTCOPY_dest_gref, .len = 8 };
	c.source.u.gmfn = 4;
	c.source.domid = DOMID_SELF;
	c.dest.u.ref = 16;
	c.dest.domid = 1;
	gnttab_copy(&d2.d, &c);
	CU_ASSERT_EQUAL(c.status, GNTST_general_error);
	c.dest.u.ref = 4096;
	gnttab_copy(&d2.d, &c);
	CU_ASSERT_EQUAL(c.status, GNTST_bad_gntref);
	c.dest.domid = 9;
	gnttab_copy(&d2.d, &c);
	CU_ASSERT_EQUAL(c.status, GNTST_bad_domain);
	CU_ASSERT_EQUAL(src[0], 0x3c);
}

/* The granter dies: d2's mapping leaves its p2m, the handle still unmaps. */
static void granter_death_revokes(void)
{
	struct harness_guest g3;
	grant_handle_t h;
	paddr_t granted;
	unsigned long free_before;

	CU_ASSERT_FATAL(harness_guest_create(&g3, 3, false, 4));
	CU_ASSERT_FATAL(gnttab_domain_init(&g3.d) == 0);
	free_before = page_alloc_free_count();
	CU_ASSERT_EQUAL(gnttab_add_to_physmap(&g3.d, 0, 100), 0);
	granted = frame_at(&g3, 1);
	((struct grant_entry_v1 *)harness_gpa(&g3, 100 << PAGE_SHIFT))[8] =
		(struct grant_entry_v1){ GTF_permit_access, 2, 1 };
	CU_ASSERT_EQUAL(map(&d2, 3, 8, MAP_GFN, HOST, &h), GNTST_okay);
	CU_ASSERT_EQUAL(frame_at(&d2, MAP_GFN), granted);
	gnttab_domain_destroy(&g3.d);
	harness_guest_destroy(&g3);
	CU_ASSERT_EQUAL(perms_at(&d2, MAP_GFN), 0);
	CU_ASSERT_EQUAL(page_owner(granted), FRAME_FREE);
	CU_ASSERT(page_alloc_free_count() > free_before);
	CU_ASSERT_EQUAL(unmap(&d2, MAP_GFN, h), GNTST_okay);
	CU_ASSERT_EQUAL(unmap(&d2, MAP_GFN, h), GNTST_bad_handle);
	CU_ASSERT_EQUAL(map(&d2, 3, 8, MAP_GFN, HOST, &h), GNTST_bad_domain);
}

/* The mapper dies: the granter's pins and flags go. */
static void mapper_death_unpins(void)
{
	struct harness_guest g3;

	CU_ASSERT_FATAL(harness_guest_create(&g3, 3, false, 4));
	CU_ASSERT_FATAL(gnttab_domain_init(&g3.d) == 0);
	grant(17, 3, GRANTED_GFN, GTF_permit_access);
	CU_ASSERT_EQUAL(map(&g3, 1, 17, MAP_GFN, HOST, NULL), GNTST_okay);
	CU_ASSERT_EQUAL(entry(17)->flags,
			GTF_permit_access | GTF_reading | GTF_writing);
	gnttab_domain_destroy(&g3.d);
	harness_guest_destroy(&g3);
	CU_ASSERT_EQUAL(entry(17)->flags, GTF_permit_access);
	CU_ASSERT(!gnttab_frame_pinned(&d1.d, frame_at(&d1, GRANTED_GFN)));
}

static long gnttab_call(struct harness_guest *g, unsigned int cmd,
			uint64_t uop, unsigned long count)
{
	return hc_call(g, NR_GNTTAB_OP, cmd, (unsigned long)uop, count);
}

static void hypercall_layer(void)
{
	struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 2 };
	struct gnttab_query_size q = { .dom = 1 };
	struct gnttab_set_version sv = { .version = 2 };
	xen_pfn_t frames[2];

	set_xen_guest_handle(st.frame_list, (xen_pfn_t *)(uintptr_t)LIST);
	memcpy(harness_gpa(&d1, ARG), &st, sizeof(st));
	CU_ASSERT_EQUAL(gnttab_call(&d1, GNTTABOP_setup_table, ARG, 1), 0);
	memcpy(&st, harness_gpa(&d1, ARG), sizeof(st));
	memcpy(frames, harness_gpa(&d1, LIST), sizeof(frames));
	CU_ASSERT_EQUAL(st.status, GNTST_okay);
	CU_ASSERT_EQUAL(frames[0], TABLE_GFN);
	CU_ASSERT_EQUAL(frames[1], TABLE_GFN + 1);
	CU_ASSERT_EQUAL(gnttab_call(&d1, GNTTABOP_setup_table, ARG, 2), -EINVAL);

	memcpy(harness_gpa(&d2, ARG), &q, sizeof(q));
	CU_ASSERT_EQUAL(gnttab_call(&d2, GNTTABOP_query_size, ARG, 1), 0);
	memcpy(&q, harness_gpa(&d2, ARG), sizeof(q));
	CU_ASSERT_EQUAL(q.status, GNTST_permission_denied);
	q = (struct gnttab_query_size){ .dom = 1 };
	memcpy(harness_gpa(&dom0, ARG), &q, sizeof(q));
	CU_ASSERT_EQUAL(gnttab_call(&dom0, GNTTABOP_query_size, ARG, 1), 0);
	memcpy(&q, harness_gpa(&dom0, ARG), sizeof(q));
	CU_ASSERT(q.status == GNTST_okay && q.nr_frames == 2 &&
		  q.max_nr_frames == MAX_GRANT_FRAMES);

	memcpy(harness_gpa(&d2, ARG), &sv, sizeof(sv));
	CU_ASSERT_EQUAL(gnttab_call(&d2, GNTTABOP_set_version, ARG, 1), -ENOSYS);
	memcpy(&sv, harness_gpa(&d2, ARG), sizeof(sv));
	CU_ASSERT_EQUAL(sv.version, 1);

	CU_ASSERT_EQUAL(gnttab_call(&d2, GNTTABOP_map_grant_ref, HC_BAD, 1),
			-EFAULT);
	CU_ASSERT_EQUAL(gnttab_call(&d2, GNTTABOP_map_grant_ref, ARG,
				    GNTTAB_MAX_BATCH + 1), -EINVAL);
	CU_ASSERT_EQUAL(gnttab_call(&d2, GNTTABOP_copy, ARG, 0), 0);
	CU_ASSERT_EQUAL(gnttab_call(&d2, GNTTABOP_transfer, ARG, 1), -ENOSYS);
	CU_ASSERT_EQUAL(gnttab_call(&d2, GNTTABOP_unmap_and_replace, ARG, 1),
			-ENOSYS);
}

/* One reservation op by g on domid with the extents in list. */
static long resv(struct harness_guest *g, unsigned long cmd, domid_t domid,
		 const xen_pfn_t *list, unsigned long nr, unsigned int order)
{
	struct xen_memory_reservation r = { .nr_extents = nr,
					    .extent_order = order,
					    .domid = domid };

	set_xen_guest_handle(r.extent_start, (xen_pfn_t *)(uintptr_t)LIST);
	memcpy(harness_gpa(g, ARG), &r, sizeof(r));
	if (nr && list)
		memcpy(harness_gpa(g, LIST), list, nr * sizeof(*list));
	return hc_call(g, NR_MEMORY_OP, cmd, ARG, 0);
}

static void reservations(void)
{
	xen_pfn_t l[3] = { 10, 11, 12 };
	unsigned long pages = d2.d.tot_pages;

	d2.d.max_pages = pages;
	CU_ASSERT_EQUAL(resv(&d2, XENMEM_decrease_reservation, DOMID_SELF, l, 2, 0),
			2);
	CU_ASSERT_EQUAL(d2.d.tot_pages, pages - 2);
	CU_ASSERT_EQUAL(perms_at(&d2, 10), 0);
	/* Stops at the first extent it cannot do: 10 is gone already. */
	CU_ASSERT_EQUAL(resv(&d2, XENMEM_decrease_reservation, DOMID_SELF, l, 3, 0),
			0);
	l[0] = 12;
	l[1] = 10;
	CU_ASSERT_EQUAL(resv(&d2, XENMEM_decrease_reservation, DOMID_SELF, l, 2, 0),
			1);
	CU_ASSERT_EQUAL(d2.d.tot_pages, pages - 3);
	/* Populate stops at the maximum and at an occupied gfn. */
	l[0] = 10;
	l[1] = 1;
	CU_ASSERT_EQUAL(resv(&d2, XENMEM_populate_physmap, DOMID_SELF, l, 2, 0), 1);
	l[0] = 11;
	l[1] = 12;
	l[2] = 0x300;
	CU_ASSERT_EQUAL(resv(&d2, XENMEM_populate_physmap, DOMID_SELF, l, 3, 0), 2);
	CU_ASSERT_EQUAL(d2.d.tot_pages, pages);
	CU_ASSERT_EQUAL(perms_at(&d2, 12), P2M_RWX);
	/* Order 3, aligned and not; order past the limit. */
	l[0] = 16;
	CU_ASSERT_EQUAL(resv(&d2, XENMEM_decrease_reservation, DOMID_SELF, l, 1,
			     MAX_EXTENT_ORDER + 1), 0);
	l[0] = 17;
	CU_ASSERT_EQUAL(resv(&d2, XENMEM_decrease_reservation, DOMID_SELF, l, 1, 3),
			0);
	l[0] = 16;
	CU_ASSERT_EQUAL(resv(&d2, XENMEM_decrease_reservation, DOMID_SELF, l, 1, 3),
			1);
	CU_ASSERT_EQUAL(d2.d.tot_pages, pages - 8);
	CU_ASSERT_EQUAL(resv(&d2, XENMEM_increase_reservation, DOMID_SELF, NULL, 1,
			     3), 1);
	CU_ASSERT_EQUAL(d2.d.tot_pages, pages);
	CU_ASSERT_EQUAL(resv(&d2, XENMEM_increase_reservation, DOMID_SELF, NULL, 1,
			     0), 0);
	/* Only Dom0 reaches another domain; a bad struct is -EFAULT. */
	CU_ASSERT_EQUAL(resv(&d2, XENMEM_decrease_reservation, 1, l, 1, 0), -EPERM);
	CU_ASSERT_EQUAL(resv(&dom0, XENMEM_decrease_reservation, 9, l, 1, 0),
			-ESRCH);
	l[0] = 17;
	CU_ASSERT_EQUAL(resv(&dom0, XENMEM_populate_physmap, 2, l, 1, 0), 0);
	d2.d.max_pages += 1;
	CU_ASSERT_EQUAL(resv(&dom0, XENMEM_populate_physmap, 2, l, 1, 0), 1);
	CU_ASSERT_EQUAL(hc_call(&d2, NR_MEMORY_OP, XENMEM_populate_physmap, HC_BAD,
				0), -EFAULT);
}

static void add_to_physmap_call(void)
{
	struct xen_add_to_physmap x = { .domid = DOMID_SELF,
					.space = XENMAPSPACE_grant_table,
					.idx = 0, .gpfn = 0x180 };

	memcpy(harness_gpa(&d2, ARG), &x, sizeof(x));
	CU_ASSERT_EQUAL(hc_call(&d2, NR_MEMORY_OP, XENMEM_add_to_physmap, ARG, 0),
			0);
	CU_ASSERT_EQUAL(gnttab_frame_gfn(&d2.d, 0), 0x180);
	x.space = XENMAPSPACE_gmfn;
	memcpy(harness_gpa(&d2, ARG), &x, sizeof(x));
	CU_ASSERT_EQUAL(hc_call(&d2, NR_MEMORY_OP, XENMEM_add_to_physmap, ARG, 0),
			-ENOSYS);
	x.space = XENMAPSPACE_grant_table;
	x.domid = 1;
	memcpy(harness_gpa(&d2, ARG), &x, sizeof(x));
	CU_ASSERT_EQUAL(hc_call(&d2, NR_MEMORY_OP, XENMEM_add_to_physmap, ARG, 0),
			-EPERM);
}

int main(void)
{
	static const struct harness_test tests[] = {
		{ "table_frames", table_frames },
		{ "map_and_unmap", map_and_unmap },
		{ "usage_counts", usage_counts },
		{ "map_bad_arguments", map_bad_arguments },
		{ "maptrack_grows_to_limit", maptrack_grows_to_limit },
		{ "pin_count_limit", pin_count_limit },
		{ "pinned_frame_outlives_balloon", pinned_frame_outlives_balloon },
		{ "copy_segments", copy_segments },
		{ "granter_death_revokes", granter_death_revokes },
		{ "mapper_death_unpins", mapper_death_unpins },
		{ "hypercall_layer", hypercall_layer },
		{ "reservations", reservations },
		{ "add_to_physmap_call", add_to_physmap_call },
	};

	if (harness_init())
		return 1;
	harness_add_suite_init("gnttab", setup, cleanup, tests,
			       ARRAY_SIZE(tests));
	return cunit_run();
}
