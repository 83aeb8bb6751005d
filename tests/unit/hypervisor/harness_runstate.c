/* SPDX-License-Identifier: MIT */
/*
 * vm_assist for the hypercall-table tests: the table names it; runstate.c
 * is tested with the scheduler (test_runstate.c).
 */
#include <errno.h>
#include <hv/hypercall.h>

long do_vm_assist(struct vcpu *v, const unsigned long *args)
{
	(void)v;
	(void)args;
	return -ENOSYS;
}
