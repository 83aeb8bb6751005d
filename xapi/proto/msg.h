/* SPDX-License-Identifier: MIT */
/*
 * The payloads of the management channel's frames (frame.h): typed
 * messages and the little-endian reader and writer they are made of.
 * Freestanding, linked by Dom0's agent and by the host (xapid, xl, tests).
 *
 * Layout rules (docs/xapi-protocol.md): integers little-endian of the width
 * named; a string is a u16 byte count then the bytes, no NUL, at most the
 * field's size minus one; a list is a u32 count then the items.  A reader
 * refuses a truncated payload, trailing bytes, an over-long string or one
 * holding a NUL: hostile input from either side gets -EBADMSG, nothing more.
 */
#ifndef XAPI_PROTO_MSG_H
#define XAPI_PROTO_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MSG_PROTO_VERSION	4
#define MSG_NAME_MAX		64	/* domain names, with the NUL */
#define MSG_TEXT_MAX		256	/* error texts, with the NUL */
#define MSG_CMDLINE_MAX		1024	/* a guest's command line, with the NUL */
#define MSG_ALL_VCPUS		0xffffffffu	/* msg_vcpu_pin: every vCPU */

/* A payload being written into the caller's buffer.  Errors are sticky. */
struct msg_buf {
	uint8_t *p;
	size_t len, cap;
	int err;		/* -EMSGSIZE once a write did not fit */
};

/* A payload being read.  Errors are sticky; reads after one give zeros. */
struct msg_rd {
	const uint8_t *p;
	size_t len, pos;
	int err;		/* -EBADMSG once a read failed */
};

void msg_buf_init(struct msg_buf *b, void *p, size_t cap);
void msg_put_u8(struct msg_buf *b, uint8_t v);
void msg_put_u16(struct msg_buf *b, uint16_t v);
void msg_put_u32(struct msg_buf *b, uint32_t v);
void msg_put_u64(struct msg_buf *b, uint64_t v);
void msg_put_bytes(struct msg_buf *b, const void *p, size_t n);
/* At most 65535 bytes of s (longer is -EMSGSIZE). */
void msg_put_str(struct msg_buf *b, const char *s);

void msg_rd_init(struct msg_rd *r, const void *p, size_t len);
uint8_t msg_get_u8(struct msg_rd *r);
uint16_t msg_get_u16(struct msg_rd *r);
uint32_t msg_get_u32(struct msg_rd *r);
uint64_t msg_get_u64(struct msg_rd *r);
void msg_get_bytes(struct msg_rd *r, void *p, size_t n);
/* Into dst (cap bytes with the NUL); too long or holding a NUL: -EBADMSG. */
void msg_get_str(struct msg_rd *r, char *dst, size_t cap);
/* The reader's verdict: 0 when no read failed and every byte was read. */
int msg_rd_end(const struct msg_rd *r);

/* OP_HELLO, both ways. */
struct msg_hello {
	uint32_t version;		/* MSG_PROTO_VERSION */
	char agent[MSG_NAME_MAX];	/* who speaks, for logs */
};

/* A reply with FRAME_ERROR: Xen's errno and a sentence for the user. */
struct msg_error {
	int32_t err;			/* negative errno */
	char text[MSG_TEXT_MAX];	/* what failed and why, e.g. "load: ..." */
};

struct msg_domid {
	uint32_t domid;
};

/* msg_dominfo.state bits */
#define MSG_DOM_RUNNING		0x01
#define MSG_DOM_BLOCKED		0x02
#define MSG_DOM_PAUSED		0x04
#define MSG_DOM_SHUTDOWN	0x08
#define MSG_DOM_DYING		0x10
#define MSG_DOM_CRASHED		0x20	/* shut down with SHUTDOWN_crash */

/* One domain, as OP_LIST and OP_EV_DOMAIN give it. */
struct msg_dominfo {
	uint32_t domid;
	uint32_t state;			/* MSG_DOM_* */
	uint32_t shutdown_reason;	/* SHUTDOWN_* when MSG_DOM_SHUTDOWN */
	uint64_t mem_kib, maxmem_kib;
	uint32_t vcpus;
	uint64_t cpu_time_ns;
	char name[MSG_NAME_MAX];	/* from /local/domain/N/name */
	uint64_t start_ns;		/* system time it started (/vm/UUID/start_time) */
	uint8_t uuid[16];		/* its handle: the toolstack's UUID, 0 for boot domains */
	uint64_t seen_ns;		/* Dom0's system time when it read this state */
};

