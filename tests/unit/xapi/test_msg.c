/* SPDX-License-Identifier: MIT */
/* The payloads: every message round-trips; hostile payloads are refused. */
#include <errno.h>
#include <string.h>
#include <CUnit/CUnit.h>
#include "proto/msg.h"
#include "suites.h"

static uint8_t buf[8192];

static void spec_fill(struct msg_domspec *s)
{
	memset(s, 0, sizeof(*s));
	strcpy(s->name, "guest-1");
	s->uuid[0] = 0xde;
	s->uuid[15] = 0xad;
	s->memory_kib = 16384;
	s->maxmem_kib = 32768;
	s->vcpus = 1;
	s->maxvcpus = 1;
	s->cpus = ~0ULL;
	s->weight = 256;
	s->cap = 50;
	s->max_event_channels = 40;
	s->image_size[MSG_IMAGE_KERNEL] = 66 << 20;
	s->image_sha256[MSG_IMAGE_KERNEL][31] = 7;
	strcpy(s->cmdline, "console=hvc0");
	s->on_crash = MSG_ACTION_PRESERVE;
	s->on_reboot = MSG_ACTION_RESTART;
	s->start_paused = true;
	s->nr_disks = 1;
	strcpy(s->disks[0].vdev, "xvda");
	strcpy(s->disks[0].target, "vda:1M+4M");
	s->disks[0].readonly = true;
	s->nr_vifs = 1;
	memcpy(s->vifs[0].mac, "\x00\x16\x3e\x00\x00\x07", 6);
	strcpy(s->vifs[0].bridge, "xenbr0");
	strcpy(s->vifs[0].ip, "10.0.0.7/24");
	s->vifs[0].nat = true;
}

static void domspec_round_trip(void)
{
	struct msg_domspec a, b;
	struct msg_buf w;
	struct msg_rd r;

	spec_fill(&a);
	msg_buf_init(&w, buf, sizeof(buf));
	msg_put_domspec(&w, &a);
	CU_ASSERT_EQUAL(w.err, 0);
	msg_rd_init(&r, buf, w.len);
	CU_ASSERT_EQUAL(msg_get_domspec(&r, &b), 0);
	CU_ASSERT_STRING_EQUAL(b.name, "guest-1");
	CU_ASSERT(!memcmp(a.uuid, b.uuid, 16));
	CU_ASSERT_EQUAL(b.memory_kib, 16384);
	CU_ASSERT_EQUAL(b.maxmem_kib, 32768);
	CU_ASSERT_EQUAL(b.cpus, ~0ULL);
	CU_ASSERT_EQUAL(b.cap, 50);
	CU_ASSERT_EQUAL(b.max_event_channels, 40);
	CU_ASSERT_EQUAL(b.image_size[MSG_IMAGE_KERNEL], 66 << 20);
	CU_ASSERT(!memcmp(a.image_sha256, b.image_sha256, sizeof(a.image_sha256)));
	CU_ASSERT_STRING_EQUAL(b.cmdline, "console=hvc0");
	CU_ASSERT_EQUAL(b.on_crash, MSG_ACTION_PRESERVE);
	CU_ASSERT_EQUAL(b.on_reboot, MSG_ACTION_RESTART);
	CU_ASSERT(b.start_paused);
	CU_ASSERT_EQUAL(b.nr_disks, 1);
	CU_ASSERT_STRING_EQUAL(b.disks[0].vdev, "xvda");
	CU_ASSERT_STRING_EQUAL(b.disks[0].target, "vda:1M+4M");
	CU_ASSERT(b.disks[0].readonly);
	CU_ASSERT_EQUAL(b.nr_vifs, 1);
	CU_ASSERT(!memcmp(b.vifs[0].mac, a.vifs[0].mac, 6));
	CU_ASSERT_STRING_EQUAL(b.vifs[0].bridge, "xenbr0");
	CU_ASSERT_STRING_EQUAL(b.vifs[0].ip, "10.0.0.7/24");
	CU_ASSERT(b.vifs[0].nat);

	/* Every truncation is refused. */
	for (size_t n = 0; n < w.len; n++) {
		msg_rd_init(&r, buf, n);
		CU_ASSERT_EQUAL(msg_get_domspec(&r, &b), -EBADMSG);
	}
	/* So is a trailing byte. */
	msg_rd_init(&r, buf, w.len + 1);
	CU_ASSERT_EQUAL(msg_get_domspec(&r, &b), -EBADMSG);
}

