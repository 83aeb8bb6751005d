/* SPDX-License-Identifier: MIT */
/*
 * xl.cfg through libxlutil: a table of configurations, each with the
 * result and the message (naming the line) it must give; and every
 * ready configuration of examples/ (XL_EXAMPLES, set by xapi/Makefile).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/CUnit.h>
#include "config/config.h"
#include "suites.h"

struct config_case {
	const char *text;
	const char *override;
	int rc;
	const char *message;	/* must appear in the report; NULL: report empty */
};

#define GOOD "name = \"g\"\nkernel = \"/k\"\n"

static const struct config_case cases[] = {
	{ GOOD, NULL, 0, NULL },
	{ "name = \"g\"\nmemory = 16\n", NULL, -EINVAL, "t.cfg: error: no kernel" },
	{ GOOD "memory = \"lots\"\n", NULL, -EINVAL, "t.cfg:3: warning: parameter `memory' is not a valid number" },
	{ GOOD "memory = 0\n", NULL, -EINVAL, "t.cfg:3: error: `memory = 0' is out of range" },
	{ GOOD "\ntype = \"hvm\"\n", NULL, -EINVAL, "t.cfg:4: error: `type = \"hvm\"': Xenolith builds PVH domains only" },
	{ GOOD "memory = = 3\n", NULL, -EINVAL, "t.cfg:3: config parsing error" },
	{ GOOD "colour = \"red\"\n", NULL, 0, "t.cfg:3: warning: unknown key `colour'" },
	{ GOOD "disk = [ 'vdev=xvda, target=ram:4M' ]\n", NULL, 0, NULL },
	{ GOOD "disk = [ 'vdev=xvda' ]\n", NULL, -EINVAL, "no target specified" },
	{ GOOD "disk = [ 'format=qcow2, vdev=xvda, target=vda' ]\n", NULL, -EINVAL, "t.cfg:3: error: `format=qcow2, vdev=xvda, target=vda': Xenolith serves raw disks only" },
	{ GOOD "disk = [ 'vdev=xvda, devtype=cdrom, target=vda' ]\n", NULL, -EINVAL, "raw disks only" },
	{ GOOD "disk = [ 'vdev=xvda,target=ram:1M', 'vdev=xvda,target=ram:2M' ]\n", NULL, -EINVAL, "xvda is given twice" },
	{ GOOD "disk = [ 'vdev=xvda,target=a', 'vdev=xvdb,target=b', 'vdev=xvdc,target=c', 'vdev=xvdd,target=d', 'vdev=xvde,target=e' ]\n", NULL, -EINVAL, "t.cfg:3: error: `disk': 5 items, Xenolith takes at most 4" },
	{ GOOD "vif = [ '' ]\n", NULL, 0, NULL },
	{ GOOD "vif = [ 'mac=00:16:3e:0g:00:01' ]\n", NULL, -EINVAL, "t.cfg:3: error: `mac=00:16:3e:0g:00:01': mac=00:16:3e:0g:00:01 is not a unicast MAC" },
	{ GOOD "vif = [ 'mac=01:16:3e:00:00:01' ]\n", NULL, -EINVAL, "is not a unicast MAC" },
	{ GOOD "vif = [ 'ip=10.0.0.300' ]\n", NULL, -EINVAL, "ip=10.0.0.300 is not A.B.C.D" },
	{ GOOD "vif = [ 'ip=10.0.0.3/31' ]\n", NULL, -EINVAL, "ip=10.0.0.3/31 is not A.B.C.D" },
	{ GOOD "vif = [ 'script=vif-route' ]\n", NULL, -EINVAL, "script=vif-route: Xenolith knows vif-bridge and vif-nat" },
	{ GOOD "vif = [ 'rate=10Mb/s' ]\n", NULL, 0, "t.cfg:3: warning: `rate=10Mb/s': `rate=10Mb/s' is not supported, ignored" },
	{ GOOD "vcpus = 2\n", NULL, 0, NULL },
	{ GOOD "vcpus = 2\nmaxvcpus = 8\n", NULL, 0, NULL },
	{ GOOD "vcpus = 9\n", NULL, -EINVAL, "t.cfg:3: error: `vcpus = 9' is out of range (1 to 8)" },
	{ GOOD "maxvcpus = 2\nvcpus = 3\n", NULL, -EINVAL, "t.cfg:4: error: vcpus (3) is above maxvcpus (2)" },
	{ GOOD "memory = 16\nmaxmem = 8\n", NULL, -EINVAL, "t.cfg:4: error: maxmem (8 MiB) is below memory (16 MiB)" },
	{ GOOD "on_crash = \"coredump-destroy\"\n", NULL, -EINVAL, "t.cfg:3: error: `on_crash = \"coredump-destroy\"'" },
	{ GOOD "cpus = \"0-99\"\n", NULL, -EINVAL, "t.cfg:3: error: `cpus = \"0-99\"'" },
	{ GOOD "uuid = \"nope\"\n", NULL, -EINVAL, "t.cfg:3: error: `uuid = \"nope\"' is not a UUID" },
	{ GOOD "max_event_channels = 1\n", NULL, 0, NULL },
	{ GOOD "max_event_channels = 131071\n", NULL, 0, NULL },
	{ GOOD "max_event_channels = 0\n", NULL, -EINVAL, "t.cfg:3: error: `max_event_channels = 0' is out of range (1 to 131071)" },
	{ GOOD "\nmax_event_channels = 131072\n", NULL, -EINVAL, "t.cfg:4: error: `max_event_channels = 131072' is out of range (1 to 131071)" },
	{ GOOD "max_event_channels = -5\n", NULL, -EINVAL, "t.cfg:3: config parsing error near `-5'" },
	{ GOOD "max_event_channels = \"many\"\n", NULL, -EINVAL, "t.cfg:3: warning: parameter `max_event_channels' is not a valid number" },
	{ GOOD, "max_event_channels=0", -EINVAL, "t.cfg: override 1: error: `max_event_channels = 0' is out of range" },
	{ GOOD, "memory=abc", -EINVAL, "t.cfg:3: config parsing error" },
	{ GOOD, "memory=0", -EINVAL, "t.cfg: override 1: error: `memory = 0' is out of range" },
};

