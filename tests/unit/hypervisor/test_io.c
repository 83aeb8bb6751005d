/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the port and MMIO intercepts (arch/x86/hvm/io.c):
 * registration rules, dispatch to the handler whose range holds the whole
 * access, and the unbacked default (reads all ones, writes dropped).
 */
#include <errno.h>
#include <string.h>

#include <cunit_run.h>
#include <asm/hvm/io.h>

#include "harness.h"

static struct domain dom;
static struct vcpu vcpu;

/* The end of a completed IN/OUT (hvm.c): here, the step past it alone. */
void hvm_retire(struct vcpu *v, unsigned int insn_len)
{
	v->regs.rip += insn_len;
}

struct device {
	unsigned int reads, writes;
	uint64_t last_addr, last_val;
	unsigned int last_size;
	int rc;
};

static int dev_read(struct vcpu *v, void *priv, uint64_t addr,
		    unsigned int size, uint64_t *val)
{
	struct device *dev = priv;

	CU_ASSERT_PTR_EQUAL(v, &vcpu);
	dev->reads++;
	dev->last_addr = addr;
	dev->last_size = size;
	*val = 0x1122334455667788ULL;
	return dev->rc;
}

static int dev_write(struct vcpu *v, void *priv, uint64_t addr,
		     unsigned int size, uint64_t val)
{
	struct device *dev = priv;

	CU_ASSERT_PTR_EQUAL(v, &vcpu);
	dev->writes++;
	dev->last_addr = addr;
	dev->last_size = size;
	dev->last_val = val;
	return dev->rc;
}

static const struct hvm_io_ops dev_ops = { dev_read, dev_write };

static void reset(void)
{
	memset(&dom, 0, sizeof(dom));
	memset(&vcpu, 0, sizeof(vcpu));
	vcpu.domain = &dom;
}

static void unbacked_reads_ones_drops_writes(void)
{
	uint64_t val = 0;

	reset();
	hvm_io_access(&vcpu, HVM_IO_PORT, 0xcf8, 4, false, &val);
	CU_ASSERT_EQUAL(val & 0xffffffff, 0xffffffff);
	val = 0x1234;
	hvm_io_access(&vcpu, HVM_IO_PORT, 0x80, 1, true, &val);
	CU_ASSERT_EQUAL(val, 0x1234);	/* a write's value is left alone */
	hvm_io_access(&vcpu, HVM_IO_MMIO, 0xfed00000, 8, false, &val);
	CU_ASSERT_EQUAL(val, ~0ULL);
	CU_ASSERT_EQUAL(dom.io.unbacked[HVM_IO_PORT], 2);
	CU_ASSERT_EQUAL(dom.io.unbacked[HVM_IO_MMIO], 1);
	CU_ASSERT_EQUAL(dom.io.handled[HVM_IO_PORT], 0);
}

static void handler_gets_accesses_inside(void)
{
	struct device dev = { 0 };
	uint64_t val;

	reset();
	CU_ASSERT_EQUAL(hvm_io_register(&dom, HVM_IO_PORT, 0xcf8, 8, &dev_ops,
					&dev), 0);
	hvm_io_access(&vcpu, HVM_IO_PORT, 0xcfc, 4, false, &val);
	CU_ASSERT_EQUAL(val, 0x1122334455667788ULL);
	CU_ASSERT_EQUAL(dev.last_addr, 0xcfc);
	CU_ASSERT_EQUAL(dev.last_size, 4);
	val = 0x80000000;
	hvm_io_access(&vcpu, HVM_IO_PORT, 0xcf8, 4, true, &val);
	CU_ASSERT_EQUAL(dev.writes, 1);
	CU_ASSERT_EQUAL(dev.last_val, 0x80000000);
	/* The same address in the other space is not the device's. */
	hvm_io_access(&vcpu, HVM_IO_MMIO, 0xcf8, 4, false, &val);
	CU_ASSERT_EQUAL(val, ~0ULL);
	CU_ASSERT_EQUAL(dev.reads, 1);
	CU_ASSERT_EQUAL(dom.io.handled[HVM_IO_PORT], 2);
	CU_ASSERT_EQUAL(dom.io.unbacked[HVM_IO_MMIO], 1);
}

