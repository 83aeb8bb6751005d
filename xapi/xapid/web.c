// SPDX-License-Identifier: MIT
// Static files of the management page.
#include "web.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http.h"

#define WEB_FILE_MAX (4 * 1024 * 1024)

static char *root;

static const char *type_of(const char *path)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{ ".html", "text/html; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".css", "text/css; charset=utf-8" },
		{ ".svg", "image/svg+xml" },
		{ ".json", "application/json" },
	};
	const char *dot = strrchr(path, '.');

	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(dot, types[i].ext))
			return types[i].type;
	return "application/octet-stream";
}

static void serve(struct http_req *r)
{
	const char *rel = r->args[0] && *r->args[0] ? r->args[0] : "index.html";
	char path[4096];
	struct stat st;
	char *buf;
	int fd;

	/* only plain names below the root: no "..", no hidden files */
	if (strstr(rel, "..") || rel[0] == '/' || strstr(rel, "/.") ||
	    rel[0] == '.') {
		http_error(r, 404, "not_found", NULL, "no such file");
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	fd = open(path, O_RDONLY | O_NOFOLLOW);
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    st.st_size > WEB_FILE_MAX) {
		if (fd >= 0)
			close(fd);
		http_error(r, 404, "not_found", NULL, "no such file");
		return;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf || read(fd, buf, (size_t)st.st_size) != st.st_size) {
		free(buf);
		close(fd);
		http_error(r, 500, "internal", NULL, "cannot read %s", rel);
		return;
	}
	close(fd);
	http_set_header(r, "Cache-Control", "no-cache");
	http_set_header(r, "Content-Security-Policy",
			"default-src 'self'; style-src 'self' 'unsafe-inline'");
	http_set_header(r, "X-Content-Type-Options", "nosniff");
	http_reply(r, 200, type_of(path), buf, (size_t)st.st_size);
	free(buf);
}

static void redirect(struct http_req *r)
{
	http_set_header(r, "Location", "/ui/");
	http_reply(r, 302, "text/plain", "/ui/\n", 5);
}

static const struct http_route routes[] = {
	{ EVHTTP_REQ_GET, "/", HTTP_PUBLIC, redirect, "GET /" },
	{ EVHTTP_REQ_GET, "/ui/**", HTTP_PUBLIC, serve, "GET /ui/{file}" },
};

int web_init(const char *dir)
{
	root = strdup(dir);
	if (!root)
		return -ENOMEM;
	return http_routes_add(routes, sizeof(routes) / sizeof(routes[0]));
}
