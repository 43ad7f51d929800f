/*
 * serve.c — the HTTP server of `contentcal serve` (see serve.h).
 *
 * libmicrohttpd runs a pool of request threads (MHD's internal polling
 * threads); each request borrows one read-only connection to the index
 * and a reference to the current snapshot. One background thread owns
 * ctx (its repository handle and its writable index connection) and the
 * activity file: it polls HEAD, re-indexes, rebuilds and swaps the
 * snapshot, and flushes the activity queue.
 */
#include "serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <mbedtls/sha256.h>
#include <mbedtls/version.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "activity.h"
#include "buf.h"
#include "crm.h"
#include "date.h"
#include "engagement.h"
#include "fulltext.h"
#include "index.h"
#include "problem.h"
#include "gaps.h"
#include "lifecycle.h"
#include "query.h"
#include "recommend.h"
#include "render.h"
#include "report.h"
#include "sales.h"
#include "serve_model.h"
#include "serve_pages.h"
#include "template.h"
#include "text.h"

#define MAX_BODY 8192
#define MEMORY_LIMIT (32 * 1024) /* per connection: request line + headers must fit */
#define COOKIE_NAME "contentcal_session"

static const char csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
			  "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/* A config the snapshots share; the one that built them. */
struct cfg_ref {
	struct cc_config cfg;
	char *config_path; /* the config, repository-relative (gaps findings), or NULL */
	atomic_int refs;
};

/* A snapshot and the config it was built with: a request uses one of each. */
struct snap_ref {
	struct cc_sales *s;
	const struct cc_config *cfg;
	const char *config_path;
	struct cfg_ref *cr;
	atomic_int refs;
};

struct cc_server {
	struct MHD_Daemon *d;
	struct cc_ctx *ctx;
	struct cc_serve_options o;
	unsigned port;
	char origin[320];      /* scheme://host[:port] requests must come from (POST) */
	char listen_host[300]; /* host:port as a Host header may name it */
	char session[65];      /* hex SHA-256 of the token: the cookie value */

	pthread_mutex_t pool_lock;
	pthread_cond_t pool_cond;
	struct cc_db **pool;
	size_t npool, nfree;
	struct cc_db **free_db;

	pthread_mutex_t snap_lock;
	struct snap_ref *snap;

	pthread_t worker;
	bool worker_started;
	pthread_mutex_t stop_lock;
	pthread_cond_t stop_cond;
	bool stop;
	char *last_error;
	git_oid head;

	struct cc_activity *act;

	/* The config (background thread only): the one new snapshots get, and
	 * what its file looked like when read (a change is a new config). */
	struct cfg_ref *cfg_cur;
	char *cfg_file; /* absolute, as found at start; NULL: none (defaults) */
	struct stat cfg_st;
	bool cfg_seen;  /* cfg_st describes the file (it existed) */
	char *cfg_err;  /* why the file on disk is not the config serving; NULL when it is */
};

/* ---- small helpers ---- */

bool cc_serve_is_loopback(const char *host)
{
	struct in_addr a4;
	struct in6_addr a6;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, host, &a6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&a6);
	return false;
}

