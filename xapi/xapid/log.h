/* SPDX-License-Identifier: MIT */
/*
 * xapid's log: one line per message, "LEVEL: text", to stderr or a file,
 * filtered by level (--log-level, XAPID_LOG_LEVEL).
 */
#ifndef XAPID_LOG_H
#define XAPID_LOG_H

#include <stdio.h>

enum log_level { LOGL_ERROR, LOGL_WARN, LOGL_INFO, LOGL_DEBUG };

/* Where messages go (out stays open) and the most detailed level kept. */
void log_init(FILE *out, enum log_level level);

/* "error", "warn", "info" or "debug" into *level.  0 or -EINVAL. */
int log_parse_level(const char *s, enum log_level *level);

/* The descriptor messages go to, and the level's name ("info"): what a
 * child process given the same log needs. */
int log_fd(void);
const char *log_level_name(void);

void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_error(...)	log_msg(LOGL_ERROR, __VA_ARGS__)
#define log_warn(...)	log_msg(LOGL_WARN, __VA_ARGS__)
#define log_info(...)	log_msg(LOGL_INFO, __VA_ARGS__)
#define log_debug(...)	log_msg(LOGL_DEBUG, __VA_ARGS__)

#endif
