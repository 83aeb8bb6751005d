/* SPDX-License-Identifier: MIT */
/*
 * Splitting text into words: shell lines and the kernel command line.
 * Words are separated by spaces and tabs; there is no quoting.  Pure logic,
 * tested on the host by tests/unit/guest.
 */
#ifndef KERNEL_ARGS_H
#define KERNEL_ARGS_H

#include <stdbool.h>

/*
 * Splits line in place (separators become NULs) into at most max words,
 * stored in argv.  Returns the number of words, or -E2BIG when there are
 * more than max (argv then holds the first max).
 */
int args_split(char *line, char **argv, int max);

/* True when the command line s contains word as a whole word. */
bool args_has(const char *s, const char *word);

#endif
