/* SPDX-License-Identifier: MIT */
/*
 * The 32-bit test guest: an i386 PVH kernel that never leaves 32-bit
 * protected mode (paging off), so every hypercall it makes takes Xen's
 * compat ABI (arguments in EBX, ECX, EDX, ESI, EDI).  It checks that the
 * hypercalls whose structures read the same from 32-bit code work, that
 * set_timer_op joins its 64-bit timeout from two registers, and that the
 * ones whose structures read differently (pointers, xen_pfn_t, 4-aligned
 * uint64_t) are translated: built against Xen's own headers with -m32,
 * its structures are the i386 ones, and each call is made with good and
 * bad arguments.  Its shared info page is in the i386 layout (latched by
 * its hypercall page MSR write from 32-bit code, as on Xen).  Structures
 * that a 64-bit reading would overrun are put
 * at the end of a page whose next page the guest gave back.  Built on its
 * own: the shared runtime is 64-bit code, so the little it needs is here.
 */
#include <stdint.h>
#include <xen/xen.h>
#include <xen/elfnote.h>
#include <xen/event_channel.h>
#include <xen/grant_table.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#include <xen/memory.h>
#include <xen/physdev.h>
#include <xen/sched.h>
#include <xen/vcpu.h>
#include <xen/version.h>
#include <xen/arch-x86/cpuid.h>

#define EPERM	1
#define ENOENT	2
#define EFAULT	14
#define EINVAL	22
#define ENOSYS	38
#define ETIME	62
#define EOPNOTSUPP 95

#define PAGE	4096
#define BAD_PTR	0xf0000000u	/* nothing there: far above guest RAM */

/* The i386 sizes, the ones hypervisor/include/hv/compat.h lays out. */
_Static_assert(sizeof(struct xen_memory_reservation) == 20, "i386");
_Static_assert(sizeof(struct xen_memory_map) == 8, "i386");
_Static_assert(sizeof(struct xen_add_to_physmap) == 16, "i386");
_Static_assert(sizeof(struct xen_add_to_physmap_batch) == 20, "i386");
_Static_assert(sizeof(struct xen_remove_from_physmap) == 8, "i386");
_Static_assert(sizeof(struct sched_poll) == 16, "i386");
_Static_assert(sizeof(struct vcpu_runstate_info) == 44, "i386");
_Static_assert(sizeof(struct vcpu_set_singleshot_timer) == 12, "i386");
_Static_assert(sizeof(struct gnttab_setup_table) == 16, "i386");
_Static_assert(sizeof(struct gnttab_copy) == 24, "i386");
_Static_assert(sizeof(struct physdev_map_pirq) == 36, "i386");
/* shared_info as i386 code lays it out (hv/compat.h's compat_shared_info). */
_Static_assert(__builtin_offsetof(struct shared_info, evtchn_mask) == 2176, "i386");
_Static_assert(__builtin_offsetof(struct shared_info, wc_version) == 2304, "i386");
_Static_assert(__builtin_offsetof(struct shared_info, arch.wc_sec_hi) == 2340, "i386");
_Static_assert(__builtin_offsetof(struct vcpu_info, evtchn_pending_sel) == 4, "i386");
_Static_assert(__builtin_offsetof(struct vcpu_info, arch.cr2) == 8, "i386");

_Static_assert(XEN_ELFNOTE_PHYS32_ENTRY == 18, "the note below");

__asm__(".section .note.Xen, \"a\", @note\n"
	".balign 4\n"
	".long 4, 4, 18\n"	/* XEN_ELFNOTE_PHYS32_ENTRY */
	".asciz \"Xen\"\n"
	".long compat32_start\n"
	".text\n"
	".globl compat32_start\n"
	"compat32_start:\n"
	"	mov $(stack + 8192), %esp\n"
	"	push %ebx\n"
	"	call guest_main\n"
	"1:	hlt\n"
	"	jmp 1b\n");

static uint8_t stack[8192] __attribute__((aligned(16), used));
static uint8_t hypercall_page[4096] __attribute__((aligned(4096)));
/*
 * pages[1] is given back (decrease_reservation) while the layouts are
 * checked, so a structure at the end of pages[0] is readable only at its
 * i386 size; pages[2] and [3] are a copy's source and destination, gt the
 * grant table's frame, shinfo the shared info page.
 */
