/* SPDX-License-Identifier: MIT */
/* Dom0's domain builder: the phases of builder.h and their undoing. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/arch-x86/hvm/start_info.h>
#include <xen/hvm/params.h>
#include <xen/io/xs_wire.h>
#include <xrt/acpi.h>
#include "../../drivers/backend/vbd.h"
#include "../../drivers/backend/vif.h"
#include "../../guest-patches/kernel/clock.h"
#include "../../guest-patches/kernel/print.h"
#include "../ctl.h"
#include "../foreign.h"
#include "../guest.h"
#include "../xenstored.h"
#include "builder.h"
#include "image.h"

#define PAGE_SIZE	4096ULL
#define SPECIAL_PAGES	2	/* xenstore, console: the last two */
#define SI_MEMMAP	64	/* offsets in the start-info page */
#define SI_MODLIST	160
#define SI_CMDLINE	256
#define E820_RAM	1
#define E820_RESERVED	2
#define E820_ACPI	3
#define FAIL_KEY	"/tool/xenolith/builder-fail"

struct build {
	domid_t domid;
	struct msg_domspec spec;
	uint64_t ram;			/* bytes */
	uint64_t acpi_bytes;		/* the ACPI tables, below the special pages */
	uint32_t store_port, console_port;
	bool published;			/* guest.c may take it on */
	uint64_t created_ns;		/* clock_ns() at CREATE */
	uint64_t memory_ns;		/* the memory phase: populating its RAM */
	struct image img[MSG_NR_IMAGES];
	struct build *next;
};

static struct build *builds;

/* The end of what the images may fill: the ACPI tables and special pages follow. */
static uint64_t usable_top(const struct build *b)
{
	return b->ram - SPECIAL_PAGES * PAGE_SIZE - b->acpi_bytes;
}

/* The phase the test asked to fail (FAIL_KEY), or "". */
static void injected_phase(char *phase, size_t size)
{
	size_t len;

	if (xenstored_request(XS_READ, FAIL_KEY, sizeof(FAIL_KEY), phase, size, &len))
		phase[0] = 0;
}

static int injected(const char *phase, char *why, size_t why_size)
{
	char want[32];

	injected_phase(want, sizeof(want));
	if (strcmp(want, phase))
		return 0;
	snprintf(why, why_size, "%s: failure injected (%s)", phase, FAIL_KEY);
	return -EIO;
}

static struct build *find(uint32_t domid)
{
	struct build *b;

	for (b = builds; b && b->domid != domid; b = b->next)
		;
	return b;
}

/* Undoes a build: the domain and everything it holds go, Dom0 forgets it. */
static void undo(struct build *b)
{
	struct build **p;

	for (p = &builds; *p && *p != b; p = &(*p)->next)
		;
	if (*p)
		*p = b->next;
	ctl_destroy(b->domid);
	guest_scan();	/* releases the xenstore entries and rings if any */
	free(b);
}

static int phase_memory(struct build *b, char *why, size_t why_size)
{
	int rc = injected("memory", why, why_size);

	if (rc)
		return rc;
	rc = ctl_max_mem(b->domid, b->spec.maxmem_kib);
	if (!rc)
		rc = ctl_populate(b->domid, b->ram / PAGE_SIZE);
	if (rc)
		snprintf(why, why_size, "memory: %llu KiB for domain %u: %s (error %d)",
			 (unsigned long long)b->spec.memory_kib, b->domid,
			 rc == -ENOMEM ? "the hypervisor has not that much free" :
			 "refused", rc);
	return rc;
}

static int phase_scheduler(struct build *b, char *why, size_t why_size)
{
	int rc = injected("scheduler", why, why_size);
	uint32_t i;

	if (!rc)
		rc = ctl_sched_set(b->domid, b->spec.weight, b->spec.cap);
	for (i = 0; !rc && b->spec.cpus != ~0ULL && i < b->spec.maxvcpus; i++)
		rc = ctl_vcpu_pin(b->domid, i, b->spec.cpus);
	if (rc && !why[0])
		snprintf(why, why_size, "scheduler: weight %u cap %u cpus %#llx "
			 "refused (error %d)", b->spec.weight, b->spec.cap,
			 (unsigned long long)b->spec.cpus, rc);
	return rc;
}