/* OP_INFO: the host as `xl info` shows it. */
struct msg_physinfo {
	uint32_t nr_cpus, cpu_khz;
	uint64_t total_kib, free_kib;
	uint32_t xen_major, xen_minor;
	char xen_extra[MSG_NAME_MAX];
	char hvm_backend[MSG_NAME_MAX];	/* "svm" or "vmx" */
	uint32_t nr_domains;
	uint64_t uptime_ns;		/* the hypervisor's system time now */
};

/* OP_SHUTDOWN: reason is SHUTDOWN_poweroff or SHUTDOWN_reboot. */
struct msg_shutdown {
	uint32_t domid, reason;
};

/* OP_MEM_SET / OP_MEM_MAX */
struct msg_mem {
	uint32_t domid;
	uint64_t kib;
};

/* OP_VCPU_LIST, one per vCPU. */
struct msg_vcpuinfo {
	uint32_t vcpu, cpu;
	bool online, blocked, running;
	uint64_t cpu_time_ns;
	uint64_t affinity;		/* bit n: may run on CPU n */
};

/* OP_VCPU_PIN */
struct msg_vcpu_pin {
	uint32_t domid, vcpu;		/* vcpu MSG_ALL_VCPUS: each of them */
	uint64_t affinity;
};

/* OP_SCHED_GET reply, OP_SCHED_SET request: the credit scheduler's knobs. */
struct msg_sched {
	uint32_t domid, weight, cap;
};

/* OP_EXITS, one per exit reason seen (summed over the vCPUs). */
struct msg_exit {
	uint32_t reason;		/* the back end's exit code */
	uint64_t count;
};

/*
 * OP_USAGE: what a domain uses of the hypervisor's event channel and grant
 * tables now (XENOLITH_DOMCTL_get_usage) and how many requests Dom0's
 * xenstored has served on the domain's connections since it was introduced
 * (Dom0's own: its in-kernel connection and the host's relayed ones).
 */
struct msg_usage {
	uint32_t domid;
	uint32_t evtchn_ports;		/* ports in use */
	uint32_t grant_entries;		/* its grant entries that grant access */
	uint32_t grant_entries_mapped;	/* of those, mapped by another domain */
	uint32_t grant_maps;		/* its mappings of others' grants */
	uint64_t xs_ops;		/* xenstore requests served */
};

/* The images of a domain being created, uploaded after OP_CREATE. */
enum msg_image { MSG_IMAGE_KERNEL = 0, MSG_IMAGE_RAMDISK = 1, MSG_NR_IMAGES };

/* What to do when the domain powers off, reboots or crashes. */
enum msg_action {
	MSG_ACTION_DESTROY = 0,
	MSG_ACTION_RESTART = 1,
	MSG_ACTION_PRESERVE = 2,
	MSG_ACTION_RENAME_RESTART = 3,
};

/*
 * A virtual disk of a domain, from xl.cfg's `disk` (xlu_disk_parse) or
 * `xl block-attach`.  target names a disk of Dom0's (its syntax is
 * Dom0's: drivers/backend/target.h); Dom0 checks both strings.
 */
#define MSG_MAX_DISKS		4
#define MSG_VDEV_MAX		16	/* "xvda", with the NUL */
#define MSG_TARGET_MAX		64	/* with the NUL */
struct msg_disk {
	char vdev[MSG_VDEV_MAX];
	char target[MSG_TARGET_MAX];
	bool readonly;			/* access=ro */
};

/*
 * A virtual network interface, from xl.cfg's `vif` or `xl
 * network-attach`: its MAC, the bridge it joins, the address the
 * frontend takes ("" for none), and whether Dom0 translates its traffic
 * to the NIC's address (script=vif-nat).
 */
#define MSG_MAX_VIFS		4
#define MSG_BRIDGE_MAX		16	/* "xenbr0", with the NUL */
#define MSG_IP_MAX		20	/* "10.0.0.11/24", with the NUL */
struct msg_vif {
	uint8_t mac[6];
	char bridge[MSG_BRIDGE_MAX];
	char ip[MSG_IP_MAX];
	bool nat;
};

/*
 * OP_CREATE: a domain to build, as the host parsed it from xl.cfg.  Dom0
 * creates the domain and populates its memory, then answers with its id;
 * the images follow as OP_UPLOAD_DATA, and OP_UPLOAD_END (the SHA-256s
 * checked) finishes the build and unpauses it unless start_paused.
 */
