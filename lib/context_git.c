/*
 * context_git.c — the repository found and opened through libgit2: what
 * every command but a proven-current search needs (context.h). Kept apart
 * from context.c so that the front end (cmd/front.c) links without libgit2.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "context.h"
#include "context_impl.h"

int cc_git_error(const char *what)
{
	const git_error *e = git_error_last();
	return cc_error("%s: %s", what, e && e->message ? e->message : "unknown libgit2 error");
}

/*
 * libgit2 (like git since 2.35.2) refuses a repository whose directory
 * belongs to another user unless it is listed in safe.directory: the case
 * of a CI container whose checkout was made by the runner's user. libgit2
 * 1.5 reports it as GIT_EOWNER, or, when no safe.directory is set at all,
 * as "config value 'safe.directory' was not found". Either way, when
 * discovery finds a repository that opening refused and its work tree
 * belongs to another user, says so with the fix, and returns -1; returns
 * 0 (nothing recorded) for any other failure.
 */
static int owner_error(const char *start_dir, int gerr)
{
	git_buf gitdir = GIT_BUF_INIT;
	struct cc_buf top = CC_BUF_INIT;
	struct stat st;
	int ret = 0;
	if (git_repository_discover(&gitdir, start_dir, 0, NULL) == 0 && gitdir.ptr) {
		cc_buf_adds(&top, gitdir.ptr);
		while (top.len > 1 && top.buf[top.len - 1] == '/')
			cc_buf_setlen(&top, top.len - 1);
		size_t n = top.len;
		if (n > 5 && !strcmp(top.buf + n - 5, "/.git"))
			cc_buf_setlen(&top, n - 5);
		if (gerr == GIT_EOWNER || (stat(top.buf, &st) == 0 && st.st_uid != geteuid())) {
			if (stat(top.buf, &st) == 0)
				cc_error("the repository '%s' belongs to another user (uid %ld; this is uid %ld) "
					 "and git refuses it as unsafe (dubious ownership); if you trust it, "
					 "run: git config --global --add safe.directory %s",
					 top.buf, (long)st.st_uid, (long)geteuid(), top.buf);
			else
				cc_error("the repository '%s' belongs to another user and git refuses it as "
					 "unsafe (dubious ownership); if you trust it, run: git config --global "
					 "--add safe.directory %s",
					 top.buf, top.buf);
			ret = -1;
		}
	}
	git_buf_dispose(&gitdir);
	cc_buf_release(&top);
	return ret;
}

/* What cc_ctx_free releases of libgit2's. */
static void release_git(struct cc_ctx *ctx)
{
	git_repository_free(ctx->repo);
	ctx->repo = NULL;
	git_libgit2_shutdown();
}

/* libgit2's start-up, once per context, with contentcal's settings. */
static void git_start(struct cc_ctx *ctx)
{
	if (ctx->release_git)
		return;
	git_libgit2_init();
	ctx->release_git = release_git;
	/*
	 * Reading a blob by id re-hashes it by default (with SHA-1DC, slow):
	 * that is integrity checking of the object store, git fsck's job, and
	 * on a cold index it was a quarter of the run. Objects still come from
	 * git's own store by the ids git gave us.
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	/*
	 * libgit2 maps pack files in windows and, on 64-bit systems, keeps up
	 * to 8 GiB of them mapped: every page a cold index touches stays in the
	 * process's resident set (214 MB of a 100k-document run). Windows of
	 * 16 MiB, at most 32 MiB mapped, bound memory by the window, not the
	 * repository.
	 */
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)16 << 20);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)32 << 20);
}

git_repository *cc_ctx_git(struct cc_ctx *ctx)
{
	if (ctx->repo)
		return ctx->repo;
	git_start(ctx);
	if (git_repository_open_ext(&ctx->repo, ctx->start_dir, 0, NULL) < 0) {
		cc_git_error("cannot open the repository");
		return NULL;
	}
	return ctx->repo;
}

int cc_ctx_open(struct cc_ctx **out, const struct cc_ctx_options *opts, struct cc_problems *problems)
{
	struct cc_ctx *ctx = cc_ctx_start(opts);
	char resolved[PATH_MAX];

	*out = NULL;
	if (!ctx)
		return -1;
	if (opts->prove_current) {
		if (cc_ctx_try_proven(ctx, opts, problems) == 1) {
			*out = ctx;
			return 0;
		}
		cc_ctx_reset(ctx); /* any doubt: libgit2 finds everything again */
	}
	git_start(ctx);
	int gerr = git_repository_open_ext(&ctx->repo, ctx->start_dir, 0, NULL);
	if (gerr < 0 && owner_error(ctx->start_dir, gerr) < 0)
		goto fail;
	if (gerr < 0) {
		cc_error("not a git repository (or any parent up to /): '%s'", ctx->start_dir);
		goto fail;
	}
	if (git_repository_is_bare(ctx->repo)) {
		cc_error("'%s' is a bare repository; contentcal needs a work tree", git_repository_path(ctx->repo));
		goto fail;
	}
	if (!realpath(git_repository_workdir(ctx->repo), resolved)) {
		cc_error("cannot resolve work tree: %s", strerror(errno));
		goto fail;
	}
	ctx->root = cc_ctx_strip_slash(resolved);
	if (!realpath(git_repository_path(ctx->repo), resolved)) {
		cc_error("cannot resolve git directory: %s", strerror(errno));
		goto fail;
	}
	ctx->git_dir = cc_ctx_strip_slash(resolved);
	if (cc_ctx_config(ctx, opts, problems) < 0)
		goto fail;
	*out = ctx;
	return 0;
fail:
	cc_ctx_free(ctx);
	return -1;
}
