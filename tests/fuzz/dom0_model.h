/* SPDX-License-Identifier: MIT */
/*
 * A model of what Dom0's management agent stands on, for a host build of
 * the agent (dom0/agent*.c, the builder, Dom0's xenstored and the real
 * xenstore core): the hypervisor's domains, memory, event channels and
 * foreign mappings (dom0/ctl.h, foreign.h, the PV event channels), the
 * kernel's clock and console, Dom0's guest tracking (guest.h) and the
 * backends the agent drives (consback, vbd, vif).  The model checks what
 * Dom0 asks as the hypervisor would (unknown domains, ranges, ports) and
 * aborts on what only a bug in Dom0 does (unmapping a page twice, closing
 * a port not bound), so that the fuzzer (dispatch_fuzz.c) sees it.
 *
 * The transport (mgmt_vcons) hands every frame Dom0 sends to
 * model_sent(), which the fuzzer provides.
 */
#ifndef TESTS_FUZZ_DOM0_MODEL_H
#define TESTS_FUZZ_DOM0_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include <xen/xen.h>

/* glibc before 2.38 has no strlcpy; Dom0's runtime has. */
size_t strlcpy(char *dst, const char *src, size_t size);

/* Every frame Dom0 writes to the host, whole, as it wrote it. */
void model_sent(const uint8_t *buf, size_t n);

/* Creates the store (xenstored_init) and Dom0 (domain 0).  Once. */
void model_init(void);

/* Domain domid (not 0) shuts down with reason (SHUTDOWN_*), as by SCHEDOP_shutdown. */
void model_shutdown(domid_t domid, unsigned int reason);

/* How many domains exist, Dom0 included. */
unsigned int model_domains(void);

/*
 * Undoes what one input did, as the host leaving and the domains going
 * would: the agent's host state reset (as a new hello does), every DomU
 * destroyed and released, the store's entries for them removed.  Then
 * aborts when anything of them is left: a foreign mapping, an event
 * channel Dom0 bound, a device.
 */
void model_reset(void);

#endif