/* vCPUs of a domain: the hypervisor's MAX_VCPUS_PER_DOMAIN. */
#define MSG_MAX_VCPUS		8
/*
 * xl.cfg's max_event_channels: the new domain's max_evtchn_port, as libxl
 * passes it to XEN_DOMCTL_createdomain (ports 1 to N; port 0 is never
 * allocated).  0: libxl's default, 1023.  At most the FIFO ABI's highest
 * port (EVTCHN_FIFO_NR_CHANNELS - 1): no ABI has a port beyond it.
 */
#define MSG_DEFAULT_EVENT_CHANNELS	1023
#define MSG_MAX_EVENT_CHANNELS		((1u << 17) - 1)

struct msg_domspec {
	char name[MSG_NAME_MAX];
	uint8_t uuid[16];
	uint64_t memory_kib, maxmem_kib;
	uint32_t vcpus, maxvcpus;	/* 1 <= vcpus <= maxvcpus <= MSG_MAX_VCPUS */
	uint64_t cpus;			/* hard affinity mask, ~0 for any */
	uint32_t weight, cap;		/* credit scheduler */
	uint64_t image_size[MSG_NR_IMAGES];	/* 0: no such image */
	uint8_t image_sha256[MSG_NR_IMAGES][32];	/* upload digests (below) */
	char cmdline[MSG_CMDLINE_MAX];
	uint8_t on_poweroff, on_reboot, on_crash;	/* enum msg_action */
	bool start_paused;
	uint32_t nr_disks, nr_vifs;	/* at most MSG_MAX_DISKS, MSG_MAX_VIFS */
	struct msg_disk disks[MSG_MAX_DISKS];
	struct msg_vif vifs[MSG_MAX_VIFS];	/* vif i is devid i */
	uint32_t max_event_channels;	/* 0 (default) to MSG_MAX_EVENT_CHANNELS */
};

/* OP_UPLOAD_DATA: len bytes at offset of one image of domain domid. */
struct msg_upload_data {
	uint32_t domid, image;		/* enum msg_image */
	uint64_t offset;
	uint32_t len;
	const uint8_t *data;		/* points into the payload read */
};

/*
 * OP_UPLOAD_ZERO (version 4): the len bytes at offset of one image are
 * zeros.  They take their place in the image's order as a piece of data
 * would, but are neither sent nor written (a new domain's memory reads
 * zero), and the upload digest covers them as MSG_ZERO_RUN_SIZE bytes:
 * msg_zero_run_encode().  len is never 0 (the reader refuses it).
 */
struct msg_upload_zero {
	uint32_t domid, image;		/* enum msg_image */
	uint64_t offset, len;
};

/*
 * The upload digest of an image (docs/xapi-protocol.md, "Creating a
 * domain"): SHA-256 over the image in order, each data byte as it is and
 * each zero run replaced by these 16 bytes: its offset u64 and length u64,
 * little-endian.  With no zero run it is the file's SHA-256.
 */
#define MSG_ZERO_RUN_SIZE	16
void msg_zero_run_encode(uint8_t out[MSG_ZERO_RUN_SIZE], uint64_t offset,
			 uint64_t len);

/*
 * OP_CREATE from a local client to xapid (not to Dom0): the spec (image
 * sizes and hashes left zero) and the images' host paths; xapid reads,
 * hashes and uploads them.
 */
#define MSG_PATH_MAX	4096
struct msg_create {
	struct msg_domspec spec;
	char kernel[MSG_PATH_MAX];
	char ramdisk[MSG_PATH_MAX];	/* "" when none */
};

/* OP_BLOCK_ATTACH, OP_BLOCK_DETACH: a disk of a running domain. */
struct msg_block {
	uint32_t domid;
	struct msg_disk disk;
};

/*
 * OP_NET_ATTACH (devid MSG_DEVID_ANY: the lowest free one; the reply
 * says which), OP_NET_DETACH (domid and devid only).
 */
#define MSG_DEVID_ANY		0xffffffffu
struct msg_net {
	uint32_t domid, devid;
	struct msg_vif vif;
};

/* The xenbus states of both ends (xen/io/xenbus.h's numbers). */
struct msg_devstate {
	uint32_t backend, frontend;
};

/*
 * OP_BLOCK_LIST, one per disk: what it is and its counters, as the
 * backend last wrote them to the store (statistics/, once a second).
 */
struct msg_blockinfo {
	uint32_t devid;			/* 51712 for xvda */
	struct msg_disk disk;
	struct msg_devstate state;
	uint64_t rd_req, wr_req, rd_sect, wr_sect, errors;
};