static void sha256_hex(char out[65], const char *s)
{
	unsigned char sum[32];
#if MBEDTLS_VERSION_MAJOR >= 3
	mbedtls_sha256((const unsigned char *)s, strlen(s), sum, 0);
#else
	mbedtls_sha256_ret((const unsigned char *)s, strlen(s), sum, 0);
#endif
	for (int i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", sum[i]);
}

static bool const_eq(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned char d = la != lb;
	for (size_t i = 0; i < la && i < lb; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return !d;
}

static void set_error(struct cc_server *s, const char *msg)
{
	pthread_mutex_lock(&s->stop_lock);
	free(s->last_error);
	s->last_error = msg ? cc_xstrdup(msg) : NULL;
	pthread_mutex_unlock(&s->stop_lock);
}

char *cc_server_last_error(struct cc_server *s)
{
	pthread_mutex_lock(&s->stop_lock);
	char *e = s->last_error ? cc_xstrdup(s->last_error) : NULL;
	pthread_mutex_unlock(&s->stop_lock);
	return e;
}

unsigned cc_server_port(const struct cc_server *s)
{
	return s->port;
}

/* ---- snapshot and connections ---- */

static struct snap_ref *snap_get(struct cc_server *s)
{
	pthread_mutex_lock(&s->snap_lock);
	struct snap_ref *r = s->snap;
	atomic_fetch_add(&r->refs, 1);
	pthread_mutex_unlock(&s->snap_lock);
	return r;
}

static void cfg_put(struct cfg_ref *c)
{
	if (c && atomic_fetch_sub(&c->refs, 1) == 1) {
		cc_config_release(&c->cfg);
		free(c->config_path);
		free(c);
	}
}

static void snap_put(struct snap_ref *r)
{
	if (r && atomic_fetch_sub(&r->refs, 1) == 1) {
		cc_sales_free(r->s);
		cfg_put(r->cr);
		free(r);
	}
}

/* Publishes fresh, built with the current config. */
static void snap_swap(struct cc_server *s, struct cc_sales *fresh)
{
	struct snap_ref *r = cc_xcalloc(1, sizeof(*r)), *old;
	r->s = fresh;
	r->cr = s->cfg_cur;
	atomic_fetch_add(&r->cr->refs, 1);
	r->cfg = &r->cr->cfg;
	r->config_path = r->cr->config_path;
	atomic_init(&r->refs, 1);
	pthread_mutex_lock(&s->snap_lock);
	old = s->snap;
	s->snap = r;
	pthread_mutex_unlock(&s->snap_lock);
	snap_put(old);
}

static struct cc_db *db_get(struct cc_server *s)
{
	pthread_mutex_lock(&s->pool_lock);
	while (!s->nfree)
		pthread_cond_wait(&s->pool_cond, &s->pool_lock);
	struct cc_db *db = s->free_db[--s->nfree];
	pthread_mutex_unlock(&s->pool_lock);
	return db;
}

static void db_put(struct cc_server *s, struct cc_db *db)
{
	pthread_mutex_lock(&s->pool_lock);
	s->free_db[s->nfree++] = db;
	pthread_cond_signal(&s->pool_cond);
	pthread_mutex_unlock(&s->pool_lock);
}

/* ---- the background thread ---- */

static int head_oid(struct cc_server *s, git_oid *out)
{
	if (s->o.index.rev)
		return git_reference_name_to_id(out, s->ctx->repo, s->o.index.rev) == 0 ? 0 : -1;
	return git_reference_name_to_id(out, s->ctx->repo, "HEAD");
}

static bool same_stat(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	       a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

/* Loads the config file (inside the repository) into out; -1 with cc_error
 * naming the first error, located. */
static int load_config(struct cc_server *s, struct cc_config *out)
{
	struct cc_problems pr = {0};
	char *real = NULL;
	int r = cc_path_inside(s->ctx->root, s->cfg_file, &real);
	memset(out, 0, sizeof(*out));
	if (r != 0) {
		if (r > 0)
			cc_error("the config '%s' is gone; serving with the last one", s->ctx->config_display);
		cc_config_defaults(out);
		free(real);
		return -1;
	}
	r = cc_config_load(out, real, s->ctx->config_display, s->ctx->cfg.dir, &pr);
	free(real);
	if (r < 0) {
		for (size_t i = 0; i < pr.n; i++)
			if (pr.v[i].severity == CC_SEV_ERROR) {
				cc_error("%s:%d:%d: %s; serving with the last config", pr.v[i].path, pr.v[i].line,
					 pr.v[i].col, pr.v[i].message);
				break;
			}
	}
	cc_problems_release(&pr);
	return r;
}

/* A new config_ref from the file, or NULL with cc_error. */
static struct cfg_ref *cfg_new(struct cc_server *s)
{
	struct cfg_ref *c = cc_xcalloc(1, sizeof(*c));
	atomic_init(&c->refs, 1);
	if (!s->cfg_file) {
		cc_config_defaults(&c->cfg);
		return c;
	}
	if (load_config(s, &c->cfg) < 0) {
		cfg_put(c);
		return NULL;
	}
	c->config_path = cc_ctx_repo_path(s->ctx, s->cfg_file);
	return c;
}

/*
 * When the config file changed (its bytes: the blob id), loads it twice:
 * once for the indexer (ctx->cfg, this thread's alone) and once for the
 * snapshots to come. Returns 1 when it changed, 0 when not, -1 when the
 * new file cannot be used (the last config stays, the error is reported).
 */
static int config_changed(struct cc_server *s)
{
	struct stat st;
	struct cfg_ref *fresh;
	struct cc_config idx;
	if (!s->cfg_file)
		return 0;
	if (stat(s->cfg_file, &st) < 0) {
		if (!s->cfg_seen)
			return 0;
		s->cfg_seen = false;
		return cc_error("the config '%s' is gone; serving with the last one", s->ctx->config_display);
	}
	if (s->cfg_seen && same_stat(&st, &s->cfg_st))
		return 0;
	s->cfg_st = st;
	s->cfg_seen = true;
	if (!(fresh = cfg_new(s)))
		return -1;
	bool was_bad = s->cfg_err != NULL;
	free(s->cfg_err);
	s->cfg_err = NULL; /* good again, or back to the config in use */
	if (!strcmp(fresh->cfg.hash, s->cfg_cur->cfg.hash)) {
		cfg_put(fresh);
		if (was_bad)
			set_error(s, NULL);
		return 0;
	}
	if (load_config(s, &idx) < 0) {
		cc_config_release(&idx);
		cfg_put(fresh);
		return -1;
	}
	cc_config_release(&s->ctx->cfg);
	s->ctx->cfg = idx;
	cfg_put(s->cfg_cur);
	s->cfg_cur = fresh;
	return 1;
}

/* Indexes when HEAD moved or the config changed; rebuilds the snapshot
 * when the index, the config, the engagement data or the day changed. */
static int refresh(struct cc_server *s, bool force)
{
	git_oid now;
	bool moved = force;
	int changed = config_changed(s);
	if (changed < 0) {
		/* Reported until the file is good again; new content is still
		 * indexed, with the last good config. */
		free(s->cfg_err);
		s->cfg_err = cc_xstrdup(cc_error_last());
		set_error(s, s->cfg_err);
		changed = 0;
	}
	struct cc_sales *fresh = NULL;
	struct snap_ref *cur;
	char *eng = NULL;
	int64_t today = cc_today();

	if (!s->o.no_index && head_oid(s, &now) == 0 && (changed || git_oid_cmp(&now, &s->head))) {
		struct cc_index_options io = s->o.index;
		struct cc_index_stats st;
		io.full_text = true;
		if (cc_index_update(s->ctx, &io, &st) < 0) {
			set_error(s, cc_error_last());
			return -1;
		}
		s->head = now;
		moved = true;
	}
	moved = moved || changed;
	cur = snap_get(s);
	if (!moved && cur->s->as_of == today && cc_engagement_version(s->ctx->db, &eng) == 0 &&
	    !strcmp(eng ? eng : "", cur->s->eng_version)) {
		free(eng);
		snap_put(cur);
		return 0;
	}
	free(eng);
	snap_put(cur);
	if (cc_sales_build(&fresh, s->ctx->db, &s->cfg_cur->cfg, today) < 0) {
		set_error(s, cc_error_last());
		return -1;
	}
	/* The search priors, stored once here (request threads read them). */
	if (cc_search_warm(s->ctx->db, &s->cfg_cur->cfg, today) < 0) {
		cc_sales_free(fresh);
		set_error(s, cc_error_last());
		return -1;
	}
	snap_swap(s, fresh);
	set_error(s, s->cfg_err);
	return 0;
}

static void *worker_main(void *arg)
{
	struct cc_server *s = arg;
	unsigned waited = 0, step = 500;
	pthread_mutex_lock(&s->stop_lock);
	while (!s->stop) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += (long)step * 1000000L;
		ts.tv_sec += ts.tv_nsec / 1000000000L;
		ts.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&s->stop_cond, &s->stop_lock, &ts);
		if (s->stop)
			break;
		pthread_mutex_unlock(&s->stop_lock);
		if (cc_activity_flush(s->act) < 0)
			set_error(s, cc_error_last());
		waited += step;
		if (waited >= s->o.poll_ms) {
			waited = 0;
			refresh(s, false);
		}
		pthread_mutex_lock(&s->stop_lock);
	}
	pthread_mutex_unlock(&s->stop_lock);
	return NULL;
}

/* ---- requests ---- */

struct req {
	struct cc_buf body;
	bool too_big;
	bool post;
};

struct arg {
	const char *key, *value;
};

struct args {
	struct arg v[64];
	size_t n;
	bool bad; /* too many, or not UTF-8 */
};

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct args *a = cls;
	int l, c;
	if (a->n >= sizeof(a->v) / sizeof(a->v[0])) {
		a->bad = true;
		return MHD_NO;
	}
	if (!key || !cc_utf8_check(key, strlen(key), &l, &c) || (value && !cc_utf8_check(value, strlen(value), &l, &c))) {
		a->bad = true;
		return MHD_NO;
	}
	a->v[a->n++] = (struct arg){key, value ? value : ""};
	return MHD_YES;
}

static const char *arg_get(const struct args *a, const char *key)
{
	for (size_t i = 0; i < a->n; i++)
		if (!strcmp(a->v[i].key, key))
			return a->v[i].value;
	return NULL;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)(c | 32);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes one form component in place; false on bad percent-encoding. */
