/* SPDX-License-Identifier: MIT */
/* The test guests' BENCH / BENCHSTAT lines: see bench.h. */
#include "bench.h"
#include "pv.h"

/* Shell sort (gaps 3k+1): a few thousand samples at most. */
void bench_sort(uint64_t *v, unsigned int n)
{
	unsigned int gap = 1, i, j;
	uint64_t x;

	while (gap < n / 3)
		gap = gap * 3 + 1;
	for (; gap; gap /= 3) {
		for (i = gap; i < n; i++) {
			x = v[i];
			for (j = i; j >= gap && v[j - gap] > x; j -= gap)
				v[j] = v[j - gap];
			v[j] = x;
		}
	}
}

void bench_report(const char *name, uint64_t *v, unsigned int n)
{
	uint64_t sum = 0;
	unsigned int i;

	if (!n)
		return;
	for (i = 0; i < n; i++)
		sum += v[i];
	bench_sort(v, n);
	pv_printf("BENCH %s %lu\n", name, (unsigned long)(sum / n));
	pv_printf("BENCHSTAT %s %lu %lu %lu\n", name, (unsigned long)v[0],
		  (unsigned long)v[n / 2], (unsigned long)v[(n * 99) / 100]);
}
