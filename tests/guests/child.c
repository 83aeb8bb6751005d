/* SPDX-License-Identifier: MIT */
/*
 * Dom0 builds a domain from nothing, as a toolstack does, and runs it: the
 * success path of setvcpucontext end to end.  The child's kernel is this
 * guest's own image, copied from Dom0's memory (both are loaded at the
 * same address); its command line carries a token Dom0 makes up, which
 * the child prints: the line in the console ring shows the child ran the
 * bytes Dom0 wrote through its foreign mappings, seen through the child's
 * own p2m.
 *
 * The child's memory: its image at 1 MiB (the pages from pvh_start's page
 * up to the end of the bss), and below it one page holding its start info,
 * memory map and command line.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <xen/arch-x86/hvm/start_info.h>
#include <xen/domctl.h>
#include <xen/hvm/hvm_vcpu.h>
#include <xen/memory.h>
#include <xen/sched.h>
#include <xen/sysctl.h>
#include "child.h"
#include "pv.h"

#define IMAGE_BASE	0x100000UL
#define INFO_GFN	0xffUL		/* the start info page, under the image */
#define MAX_PAGES	64		/* the image and the info page */
#define WINDOW_GFN	0x30000UL	/* Dom0's holes where it maps them: 768 MiB */
#define PVH_CS_AR	0xc9b		/* flat 32-bit code, as the PVH ABI says */
#define PVH_DS_AR	0xc93

extern char pvh_start[], image_end[];	/* head.S, guest.ld */

/* The child's gfns: the info page, then the image's pages. */
static unsigned int child_gfns(xen_pfn_t *gfns)
{
	uintptr_t end = ((uintptr_t)image_end + 4095) & ~4095UL;
	unsigned int n = 0;
	uintptr_t a;

	gfns[n++] = INFO_GFN;
	for (a = IMAGE_BASE; a < end && n < MAX_PAGES; a += 4096)
		gfns[n++] = a >> 12;
	return a < end ? 0 : n;
}

static long populate(domid_t id, xen_pfn_t *gfns, unsigned int n)
{
	struct xen_memory_reservation r = {
		.nr_extents = n, .extent_order = 0, .domid = id,
	};

	set_xen_guest_handle(r.extent_start, gfns);
	return HYPERCALL2(__HYPERVISOR_memory_op, XENMEM_populate_physmap, &r);
}

/* Maps the child's gfns at WINDOW_GFN + i; 0 when every one is mapped. */
static long map_child(domid_t id, const xen_pfn_t *gfns, unsigned int n)
{
	static xen_ulong_t idxs[MAX_PAGES];
	static xen_pfn_t gpfns[MAX_PAGES];
	static int errs[MAX_PAGES];
	struct xen_add_to_physmap_batch b = {
		.domid = DOMID_SELF, .space = XENMAPSPACE_gmfn_foreign,
		.size = (uint16_t)n, .u.foreign_domid = id,
	};
	unsigned int i;
	long rc;

	for (i = 0; i < n; i++) {
		idxs[i] = gfns[i];
		gpfns[i] = WINDOW_GFN + i;
	}
	set_xen_guest_handle(b.idxs, idxs);
	set_xen_guest_handle(b.gpfns, gpfns);
	set_xen_guest_handle(b.errs, errs);
	rc = HYPERCALL2(__HYPERVISOR_memory_op, XENMEM_add_to_physmap_batch, &b);
	for (i = 0; !rc && i < n; i++)
		rc = errs[i];
	return rc;
}

static long unmap_child(unsigned int n)
{
	struct xen_remove_from_physmap x = { .domid = DOMID_SELF };
	unsigned int i;
	long rc = 0;

	for (i = 0; i < n; i++) {
		x.gpfn = WINDOW_GFN + i;
		rc |= HYPERCALL2(__HYPERVISOR_memory_op,
				 XENMEM_remove_from_physmap, &x);
	}
	return rc;
}

static void *window(unsigned int i)
{
	return (void *)((WINDOW_GFN + i) << 12);
}

/* The info page: start info, a one-entry memory map, the command line. */
static void write_info(void *page, uint64_t ram_end, const char *cmdline)
{
	struct hvm_start_info *si = page;
	struct hvm_memmap_table_entry *mm = (void *)(si + 1);
	char *cl = (char *)(mm + 1);

	memset(page, 0, 4096);
	si->magic = XEN_HVM_START_MAGIC_VALUE;
	si->version = 1;
	si->memmap_paddr = (INFO_GFN << 12) + ((char *)mm - (char *)page);
	si->memmap_entries = 1;
	mm->addr = 0;
	mm->size = ram_end;
	mm->type = XEN_HVM_MEMMAP_TYPE_RAM;
	si->cmdline_paddr = (INFO_GFN << 12) + (uint64_t)(cl - (char *)page);
	memcpy(cl, cmdline, strlen(cmdline) + 1);
}

/* Copies this image into the window: the loaded bytes as they are now. */
static void write_image(unsigned int n)
{
	unsigned int i;

	for (i = 1; i < n; i++)
		memcpy(window(i), (void *)(IMAGE_BASE + (i - 1) * 4096UL), 4096);
}

