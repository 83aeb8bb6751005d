/* SPDX-License-Identifier: MIT */
/*
 * The management page: static files (HTML, JS, CSS, no build step) served
 * from one directory at /ui/; "/" redirects there.
 */
#ifndef XAPID_WEB_H
#define XAPID_WEB_H

/* Serves the files of dir.  0 or -errno. */
int web_init(const char *dir);

#endif
