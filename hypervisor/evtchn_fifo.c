/* SPDX-License-Identifier: MIT */
/* Event channels, FIFO ABI: queues in guest memory (see hv/evtchn_fifo.h). */
#include <errno.h>
#include <string.h>
#include <hv/domain.h>
#include <hv/evtchn.h>
#include <hv/evtchn_fifo.h>
#include <hv/mm.h>
#include <hv/shared_info.h>

#define BIT(n)		(1u << (n))
#define PENDING		BIT(EVTCHN_FIFO_PENDING)
#define MASKED		BIT(EVTCHN_FIFO_MASKED)
#define LINKED		BIT(EVTCHN_FIFO_LINKED)
#define BUSY		BIT(EVTCHN_FIFO_BUSY)
/* Attempts at writing LINK while the guest changes the same word. */
#define LINK_TRIES	4

_Static_assert(MAX_VCPUS_PER_DOMAIN <= 256, "last_vcpu is 8 bits");

/* Port's event word, or NULL when the array does not reach it yet. */
static event_word_t *word_of(const struct domain *d, evtchn_port_t port)
{
	unsigned int page = port / EVTCHN_FIFO_WORDS_PER_PAGE;

	if (page >= d->evtchn.fifo.nr_pages)
		return NULL;
	return &d->evtchn.fifo.array[page][port % EVTCHN_FIFO_WORDS_PER_PAGE];
}

static bool test_and_set(event_word_t *w, uint32_t m)
{
	return __atomic_fetch_or(w, m, __ATOMIC_SEQ_CST) & m;
}

static void clear(event_word_t *w, uint32_t m)
{
	__atomic_fetch_and(w, ~m, __ATOMIC_SEQ_CST);
}

static bool test(const event_word_t *w, uint32_t m)
{
	return __atomic_load_n(w, __ATOMIC_SEQ_CST) & m;
}

/*
 * Writes link into the LINK field of *w if *w is still LINKED.  True when
 * it was (or the guest kept changing the word: then, as Xen, the event is
 * taken as linked, a guest's race with itself losing one event at most).
 */
static bool set_link(event_word_t *w, evtchn_port_t link)
{
	event_word_t old = __atomic_load_n(w, __ATOMIC_SEQ_CST), new;
	unsigned int i;

	for (i = 0; i <= LINK_TRIES; i++) {
		if (!(old & LINKED)) {
			if (i)
				clear(w, BUSY);
			return false;
		}
		new = (old & ~(BUSY | EVTCHN_FIFO_LINK_MASK)) | link;
		if (__atomic_compare_exchange_n(w, &old, new, false,
						__ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST))
			return true;
		if (!i) {
			/* Keep the guest from unmasking while we retry. */
			test_and_set(w, BUSY);
			old = __atomic_load_n(w, __ATOMIC_SEQ_CST);
		}
	}
	clear(w, BUSY);
	return true;
}

static struct vcpu *notify_vcpu(const struct domain *d, evtchn_port_t port)
{
	unsigned int id = evtchn_chn(d, port)->notify_vcpu;

	return id < d->max_vcpus ? d->vcpu[id] : NULL;
}

/* Puts port (just marked LINKED) at the tail of its queue on v. */
static void link_port(struct domain *d, struct vcpu *v, evtchn_port_t port)
{
	struct evtchn_fifo_port *fp = evtchn_fifo_port(d, port);
	struct evtchn_fifo_vcpu *fv = &v->evtchn.fifo;
	struct vcpu *last = d->vcpu[fp->last_vcpu];
	unsigned int prio = fp->priority;
	bool linked = false;

	/* Tail of its old queue, then consumed: that queue is empty. */
	if (last && last->evtchn.fifo.tail[fp->last_priority] == port)
		last->evtchn.fifo.tail[fp->last_priority] = 0;
	fp->last_vcpu = (uint8_t)v->vcpu_id;
	fp->last_priority = (uint8_t)prio;

	if (fv->tail[prio])
		linked = set_link(word_of(d, fv->tail[prio]), port);
	if (!linked)
		__atomic_store_n(&fv->control->head[prio], port, __ATOMIC_SEQ_CST);
	fv->tail[prio] = port;
	if (!linked && !test_and_set(&fv->control->ready, BIT(prio)))
		evtchn_mark_upcall(v);
}

static bool fifo_set_pending(struct domain *d, evtchn_port_t port)
{
	event_word_t *w = word_of(d, port);
	struct vcpu *v = notify_vcpu(d, port);
	bool was;

	if (!w) {
		evtchn_fifo_port(d, port)->pending = true;
		return true;	/* no poller sees it before the array does */
	}
	was = test_and_set(w, PENDING);
	if (v && v->evtchn.fifo.control && !test(w, MASKED) &&
	    !test_and_set(w, LINKED))
		link_port(d, v, port);
	return was;
}