static uint8_t pages[4][PAGE] __attribute__((aligned(PAGE)));
static uint8_t gt[PAGE] __attribute__((aligned(PAGE)));
static uint8_t shinfo[PAGE] __attribute__((aligned(PAGE)));
static unsigned int passed, failed;

void guest_main(uint32_t start_info);

static long hypercall(unsigned int nr, uint32_t a, uint32_t b, uint32_t c)
{
	long rc;
	uint32_t s = 0, di = 0;

	__asm__ volatile("call *%[stub]"
			 : "=a"(rc), "+b"(a), "+c"(b), "+d"(c), "+S"(s),
			   "+D"(di)
			 : [stub] "r"(hypercall_page + nr * 32)
			 : "memory");
	return rc;
}

static uint32_t strlen32(const char *s)
{
	uint32_t n = 0;

	while (s[n])
		n++;
	return n;
}

static void put(const char *s)
{
	hypercall(__HYPERVISOR_console_io, CONSOLEIO_write, strlen32(s),
		  (uint32_t)(uintptr_t)s);
}

static void put_num(long v)
{
	char buf[16], *p = buf + sizeof(buf) - 1;
	unsigned long u = v < 0 ? (unsigned long)-v : (unsigned long)v;

	*p = 0;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	put(p);
}

static void expect(const char *name, long got, long want)
{
	if (got == want) {
		passed++;
		put("PASS ");
		put(name);
		put("\n");
		return;
	}
	failed++;
	put("FAIL ");
	put(name);
	put(": got ");
	put_num(got);
	put(", want ");
	put_num(want);
	put("\n");
}

static void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c,
		  uint32_t *d)
{
	__asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			 : "a"(leaf), "c"(0));
}

static int pv_init(void)
{
	uint32_t a, b, c, d, msr;

	cpuid(XEN_CPUID_FIRST_LEAF, &a, &b, &c, &d);
	if (b != XEN_CPUID_SIGNATURE_EBX || c != XEN_CPUID_SIGNATURE_ECX ||
	    d != XEN_CPUID_SIGNATURE_EDX)
		return -1;
	cpuid(XEN_CPUID_LEAF(2), &a, &msr, &c, &d);
	__asm__ volatile("wrmsr" :: "c"(msr),
			 "a"((uint32_t)(uintptr_t)hypercall_page), "d"(0));
	return 0;
}

static long evtchn(unsigned int cmd, void *arg)
{
	return hypercall(__HYPERVISOR_event_channel_op, cmd,
			 (uint32_t)(uintptr_t)arg, 0);
}

static void test_native_layouts(void)
{
	struct evtchn_alloc_unbound au = { .dom = DOMID_SELF,
					   .remote_dom = DOMID_SELF };
	struct evtchn_bind_interdomain bi = { .remote_dom = DOMID_SELF };
	struct evtchn_status st = { .dom = DOMID_SELF };
	struct evtchn_close cl;
	struct xen_hvm_param hp = { .domid = DOMID_SELF,
				    .index = HVM_PARAM_STORE_EVTCHN };
	struct gnttab_query_size qs = { .dom = DOMID_SELF };
	xen_extraversion_t extra;

	expect("compat32/xen_version",
	       hypercall(__HYPERVISOR_xen_version, XENVER_version, 0, 0) >> 16,
	       4);
	expect("compat32/xen_version-extraversion",
	       hypercall(__HYPERVISOR_xen_version, XENVER_extraversion,
			 (uint32_t)(uintptr_t)extra, 0), 0);
	expect("compat32/alloc-unbound", evtchn(EVTCHNOP_alloc_unbound, &au), 0);
	bi.remote_port = au.port;
	expect("compat32/bind-interdomain",
	       evtchn(EVTCHNOP_bind_interdomain, &bi), 0);
	st.port = au.port;
	expect("compat32/status-interdomain",
	       evtchn(EVTCHNOP_status, &st) == 0 &&
	       st.status == EVTCHNSTAT_interdomain &&
	       st.u.interdomain.port == bi.local_port, 1);
	expect("compat32/send", evtchn(EVTCHNOP_send, &bi.local_port), 0);
	cl.port = bi.local_port;
	expect("compat32/close", evtchn(EVTCHNOP_close, &cl), 0);
	expect("compat32/hvm-get-param",
	       hypercall(__HYPERVISOR_hvm_op, HVMOP_get_param,
			 (uint32_t)(uintptr_t)&hp, 0) == 0 && hp.value != 0, 1);
	expect("compat32/gnttab-query-size",
	       hypercall(__HYPERVISOR_grant_table_op, GNTTABOP_query_size,
			 (uint32_t)(uintptr_t)&qs, 1) == 0 &&
	       qs.status == GNTST_okay && qs.max_nr_frames > 0, 1);
	expect("compat32/vcpu-is-up",
	       hypercall(__HYPERVISOR_vcpu_op, VCPUOP_is_up, 0, 0), 1);
	expect("compat32/domctl-dom0-only",
	       hypercall(__HYPERVISOR_domctl, 0, 0, 0), -EPERM);
}

