/* SPDX-License-Identifier: MIT */
/*
 * The vendor-neutral hvm layer: picks the back end, runs the scheduler
 * loop, and handles the exits both back ends share: CPUID (Xen's leaves),
 * the hypercall-page MSR, hypercalls and HLT.
 *
 * How a hypercall travels: the guest calls into its hypercall page, whose
 * stub is "mov $nr, %eax; vmcall" (or vmmcall); the CPU exits to the back
 * end, which calls hvm_hypercall(); that reads the number and arguments
 * from the saved registers, dispatches through the hypercall table, puts
 * the result in RAX and steps RIP past the instruction; the back end
 * re-enters the guest, which returns from the stub.
 */
#include <errno.h>
#include <string.h>
#include <xen/arch-x86/cpuid.h>
#include <xen/sched.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/fpu.h>
#include <asm/guest_regs.h>
#include <asm/hvm.h>
#include <asm/hvm/cpustate.h>
#include <asm/hvm/io.h>
#include <asm/hvm/vlapic.h>
#include <asm/percpu.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/evtchn.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <hv/runstate.h>
#include <hv/sched.h>
#include <hv/shared_info.h>
#include <hv/setup.h>
#include <hv/smp.h>
#include <hv/spinlock.h>
#include <hv/irq.h>
#include <hv/time.h>

#define HYPERCALL_MSR		0x40000000	/* named by leaf 0x40000002 */
#define HYPERCALL_STUB_SIZE	32
#define CPUID1_ECX_VMX		(1u << 5)
#define CPUID1_ECX_XSAVE	(7u << 26)	/* XSAVE, OSXSAVE, AVX: see asm/fpu.h */
#define CPUID1_ECX_HYPERVISOR	(1u << 31)
#define CPUID81_ECX_SVM		(1u << 2)
/*
 * Protection keys: PKRU is XSAVE state, and XSAVE is hidden (Linux would
 * set CR4.PKE, which the guest cannot have, and die of the #GP).
 */
#define CPUID7_ECX_PKU		(3u << 3)	/* PKU, OSPKE */
/* Machine checks: no MCG_* / MCi_* MSRs are offered (Linux reads them). */
#define CPUID1_EDX_MCE_MCA	((1u << 7) | (1u << 14))

const struct hvm_ops *hvm_ops;

/* The world-switch assembly finds the registers at these offsets. */
_Static_assert(offsetof(struct guest_regs, rax) == R_RAX, "R_RAX");
_Static_assert(offsetof(struct guest_regs, rbx) == R_RBX, "R_RBX");
_Static_assert(offsetof(struct guest_regs, rcx) == R_RCX, "R_RCX");
_Static_assert(offsetof(struct guest_regs, rdx) == R_RDX, "R_RDX");
_Static_assert(offsetof(struct guest_regs, rsi) == R_RSI, "R_RSI");
_Static_assert(offsetof(struct guest_regs, rdi) == R_RDI, "R_RDI");
_Static_assert(offsetof(struct guest_regs, rbp) == R_RBP, "R_RBP");
_Static_assert(offsetof(struct guest_regs, r8) == R_R8, "R_R8");
_Static_assert(offsetof(struct guest_regs, r15) == R_R15, "R_R15");

/* p2m_changed_hook: the TLB shootdown (see asm/p2m.h). */
static void hvm_p2m_changed(struct p2m *p2m)
{
	unsigned int cpu, here = smp_processor_id();
	struct percpu *other;
	struct vcpu *v;

	for (cpu = 0; cpu < smp_cpus_online(); cpu++) {
		other = per_cpu(cpu);
		v = __atomic_load_n(&other->in_guest, __ATOMIC_SEQ_CST);
		if (cpu == here || !v || &v->domain->p2m != p2m)
			continue;
		/* It cannot enter again without the lock we hold. */
		smp_kick(cpu);
		while (__atomic_load_n(&other->in_guest, __ATOMIC_SEQ_CST) == v)
			cpu_relax();
	}
}

