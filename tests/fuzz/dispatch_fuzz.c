/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: Dom0's management agent as the host's xapid reaches
 * it.  Dom0's own code is built for the host: the agent's dispatch and
 * every operation (dom0/agent*.c), the domain builder, guest.c, Dom0's
 * xenstored with the real xenstore core, the frame and message codec;
 * under it a model of the hypervisor and backends (dom0_model.h).
 *
 * An input is a list of records, each one thing that happens to Dom0:
 *   kind 0-2: a request frame, correctly framed: op (an index into the
 *             operations Dom0 knows, or any number), chan, payload;
 *             the top bits of kind set FRAME_REPLY / FRAME_EVENT;
 *   kind 3:   raw bytes on the channel (the decoder must resynchronise);
 *   kind 4:   a domain shuts down with a reason (VIRQ_DOM_EXC: guest_scan);
 *   kind 5:   the agent's periodic work (domain-list events, flushes).
 * After each request the agent must have answered exactly once (none for
 * XS_DATA, CONSOLE_WRITE and frames that are not requests), with a reply
 * that parses; every frame Dom0 sends must decode.  After the input,
 * model_reset() tears everything down and checks that nothing is left.
 *
 * DISPATCH_FUZZ_SEEDS=DIR writes seed inputs there (a full domain build
 * among them) and exits.
 */
#include <elf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xrt/sha256.h>
#include <xen/sched.h>
#include <xen/io/xs_wire.h>
#include "../../dom0/agent.h"
#include "../../dom0/builder/builder.h"
#include "../../dom0/ctl.h"
#include "../../dom0/guest.h"
#include "dom0_model.h"
#include "../lib/pvh_kernel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static const uint16_t ops[] = {
	OP_HELLO, OP_XS_OPEN, OP_XS_DATA, OP_XS_CLOSE, OP_LIST, OP_INFO,
	OP_DESTROY, OP_PAUSE, OP_UNPAUSE, OP_SHUTDOWN, OP_MEM_SET, OP_MEM_MAX,
	OP_VCPU_LIST, OP_VCPU_PIN, OP_SCHED_GET, OP_SCHED_SET, OP_DMESG,
	OP_EXITS, OP_USAGE, OP_CONSOLE_OPEN, OP_CONSOLE_WRITE, OP_CONSOLE_CLOSE,
	OP_UPLOAD_BEGIN, OP_UPLOAD_DATA, OP_UPLOAD_END, OP_CREATE, OP_RENAME,
	OP_UPLOAD_ZERO,
	OP_EV_DOMAIN, OP_BLOCK_ATTACH, OP_BLOCK_DETACH, OP_BLOCK_LIST,
	OP_NET_ATTACH, OP_NET_DETACH, OP_NET_LIST,
};
#define NR_OPS	(sizeof(ops) / sizeof(ops[0]))

/* What Dom0 sent since the last request: replies to it, by count. */
static struct frame_decoder out_dec;
static uint8_t out_buf[FRAME_MAX_SIZE];
static uint32_t want_id;
static uint16_t want_op;
static unsigned int replies, errors, domains;
static int building;

static void check_reply(const struct frame *f)
{
	struct msg_error e;
	struct msg_domid d;
	struct msg_dominfo di;
	struct msg_rd r;
	uint32_t n;

	if (f->id != want_id || f->op != want_op)
		abort();	/* a reply to nothing asked */
	replies++;
	msg_rd_init(&r, f->payload, f->len);
	if (f->flags & FRAME_ERROR) {
		errors++;
		if (msg_get_error(&r, &e) || e.err >= 0 || !e.text[0])
			abort();
		if (getenv("DISPATCH_FUZZ_VERBOSE"))
			fprintf(stderr, "op %u: %s\n", f->op, e.text);
		return;
	}
	if (getenv("DISPATCH_FUZZ_VERBOSE"))
		fprintf(stderr, "op %u: done\n", f->op);
	if (f->op == OP_CREATE && msg_get_domid(&r, &d))
		abort();
	if (f->op == OP_LIST) {
		n = msg_get_u32(&r);
		while (n-- && !r.err)
			msg_get_dominfo(&r, &di);
		if (msg_rd_end(&r))
			abort();
	}
}