static void hostile_fields(void)
{
	struct msg_domspec s;
	struct msg_rename rn;
	struct msg_buf w;
	struct msg_rd r;
	size_t last;

	/* A vif's nat of 2, a disk's readonly of 2, five disks. */
	spec_fill(&s);
	msg_buf_init(&w, buf, sizeof(buf));
	msg_put_domspec(&w, &s);
	buf[w.len - 5] = 2;	/* then max_event_channels */
	msg_rd_init(&r, buf, w.len);
	CU_ASSERT_EQUAL(msg_get_domspec(&r, &s), -EBADMSG);
	spec_fill(&s);
	s.nr_vifs = 0;
	msg_buf_init(&w, buf, sizeof(buf));
	msg_put_domspec(&w, &s);
	buf[w.len - 9] = 2;
	msg_rd_init(&r, buf, w.len);
	CU_ASSERT_EQUAL(msg_get_domspec(&r, &s), -EBADMSG);
	s.nr_disks = 0;
	msg_buf_init(&w, buf, sizeof(buf));
	msg_put_domspec(&w, &s);
	buf[w.len - 12] = 5;	/* nr_disks, then nr_vifs 0 */
	msg_rd_init(&r, buf, w.len);
	CU_ASSERT_EQUAL(msg_get_domspec(&r, &s), -EBADMSG);

	/* An action past rename-restart, a start_paused of 2. */
	spec_fill(&s);
	s.nr_disks = s.nr_vifs = 0;
	msg_buf_init(&w, buf, sizeof(buf));
	msg_put_domspec(&w, &s);
	last = w.len - 13;	/* then the two device counts and a u32 */
	buf[last] = 2;
	msg_rd_init(&r, buf, w.len);
	CU_ASSERT_EQUAL(msg_get_domspec(&r, &s), -EBADMSG);
	buf[last] = 0;
	buf[last - 1] = 9;
	msg_rd_init(&r, buf, w.len);
	CU_ASSERT_EQUAL(msg_get_domspec(&r, &s), -EBADMSG);

	/* max_event_channels: the FIFO ABI's highest port, and one past it. */
	spec_fill(&s);
	s.max_event_channels = MSG_MAX_EVENT_CHANNELS;
	msg_buf_init(&w, buf, sizeof(buf));
	msg_put_domspec(&w, &s);
	msg_rd_init(&r, buf, w.len);
	CU_ASSERT_EQUAL(msg_get_domspec(&r, &s), 0);
	CU_ASSERT_EQUAL(s.max_event_channels, 131071);
	s.max_event_channels = MSG_MAX_EVENT_CHANNELS + 1;
	msg_buf_init(&w, buf, sizeof(buf));
	msg_put_domspec(&w, &s);
	msg_rd_init(&r, buf, w.len);
	CU_ASSERT_EQUAL(msg_get_domspec(&r, &s), -EBADMSG);

	/* A name of exactly the maximum fits; one more byte or a NUL does not. */
	memset(rn.name, 'a', sizeof(rn.name) - 1);
	rn.name[sizeof(rn.name) - 1] = 0;
	rn.domid = 3;
	msg_buf_init(&w, buf, sizeof(buf));
	msg_put_rename(&w, &rn);
	msg_rd_init(&r, buf, w.len);
	CU_ASSERT_EQUAL(msg_get_rename(&r, &rn), 0);
	CU_ASSERT_EQUAL(strlen(rn.name), MSG_NAME_MAX - 1);
	buf[4] = MSG_NAME_MAX;	/* the string's length, one too many */
	msg_rd_init(&r, buf, w.len + 1);
	CU_ASSERT_EQUAL(msg_get_rename(&r, &rn), -EBADMSG);
	buf[4] = MSG_NAME_MAX - 1;
	buf[10] = 0;
	msg_rd_init(&r, buf, w.len);
	CU_ASSERT_EQUAL(msg_get_rename(&r, &rn), -EBADMSG);
}

static void writer_overflow_is_sticky(void)
{
	struct msg_domspec s;
	struct msg_buf w;

	spec_fill(&s);
	msg_buf_init(&w, buf, 40);
	msg_put_domspec(&w, &s);
	CU_ASSERT_EQUAL(w.err, -EMSGSIZE);
	CU_ASSERT(w.len <= 40);
}