void hvm_init(void)
{
	int rc;

	hvm_ops = vmx_probe();
	if (!hvm_ops)
		hvm_ops = svm_probe();
	if (!hvm_ops)
		panic("this CPU has neither VT-x with EPT nor AMD-V with NPT");
	rc = hvm_ops->cpu_up();
	if (rc)
		panic("cannot enable %s on the boot CPU: error %d", hvm_ops->name,
		      rc);
	p2m_changed_hook = hvm_p2m_changed;
	printk("hvm back end: %s (%s)\n", hvm_ops->name,
	       hvm_ops->p2m_format->name);
}

/*
 * The event v should get next: an NMI its local APIC holds, first; then
 * the APIC's highest deliverable vector, or the event upcall vector
 * (injected directly, as Xen does), whichever is in the higher priority
 * class.  A vector from the APIC moves to its ISR once the back end
 * injected it.
 */
static void request_interrupt(struct vcpu *v)
{
	int up = evtchn_upcall_vector(v), ap = vlapic_pending(v);

	if (hvm_ops->request_nmi(v, vlapic_nmi_pending(v)))
		vlapic_nmi_taken(v);

	if (ap >= 0 && (up < 0 || (ap >> 4) > (up >> 4))) {
		if (hvm_ops->request_interrupt(v, ap))
			vlapic_ack(v, (uint8_t)ap);
		return;
	}
	hvm_ops->request_interrupt(v, up);
}

/* Runs v until its slice ends or it stops being runnable. */
static void run_vcpu(struct vcpu *v)
{
	while (!sched_should_switch()) {
		vcpu_load_start(v);
		request_interrupt(v);
		hvm_ops->vcpu_run(v);
		irq_window();
		time_softirq();
		pirq_softirq();
	}
}

/* Saves what of v this CPU holds, so another CPU may load it. */
static void switch_out(struct vcpu *v)
{
	hvm_ops->vcpu_put(v);
	fpu_save(&v->fpu);
	sched_switched_out(v);
}

/* Nothing to run: wait for an interrupt (a tick, a timer, a kick). */
static void idle(void)
{
	spin_unlock(&hv_lock);
	halt_until_interrupt();
	spin_lock(&hv_lock);
	time_softirq();
	pirq_softirq();
}

static void power_off_when_empty(void)
{
	if (domain_count())
		return;
	printk("no domain left: %lu frames free, %lu at boot\n",
	       page_alloc_free_count(), boot_free_frames);
	machine_power_off();
	panic("power-off did not take");
}

void hvm_run_loop(void)
{
	unsigned int cpu = smp_processor_id();
	struct vcpu *prev = NULL, *v;
	int rc;

	spin_lock(&hv_lock);
	if (cpu) {
		rc = hvm_ops->cpu_up();
		if (rc)
			panic("cannot enable %s on CPU %u: error %d",
			      hvm_ops->name, cpu, rc);
	}
	sched_cpu_online(cpu);
	apic_timer_start();
	for (;;) {
		v = sched_pick();
		if (prev && prev != v) {
			runstate_switch_out(prev);
			switch_out(prev);
		}
		domain_reap();
		power_off_when_empty();
		if (!v) {
			prev = NULL;
			idle();
			continue;
		}
		if (v != prev) {
			fpu_load(&v->fpu);
			hvm_cpustate_load(v);
			runstate_switch_in(v);
		}
		prev = v;
		time_update_vcpu(v);
		run_vcpu(v);
	}
}

void hvm_guest_enter(struct vcpu *v)
{
	__atomic_store_n(&this_cpu()->in_guest, v, __ATOMIC_SEQ_CST);
	spin_unlock(&hv_lock);
}

void hvm_guest_exit(void)
{
	__atomic_store_n(&this_cpu()->in_guest, NULL, __ATOMIC_SEQ_CST);
	spin_lock(&hv_lock);
}