/*
 * set_timer_op(u64) takes its timeout in EBX (low) and ECX (high): the
 * joining is checked by the hypercall unit tests (compat_dispatch); here
 * the calls are accepted.  A singleshot timer's struct reads the same.
 */
static void test_timers(void)
{
	struct vcpu_set_singleshot_timer ss = {
		.timeout_abs_ns = 1, .flags = VCPU_SSHOTTMR_future,
	};

	expect("compat32/set-timer-op-far",
	       hypercall(__HYPERVISOR_set_timer_op, 0, 0x7fffffff, 0), 0);
	expect("compat32/set-timer-op-cancel",
	       hypercall(__HYPERVISOR_set_timer_op, 0, 0, 0), 0);
	expect("compat32/singleshot-past",
	       hypercall(__HYPERVISOR_vcpu_op, VCPUOP_set_singleshot_timer, 0,
			 (uint32_t)(uintptr_t)&ss), -ETIME);
}

static uint32_t gfn_of(const void *p)
{
	return (uint32_t)(uintptr_t)p / PAGE;
}

/* A pointer to the last n bytes of pages[0], before the hole. */
static void *at_hole(uint32_t n)
{
	return pages[0] + PAGE - n;
}

static void fill(void *p, uint8_t byte, uint32_t n)
{
	uint8_t *b = p;

	while (n--)
		*b++ = byte;
}

static long memop(unsigned int cmd, void *arg)
{
	return hypercall(__HYPERVISOR_memory_op, cmd, (uint32_t)(uintptr_t)arg,
			 0);
}

static long reservation(unsigned int cmd, xen_pfn_t *gfns, uint32_t n)
{
	struct xen_memory_reservation r = { .nr_extents = n,
					    .domid = DOMID_SELF };

	set_xen_guest_handle(r.extent_start, gfns);
	return memop(cmd, &r);
}

/* XENMEM_memory_map and the reservations, with 4-byte frame numbers. */
static void test_memory_op(void)
{
	struct { uint64_t addr, size; uint32_t type; } __attribute__((packed))
		e820[4];
	struct xen_memory_map mm = { .nr_entries = 4 };
	struct xen_memory_reservation *edge;
	xen_pfn_t gfns[3] = { gfn_of(pages[1]), 0x7fffff, 0 };
	domid_t self = DOMID_SELF;
	uint32_t *last = (uint32_t *)(pages[1] + PAGE - 4);

	set_xen_guest_handle(mm.buffer, e820);
	expect("compat32/memory-map",
	       memop(XENMEM_memory_map, &mm) == 0 && mm.nr_entries >= 1 &&
	       e820[0].addr == 0 && e820[0].type == 1 &&
	       e820[0].size > (uintptr_t)gt, 1);
	mm.nr_entries = 0;
	expect("compat32/memory-map-no-entries",
	       memop(XENMEM_memory_map, &mm), -EINVAL);
	mm.nr_entries = 1;
	set_xen_guest_handle(mm.buffer, (void *)BAD_PTR);
	expect("compat32/memory-map-bad-buffer",
	       memop(XENMEM_memory_map, &mm), -EFAULT);
	expect("compat32/memory-map-bad-pointer",
	       memop(XENMEM_memory_map, (void *)BAD_PTR), -EFAULT);
	expect("compat32/current-reservation",
	       memop(XENMEM_current_reservation, &self) > 0, 1);

	/* The second extent is past the guest's frames: one of two done. */
	*last = 0x12345678;
	expect("compat32/decrease-reservation-stops-at-bad",
	       reservation(XENMEM_decrease_reservation, gfns, 2), 1);
	expect("compat32/given-back-reads-ones", *(volatile uint32_t *)last,
	       (long)0xffffffffu);
	expect("compat32/decrease-reservation-bad-array",
	       reservation(XENMEM_decrease_reservation,
			   (xen_pfn_t *)BAD_PTR, 1), 0);
	expect("compat32/decrease-reservation-bad-pointer",
	       memop(XENMEM_decrease_reservation, (void *)BAD_PTR), -EFAULT);
	/* A 20-byte reservation just before the hole reads. */
	edge = at_hole(sizeof(*edge));
	*edge = (struct xen_memory_reservation){ .nr_extents = 1,
						 .domid = DOMID_SELF };
	set_xen_guest_handle(edge->extent_start, &gfns[1]);
	expect("compat32/reservation-before-hole",
	       memop(XENMEM_decrease_reservation, edge), 0);
	edge->domid = 0;
	expect("compat32/reservation-other-domain",
	       memop(XENMEM_decrease_reservation, edge), -EPERM);
}

