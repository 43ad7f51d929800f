/*
 * context.c — repository discovery, config loading, index location.
 */
#include "context.h"

#include <errno.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"

int cc_git_error(const char *what)
{
	const git_error *e = git_error_last();
	return cc_error("%s: %s", what, e && e->message ? e->message : "unknown libgit2 error");
}

static char *strip_slash(const char *p)
{
	size_t n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		n--;
	return cc_xstrndup(p, n);
}

/* The path of `path` relative to `base` (both absolute, normalised), or NULL if outside. */
static const char *under(const char *path, const char *base)
{
	size_t n = strlen(base);
	if (!strcmp(base, "/"))
		return path + 1;
	if (strncmp(path, base, n))
		return NULL;
	if (path[n] == '\0')
		return path + n;
	if (path[n] == '/')
		return path + n + 1;
	return NULL;
}

static char *join_dir(const char *dir, const char *path)
{
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_addf(&b, "%s/%s", dir, path);
	return cc_buf_detach(&b, NULL);
}

static char *default_db_path(const char *git_dir, const char *config_dir)
{
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_addf(&b, "%s/contentcal/index", git_dir);
	if (config_dir && *config_dir) {
		cc_buf_addch(&b, '-');
		for (const char *p = config_dir; *p; p++)
			cc_buf_addch(&b, (*p == '/' || *p == '.') ? '_' : *p);
	}
	cc_buf_adds(&b, ".db");
	return cc_buf_detach(&b, NULL);
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

int cc_ctx_open(struct cc_ctx **out, const struct cc_ctx_options *opts, struct cc_problems *problems)
{
	struct cc_ctx *ctx = cc_xcalloc(1, sizeof(*ctx));
	char resolved[PATH_MAX];
	char *config_file = NULL;
	const char *rel;

	*out = NULL;
	git_libgit2_init();
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
	cc_config_defaults(&ctx->cfg);

	if (!realpath(opts->dir ? opts->dir : ".", resolved)) {
		cc_error("cannot use directory '%s': %s", opts->dir ? opts->dir : ".", strerror(errno));
		goto fail;
	}
	ctx->start_dir = cc_xstrdup(resolved);
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
	ctx->root = strip_slash(resolved);
	if (!realpath(git_repository_path(ctx->repo), resolved)) {
		cc_error("cannot resolve git directory: %s", strerror(errno));
		goto fail;
	}
	ctx->git_dir = strip_slash(resolved);

	if (opts->config_path) {
		/* -C DIR: a relative --config is relative to DIR, like everything else. */
		char *given = opts->config_path[0] == '/'
				      ? cc_xstrdup(opts->config_path)
				      : join_dir(ctx->start_dir, opts->config_path);
		if (!realpath(given, resolved)) {
			cc_error("cannot read config '%s': %s", opts->config_path, strerror(errno));
			free(given);
			goto fail;
		}
		free(given);
		config_file = cc_xstrdup(resolved);
	} else {
		config_file = cc_config_find(ctx->start_dir, ctx->root);
		/* A config found by discovery is resolved (and refused outside) like --config. */
		if (config_file) {
			char *real = NULL;
			int r = cc_path_inside(ctx->root, config_file, &real);
			if (r != 0) {
				if (r > 0)
					cc_error("cannot read config '%s': %s", config_file, strerror(ENOENT));
				goto fail;
			}
			free(config_file);
			config_file = real;
		}
	}
	if (config_file) {
		char *dir = cc_xstrdup(config_file);
		char *slash = strrchr(dir, '/');
		*slash = '\0';
		rel = under(*dir ? dir : "/", ctx->root);
		if (!rel) {
			cc_error("config '%s' is outside the repository '%s'", config_file, ctx->root);
			free(dir);
			goto fail;
		}
		const char *disp = under(config_file, ctx->start_dir);
		ctx->config_display = cc_xstrdup(disp ? disp : config_file);
		cc_config_release(&ctx->cfg);
		if (cc_config_load(&ctx->cfg, config_file, ctx->config_display, rel, problems) < 0) {
			free(dir);
			if (!*cc_error_last())
				cc_error("invalid config '%s'", ctx->config_display);
			goto fail;
		}
		ctx->has_config = true;
		free(dir);
	}
	if (opts->db_path)
		ctx->db_path = opts->db_path[0] == '/' ? cc_xstrdup(opts->db_path)
						       : join_dir(ctx->start_dir, opts->db_path);
	else
		ctx->db_path = default_db_path(ctx->git_dir, ctx->has_config ? ctx->cfg.dir : "");
	ctx->db_default = !opts->db_path;
	free(config_file);
	*out = ctx;
	return 0;
fail:
	free(config_file);
	cc_ctx_free(ctx);
	return -1;
}

int cc_path_inside(const char *root, const char *path, char **resolved)
{
	char *real = realpath(path, NULL);
	if (resolved)
		*resolved = NULL;
	if (!real) {
		if (errno == ENOENT)
			return 1;
		return cc_error("cannot resolve '%s': %s", path, strerror(errno));
	}
	if (!under(real, root)) {
		cc_error("'%s' leads outside the repository '%s' (to '%s'); refusing to read it", path,
			 root, real);
		free(real);
		return -1;
	}
	if (resolved)
		*resolved = real;
	else
		free(real);
	return 0;
}

int cc_ctx_open_db(struct cc_ctx *ctx, int flags)
{
	if (ctx->db)
		return 0;
	return cc_db_open(&ctx->db, ctx->db_path, flags | (ctx->db_default ? CC_DB_OWN_DIR : 0));
}

char *cc_ctx_repo_path(const struct cc_ctx *ctx, const char *path)
{
	struct cc_buf abs = CC_BUF_INIT;
	struct cc_buf norm = CC_BUF_INIT;
	const char *rel;
	char *copy, *save = NULL;

	if (path[0] == '/')
		cc_buf_adds(&abs, path);
	else
		cc_buf_addf(&abs, "%s/%s", ctx->start_dir, path);
	/* Normalise "." and ".." lexically: the path may not exist yet. */
	copy = cc_buf_detach(&abs, NULL);
	for (char *part = strtok_r(copy, "/", &save); part; part = strtok_r(NULL, "/", &save)) {
		if (!strcmp(part, "."))
			continue;
		if (!strcmp(part, "..")) {
			char *slash = strrchr(norm.buf, '/');
			cc_buf_setlen(&norm, slash ? (size_t)(slash - norm.buf) : 0);
			continue;
		}
		cc_buf_addf(&norm, "/%s", part);
	}
	free(copy);
	rel = under(norm.len ? norm.buf : "/", ctx->root);
	if (!rel) {
		cc_error("'%s' is outside the repository '%s'", path, ctx->root);
		cc_buf_release(&norm);
		return NULL;
	}
	char *ret = cc_xstrdup(rel);
	cc_buf_release(&norm);
	return ret;
}

int cc_ctx_set_aside_db(struct cc_ctx *ctx)
{
	cc_db_close(ctx->db);
	ctx->db = NULL;
	return cc_db_set_aside(ctx->db_path);
}

void cc_ctx_free(struct cc_ctx *ctx)
{
	if (!ctx)
		return;
	cc_db_close(ctx->db);
	git_repository_free(ctx->repo);
	cc_config_release(&ctx->cfg);
	free(ctx->root);
	free(ctx->git_dir);
	free(ctx->start_dir);
	free(ctx->config_display);
	free(ctx->db_path);
	free(ctx);
	git_libgit2_shutdown();
}
