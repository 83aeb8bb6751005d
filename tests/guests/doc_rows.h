/* SPDX-License-Identifier: MIT */
/* The docs/hypercalls.md check of the hypercall test guest (doc_rows.c). */
#ifndef GUESTS_DOC_ROWS_H
#define GUESTS_DOC_ROWS_H

/*
 * Calls every sub-op a numbered row of docs/hypercalls.md names and
 * prints "PASS hypercalls.md/<hypercall>/<number>" when the answer agrees
 * with the row's status (-ENOSYS for "not yet", anything else otherwise),
 * "FAIL ..." when not, "SKIP ..." for a sub-op it may not call.  Dom0
 * only; sets up events (ev_init()) and a VIRQ_TIMER port, closed after.
 */
void doc_rows_test(void);

#endif
