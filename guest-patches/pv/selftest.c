/* SPDX-License-Identifier: MIT */
/*
 * The PV layer's selftests (platform_selftest() of the paravirtual build):
 * every hypervisor service the layer uses today, asked and cross-checked
 * against what the guest knows from elsewhere (CPUID, the start info).
 * Each further service has its own file of tests (pv/selftest.h), run
 * here when the hypervisor offers the service.
 */
#include <errno.h>
#include <string.h>
#include <xen/arch-x86/cpuid.h>
#include <xen/features.h>
#include <xen/hvm/params.h>
#include "../kernel/arch/x86/cpu.h"
#include "../kernel/args.h"
#include "../kernel/boot.h"
#include "../kernel/clock.h"
#include "../kernel/page_alloc.h"
#include "../kernel/platform.h"
#include "../kernel/selftest.h"
#include "hypercall.h"
#include "selftest.h"
#include "xen.h"
#include "xenbus.h"

#define E820_RAM	1
#define UNMAPPED_VA	0x5000000000ull	/* nothing is mapped at 320 GiB */

/* An E820 entry as XENMEM_memory_map returns it. */
struct e820_entry {
	uint64_t addr, size;
	uint32_t type;
} __attribute__((packed));

static void test_hypercall_page(void)
{
	static const uint8_t stub1[] = { 0xb8, 1, 0, 0, 0 };	/* mov $1, %eax */

	selftest_check("pv/hypercall-page",
		       !memcmp(hypercall_page + HYPERCALL_STUB_SIZE, stub1,
			       sizeof(stub1)),
		       "stub 1 starts %02x %02x", hypercall_page[32],
		       hypercall_page[33]);
}

static void test_version(void)
{
	uint32_t r[4];
	long v = hypercall_xen_version(XENVER_version, NULL);

	cpuid(xen.cpuid_base + 1, 0, r);
	selftest_check("pv/xen-version", v >= 0 && (uint32_t)v == r[0],
		       "xen_version %#lx, CPUID says %#x", v, r[0]);
	selftest_check("pv/xen-features",
		       xen_has_feature(XENFEAT_auto_translated_physmap),
		       "features %#x lack auto_translated_physmap (PVH)",
		       xen.features);
	selftest_check("pv/domain-id", xen.has_domid &&
					       (xen.domid == 0) == xen_is_dom0(),
		       "domid %u (given: %d), dom0 feature %d", xen.domid,
		       xen.has_domid, xen_is_dom0());
}

static uint64_t boot_ram_end(void)
{
	uint64_t end = 0;
	unsigned int i;

	for (i = 0; i < boot_info.nr_ram; i++)
		if (boot_info.ram[i].end > end)
			end = boot_info.ram[i].end;
	return end;
}

static void test_memory(void)
{
	struct e820_entry map[8];
	struct xen_memory_map mm = { .nr_entries = 8 };
	domid_t self = DOMID_SELF;
	uint64_t end = 0;
	long rc, cur, max;
	unsigned int i;

	set_xen_guest_handle(mm.buffer, map);
	rc = hypercall_memory_op(XENMEM_memory_map, &mm);
	for (i = 0; !rc && i < mm.nr_entries && i < 8; i++)
		if (map[i].type == E820_RAM && map[i].addr + map[i].size > end)
			end = map[i].addr + map[i].size;
	selftest_check("pv/memory-map", !rc && end == boot_ram_end(),
		       "rc %ld, RAM ends at %#lx, start info says %#lx", rc,
		       end, boot_ram_end());
	cur = hypercall_memory_op(XENMEM_current_reservation, &self);
	max = hypercall_memory_op(XENMEM_maximum_reservation, &self);
	selftest_check("pv/reservation",
		       cur > 0 && cur <= max &&
			       (uint64_t)max * PAGE_SIZE >= boot_ram_end(),
		       "current %ld, maximum %ld pages", cur, max);
}

static void test_console(void)
{
	char line[] = "selftest: console_io write\n";
	long w = hypercall_console_io(CONSOLEIO_write, sizeof(line) - 1, line);
	long bad = hypercall_console_io(CONSOLEIO_write, 8,
					(char *)UNMAPPED_VA);
	long r = hypercall_console_io(CONSOLEIO_read, 0, line);

	selftest_check("pv/console-write", w == 0, "returned %ld", w);
	selftest_check("pv/console-bad-buffer", bad == -EFAULT,
		       "an unmapped buffer gave %ld", bad);
	selftest_check("pv/console-read",
		       xen_is_dom0() ? r >= 0 : r == -EPERM,
		       "read returned %ld in %s", r,
		       xen_is_dom0() ? "Dom0" : "a DomU");
}

static void test_sched_vcpu(void)
{
	struct xen_hvm_param p = { .domid = DOMID_SELF,
				   .index = HVM_PARAM_CALLBACK_IRQ };
	uint64_t t0 = clock_ns();
	long y = hypercall_sched_op(SCHEDOP_yield, NULL);
	long up = hypercall_vcpu_op(VCPUOP_is_up, xen.vcpu_id, NULL);
	long hp = hypercall_hvm_op(HVMOP_get_param, &p);

	selftest_check("pv/sched-yield", y == 0, "returned %ld", y);
	selftest_check("pv/vcpu-is-up", up == 1, "VCPUOP_is_up gave %ld", up);
	selftest_check("pv/hvm-param", hp == 0, "get CALLBACK_IRQ gave %ld", hp);
	selftest_check("pv/clock-advances", clock_ns() > t0,
		       "no time passed over a yield");
}

static uint64_t param(uint32_t index)
{
	struct xen_hvm_param p = { .domid = DOMID_SELF, .index = index };

	return hypercall_hvm_op(HVMOP_get_param, &p) ? 0 : p.value;
}

/*
 * A DomU's xenstore and console pages: reserved, each with its port, left
 * unbound for Dom0 or already bound by Dom0's xenstored.
 */
static void test_special_pages(void)
{
	struct evtchn_status st = { .dom = DOMID_SELF };
	uint64_t ram_end = boot_ram_end() / PAGE_SIZE;
	bool ok = xen.store_pfn >= ram_end && xen.console_pfn >= ram_end &&
		  xen.store_pfn != xen.console_pfn;

	st.port = (evtchn_port_t)param(HVM_PARAM_STORE_EVTCHN);
	ok = ok && st.port &&
	     !hypercall_event_channel_op(EVTCHNOP_status, &st) &&
	     ((st.status == EVTCHNSTAT_unbound && st.u.unbound.dom == 0) ||
	      (st.status == EVTCHNSTAT_interdomain &&
	       st.u.interdomain.dom == 0));
	selftest_check("pv/special-pages",
		       xen_is_dom0() ? !xen.store_pfn && !xen.console_pfn : ok,
		       "store page %#lx, console page %#lx, RAM ends at page "
		       "%#lx, store port %u (status %u)",
		       xen.store_pfn, xen.console_pfn, ram_end, st.port,
		       st.status);
}

void platform_selftest(void)
{
	test_hypercall_page();
	test_version();
	test_memory();
	test_console();
	test_sched_vcpu();
	test_special_pages();
	if (xen.services & XEN_SVC_EVTCHN) {
		selftest_evtchn();
		selftest_time();
	}
	if (xen.services & XEN_SVC_GNTTAB)
		selftest_gnttab();
	if (xenbus_ready()) {
		selftest_xenbus();
		if (args_has(boot_info.cmdline, "foreignprobe"))
			selftest_foreign();
	}
}