/* The xenstore and console pages and their ports, as HVM parameters. */
static int phase_rings(struct build *b, char *why, size_t why_size)
{
	uint64_t store_gfn = b->ram / PAGE_SIZE - SPECIAL_PAGES;
	int rc = injected("rings", why, why_size);

	if (!rc)
		rc = ctl_alloc_unbound(b->domid, 0, &b->store_port);
	if (!rc)
		rc = ctl_alloc_unbound(b->domid, 0, &b->console_port);
	if (!rc)
		rc = ctl_set_hvm_param(b->domid, HVM_PARAM_STORE_PFN, store_gfn);
	if (!rc)
		rc = ctl_set_hvm_param(b->domid, HVM_PARAM_STORE_EVTCHN, b->store_port);
	if (!rc)
		rc = ctl_set_hvm_param(b->domid, HVM_PARAM_CONSOLE_PFN, store_gfn + 1);
	if (!rc)
		rc = ctl_set_hvm_param(b->domid, HVM_PARAM_CONSOLE_EVTCHN, b->console_port);
	if (rc && !why[0])
		snprintf(why, why_size, "rings: event channels or HVM parameters "
			 "refused (error %d)", rc);
	return rc;
}

int builder_create(const struct msg_domspec *spec, uint32_t *domid,
		   char *why, size_t why_size)
{
	struct build *b;
	domid_t id;
	int rc;

	why[0] = 0;
	if (spec->vcpus < 1 || spec->vcpus > spec->maxvcpus ||
	    spec->maxvcpus > MSG_MAX_VCPUS) {
		snprintf(why, why_size, "create: vcpus %u, maxvcpus %u: 1 to %u, "
			 "at most the maximum", spec->vcpus, spec->maxvcpus,
			 MSG_MAX_VCPUS);
		return -EINVAL;
	}
	if (spec->memory_kib < 1024 || spec->memory_kib > spec->maxmem_kib ||
	    spec->memory_kib % 4 || spec->memory_kib > (2ULL << 20)) {
		snprintf(why, why_size, "create: memory %llu KiB (maximum %llu): "
			 "1 MiB to 2 GiB, at most the maximum",
			 (unsigned long long)spec->memory_kib,
			 (unsigned long long)spec->maxmem_kib);
		return -EINVAL;
	}
	if (!spec->image_size[MSG_IMAGE_KERNEL]) {
		snprintf(why, why_size, "create: no kernel");
		return -EINVAL;
	}
	rc = injected("create", why, why_size);
	if (rc)
		return rc;
	b = calloc(1, sizeof(*b));
	if (!b) {
		snprintf(why, why_size, "create: Dom0 is out of memory");
		return -ENOMEM;
	}
	/* xl.cfg's max_event_channels is the highest port, as libxl passes it. */
	rc = ctl_create(spec->maxvcpus, spec->max_event_channels
			? spec->max_event_channels : MSG_DEFAULT_EVENT_CHANNELS,
			spec->uuid, &id);
	if (rc) {
		snprintf(why, why_size, "create: the hypervisor refused a domain "
			 "(error %d)", rc);
		free(b);
		return rc;
	}
	b->domid = id;
	b->created_ns = clock_ns();
	b->spec = *spec;
	b->ram = spec->memory_kib * 1024;
	b->acpi_bytes = (acpi_size(spec->maxvcpus) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	b->next = builds;
	builds = b;
	rc = phase_memory(b, why, why_size);
	b->memory_ns = clock_ns() - b->created_ns;
	if (!rc)
		rc = phase_scheduler(b, why, why_size);
	if (!rc)
		rc = phase_rings(b, why, why_size);
	if (rc) {
		undo(b);
		return rc;
	}
	/* The kernel may fill RAM up to the ACPI tables. */
	image_init(&b->img[MSG_IMAGE_KERNEL], id, spec->image_size[MSG_IMAGE_KERNEL],
		   true, usable_top(b), 0);
	*domid = id;
	return 0;
}

/* Where the start-info page goes: the page after the kernel's end. */
static uint64_t start_info_gpa(const struct build *b)
{
	return (b->img[MSG_IMAGE_KERNEL].elf.paddr_hi + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

/* One piece of image of domid at offset: len bytes of data, or (data NULL) zeros. */
static int upload(uint32_t domid, uint32_t image, uint64_t offset,
		  const uint8_t *data, uint64_t len, char *why, size_t why_size)
{
	struct build *b = find(domid);
	struct image *k;
	uint64_t at;
	int rc;

	why[0] = 0;
	if (!b) {
		snprintf(why, why_size, "upload: no domain %u being built", domid);
		return -ESRCH;
	}
	rc = injected("upload", why, why_size);
	k = &b->img[MSG_IMAGE_KERNEL];
	if (!rc && image == MSG_IMAGE_RAMDISK && offset == 0) {
		/* The ramdisk starts after the whole kernel, behind the start info. */
		if (k->received != k->size || !b->spec.image_size[MSG_IMAGE_RAMDISK]) {
			snprintf(why, why_size, "upload: the ramdisk before the whole "
				 "kernel, or one not announced");
			rc = -EINVAL;
		} else {
			at = start_info_gpa(b) + PAGE_SIZE;
			image_init(&b->img[MSG_IMAGE_RAMDISK], b->domid,
				   b->spec.image_size[MSG_IMAGE_RAMDISK], false,
				   usable_top(b), at);
		}
	}
	if (!rc && image == MSG_IMAGE_RAMDISK && !b->img[MSG_IMAGE_RAMDISK].size) {
		snprintf(why, why_size, "upload: ramdisk data before its start");
		rc = -EINVAL;
	}
	if (!rc && data)
		rc = image_take(&b->img[image], offset, data, (uint32_t)len, why, why_size);
	else if (!rc)
		rc = image_take_zero(&b->img[image], offset, len, why, why_size);
	if (rc)
		undo(b);
	return rc;
}

int builder_upload(const struct msg_upload_data *u, char *why, size_t why_size)
{
	/* u->data points into the payload read: never NULL. */
	return upload(u->domid, u->image, u->offset, u->data, u->len, why, why_size);
}

int builder_upload_zero(const struct msg_upload_zero *z, char *why, size_t why_size)
{
	return upload(z->domid, z->image, z->offset, NULL, z->len, why, why_size);
}

/*
 * The ACPI tables (<xrt/acpi.h>, as the hypervisor gives its boot-time
 * DomUs) between the images' RAM and the special pages; the RSDP's
 * address in *rsdp.
 */
static int write_acpi(struct build *b, uint64_t *rsdp, char *why, size_t why_size)
{
	uint64_t base = usable_top(b);
	uint8_t *tables = calloc(1, b->acpi_bytes);
	uint64_t gfn;
	long len;
	int rc;

	if (!tables) {
		snprintf(why, why_size, "start-info: Dom0 is out of memory");
		return -ENOMEM;
	}
	len = acpi_build(tables, b->acpi_bytes, base, b->spec.maxvcpus, NULL, 0,
			 rsdp);
	rc = len < 0 ? (int)len : foreign_write(b->domid, base, tables, (uint64_t)len, &gfn);
	free(tables);
	if (rc)
		snprintf(why, why_size, "start-info: ACPI tables: error %d", rc);
	return rc;
}

static int write_start_info(struct build *b, char *why, size_t why_size)
{
	const struct image *rd = &b->img[MSG_IMAGE_RAMDISK];
	uint64_t gpa = start_info_gpa(b), usable = usable_top(b), rsdp;
	struct hvm_memmap_table_entry map[3] = {
		{ .addr = 0, .size = usable, .type = E820_RAM },
		{ .addr = usable, .size = b->acpi_bytes, .type = E820_ACPI },
		{ .addr = usable + b->acpi_bytes, .size = SPECIAL_PAGES * PAGE_SIZE,
		  .type = E820_RESERVED },
	};
	struct hvm_modlist_entry mod = { .paddr = rd->load_at, .size = rd->size };
	struct hvm_start_info si = {
		.magic = XEN_HVM_START_MAGIC_VALUE,
		.version = 1,
		.cmdline_paddr = gpa + SI_CMDLINE,
		.memmap_paddr = gpa + SI_MEMMAP,
		.memmap_entries = 3,
		.nr_modules = rd->size ? 1 : 0,
		.modlist_paddr = rd->size ? gpa + SI_MODLIST : 0,
	};
	uint8_t *page;
	int err;

	if (gpa + PAGE_SIZE > usable) {
		snprintf(why, why_size, "start-info: no room after the kernel in %llu KiB",
			 (unsigned long long)(b->ram >> 10));
		return -ENOMEM;
	}
	err = write_acpi(b, &rsdp, why, why_size);
	if (err)
		return err;
	si.rsdp_paddr = rsdp;
	page = foreign_map(b->domid, gpa / PAGE_SIZE, &err);
	if (!page) {
		snprintf(why, why_size, "start-info: mapping its page: error %d", err);
		return err;
	}
	memset(page, 0, PAGE_SIZE);
	memcpy(page, &si, sizeof(si));
	memcpy(page + SI_MEMMAP, map, sizeof(map));
	memcpy(page + SI_MODLIST, &mod, sizeof(mod));
	memcpy(page + SI_CMDLINE, b->spec.cmdline, strlen(b->spec.cmdline) + 1);
	foreign_unmap(page);
	return 0;
}

/*
 * The standard entries, XS_INTRODUCE and the console (guest.c does them
 * for every new domain, /vm/UUID from the handle), then the spec's name
 * and cpu/N/availability, "online" below vcpus, "offline" up to maxvcpus
 * (Linux's xen cpu_hotplug reads them).  They go with the domain's home.
 */
static int phase_xenstore(struct build *b, char *why, size_t why_size)
{
	char path[96], vm[64];
	uint32_t i;
	size_t len;
	int rc;

	b->published = true;
	guest_scan();
	snprintf(path, sizeof(path), "/local/domain/%u/vm", b->domid);
	rc = xenstored_request(XS_READ, path, strlen(path) + 1, vm, sizeof(vm), &len);
	if (!rc) {
		snprintf(path, sizeof(path), "/local/domain/%u/name", b->domid);
		rc = xenstored_write(path, b->spec.name);
	}
	if (!rc) {
		snprintf(path, sizeof(path), "%s/name", vm);
		rc = xenstored_write(path, b->spec.name);
	}
	/* As libxl: a key per vCPU, under the home the guest may read. */
	for (i = 0; !rc && i < b->spec.maxvcpus; i++) {
		snprintf(path, sizeof(path), "/local/domain/%u/cpu/%u/availability",
			 b->domid, i);
		rc = xenstored_write(path, i < b->spec.vcpus ? "online" : "offline");
	}
	if (rc)
		snprintf(why, why_size, "xenstore: writing %s: error %d", path, rc);
	return rc;
}

/*
 * The spec's disks and vifs, their backends added and both directories
 * written; the frontends connect once the domain runs.  A failure is
 * undone with the domain (guest.c drops a dead domain's devices).
 */
static int phase_devices(struct build *b, char *why, size_t why_size)
{
	const struct msg_domspec *s = &b->spec;
	char what[160];
	unsigned int i;
	int rc = injected("devices", why, why_size);

	for (i = 0; !rc && i < s->nr_disks && i < MSG_MAX_DISKS; i++)
		rc = vbd_add(b->domid, s->disks[i].vdev, s->disks[i].target,
			     s->disks[i].readonly, what, sizeof(what));
	for (i = 0; !rc && i < s->nr_vifs && i < MSG_MAX_VIFS; i++)
		rc = vif_add(b->domid, i, s->vifs[i].mac, s->vifs[i].bridge,
			     s->vifs[i].ip, s->vifs[i].nat, what, sizeof(what));
	if (rc && !why[0])
		snprintf(why, why_size, "devices: %s", what);
	return rc;
}

/*
 * Where the build's time went, by Dom0's clock (which falls behind on a
 * loaded emulator host: make bench prints the shares).
 */
static void print_times(const struct build *b)
{
	uint64_t bytes = 0, zero = 0, hash = 0, copy = 0;
	unsigned int i;

	for (i = 0; i < MSG_NR_IMAGES; i++) {
		bytes += b->img[i].received;
		zero += b->img[i].zero_bytes;
		hash += b->img[i].hash_ns;
		copy += b->img[i].copy_ns;
	}
	kprintf("builder: d%u: %llu KiB in %llu ms from CREATE (populating its "
		"RAM %llu ms, SHA-256 %llu ms, writing into the domain %llu ms), "
		"%llu KiB of it zero runs\n",
		b->domid, (unsigned long long)(bytes >> 10),
		(unsigned long long)((clock_ns() - b->created_ns) / 1000000),
		(unsigned long long)(b->memory_ns / 1000000),
		(unsigned long long)(hash / 1000000), (unsigned long long)(copy / 1000000),
		(unsigned long long)(zero >> 10));
}

int builder_finish(uint32_t domid, char *why, size_t why_size)
{
	struct build *b = find(domid);
	const struct image *k;
	unsigned int i;
	int rc = 0;

	why[0] = 0;
	if (!b) {
		snprintf(why, why_size, "finish: no domain %u being built", domid);
		return -ESRCH;
	}
	for (i = 0; !rc && i < MSG_NR_IMAGES; i++)
		if (b->spec.image_size[i])
			rc = image_done(&b->img[i], b->spec.image_sha256[i], why, why_size);
	if (!rc)
		rc = injected("verify", why, why_size);
	if (!rc)
		rc = injected("start-info", why, why_size);
	if (!rc)
		rc = write_start_info(b, why, why_size);
	k = &b->img[MSG_IMAGE_KERNEL];
	if (!rc)
		rc = injected("vcpu", why, why_size);
	if (!rc && (rc = ctl_set_pvh_context(b->domid, 0, (uint32_t)k->elf.phys32_entry,
					     (uint32_t)start_info_gpa(b))))
		snprintf(why, why_size, "vcpu: the start state was refused (error %d)", rc);
	if (!rc)
		rc = injected("xenstore", why, why_size);
	if (!rc)
		rc = phase_xenstore(b, why, why_size);
	if (!rc)
		rc = phase_devices(b, why, why_size);
	if (!rc)
		rc = injected("unpause", why, why_size);
	if (!rc && !b->spec.start_paused && (rc = ctl_pause(b->domid, false)))
		snprintf(why, why_size, "unpause: error %d", rc);
	if (rc) {
		undo(b);
		return rc;
	}
	kprintf("builder: d%u \"%s\" built, %llu KiB, entry %#llx\n", b->domid,
		b->spec.name, (unsigned long long)b->spec.memory_kib,
		(unsigned long long)k->elf.phys32_entry);
	print_times(b);
	for (struct build **p = &builds; *p; p = &(*p)->next)
		if (*p == b) {
			*p = b->next;
			break;
		}
	free(b);
	return 0;
}

bool builder_building(domid_t domid)
{
	const struct build *b = find(domid);

	return b && !b->published;
}

bool builder_builds(domid_t domid)
{
	return find(domid) != NULL;
}

bool builder_abort(domid_t domid)
{
	struct build *b = find(domid);

	if (b)
		undo(b);
	return b != NULL;
}

void builder_abort_all(void)
{
	while (builds)
		undo(builds);
}
