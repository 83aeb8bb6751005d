/* SPDX-License-Identifier: MIT */
/* xapid's log: levels, a timestamp, one line per message. */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>
#include "log.h"

static const char *const names[] = { "error", "warn", "info", "debug" };
static FILE *log_out;
static enum log_level log_level = LOGL_INFO;

void log_init(FILE *out, enum log_level level)
{
	log_out = out;
	log_level = level;
}

int log_parse_level(const char *s, enum log_level *level)
{
	unsigned int i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i])) {
			*level = (enum log_level)i;
			return 0;
		}
	return -EINVAL;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	FILE *out = log_out ? log_out : stderr;
	struct timespec ts;
	struct tm tm;
	va_list ap;

	if (level > log_level)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	fprintf(out, "%02d:%02d:%02d.%03ld %s: ", tm.tm_hour, tm.tm_min,
		tm.tm_sec, ts.tv_nsec / 1000000, names[level]);
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
	fflush(out);
}

int log_fd(void)
{
	return fileno(log_out ? log_out : stderr);
}

const char *log_level_name(void)
{
	return names[log_level];
}
