/*
 * front.c — the program people run (contentcal). It answers `search`
 * itself when the index is proven current for HEAD without libgit2
 * (context.h, cc_ctx_open_proven), and hands every other run over to the
 * full program, contentcal-full, with the same arguments.
 *
 * It is linked without libgit2 and libmicrohttpd: loading and binding them
 * and the libraries they pull in (mbedTLS, libssh2, OpenSSL, Kerberos,
 * GnuTLS, nettle, gmp, …) took 8.5 ms of every run, most of a warm search
 * (docs/design.md, "Search start-up"). The front end answers a run entirely
 * or not at all: its output is held until the answer is known good (exit 0
 * or 1), and anything else — an index not proven current, --rev, --as-of
 * commit, a usage error, a damaged index — is discarded unseen and the
 * full program runs instead, which prints the same answer or the error.
 */
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

#define FULL_NAME "contentcal-full"

/* Output held in memory until the run's answer is known. */
struct held {
	FILE *orig, *f;
	char *buf;
	size_t len;
};

static bool hold(struct held *h, FILE **stream)
{
	h->orig = *stream;
	h->buf = NULL;
	h->len = 0;
	if (!(h->f = open_memstream(&h->buf, &h->len)))
		return false;
	*stream = h->f;
	return true;
}

/* Puts the stream back; with keep, writes what was held to it (not flushed). False when writing failed. */
static bool release(struct held *h, FILE **stream, bool keep)
{
	bool ok = fclose(h->f) == 0;
	*stream = h->orig;
	if (keep && ok && h->len)
		ok = fwrite(h->buf, 1, h->len, h->orig) == h->len;
	free(h->buf);
	return ok;
}

/* Whether the arguments after the command ask for its help (the full program prints it). */
static bool asks_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return true;
	}
	return false;
}

/* The search run without libgit2: its exit status (0 or 1), or -1 to hand over. */
static int run_search(struct cc_env *env, int argc, char **argv)
{
	struct cc_ctx_options o = {env->g.dir, env->g.db, env->g.config, true};
	struct cc_problems problems = CC_PROBLEMS_INIT;
	int ret = -1;
	if (cc_ctx_open_proven(&env->ctx, &o, &problems) == 1) {
		cc_print_problems(&problems);
		ret = cmd_search(argc, argv, env);
		if (ret != CC_EXIT_OK && ret != CC_EXIT_FINDINGS)
			ret = -1;
	}
	cc_problems_release(&problems);
	cc_ctx_free(env->ctx);
	env->ctx = NULL;
	return ret;
}

/* The exit status of a search answered here, or -1: the full program is to run. */
static int answer(int argc, char **argv)
{
	struct cc_buf err = CC_BUF_INIT;
	struct cc_global_args ga;
	struct cc_env env = {0};
	struct held out, errs;
	int first = cc_global_parse(argc, argv, &ga, &err), ret;

	cc_buf_release(&err);
	if (first < 0 || first >= argc || ga.help || ga.version || strcmp(argv[first], "search") ||
	    ga.g.rev || ga.g.worktree || asks_help(argc - first, argv + first))
		return -1;
	setlocale(LC_CTYPE, "C.UTF-8"); /* as the full program's main */
	env.g = ga.g;
	env.name = "search";
	if (!hold(&out, &stdout))
		return -1;
	if (!hold(&errs, &stderr)) {
		release(&out, &stdout, false);
		return -1;
	}
	ret = run_search(&env, argc - first, argv + first);
	/* Written through the real streams as the command wrote them (stdout
	 * buffered, flushed at exit), so that a shared descriptor receives the
	 * bytes in the order the full program's would. */
	bool ok = release(&out, &stdout, ret >= 0);
	ok = release(&errs, &stderr, ret >= 0) && ok;
	if (ret >= 0 && (!ok || fflush(stdout) != 0))
		return cc_fail("cannot write output");
	return ret;
}

/* Runs the full program with argv: beside this one (the build tree), else where `make install` puts it. */
static int hand_over(char **argv)
{
	char exe[PATH_MAX];
	struct cc_buf tried = CC_BUF_INIT, path = CC_BUF_INIT;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash = n > 0 ? (exe[n] = '\0', strrchr(exe, '/')) : NULL;
	const char *dir[] = {NULL, NULL, CC_LIBEXEC_DIR}, *sub[] = {"", "/../libexec/contentcal", ""};
	int err = ENOENT;

	fflush(NULL);
	if (slash) {
		*slash = '\0';
		dir[0] = dir[1] = exe;
	}
	for (int i = 0; i < 3; i++) {
		if (!dir[i])
			continue;
		cc_buf_reset(&path);
		cc_buf_addf(&path, "%s%s/" FULL_NAME, dir[i], sub[i]);
		execv(path.buf, argv);
		err = errno;
		cc_buf_addf(&tried, "%s%s", tried.len ? ", " : "", path.buf);
		if (err != ENOENT && err != ENOTDIR)
			break;
	}
	fprintf(stderr, "contentcal: cannot run %s (tried %s): %s\n", FULL_NAME, tried.buf, strerror(err));
	cc_buf_release(&tried);
	cc_buf_release(&path);
	return CC_EXIT_ERROR;
}

int main(int argc, char **argv)
{
	int ret = answer(argc, argv);
	return ret >= 0 ? ret : hand_over(argv);
}
