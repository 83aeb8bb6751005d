/* SPDX-License-Identifier: MIT */
/* xl mem-set, mem-max, vcpu-list, vcpu-pin, sched-credit. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "client.h"
#include "config/config.h"
#include "format.h"
#include "xl.h"

static int mem_op(int argc, char **argv, uint16_t op)
{
	struct msg_mem m;
	const uint8_t *reply;
	uint32_t len;

	if (argc != 3)
		return xl_usage(argv[0]);
	if (format_parse_mem(argv[2], &m.kib)) {
		fprintf(stderr, "xl: `%s' is not a memory size (64m, 1g, 4096k; "
			"MiB without a unit)\n", argv[2]);
		return 1;
	}
	if (xl_resolve(argv[1], &m.domid))
		return 1;
	if (client_call_msg(op, msg_put_mem, &m, &reply, &len))
		return xl_fail("setting the %s of %s",
			       op == OP_MEM_SET ? "memory target" : "maximum memory",
			       argv[1]);
	return 0;
}

int cmd_mem_set(int argc, char **argv)
{
	return mem_op(argc, argv, OP_MEM_SET);
}

int cmd_mem_max(int argc, char **argv)
{
	return mem_op(argc, argv, OP_MEM_MAX);
}

static unsigned int host_cpus(void)
{
	struct msg_physinfo pi;
	const uint8_t *reply;
	struct msg_rd r;
	uint32_t len;

	if (client_call(OP_INFO, NULL, 0, &reply, &len))
		return 64;
	msg_rd_init(&r, reply, len);
	return msg_get_physinfo(&r, &pi) ? 64 : pi.nr_cpus;
}

static int vcpus_of(const struct msg_dominfo *d, unsigned int nr_cpus)
{
	struct msg_domid q = { d->domid };
	struct msg_vcpuinfo v;
	const uint8_t *reply;
	char state[4], cpus[128];
	struct msg_rd r;
	uint32_t len, n, i;

	if (client_call_msg(OP_VCPU_LIST, msg_put_domid, &q, &reply, &len))
		return xl_fail("the vCPUs of %s", d->name);
	msg_rd_init(&r, reply, len);
	n = msg_get_u32(&r);
	for (i = 0; i < n && !r.err; i++) {
		msg_get_vcpuinfo(&r, &v);
		snprintf(state, sizeof(state), "%c%c%c", v.running ? 'r' : '-',
			 v.blocked ? 'b' : '-', v.online ? '-' : 'p');
		format_cpus(v.affinity, nr_cpus, cpus, sizeof(cpus));
		printf("%-32s %5u %5u %5u   %-3s %9.1f  %s / all\n", d->name,
		       d->domid, v.vcpu, v.cpu, state, (double)v.cpu_time_ns / 1e9,
		       cpus);
	}
	if (msg_rd_end(&r)) {
		fprintf(stderr, "xl: the vCPUs of %s: the reply does not parse\n", d->name);
		return 1;
	}
	return 0;
}

int cmd_vcpu_list(int argc, char **argv)
{
	struct msg_dominfo *doms;
	unsigned int n, i, nr_cpus;
	int rc = 0;

	if (xl_domains(&doms, &n))
		return 1;
	nr_cpus = host_cpus();
	printf("%-32s %5s %5s %5s %5s %9s  %s\n", "Name", "ID", "VCPU", "CPU",
	       "State", "Time(s)", "Affinity (Hard / Soft)");
	for (i = 0; i < n; i++)
		if (xl_wanted(&doms[i], argc, argv, 1))
			rc |= vcpus_of(&doms[i], nr_cpus);
	free(doms);
	return rc;
}

int cmd_vcpu_pin(int argc, char **argv)
{
	struct msg_vcpu_pin m;
	const uint8_t *reply;
	char *end;
	uint32_t len;

	if (argc != 4)
		return xl_usage("vcpu-pin");
	if (!strcmp(argv[2], "all")) {
		m.vcpu = MSG_ALL_VCPUS;
	} else {
		m.vcpu = (uint32_t)strtoul(argv[2], &end, 10);
		if (!argv[2][0] || *end) {
			fprintf(stderr, "xl: `%s' is not a vCPU number or `all'\n", argv[2]);
			return 1;
		}
	}
	if (config_parse_cpus(argv[3], &m.affinity)) {
		fprintf(stderr, "xl: `%s' is not a CPU list (all, 0-3, 1,3; CPUs below 64)\n",
			argv[3]);
		return 1;
	}
	if (xl_resolve(argv[1], &m.domid))
		return 1;
	if (client_call_msg(OP_VCPU_PIN, msg_put_vcpu_pin, &m, &reply, &len))
		return xl_fail("pinning %s", argv[1]);
	return 0;
}

static int show_sched(const struct msg_dominfo *d)
{
	struct msg_domid q = { d->domid };
	const uint8_t *reply;
	struct msg_sched s;
	struct msg_rd r;
	uint32_t len;

	if (client_call_msg(OP_SCHED_GET, msg_put_domid, &q, &reply, &len))
		return xl_fail("the scheduler parameters of %s", d->name);
	msg_rd_init(&r, reply, len);
	if (msg_get_sched(&r, &s)) {
		fprintf(stderr, "xl: %s: the reply does not parse\n", d->name);
		return 1;
	}
	printf("%-33s %4u %6u %4u\n", d->name, d->domid, s.weight, s.cap);
	return 0;
}

int cmd_sched_credit(int argc, char **argv)
{
	const char *dom = NULL;
	long weight = -1, cap = -1;
	struct msg_dominfo *doms;
	struct msg_sched s;
	const uint8_t *reply;
	unsigned int n, i;
	uint32_t len;
	char *end;
	int opt, rc = 0;

	optind = 1;
	while ((opt = getopt(argc, argv, "d:w:c:")) != -1) {
		switch (opt) {
		case 'd': dom = optarg; break;
		case 'w':
		case 'c':
			*(opt == 'w' ? &weight : &cap) = strtol(optarg, &end, 10);
			if (*end || !optarg[0] || strtol(optarg, NULL, 10) < 0 ||
			    (opt == 'w' && (weight < 1 || weight > 65535)) ||
			    (opt == 'c' && cap > 65535)) {
				fprintf(stderr, "xl: -%c %s: %s\n", opt, optarg,
					opt == 'w' ? "a weight is 1 to 65535"
						   : "a cap is a percentage, 0 for none");
				return 1;
			}
			break;
		default:
			return xl_usage("sched-credit");
		}
	}
	if (optind != argc || ((weight >= 0 || cap >= 0) && !dom))
		return xl_usage("sched-credit");
	if (xl_domains(&doms, &n))
		return 1;
	if (dom && xl_resolve(dom, &s.domid)) {
		free(doms);
		return 1;
	}
	if (weight >= 0 || cap >= 0) {
		/* What is not given stays as it is. */
		struct msg_domid q = { s.domid };
		struct msg_sched old;
		struct msg_rd r;

		if (client_call_msg(OP_SCHED_GET, msg_put_domid, &q, &reply, &len))
			return xl_fail("the scheduler parameters of %s", dom);
		msg_rd_init(&r, reply, len);
		msg_get_sched(&r, &old);
		s.weight = weight >= 0 ? (uint32_t)weight : old.weight;
		s.cap = cap >= 0 ? (uint32_t)cap : old.cap;
		free(doms);
		if (client_call_msg(OP_SCHED_SET, msg_put_sched, &s, &reply, &len))
			return xl_fail("setting the scheduler parameters of %s", dom);
		return 0;
	}
	printf("%-33s %4s %6s %4s\n", "Name", "ID", "Weight", "Cap");
	for (i = 0; i < n; i++)
		if (!dom || doms[i].domid == s.domid)
			rc |= show_sched(&doms[i]);
	free(doms);
	return rc;
}
