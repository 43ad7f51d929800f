/*
 * serve.c — `contentcal serve`: the sales library and the editors' JSON
 * over HTTP (lib/serve.h does the work).
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "serve.h"
#include "templates.h"

const char cmd_serve_usage[] =
	"usage: contentcal serve [--listen HOST:PORT] [--base-url URL] [--auth-token-file FILE]\n"
	"                        [--trusted-proxy ADDR]... [--proxy-header NAME] [--insecure-no-auth]\n"
	"                        [--workers N] [--max-connections N] [--timeout SECONDS] [--poll-ms MS]\n"
	"\n"
	"Serves the sales library (search, assets, a buyer's picks) and the editors' JSON\n"
	"(/api/...) over HTTP. The index is brought up to date in the background when HEAD\n"
	"moves; requests never wait for it. Routes, limits and security: docs/serve.md.\n"
	"Prints the address it serves on; SIGTERM or Ctrl-C finishes the requests in\n"
	"flight and exits 0.\n"
	"\n"
	"  --listen HOST:PORT      numeric address and port (default 127.0.0.1:8080; port 0\n"
	"                          picks a free one); anything but loopback needs\n"
	"                          authentication or --insecure-no-auth\n"
	"  --base-url URL          the public origin behind a reverse proxy (same-origin checks)\n"
	"  --auth-token-file FILE  a shared access token (at least 16 bytes): a sign-in form\n"
	"                          sets an HttpOnly, SameSite=Strict cookie; scripts send\n"
	"                          'Authorization: Bearer TOKEN'\n"
	"  --trusted-proxy ADDR    requests from ADDR carrying --proxy-header are signed in\n"
	"  --proxy-header NAME     the header a trusted proxy sets (default X-Forwarded-User)\n"
	"  --insecure-no-auth      allow a non-loopback listen without authentication\n"
	"  --workers N             request threads (default 4)\n"
	"  --max-connections N     connection cap (default 256)\n"
	"  --timeout SECONDS       idle connection timeout (default 10)\n"
	"  --poll-ms MS            how often HEAD is checked (default 2000)\n";

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

int cmd_serve(int argc, char **argv, struct cc_env *env)
{
	static const struct option opts[] = {
		{"listen", required_argument, NULL, 'l'},
		{"base-url", required_argument, NULL, 'b'},
		{"auth-token-file", required_argument, NULL, 'a'},
		{"trusted-proxy", required_argument, NULL, 'p'},
		{"proxy-header", required_argument, NULL, 'H'},
		{"insecure-no-auth", no_argument, NULL, 'I'},
		{"workers", required_argument, NULL, 'w'},
		{"max-connections", required_argument, NULL, 'm'},
		{"timeout", required_argument, NULL, 't'},
		{"poll-ms", required_argument, NULL, 'P'},
		{NULL, 0, NULL, 0},
	};
	struct cc_serve_options o = {0};
	struct cc_server *srv = NULL;
	const char **proxies = NULL;
	size_t nproxies = 0, aproxies = 0;
	char *host = NULL, *token = NULL, *report_where = NULL;
	struct cc_buf report_tmpl = CC_BUF_INIT;
	long n;
	int c, ret = CC_EXIT_ERROR;
	sigset_t set;

	o.port = 8080;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'l':
			free(host);
			host = NULL;
			if (parse_listen(optarg, &host, &o.port) < 0) {
				cc_usage_error(env, "--listen takes HOST:PORT (127.0.0.1:8080, [::1]:8080), not '%s'", optarg);
				goto cleanup;
			}
			break;
		case 'b':
			if (strncmp(optarg, "http://", 7) && strncmp(optarg, "https://", 8)) {
				cc_usage_error(env, "--base-url takes an http:// or https:// URL, not '%s'", optarg);
				goto cleanup;
			}
			o.base_url = optarg;
			break;
		case 'a':
			free(token);
			if (!(token = read_token(optarg))) {
				cc_fail("cannot read the token file '%s': %s", optarg, strerror(errno));
				goto cleanup;
			}
			if (strlen(token) < 16) {
				cc_fail("the token in '%s' is too short: use at least 16 characters", optarg);
				goto cleanup;
			}
			break;
		case 'p':
			CC_GROW(proxies, aproxies, nproxies + 1);
			proxies[nproxies++] = optarg;
			break;
		case 'H':
			o.proxy_header = optarg;
			break;
		case 'I':
			o.insecure_no_auth = true;
			break;
		case 'w':
		case 'm':
		case 't':
		case 'P':
			if ((n = cc_parse_positive(env, c == 'w' ? "--workers" : c == 'm' ? "--max-connections"
							   : c == 't' ? "--timeout" : "--poll-ms", optarg)) < 0)
				goto cleanup;
			if (n > 100000) {
				cc_usage_error(env, "'%s' is too large", optarg);
				goto cleanup;
			}
			*(c == 'w' ? &o.threads : c == 'm' ? &o.max_connections : c == 't' ? &o.timeout_s : &o.poll_ms) =
				(unsigned)n;
			break;
		default:
			cc_usage_error(env, "unknown option");
			goto cleanup;
		}
	}
	if (cc_no_operands(env, argc, argv))
		goto cleanup;
	o.host = host ? host : "127.0.0.1";
	o.auth_token = token;
	o.proxies = proxies;
	o.nproxies = nproxies;
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
	free(proxies);
	free(report_where);
	cc_buf_release(&report_tmpl);
	return ret;
}
