/* SPDX-License-Identifier: MIT */
/* Persistent grants of one frontend (pgrant.h). */
#include <stdbool.h>
#include <stdlib.h>
#include "../../dom0/foreign.h"
#include "pgrant.h"

#define SLOTS	(2 * PGRANT_MAX)	/* open addressing, half full at most */

struct pgrant_slot {
	bool used;
	grant_ref_t ref;
	grant_handle_t handle;
	void *page;		/* NULL: does not map, copied instead */
};

struct pgrant_table {
	domid_t fe;
	unsigned int used, mapped;
	struct pgrant_slot slot[SLOTS];
};

struct pgrant_table *pgrant_create(domid_t fe)
{
	struct pgrant_table *t = calloc(1, sizeof(*t));

	if (t)
		t->fe = fe;
	return t;
}

void *pgrant_page(struct pgrant_table *t, grant_ref_t ref)
{
	unsigned int i = ref % SLOTS;
	struct pgrant_slot *s;
	int err;

	for (s = &t->slot[i]; s->used; s = &t->slot[i]) {
		if (s->ref == ref)
			return s->page;
		i = (i + 1) % SLOTS;
	}
	if (t->used == PGRANT_MAX)
		return NULL;
	s->used = true;
	s->ref = ref;
	s->page = foreign_grant_map(t->fe, ref, &s->handle, &err);
	t->used++;
	if (s->page)
		t->mapped++;
	return s->page;
}

unsigned int pgrant_mapped(const struct pgrant_table *t)
{
	return t ? t->mapped : 0;
}

void pgrant_destroy(struct pgrant_table *t)
{
	unsigned int i;

	for (i = 0; t && i < SLOTS; i++)
		if (t->slot[i].page)
			foreign_grant_unmap(t->slot[i].page, t->slot[i].handle);
	free(t);
}
