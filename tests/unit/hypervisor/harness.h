/* SPDX-License-Identifier: MIT */
/*
 * The stub harness the hypervisor's pure-logic files are compiled against
 * on the host: fake machine RAM behind maddr_to_virt(), a panic() that the
 * test can catch, fake domains whose vCPUs run with the control registers a
 * test chooses, and a captured serial line.
 *
 * Machine addresses are offsets into one host buffer, shifted by
 * HARNESS_RAM_BASE so that machine address 0 is never valid RAM.  Any
 * maddr_to_virt() outside the buffer aborts the test binary: a wild access
 * by the code under test is a failure, never a silent corruption.
 */
#ifndef UNIT_HV_HARNESS_H
#define UNIT_HV_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <CUnit/CUnit.h>

#include <xen/physdev.h>
#include <asm/hvm.h>
#include <hv/domain.h>
#include <hv/mm.h>
#include <hv/param.h>
#include <hv/vcpu.h>

#define HARNESS_RAM_BASE	0x100000ULL		/* first machine address */
#define HARNESS_RAM_SIZE	(16ULL << 20)		/* bytes of fake RAM */
#define HARNESS_RAM_FRAMES	(HARNESS_RAM_SIZE >> PAGE_SHIFT)

/* harness_ram.c */

/*
 * Fills the RAM with 0xa5 and gives all of it to a fresh frame allocator
 * (page_alloc_init + page_alloc_add_free over the whole buffer).
 */
void harness_ram_reset(void);

/* True when [maddr, maddr + len) is inside the fake RAM. */
bool harness_ram_contains(paddr_t maddr, size_t len);

/* harness_panic.c */

/*
 * Runs fn(arg) and returns true when it called panic() (BUG_ON included);
 * the panic message is kept in harness_panic_msg.  A panic outside this
 * function aborts the binary.
 */
bool harness_expect_panic(void (*fn)(void *arg), void *arg);
extern char harness_panic_msg[256];

/* harness_guest.c */

/* A fake domain with one vCPU whose control registers the test sets. */
struct harness_guest {
	struct domain d;
	struct vcpu v;
	struct hvm_cpu_state cpu;	/* what get_cpu_state returns for v */
	unsigned long nr_pages;		/* RAM: gfn [0, nr_pages), RWX */
};

/*
 * Creates domain domid (privileged when priv) with nr_pages frames of RAM
 * mapped RWX from gfn 0 through a real NPT p2m, registers it for
 * domain_by_id() and puts its vCPU in 32-bit protected mode, paging off.
 * Calls harness_ram_reset() first when it is the first live guest.
 * Fails the current test (and returns false) when frames run out.
 */
bool harness_guest_create(struct harness_guest *g, domid_t domid, bool priv,
			  unsigned long nr_pages);

/* Frees the guest's frames and p2m tables and unregisters it. */
void harness_guest_destroy(struct harness_guest *g);

/*
 * Maps one more fresh frame at gfn with perms; returns its machine
 * address (0 and a failed assertion when it cannot).
 */
paddr_t harness_guest_map(struct harness_guest *g, uint64_t gfn,
			  unsigned int perms);

/* The hypervisor's pointer to guest-physical gpa, or NULL if unmapped. */
void *harness_gpa(struct harness_guest *g, uint64_t gpa);

/* The fake back end whose get_cpu_state reads harness_guest.cpu. */
extern const struct hvm_ops harness_hvm_ops;

/* harness_hypercall.c (hypercall binary only) */

/*
 * The hypercall fixture: Dom0 (id 0, privileged) and a DomU (id 1), each
 * with HC_RAM_PAGES of RAM from gpa 0 and one read-only page at HC_RO_GPA,
 * running with paging off, so that a guest address is a guest-physical one.
 * hc_init/hc_cleanup are CUnit suite set-up and clean-up functions.
 */
#define HC_RAM_PAGES	16
#define HC_ARG		0x1000ULL	/* a page for argument structs */
#define HC_BUF		0x2000ULL	/* a page for buffers */
#define HC_RO_GPA	0x20000ULL	/* mapped read-only in the p2m */
#define HC_BAD		0x100000ULL	/* not in the p2m at all */
#define HC_DOMU		1
extern struct harness_guest hc_dom0, hc_domu;
int hc_init(void);
int hc_cleanup(void);