static void list_and_upload(void)
{
	struct msg_dominfo d = { .domid = 5, .state = MSG_DOM_PAUSED,
				 .mem_kib = 4096, .vcpus = 1,
				 .cpu_time_ns = 123456789,
				 .uuid = { 0xde, 0xad, [15] = 0x42 },
				 .seen_ns = 0x0123456789abcdefULL };
	struct msg_dominfo out;
	struct msg_upload_data u = { .domid = 5, .image = MSG_IMAGE_RAMDISK,
				     .offset = 1 << 20, .len = 3,
				     .data = (const uint8_t *)"abc" };
	struct msg_upload_data uo;
	struct msg_upload_zero z = { .domid = 5, .image = MSG_IMAGE_KERNEL,
				     .offset = 3ULL << 32, .len = (5ULL << 32) + 4096 };
	struct msg_upload_zero zo;
	uint8_t enc[MSG_ZERO_RUN_SIZE];
	struct msg_buf w;
	struct msg_rd r;
	uint32_t i, n;

	strcpy(d.name, "five");
	msg_buf_init(&w, buf, sizeof(buf));
	msg_put_u32(&w, 3);
	for (i = 0; i < 3; i++)
		msg_put_dominfo(&w, &d);
	msg_rd_init(&r, buf, w.len);
	n = msg_get_u32(&r);
	CU_ASSERT_EQUAL(n, 3);
	for (i = 0; i < n; i++) {
		CU_ASSERT_EQUAL(msg_get_dominfo(&r, &out), 0);
		CU_ASSERT_STRING_EQUAL(out.name, "five");
		CU_ASSERT_EQUAL(out.cpu_time_ns, 123456789);
		CU_ASSERT(!memcmp(out.uuid, d.uuid, sizeof(d.uuid)));
		CU_ASSERT_EQUAL(out.seen_ns, 0x0123456789abcdefULL);
	}
	CU_ASSERT_EQUAL(msg_rd_end(&r), 0);

	msg_buf_init(&w, buf, sizeof(buf));
	msg_put_upload_data(&w, &u);
	msg_rd_init(&r, buf, w.len);
	CU_ASSERT_EQUAL(msg_get_upload_data(&r, &uo), 0);
	CU_ASSERT_EQUAL(uo.offset, 1 << 20);
	CU_ASSERT_EQUAL(uo.len, 3);
	CU_ASSERT(uo.data && !memcmp(uo.data, "abc", 3));
	/* A length that disagrees with the payload, an image past the last. */
	msg_rd_init(&r, buf, w.len - 1);
	CU_ASSERT_EQUAL(msg_get_upload_data(&r, &uo), -EBADMSG);
	buf[4] = MSG_NR_IMAGES;
	msg_rd_init(&r, buf, w.len);
	CU_ASSERT_EQUAL(msg_get_upload_data(&r, &uo), -EBADMSG);

	/* A zero run: 64-bit length; truncated, empty or a bad image refused. */
	msg_buf_init(&w, buf, sizeof(buf));
	msg_put_upload_zero(&w, &z);
	CU_ASSERT_EQUAL(w.len, 24);
	msg_rd_init(&r, buf, w.len);
	CU_ASSERT_EQUAL(msg_get_upload_zero(&r, &zo), 0);
	CU_ASSERT(zo.domid == 5 && zo.image == MSG_IMAGE_KERNEL &&
		  zo.offset == 3ULL << 32 && zo.len == (5ULL << 32) + 4096);
	msg_rd_init(&r, buf, w.len - 1);
	CU_ASSERT_EQUAL(msg_get_upload_zero(&r, &zo), -EBADMSG);
	msg_rd_init(&r, buf, w.len + 1);
	CU_ASSERT_EQUAL(msg_get_upload_zero(&r, &zo), -EBADMSG);
	z.len = 0;
	msg_buf_init(&w, buf, sizeof(buf));
	msg_put_upload_zero(&w, &z);
	msg_rd_init(&r, buf, w.len);
	CU_ASSERT_EQUAL(msg_get_upload_zero(&r, &zo), -EBADMSG);
	z.len = 1;
	z.image = MSG_NR_IMAGES;
	msg_buf_init(&w, buf, sizeof(buf));
	msg_put_upload_zero(&w, &z);
	msg_rd_init(&r, buf, w.len);
	CU_ASSERT_EQUAL(msg_get_upload_zero(&r, &zo), -EBADMSG);
	/* Its digest encoding: offset then length, little-endian. */
	msg_zero_run_encode(enc, 0x0102030405060708ULL, 0x1112131415161718ULL);
	CU_ASSERT(enc[0] == 0x08 && enc[7] == 0x01 && enc[8] == 0x18 && enc[15] == 0x11);
}

