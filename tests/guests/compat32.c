/* SPDX-License-Identifier: MIT */
/*
 * The 32-bit test guest: an i386 PVH kernel that never leaves 32-bit
 * protected mode (paging off), so every hypercall it makes takes Xen's
 * compat ABI (arguments in EBX, ECX, EDX, ESI, EDI).  It checks that the
 * hypercalls whose structures read the same from 32-bit code work, that
 * set_timer_op joins its 64-bit timeout from two registers, and that what
 * is not translated yet answers -ENOSYS.  Built with -m32 on its own: the
 * shared runtime is 64-bit code, so the little it needs is here.
 */
#include <stdint.h>
#include <xen/xen.h>
#include <xen/elfnote.h>
#include <xen/event_channel.h>
#include <xen/grant_table.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#include <xen/memory.h>
#include <xen/sched.h>
#include <xen/vcpu.h>
#include <xen/version.h>
#include <xen/arch-x86/cpuid.h>

#define EPERM	1
#define ENOSYS	38
#define ETIME	62

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

/* What reads differently from 32-bit code and is not translated yet. */
static void test_refused(void)
{
	struct xen_memory_map mm;

	expect("compat32/memory-op-refused",
	       hypercall(__HYPERVISOR_memory_op, XENMEM_memory_map,
			 (uint32_t)(uintptr_t)&mm, 0), -ENOSYS);
	expect("compat32/poll-refused",
	       hypercall(__HYPERVISOR_sched_op, SCHEDOP_poll, 0, 0), -ENOSYS);
	expect("compat32/runstate-refused",
	       hypercall(__HYPERVISOR_vcpu_op, VCPUOP_get_runstate_info, 0, 0),
	       -ENOSYS);
	expect("compat32/gnttab-copy-refused",
	       hypercall(__HYPERVISOR_grant_table_op, GNTTABOP_copy, 0, 1),
	       -ENOSYS);
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
	test_refused();
	put("SUMMARY ");
	put_num(passed);
	put(" passed, ");
	put_num(failed);
	put(" failed\n");
	hypercall(__HYPERVISOR_sched_op, SCHEDOP_shutdown,
		  (uint32_t)(uintptr_t)&sd, 0);
}
