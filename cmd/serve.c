/*
 * serve.c — `contentcal serve`: the sales library and the editors' JSON
 * over HTTP (lib/serve.h does the work).
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "serve.h"
#include "templates.h"

static struct {
	const char *listen, *base_url, *token_file, *proxy_header;
	struct cc_strlist proxies;
	bool insecure_no_auth;
	long workers, max_connections, timeout, poll_ms;
} a;

static const struct cc_option options[] = {
	CC_OPT_STRING(0, "listen", &a.listen, "HOST:PORT", "numeric address and port (default 127.0.0.1:8080; port 0\n"
		      "picks a free one); anything but loopback needs\n"
		      "authentication or --insecure-no-auth"),
	CC_OPT_STRING(0, "base-url", &a.base_url, "URL", "the public origin behind a reverse proxy (same-origin checks)"),
	CC_OPT_STRING(0, "auth-token-file", &a.token_file, "FILE", "a shared access token (at least 16 bytes): a sign-in form\n"
		      "sets an HttpOnly, SameSite=Strict cookie; scripts send\n"
		      "'Authorization: Bearer TOKEN'"),
	CC_OPT_LIST(0, "trusted-proxy", &a.proxies, "ADDR", "requests from ADDR carrying --proxy-header are signed in"),
	CC_OPT_STRING(0, "proxy-header", &a.proxy_header, "NAME", "the header a trusted proxy sets (default X-Forwarded-User)"),
	CC_OPT_FLAG(0, "insecure-no-auth", &a.insecure_no_auth, "allow a non-loopback listen without authentication"),
	CC_OPT_INT(0, "workers", &a.workers, "N", "request threads (default 4)", 1, 100000),
	CC_OPT_INT(0, "max-connections", &a.max_connections, "N", "connection cap (default 256)", 1, 100000),
	CC_OPT_INT(0, "timeout", &a.timeout, "SECONDS", "idle connection timeout (default 10)", 1, 100000),
	CC_OPT_INT(0, "poll-ms", &a.poll_ms, "MS", "how often HEAD is checked (default 2000)", 1, 100000),
	CC_OPT_END(),
};

const struct cc_help cmd_serve_help = {
	"usage: contentcal serve [--listen HOST:PORT] [--base-url URL] [--auth-token-file FILE]\n"
	"                        [--trusted-proxy ADDR]... [--proxy-header NAME] [--insecure-no-auth]\n"
	"                        [--workers N] [--max-connections N] [--timeout SECONDS] [--poll-ms MS]\n"
	"\n"
	"Serves the sales library (search, assets, a buyer's picks) and the editors' JSON\n"
	"(/api/...) over HTTP. The index is brought up to date in the background when HEAD\n"
	"moves; requests never wait for it. Routes, limits and security: docs/serve.md.\n"
	"Prints the address it serves on; SIGTERM or Ctrl-C finishes the requests in\n"
	"flight and exits 0.\n",
	options, NULL};

static int parse_listen(const char *s, char **host, unsigned *port)
{
	const char *colon;
	char *end;
	if (s[0] == '[') {
		const char *close = strchr(s, ']');
		if (!close || close[1] != ':')
			return -1;
		*host = cc_xstrndup(s + 1, (size_t)(close - s - 1));
		colon = close + 1;
	} else {
		if (!(colon = strrchr(s, ':')))
			return -1;
		*host = cc_xstrndup(s, (size_t)(colon - s));
	}
	errno = 0;
	unsigned long p = strtoul(colon + 1, &end, 10);
	if (errno || *end || end == colon + 1 || p > 65535 || !**host) {
		free(*host);
		*host = NULL;
		return -1;
	}
	*port = (unsigned)p;
	return 0;
}

static char *read_token(const char *path)
{
	FILE *f = fopen(path, "r");
	struct cc_buf b = CC_BUF_INIT;
	char chunk[256];
	size_t n;
	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && b.len < 4096)
		cc_buf_add(&b, chunk, n);
	fclose(f);
	cc_buf_rtrim(&b);
	return cc_buf_detach(&b, NULL);
}

/* The serve options from the option table; 0, or CC_EXIT_ERROR after printing. */
static int serve_options(const struct cc_env *env, struct cc_serve_options *o, char **host, char **token)
{
	if (a.listen && parse_listen(a.listen, host, &o->port) < 0)
		return cc_usage_error(env, "--listen takes HOST:PORT (127.0.0.1:8080, [::1]:8080), not '%s'", a.listen);
	if (a.base_url && strncmp(a.base_url, "http://", 7) && strncmp(a.base_url, "https://", 8))
		return cc_usage_error(env, "--base-url takes an http:// or https:// URL, not '%s'", a.base_url);
	if (a.token_file && !(*token = read_token(a.token_file)))
		return cc_fail("cannot read the token file '%s': %s", a.token_file, strerror(errno));
	if (*token && strlen(*token) < 16)
		return cc_fail("the token in '%s' is too short: use at least 16 characters", a.token_file);
	o->base_url = a.base_url;
	o->proxy_header = a.proxy_header;
	o->insecure_no_auth = a.insecure_no_auth;
	o->threads = (unsigned)a.workers;
	o->max_connections = (unsigned)a.max_connections;
	o->timeout_s = (unsigned)a.timeout;
	o->poll_ms = (unsigned)a.poll_ms;
	return 0;
}

int cmd_serve(int argc, char **argv, struct cc_env *env)
{
	struct cc_serve_options o = {0};
	struct cc_server *srv = NULL;
	char *host = NULL, *token = NULL, *report_where = NULL;
	struct cc_buf report_tmpl = CC_BUF_INIT;
	int ret = CC_EXIT_ERROR;
	sigset_t set;

	memset(&a, 0, sizeof(a));
	o.port = 8080;
	if (cc_parse_only(env, argc, argv, options))
		goto cleanup;
	if (serve_options(env, &o, &host, &token))
		goto cleanup;
	o.host = host ? host : "127.0.0.1";
	o.auth_token = token;
	o.proxies = (const char **)a.proxies.v;
	o.nproxies = a.proxies.n;
	o.no_index = env->g.no_index;
	o.index.rev = env->g.rev;
	o.index.worktree = env->g.worktree;
	o.index.threads = env->g.threads;
	o.version = CONTENTCAL_VERSION;
	/* The report page's template, read once (no request ever names a file). */
	{
		struct cc_tdirs t;
		cc_template_dirs(env->ctx, "report", &t);
		if (cc_template_read(&t, "report.html", &report_tmpl, &report_where) == 0) {
			o.report_template = report_tmpl.buf;
			o.report_template_where = report_where;
		}
		cc_tdirs_release(&t);
	}

	/* Every thread the server starts inherits this mask: only sigwait sees them. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (cc_server_start(&srv, env->ctx, &o) < 0) {
		cc_fail_lib();
		goto cleanup;
	}
	if (strchr(o.host, ':'))
		printf("serving http://[%s]:%u/\n", o.host, cc_server_port(srv));
	else
		printf("serving http://%s:%u/\n", o.host, cc_server_port(srv));
	fflush(stdout);
	for (;;) {
		int sig = 0;
		if (sigwait(&set, &sig) == 0 && sig != SIGHUP)
			break;
	}
	cc_server_stop(srv);
	ret = CC_EXIT_OK;
cleanup:
	free(host);
	free(token);
	cc_strlist_clear(&a.proxies);
	free(report_where);
	cc_buf_release(&report_tmpl);
	return ret;
}