/* OP_NET_LIST, one per vif: its counters as the store has them. */
struct msg_netinfo {
	uint32_t devid;
	struct msg_vif vif;
	struct msg_devstate state;
	uint64_t rx_packets, rx_bytes, tx_packets, tx_bytes, drops;
};

/* OP_RENAME */
struct msg_rename {
	uint32_t domid;
	char name[MSG_NAME_MAX];
};

/*
 * Writers and readers, one pair per message.  A writer appends to b (its
 * error is sticky in b->err); a reader fills *m from r and returns
 * msg_rd_end(r) when it read the whole message, so a reader followed by
 * nothing else checks the payload had no trailing bytes.
 */
void msg_put_hello(struct msg_buf *b, const struct msg_hello *m);
int msg_get_hello(struct msg_rd *r, struct msg_hello *m);
void msg_put_error(struct msg_buf *b, const struct msg_error *m);
int msg_get_error(struct msg_rd *r, struct msg_error *m);
void msg_put_domid(struct msg_buf *b, const struct msg_domid *m);
int msg_get_domid(struct msg_rd *r, struct msg_domid *m);
void msg_put_physinfo(struct msg_buf *b, const struct msg_physinfo *m);
int msg_get_physinfo(struct msg_rd *r, struct msg_physinfo *m);
void msg_put_shutdown(struct msg_buf *b, const struct msg_shutdown *m);
int msg_get_shutdown(struct msg_rd *r, struct msg_shutdown *m);
void msg_put_mem(struct msg_buf *b, const struct msg_mem *m);
int msg_get_mem(struct msg_rd *r, struct msg_mem *m);
void msg_put_vcpu_pin(struct msg_buf *b, const struct msg_vcpu_pin *m);
int msg_get_vcpu_pin(struct msg_rd *r, struct msg_vcpu_pin *m);
void msg_put_sched(struct msg_buf *b, const struct msg_sched *m);
int msg_get_sched(struct msg_rd *r, struct msg_sched *m);
void msg_put_domspec(struct msg_buf *b, const struct msg_domspec *m);
int msg_get_domspec(struct msg_rd *r, struct msg_domspec *m);
void msg_put_upload_data(struct msg_buf *b, const struct msg_upload_data *m);
int msg_get_upload_data(struct msg_rd *r, struct msg_upload_data *m);
void msg_put_upload_zero(struct msg_buf *b, const struct msg_upload_zero *m);
int msg_get_upload_zero(struct msg_rd *r, struct msg_upload_zero *m);
void msg_put_create(struct msg_buf *b, const struct msg_create *m);
int msg_get_create(struct msg_rd *r, struct msg_create *m);
void msg_put_rename(struct msg_buf *b, const struct msg_rename *m);
void msg_put_block(struct msg_buf *b, const struct msg_block *m);
int msg_get_block(struct msg_rd *r, struct msg_block *m);
void msg_put_net(struct msg_buf *b, const struct msg_net *m);
int msg_get_net(struct msg_rd *r, struct msg_net *m);
int msg_get_rename(struct msg_rd *r, struct msg_rename *m);

/*
 * List items: the list's u32 count is written with msg_put_u32 first and
 * read with msg_get_u32; these do one item each and do not check for
 * trailing bytes (call msg_rd_end after the last).
 */
void msg_put_disk(struct msg_buf *b, const struct msg_disk *m);
int msg_get_disk(struct msg_rd *r, struct msg_disk *m);
void msg_put_vif(struct msg_buf *b, const struct msg_vif *m);
int msg_get_vif(struct msg_rd *r, struct msg_vif *m);
void msg_put_blockinfo(struct msg_buf *b, const struct msg_blockinfo *m);
int msg_get_blockinfo(struct msg_rd *r, struct msg_blockinfo *m);
void msg_put_netinfo(struct msg_buf *b, const struct msg_netinfo *m);
int msg_get_netinfo(struct msg_rd *r, struct msg_netinfo *m);
void msg_put_dominfo(struct msg_buf *b, const struct msg_dominfo *m);
int msg_get_dominfo(struct msg_rd *r, struct msg_dominfo *m);
void msg_put_vcpuinfo(struct msg_buf *b, const struct msg_vcpuinfo *m);
int msg_get_vcpuinfo(struct msg_rd *r, struct msg_vcpuinfo *m);
void msg_put_exit(struct msg_buf *b, const struct msg_exit *m);
int msg_get_exit(struct msg_rd *r, struct msg_exit *m);
void msg_put_usage(struct msg_buf *b, const struct msg_usage *m);
int msg_get_usage(struct msg_rd *r, struct msg_usage *m);

#endif
