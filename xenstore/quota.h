/* SPDX-License-Identifier: MIT */
/* Every limit of the store in one place: per-domain quotas, defaults. */
#ifndef XENSTORE_QUOTA_H
#define XENSTORE_QUOTA_H

#include <stdbool.h>

/*
 * Quotas bound what an unprivileged domain can make the store hold, so that
 * a hostile guest gets an error reply instead of exhausting Dom0's memory.
 * Privileged connections (Dom0, the host socket) are never limited.  The
 * defaults are Xen's C xenstored defaults.
 */
enum quota_kind {
	QUOTA_NODES,	    /* nodes owned by one domain: 1000, ENOSPC */
	QUOTA_NODE_SIZE,    /* bytes in one node's value: 2048, ENOSPC */
	QUOTA_WATCHES,	    /* watches per domain: 128, E2BIG */
	QUOTA_TRANSACTIONS, /* open transactions per connection: 10, ENOSPC */
	QUOTA_OUTSTANDING,  /* replies queued unread before input stalls: 20 */
	QUOTA_PATH_LEN,	 /* path bytes below /local/domain/N/: 2048, EINVAL */
	QUOTA_PERMS,	 /* permission entries per node: 5, ENOSPC */
	QUOTA_TXN_NODES, /* nodes one transaction may touch: 1024, ENOSPC */
	QUOTA_EVENTS,	 /* watch events queued unread: 256, then dropped */
	QUOTA_KINDS
};

/* One value per kind; 0 means unlimited. */
struct quota {
	unsigned int limit[QUOTA_KINDS];
};

/* Fills @q with Xen's defaults (see enum quota_kind). */
void quota_defaults(struct quota *q);

/*
 * Checks that @value, the amount a domain would use after the operation,
 * stays within the limit of @kind.  Returns 0 when it does or when
 * @privileged, otherwise the kind's negative errno (-ENOSPC, -E2BIG,
 * -EINVAL or -EBUSY).  Has no side effects.
 */
int quota_check(const struct quota *q, bool privileged, enum quota_kind kind,
		unsigned long value);

#endif