static bool form_decode(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		if (*r == '+') {
			*w++ = ' ';
		} else if (*r == '%') {
			int hi = r[1] ? hexval(r[1]) : -1, lo = hi >= 0 && r[2] ? hexval(r[2]) : -1;
			if (hi < 0 || lo < 0)
				return false;
			*w++ = (char)(hi * 16 + lo);
			r += 2;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return true;
}

/* Decodes a form body (application/x-www-form-urlencoded) in place into a;
 * false on bad percent-encoding or bytes that are not UTF-8. */
static bool parse_form(char *body, struct args *a)
{
	char *save = NULL;
	a->n = 0;
	for (char *p = strtok_r(body, "&", &save); p; p = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(p, '=');
		char *val = eq ? eq + 1 : p + strlen(p);
		if (eq)
			*eq = '\0';
		if (!form_decode(p) || !form_decode(val) || collect_arg(a, MHD_POSTDATA_KIND, p, val) == MHD_NO)
			return false;
	}
	return !a->bad;
}

static void add_security_headers(struct MHD_Response *r, const char *policy)
{
	MHD_add_response_header(r, "Content-Security-Policy", policy ? policy : csp);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
}

/* Queues body (taken over) with status and type; extra headers as name,
 * value pairs ending in NULL. */
static enum MHD_Result respond_ex(struct MHD_Connection *c, unsigned status, const char *type, struct cc_buf *body,
				  const char *cache, ...)
{
	size_t len;
	char *data = cc_buf_detach(body, &len);
	struct MHD_Response *r = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
	va_list ap;
	const char *n;
	if (!r) {
		free(data);
		return MHD_NO;
	}
	add_security_headers(r, NULL);
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Cache-Control", cache ? cache : "no-store");
	va_start(ap, cache);
	while ((n = va_arg(ap, const char *))) {
		const char *v = va_arg(ap, const char *);
		MHD_add_response_header(r, n, v);
	}
	va_end(ap);
	enum MHD_Result ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

#define HTML "text/html; charset=utf-8"
#define JSONT "application/json"

static enum MHD_Result respond(struct MHD_Connection *c, unsigned status, const char *type, struct cc_buf *body)
{
	return respond_ex(c, status, type, body, NULL, NULL);
}

static enum MHD_Result error_page(struct MHD_Connection *c, unsigned status, const char *title, const char *msg,
				  bool api)
{
	struct cc_buf b = CC_BUF_INIT;
	if (api) {
		cc_render_json(&b, json_pack("{s:i, s:s}", "status", (int)status, "error", msg));
		return respond(c, status, JSONT, &b);
	}
	cc_page_error(&b, (int)status, title, msg);
	return respond(c, status, HTML, &b);
}

static enum MHD_Result redirect(struct MHD_Connection *c, const char *to, const char *cookie)
{
	struct cc_buf b = CC_BUF_INIT;
	if (cookie)
		return respond_ex(c, 303, "text/plain", &b, NULL, "Location", to, "Set-Cookie", cookie, NULL);
	return respond_ex(c, 303, "text/plain", &b, NULL, "Location", to, NULL);
}

static bool from_proxy(struct cc_server *s, struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char addr[INET6_ADDRSTRLEN] = "";
	if (!s->o.nproxies || !ci || !ci->client_addr)
		return false;
	if (ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, addr, sizeof(addr));
	else if (ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr, addr, sizeof(addr));
	for (size_t i = 0; i < s->o.nproxies; i++)
		if (!strcmp(addr, s->o.proxies[i]))
			return true;
	return false;
}

static bool authed(struct cc_server *s, struct MHD_Connection *c)
{
	if (!s->o.auth_token && !s->o.nproxies)
		return true;
	if (s->o.nproxies && from_proxy(s, c)) {
		const char *who = MHD_lookup_connection_value(c, MHD_HEADER_KIND, s->o.proxy_header);
		if (who && *who)
			return true;
	}
	if (s->o.auth_token) {
		const char *cookie = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, COOKIE_NAME);
		if (cookie && const_eq(cookie, s->session))
			return true;
		const char *authz = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
		if (authz && !strncmp(authz, "Bearer ", 7) && const_eq(authz + 7, s->o.auth_token))
			return true;
	}
	return false;
}

/* A POST must come from a page of this server: Origin (or, without it,
 * Referer) names our origin. */
static bool same_origin(struct cc_server *s, struct MHD_Connection *c)
{
	const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
	const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	char mine[400];
	size_t ol = strlen(s->origin);
	if (!s->o.base_url && host)
		snprintf(mine, sizeof(mine), "http://%s", host);
	else
		snprintf(mine, sizeof(mine), "%s", s->origin);
	ol = strlen(mine);
	if (origin)
		return !strcmp(origin, mine);
	const char *ref = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Referer");
	return ref && !strncmp(ref, mine, ol) && (ref[ol] == '/' || !ref[ol]);
}

/* The Host header must name this server (no DNS rebinding). */
static bool host_ok(struct cc_server *s, struct MHD_Connection *c)
{
	const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	char buf[64];
	if (!host)
		return false;
	if (!strcmp(host, s->listen_host))
		return true;
	if (s->o.base_url) {
		const char *p = strstr(s->origin, "://");
		if (p && !strcasecmp(host, p + 3))
			return true;
	}
	if (cc_serve_is_loopback(s->o.host)) {
		snprintf(buf, sizeof(buf), "localhost:%u", s->port);
		if (!strcasecmp(host, buf))
			return true;
		snprintf(buf, sizeof(buf), "127.0.0.1:%u", s->port);
		if (!strcmp(host, buf))
			return true;
		snprintf(buf, sizeof(buf), "[::1]:%u", s->port);
		if (!strcmp(host, buf))
			return true;
	} else if (s->o.nproxies || s->o.insecure_no_auth || s->o.auth_token) {
		return true; /* behind a proxy or on a network: any name reaching us */
	}
	return false;
}

static bool slug_ok(const char *s)
{
	if (!*s || strlen(s) > 200)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-' ||
		      *s == '_' || *s == '.'))
			return false;
	return true;
}

/* Facet values and options of a search from the arguments. */
static void query_from_args(struct cc_sales_query *q, const struct args *a)
{
	memset(q, 0, sizeof(*q));
	q->q = arg_get(a, "q");
	for (size_t i = 0; i < a->n; i++)
		for (int f = 0; f < CC_NFACETS; f++)
			if (!strcmp(a->v[i].key, cc_facet_name(f)) && *a->v[i].value)
				for (const char *p = a->v[i].value; *p;) {
					/* "a,b" counts as two values */
					const char *comma = strchr(p, ',');
					size_t n = comma ? (size_t)(comma - p) : strlen(p);
					if (n) {
						char *v = cc_xstrndup(p, n);
						cc_strlist_add(&q->want[f], v);
						free(v);
					}
					p += n + (comma ? 1 : 0);
				}
	const char *sort = arg_get(a, "sort");
	for (int i = 0; sort && cc_sales_sort_names[i]; i++)
		if (!strcmp(sort, cc_sales_sort_names[i]))
			q->sort = (enum cc_sales_sort)i;
	const char *st = arg_get(a, "stale");
	q->include_stale = st && *st && strcmp(st, "0");
	const char *page = arg_get(a, "page");
	long p = page ? strtol(page, NULL, 10) : 1;
	q->limit = 20;
	q->offset = p > 1 && p < 10000 ? (p - 1) * 20 : 0;
}

static char *joined(const struct cc_strlist *l)
{
	struct cc_buf b = CC_BUF_INIT;
	for (size_t i = 0; i < l->n; i++)
		cc_buf_addf(&b, "%s%s", i ? "," : "", l->v[i]);
	return l->n ? cc_buf_detach(&b, NULL) : (cc_buf_release(&b), NULL);
}

static void record_search(struct cc_server *s, const struct cc_sales_result *r, const char *source)
{
	struct cc_activity_search as = {0};
	char *f[CC_NFACETS];
	for (int i = 0; i < CC_NFACETS; i++)
		f[i] = joined(&r->selected[i]);
	as.query = r->normalised;
	as.persona = f[CC_FACET_PERSONA];
	as.stage = f[CC_FACET_STAGE];
	as.topic = f[CC_FACET_TOPIC];
	as.format = f[CC_FACET_FORMAT];
	as.results = (long)r->total;
	as.fallback = r->fallback;
	as.source = source;
	cc_activity_queue_search(s->act, &as, (int64_t)time(NULL));
	for (int i = 0; i < CC_NFACETS; i++)
		free(f[i]);
}

static enum MHD_Result page_search(struct cc_server *s, struct snap_ref *sr, struct MHD_Connection *c, const struct args *a)
{
	struct cc_sales_query q;
	struct cc_sales_result r;
	struct cc_db *db = db_get(s);
	struct cc_buf b = CC_BUF_INIT;
	enum MHD_Result ret;

	query_from_args(&q, a);
	int rc = cc_sales_search(&r, sr->s, db, sr->cfg, &q);
	db_put(s, db);
	if (rc < 0) {
		ret = error_page(c, 500, "Search failed", cc_error_last(), false);
	} else {
		bool asked = (q.q && *q.q) || r.selected[0].n || r.selected[1].n || r.selected[2].n || r.selected[3].n;
		/* Not the pages after the first, nor the results shown while typing. */
		if (asked && !arg_get(a, "page") && !arg_get(a, "instant"))
			record_search(s, &r, "search");
		cc_page_search(&b, sr->cfg, sr->s, &q, &r);
		ret = respond(c, 200, HTML, &b);
	}
	cc_sales_result_release(&r);
	cc_sales_query_release(&q);
	return ret;
}

/* Offered assets for persona(s) x stage (and the topic and format of
 * pick, when chosen), best first. */
