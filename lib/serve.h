/*
 * serve.h — `contentcal serve`: the sales library and the editors' JSON as
 * a web application, on libmicrohttpd.
 *
 * The server is read-only on the index: a background thread brings the
 * index up to date when the repository's HEAD (or the engagement data, or
 * the day) changes, builds a new snapshot (sales.h) and swaps it in;
 * requests read the snapshot they started with and their own read-only
 * connection, so they never wait for indexing. The only file it writes is
 * the activity file (activity.h), from that same thread.
 *
 * Nothing is served from the file system: the stylesheet and the script
 * are compiled in, and no part of a request path is ever used as a path.
 * Routes, limits and headers: docs/serve.md.
 */
#ifndef CC_SERVE_H
#define CC_SERVE_H

#include <stdbool.h>
#include <stddef.h>

#include "context.h"
#include "index.h"

struct cc_serve_options {
	const char *host;        /* numeric IPv4 or IPv6 address; default 127.0.0.1 */
	unsigned port;           /* default 8080; 0 = any free port (see cc_server_port) */
	const char *base_url;    /* the public origin (behind a proxy); NULL = http://HOST:PORT */
	const char *auth_token;  /* the shared secret of --auth-token-file; NULL = none */
	const char *const *proxies; /* addresses whose proxy header is trusted */
	size_t nproxies;
	const char *proxy_header; /* default "X-Forwarded-User" */
	bool insecure_no_auth;   /* allow a non-loopback listen without authentication */
	unsigned threads;        /* request threads; 0 = 4 */
	unsigned max_connections; /* default 256 */
	unsigned timeout_s;      /* idle connection timeout; default 10 */
	unsigned poll_ms;        /* how often HEAD is checked; default 2000 */
	bool no_index;           /* never index; serve the index as it is */
	struct cc_index_options index; /* how to index (rev, threads); full text is always on */
	const char *activity_path; /* NULL = beside the index */
	const char *report_template;       /* the report page's template text; NULL = no /report */
	const char *report_template_where; /* where it was read from, for located errors */
	const char *version;               /* contentcal's version, for reports and SARIF */
};

struct cc_server;

/* True for 127.0.0.0/8 and ::1. */
bool cc_serve_is_loopback(const char *host);

/*
 * Indexes (unless no_index), builds the first snapshot, opens the read
 * connections and the activity file, and starts listening. ctx stays the
 * caller's but belongs to the server's thread until cc_server_stop.
 * Returns 0, or -1 with cc_error (a refused non-loopback listen, a port in
 * use, …).
 */
int cc_server_start(struct cc_server **out, struct cc_ctx *ctx, const struct cc_serve_options *o);

/* The port listened on (the one picked when port was 0). */
unsigned cc_server_port(const struct cc_server *s);

/* Stops accepting, lets requests in flight finish (at most timeout_s),
 * writes the queued activity, and frees everything. NULL is a no-op. */
void cc_server_stop(struct cc_server *s);

/* The last background indexing error, or NULL (a new string). */
char *cc_server_last_error(struct cc_server *s);

#endif
