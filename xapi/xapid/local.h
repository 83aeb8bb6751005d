/* SPDX-License-Identifier: MIT */
/*
 * xapid's local socket, for xl and other programs of the same user: mode
 * 0600, at paths_get(PATH_SOCKET) unless --socket says otherwise.  A
 * client speaks the frames of docs/xapi-protocol.md: its requests go to
 * Dom0 (with ids of xapid's own, so clients never collide) and each reply
 * comes back with the client's id.  CREATE carries the spec and the
 * images' host paths (struct msg_create): xapid uploads them
 * (agent_create()) and answers with the new domid.  HELLO is answered by xapid itself
 * ("xapid, Dom0 connected" or "xapid, no channel to Dom0"); while Dom0 is
 * unreachable every other request gets -ENOTCONN with a sentence saying so.
 */
#ifndef XAPID_LOCAL_H
#define XAPID_LOCAL_H

struct event_base;

/* Listens on path.  0 or -errno. */
int local_init(struct event_base *base, const char *path);

/* Closes every client and the socket (and removes its file). */
void local_fini(void);

#endif