static int cell(const struct cc_config *cfg, const struct cc_sales *snap, struct cc_db *db,
		const struct cc_strlist *personas, const char *stage, const char *const *pick, long limit,
		struct cc_sales_result *out)
{
	struct cc_sales_query q = {0};
	for (size_t i = 0; i < personas->n; i++)
		cc_strlist_add(&q.want[CC_FACET_PERSONA], personas->v[i]);
	cc_strlist_add(&q.want[CC_FACET_STAGE], stage);
	for (int f = CC_FACET_TOPIC; pick && f < CC_NVOCAB_FACETS; f++)
		if (pick[f])
			cc_strlist_add(&q.want[f], pick[f]);
	q.limit = limit;
	int rc = cc_sales_search(out, snap, db, cfg, &q);
	cc_sales_query_release(&q);
	return rc;
}

static enum MHD_Result page_asset(struct cc_server *s, struct snap_ref *sr, struct MHD_Connection *c, const char *slug,
				  const struct args *a)
{
	const struct cc_sales_asset *as = slug_ok(slug) ? cc_sales_find(sr->s, slug) : NULL;
	struct cc_sales_result next = {0};
	struct cc_buf b = CC_BUF_INIT;
	enum MHD_Result ret;
	const char *next_stage = NULL;
	bool have_next = false;

	if (!as) {
			return error_page(c, 404, "No such asset", "There is no asset with that name in the library.", false);
	}
	const struct cc_strlist *stages = &as->row->tags[CC_DIM_STAGE];
	/* The asset's latest stage in the funnel. */
	for (size_t i = 0; i < stages->n; i++) {
		const char *ns = cc_sales_next_stage(sr->cfg, stages->v[i]);
		if (!next_stage || (ns && cc_sales_next_stage(sr->cfg, next_stage) && strcmp(ns, next_stage)))
			next_stage = ns;
	}
	if (next_stage) {
		struct cc_db *db = db_get(s);
		have_next = cell(sr->cfg, sr->s, db, &as->row->tags[CC_DIM_PERSONA], next_stage, NULL, 4, &next) == 0;
		db_put(s, db);
	}
	const char *st = arg_get(a, "stale"), *copied = arg_get(a, "copied");
	cc_page_asset(&b, sr->cfg, sr->s, as, have_next ? &next : NULL, next_stage, st && !strcmp(st, "1"),
		      copied && !strcmp(copied, "1"));
	ret = respond(c, 200, HTML, &b);
	cc_sales_result_release(&next);
	return ret;
}

static enum MHD_Result page_buyer(struct cc_server *s, struct snap_ref *sr, struct MHD_Connection *c,
				  const struct args *a)
{
	struct cc_sales_result now = {0}, next = {0}, near = {0};
	struct cc_buf b = CC_BUF_INIT;
	const char *pick[CC_NVOCAB_FACETS] = {NULL};
	const struct cc_vocab *voc[CC_NVOCAB_FACETS] = {&sr->cfg->personas, &sr->cfg->stages, &sr->cfg->topics,
							&sr->cfg->formats};
	const char *next_stage = NULL, *near_stage = NULL;
	bool have = false;

	/* Each configured dimension with a vocabulary; an unknown value is not chosen. */
	for (int f = 0; f < CC_NVOCAB_FACETS; f++) {
		const char *v = arg_get(a, cc_facet_name(f));
		if (v && *v)
			cc_vocab_lookup(voc[f], v, &pick[f]);
	}
	const char *pc = pick[CC_FACET_PERSONA], *sc = pick[CC_FACET_STAGE];
	if (pc && sc) {
		struct cc_strlist p = {0};
		struct cc_db *db = db_get(s);
		cc_strlist_add(&p, pc);
		next_stage = cc_sales_next_stage(sr->cfg, sc);
		have = cell(sr->cfg, sr->s, db, &p, sc, pick, 5, &now) == 0 &&
		       (!next_stage || cell(sr->cfg, sr->s, db, &p, next_stage, pick, 3, &next) == 0);
		if (have)
			record_search(s, &now, "buyer");
		/* An empty cell: the nearest stage (earlier first on a tie) with
		 * something for this persona, as recommend does. */
		const char *canon;
		long si = cc_vocab_lookup(&sr->cfg->stages, sc, &canon), ns = (long)sr->cfg->stages.n;
		for (long d = 1; have && !now.total && d < ns && !near_stage; d++) {
			long cand[2] = {si - d, si + d};
			for (int k = 0; k < 2 && !near_stage; k++) {
				if (cand[k] < 0 || cand[k] >= ns)
					continue;
				cc_sales_result_release(&near);
				if (cell(sr->cfg, sr->s, db, &p, sr->cfg->stages.v[cand[k]].name, pick, 3, &near) == 0 &&
				    near.total)
					near_stage = sr->cfg->stages.v[cand[k]].name;
			}
		}
		db_put(s, db);
		cc_strlist_clear(&p);
	}
	cc_page_buyer(&b, sr->cfg, sr->s, pick, have ? &now : NULL, have ? &next : NULL, next_stage,
		      near_stage ? &near : NULL, near_stage);
	enum MHD_Result ret = respond(c, 200, HTML, &b);
	cc_sales_result_release(&now);
	cc_sales_result_release(&next);
	cc_sales_result_release(&near);
	return ret;
}

static enum MHD_Result post_share(struct cc_server *s, struct snap_ref *sr, struct MHD_Connection *c, struct req *rq)
{
	struct args form = {0};
	const struct cc_sales_asset *as;
	const char *slug;

	if (!parse_form(rq->body.buf, &form) || !(slug = arg_get(&form, "slug")) || !slug_ok(slug))
		return error_page(c, 400, "Bad request", "The form could not be read.", false);
	as = cc_sales_find(sr->s, slug);
	bool ok = as && !as->internal && *as->row->url && as->verdict.offer != CC_SERVE_EXPIRED &&
		  as->verdict.offer != CC_SERVE_UNPUBLISHED;
	if (ok)
		cc_activity_queue_share(s->act, as->row->path, as->row->slug, (int64_t)time(NULL));
	if (!ok)
		return error_page(c, 404, "No such asset", "There is no shareable asset with that name.", false);
	struct cc_buf to = CC_BUF_INIT;
	cc_buf_addf(&to, "/asset/%s?copied=1#share", slug);
	enum MHD_Result ret = redirect(c, to.buf, NULL);
	cc_buf_release(&to);
	return ret;
}

static enum MHD_Result post_login(struct cc_server *s, struct MHD_Connection *c, struct req *rq)
{
	struct args form = {0};
	const char *token;
	struct cc_buf b = CC_BUF_INIT;
	if (!s->o.auth_token)
		return redirect(c, "/", NULL);
	if (parse_form(rq->body.buf, &form) && (token = arg_get(&form, "token")) && const_eq(token, s->o.auth_token)) {
		char cookie[200];
		snprintf(cookie, sizeof(cookie), COOKIE_NAME "=%s; Path=/; HttpOnly; SameSite=Strict%s", s->session,
			 !strncmp(s->origin, "https:", 6) ? "; Secure" : "");
		return redirect(c, "/", cookie);
	}
	cc_page_login(&b, true);
	return respond(c, 403, HTML, &b);
}

/* ---- the API: the CLI's JSON, through the library's renderers ---- */

/* The tag filters persona/stage/topic of a, canonical; -1 on an unknown value. */
static int tag_args(const struct cc_config *cfg, const struct args *a, const char *canon[CC_DIM_COUNT])
{
	for (int d = 0; d < CC_DIM_COUNT; d++) {
		const char *v = arg_get(a, cc_dim_name((enum cc_dim)d));
		const struct cc_vocab *voc = d == CC_DIM_PERSONA ? &cfg->personas
					     : d == CC_DIM_STAGE ? &cfg->stages
								 : &cfg->topics;
		canon[d] = NULL;
		if (v && *v && cc_vocab_lookup(voc, v, &canon[d]) < 0)
			return -1;
	}
	return 0;
}