/*
 * A channel from this domain to itself: *remote is the unbound end,
 * *local the end bound to it (a send on *local signals *remote).  0, or
 * -1 after a FAIL line for name.
 */
static int loopback(const char *name, evtchn_port_t *remote,
		    evtchn_port_t *local)
{
	struct evtchn_alloc_unbound au = { .dom = DOMID_SELF,
					   .remote_dom = DOMID_SELF };
	struct evtchn_bind_interdomain bi = { .remote_dom = DOMID_SELF };

	if (!evtchn(EVTCHNOP_alloc_unbound, &au)) {
		bi.remote_port = au.port;
		if (!evtchn(EVTCHNOP_bind_interdomain, &bi)) {
			*remote = au.port;
			*local = bi.local_port;
			return 0;
		}
	}
	expect(name, 0, 1);
	return -1;
}

/*
 * The shared info page in the i386 layout: this guest wrote its hypercall
 * page MSR from 32-bit code, which latches it (Xen's has_32bit_shinfo).
 * The wall clock is at 2304, wc_sec_hi at the end of the arch part; a
 * masked port is looked up in the i386 mask (2176), and unmasking it sets
 * bit port / 32 of the 32-bit selector at offset 4 of vcpu_info, nothing
 * at 8 (where the native selector would be).
 */
static void test_shared_info(void)
{
	volatile struct shared_info *s = (void *)shinfo;
	volatile struct vcpu_info *vi = &s->vcpu_info[0];
	struct evtchn_unmask um;
	evtchn_port_t p, local;
	uint32_t w, bit;

	expect("compat32/shinfo-wallclock",
	       s->wc_version >= 2 && !(s->wc_version & 1) &&
	       s->wc_sec > 1600000000u && s->arch.wc_sec_hi == 0, 1);
	if (loopback("compat32/shinfo-masked-event", &p, &local))
		return;
	w = p / 32;
	bit = 1u << (p % 32);
	s->evtchn_mask[w] |= bit;
	s->evtchn_pending[w] &= ~bit;
	vi->evtchn_upcall_pending = 0;
	vi->evtchn_pending_sel = 0;
	vi->arch.cr2 = 0;
	evtchn(EVTCHNOP_send, &local);
	expect("compat32/shinfo-masked-event",
	       (s->evtchn_pending[w] & bit) && vi->evtchn_pending_sel == 0 &&
	       vi->evtchn_upcall_pending == 0 && vi->arch.cr2 == 0, 1);
	um.port = p;
	expect("compat32/shinfo-unmask", evtchn(EVTCHNOP_unmask, &um), 0);
	expect("compat32/shinfo-unmask-delivers",
	       !(s->evtchn_mask[w] & bit) &&
	       vi->evtchn_pending_sel == (1u << w) &&
	       vi->evtchn_upcall_pending == 1 && vi->arch.cr2 == 0, 1);
	s->evtchn_pending[w] &= ~bit;
	vi->evtchn_pending_sel = 0;
	vi->evtchn_upcall_pending = 0;
}