/*
 * After a fast IN of a byte at rip: the next instructions, up to
 * FAST_IN_MORE, while each is IN AL, imm8 from a port no handler holds,
 * completed here too.  Only where the guest cannot tell: 64-bit code at
 * CPL 0 (no segment base, no I/O permission check), no single-step trap
 * or breakpoint armed, and the bytes in the page the CPU fetched the IN
 * from.  A pending interrupt waits for those few instructions, as in an
 * interrupt shadow.  The rip where the last look found something else
 * is not read again (a loop ends there each time); only a guess, never
 * trusted for more than not looking.
 */
#define FAST_IN_MORE	4

static void fast_in_more(struct vcpu *v, uint64_t rip)
{
	uint64_t page = rip & ~(uint64_t)(PAGE_SIZE - 1);
	struct hvm_cpu_state st;
	uint8_t insn[2];
	unsigned int n;

	if (v->regs.rip == v->fast_in_stop ||
	    (v->regs.rflags & X86_EFLAGS_TF) || hvm_dr7_armed(v) & 0xff)
		return;
	hvm_ops->get_cpu_state(v, &st);
	if (!st.long_mode || st.cpl)
		return;
	for (n = 0; n < FAST_IN_MORE; n++) {
		rip = v->regs.rip;
		if (rip == v->fast_in_stop ||
		    ((rip + 1) & ~(uint64_t)(PAGE_SIZE - 1)) != page)
			return;
		if (copy_from_guest(v, insn, rip, 2) || insn[0] != 0xe4 ||
		    !hvm_io_port_unbacked(v, insn[1], 1, true, 2)) {
			v->fast_in_stop = rip;
			return;
		}
	}
}

bool hvm_fast_exit(struct vcpu *v, const struct hvm_fast_exit *e)
{
	struct percpu *me = this_cpu();
	unsigned long taken = me->interrupts;
	uint32_t msr = (uint32_t)v->regs.rcx;
	uint64_t val;

	if (v->regs.rflags & (X86_EFLAGS_TF | X86_EFLAGS_RF))
		return false;
	irq_window();
	if (me->interrupts != taken)
		return false;
	switch (e->kind) {
	case HVM_FAST_IO:
		if (!hvm_io_port_unbacked(v, e->port, e->size, e->in,
					  e->insn_len))
			return false;
		if (e->in && e->size == 1)
			fast_in_more(v, v->regs.rip - e->insn_len);
		return true;
	case HVM_FAST_CPUID:
		hvm_cpuid(v, e->insn_len);
		return true;
	/*
	 * The MSRs of v's cpustate only: the local APIC's and the hypercall
	 * page's are none of them (hvm_msr_read() asks those first), and
	 * one it refuses (#GP) goes the slow way, which injects the fault.
	 * Of the APIC's, an x2APIC EOI with nothing in service, which
	 * changes nothing (vlapic_fast_eoi()).
	 */
	case HVM_FAST_RDMSR:
		if (hvm_cpustate_msr_read(v, msr, &val))
			return false;
		v->regs.rax = (uint32_t)val;
		v->regs.rdx = val >> 32;
		break;
	case HVM_FAST_WRMSR:
		val = (v->regs.rdx << 32) | (uint32_t)v->regs.rax;
		if (!vlapic_fast_eoi(v, msr, val) &&
		    hvm_cpustate_msr_write(v, msr, val))
			return false;
		break;
	default:
		return false;
	}
	hvm_retire(v, e->insn_len);
	return true;
}

void hvm_retire(struct vcpu *v, unsigned int insn_len)
{
	v->regs.rip += insn_len;
	v->regs.rflags &= ~(uint64_t)X86_EFLAGS_RF;
	hvm_ops->end_shadow(v);
	if (v->regs.rflags & X86_EFLAGS_TF)
		hvm_debug_exception(v, DR6_BS);
}