/* as_of of a, today when absent or empty; -1 with cc_error when it is not a day. */
static int as_of_arg(const struct args *a, int64_t *as_of)
{
	const char *d = arg_get(a, "as_of");
	*as_of = cc_today();
	if (d && *d && cc_day_parse(as_of, d) < 0)
		return cc_error("as_of takes YYYY-MM-DD, not '%s'", d);
	return 0;
}

/* as_of (default today) and quarter (default the current one) of a. */
static int calendar_args(const struct cc_config *cfg, const struct args *a, int64_t *as_of, struct cc_quarter *q)
{
	const char *qs = arg_get(a, "quarter");
	if (as_of_arg(a, as_of) < 0)
		return -1;
	return cc_quarter_parse(q, qs && *qs ? qs : "current", *as_of, cfg->calendar.fiscal_year_start,
				cfg->calendar.week_start);
}

static enum MHD_Result api_search(struct cc_server *s, struct snap_ref *sr, struct MHD_Connection *c, const struct args *a)
{
	struct cc_search_options so = {0};
	struct cc_search_hits hits = {0};
	struct cc_rows rows = {0};
	struct cc_buf b = CC_BUF_INIT, probe = CC_BUF_INIT;
	const char *canon[CC_DIM_COUNT];
	enum MHD_Result ret;
	int rc = -1;

	so.query = arg_get(a, "q");
	if (!so.query || cc_search_translate(so.query, &probe) < 0) {
		cc_buf_release(&probe);
		return error_page(c, 400, "Bad request", so.query ? cc_error_last() : "q is required", true);
	}
	cc_buf_release(&probe);
	if (tag_args(sr->cfg, a, canon) < 0)
		return error_page(c, 400, "Bad request", "unknown filter value", true);
	for (int d = 0; d < CC_DIM_COUNT; d++)
		so.tags[d] = canon[d];
	const char *lim = arg_get(a, "limit"), *all = arg_get(a, "all"), *inc = arg_get(a, "include_stale");
	so.limit = lim ? strtol(lim, NULL, 10) : 10;
	if (so.limit <= 0 || so.limit > 1000)
		return error_page(c, 400, "Bad request", "limit must be 1 to 1000", true);
	so.offer = all && !strcmp(all, "1") ? CC_OFFER_ALL : inc && !strcmp(inc, "1") ? CC_OFFER_STALE : CC_OFFER_FRESH;
	if (as_of_arg(a, &so.as_of) < 0)
		return error_page(c, 400, "Bad request", cc_error_last(), true);
	/* The search reads relevance from the index's stored percentiles. The
	 * hits' rows come from the snapshot when it holds the very index run
	 * the search read (the run the same before and after), else from the
	 * index: the same rows either way, the snapshot's without a query. */
	struct cc_db *db = db_get(s);
	char *run0 = NULL, *run1 = NULL;
	bool shared = false;
	if (cc_db_meta_get(db, "run", &run0) == 0 && cc_search_run(db, sr->cfg, &so, &hits) == 0 &&
	    cc_db_meta_get(db, "run", &run1) == 0) {
		shared = run0 && run1 && *sr->s->run && !strcmp(run0, run1) && !strcmp(run0, sr->s->run);
		rows.v = cc_xcalloc(hits.n ? hits.n : 1, sizeof(*rows.v));
		for (size_t i = 0; shared && i < hits.n; i++) {
			const struct cc_sales_asset *as = cc_sales_find_id(sr->s, hits.v[i].id);
			if (as)
				rows.v[rows.n++] = *as->row; /* borrowed: never released one by one */
			else
				shared = false;
		}
		if (shared) {
			rc = 0;
		} else {
			struct cc_filter f = {0};
			int64_t *ids = cc_xcalloc(hits.n ? hits.n : 1, sizeof(*ids));
			for (size_t i = 0; i < hits.n; i++)
				ids[i] = hits.v[i].id;
			f.ids = ids;
			f.nids = hits.n;
			free(rows.v);
			memset(&rows, 0, sizeof(rows));
			rc = cc_query_assets(db, &f, &rows);
			free(ids);
		}
	}
	free(run0);
	free(run1);
	db_put(s, db);
	if (rc < 0) {
		ret = error_page(c, 500, "Search failed", cc_error_last(), true);
	} else {
		struct cc_search_view view = {sr->cfg, so.query, &hits, &rows, false};
		cc_render_search_json(&b, &view);
		ret = respond(c, 200, JSONT, &b);
	}
	cc_search_hits_release(&hits);
	if (shared)
		free(rows.v);
	else
		cc_rows_release(&rows);
	return ret;
}

static enum MHD_Result api_assets(struct cc_server *s, struct snap_ref *sr, struct MHD_Connection *c, const struct args *a)
{
	struct cc_filter f = {0};
	struct cc_rows rows = {0};
	struct cc_buf b = CC_BUF_INIT;
	const char *canon[CC_DIM_COUNT];
	int64_t as_of;
	const char *status = arg_get(a, "status");

	if (tag_args(sr->cfg, a, canon) < 0)
		return error_page(c, 400, "Bad request", "unknown filter value", true);
	if (as_of_arg(a, &as_of) < 0)
		return error_page(c, 400, "Bad request", cc_error_last(), true);
	for (int i = 0; i < CC_DIM_COUNT; i++)
		f.tags[i] = canon[i];
	char *st = status && *status ? cc_vocab_clean(status) : NULL;
	f.status = st;
	struct cc_db *db = db_get(s);
	int rc = cc_query_assets(db, &f, &rows);
	db_put(s, db);
	free(st);
	if (rc < 0) {
		cc_rows_release(&rows);
		return error_page(c, 500, "Failed", cc_error_last(), true);
	}
	struct cc_lifecycle *lc = cc_xcalloc(rows.n + 1, sizeof(*lc));
	for (size_t i = 0; i < rows.n; i++)
		cc_lifecycle_of(&lc[i], sr->cfg, &rows.v[i], as_of);
	cc_render_assets_json(&b, &rows, lc, false);
	free(lc);
	cc_rows_release(&rows);
	return respond(c, 200, JSONT, &b);
}

static enum MHD_Result api_coverage(struct cc_server *s, struct snap_ref *sr, struct MHD_Connection *c, const struct args *a)
{
	struct cc_coverage m = {0};
	struct cc_quarter q;
	struct cc_buf b = CC_BUF_INIT;
	int64_t as_of;
	const char *by = arg_get(a, "by");
	if (calendar_args(sr->cfg, a, &as_of, &q) < 0)
		return error_page(c, 400, "Bad request", cc_error_last(), true);
	if (by && strcmp(by, "persona") && strcmp(by, "topic"))
		return error_page(c, 400, "Bad request", "by takes persona or topic", true);
	struct cc_db *db = db_get(s);
	int rc = cc_coverage_compute(db, sr->cfg, &q, as_of, by && !strcmp(by, "topic") ? CC_DIM_TOPIC : CC_DIM_PERSONA,
				     &m);
	db_put(s, db);
	if (rc < 0) {
		cc_coverage_release(&m);
		return error_page(c, 500, "Failed", cc_error_last(), true);
	}
	cc_render_coverage_json(&b, &m, &q, as_of);
	cc_coverage_release(&m);
	return respond(c, 200, JSONT, &b);
}