/* A struct sched_poll of 16 bytes, its timeout at offset 8. */
static void test_poll(void)
{
	struct sched_poll *sp = at_hole(sizeof(*sp));
	evtchn_port_t ports[2], local;

	if (loopback("compat32/poll-ports", &ports[0], &local))
		return;
	ports[1] = 5000;
	*sp = (struct sched_poll){ .nr_ports = 1, .timeout = 1 };
	set_xen_guest_handle(sp->ports, ports);
	/* Nothing pending, a timeout already past: wakes at once. */
	expect("compat32/poll-timeout",
	       hypercall(__HYPERVISOR_sched_op, SCHEDOP_poll,
			 (uint32_t)(uintptr_t)sp, 0), 0);
	evtchn(EVTCHNOP_send, &local);
	sp->timeout = 0;
	expect("compat32/poll-pending",
	       hypercall(__HYPERVISOR_sched_op, SCHEDOP_poll,
			 (uint32_t)(uintptr_t)sp, 0), 0);
	sp->nr_ports = 2;
	expect("compat32/poll-bad-port",
	       hypercall(__HYPERVISOR_sched_op, SCHEDOP_poll,
			 (uint32_t)(uintptr_t)sp, 0), -EINVAL);
	sp->nr_ports = 129;
	expect("compat32/poll-too-many",
	       hypercall(__HYPERVISOR_sched_op, SCHEDOP_poll,
			 (uint32_t)(uintptr_t)sp, 0), -EINVAL);
	sp->nr_ports = 1;
	set_xen_guest_handle(sp->ports, (evtchn_port_t *)BAD_PTR);
	expect("compat32/poll-bad-ports",
	       hypercall(__HYPERVISOR_sched_op, SCHEDOP_poll,
			 (uint32_t)(uintptr_t)sp, 0), -EFAULT);
	expect("compat32/poll-bad-pointer",
	       hypercall(__HYPERVISOR_sched_op, SCHEDOP_poll, BAD_PTR, 0),
	       -EFAULT);
}

/* System time now, from vCPU 0's time info in the shared info page. */
static uint64_t now_ns(void)
{
	volatile struct vcpu_time_info *t =
		&((struct shared_info *)shinfo)->vcpu_info[0].time;
	uint32_t lo, hi, mul = t->tsc_to_system_mul;
	uint64_t delta;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	delta = (((uint64_t)hi << 32) | lo) - t->tsc_timestamp;
	if (t->tsc_shift < 0)
		delta >>= -t->tsc_shift;
	else
		delta <<= t->tsc_shift;
	return t->system_time + (((delta & 0xffffffff) * mul) >> 32) +
	       (delta >> 32) * mul;
}

