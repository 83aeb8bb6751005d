/* SPDX-License-Identifier: MIT */
/* xl info, dmesg, uptime, top. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "client.h"
#include "format.h"
#include "xl.h"

static int physinfo(struct msg_physinfo *pi)
{
	const uint8_t *reply;
	struct msg_rd r;
	uint32_t len;

	if (client_call(OP_INFO, NULL, 0, &reply, &len))
		return xl_fail("asking for the host's information");
	msg_rd_init(&r, reply, len);
	if (msg_get_physinfo(&r, pi)) {
		fprintf(stderr, "xl: info: the reply does not parse\n");
		return 1;
	}
	return 0;
}

int cmd_info(int argc, char **argv)
{
	struct msg_physinfo pi;

	(void)argv;
	if (argc != 1)
		return xl_usage("info");
	if (physinfo(&pi))
		return 1;
	printf("%-23s: %s\n", "host", "xenolith");
	printf("%-23s: %u\n", "nr_cpus", pi.nr_cpus);
	printf("%-23s: %u.%03u\n", "cpu_mhz", pi.cpu_khz / 1000, pi.cpu_khz % 1000);
	printf("%-23s: %s\n", "virt_caps", !strcmp(pi.hvm_backend, "svm") ?
	       "hvm hap (AMD-V, svm)" : "hvm hap (VT-x, vmx)");
	printf("%-23s: %llu\n", "total_memory", (unsigned long long)(pi.total_kib / 1024));
	printf("%-23s: %llu\n", "free_memory", (unsigned long long)(pi.free_kib / 1024));
	printf("%-23s: %u\n", "xen_major", pi.xen_major);
	printf("%-23s: %u\n", "xen_minor", pi.xen_minor);
	printf("%-23s: %s\n", "xen_extra", pi.xen_extra);
	printf("%-23s: %u.%u%s\n", "xen_version", pi.xen_major, pi.xen_minor, pi.xen_extra);
	printf("%-23s: %s\n", "xen_scheduler", "credit");
	printf("%-23s: %u\n", "nr_domains", pi.nr_domains);
	return 0;
}

int cmd_dmesg(int argc, char **argv)
{
	const uint8_t *reply;
	uint32_t len;

	(void)argv;
	if (argc != 1)
		return xl_usage("dmesg");
	if (client_call(OP_DMESG, NULL, 0, &reply, &len))
		return xl_fail("reading the hypervisor's console ring");
	fwrite(reply, 1, len, stdout);
	return 0;
}

int cmd_uptime(int argc, char **argv)
{
	struct msg_physinfo pi;
	struct msg_dominfo *doms;
	unsigned int n, i;
	char up[48];

	if (physinfo(&pi) || xl_domains(&doms, &n))
		return 1;
	printf("%-33s %4s %s\n", "Name", "ID", "Uptime");
	for (i = 0; i < n; i++) {
		if (!xl_wanted(&doms[i], argc, argv, 1))
			continue;
		format_uptime(pi.uptime_ns > doms[i].start_ns ?
			      (pi.uptime_ns - doms[i].start_ns) / 1000000000ULL : 0,
			      up, sizeof(up));
		printf("%-33s %4u %s\n", doms[i].name, doms[i].domid, up);
	}
	free(doms);
	return 0;
}

/* A domain's VM exits, summed over reasons; 0 when they cannot be read. */
static uint64_t exits_of(uint32_t domid)
{
	struct msg_domid q = { domid };
	const uint8_t *reply;
	struct msg_exit e;
	struct msg_rd r;
	uint64_t sum = 0;
	uint32_t len, n;

	if (client_call_msg(OP_EXITS, msg_put_domid, &q, &reply, &len))
		return 0;
	msg_rd_init(&r, reply, len);
	n = msg_get_u32(&r);
	while (n-- && !r.err) {
		msg_get_exit(&r, &e);
		sum += e.count;
	}
	return sum;
}

struct sample {
	uint32_t domid;
	uint64_t cpu_ns, exits;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Like xentop in batch mode: every delay seconds, one table of the
 * domains with their CPU% and exits per second since the last one.
 */
int cmd_top(int argc, char **argv)
{
	struct sample *last = NULL;
	unsigned int nlast = 0, n, i, j;
	struct msg_dominfo *doms;
	long iterations = -1, delay = 1;
	double t0 = now_s(), t1;
	int opt;

	optind = 1;
	while ((opt = getopt(argc, argv, "d:i:")) != -1) {
		char *end;
		long v = strtol(optarg, &end, 10);

		if (*end || v < 1) {
			fprintf(stderr, "xl: top: -%c %s: a positive number\n", opt, optarg);
			return 1;
		}
		if (opt == 'd')
			delay = v;
		else if (opt == 'i')
			iterations = v;
		else
			return xl_usage("top");
	}
	if (optind != argc)
		return xl_usage("top");
	for (; iterations; iterations -= iterations > 0) {
		struct sample *cur;

		if (xl_domains(&doms, &n))
			return 1;
		t1 = now_s();
		cur = calloc(n ? n : 1, sizeof(*cur));
		if (!cur)
			return 1;
		printf("%10s %5s %8s %6s %10s %5s %10s  %s\n", "NAME", "ID", "CPU(sec)",
		       "CPU(%)", "MEM(k)", "VCPUS", "EXITS/s", "STATE");
		for (i = 0; i < n; i++) {
			char state[7];
			double cpu = 0, exits = 0;

			cur[i].domid = doms[i].domid;
			cur[i].cpu_ns = doms[i].cpu_time_ns;
			cur[i].exits = exits_of(doms[i].domid);
			for (j = 0; j < nlast && last[j].domid != cur[i].domid; j++)
				;
			if (j < nlast && t1 > t0) {
				cpu = (double)(cur[i].cpu_ns - last[j].cpu_ns) / 1e9 / (t1 - t0) * 100;
				exits = (double)(cur[i].exits - last[j].exits) / (t1 - t0);
			}
			format_state(&doms[i], state);
			printf("%10.10s %5u %8.0f %6.1f %10llu %5u %10.0f  %s\n",
			       doms[i].name, doms[i].domid, (double)doms[i].cpu_time_ns / 1e9,
			       cpu, (unsigned long long)doms[i].mem_kib, doms[i].vcpus,
			       exits, state);
		}
		putchar('\n');
		fflush(stdout);
		free(doms);
		free(last);
		last = cur;
		nlast = n;
		t0 = t1;
		if (iterations != 1)
			sleep((unsigned int)delay);
	}
	free(last);
	return 0;
}