static void table(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct config_case *c = &cases[i];
		const char *ov[1] = { c->override };
		struct config cfg;
		char *out = NULL;
		size_t outlen = 0;
		FILE *report = open_memstream(&out, &outlen);
		int rc;

		rc = config_parse("t.cfg", c->text, strlen(c->text), ov,
				  c->override ? 1 : 0, report, &cfg);
		fclose(report);
		if (rc != c->rc || (c->message ? !strstr(out, c->message) : outlen))
			printf("config case %zu: rc %d, report:\n%s", i, rc, out);
		CU_ASSERT_EQUAL(rc, c->rc);
		if (c->message) {
			CU_ASSERT_PTR_NOT_NULL(strstr(out, c->message));
		} else {
			CU_ASSERT_EQUAL(outlen, 0);
		}
		free(out);
	}
}

static void values_and_defaults(void)
{
	static const char text[] =
		"# a comment\n"
		"name = \"web\"\n"
		"uuid = \"6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9\"\n"
		"memory = 16\n"
		"maxmem = 32\n"
		"cpus = \"0,2-3\"\n"
		"cpu_weight = 512\n"
		"cap = 50\n"
		"max_event_channels = 40\n"
		"kernel = \"/boot/k.elf\"\n"
		"ramdisk = \"/boot/initrd\"\n"
		"extra = \"console=hvc0\"\n"
		"on_crash = \"preserve\"\n"
		"on_reboot = \"rename-restart\"\n";
	const char *ov[] = { "name=\"web2\"", "memory=24", "vcpus=3" };
	struct config cfg;
	FILE *report = fopen("/dev/null", "w");

	CU_ASSERT_EQUAL(config_parse("t.cfg", text, sizeof(text) - 1, ov, 3,
				     report, &cfg), 0);
	fclose(report);
	CU_ASSERT_STRING_EQUAL(cfg.spec.name, "web2");
	CU_ASSERT_EQUAL(cfg.spec.uuid[0], 0x6f);
	CU_ASSERT_EQUAL(cfg.spec.uuid[15], 0xf9);
	CU_ASSERT_EQUAL(cfg.spec.memory_kib, 24 * 1024);
	CU_ASSERT_EQUAL(cfg.spec.maxmem_kib, 32 * 1024);
	CU_ASSERT_EQUAL(cfg.spec.cpus, 0xdULL);
	CU_ASSERT_EQUAL(cfg.spec.weight, 512);
	CU_ASSERT_EQUAL(cfg.spec.cap, 50);
	CU_ASSERT_EQUAL(cfg.spec.max_event_channels, 40);
	CU_ASSERT_EQUAL(cfg.spec.vcpus, 3);
	CU_ASSERT_EQUAL(cfg.spec.maxvcpus, 3);
	CU_ASSERT_STRING_EQUAL(cfg.kernel, "/boot/k.elf");
	CU_ASSERT_STRING_EQUAL(cfg.ramdisk, "/boot/initrd");
	CU_ASSERT_STRING_EQUAL(cfg.spec.cmdline, "console=hvc0");
	CU_ASSERT_EQUAL(cfg.spec.on_crash, MSG_ACTION_PRESERVE);
	CU_ASSERT_EQUAL(cfg.spec.on_reboot, MSG_ACTION_RENAME_RESTART);
	CU_ASSERT_EQUAL(cfg.spec.on_poweroff, MSG_ACTION_DESTROY);
	CU_ASSERT_EQUAL(cfg.warnings, 0);

	/* Defaults, and a random version-4 UUID. */
	CU_ASSERT_EQUAL(config_parse("t.cfg", GOOD, strlen(GOOD), NULL, 0,
				     stderr, &cfg), 0);
	CU_ASSERT_EQUAL(cfg.spec.memory_kib, 128 * 1024);
	CU_ASSERT_EQUAL(cfg.spec.maxmem_kib, 128 * 1024);
	CU_ASSERT_EQUAL(cfg.spec.cpus, ~0ULL);
	CU_ASSERT_EQUAL(cfg.spec.weight, 256);
	CU_ASSERT_EQUAL(cfg.spec.max_event_channels, 1023);	/* libxl's */
	CU_ASSERT_EQUAL(cfg.spec.on_reboot, MSG_ACTION_RESTART);
	CU_ASSERT_EQUAL(cfg.spec.uuid[6] >> 4, 4);
	CU_ASSERT_STRING_EQUAL(cfg.ramdisk, "");
}

