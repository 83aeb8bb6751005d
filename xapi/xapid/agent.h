/* SPDX-License-Identifier: MIT */
/*
 * The toolstack operations of Dom0's agent, as asynchronous calls for
 * xapid's code (its local socket, its HTTP/REST/XenAPI layer).  There is
 * one agent per xapid: the channel to Dom0 (channel.h) with its requests in
 * flight.  Everything here runs on xapid's libevent loop and must be
 * called from it; nothing blocks.
 *
 * Calls.  Each agent_* call below sends one request and returns 0 when it
 * is on its way: its callback then runs exactly once, later (never from
 * inside the call), with the result.  A call that returns -errno never
 * runs its callback: -ENOTCONN when the channel to Dom0 is down (QEMU not
 * running or restarting), -EINVAL for arguments refused before sending,
 * -ENOMEM.  A result's err is 0 or a negative Xen errno: Dom0's answer
 * (-ESRCH: no such domain, ...), -ETIMEDOUT when Dom0 did not answer
 * within AGENT_TIMEOUT_S, -ECONNRESET when the channel dropped with the
 * request in flight.  With an error, text says what failed and why in one
 * sentence fit for a user ("populate: out of memory"); it is never NULL.
 * Pointers handed to a callback are valid only during it.
 *
 * Events.  An agent_watch sees domains change (created, paused, shut down,
 * crashed, renamed: the new state) and go, and the channel come up and go
 * down.  After the channel comes up, a watcher should list the domains
 * again: changes made while it was down were not seen.
 */
#ifndef XAPID_AGENT_H
#define XAPID_AGENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "config/config.h"
#include "proto/frame.h"
#include "proto/msg.h"

struct event_base;

#define AGENT_TIMEOUT_S		30	/* per request; an upload chunk counts as one */

/* The outcome of a call: err 0, or -errno with text. */
struct agent_result {
	int err;
	const char *text;
};

/* Callbacks: r first, the typed answer after it (meaningful when !r->err). */
typedef void agent_done_fn(const struct agent_result *r, void *arg);
typedef void agent_list_fn(const struct agent_result *r,
			   const struct msg_dominfo *doms, unsigned int n,
			   void *arg);
typedef void agent_info_fn(const struct agent_result *r,
			   const struct msg_physinfo *info, void *arg);
typedef void agent_domid_fn(const struct agent_result *r, uint32_t domid,
			    void *arg);
typedef void agent_vcpus_fn(const struct agent_result *r,
			    const struct msg_vcpuinfo *vcpus, unsigned int n,
			    void *arg);
typedef void agent_sched_fn(const struct agent_result *r,
			    const struct msg_sched *sched, void *arg);
typedef void agent_text_fn(const struct agent_result *r, const char *text,
			   size_t len, void *arg);
typedef void agent_usage_fn(const struct agent_result *r,
			    const struct msg_usage *usage, void *arg);
typedef void agent_exits_fn(const struct agent_result *r,
			    const struct msg_exit *exits, unsigned int n,
			    void *arg);

/*
 * Starts the agent on base: connects to the channel's UNIX socket at path
 * (QEMU's end of Dom0's management port) and keeps reconnecting, every
 * second, while it is absent or after it drops.  0 or -errno.
 */
int agent_init(struct event_base *base, const char *path);

/* Fails every call in flight with -ECONNRESET, closes the channel. */
void agent_fini(void);

/* True while the channel is up and Dom0's agent has said hello. */
bool agent_connected(void);

/* The domains, in domid order (Dom0 and boot-module domains included). */
int agent_list(agent_list_fn *fn, void *arg);

/* The host: CPUs, memory (total and free), hypervisor version. */
int agent_info(agent_info_fn *fn, void *arg);

/*
 * Creates a domain from cfg: reads the kernel and ramdisk from their host
 * paths (a bzImage is unpacked to its ELF first), sends the spec, streams
 * each image into the new domain's memory with its SHA-256 and has Dom0
 * finish the build.  fn gets the new domid.  The domain runs when fn is
 * called, or is paused if cfg->spec.start_paused.  A failure at any step
 * leaves no domain behind; r->text names the step ("load: ...").  When
 * it returns -errno, why says what ("kernel: PATH: No such file or
 * directory").  cfg is copied.
 */
int agent_create(const struct config *cfg, agent_domid_fn *fn, void *arg,
		 char *why, size_t why_size);

