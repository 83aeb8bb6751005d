/* SPDX-License-Identifier: MIT */
/* The agent's side of the domain builder: CREATE, UPLOAD_DATA, UPLOAD_END. */
#include <errno.h>
#include "agent.h"
#include "builder/builder.h"

static int op_create(struct agent_call *c)
{
	static struct msg_domspec spec;
	struct msg_domid reply;
	int rc;

	if (msg_get_domspec(c->r, &spec)) {
		agent_why(c, "create: the domain spec does not parse");
		return -EBADMSG;
	}
	rc = builder_create(&spec, &reply.domid, c->why, c->why_size);
	if (!rc)
		msg_put_domid(c->out, &reply);
	return rc;
}

static int op_upload(struct agent_call *c)
{
	struct msg_upload_data u;

	if (msg_get_upload_data(c->r, &u)) {
		agent_why(c, "upload: the piece does not parse");
		return -EBADMSG;
	}
	return builder_upload(&u, c->why, c->why_size);
}

static int op_upload_zero(struct agent_call *c)
{
	struct msg_upload_zero z;

	if (msg_get_upload_zero(c->r, &z)) {
		agent_why(c, "upload: the zero run does not parse");
		return -EBADMSG;
	}
	return builder_upload_zero(&z, c->why, c->why_size);
}

static int op_finish(struct agent_call *c)
{
	struct msg_domid m;

	if (msg_get_domid(c->r, &m)) {
		agent_why(c, "finish: the request does not parse");
		return -EBADMSG;
	}
	return builder_finish(m.domid, c->why, c->why_size);
}

const struct agent_op agent_build_ops[] = {
	{ OP_CREATE, op_create, 1 },
	{ OP_UPLOAD_DATA, op_upload, 1 },
	{ OP_UPLOAD_ZERO, op_upload_zero, 1 },
	{ OP_UPLOAD_END, op_finish, 1 },
};
const unsigned int agent_nr_build_ops =
	sizeof(agent_build_ops) / sizeof(agent_build_ops[0]);