static enum MHD_Result api_gaps(struct cc_server *s, struct snap_ref *sr, struct MHD_Connection *c, const struct args *a)
{
	struct cc_findings findings = {0};
	struct cc_rows rows = {0};
	struct cc_quarter q;
	struct cc_buf b = CC_BUF_INIT;
	struct cc_filter all = {0};
	int64_t as_of;
	if (calendar_args(sr->cfg, a, &as_of, &q) < 0)
		return error_page(c, 400, "Bad request", cc_error_last(), true);
	struct cc_gaps_options go = {&q, as_of, sr->config_path};
	all.lean = true;
	struct cc_db *db = db_get(s);
	int rc = cc_query_assets(db, &all, &rows) < 0 || cc_gaps_from_rows(&findings, sr->cfg, &rows, &go) < 0 ? -1 : 0;
	db_put(s, db);
	if (rc == 0)
		rc = cc_gaps_demand(&findings, sr->cfg, s->ctx->db_path, as_of, sr->config_path);
	if (rc < 0) {
		cc_findings_release(&findings);
		cc_rows_release(&rows);
		return error_page(c, 500, "Failed", cc_error_last(), true);
	}
	struct cc_gaps_doc gd;
	struct cc_gaps_since since = {0};
	cc_gaps_doc_init(&gd, &findings, sr->cfg, CC_SEV_ERROR, false);
	gd.doc.version = s->o.version;
	struct cc_gaps_view v = {&findings, &gd.doc, &q, as_of, &since};
	cc_render_gaps_json(&b, &v);
	cc_gaps_doc_release(&gd);
	cc_findings_release(&findings);
	cc_rows_release(&rows);
	return respond(c, 200, JSONT, &b);
}

static enum MHD_Result api_calendar(struct cc_server *s, struct snap_ref *sr, struct MHD_Connection *c, const struct args *a)
{
	struct cc_rows rows = {0};
	struct cc_entries es = {0};
	struct cc_quarter q;
	struct cc_buf b = CC_BUF_INIT;
	struct cc_filter f = {0};
	const char *canon[CC_DIM_COUNT];
	int64_t as_of;
	if (calendar_args(sr->cfg, a, &as_of, &q) < 0)
		return error_page(c, 400, "Bad request", cc_error_last(), true);
	if (tag_args(sr->cfg, a, canon) < 0)
		return error_page(c, 400, "Bad request", "unknown filter value", true);
	for (int i = 0; i < CC_DIM_COUNT; i++)
		f.tags[i] = canon[i];
	const char *status = arg_get(a, "status");
	char *st = status && *status ? cc_vocab_clean(status) : NULL;
	f.status = st;
	struct cc_db *db = db_get(s);
	int rc = cc_query_assets(db, &f, &rows);
	db_put(s, db);
	free(st);
	if (rc < 0) {
		cc_rows_release(&rows);
		return error_page(c, 500, "Failed", cc_error_last(), true);
	}
	cc_calendar_entries(&es, sr->cfg, &rows, as_of);
	struct cc_calendar_view v = {sr->cfg, &q, as_of, &rows, &es};
	cc_render_calendar_json(&b, &v);
	cc_entries_release(&es);
	cc_rows_release(&rows);
	return respond(c, 200, JSONT, &b);
}

static enum MHD_Result api_recommend(struct cc_server *s, struct snap_ref *sr, struct MHD_Connection *c, const struct args *a)
{
	struct cc_recommend rc = {0};
	struct cc_relevance_set rel = {0};
	struct cc_buf b = CC_BUF_INIT;
	const char *canon[CC_DIM_COUNT];
	const char *lim = arg_get(a, "limit"), *inc = arg_get(a, "include_stale");
	struct cc_recommend_options o = {0};
	long limit = lim ? strtol(lim, NULL, 10) : 3;

	if (tag_args(sr->cfg, a, canon) < 0)
		return error_page(c, 400, "Bad request", "unknown filter value", true);
	if (!canon[CC_DIM_PERSONA] || !canon[CC_DIM_STAGE])
		return error_page(c, 400, "Bad request", "persona and stage are required", true);
	if (limit <= 0 || limit > 1000)
		return error_page(c, 400, "Bad request", "limit must be 1 to 1000", true);
	o.persona = canon[CC_DIM_PERSONA];
	o.stage = canon[CC_DIM_STAGE];
	o.topic = canon[CC_DIM_TOPIC];
	if (as_of_arg(a, &o.as_of) < 0)
		return error_page(c, 400, "Bad request", cc_error_last(), true);
	o.offer = inc && !strcmp(inc, "1") ? CC_OFFER_STALE : CC_OFFER_FRESH;
	struct cc_db *db = db_get(s);
	int r = o.as_of == sr->s->as_of ? 0 : cc_relevance_compute(db, sr->cfg, o.as_of, &rel);
	o.rel = o.as_of == sr->s->as_of ? &sr->s->rel : &rel;
	if (r == 0)
		r = cc_recommend_compute(&rc, db, sr->cfg, &o);
	db_put(s, db);
	enum MHD_Result ret;
	if (r < 0) {
		ret = error_page(c, 500, "Failed", cc_error_last(), true);
	} else {
		struct cc_recommend_view view;
		cc_recommend_view_of(&view, &rc, &o, limit);
		cc_render_recommend_json(&b, &view);
		ret = respond(c, 200, JSONT, &b);
	}
	cc_recommend_release(&rc);
	cc_relevance_set_release(&rel);
	return ret;
}

/*
 * The report as the CLI writes it, with the quarter picker just inside
 * <body> and the report's own CSP meta allowing a form to this server
 * (form-action 'none' becomes 'self'): nothing else changes. A template
 * without a <body> tag gets no picker.
 */
static void with_picker(struct cc_buf *b, const struct snap_ref *sr, const struct cc_quarter *q, int64_t as_of)
{
	char *body = strstr(b->buf, "<body"), *end = body ? strchr(body, '>') : NULL;
	char *meta = strstr(b->buf, "<meta http-equiv=\"Content-Security-Policy\"");
	char *mend = meta ? strchr(meta, '>') : NULL;
	if (!end)
		return;
	if (mend) {
		char *fa = strstr(meta, "form-action 'none'");
		if (fa && fa < mend)
			memcpy(fa + 13, "self", 4);
	}
	struct cc_buf out = CC_BUF_INIT;
	size_t at = (size_t)(end + 1 - b->buf);
	cc_buf_add(&out, b->buf, at);
	cc_buf_addch(&out, '\n');
	cc_page_quarter_picker(&out, sr->cfg, sr->s, q, as_of);
	cc_buf_add(&out, b->buf + at + (b->buf[at] == '\n'), b->len - at - (b->buf[at] == '\n'));
	cc_buf_release(b);
	*b = out;
}

/* The report page: the library's HTML with its own CSP hashes in the header. */
static enum MHD_Result page_report(struct cc_server *s, struct snap_ref *sr, struct MHD_Connection *c, const struct args *a)
{
	struct cc_report r;
	struct cc_quarter q;
	struct cc_buf b = CC_BUF_INIT, scripts = CC_BUF_INIT, styles = CC_BUF_INIT, policy = CC_BUF_INIT;
	int64_t as_of;
	if (!s->o.report_template)
		return error_page(c, 404, "No report", "This server has no report template.", false);
	if (calendar_args(sr->cfg, a, &as_of, &q) < 0)
		return error_page(c, 400, "Bad request", cc_error_last(), false);
	struct cc_db *db = db_get(s);
	int rc = cc_report_build(&r, db, sr->cfg, &q, as_of, sr->config_path);
	db_put(s, db);
	if (rc < 0 || cc_render_report_html(&b, &r, s->o.report_template, s->o.report_template_where, s->o.version) < 0) {
		cc_report_release(&r);
		cc_buf_release(&b);
		return error_page(c, 500, "Report failed", cc_error_last(), false);
	}
	cc_report_release(&r);
	with_picker(&b, sr, &q, as_of);
	cc_csp_hashes(b.buf, &scripts, &styles);
	cc_buf_addf(&policy, "default-src 'none'; script-src %s; style-src %s; img-src data:; "
			     "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
		    scripts.len ? scripts.buf : "'none'", styles.len ? styles.buf : "'none'");
	size_t len;
	char *data = cc_buf_detach(&b, &len);
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
	enum MHD_Result ret = MHD_NO;
	if (resp) {
		add_security_headers(resp, policy.buf);
		MHD_add_response_header(resp, "Content-Type", HTML);
		MHD_add_response_header(resp, "Cache-Control", "no-store");
		ret = MHD_queue_response(c, 200, resp);
		MHD_destroy_response(resp);
	} else {
		free(data);
	}
	cc_buf_release(&scripts);
	cc_buf_release(&styles);
	cc_buf_release(&policy);
	return ret;
}