/* Xen's leaves from 0x40000000; guests find the hypervisor through them. */
static void xen_leaf(struct vcpu *v, uint32_t leaf, uint32_t sub, uint32_t *r)
{
	switch (leaf - XEN_CPUID_FIRST_LEAF) {
	case 0:
		r[0] = XEN_CPUID_LEAF(4);
		r[1] = XEN_CPUID_SIGNATURE_EBX;
		r[2] = XEN_CPUID_SIGNATURE_ECX;
		r[3] = XEN_CPUID_SIGNATURE_EDX;
		break;
	case 1:
		r[0] = (XENOLITH_VERSION_MAJOR << 16) | XENOLITH_VERSION_MINOR;
		break;
	case 2:
		r[0] = 1;	/* hypercall pages */
		r[1] = HYPERCALL_MSR;
		break;
	case 3:	/* time: the TSC runs at the host's rate, native mode */
		if (sub == 0)
			r[2] = (uint32_t)tsc_per_ms;	/* guest TSC kHz */
		else if (sub == 2)
			r[0] = (uint32_t)tsc_per_ms;	/* host TSC kHz */
		break;
	/*
	 * HVM features.  Of the APIC's, Xen sets APIC_ACCESS_VIRT and
	 * X2APIC_VIRT only when VT-x's APIC-register virtualisation (and
	 * virtual interrupt delivery) lets the guest's APIC accesses run
	 * without exits; every access exits here, so neither is claimed
	 * (x2APIC itself is CPUID.1:ECX[21], vlapic_cpuid()).
	 */
	case 4:
		r[0] = XEN_HVM_CPUID_VCPU_ID_PRESENT |
		       XEN_HVM_CPUID_DOMID_PRESENT | XEN_HVM_CPUID_UPCALL_VECTOR;
		r[1] = v->vcpu_id;
		r[2] = v->domain->domain_id;
		break;
	default:
		break;
	}
}

void hvm_cpuid(struct vcpu *v, unsigned int insn_len)
{
	uint32_t leaf = (uint32_t)v->regs.rax, sub = (uint32_t)v->regs.rcx;
	uint32_t r[4] = { 0, 0, 0, 0 };

	if (leaf >= XEN_CPUID_FIRST_LEAF && leaf < XEN_CPUID_FIRST_LEAF + 0x100) {
		xen_leaf(v, leaf, sub, r);
	} else {
		cpuid_count(leaf, sub, &r[0], &r[1], &r[2], &r[3]);
		if (leaf == 1) {
			r[2] &= ~(CPUID1_ECX_VMX | CPUID1_ECX_XSAVE);
			r[2] |= CPUID1_ECX_HYPERVISOR;
			r[3] &= ~CPUID1_EDX_MCE_MCA;
		} else if (leaf == 7 && sub == 0) {
			r[2] &= ~CPUID7_ECX_PKU;
		} else if (leaf == 0x80000001) {
			r[2] &= ~CPUID81_ECX_SVM;
		}
		/* The APIC IDs, as the MADT says, and x2APIC. */
		vlapic_cpuid(v, leaf, r);
	}
	v->regs.rax = r[0];
	v->regs.rbx = r[1];
	v->regs.rcx = r[2];
	v->regs.rdx = r[3];
	hvm_retire(v, insn_len);
}

/* Fills the guest's page with one "mov $nr, %eax; vm(m)call; ret" per call. */
static int write_hypercall_page(struct vcpu *v, uint64_t val)
{
	uint8_t page[PAGE_SIZE], *stub;
	unsigned int nr;

	if (val & (PAGE_SIZE - 1))	/* page index: we have one page */
		return -1;
	memset(page, 0xcc, sizeof(page));	/* int3 between the stubs */
	for (nr = 0; nr < PAGE_SIZE / HYPERCALL_STUB_SIZE; nr++) {
		stub = page + nr * HYPERCALL_STUB_SIZE;
		stub[0] = 0xb8;			/* mov $nr, %eax */
		memcpy(stub + 1, &nr, 4);
		memcpy(stub + 5, hvm_ops->hypercall_insn, 3);
		stub[8] = 0xc3;			/* ret */
	}
	if (copy_to_guest_phys(v->domain, val, page, sizeof(page)))
		return -1;
	v->domain->hypercall_page_gpa = val;
	hvm_latch_shinfo_layout(v);
	return 0;
}

