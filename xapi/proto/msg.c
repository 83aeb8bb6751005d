/* SPDX-License-Identifier: MIT */
/* The management channel's payloads: little-endian reader, writer, messages. */
#include <errno.h>
#include <string.h>
#include "msg.h"

static void msg_get_domspec_part(struct msg_rd *r, struct msg_domspec *m);

void msg_buf_init(struct msg_buf *b, void *p, size_t cap)
{
	b->p = p;
	b->len = 0;
	b->cap = cap;
	b->err = 0;
}

void msg_put_bytes(struct msg_buf *b, const void *p, size_t n)
{
	if (b->err)
		return;
	if (n > b->cap - b->len) {
		b->err = -EMSGSIZE;
		return;
	}
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
}

static void put_le(struct msg_buf *b, uint64_t v, unsigned int size)
{
	uint8_t bytes[8];
	unsigned int i;

	for (i = 0; i < size; i++)
		bytes[i] = (uint8_t)(v >> (8 * i));
	msg_put_bytes(b, bytes, size);
}

void msg_put_u8(struct msg_buf *b, uint8_t v) { put_le(b, v, 1); }
void msg_put_u16(struct msg_buf *b, uint16_t v) { put_le(b, v, 2); }
void msg_put_u32(struct msg_buf *b, uint32_t v) { put_le(b, v, 4); }
void msg_put_u64(struct msg_buf *b, uint64_t v) { put_le(b, v, 8); }

void msg_put_str(struct msg_buf *b, const char *s)
{
	size_t n = strlen(s);

	if (n > 0xffff) {
		if (!b->err)
			b->err = -EMSGSIZE;
		return;
	}
	msg_put_u16(b, (uint16_t)n);
	msg_put_bytes(b, s, n);
}

void msg_rd_init(struct msg_rd *r, const void *p, size_t len)
{
	r->p = p;
	r->len = len;
	r->pos = 0;
	r->err = 0;
}

void msg_get_bytes(struct msg_rd *r, void *p, size_t n)
{
	if (!r->err && n > r->len - r->pos)
		r->err = -EBADMSG;
	if (r->err) {
		memset(p, 0, n);
		return;
	}
	memcpy(p, r->p + r->pos, n);
	r->pos += n;
}

static uint64_t get_le(struct msg_rd *r, unsigned int size)
{
	uint8_t bytes[8];
	uint64_t v = 0;
	unsigned int i;

	msg_get_bytes(r, bytes, size);
	for (i = 0; i < size; i++)
		v |= (uint64_t)bytes[i] << (8 * i);
	return v;
}

uint8_t msg_get_u8(struct msg_rd *r) { return (uint8_t)get_le(r, 1); }
uint16_t msg_get_u16(struct msg_rd *r) { return (uint16_t)get_le(r, 2); }
uint32_t msg_get_u32(struct msg_rd *r) { return (uint32_t)get_le(r, 4); }
uint64_t msg_get_u64(struct msg_rd *r) { return get_le(r, 8); }

void msg_get_str(struct msg_rd *r, char *dst, size_t cap)
{
	size_t n = msg_get_u16(r);

	if (!r->err && (n >= cap || n > r->len - r->pos ||
			memchr(r->p + r->pos, 0, n)))
		r->err = -EBADMSG;
	if (r->err) {
		dst[0] = 0;
		return;
	}
	memcpy(dst, r->p + r->pos, n);
	dst[n] = 0;
	r->pos += n;
}

int msg_rd_end(const struct msg_rd *r)
{
	if (r->err)
		return r->err;
	return r->pos == r->len ? 0 : -EBADMSG;
}

static bool get_bool(struct msg_rd *r)
{
	uint8_t v = msg_get_u8(r);

	if (v > 1 && !r->err)
		r->err = -EBADMSG;
	return v == 1;
}

void msg_put_hello(struct msg_buf *b, const struct msg_hello *m)
{
	msg_put_u32(b, m->version);
	msg_put_str(b, m->agent);
}

int msg_get_hello(struct msg_rd *r, struct msg_hello *m)
{
	m->version = msg_get_u32(r);
	msg_get_str(r, m->agent, sizeof(m->agent));
	return msg_rd_end(r);
}

void msg_put_error(struct msg_buf *b, const struct msg_error *m)
{
	msg_put_u32(b, (uint32_t)m->err);
	msg_put_str(b, m->text);
}

