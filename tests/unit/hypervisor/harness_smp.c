/* SPDX-License-Identifier: MIT */
/* Several CPUs on one thread and fake domains: see harness_smp.h. */
#include <errno.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include <asm/hvm.h>
#include <hv/credit.h>
#include <hv/evtchn.h>
#include <hv/runstate.h>
#include <hv/smp.h>
#include <hv/time.h>

#include "harness_smp.h"

uint64_t harness_now;
unsigned int harness_cpu;
unsigned int harness_nr_cpus = 1;
uint64_t harness_kicked;
unsigned int harness_nr_kicks;

struct harness_dom harness_doms[HARNESS_DOMS];
struct domain *harness_shutdown_dom;
unsigned int harness_shutdown_reason;
unsigned int harness_blocks, harness_polls;
unsigned long harness_poll_arg;
uint8_t harness_guest_mem[256];

uint64_t time_now(void)
{
	return harness_now;
}

unsigned int smp_processor_id(void)
{
	return harness_cpu;
}

unsigned int smp_cpus_online(void)
{
	return harness_nr_cpus;
}

void smp_kick(unsigned int cpu)
{
	CU_ASSERT_NOT_EQUAL(cpu, harness_cpu); /* never the caller's */
	CU_ASSERT(cpu < harness_nr_cpus);
	if (cpu < 64)
		harness_kicked |= 1ULL << cpu;
	harness_nr_kicks++;
}

void harness_kicks_reset(void)
{
	harness_kicked = 0;
	harness_nr_kicks = 0;
}

struct vcpu *harness_dom_create(domid_t id)
{
	struct harness_dom *h = &harness_doms[id];

	memset(h, 0, sizeof(*h));
	h->d.domain_id = id;
	h->d.state = DOMAIN_RUNNING;
	h->d.max_vcpus = 1;
	h->d.vcpu[0] = &h->v;
	credit_domain_init(&h->d.sched);
	h->v.domain = &h->d;
	h->v.state = VCPU_DOWN;
	h->v.affinity = ~0ULL;
	credit_vcpu_init(&h->v.csched);
	runstate_init(&h->v);
	h->live = true;
	return &h->v;
}

void harness_doms_clear(void)
{
	unsigned int i;

	for (i = 0; i < HARNESS_DOMS; i++)
		harness_doms[i].live = false;
}

struct domain *domain_next(domid_t id)
{
	unsigned int i;

	for (i = id; i < HARNESS_DOMS; i++)
		if (harness_doms[i].live)
			return &harness_doms[i].d;
	return NULL;
}

struct domain *domain_by_id(domid_t id)
{
	if (id < HARNESS_DOMS && harness_doms[id].live)
		return &harness_doms[id].d;
	return NULL;
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
	harness_shutdown_dom = d;
	harness_shutdown_reason = reason;
}

void evtchn_block(struct vcpu *v)
{
	(void)v;
	harness_blocks++;
}

long evtchn_poll(struct vcpu *v, unsigned long arg)
{
	(void)v;
	harness_polls++;
	harness_poll_arg = arg;
	return 0;
}

int copy_to_guest(struct vcpu *v, uint64_t gva, const void *src, size_t len)
{
	(void)v;
	if (gva > sizeof(harness_guest_mem) ||
	    len > sizeof(harness_guest_mem) - gva)
		return -EFAULT;
	memcpy(harness_guest_mem + gva, src, len);
	return 0;
}

int copy_from_guest(struct vcpu *v, void *dst, uint64_t gva, size_t len)
{
	(void)v;
	if (gva > sizeof(harness_guest_mem) ||
	    len > sizeof(harness_guest_mem) - gva)
		return -EFAULT;
	memcpy(dst, harness_guest_mem + gva, len);
	return 0;
}