void hvm_latch_shinfo_layout(struct vcpu *v)
{
	struct hvm_cpu_state st;

	hvm_ops->get_cpu_state(v, &st);
	shared_info_set_layout(v->domain, !st.long_mode);
}

int hvm_msr_read(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	int rc = vlapic_msr_read(v, msr, val);

	if (rc > 0)
		rc = hvm_cpustate_msr_read(v, msr, val);
	if (rc > 0) {
		*val = 0;
		return -1;
	}
	return rc;
}

int hvm_msr_write(struct vcpu *v, uint32_t msr, uint64_t val)
{
	int rc;

	if (msr == HYPERCALL_MSR)
		return write_hypercall_page(v, val);
	rc = vlapic_msr_write(v, msr, val);
	if (rc > 0)
		rc = hvm_cpustate_msr_write(v, msr, val);
	return rc > 0 ? -1 : rc;
}

void hvm_hypercall(struct vcpu *v, unsigned int insn_len)
{
	struct guest_regs *r = &v->regs;
	struct hvm_cpu_state st;
	unsigned long args[5];

	hvm_ops->get_cpu_state(v, &st);
	hvm_retire(v, insn_len);	/* none is preempted: each completes */
	v->hypercall_state = &st;	/* read once for the whole hypercall */
	if (st.cpl != 0) {
		r->rax = (uint64_t)-EPERM;
	} else if (!st.long_mode) {	/* the compat ABI: EAX only */
		args[0] = (uint32_t)r->rbx;
		args[1] = (uint32_t)r->rcx;
		args[2] = (uint32_t)r->rdx;
		args[3] = (uint32_t)r->rsi;
		args[4] = (uint32_t)r->rdi;
		r->rax = (uint32_t)hypercall_dispatch(v, (uint32_t)r->rax,
						      args, true);
	} else {
		args[0] = r->rdi;
		args[1] = r->rsi;
		args[2] = r->rdx;
		args[3] = r->r10;
		args[4] = r->r8;
		r->rax = (uint64_t)hypercall_dispatch(v, r->rax, args, false);
	}
	v->hypercall_state = NULL;
}

uint64_t *guest_gpr(struct guest_regs *r, unsigned int n)
{
	uint64_t *const map[16] = {
		&r->rax, &r->rcx, &r->rdx, &r->rbx, &r->rsp, &r->rbp,
		&r->rsi, &r->rdi, &r->r8, &r->r9, &r->r10, &r->r11,
		&r->r12, &r->r13, &r->r14, &r->r15,
	};

	return map[n & 15];
}

void hvm_halt(struct vcpu *v, unsigned int insn_len)
{
	hvm_retire(v, insn_len);
	/*
	 * Single-stepped, its #DB is pending: HLT is then a no-op, as on Xen
	 * (hvm_hlt() with an event pending), interrupts on or off.
	 */
	if (v->regs.rflags & X86_EFLAGS_TF)
		return;
	if (!(v->regs.rflags & X86_EFLAGS_IF)) {
		/*
		 * Nothing but an NMI would wake it: as on Xen, the vCPU goes
		 * down, and with the last one the domain powers off (Linux's
		 * halt and a PVH guest's poweroff without ACPI sleep end here).
		 */
		vcpu_down(v);
		if (vcpu_all_down(v->domain)) {
			printk("d%u: all vCPUs halted with interrupts off: "
			       "powering off\n", v->domain->domain_id);
			domain_shutdown(v->domain, SHUTDOWN_poweroff);
		}
		return;
	}
	if (vlapic_pending(v) < 0 && !vlapic_nmi_pending(v))
		evtchn_block(v);
}