static enum MHD_Result healthz(struct cc_server *s, struct snap_ref *sr, struct MHD_Connection *c)
{
	char *err = cc_server_last_error(s);
	struct cc_buf b = CC_BUF_INIT;
	cc_render_json(&b, json_pack("{s:s, s:s, s:s, s:I, s:s?}", "status", "ok", "revision", sr->s->revision,
				     "config", sr->cfg->hash, "assets", (json_int_t)sr->s->n, "index_error", err));
	free(err);
	return respond(c, 200, JSONT, &b);
}

static enum MHD_Result route_in(struct cc_server *s, struct snap_ref *sr, struct MHD_Connection *c, const char *url,
				 struct req *rq)
{
	struct args a = {0};
	bool api = !strncmp(url, "/api/", 5);
	int l, col;

	if (!host_ok(s, c))
		return error_page(c, 421, "Misdirected request", "This server does not answer for that host name.", api);
	if (!cc_utf8_check(url, strlen(url), &l, &col))
		return error_page(c, 400, "Bad request", "The address is not valid UTF-8.", api);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, &a);
	if (a.bad)
		return error_page(c, 400, "Bad request", "The query is not valid UTF-8, or has too many parts.", api);

	if (!strcmp(url, "/static/app.css") || !strcmp(url, "/static/app.js")) {
		bool css = url[8] == 'a' && url[12] == 'c';
		struct cc_buf b = CC_BUF_INIT;
		cc_buf_adds(&b, css ? cc_serve_css : cc_serve_js);
		return respond_ex(c, 200, css ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8", &b,
				  "public, max-age=300", NULL);
	}
	if (!strcmp(url, "/healthz"))
		return healthz(s, sr, c);
	if (!strcmp(url, "/login")) {
		struct cc_buf b = CC_BUF_INIT;
		if (rq->post) {
			if (!same_origin(s, c))
				return error_page(c, 403, "Forbidden", "This form must be sent from this site.", false);
			return post_login(s, c, rq);
		}
		cc_page_login(&b, false);
		return respond(c, 200, HTML, &b);
	}
	if (!authed(s, c)) {
		if (api)
			return error_page(c, 401, "Unauthorised", "sign in first (cookie or Authorization: Bearer)", true);
		return redirect(c, "/login", NULL);
	}
	if (rq->post) {
		if (!same_origin(s, c))
			return error_page(c, 403, "Forbidden", "This form must be sent from this site.", false);
		if (!strcmp(url, "/activity/share"))
			return post_share(s, sr, c, rq);
		return error_page(c, 405, "Method not allowed", "Only GET is allowed here.", api);
	}
	if (!strcmp(url, "/") || !strcmp(url, "/search"))
		return page_search(s, sr, c, &a);
	if (!strncmp(url, "/asset/", 7))
		return page_asset(s, sr, c, url + 7, &a);
	if (!strcmp(url, "/buyer"))
		return page_buyer(s, sr, c, &a);
	if (!strcmp(url, "/api/search"))
		return api_search(s, sr, c, &a);
	if (!strcmp(url, "/api/assets"))
		return api_assets(s, sr, c, &a);
	if (!strcmp(url, "/api/recommend"))
		return api_recommend(s, sr, c, &a);
	if (!strcmp(url, "/api/coverage"))
		return api_coverage(s, sr, c, &a);
	if (!strcmp(url, "/api/gaps"))
		return api_gaps(s, sr, c, &a);
	if (!strcmp(url, "/api/calendar"))
		return api_calendar(s, sr, c, &a);
	if (!strcmp(url, "/report"))
		return page_report(s, sr, c, &a);
	if (!strcmp(url, "/favicon.ico")) {
		struct cc_buf b = CC_BUF_INIT;
		return respond_ex(c, 204, "image/x-icon", &b, "public, max-age=86400", NULL);
	}
	return error_page(c, 404, "Not found", "There is no page at this address.", api);
}

/* One snapshot, and with it one config, for the whole request. */
static enum MHD_Result route(struct cc_server *s, struct MHD_Connection *c, const char *url, struct req *rq)
{
	struct snap_ref *sr = snap_get(s);
	enum MHD_Result ret = route_in(s, sr, c, url, rq);
	snap_put(sr);
	return ret;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
			       const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct cc_server *s = cls;
	struct req *rq = *con_cls;