/* disk and vif items into the spec, as libxlutil and xl read them. */
static void devices(void)
{
	static const char text[] = GOOD
		"disk = [ 'format=raw, vdev=xvda, access=rw, target=vda:16M+8M',\n"
		"         'vdev=xvdb, access=ro, target=ram:4M' ]\n"
		"vif = [ 'mac=00:16:3e:01:02:03, bridge=xenbr0, ip=10.0.0.21',\n"
		"        'type=vif,script=vif-nat,ip=192.168.7.2/28' ]\n";
	const struct msg_domspec *s;
	struct config cfg;
	char *out = NULL;
	size_t outlen = 0;
	FILE *report = open_memstream(&out, &outlen);

	CU_ASSERT_EQUAL(config_parse("t.cfg", text, strlen(text), NULL, 0, report,
				     &cfg), 0);
	fclose(report);
	CU_ASSERT_EQUAL(outlen, 0);
	free(out);
	s = &cfg.spec;
	CU_ASSERT_EQUAL(s->nr_disks, 2);
	CU_ASSERT_STRING_EQUAL(s->disks[0].vdev, "xvda");
	CU_ASSERT_STRING_EQUAL(s->disks[0].target, "vda:16M+8M");
	CU_ASSERT_FALSE(s->disks[0].readonly);
	CU_ASSERT_STRING_EQUAL(s->disks[1].vdev, "xvdb");
	CU_ASSERT_STRING_EQUAL(s->disks[1].target, "ram:4M");
	CU_ASSERT_TRUE(s->disks[1].readonly);
	CU_ASSERT_EQUAL(s->nr_vifs, 2);
	CU_ASSERT_EQUAL(memcmp(s->vifs[0].mac, "\x00\x16\x3e\x01\x02\x03", 6), 0);
	CU_ASSERT_STRING_EQUAL(s->vifs[0].bridge, "xenbr0");
	CU_ASSERT_STRING_EQUAL(s->vifs[0].ip, "10.0.0.21/24");
	CU_ASSERT_FALSE(s->vifs[0].nat);
	/* A random MAC in Xen's OUI, locally unique but not multicast. */
	CU_ASSERT_EQUAL(memcmp(s->vifs[1].mac, "\x00\x16\x3e", 3), 0);
	CU_ASSERT_EQUAL(s->vifs[1].mac[3] & 0x80, 0);
	CU_ASSERT_STRING_EQUAL(s->vifs[1].ip, "192.168.7.2/28");
	CU_ASSERT_TRUE(s->vifs[1].nat);
}