/* Calls hypercall nr as g's vCPU through hypercall_dispatch(). */
long hc_call(struct harness_guest *g, unsigned long nr, unsigned long a0,
	     unsigned long a1, unsigned long a2);
/* The same as a 32-bit caller (the compat ABI). */
long hc_call_compat(struct harness_guest *g, unsigned long nr,
		    unsigned long a0, unsigned long a1, unsigned long a2);

/*
 * What the stubbed act halves of harness_runstate.c last received from
 * the (compat) handlers; runstate_get() reports HARNESS_RUNSTATE_ENTRY as
 * the entry time and ENTRY + i + 1 as time[i].
 */
#define HARNESS_RUNSTATE_ENTRY	0x1122334455667700ULL
struct harness_calls {
	uint64_t runstate_area;
	bool runstate_compat;
	struct vcpu_set_singleshot_timer singleshot;
	uint64_t poll_ports, poll_timeout;
	uint32_t poll_nr;
	struct physdev_map_pirq map_pirq;	/* physdev_map_pirq's argument */
};

/* The pirq the stubbed physdev_map_pirq() hands out. */
#define HARNESS_MAPPED_PIRQ	77
extern struct harness_calls harness_calls;

/* The timeout the stubbed do_set_timer_op last received. */
extern uint64_t harness_timer_timeout;

/* Everything arch_console_write() received since the last reset. */
extern char harness_console_out[65536];
extern size_t harness_console_len;
void harness_console_reset(void);

/* Bytes arch_console_getc() hands out next, as Dom0's serial input. */
void harness_console_input(const char *s);

/* Bit v: evtchn_send_global_virq(v) was called (harness_events.c). */
extern uint32_t harness_global_virqs;

/* Calls of the stubbed hvm_latch_shinfo_layout(). */
extern unsigned int harness_shinfo_latches;

/* Calls of the stubbed do_sched_op / do_vcpu_op (and do_domctl / do_sysctl). */
extern unsigned int harness_sched_op_calls, harness_vcpu_op_calls;
extern unsigned int harness_domctl_calls;

/* Suites, one per test file; the binary's main registers its own. */
void suite_page_alloc(void);
void suite_elf(void);
void suite_p2m(void);
void suite_guest_access(void);
void suite_hypercall(void);
void suite_hvmop(void);
void suite_memory(void);
void suite_foreign(void);
void suite_multicall(void);
void suite_version(void);
void suite_console(void);
void suite_known_bugs(void);

/*
 * Starts a test binary: CUnit's registry, and stdout line-buffered so that
 * every PASS/FAIL line is out even when a sanitizer ends the process.
 * Returns 0, or 1 when CUnit cannot start.
 */
int harness_init(void);

/* Adds a suite of tests given as a table; aborts when CUnit fails. */
struct harness_test {
	const char *name;
	void (*fn)(void);
};
void harness_add_suite(const char *name, const struct harness_test *tests,
		       size_t n);
/* Same, with suite set-up and clean-up functions around its tests. */
CU_pSuite harness_add_suite_init(const char *name, CU_InitializeFunc init,
				 CU_CleanupFunc cleanup,
				 const struct harness_test *tests, size_t n);

/* test_evtchn_fifo.c: the FIFO ABI's suite, added to the evtchn binary. */
void harness_add_evtchn_fifo_suite(void);

/* test_p2m.c: the tests every p2m entry format must pass. */

/* The format the running p2m suite uses (set by its set-up function). */
extern const struct p2m_format *p2m_test_fmt;

/*
 * Adds suite name: the generic p2m tests, then extra (the format's own),
 * with init choosing p2m_test_fmt.
 */
void p2m_add_format_suite(const char *name, CU_InitializeFunc init,
			  const struct harness_test *extra, size_t n_extra);

/*
 * The raw entry of gfn at level (3: top table ... 0: leaf) in p2m, or NULL
 * when a table above it is missing.
 */
uint64_t *p2m_test_entry(const struct p2m *p2m, uint64_t gfn,
			 unsigned int level);

/* test_npt.c, test_ept.c (the latter only once ept.c exists). */
void suite_npt(void);
void suite_ept(void) __attribute__((weak));

#endif