static long set_context(domid_t id)
{
	static struct vcpu_hvm_context ctx;
	struct vcpu_hvm_x86_32 *r = &ctx.cpu_regs.x86_32;
	struct xen_domctl op;

	memset(&ctx, 0, sizeof(ctx));
	ctx.mode = VCPU_HVM_MODE_32B;
	r->cr0 = 1;		/* PE; paging off */
	r->eip = (uint32_t)(uintptr_t)pvh_start;
	r->ebx = INFO_GFN << 12;
	r->eflags = 2;
	r->cs_limit = r->ds_limit = r->ss_limit = r->es_limit = 0xffffffff;
	r->cs_ar = PVH_CS_AR;
	r->ds_ar = r->ss_ar = r->es_ar = PVH_DS_AR;
	r->tr_limit = 0x67;
	r->tr_ar = 0x8b;	/* a busy TSS, as libxc gives a PVH vCPU */
	memset(&op, 0, sizeof(op));
	op.u.vcpucontext.vcpu = 0;
	set_xen_guest_handle(op.u.vcpucontext.ctxt, (void *)&ctx);
	return domctl(XEN_DOMCTL_setvcpucontext, id, &op);
}

/*
 * Yields until domain id is gone or shut down (up to about 20000 yields).
 * Returns its flags once shut down, -ESRCH once gone, 0 at the limit.
 */
static long wait_shutdown(domid_t id)
{
	struct xen_domctl op;
	unsigned int i;
	long rc;

	for (i = 0; i < 20000; i++) {
		memset(&op, 0, sizeof(op));
		rc = domctl(XEN_DOMCTL_getdomaininfo, id, &op);
		if (rc)
			return rc;
		if (op.u.getdomaininfo.flags & XEN_DOMINF_shutdown)
			return op.u.getdomaininfo.flags;
		HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_yield, 0);
	}
	return 0;
}

/* True when the console ring holds line (the whole ring is read). */
static int ring_has(const char *line)
{
	static char text[1024];
	struct xen_sysctl op;
	uint32_t index = 0;
	int found = 0;

	do {
		memset(&op, 0, sizeof(op));
		memset(text, 0, sizeof(text));
		op.cmd = XEN_SYSCTL_readconsole;
		op.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
		op.u.readconsole.incremental = 1;
		op.u.readconsole.index = index;
		op.u.readconsole.count = sizeof(text) - 1;
		set_xen_guest_handle(op.u.readconsole.buffer, text);
		if (HYPERCALL2(__HYPERVISOR_sysctl, &op, 0))
			return 0;
		/* A line may straddle two reads: go back over its start. */
		found |= strstr(text, line) != NULL;
		index = op.u.readconsole.index - (op.u.readconsole.count ==
						  sizeof(text) - 1 ? 128 : 0);
	} while (op.u.readconsole.count == sizeof(text) - 1);
	return found;
}

void child_domain_test(void)
{
	static xen_pfn_t gfns[MAX_PAGES];
	struct xen_domctl op;
	char cmdline[64], line[80];
	unsigned int n = child_gfns(gfns);
	uint32_t lo, hi;
	domid_t id;
	long rc;

	memset(&op, 0, sizeof(op));
	op.u.createdomain.flags = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap;
	op.u.createdomain.max_vcpus = 1;
	EXPECT_EQ("domctl/child-create", domctl(XEN_DOMCTL_createdomain, 0, &op), 0);
	id = op.domain;
	op.u.max_mem.max_memkb = MAX_PAGES * 4;
	EXPECT_EQ("domctl/child-max_mem", domctl(XEN_DOMCTL_max_mem, id, &op), 0);
	EXPECT_TRUE("domctl/child-image-fits", n > 1);
	EXPECT_EQ("domctl/child-populate", populate(id, gfns, n), n);
	rc = map_child(id, gfns, n);
	EXPECT_EQ("domctl/child-foreign-map", rc, 0);
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	snprintf(cmdline, sizeof(cmdline), "child token=%08x%08x", hi, lo);
	if (!rc) {
		write_info(window(0), (IMAGE_BASE + (n - 1) * 4096UL), cmdline);
		write_image(n);
	}
	EXPECT_EQ("domctl/child-foreign-unmap", unmap_child(n), 0);
	EXPECT_EQ("domctl/child-setvcpucontext", set_context(id), 0);
	EXPECT_EQ("domctl/child-setvcpucontext-twice", set_context(id), -EBUSY);
	EXPECT_EQ("domctl/child-unpause",
		  domctl(XEN_DOMCTL_unpausedomain, id, &op), 0);
	rc = wait_shutdown(id);
	/* Gone already (the hypervisor destroys a domain that shut down). */
	EXPECT_TRUE("domctl/child-ended", rc == -ESRCH || rc > 0);
	snprintf(line, sizeof(line), "(d%u) child ran: %s\n", id, cmdline);
	EXPECT_TRUE("domctl/child-printed-dom0s-token", ring_has(line));
	domctl(XEN_DOMCTL_destroydomain, id, &op);
}

void child_main(const char *cmdline)
{
	if (strncmp(cmdline, "child ", 6))
		return;
	pv_printf("child ran: %s\n", cmdline);
	pv_shutdown(SHUTDOWN_poweroff);
}