/* platform_parameters (4 bytes) and the vcpu_ops with i386 layouts. */
static void test_vcpu_and_version(void)
{
	struct vcpu_register_runstate_memory_area rma;
	struct vcpu_runstate_info *rs = at_hole(sizeof(*rs));
	struct vcpu_set_singleshot_timer *ss = at_hole(sizeof(*ss));
	struct sched_poll wake = { .nr_ports = 0 };
	static struct {
		struct vcpu_runstate_info rs;
		uint32_t canary;
	} area;
	uint64_t entry, wait;
	unsigned int i;
	uint32_t pp[2] = { 0xdeadbeef, 0xdeadbeef };

	expect("compat32/platform-parameters",
	       hypercall(__HYPERVISOR_xen_version, XENVER_platform_parameters,
			 (uint32_t)(uintptr_t)pp, 0) == 0 && pp[0] == 0 &&
	       pp[1] == 0xdeadbeef, 1);
	expect("compat32/platform-parameters-bad-pointer",
	       hypercall(__HYPERVISOR_xen_version, XENVER_platform_parameters,
			 BAD_PTR, 0), -EFAULT);

	fill(rs, 0xee, sizeof(*rs));
	expect("compat32/get-runstate-before-hole",
	       hypercall(__HYPERVISOR_vcpu_op, VCPUOP_get_runstate_info, 0,
			 (uint32_t)(uintptr_t)rs) == 0 &&
	       rs->state == RUNSTATE_running && rs->state_entry_time != 0 &&
	       rs->time[RUNSTATE_running] != 0, 1);
	entry = rs->state_entry_time;
	expect("compat32/get-runstate-bad-vcpu",
	       hypercall(__HYPERVISOR_vcpu_op, VCPUOP_get_runstate_info, 7,
			 (uint32_t)(uintptr_t)rs), -ENOENT);
	expect("compat32/get-runstate-bad-pointer",
	       hypercall(__HYPERVISOR_vcpu_op, VCPUOP_get_runstate_info, 0,
			 BAD_PTR), -EFAULT);
	/*
	 * Only the 4-byte handle of the union counts, as on Xen; the area is
	 * written in the i386 layout: 44 bytes, the entry time at offset 4
	 * (the one get_runstate_info gave, or a later one if this vCPU was
	 * switched since), nothing past them.
	 */
	rs = &area.rs;
	fill(&area, 0xee, sizeof(area));
	fill(&rma, 0xff, sizeof(rma));
	rma.addr.v = rs;
	expect("compat32/register-runstate-area",
	       hypercall(__HYPERVISOR_vcpu_op,
			 VCPUOP_register_runstate_memory_area, 0,
			 (uint32_t)(uintptr_t)&rma) == 0 &&
	       rs->state == RUNSTATE_running &&
	       rs->state_entry_time >= entry &&
	       rs->state_entry_time - entry < 1000000000000ull &&
	       area.canary == 0xeeeeeeee,
	       1);
	/*
	 * Written again when this vCPU blocks (a poll) and runs again.  A
	 * poll whose timeout has passed by the time it is served (a loaded
	 * host) does not block: then a poll twice as long, up to 2 s in all.
	 */
	rs->state = 0x55;
	for (i = 0, wait = 2000000; i < 10 && rs->state == 0x55; i++) {
		wake.timeout = now_ns() + wait;
		hypercall(__HYPERVISOR_sched_op, SCHEDOP_poll,
			  (uint32_t)(uintptr_t)&wake, 0);
		wait *= 2;
	}
	expect("compat32/runstate-area-updated",
	       rs->state == RUNSTATE_running && rs->state_entry_time > entry &&
	       rs->state_entry_time - entry < 1000000000000ull &&
	       area.canary == 0xeeeeeeee, 1);
	rma.addr.p = 0;
	expect("compat32/unregister-runstate-area",
	       hypercall(__HYPERVISOR_vcpu_op,
			 VCPUOP_register_runstate_memory_area, 0,
			 (uint32_t)(uintptr_t)&rma), 0);
	expect("compat32/register-runstate-bad-pointer",
	       hypercall(__HYPERVISOR_vcpu_op,
			 VCPUOP_register_runstate_memory_area, 0, BAD_PTR),
	       -EFAULT);

	*ss = (struct vcpu_set_singleshot_timer){
		.timeout_abs_ns = 1, .flags = VCPU_SSHOTTMR_future };
	expect("compat32/singleshot-before-hole",
	       hypercall(__HYPERVISOR_vcpu_op, VCPUOP_set_singleshot_timer, 0,
			 (uint32_t)(uintptr_t)ss), -ETIME);
	ss->flags = 0;
	ss->timeout_abs_ns = 0x7fffffffffffffffull;
	expect("compat32/singleshot-far",
	       hypercall(__HYPERVISOR_vcpu_op, VCPUOP_set_singleshot_timer, 0,
			 (uint32_t)(uintptr_t)ss), 0);
	expect("compat32/singleshot-bad-pointer",
	       hypercall(__HYPERVISOR_vcpu_op, VCPUOP_set_singleshot_timer, 0,
			 BAD_PTR), -EFAULT);
	hypercall(__HYPERVISOR_vcpu_op, VCPUOP_stop_singleshot_timer, 0, 0);
}

/* add_to_physmap (16 bytes), its batch and remove_from_physmap. */
static void test_physmap(void)
{
	struct xen_add_to_physmap *ap = at_hole(sizeof(*ap));
	struct xen_add_to_physmap_batch b = { .domid = DOMID_SELF,
					      .space = XENMAPSPACE_gmfn };
	struct xen_remove_from_physmap *rp = at_hole(sizeof(*rp));

	*ap = (struct xen_add_to_physmap){ .domid = DOMID_SELF,
					   .space = XENMAPSPACE_grant_table,
					   .idx = 0, .gpfn = gfn_of(gt) };
	expect("compat32/add-to-physmap-grant-table",
	       memop(XENMEM_add_to_physmap, ap), 0);
	ap->space = XENMAPSPACE_shared_info;
	ap->gpfn = gfn_of(shinfo);
	expect("compat32/add-to-physmap-shared-info",
	       memop(XENMEM_add_to_physmap, ap), 0);
	ap->space = XENMAPSPACE_shared_info;
	ap->idx = 1;
	expect("compat32/add-to-physmap-bad-idx",
	       memop(XENMEM_add_to_physmap, ap), -EINVAL);
	ap->space = XENMAPSPACE_gmfn_range;
	expect("compat32/add-to-physmap-bad-space",
	       memop(XENMEM_add_to_physmap, ap), -ENOSYS);
	ap->domid = 0;
	expect("compat32/add-to-physmap-other-domain",
	       memop(XENMEM_add_to_physmap, ap), -EPERM);
	expect("compat32/add-to-physmap-bad-pointer",
	       memop(XENMEM_add_to_physmap, (void *)BAD_PTR), -EFAULT);
	expect("compat32/add-to-physmap-batch-space",
	       memop(XENMEM_add_to_physmap_batch, &b), -EOPNOTSUPP);
	b.space = XENMAPSPACE_gmfn_foreign;
	expect("compat32/add-to-physmap-batch-not-dom0",
	       memop(XENMEM_add_to_physmap_batch, &b), -EPERM);
	*rp = (struct xen_remove_from_physmap){ .domid = DOMID_SELF,
						.gpfn = gfn_of(pages[2]) };
	expect("compat32/remove-from-physmap-not-foreign",
	       memop(XENMEM_remove_from_physmap, rp), -ENOENT);
	rp->domid = 0;
	expect("compat32/remove-from-physmap-other-domain",
	       memop(XENMEM_remove_from_physmap, rp), -EPERM);
}