int msg_get_error(struct msg_rd *r, struct msg_error *m)
{
	m->err = (int32_t)msg_get_u32(r);
	msg_get_str(r, m->text, sizeof(m->text));
	if (!r->err && m->err >= 0)
		return -EBADMSG;
	return msg_rd_end(r);
}

void msg_put_domid(struct msg_buf *b, const struct msg_domid *m)
{
	msg_put_u32(b, m->domid);
}

int msg_get_domid(struct msg_rd *r, struct msg_domid *m)
{
	m->domid = msg_get_u32(r);
	return msg_rd_end(r);
}

void msg_put_physinfo(struct msg_buf *b, const struct msg_physinfo *m)
{
	msg_put_u32(b, m->nr_cpus);
	msg_put_u32(b, m->cpu_khz);
	msg_put_u64(b, m->total_kib);
	msg_put_u64(b, m->free_kib);
	msg_put_u32(b, m->xen_major);
	msg_put_u32(b, m->xen_minor);
	msg_put_str(b, m->xen_extra);
	msg_put_str(b, m->hvm_backend);
	msg_put_u32(b, m->nr_domains);
	msg_put_u64(b, m->uptime_ns);
}

int msg_get_physinfo(struct msg_rd *r, struct msg_physinfo *m)
{
	m->nr_cpus = msg_get_u32(r);
	m->cpu_khz = msg_get_u32(r);
	m->total_kib = msg_get_u64(r);
	m->free_kib = msg_get_u64(r);
	m->xen_major = msg_get_u32(r);
	m->xen_minor = msg_get_u32(r);
	msg_get_str(r, m->xen_extra, sizeof(m->xen_extra));
	msg_get_str(r, m->hvm_backend, sizeof(m->hvm_backend));
	m->nr_domains = msg_get_u32(r);
	m->uptime_ns = msg_get_u64(r);
	return msg_rd_end(r);
}

void msg_put_shutdown(struct msg_buf *b, const struct msg_shutdown *m)
{
	msg_put_u32(b, m->domid);
	msg_put_u32(b, m->reason);
}

int msg_get_shutdown(struct msg_rd *r, struct msg_shutdown *m)
{
	m->domid = msg_get_u32(r);
	m->reason = msg_get_u32(r);
	return msg_rd_end(r);
}

void msg_put_mem(struct msg_buf *b, const struct msg_mem *m)
{
	msg_put_u32(b, m->domid);
	msg_put_u64(b, m->kib);
}

int msg_get_mem(struct msg_rd *r, struct msg_mem *m)
{
	m->domid = msg_get_u32(r);
	m->kib = msg_get_u64(r);
	return msg_rd_end(r);
}

void msg_put_vcpu_pin(struct msg_buf *b, const struct msg_vcpu_pin *m)
{
	msg_put_u32(b, m->domid);
	msg_put_u32(b, m->vcpu);
	msg_put_u64(b, m->affinity);
}

int msg_get_vcpu_pin(struct msg_rd *r, struct msg_vcpu_pin *m)
{
	m->domid = msg_get_u32(r);
	m->vcpu = msg_get_u32(r);
	m->affinity = msg_get_u64(r);
	return msg_rd_end(r);
}

void msg_put_sched(struct msg_buf *b, const struct msg_sched *m)
{
	msg_put_u32(b, m->domid);
	msg_put_u32(b, m->weight);
	msg_put_u32(b, m->cap);
}

int msg_get_sched(struct msg_rd *r, struct msg_sched *m)
{
	m->domid = msg_get_u32(r);
	m->weight = msg_get_u32(r);
	m->cap = msg_get_u32(r);
	return msg_rd_end(r);
}

void msg_put_disk(struct msg_buf *b, const struct msg_disk *m)
{
	msg_put_str(b, m->vdev);
	msg_put_str(b, m->target);
	msg_put_u8(b, m->readonly);
}

int msg_get_disk(struct msg_rd *r, struct msg_disk *m)
{
	msg_get_str(r, m->vdev, sizeof(m->vdev));
	msg_get_str(r, m->target, sizeof(m->target));
	m->readonly = get_bool(r);
	return r->err;
}

void msg_put_vif(struct msg_buf *b, const struct msg_vif *m)
{
	msg_put_bytes(b, m->mac, sizeof(m->mac));
	msg_put_str(b, m->bridge);
	msg_put_str(b, m->ip);
	msg_put_u8(b, m->nat);
}

