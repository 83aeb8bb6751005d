/* SPDX-License-Identifier: MIT */
/* Argument checks of HVMOP_set_param / HVMOP_get_param (hypervisor/hvmop.c). */
#include <errno.h>
#include <string.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>

#include <hv/hypercall.h>

#include "harness.h"

#define NR_HVM_OP	34
#define NO_SUCH_DOMAIN	7

/* Writes a xen_hvm_param at HC_ARG (or at addr) and calls the op there. */
static long param_op(struct harness_guest *g, unsigned long op, domid_t domid,
		     uint32_t index, uint64_t value, uint64_t addr)
{
	struct xen_hvm_param p = {
		.domid = domid, .index = index, .value = value,
	};
	void *dst = harness_gpa(g, addr);

	if (dst && ((addr + sizeof(p) - 1) >> PAGE_SHIFT) == addr >> PAGE_SHIFT)
		memcpy(dst, &p, sizeof(p));
	return hc_call(g, NR_HVM_OP, op, (unsigned long)addr, 0);
}

static long set(struct harness_guest *g, domid_t domid, uint32_t index,
		uint64_t value)
{
	return param_op(g, HVMOP_set_param, domid, index, value, HC_ARG);
}

/* Gets a param; its value lands in *value. */
static long get(struct harness_guest *g, domid_t domid, uint32_t index,
		uint64_t *value)
{
	struct xen_hvm_param p;
	long rc = param_op(g, HVMOP_get_param, domid, index, 0xdead, HC_ARG);

	memcpy(&p, harness_gpa(g, HC_ARG), sizeof(p));
	*value = p.value;
	return rc;
}

struct param_case {
	const char *name;
	bool dom0;		/* caller: Dom0, else the DomU */
	bool is_set;
	domid_t domid;
	uint32_t index;
	long rc;
};

static const struct param_case cases[] = {
	{ "index HVM_NR_PARAMS", false, true, DOMID_SELF, HVM_NR_PARAMS, -EINVAL },
	{ "index ~0", false, false, DOMID_SELF, 0xffffffff, -EINVAL },
	{ "dom0 index HVM_NR_PARAMS", true, false, HC_DOMU, HVM_NR_PARAMS, -EINVAL },
	{ "domU sets dom0's", false, true, 0, HVM_PARAM_CALLBACK_IRQ, -EPERM },
	{ "domU gets dom0's", false, false, 0, HVM_PARAM_STORE_PFN, -EPERM },
	{ "domU unknown domid", false, false, NO_SUCH_DOMAIN, 0, -ESRCH },
	{ "dom0 unknown domid", true, true, NO_SUCH_DOMAIN, 0, -ESRCH },
	{ "domU sets STORE_PFN", false, true, DOMID_SELF, HVM_PARAM_STORE_PFN, -EPERM },
	{ "domU sets CONSOLE_PFN", false, true, HC_DOMU, HVM_PARAM_CONSOLE_PFN, -EPERM },
	{ "domU sets IDENT_PT", false, true, DOMID_SELF, HVM_PARAM_IDENT_PT, -EPERM },
	{ "domU gets IDENT_PT", false, false, DOMID_SELF, HVM_PARAM_IDENT_PT, -EPERM },
	{ "domU sets CALLBACK_IRQ", false, true, DOMID_SELF, HVM_PARAM_CALLBACK_IRQ, 0 },
	{ "domU sets its own by id", false, true, HC_DOMU, HVM_PARAM_STORE_EVTCHN, 0 },
	{ "domU gets STORE_PFN", false, false, DOMID_SELF, HVM_PARAM_STORE_PFN, 0 },
	{ "domU gets CONSOLE_PFN", false, false, DOMID_SELF, HVM_PARAM_CONSOLE_PFN, 0 },
	{ "dom0 sets domU's STORE_PFN", true, true, HC_DOMU, HVM_PARAM_STORE_PFN, 0 },
	{ "dom0 sets its own IDENT_PT", true, true, DOMID_SELF, HVM_PARAM_IDENT_PT, 0 },
};

static void permission_table(void)
{
	unsigned int i;
	uint64_t value;
	long rc;
	char msg[96];

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct param_case *c = &cases[i];
		struct harness_guest *g = c->dom0 ? &hc_dom0 : &hc_domu;

		rc = c->is_set ? set(g, c->domid, c->index, 5)
			       : get(g, c->domid, c->index, &value);
		if (rc != c->rc) {
			snprintf(msg, sizeof(msg), "%s: got %ld, want %ld",
				 c->name, rc, c->rc);
			CU_FAIL(msg);
		}
	}
}

/* Refused calls change nothing. */
static void refused_set_changes_nothing(void)
{
	uint64_t before = hc_domu.d.hvm_param[HVM_PARAM_STORE_PFN];

	CU_ASSERT_EQUAL(set(&hc_domu, DOMID_SELF, HVM_PARAM_STORE_PFN, 0x666),
			-EPERM);
	CU_ASSERT_EQUAL(hc_domu.d.hvm_param[HVM_PARAM_STORE_PFN], before);
	CU_ASSERT_EQUAL(set(&hc_domu, 0, HVM_PARAM_CALLBACK_IRQ, 0x666), -EPERM);
	CU_ASSERT_NOT_EQUAL(hc_dom0.d.hvm_param[HVM_PARAM_CALLBACK_IRQ], 0x666);
}