static void fifo_clear_pending(struct domain *d, evtchn_port_t port)
{
	event_word_t *w = word_of(d, port);

	/* The guest unlinks a port it finds not pending. */
	if (w)
		clear(w, PENDING);
	evtchn_fifo_port(d, port)->pending = false;
}

static void fifo_unmask(struct domain *d, evtchn_port_t port)
{
	event_word_t *w = word_of(d, port);

	if (!w)
		return;
	clear(w, MASKED);
	if (test(w, PENDING))
		fifo_set_pending(d, port);
}

static bool fifo_is_pending(const struct domain *d, evtchn_port_t port)
{
	const event_word_t *w = word_of(d, port);

	return w && test(w, PENDING);
}

const struct evtchn_port_ops evtchn_fifo_ops = {
	.set_pending = fifo_set_pending,
	.clear_pending = fifo_clear_pending,
	.unmask = fifo_unmask,
	.is_pending = fifo_is_pending,
};

void evtchn_fifo_port_reset(struct domain *d, evtchn_port_t port)
{
	struct evtchn_fifo_port *fp = evtchn_fifo_port(d, port);

	fp->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
	fp->pending = false;
}

int evtchn_fifo_init_control(struct domain *d, struct evtchn_init_control *a)
{
	struct vcpu *v;
	char *page;
	evtchn_port_t p;
	bool switching = d->evtchn.ops != &evtchn_fifo_ops;

	if (a->vcpu >= d->max_vcpus || !d->vcpu[a->vcpu])
		return -ENOENT;
	v = d->vcpu[a->vcpu];
	if (a->offset > PAGE_SIZE - sizeof(struct evtchn_fifo_control_block) ||
	    (a->offset & 7))
		return -EINVAL;
	if (v->evtchn.fifo.control)
		return -EINVAL;
	page = shared_info_guest_page(d, a->control_gfn);
	if (!page)
		return -EINVAL;

	a->link_bits = EVTCHN_FIFO_LINK_BITS;
	if (switching) {
		for (p = 1; evtchn_port_valid(d, p); p++) {
			evtchn_fifo_port_reset(d, p);
			if (evtchn_chn(d, p)->state != EVTCHN_FREE)
				evtchn_fifo_port(d, p)->pending =
					d->evtchn.ops->is_pending(d, p);
		}
		d->evtchn.ops = &evtchn_fifo_ops;
	}
	memset(v->evtchn.fifo.tail, 0, sizeof(v->evtchn.fifo.tail));
	v->evtchn.fifo.control = (void *)(page + a->offset);
	return 0;
}

int evtchn_fifo_expand_array(struct domain *d,
			     const struct evtchn_expand_array *a)
{
	struct evtchn_fifo_domain *f = &d->evtchn.fifo;
	evtchn_port_t p, first, end;
	void *page;

	if (d->evtchn.ops != &evtchn_fifo_ops)
		return -EOPNOTSUPP;
	if (f->nr_pages == EVTCHN_FIFO_MAX_PAGES)
		return -ENOSPC;
	page = shared_info_guest_page(d, a->array_gfn);
	if (!page)
		return -EINVAL;

	f->array[f->nr_pages++] = page;
	first = (f->nr_pages - 1) * EVTCHN_FIFO_WORDS_PER_PAGE;
	end = f->nr_pages * EVTCHN_FIFO_WORDS_PER_PAGE;
	for (p = first; p < end && evtchn_port_valid(d, p); p++) {
		if (evtchn_fifo_port(d, p)->pending) {
			evtchn_fifo_port(d, p)->pending = false;
			evtchn_set_pending(d, p);
		}
	}
	return 0;
}

int evtchn_fifo_set_priority(struct domain *d,
			     const struct evtchn_set_priority *a)
{
	if (d->evtchn.ops != &evtchn_fifo_ops)
		return -ENOSYS;
	if (!evtchn_port_valid(d, a->port) ||
	    a->priority > EVTCHN_FIFO_PRIORITY_MIN)
		return -EINVAL;
	evtchn_fifo_port(d, a->port)->priority = (uint8_t)a->priority;
	return 0;
}

void evtchn_fifo_destroy(struct domain *d)
{
	unsigned int i;

	for (i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i])
			memset(&d->vcpu[i]->evtchn.fifo, 0,
			       sizeof(d->vcpu[i]->evtchn.fifo));
	memset(&d->evtchn.fifo, 0, sizeof(d->evtchn.fifo));
}

bool evtchn_fifo_frame_in_use(const struct domain *d, paddr_t maddr)
{
	const struct evtchn_fifo_domain *f = &d->evtchn.fifo;
	const struct vcpu *v;
	unsigned int i;

	for (i = 0; i < f->nr_pages; i++)
		if (virt_to_maddr(f->array[i]) == maddr)
			return true;
	for (i = 0; i < d->max_vcpus; i++) {
		v = d->vcpu[i];
		if (v && v->evtchn.fifo.control &&
		    ALIGN_DOWN(virt_to_maddr(v->evtchn.fifo.control),
			       PAGE_SIZE) == maddr)
			return true;
	}
	return false;
}