void model_sent(const uint8_t *buf, size_t n)
{
	struct msg_dominfo di;
	struct msg_rd r;
	struct frame f;
	size_t used;

	if (frame_decode(&out_dec, buf, n, &used, &f) != 1 || used != n)
		abort();	/* Dom0 sent a frame that does not decode */
	if (f.flags & FRAME_REPLY) {
		check_reply(&f);
	} else if (f.op == OP_EV_DOMAIN) {
		msg_rd_init(&r, f.payload, f.len);
		if (msg_get_dominfo(&r, &di))
			abort();
	}
}

static void __attribute__((noreturn)) fail(const char *what)
{
	fprintf(stderr, "dispatch fuzz: %s\n", what);
	abort();
}

/* The domain an upload or finish names, if the builder has it in hand; else -1. */
static int build_target(uint16_t op, const uint8_t *payload, uint32_t len)
{
	struct msg_upload_data u;
	struct msg_domid d;
	struct msg_rd r;

	msg_rd_init(&r, payload, len);
	if (op == OP_UPLOAD_DATA && !msg_get_upload_data(&r, &u))
		d.domid = u.domid;
	else if (op != OP_UPLOAD_END || msg_get_domid(&r, &d))
		return -1;
	return d.domid < DOMID_FIRST_RESERVED && builder_builds((domid_t)d.domid) ?
		(int)d.domid : -1;
}

/* The domain a DESTROY names; else -1. */
static int destroy_target(uint16_t op, const uint8_t *payload, uint32_t len)
{
	struct msg_domid d;
	struct msg_rd r;

	msg_rd_init(&r, payload, len);
	if (op != OP_DESTROY || msg_get_domid(&r, &d) || d.domid >= DOMID_FIRST_RESERVED)
		return -1;
	return (int)d.domid;
}

static void periodic(void)
{
	agent_xs_flush();
	agent_console_flush();
	agent_watch_domains();
}

static void request(uint8_t kind, uint16_t op, uint32_t chan,
		    const uint8_t *payload, uint32_t len, uint32_t id, bool synced)
{
	static uint8_t frame[FRAME_MAX_SIZE];
	uint16_t flags = (kind & 0x40 ? FRAME_REPLY : 0) | (kind & 0x80 ? FRAME_EVENT : 0);
	long n = frame_encode(frame, op, flags, id, chan, payload, len);
	bool answered = !flags && op != OP_XS_DATA && op != OP_CONSOLE_WRITE;
	struct ctl_dominfo info;
	int destroyed;

	if (n < 0)
		return;
	want_id = id;
	want_op = op;
	replies = errors = 0;
	domains = model_domains();
	building = build_target(op, payload, len);
	destroyed = destroy_target(op, payload, len);
	agent_input(frame, (size_t)n);
	/* Known ops answer once; an unknown one gets its error reply. */
	if (synced && replies != (answered ? 1u : 0u))
		abort();
	/* A build that fails is undone at once, its domain with it. */
	if (errors && op == OP_CREATE && model_domains() != domains)
		fail("a failed create left a domain");
	if (errors && building >= 0 &&
	    (ctl_domain_info((domid_t)building, &info) == 0 ||
	     builder_builds((domid_t)building)))
		fail("a failed upload left its domain or its build");
	/* A destroyed domain's build goes too: its domid may come back. */
	if (!errors && replies && destroyed >= 0 && builder_builds((domid_t)destroyed))
		fail("a destroyed domain's build was kept");
	want_id = 0;
	agent_xs_flush();
}

/* A domain shuts down by itself (SCHEDOP_shutdown), Dom0 gets VIRQ_DOM_EXC. */
static void shutdown_domain(uint8_t domid, uint8_t reason)
{
	model_shutdown(domid, reason % (SHUTDOWN_watchdog + 1));
	guest_scan();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	size_t pos = 0;
	uint32_t id = 1, len;
	bool synced = true;
	uint8_t kind;

	if (!ready) {
		model_init();
		frame_decoder_init(&out_dec, out_buf);
		ready = true;
	}
	while (pos + 5 <= size) {
		kind = data[pos];
		len = data[pos + 3] | (uint32_t)data[pos + 4] << 8;
		pos += 5;
		if (len > size - pos)
			len = (uint32_t)(size - pos);
		switch (kind & 0x3f) {
		case 0: case 1: case 2:
			request(kind, data[pos - 4] < NR_OPS ? ops[data[pos - 4]] :
				data[pos - 4], data[pos - 3], data + pos, len, id++,
				synced);
			pos += len;
			break;
		case 3:
			agent_input(data + pos, len);
			pos += len;
			synced = false;
			break;
		case 4:
			shutdown_domain(data[pos - 4], data[pos - 3]);
			break;
		default:
			periodic();
			break;
		}
	}
	model_reset();
	return 0;
}