int msg_get_vif(struct msg_rd *r, struct msg_vif *m)
{
	msg_get_bytes(r, m->mac, sizeof(m->mac));
	msg_get_str(r, m->bridge, sizeof(m->bridge));
	msg_get_str(r, m->ip, sizeof(m->ip));
	m->nat = get_bool(r);
	return r->err;
}

void msg_put_domspec(struct msg_buf *b, const struct msg_domspec *m)
{
	unsigned int i;

	msg_put_str(b, m->name);
	msg_put_bytes(b, m->uuid, sizeof(m->uuid));
	msg_put_u64(b, m->memory_kib);
	msg_put_u64(b, m->maxmem_kib);
	msg_put_u32(b, m->vcpus);
	msg_put_u32(b, m->maxvcpus);
	msg_put_u64(b, m->cpus);
	msg_put_u32(b, m->weight);
	msg_put_u32(b, m->cap);
	for (i = 0; i < MSG_NR_IMAGES; i++) {
		msg_put_u64(b, m->image_size[i]);
		msg_put_bytes(b, m->image_sha256[i], sizeof(m->image_sha256[i]));
	}
	msg_put_str(b, m->cmdline);
	msg_put_u8(b, m->on_poweroff);
	msg_put_u8(b, m->on_reboot);
	msg_put_u8(b, m->on_crash);
	msg_put_u8(b, m->start_paused);
	msg_put_u32(b, m->nr_disks);
	for (i = 0; i < m->nr_disks && i < MSG_MAX_DISKS; i++)
		msg_put_disk(b, &m->disks[i]);
	msg_put_u32(b, m->nr_vifs);
	for (i = 0; i < m->nr_vifs && i < MSG_MAX_VIFS; i++)
		msg_put_vif(b, &m->vifs[i]);
	msg_put_u32(b, m->max_event_channels);
}

static uint8_t get_action(struct msg_rd *r)
{
	uint8_t v = msg_get_u8(r);

	if (v > MSG_ACTION_RENAME_RESTART && !r->err)
		r->err = -EBADMSG;
	return v;
}

/* The fields of a domspec, without the end-of-payload check. */
static void msg_get_domspec_part(struct msg_rd *r, struct msg_domspec *m)
{
	unsigned int i;

	msg_get_str(r, m->name, sizeof(m->name));
	msg_get_bytes(r, m->uuid, sizeof(m->uuid));
	m->memory_kib = msg_get_u64(r);
	m->maxmem_kib = msg_get_u64(r);
	m->vcpus = msg_get_u32(r);
	m->maxvcpus = msg_get_u32(r);
	m->cpus = msg_get_u64(r);
	m->weight = msg_get_u32(r);
	m->cap = msg_get_u32(r);
	for (i = 0; i < MSG_NR_IMAGES; i++) {
		m->image_size[i] = msg_get_u64(r);
		msg_get_bytes(r, m->image_sha256[i], sizeof(m->image_sha256[i]));
	}
	msg_get_str(r, m->cmdline, sizeof(m->cmdline));
	m->on_poweroff = get_action(r);
	m->on_reboot = get_action(r);
	m->on_crash = get_action(r);
	m->start_paused = get_bool(r);
	m->nr_disks = msg_get_u32(r);
	if (m->nr_disks > MSG_MAX_DISKS && !r->err)
		r->err = -EBADMSG;
	for (i = 0; !r->err && i < m->nr_disks; i++)
		msg_get_disk(r, &m->disks[i]);
	m->nr_vifs = msg_get_u32(r);
	if (m->nr_vifs > MSG_MAX_VIFS && !r->err)
		r->err = -EBADMSG;
	for (i = 0; !r->err && i < m->nr_vifs; i++)
		msg_get_vif(r, &m->vifs[i]);
	m->max_event_channels = msg_get_u32(r);
	if (m->max_event_channels > MSG_MAX_EVENT_CHANNELS && !r->err)
		r->err = -EBADMSG;
}

int msg_get_domspec(struct msg_rd *r, struct msg_domspec *m)
{
	msg_get_domspec_part(r, m);
	return msg_rd_end(r);
}

void msg_put_upload_data(struct msg_buf *b, const struct msg_upload_data *m)
{
	msg_put_u32(b, m->domid);
	msg_put_u32(b, m->image);
	msg_put_u64(b, m->offset);
	msg_put_u32(b, m->len);
	msg_put_bytes(b, m->data, m->len);
}