/* The hot-plug requests and the device lists, and their truncations. */
static void devices(void)
{
	struct msg_block b = { .domid = 3 }, bo;
	struct msg_net n = { .domid = 3, .devid = MSG_DEVID_ANY }, no;
	struct msg_blockinfo bi = { .devid = 51728, .state = { 4, 4 },
				    .wr_sect = 16, .errors = 2 }, bio;
	struct msg_netinfo ni = { .devid = 1, .state = { 4, 3 },
				  .rx_packets = 7, .drops = 1 }, nio;
	struct msg_buf w;
	struct msg_rd r;
	size_t k;

	strcpy(b.disk.vdev, "xvdb");
	strcpy(b.disk.target, "ram:4M");
	b.disk.readonly = true;
	msg_buf_init(&w, buf, sizeof(buf));
	msg_put_block(&w, &b);
	msg_rd_init(&r, buf, w.len);
	CU_ASSERT_EQUAL(msg_get_block(&r, &bo), 0);
	CU_ASSERT_EQUAL(bo.domid, 3);
	CU_ASSERT_STRING_EQUAL(bo.disk.target, "ram:4M");
	CU_ASSERT(bo.disk.readonly);
	for (k = 0; k < w.len; k++) {
		msg_rd_init(&r, buf, k);
		CU_ASSERT_EQUAL(msg_get_block(&r, &bo), -EBADMSG);
	}

	memcpy(n.vif.mac, "\x00\x16\x3e\x00\x00\x09", 6);
	strcpy(n.vif.ip, "10.0.0.31/24");
	msg_buf_init(&w, buf, sizeof(buf));
	msg_put_net(&w, &n);
	msg_rd_init(&r, buf, w.len + 1);
	CU_ASSERT_EQUAL(msg_get_net(&r, &no), -EBADMSG);	/* trailing byte */
	msg_rd_init(&r, buf, w.len);
	CU_ASSERT_EQUAL(msg_get_net(&r, &no), 0);
	CU_ASSERT_EQUAL(no.devid, MSG_DEVID_ANY);
	CU_ASSERT_STRING_EQUAL(no.vif.ip, "10.0.0.31/24");
	CU_ASSERT_EQUAL(no.vif.mac[5], 9);

	strcpy(bi.disk.vdev, "xvdb");
	strcpy(ni.vif.bridge, "xenbr0");
	msg_buf_init(&w, buf, sizeof(buf));
	msg_put_u32(&w, 1);
	msg_put_blockinfo(&w, &bi);
	msg_put_u32(&w, 1);
	msg_put_netinfo(&w, &ni);
	msg_rd_init(&r, buf, w.len);
	CU_ASSERT_EQUAL(msg_get_u32(&r), 1);
	CU_ASSERT_EQUAL(msg_get_blockinfo(&r, &bio), 0);
	CU_ASSERT_EQUAL(msg_get_u32(&r), 1);
	CU_ASSERT_EQUAL(msg_get_netinfo(&r, &nio), 0);
	CU_ASSERT_EQUAL(msg_rd_end(&r), 0);
	CU_ASSERT_EQUAL(bio.devid, 51728);
	CU_ASSERT_EQUAL(bio.wr_sect, 16);
	CU_ASSERT_EQUAL(bio.errors, 2);
	CU_ASSERT_EQUAL(bio.state.backend, 4);
	CU_ASSERT_EQUAL(nio.state.frontend, 3);
	CU_ASSERT_EQUAL(nio.rx_packets, 7);
	CU_ASSERT_EQUAL(nio.drops, 1);
	CU_ASSERT_STRING_EQUAL(nio.vif.bridge, "xenbr0");
}

static void error_must_be_negative(void)
{
	struct msg_error e = { .err = -ENOMEM }, o;
	struct msg_buf w;
	struct msg_rd r;

	strcpy(e.text, "populate: out of memory");
	msg_buf_init(&w, buf, sizeof(buf));
	msg_put_error(&w, &e);
	msg_rd_init(&r, buf, w.len);
	CU_ASSERT_EQUAL(msg_get_error(&r, &o), 0);
	CU_ASSERT_EQUAL(o.err, -ENOMEM);
	CU_ASSERT_STRING_EQUAL(o.text, "populate: out of memory");
	e.err = 0;
	msg_buf_init(&w, buf, sizeof(buf));
	msg_put_error(&w, &e);
	msg_rd_init(&r, buf, w.len);
	CU_ASSERT_EQUAL(msg_get_error(&r, &o), -EBADMSG);
}

int msg_suite(void)
{
	CU_pSuite s = CU_add_suite("xapi-msg", NULL, NULL);

	if (!s || !CU_add_test(s, "domspec-round-trip", domspec_round_trip) ||
	    !CU_add_test(s, "hostile-fields", hostile_fields) ||
	    !CU_add_test(s, "writer-overflow", writer_overflow_is_sticky) ||
	    !CU_add_test(s, "list-and-upload", list_and_upload) ||
	    !CU_add_test(s, "devices", devices) ||
	    !CU_add_test(s, "error-negative", error_must_be_negative))
		return -1;
	return 0;
}