/* One device as xl block-attach and network-attach give it. */
static void command_line_devices(void)
{
	const char *disk[] = { "vdev=xvdc", "access=ro", "target=vda:1M+1M" };
	const char *bad[] = { "vdev=xvdc" };
	const char *vif[] = { "mac=00:16:3e:00:00:42", "ip=10.0.0.42" };
	const char *badvif[] = { "ip=nowhere" };
	struct msg_disk d;
	struct msg_vif v;
	char *out = NULL;
	size_t outlen = 0;
	FILE *report = open_memstream(&out, &outlen);

	CU_ASSERT_EQUAL(config_parse_disk(disk, 3, report, &d), 0);
	CU_ASSERT_STRING_EQUAL(d.vdev, "xvdc");
	CU_ASSERT_STRING_EQUAL(d.target, "vda:1M+1M");
	CU_ASSERT(d.readonly);
	CU_ASSERT_EQUAL(config_parse_disk(bad, 1, report, &d), -EINVAL);
	CU_ASSERT_EQUAL(config_parse_disk(bad, 0, report, &d), -EINVAL);
	CU_ASSERT_EQUAL(config_parse_vif(vif, 2, report, &v), 0);
	CU_ASSERT_EQUAL(v.mac[5], 0x42);
	CU_ASSERT_STRING_EQUAL(v.ip, "10.0.0.42/24");
	CU_ASSERT_STRING_EQUAL(v.bridge, "xenbr0");
	CU_ASSERT_EQUAL(config_parse_vif(NULL, 0, report, &v), 0);
	CU_ASSERT_EQUAL(memcmp(v.mac, "\x00\x16\x3e", 3), 0);
	CU_ASSERT_EQUAL(config_parse_vif(badvif, 1, report, &v), -EINVAL);
	fclose(report);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "no target specified"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "xl: error: `ip=nowhere': ip=nowhere is not A.B.C.D"));
	free(out);
}

static void missing_file(void)
{
	struct config cfg;
	char *out = NULL;
	size_t outlen = 0;
	FILE *report = open_memstream(&out, &outlen);

	CU_ASSERT_EQUAL(config_parse_file("/nonexistent/x.cfg", NULL, 0, report, &cfg),
			-ENOENT);
	fclose(report);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "/nonexistent/x.cfg: error: cannot read it: No such file"));
	free(out);
}

/*
 * Each examples/NAME.cfg parses as `xl create` parses it, with not even a
 * warning, names its domain and a kernel; the four kinds are there.
 */
static void examples(void)
{
	static const char *const want[] = { "guest-pv.cfg", "guest-split.cfg",
					    "linux.cfg", "linux-split.cfg" };
	DIR *dir = opendir(XL_EXAMPLES);
	struct dirent *e;
	unsigned int seen = 0, i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	while ((e = readdir(dir))) {
		size_t n = strlen(e->d_name);
		char path[1024], *out = NULL;
		size_t outlen = 0;
		FILE *report;
		struct config cfg;
		int rc;

		if (n < 5 || strcmp(e->d_name + n - 4, ".cfg"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", XL_EXAMPLES, e->d_name);
		report = open_memstream(&out, &outlen);
		rc = config_parse_file(path, NULL, 0, report, &cfg);
		fclose(report);
		if (rc || outlen || !cfg.spec.name[0] || !cfg.kernel[0])
			fprintf(stderr, "%s: rc %d: %s\n", path, rc, out);
		CU_ASSERT_EQUAL(rc, 0);
		CU_ASSERT_EQUAL(outlen, 0);
		CU_ASSERT(cfg.spec.name[0] && cfg.kernel[0]);
		free(out);
		for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
			if (!strcmp(e->d_name, want[i]))
				seen |= 1u << i;
	}
	closedir(dir);
	CU_ASSERT_EQUAL(seen, (1u << (sizeof(want) / sizeof(want[0]))) - 1);
}

int config_suite(void)
{
	CU_pSuite s = CU_add_suite("xapi-config", NULL, NULL);

	if (!s || !CU_add_test(s, "table", table) ||
	    !CU_add_test(s, "values-and-defaults", values_and_defaults) ||
	    !CU_add_test(s, "devices", devices) ||
	    !CU_add_test(s, "command-line-devices", command_line_devices) ||
	    !CU_add_test(s, "missing-file", missing_file) ||
	    !CU_add_test(s, "examples", examples))
		return -1;
	return 0;
}
