/* SPDX-License-Identifier: MIT */
/* Splitting text into words. */
#include <errno.h>
#include <string.h>
#include "args.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

int args_split(char *line, char **argv, int max)
{
	int n = 0;

	for (;;) {
		while (is_space(*line))
			*line++ = '\0';
		if (!*line)
			return n;
		if (n == max)
			return -E2BIG;
		argv[n++] = line;
		while (*line && !is_space(*line))
			line++;
	}
}

bool args_has(const char *s, const char *word)
{
	size_t len = strlen(word);

	if (len == 0)
		return false;
	while (*s) {
		while (is_space(*s))
			s++;
		if (!strncmp(s, word, len) && (s[len] == '\0' || is_space(s[len])))
			return true;
		while (*s && !is_space(*s))
			s++;
	}
	return false;
}