static void round_trip(void)
{
	uint64_t value = 0;

	CU_ASSERT_EQUAL(set(&hc_domu, DOMID_SELF, HVM_PARAM_CALLBACK_IRQ,
			    0x0200000000000123ULL), 0);
	CU_ASSERT_EQUAL(hc_domu.d.hvm_param[HVM_PARAM_CALLBACK_IRQ],
			0x0200000000000123ULL);
	CU_ASSERT_EQUAL(get(&hc_domu, DOMID_SELF, HVM_PARAM_CALLBACK_IRQ,
			    &value), 0);
	CU_ASSERT_EQUAL(value, 0x0200000000000123ULL);

	/* The toolstack's value reaches the guest. */
	CU_ASSERT_EQUAL(set(&hc_dom0, HC_DOMU, HVM_PARAM_STORE_PFN, 0xfeffe), 0);
	CU_ASSERT_EQUAL(get(&hc_domu, DOMID_SELF, HVM_PARAM_STORE_PFN, &value), 0);
	CU_ASSERT_EQUAL(value, 0xfeffe);
	CU_ASSERT_EQUAL(get(&hc_dom0, HC_DOMU, HVM_PARAM_STORE_PFN, &value), 0);
	CU_ASSERT_EQUAL(value, 0xfeffe);
	/* Dom0's own table is a different one. */
	CU_ASSERT_EQUAL(get(&hc_dom0, DOMID_SELF, HVM_PARAM_STORE_PFN, &value), 0);
	CU_ASSERT_NOT_EQUAL(value, 0xfeffe);
}

static void bad_pointers(void)
{
	static const uint64_t bad[] = {
		HC_BAD, HC_RAM_PAGES * PAGE_SIZE - 8, 0xfffffff0, HC_RO_GPA + 0x10000,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		CU_ASSERT_EQUAL(param_op(&hc_domu, HVMOP_set_param, DOMID_SELF,
					 HVM_PARAM_CALLBACK_IRQ, 1, bad[i]),
				-EFAULT);
		CU_ASSERT_EQUAL(param_op(&hc_domu, HVMOP_get_param, DOMID_SELF,
					 HVM_PARAM_CALLBACK_IRQ, 1, bad[i]),
				-EFAULT);
	}
	/* Readable but not writable: set works, get cannot answer. */
	CU_ASSERT_EQUAL(param_op(&hc_domu, HVMOP_set_param, DOMID_SELF,
				 HVM_PARAM_CALLBACK_IRQ, 1, HC_RO_GPA), 0);
	CU_ASSERT_EQUAL(param_op(&hc_domu, HVMOP_get_param, DOMID_SELF,
				 HVM_PARAM_CALLBACK_IRQ, 1, HC_RO_GPA), -EFAULT);
}

static void unknown_op(void)
{
	CU_ASSERT_EQUAL(hc_call(&hc_domu, NR_HVM_OP, 0xfff, HC_ARG, 0), -ENOSYS);
	CU_ASSERT_EQUAL(hc_call(&hc_domu, NR_HVM_OP, HVMOP_get_time, HC_ARG, 0),
			-ENOSYS);
}

static long pagetable_dying(struct harness_guest *g, domid_t dom, uint64_t at)
{
	struct xen_hvm_pagetable_dying a = { .domid = dom, .gpa = 0x5000 };

	memcpy(harness_gpa(g, HC_ARG), &a, sizeof(a));
	return hc_call(g, NR_HVM_OP, HVMOP_pagetable_dying, at, 0);
}

/* Xen acts on it for shadow paging only: hardware paging answers -EINVAL. */
static void pagetable_dying_answers(void)
{
	CU_ASSERT_EQUAL(pagetable_dying(&hc_domu, DOMID_SELF, HC_ARG), -EINVAL);
	CU_ASSERT_EQUAL(pagetable_dying(&hc_domu, HC_DOMU, HC_ARG), -EINVAL);
	CU_ASSERT_EQUAL(pagetable_dying(&hc_domu, 0, HC_ARG), -EOPNOTSUPP);
	CU_ASSERT_EQUAL(pagetable_dying(&hc_dom0, HC_DOMU, HC_ARG), -EOPNOTSUPP);
	CU_ASSERT_EQUAL(pagetable_dying(&hc_domu, 99, HC_ARG), -ESRCH);
	CU_ASSERT_EQUAL(pagetable_dying(&hc_domu, DOMID_SELF, HC_BAD), -EFAULT);
}

/*
 * Every vCPU's TLB: the p2m's change count moves (each back end flushes
 * at the next entry when it does).  Xen takes no argument: -EINVAL.
 */
static void flush_tlbs(void)
{
	uint64_t before = hc_domu.d.p2m.changes;

	CU_ASSERT_EQUAL(hc_call(&hc_domu, NR_HVM_OP, HVMOP_flush_tlbs, HC_ARG, 0),
			-EINVAL);
	CU_ASSERT_EQUAL(hc_domu.d.p2m.changes, before);
	CU_ASSERT_EQUAL(hc_call(&hc_domu, NR_HVM_OP, HVMOP_flush_tlbs, 0, 0), 0);
	CU_ASSERT_EQUAL(hc_domu.d.p2m.changes, before + 1);
}

static const struct harness_test tests[] = {
	{ "permission_table", permission_table },
	{ "refused_set_changes_nothing", refused_set_changes_nothing },
	{ "round_trip", round_trip },
	{ "bad_pointers", bad_pointers },
	{ "pagetable_dying_answers", pagetable_dying_answers },
	{ "flush_tlbs", flush_tlbs },
	{ "unknown_op", unknown_op },
};

void suite_hvmop(void)
{
	harness_add_suite_init("hvmop", hc_init, hc_cleanup, tests,
			       ARRAY_SIZE(tests));
}
