/* SPDX-License-Identifier: MIT */
/* The suites of the xapi unit test binary; main.c registers each. */
#ifndef TESTS_UNIT_XAPI_SUITES_H
#define TESTS_UNIT_XAPI_SUITES_H

/* Each adds one CUnit suite; returns 0, or -1 when CUnit refused it. */
int frame_suite(void);
int msg_suite(void);
int config_suite(void);
int format_suite(void);
int image_suite(void);
int zeros_suite(void);

#endif