static long gnttab(unsigned int cmd, void *op, uint32_t count)
{
	return hypercall(__HYPERVISOR_grant_table_op, cmd,
			 (uint32_t)(uintptr_t)op, count);
}

static void copy_seg(struct gnttab_copy *c, uint32_t src, uint32_t dst,
		     uint16_t off, uint16_t len)
{
	*c = (struct gnttab_copy){ .len = len };
	c->source.u.gmfn = src;
	c->source.domid = DOMID_SELF;
	c->dest.u.gmfn = dst;
	c->dest.domid = DOMID_SELF;
	c->dest.offset = off;
}

/* swap_grant_ref (12 bytes in either ABI) on entries of our table frame. */
static void test_swap(void)
{
	struct grant_entry_v1 *e = (struct grant_entry_v1 *)gt;
	struct gnttab_swap_grant_ref sw[2] = {
		{ .ref_a = 1, .ref_b = 2, .status = 1 },
		{ .ref_a = 1, .ref_b = 4096, .status = 1 },
	};

	e[1] = (struct grant_entry_v1){ .flags = GTF_permit_access,
					.frame = 0x111 };
	e[2] = (struct grant_entry_v1){ .flags = GTF_permit_access | GTF_readonly,
					.frame = 0x222 };
	expect("compat32/swap-grant-ref",
	       gnttab(GNTTABOP_swap_grant_ref, sw, 2) == 0 &&
	       sw[0].status == GNTST_okay && e[1].frame == 0x222 &&
	       e[1].flags == (GTF_permit_access | GTF_readonly) &&
	       e[2].frame == 0x111 && sw[1].status == GNTST_bad_gntref, 1);
	e[1].flags = e[2].flags = 0;
}