/* Seeds: records as the input format above has them. */
static FILE *seed;

static void rec(uint8_t kind, uint16_t op, uint8_t chan, const void *p, size_t len)
{
	uint8_t h[5] = { kind, 0, chan, (uint8_t)len, (uint8_t)(len >> 8) };

	if (kind > 2)
		h[1] = (uint8_t)op;
	while (kind <= 2 && h[1] < NR_OPS && ops[h[1]] != op)
		h[1]++;
	fwrite(h, 1, sizeof(h), seed);
	fwrite(p, 1, len, seed);
}

static void rec_domid(uint16_t op, uint32_t domid)
{
	uint8_t buf[8];
	struct msg_buf b;
	struct msg_domid m = { domid };

	msg_buf_init(&b, buf, sizeof(buf));
	msg_put_domid(&b, &m);
	rec(0, op, 0, buf, b.len);
}

static void open_seed(const char *dir, const char *name)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	seed = fopen(path, "wb");
	if (!seed) {
		perror(path);
		exit(1);
	}
}

/* The smallest PVH kernel: one PT_LOAD at 1 MiB, the PHYS32_ENTRY note. */
static size_t tiny_kernel(uint8_t *k)
{
	Elf64_Phdr *ph;
	size_t note;

	memset(k, 0, 0x110);
	ph = pvh_kernel_header(k, 0x100000, sizeof(Elf64_Ehdr), 2);
	note = pvh_kernel_note(k + 0xc0, 0x100000);
	ph[0] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X,
		.p_offset = 0x100, .p_vaddr = 0x100000, .p_paddr = 0x100000,
		.p_filesz = 16, .p_memsz = 0x1000, .p_align = 16 };
	ph[1] = (Elf64_Phdr){ .p_type = PT_NOTE, .p_flags = PF_R,
		.p_offset = 0xc0, .p_filesz = note, .p_align = 4 };
	memset(k + 0x100, 0xf4, 16);
	return 0x110;
}