/* What agent_domain_op() does. */
enum agent_domop {
	AGENT_DESTROY,		/* tear it down now */
	AGENT_PAUSE,
	AGENT_UNPAUSE,
	AGENT_POWEROFF,		/* ask the guest, through control/shutdown */
	AGENT_REBOOT,		/* ask the guest; on_reboot then applies */
};

/*
 * op on domain domid.  For AGENT_POWEROFF and AGENT_REBOOT, fn runs when
 * the request is written to the guest's control/shutdown, not when it has
 * shut down: watch for that (agent_watch) if you must wait.
 */
int agent_domain_op(enum agent_domop op, uint32_t domid, agent_done_fn *fn,
		    void *arg);

/* The domain's memory target (kib) or its maximum (kib). */
int agent_mem_set(uint32_t domid, uint64_t kib, agent_done_fn *fn, void *arg);
int agent_mem_max(uint32_t domid, uint64_t kib, agent_done_fn *fn, void *arg);

/* The domain's vCPUs: where each runs, its CPU time and hard affinity. */
int agent_vcpu_list(uint32_t domid, agent_vcpus_fn *fn, void *arg);

/* Hard affinity of vCPU vcpu (MSG_ALL_VCPUS: each) to the CPUs in mask. */
int agent_vcpu_pin(uint32_t domid, uint32_t vcpu, uint64_t mask,
		   agent_done_fn *fn, void *arg);

/* The credit scheduler's weight and cap of one domain. */
int agent_sched_get(uint32_t domid, agent_sched_fn *fn, void *arg);
int agent_sched_set(const struct msg_sched *s, agent_done_fn *fn, void *arg);

/* The hypervisor's console ring, as `xl dmesg` prints it. */
int agent_dmesg(agent_text_fn *fn, void *arg);

/* The domain's VM exits by reason, summed over its vCPUs. */
int agent_exits(uint32_t domid, agent_exits_fn *fn, void *arg);

/* What the domain uses of event channels, grants and xenstore (OP_USAGE). */
int agent_usage(uint32_t domid, agent_usage_fn *fn, void *arg);

/* Renames domain domid (its /local/domain/N/name). */
int agent_rename(uint32_t domid, const char *name, agent_done_fn *fn,
		 void *arg);

/*
 * A domain's console.  Opening streams its output to out() as it comes
 * (starting with what it wrote recently); agent_console_write() types into
 * it.  closed() runs once when the stream ends: the domain went (-ESRCH),
 * the channel dropped (-ECONNRESET), or agent_console_close() (0).  One
 * stream per domain at a time per agent: a second open is -EBUSY.
 * Output and closed() run from the loop; c is copied.
 */
struct agent_console {
	void (*out)(const void *data, size_t len, void *arg);
	void (*closed)(int err, void *arg);
	void *arg;
};
int agent_console_open(uint32_t domid, const struct agent_console *c);
int agent_console_write(uint32_t domid, const void *data, size_t len);
void agent_console_close(uint32_t domid);

/*
 * Watching.  The caller owns w, which must stay valid until removed; any
 * of the three functions may be NULL.
 */
struct agent_watch {
	void (*domain)(const struct msg_dominfo *info, void *arg);
	void (*gone)(uint32_t domid, void *arg);
	void (*link)(bool up, void *arg);
	void *arg;
	struct agent_watch *next;	/* the agent's */
};
void agent_watch_add(struct agent_watch *w);
void agent_watch_remove(struct agent_watch *w);

/*
 * Forgets every call in flight whose arg is arg: their callbacks will not
 * run.  For a caller that goes away first (a client disconnected).
 */
void agent_cancel(void *arg);

/*
 * For xapid's relays (the local socket, the xenstore relay): a request
 * sent as the client framed it, its reply frame handed back as is (reply
 * NULL when r->err comes from xapid: timeout, drop).  op is any request op
 * of docs/xapi-protocol.md but HELLO.
 */
typedef void agent_raw_fn(const struct agent_result *r,
			  const struct frame *reply, void *arg);
int agent_forward(uint16_t op, uint32_t chan, const void *payload,
		  uint32_t len, agent_raw_fn *fn, void *arg);

/* A request that gets no reply (XS_DATA).  0 or -errno as the calls. */
int agent_send_oneway(uint16_t op, uint32_t chan, const void *payload,
		      uint32_t len);

/*
 * Where frames without a reply go: XS_DATA from Dom0 (xsrelay.c).
 * Loop context.
 */
void agent_on_xs_data(void (*fn)(uint32_t chan, const void *data, size_t len));

#endif
