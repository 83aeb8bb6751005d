/* SPDX-License-Identifier: MIT */
/* The xapi unit tests: the channel codec and the host toolstack's logic. */
#include <CUnit/CUnit.h>
#include "cunit_run.h"
#include "suites.h"

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	if (frame_suite() || msg_suite() || config_suite() || format_suite() ||
	    image_suite() || zeros_suite())
		return 1;
	return cunit_run();
}