int msg_get_upload_data(struct msg_rd *r, struct msg_upload_data *m)
{
	m->domid = msg_get_u32(r);
	m->image = msg_get_u32(r);
	m->offset = msg_get_u64(r);
	m->len = msg_get_u32(r);
	m->data = NULL;
	if (!r->err && (m->image >= MSG_NR_IMAGES || m->len != r->len - r->pos))
		r->err = -EBADMSG;
	if (!r->err) {
		m->data = r->p + r->pos;
		r->pos += m->len;
	}
	return msg_rd_end(r);
}

void msg_put_upload_zero(struct msg_buf *b, const struct msg_upload_zero *m)
{
	msg_put_u32(b, m->domid);
	msg_put_u32(b, m->image);
	msg_put_u64(b, m->offset);
	msg_put_u64(b, m->len);
}

int msg_get_upload_zero(struct msg_rd *r, struct msg_upload_zero *m)
{
	m->domid = msg_get_u32(r);
	m->image = msg_get_u32(r);
	m->offset = msg_get_u64(r);
	m->len = msg_get_u64(r);
	if (!r->err && (m->image >= MSG_NR_IMAGES || !m->len))
		r->err = -EBADMSG;
	return msg_rd_end(r);
}

void msg_zero_run_encode(uint8_t out[MSG_ZERO_RUN_SIZE], uint64_t offset,
			 uint64_t len)
{
	struct msg_buf b;

	msg_buf_init(&b, out, MSG_ZERO_RUN_SIZE);
	msg_put_u64(&b, offset);
	msg_put_u64(&b, len);
}

void msg_put_create(struct msg_buf *b, const struct msg_create *m)
{
	msg_put_domspec(b, &m->spec);
	msg_put_str(b, m->kernel);
	msg_put_str(b, m->ramdisk);
}

int msg_get_create(struct msg_rd *r, struct msg_create *m)
{
	msg_get_domspec_part(r, &m->spec);
	msg_get_str(r, m->kernel, sizeof(m->kernel));
	msg_get_str(r, m->ramdisk, sizeof(m->ramdisk));
	return msg_rd_end(r);
}

void msg_put_rename(struct msg_buf *b, const struct msg_rename *m)
{
	msg_put_u32(b, m->domid);
	msg_put_str(b, m->name);
}

int msg_get_rename(struct msg_rd *r, struct msg_rename *m)
{
	m->domid = msg_get_u32(r);
	msg_get_str(r, m->name, sizeof(m->name));
	return msg_rd_end(r);
}

void msg_put_dominfo(struct msg_buf *b, const struct msg_dominfo *m)
{
	msg_put_u32(b, m->domid);
	msg_put_u32(b, m->state);
	msg_put_u32(b, m->shutdown_reason);
	msg_put_u64(b, m->mem_kib);
	msg_put_u64(b, m->maxmem_kib);
	msg_put_u32(b, m->vcpus);
	msg_put_u64(b, m->cpu_time_ns);
	msg_put_str(b, m->name);
	msg_put_u64(b, m->start_ns);
	msg_put_bytes(b, m->uuid, sizeof(m->uuid));
	msg_put_u64(b, m->seen_ns);
}

int msg_get_dominfo(struct msg_rd *r, struct msg_dominfo *m)
{
	m->domid = msg_get_u32(r);
	m->state = msg_get_u32(r);
	m->shutdown_reason = msg_get_u32(r);
	m->mem_kib = msg_get_u64(r);
	m->maxmem_kib = msg_get_u64(r);
	m->vcpus = msg_get_u32(r);
	m->cpu_time_ns = msg_get_u64(r);
	msg_get_str(r, m->name, sizeof(m->name));
	m->start_ns = msg_get_u64(r);
	msg_get_bytes(r, m->uuid, sizeof(m->uuid));
	m->seen_ns = msg_get_u64(r);
	return r->err;
}

void msg_put_vcpuinfo(struct msg_buf *b, const struct msg_vcpuinfo *m)
{
	msg_put_u32(b, m->vcpu);
	msg_put_u32(b, m->cpu);
	msg_put_u8(b, m->online);
	msg_put_u8(b, m->blocked);
	msg_put_u8(b, m->running);
	msg_put_u64(b, m->cpu_time_ns);
	msg_put_u64(b, m->affinity);
}

int msg_get_vcpuinfo(struct msg_rd *r, struct msg_vcpuinfo *m)
{
	m->vcpu = msg_get_u32(r);
	m->cpu = msg_get_u32(r);
	m->online = get_bool(r);
	m->blocked = get_bool(r);
	m->running = get_bool(r);
	m->cpu_time_ns = msg_get_u64(r);
	m->affinity = msg_get_u64(r);
	return r->err;
}

