/* SPDX-License-Identifier: MIT */
/* Mapping shared_info and registering this vCPU's vcpu_info. */
#include <errno.h>
#include <xen/memory.h>
#include <xen/vcpu.h>
#include "../kernel/page_alloc.h"
#include "hypercall.h"
#include "shared_info.h"
#include "xen.h"

/* The .bss pages whose gfns the two structures take. */
static uint8_t shared_info_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static struct vcpu_info own_vcpu_info __attribute__((aligned(64)));

struct shared_info *shared_info;
struct vcpu_info *vcpu_info;

static int map_shared_info(void)
{
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF,
		.space = XENMAPSPACE_shared_info,
		.idx = 0,
		.gpfn = (uintptr_t)shared_info_page / PAGE_SIZE,
	};
	long rc = hypercall_memory_op(XENMEM_add_to_physmap, &xatp);

	if (rc)
		return (int)rc;
	shared_info = (struct shared_info *)shared_info_page;
	return 0;
}

/* A vcpu_info of our own, else the legacy slot (first 32 vCPUs only). */
static int place_vcpu_info(void)
{
	uintptr_t va = (uintptr_t)&own_vcpu_info;
	struct vcpu_register_vcpu_info r = {
		.mfn = va / PAGE_SIZE,
		.offset = (uint32_t)(va % PAGE_SIZE),
	};

	if (!hypercall_vcpu_op(VCPUOP_register_vcpu_info, xen.vcpu_id, &r)) {
		vcpu_info = &own_vcpu_info;
		return 0;
	}
	if (xen.vcpu_id >= XEN_LEGACY_MAX_VCPUS)
		return -EINVAL;
	vcpu_info = &shared_info->vcpu_info[xen.vcpu_id];
	return 0;
}

int shared_info_init(void)
{
	int rc = map_shared_info();

	return rc ? rc : place_vcpu_info();
}
