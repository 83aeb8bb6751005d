/* SPDX-License-Identifier: MIT */
/*
 * Every limit of the hypervisor, one per line, so that they can be read
 * together and changed here and nowhere else.
 */
#ifndef HV_PARAM_H
#define HV_PARAM_H

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)

#define MAX_PHYS_ADDR		(1ULL << 32)	/* RAM the frame allocator manages */
#define MAX_FRAMES		(MAX_PHYS_ADDR >> PAGE_SHIFT)
#define MAX_CPUS		8		/* physical CPUs brought up */
#define MAX_VCPUS_PER_DOMAIN	8		/* vCPUs of one domain */
#define MAX_DOMAIN_NAME		32		/* bytes, NUL included */
#define MAX_CMDLINE		1024		/* bytes of a command line kept */
#define MAX_EXIT_KINDS		32		/* distinct exit reasons counted per vCPU */
#define CONSOLE_LINE_MAX	256		/* a guest's console line before forced flush */
#define CONSOLE_IO_MAX		4096		/* bytes one console_io call may move */
#define CONSOLE_RING_SIZE	16384		/* hypervisor console ring (xl dmesg) */

#define SCHED_TICK_HZ		100		/* APIC timer rate: the time slice is 10 ms */
#define CREDIT_PER_TICK		100		/* credits a running vCPU burns per tick */
#define CREDIT_ACCT_TICKS	3		/* ticks per accounting period (30 ms) */
#define MAX_PIRQS		64		/* physical IRQs Dom0 may map */
#define PIRQ_STORM_LIMIT	50		/* interrupts of one pirq per window before it is masked */
#define PIRQ_STORM_LIMIT_MAX	100000		/* the most pirq_storm_limit= takes */
#define PIRQ_STORM_WINDOW_NS	10000000ULL	/* 10 ms: a masked pirq is unmasked when it ends */
#define MAX_POLL_PORTS		128		/* ports one SCHEDOP_poll may name (as Xen) */
#define MIN_TIMER_PERIOD_NS	1000000ULL	/* shortest VCPUOP_set_periodic_timer period */
#define MIN_TIMER_SLACK_NS	10000ULL	/* closest two timer interrupts are programmed */
#define DEFAULT_DOM0_MEM	(64ULL << 20)	/* when dom0_mem= is not given */
#define DEFAULT_DOMU_MEM	(16ULL << 20)	/* when domU_mem= / mem= are not given */
#define DEFAULT_DOMU_MAX_EVTCHN_PORT 1023	/* domU_max_evtchn_port=, as libxl's max_event_channels */
#define MIN_DOMAIN_MEM		(1ULL << 20)	/* smallest guest-physical RAM */
#define MAX_DOMAIN_MEM		(1ULL << 31)	/* largest guest-physical RAM */

#define MAX_GRANT_FRAMES	8		/* grant table v1 frames per domain (512 refs each) */
#define MAX_MAPTRACK_FRAMES	1024		/* maptrack frames per domain, grown on demand (256 handles each; Xen's default) */
#define GNTTAB_MAX_BATCH	512		/* ops one grant_table_op call may carry */
#define MAX_EXTENT_ORDER	9		/* largest extent_order of XENMEM reservations */
#define MAX_GUEST_GFN		(1ULL << 32)	/* gfns a domain may populate or map at */
#define MAX_FOREIGN_BATCH	512		/* entries one add_to_physmap_batch may carry */
#define MULTICALL_MAX_BATCH	64		/* entries one multicall may carry (no continuations) */

#endif