void msg_put_exit(struct msg_buf *b, const struct msg_exit *m)
{
	msg_put_u32(b, m->reason);
	msg_put_u64(b, m->count);
}

int msg_get_exit(struct msg_rd *r, struct msg_exit *m)
{
	m->reason = msg_get_u32(r);
	m->count = msg_get_u64(r);
	return r->err;
}

void msg_put_usage(struct msg_buf *b, const struct msg_usage *m)
{
	msg_put_u32(b, m->domid);
	msg_put_u32(b, m->evtchn_ports);
	msg_put_u32(b, m->grant_entries);
	msg_put_u32(b, m->grant_entries_mapped);
	msg_put_u32(b, m->grant_maps);
	msg_put_u64(b, m->xs_ops);
}

int msg_get_usage(struct msg_rd *r, struct msg_usage *m)
{
	m->domid = msg_get_u32(r);
	m->evtchn_ports = msg_get_u32(r);
	m->grant_entries = msg_get_u32(r);
	m->grant_entries_mapped = msg_get_u32(r);
	m->grant_maps = msg_get_u32(r);
	m->xs_ops = msg_get_u64(r);
	return msg_rd_end(r);
}

void msg_put_block(struct msg_buf *b, const struct msg_block *m)
{
	msg_put_u32(b, m->domid);
	msg_put_disk(b, &m->disk);
}

int msg_get_block(struct msg_rd *r, struct msg_block *m)
{
	m->domid = msg_get_u32(r);
	msg_get_disk(r, &m->disk);
	return msg_rd_end(r);
}

void msg_put_net(struct msg_buf *b, const struct msg_net *m)
{
	msg_put_u32(b, m->domid);
	msg_put_u32(b, m->devid);
	msg_put_vif(b, &m->vif);
}

int msg_get_net(struct msg_rd *r, struct msg_net *m)
{
	m->domid = msg_get_u32(r);
	m->devid = msg_get_u32(r);
	msg_get_vif(r, &m->vif);
	return msg_rd_end(r);
}

static void put_devstate(struct msg_buf *b, const struct msg_devstate *m)
{
	msg_put_u32(b, m->backend);
	msg_put_u32(b, m->frontend);
}

static void get_devstate(struct msg_rd *r, struct msg_devstate *m)
{
	m->backend = msg_get_u32(r);
	m->frontend = msg_get_u32(r);
}

void msg_put_blockinfo(struct msg_buf *b, const struct msg_blockinfo *m)
{
	msg_put_u32(b, m->devid);
	msg_put_disk(b, &m->disk);
	put_devstate(b, &m->state);
	msg_put_u64(b, m->rd_req);
	msg_put_u64(b, m->wr_req);
	msg_put_u64(b, m->rd_sect);
	msg_put_u64(b, m->wr_sect);
	msg_put_u64(b, m->errors);
}

int msg_get_blockinfo(struct msg_rd *r, struct msg_blockinfo *m)
{
	m->devid = msg_get_u32(r);
	msg_get_disk(r, &m->disk);
	get_devstate(r, &m->state);
	m->rd_req = msg_get_u64(r);
	m->wr_req = msg_get_u64(r);
	m->rd_sect = msg_get_u64(r);
	m->wr_sect = msg_get_u64(r);
	m->errors = msg_get_u64(r);
	return r->err;
}

void msg_put_netinfo(struct msg_buf *b, const struct msg_netinfo *m)
{
	msg_put_u32(b, m->devid);
	msg_put_vif(b, &m->vif);
	put_devstate(b, &m->state);
	msg_put_u64(b, m->rx_packets);
	msg_put_u64(b, m->rx_bytes);
	msg_put_u64(b, m->tx_packets);
	msg_put_u64(b, m->tx_bytes);
	msg_put_u64(b, m->drops);
}

int msg_get_netinfo(struct msg_rd *r, struct msg_netinfo *m)
{
	m->devid = msg_get_u32(r);
	msg_get_vif(r, &m->vif);
	get_devstate(r, &m->state);
	m->rx_packets = msg_get_u64(r);
	m->rx_bytes = msg_get_u64(r);
	m->tx_packets = msg_get_u64(r);
	m->tx_bytes = msg_get_u64(r);
	m->drops = msg_get_u64(r);
	return r->err;
}