/* setup_table (4-byte frames) and copy (24-byte segments). */
static void test_gnttab(void)
{
	struct gnttab_setup_table *st = at_hole(sizeof(*st));
	xen_pfn_t frames[3] = { 0, 0x5a5a5a5a, 0x5a5a5a5a };
	struct gnttab_copy c[3];
	uint32_t i;
	int same = 1;

	*st = (struct gnttab_setup_table){ .dom = DOMID_SELF, .nr_frames = 1 };
	set_xen_guest_handle(st->frame_list, frames);
	expect("compat32/setup-table",
	       gnttab(GNTTABOP_setup_table, st, 1) == 0 &&
	       st->status == GNTST_okay && frames[0] == gfn_of(gt) &&
	       frames[1] == 0x5a5a5a5a, 1);
	st->nr_frames = 2;
	expect("compat32/setup-table-unmapped-frame",
	       gnttab(GNTTABOP_setup_table, st, 1) == 0 &&
	       st->status == GNTST_okay && frames[1] == 0xffffffff &&
	       frames[2] == 0x5a5a5a5a, 1);
	st->nr_frames = 1000;
	expect("compat32/setup-table-too-many",
	       gnttab(GNTTABOP_setup_table, st, 1) == 0 &&
	       st->status == GNTST_general_error, 1);
	st->nr_frames = 1;
	st->dom = 0;
	expect("compat32/setup-table-other-domain",
	       gnttab(GNTTABOP_setup_table, st, 1) == 0 &&
	       st->status == GNTST_permission_denied, 1);
	st->dom = DOMID_SELF;
	set_xen_guest_handle(st->frame_list, (xen_pfn_t *)BAD_PTR);
	expect("compat32/setup-table-bad-frames",
	       gnttab(GNTTABOP_setup_table, st, 1) == 0 &&
	       st->status == GNTST_bad_virt_addr, 1);
	expect("compat32/setup-table-count",
	       gnttab(GNTTABOP_setup_table, st, 2), -EINVAL);

	for (i = 0; i < PAGE; i++) {
		pages[2][i] = (uint8_t)(i * 7);
		pages[3][i] = 0;
	}
	copy_seg(&c[0], gfn_of(pages[2]), gfn_of(pages[3]), 0, 64);
	copy_seg(&c[1], gfn_of(pages[1]), gfn_of(pages[3]), 0, 64);
	copy_seg(&c[2], gfn_of(pages[2]), gfn_of(pages[3]), 4000, 200);
	expect("compat32/copy-per-segment-status",
	       gnttab(GNTTABOP_copy, c, 3) == 0 && c[0].status == GNTST_okay &&
	       c[1].status == GNTST_bad_page &&
	       c[2].status == GNTST_bad_copy_arg, 1);
	for (i = 0; i < 64; i++)
		same &= pages[3][i] == (uint8_t)(i * 7);
	expect("compat32/copy-data", same && pages[3][64] == 0, 1);
	expect("compat32/copy-bad-pointer",
	       gnttab(GNTTABOP_copy, (void *)BAD_PTR, 1), -EFAULT);
	expect("compat32/copy-count-too-big", gnttab(GNTTABOP_copy, c, 513),
	       -EINVAL);
	/* Xen offers neither to an HVM or PVH guest, in either ABI. */
	expect("compat32/transfer-refused", gnttab(GNTTABOP_transfer, c, 1),
	       -ENOSYS);
	expect("compat32/get-status-frames-refused",
	       gnttab(GNTTABOP_get_status_frames, c, 1), -ENOSYS);
	test_swap();
}

/*
 * physdev_op from 32-bit code: absent for a PVH DomU (-ENOSYS, as Xen's
 * hvm_physdev_op answers one without emulated pirqs), the same answer as
 * from 64-bit code; the i386 layout of map_pirq (a 4-aligned u64 at 28)
 * is checked by the unit tests.
 */
static void test_physdev(void)
{
	struct physdev_map_pirq *m = at_hole(sizeof(*m));
	struct physdev_unmap_pirq u = { .domid = DOMID_SELF, .pirq = 1 };

	*m = (struct physdev_map_pirq){ .domid = DOMID_SELF,
					.type = MAP_PIRQ_TYPE_GSI, .index = 9,
					.pirq = -1 };
	expect("compat32/physdev-map-pirq-domu",
	       hypercall(__HYPERVISOR_physdev_op, PHYSDEVOP_map_pirq,
			 (uint32_t)(uintptr_t)m, 0), -ENOSYS);
	expect("compat32/physdev-unmap-pirq-domu",
	       hypercall(__HYPERVISOR_physdev_op, PHYSDEVOP_unmap_pirq,
			 (uint32_t)(uintptr_t)&u, 0), -ENOSYS);
}

/* The hole is populated again: 4-byte frame numbers in, RAM back. */
static void test_populate(void)
{
	xen_pfn_t gfns[2] = { gfn_of(pages[1]), gfn_of(pages[2]) };
	volatile uint32_t *p = (volatile uint32_t *)pages[1];

	expect("compat32/populate-stops-at-occupied",
	       reservation(XENMEM_populate_physmap, gfns, 2), 1);
	*p = 0x600dcafe;
	expect("compat32/populated-is-ram", *p, 0x600dcafe);
}

void guest_main(uint32_t start_info)
{
	struct sched_shutdown sd = { .reason = SHUTDOWN_poweroff };

	(void)start_info;
	if (pv_init())
		return;
	put("Xenolith 32-bit test guest\n");
	test_native_layouts();
	test_timers();
	test_memory_op();
	test_poll();
	test_physmap();
	test_shared_info();
	test_vcpu_and_version();
	test_gnttab();
	test_physdev();
	test_populate();
	put("SUMMARY ");
	put_num(passed);
	put(" passed, ");
	put_num(failed);
	put(" failed\n");
	hypercall(__HYPERVISOR_sched_op, SCHEDOP_shutdown,
		  (uint32_t)(uintptr_t)&sd, 0);
}