	if (!rq) {
		rq = cc_xcalloc(1, sizeof(*rq));
		cc_buf_init(&rq->body);
		rq->post = !strcmp(method, "POST");
		*con_cls = rq;
		if (strcmp(method, "GET") && strcmp(method, "HEAD") && !rq->post) {
			struct cc_buf b = CC_BUF_INIT;
			return respond_ex(c, 405, "text/plain", &b, NULL, "Allow", "GET, HEAD, POST", NULL);
		}
		if (rq->post)
			return MHD_YES;
	}
	if (rq->post && *upload_data_size) {
		if (rq->body.len + *upload_data_size > MAX_BODY)
			rq->too_big = true;
		else
			cc_buf_add(&rq->body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (rq->too_big)
		return error_page(c, 413, "Too large", "The form is too large.", false);
	return route(s, c, url, rq);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct req *rq = *con_cls;
	if (rq) {
		cc_buf_release(&rq->body);
		free(rq);
		*con_cls = NULL;
	}
}

/* ---- start and stop ---- */

static int open_pool(struct cc_server *s, size_t n)
{
	char *eng = cc_engagement_path(s->ctx->db_path);
	s->pool = cc_xcalloc(n, sizeof(*s->pool));
	s->free_db = cc_xcalloc(n, sizeof(*s->free_db));
	for (size_t i = 0; i < n; i++) {
		if (cc_db_open(&s->pool[i], s->ctx->db_path, CC_DB_READONLY) < 0 ||
		    cc_engagement_attach(s->pool[i], eng) < 0 ||
		    cc_crm_attach_present(s->pool[i], s->ctx->db_path) < 0) {
			free(eng);
			return -1;
		}
		sqlite3_busy_timeout(s->pool[i]->db, 2000);
		/* 4 MiB of page cache per reader (the writer keeps the index's 16). */
		cc_db_exec(s->pool[i], "PRAGMA cache_size = -4096");
		s->npool++;
		s->free_db[s->nfree++] = s->pool[i];
	}
	free(eng);
	return 0;
}

static void server_free(struct cc_server *s)
{
	for (size_t i = 0; i < s->npool; i++)
		cc_db_close(s->pool[i]);
	free(s->pool);
	free(s->free_db);
	if (s->snap)
		snap_put(s->snap);
	if (s->act) {
		cc_activity_flush(s->act);
		cc_activity_close(s->act);
	}
	cfg_put(s->cfg_cur);
	free(s->cfg_file);
	free(s->cfg_err);
	free(s->last_error);
	pthread_mutex_destroy(&s->pool_lock);
	pthread_cond_destroy(&s->pool_cond);
	pthread_mutex_destroy(&s->snap_lock);
	pthread_mutex_destroy(&s->stop_lock);
	pthread_cond_destroy(&s->stop_cond);
	free(s);
}

int cc_server_start(struct cc_server **out, struct cc_ctx *ctx, const struct cc_serve_options *o)
{
	struct cc_server *s = cc_xcalloc(1, sizeof(*s));
	struct sockaddr_storage ss;
	socklen_t slen;
	struct cc_sales *first = NULL;
	char *act_path = NULL;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC;

	*out = NULL;
	/* No global lock around every allocation (memory statistics), when
	 * SQLite has not started yet: requests run on several threads. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	s->ctx = ctx;
	s->o = *o;
	if (!s->o.host)
		s->o.host = "127.0.0.1";
	if (!s->o.threads)
		s->o.threads = 4;
	if (!s->o.max_connections)
		s->o.max_connections = 256;
	if (!s->o.timeout_s)
		s->o.timeout_s = 10;
	if (!s->o.poll_ms)
		s->o.poll_ms = 2000;
	if (!s->o.proxy_header)
		s->o.proxy_header = "X-Forwarded-User";
	if (!s->o.version)
		s->o.version = "0";
	if (ctx->has_config && ctx->cfg.path) {
		s->cfg_file = cc_xstrdup(ctx->cfg.path);
		s->cfg_seen = stat(s->cfg_file, &s->cfg_st) == 0;
	}
	pthread_mutex_init(&s->pool_lock, NULL);
	pthread_cond_init(&s->pool_cond, NULL);
	pthread_mutex_init(&s->snap_lock, NULL);
	pthread_mutex_init(&s->stop_lock, NULL);
	pthread_cond_init(&s->stop_cond, NULL);

	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, s->o.host, &((struct sockaddr_in *)&ss)->sin_addr) == 1) {
		((struct sockaddr_in *)&ss)->sin_family = AF_INET;
		((struct sockaddr_in *)&ss)->sin_port = htons((uint16_t)s->o.port);
		slen = sizeof(struct sockaddr_in);
	} else if (inet_pton(AF_INET6, s->o.host, &((struct sockaddr_in6 *)&ss)->sin6_addr) == 1) {
		((struct sockaddr_in6 *)&ss)->sin6_family = AF_INET6;
		((struct sockaddr_in6 *)&ss)->sin6_port = htons((uint16_t)s->o.port);
		slen = sizeof(struct sockaddr_in6);
		flags |= MHD_USE_IPv6;
	} else {
		cc_error("--listen takes a numeric address and a port (127.0.0.1:8080, [::1]:8080), not '%s'",
			 s->o.host);
		goto fail;
	}
	(void)slen;
	if (!cc_serve_is_loopback(s->o.host) && !s->o.auth_token && !s->o.nproxies && !s->o.insecure_no_auth) {
		cc_error("refusing to listen on %s without authentication: use --auth-token-file or "
			 "--trusted-proxy, or --insecure-no-auth to serve anyone who can reach it",
			 s->o.host);
		goto fail;
	}
	if (s->o.auth_token) {
		struct cc_buf k = CC_BUF_INIT;
		cc_buf_addf(&k, "contentcal-session:%s", s->o.auth_token);
		sha256_hex(s->session, k.buf);
		cc_buf_release(&k);
	}

	/* The index, up to date, with full text; the first snapshot. */
	if (cc_ctx_open_db(ctx, 0) < 0 || cc_search_ensure(ctx->db) < 0)
		goto fail;
	{
		char *eng = cc_engagement_path(ctx->db_path);
		int r = cc_engagement_attach(ctx->db, eng);
		free(eng);
		if (r == 0) /* CRM data, when there is some: measured intent assets (intent.h) */
			r = cc_crm_attach_present(ctx->db, ctx->db_path) < 0 ? -1 : 0;
		if (r < 0)
			goto fail;
	}
	if (!s->o.no_index) {
		struct cc_index_options io = s->o.index;
		struct cc_index_stats st;
		io.full_text = true;
		if (cc_index_update(ctx, &io, &st) < 0)
			goto fail;
		head_oid(s, &s->head);
	}
	/* The snapshots' own copy of the config (ctx->cfg is the indexer's). */
	if (!(s->cfg_cur = cfg_new(s)) || cc_sales_build(&first, ctx->db, &s->cfg_cur->cfg, cc_today()) < 0 ||
	    cc_search_warm(ctx->db, &s->cfg_cur->cfg, cc_today()) < 0)
		goto fail;
	snap_swap(s, first);
	if (open_pool(s, s->o.threads + 1) < 0)
		goto fail;
	act_path = s->o.activity_path ? cc_xstrdup(s->o.activity_path) : cc_activity_path(ctx->db_path);
	if (cc_activity_open(&s->act, act_path, false) < 0)
		goto fail;

	s->d = MHD_start_daemon(flags, (uint16_t)s->o.port, NULL, NULL, handler, s, MHD_OPTION_SOCK_ADDR, &ss,
				MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)s->o.threads, MHD_OPTION_CONNECTION_LIMIT,
				(unsigned int)s->o.max_connections, MHD_OPTION_CONNECTION_TIMEOUT,
				(unsigned int)s->o.timeout_s, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
				(size_t)MEMORY_LIMIT, MHD_OPTION_NOTIFY_COMPLETED, completed, s,
				MHD_OPTION_LISTEN_BACKLOG_SIZE, 256u, MHD_OPTION_END);
	if (!s->d) {
		cc_error("cannot listen on %s port %u: %s", s->o.host, s->o.port, errno ? strerror(errno) : "failed");
		goto fail;
	}
	{
		const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
		s->port = di ? di->port : s->o.port;
	}
	if (strchr(s->o.host, ':'))
		snprintf(s->listen_host, sizeof(s->listen_host), "[%s]:%u", s->o.host, s->port);
	else
		snprintf(s->listen_host, sizeof(s->listen_host), "%s:%u", s->o.host, s->port);
	if (s->o.base_url) {
		/* scheme://host[:port] of the base URL */
		const char *p = strstr(s->o.base_url, "://");
		const char *end = p ? strchr(p + 3, '/') : NULL;
		size_t n = end ? (size_t)(end - s->o.base_url) : strlen(s->o.base_url);
		snprintf(s->origin, sizeof(s->origin), "%.*s", (int)n, s->o.base_url);
	} else {
		snprintf(s->origin, sizeof(s->origin), "http://%s", s->listen_host);
	}
	if (pthread_create(&s->worker, NULL, worker_main, s) != 0) {
		cc_error("cannot start the indexing thread");
		goto fail;
	}
	s->worker_started = true;
	free(act_path);
	*out = s;
	return 0;
fail:
	free(act_path);
	if (s->d)
		MHD_stop_daemon(s->d);
	server_free(s);
	return -1;
}

void cc_server_stop(struct cc_server *s)
{
	if (!s)
		return;
	/* No new connections; the ones open finish (bounded by the timeout).
	 * Those the kernel completed but MHD had not accepted yet (a request
	 * sent just before the signal) are taken over too, not reset. */
	MHD_socket fd = MHD_quiesce_daemon(s->d);
	int added = 0;
	bool seen = false;
	if (fd != MHD_INVALID_SOCKET) {
		int fl = fcntl(fd, F_GETFL);
		if (fl >= 0 && fcntl(fd, F_SETFL, fl | O_NONBLOCK) == 0) {
			for (int n = 0; n < 1024; n++) {
				struct sockaddr_storage addr;
				socklen_t alen = sizeof(addr);
				int cfd = accept4(fd, (struct sockaddr *)&addr, &alen, SOCK_CLOEXEC | SOCK_NONBLOCK);
				if (cfd < 0)
					break;
				if (MHD_add_connection(s->d, cfd, (const struct sockaddr *)&addr, alen) != MHD_YES)
					break; /* MHD closed it */
				added++;
			}
		}
	}
	/* A connection handed over reaches its thread a moment later: until one
	 * is counted (at most 1 s), none open does not mean all done. */
	for (unsigned waited = 0; waited < s->o.timeout_s * 1000; waited += 20) {
		const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
		unsigned open = di ? di->num_connections : 0;
		if (!open && (!added || seen || waited >= 1000))
			break;
		seen = seen || open;
		usleep(20 * 1000);
	}
	MHD_stop_daemon(s->d);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	pthread_mutex_lock(&s->stop_lock);
	s->stop = true;
	pthread_cond_signal(&s->stop_cond);
	pthread_mutex_unlock(&s->stop_lock);
	if (s->worker_started)
		pthread_join(s->worker, NULL);
	server_free(s);
}
