/* SPDX-License-Identifier: MIT */
/* Quota defaults and the one place where a limit turns into an errno. */
#include <errno.h>

#include "quota.h"

static const struct {
	unsigned int def;
	int err;
} quota_table[QUOTA_KINDS] = {
    [QUOTA_NODES] = {1000, -ENOSPC},	  /* nodes owned */
    [QUOTA_NODE_SIZE] = {2048, -ENOSPC},  /* value bytes */
    [QUOTA_WATCHES] = {128, -E2BIG},	  /* watches */
    [QUOTA_TRANSACTIONS] = {10, -ENOSPC}, /* open transactions */
    [QUOTA_OUTSTANDING] = {20, -EBUSY},	  /* unread replies */
    [QUOTA_PATH_LEN] = {2048, -EINVAL},	  /* path below home */
    [QUOTA_PERMS] = {5, -ENOSPC},	  /* permission entries */
    [QUOTA_TXN_NODES] = {1024, -ENOSPC},  /* nodes per transaction */
    [QUOTA_EVENTS] = {256, -EBUSY},	  /* unread watch events */
};

void quota_defaults(struct quota *q)
{
	int k;

	for (k = 0; k < QUOTA_KINDS; k++)
		q->limit[k] = quota_table[k].def;
}

int quota_check(const struct quota *q, bool privileged, enum quota_kind kind,
		unsigned long value)
{
	if (privileged || !q->limit[kind] || value <= q->limit[kind])
		return 0;
	return quota_table[kind].err;
}