static void straddling_access_is_unbacked(void)
{
	struct device dev = { 0 };
	uint64_t val;

	reset();
	CU_ASSERT_EQUAL(hvm_io_register(&dom, HVM_IO_MMIO, 0xfee00000, 0x1000,
					&dev_ops, &dev), 0);
	hvm_io_access(&vcpu, HVM_IO_MMIO, 0xfee00ffc, 8, false, &val);
	CU_ASSERT_EQUAL(val, ~0ULL);
	hvm_io_access(&vcpu, HVM_IO_MMIO, 0xfedffffc, 8, false, &val);
	CU_ASSERT_EQUAL(val, ~0ULL);
	CU_ASSERT_EQUAL(dev.reads, 0);
	hvm_io_access(&vcpu, HVM_IO_MMIO, 0xfee00ff8, 8, false, &val);
	CU_ASSERT_EQUAL(dev.reads, 1);
	/* The top of the address space: no wrap-around match. */
	hvm_io_access(&vcpu, HVM_IO_MMIO, ~0ULL, 8, false, &val);
	CU_ASSERT_EQUAL(dev.reads, 1);
}

static void refused_access_is_unbacked(void)
{
	struct device dev = { .rc = -EINVAL };
	uint64_t val;

	reset();
	CU_ASSERT_EQUAL(hvm_io_register(&dom, HVM_IO_MMIO, 0x1000, 0x100,
					&dev_ops, &dev), 0);
	hvm_io_access(&vcpu, HVM_IO_MMIO, 0x1010, 2, false, &val);
	CU_ASSERT_EQUAL(val, ~0ULL);
	CU_ASSERT_EQUAL(dom.io.refused[HVM_IO_MMIO], 1);
	CU_ASSERT_EQUAL(dom.io.handled[HVM_IO_MMIO], 0);
}

/*
 * The exit fast path's IN/OUT: done (all ones, rip stepped, counted)
 * where no handler holds the access (straddling one's edge included, as
 * for hvm_io_access()), refused untouched where one does.
 */
static void fast_path_unbacked_only(void)
{
	struct device dev = { 0 };

	reset();
	CU_ASSERT_EQUAL(hvm_io_register(&dom, HVM_IO_PORT, 0xcf8, 8, &dev_ops,
					&dev), 0);
	vcpu.regs.rax = 0x1122334455667788ULL;
	vcpu.regs.rip = 0x1000;
	CU_ASSERT_TRUE(hvm_io_port_unbacked(&vcpu, 0x42, 1, true, 2));
	CU_ASSERT_EQUAL(vcpu.regs.rax, 0x11223344556677ffULL);
	CU_ASSERT_EQUAL(vcpu.regs.rip, 0x1002);
	CU_ASSERT_TRUE(hvm_io_port_unbacked(&vcpu, 0x80, 2, false, 1));
	CU_ASSERT_EQUAL(vcpu.regs.rax, 0x11223344556677ffULL);
	CU_ASSERT_TRUE(hvm_io_port_unbacked(&vcpu, 0xcf4, 4, true, 1));
	CU_ASSERT_EQUAL(vcpu.regs.rax, 0xffffffffULL);	/* IN EAX: upper half 0 */
	CU_ASSERT_EQUAL(vcpu.regs.rip, 0x1004);
	CU_ASSERT_EQUAL(dom.io.unbacked[HVM_IO_PORT], 3);
	vcpu.regs.rax = 0;
	CU_ASSERT_TRUE(hvm_io_port_unbacked(&vcpu, 0xcf7, 2, true, 1));
	CU_ASSERT_EQUAL(vcpu.regs.rax, 0xffffULL);
	vcpu.regs.rax = 5;
	CU_ASSERT_FALSE(hvm_io_port_unbacked(&vcpu, 0xcfc, 4, true, 1));
	CU_ASSERT_FALSE(hvm_io_port_unbacked(&vcpu, 0xcf8, 1, false, 1));
	CU_ASSERT_EQUAL(vcpu.regs.rax, 5);
	CU_ASSERT_EQUAL(vcpu.regs.rip, 0x1005);
	CU_ASSERT_EQUAL(dom.io.unbacked[HVM_IO_PORT], 4);
	CU_ASSERT_EQUAL(dev.reads + dev.writes, 0);
}