static void write_seeds(const char *dir)
{
	static uint8_t buf[FRAME_MAX_PAYLOAD], kernel[0x110];
	static const char xs_read[] = "/local/domain/0/name";
	struct xsd_sockmsg hdr = { .type = XS_READ, .req_id = 7,
				   .len = sizeof(xs_read) };
	struct msg_hello hello = { .version = MSG_PROTO_VERSION };
	struct msg_domspec spec = { .name = "fz", .uuid = { 0x5e, 0xed },
		.memory_kib = 4096,
		.maxmem_kib = 8192, .vcpus = 1, .maxvcpus = 2, .cpus = ~0ULL,
		.weight = 256, .nr_disks = 1, .nr_vifs = 1,
		.disks = { { "xvda", "ram:4M", false } },
		.vifs = { { { 0, 0x16, 0x3e, 1, 2, 3 }, "xenbr0", "10.0.0.9/24", false } } };
	struct msg_upload_data up = { .domid = 1, .image = MSG_IMAGE_KERNEL }, head;
	struct msg_upload_zero zero = { .domid = 1, .image = MSG_IMAGE_KERNEL };
	uint8_t run[MSG_ZERO_RUN_SIZE];
	struct msg_rename rn = { .domid = 1, .name = "fz2" };
	struct msg_mem mem = { .domid = 1, .kib = 4096 };
	struct msg_block blk = { .domid = 1, .disk = { "xvdb", "vda:0+1M", true } };
	struct msg_net net = { .domid = 1, .devid = MSG_DEVID_ANY,
		.vif = { { 0, 0x16, 0x3e, 4, 5, 6 }, "xenbr0", "", false } };
	struct msg_buf b;
	struct sha256 sha;

	open_seed(dir, "ops");
	msg_buf_init(&b, buf, sizeof(buf));
	msg_put_hello(&b, &hello);
	rec(0, OP_HELLO, 0, buf, b.len);
	rec(0, OP_LIST, 0, NULL, 0);
	rec(0, OP_INFO, 0, NULL, 0);
	rec(0, OP_DMESG, 0, NULL, 0);
	rec_domid(OP_VCPU_LIST, 0);
	rec_domid(OP_SCHED_GET, 0);
	rec_domid(OP_EXITS, 0);
	rec_domid(OP_USAGE, 0);
	rec(0, OP_XS_OPEN, 1, NULL, 0);
	memcpy(buf, &hdr, sizeof(hdr));
	memcpy(buf + sizeof(hdr), xs_read, sizeof(xs_read));
	rec(0, OP_XS_DATA, 1, buf, sizeof(hdr) + sizeof(xs_read));
	rec(5, 0, 0, NULL, 0);
	rec(0, OP_XS_CLOSE, 1, NULL, 0);
	fclose(seed);

	open_seed(dir, "build");
	up.len = (uint32_t)tiny_kernel(kernel);
	up.data = kernel;
	spec.image_size[MSG_IMAGE_KERNEL] = up.len;
	sha256_init(&sha);
	sha256_update(&sha, kernel, up.len);
	sha256_final(&sha, spec.image_sha256[MSG_IMAGE_KERNEL]);
	msg_buf_init(&b, buf, sizeof(buf));
	msg_put_domspec(&b, &spec);
	rec(0, OP_CREATE, 0, buf, b.len);
	msg_buf_init(&b, buf, sizeof(buf));
	msg_put_upload_data(&b, &up);
	rec(0, OP_UPLOAD_DATA, 0, buf, b.len);
	rec_domid(OP_UPLOAD_END, 1);
	rec(5, 0, 0, NULL, 0);
	rec(0, OP_CONSOLE_OPEN, 1, NULL, 0);
	rec(0, OP_CONSOLE_WRITE, 1, "ls\n", 3);
	rec(5, 0, 0, NULL, 0);
	msg_buf_init(&b, buf, sizeof(buf));
	msg_put_rename(&b, &rn);
	rec(0, OP_RENAME, 0, buf, b.len);
	msg_buf_init(&b, buf, sizeof(buf));
	msg_put_mem(&b, &mem);
	rec(0, OP_MEM_SET, 0, buf, b.len);
	msg_buf_init(&b, buf, sizeof(buf));
	msg_put_block(&b, &blk);
	rec(0, OP_BLOCK_ATTACH, 0, buf, b.len);
	rec_domid(OP_BLOCK_LIST, 1);
	msg_buf_init(&b, buf, sizeof(buf));
	msg_put_net(&b, &net);
	rec(0, OP_NET_ATTACH, 0, buf, b.len);
	rec_domid(OP_NET_LIST, 1);
	rec_domid(OP_PAUSE, 1);
	rec_domid(OP_UNPAUSE, 1);
	rec(4, 1, SHUTDOWN_crash, NULL, 0);
	rec(5, 0, 0, NULL, 0);
	rec_domid(OP_DESTROY, 1);
	fclose(seed);

	/* The same kernel with the zeros after its note as a zero run. */
	open_seed(dir, "build-zero");
	zero.offset = 0xd4;
	zero.len = 0x100 - 0xd4;
	msg_zero_run_encode(run, zero.offset, zero.len);
	sha256_init(&sha);
	sha256_update(&sha, kernel, 0xd4);
	sha256_update(&sha, run, sizeof(run));
	sha256_update(&sha, kernel + 0x100, up.len - 0x100);
	sha256_final(&sha, spec.image_sha256[MSG_IMAGE_KERNEL]);
	msg_buf_init(&b, buf, sizeof(buf));
	msg_put_domspec(&b, &spec);
	rec(0, OP_CREATE, 0, buf, b.len);
	head = up;
	head.len = 0xd4;
	msg_buf_init(&b, buf, sizeof(buf));
	msg_put_upload_data(&b, &head);
	rec(0, OP_UPLOAD_DATA, 0, buf, b.len);
	msg_buf_init(&b, buf, sizeof(buf));
	msg_put_upload_zero(&b, &zero);
	rec(0, OP_UPLOAD_ZERO, 0, buf, b.len);
	head.offset = 0x100;
	head.len = up.len - 0x100;
	head.data = kernel + 0x100;
	msg_buf_init(&b, buf, sizeof(buf));
	msg_put_upload_data(&b, &head);
	rec(0, OP_UPLOAD_DATA, 0, buf, b.len);
	rec_domid(OP_UPLOAD_END, 1);
	rec(5, 0, 0, NULL, 0);
	rec_domid(OP_DESTROY, 1);
	fclose(seed);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("DISPATCH_FUZZ_SEEDS");

	(void)argc, (void)argv;
	if (dir) {
		write_seeds(dir);
		exit(0);
	}
	return 0;
}