static void registration_rules(void)
{
	struct device dev = { 0 };
	const struct hvm_io_ops half = { dev_read, NULL };
	unsigned int i;

	reset();
	CU_ASSERT_EQUAL(hvm_io_register(&dom, HVM_IO_PORT, 0, 0, &dev_ops,
					&dev), -EINVAL);
	CU_ASSERT_EQUAL(hvm_io_register(&dom, HVM_IO_PORT, 0xffff, 2, &dev_ops,
					&dev), -EINVAL);
	CU_ASSERT_EQUAL(hvm_io_register(&dom, HVM_IO_MMIO, ~0ULL, 2, &dev_ops,
					&dev), -EINVAL);
	CU_ASSERT_EQUAL(hvm_io_register(&dom, HVM_IO_MMIO, 0, 1, &half, &dev),
			-EINVAL);
	CU_ASSERT_EQUAL(hvm_io_register(&dom, HVM_IO_MMIO, 0, 1, NULL, &dev),
			-EINVAL);
	CU_ASSERT_EQUAL(hvm_io_register(&dom, 7, 0, 1, &dev_ops, &dev),
			-EINVAL);
	CU_ASSERT_EQUAL(hvm_io_register(&dom, HVM_IO_PORT, 0xffff, 1, &dev_ops,
					&dev), 0);
	CU_ASSERT_EQUAL(hvm_io_register(&dom, HVM_IO_PORT, 0x60, 0x10,
					&dev_ops, &dev), 0);
	CU_ASSERT_EQUAL(hvm_io_register(&dom, HVM_IO_PORT, 0x6f, 1, &dev_ops,
					&dev), -EEXIST);
	CU_ASSERT_EQUAL(hvm_io_register(&dom, HVM_IO_PORT, 0x50, 0x11,
					&dev_ops, &dev), -EEXIST);
	/* Same numbers in the other space do not overlap. */
	CU_ASSERT_EQUAL(hvm_io_register(&dom, HVM_IO_MMIO, 0x60, 0x10,
					&dev_ops, &dev), 0);
	for (i = 3; i < HVM_IO_MAX_HANDLERS; i++)
		CU_ASSERT_EQUAL(hvm_io_register(&dom, HVM_IO_MMIO,
						0x100000 * i, 0x1000,
						&dev_ops, &dev), 0);
	CU_ASSERT_EQUAL(hvm_io_register(&dom, HVM_IO_MMIO, 0x7000000, 1,
					&dev_ops, &dev), -ENOSPC);
	/* Unregistering frees the slot and the range. */
	CU_ASSERT_EQUAL(hvm_io_unregister(&dom, HVM_IO_PORT, 0x61), -ENOENT);
	CU_ASSERT_EQUAL(hvm_io_unregister(&dom, HVM_IO_MMIO, 0x100000 * 2),
			-ENOENT);
	CU_ASSERT_EQUAL(hvm_io_unregister(&dom, HVM_IO_PORT, 0x60), 0);
	CU_ASSERT_EQUAL(hvm_io_register(&dom, HVM_IO_MMIO, 0x7000000, 1,
					&dev_ops, &dev), 0);
	CU_ASSERT_EQUAL(hvm_io_register(&dom, HVM_IO_PORT, 0x68, 1,
					&dev_ops, &dev), -ENOSPC);
}

static const struct harness_test tests[] = {
	{ "unbacked_reads_ones_drops_writes", unbacked_reads_ones_drops_writes },
	{ "handler_gets_accesses_inside", handler_gets_accesses_inside },
	{ "straddling_access_is_unbacked", straddling_access_is_unbacked },
	{ "refused_access_is_unbacked", refused_access_is_unbacked },
	{ "fast_path_unbacked_only", fast_path_unbacked_only },
	{ "registration_rules", registration_rules },
};

int main(void)
{
	if (harness_init())
		return 1;
	harness_add_suite("io", tests, ARRAY_SIZE(tests));
	return cunit_run();
}
