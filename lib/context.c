/*
 * context.c — repository discovery, config loading, index location.
 */
#include "context.h"

#include <errno.h>
#include <stdint.h>
#include <strings.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "context_impl.h"
#include "index.h"

char *cc_ctx_strip_slash(const char *p)
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

/* The config (--config, else found from the start directory up to the root) and the index's path. */
int cc_ctx_config(struct cc_ctx *ctx, const struct cc_ctx_options *opts, struct cc_problems *problems)
{
	char resolved[PATH_MAX];
	char *config_file = NULL;
	const char *rel;
	int ret = -1;

	cc_config_defaults(&ctx->cfg);
	if (opts->config_path) {
		/* -C DIR: a relative --config is relative to DIR, like everything else. */
		char *given = opts->config_path[0] == '/'
				      ? cc_xstrdup(opts->config_path)
				      : join_dir(ctx->start_dir, opts->config_path);
		if (!realpath(given, resolved)) {
			cc_error("cannot read config '%s': %s", opts->config_path, strerror(errno));
			free(given);
			goto done;
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
				goto done;
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
			goto done;
		}
		const char *disp = under(config_file, ctx->start_dir);
		ctx->config_display = cc_xstrdup(disp ? disp : config_file);
		cc_config_release(&ctx->cfg);
		if (cc_config_load(&ctx->cfg, config_file, ctx->config_display, rel, problems) < 0) {
			free(dir);
			if (!*cc_error_last())
				cc_error("invalid config '%s'", ctx->config_display);
			goto done;
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
	ret = 0;
done:
	free(config_file);
	return ret;
}

/* ---- proving the index current without libgit2 (docs/design.md, "Search start-up") ---- */

/*
 * A variable that changes where git looks for the repository (GIT_DIR,
 * GIT_WORK_TREE, GIT_CEILING_DIRECTORIES…). libgit2 reads them only when
 * asked to (GIT_REPOSITORY_OPEN_FROM_ENV, which contentcal does not pass),
 * so both ways ignore them today; with one set the shortcut is not taken
 * all the same, so that it never decides where libgit2 would not.
 */
static bool git_environment(void)
{
	static const char *const vars[] = {"GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_CEILING_DIRECTORIES",
					   "GIT_DISCOVERY_ACROSS_FILESYSTEM", "GIT_OBJECT_DIRECTORY",
					   "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_INDEX_FILE", "GIT_NAMESPACE",
					   NULL};
	for (int i = 0; vars[i]; i++)
		if (getenv(vars[i]))
			return true;
	return false;
}

/* "dev:ino:size:mtime:ctime" of path, or "-" when it does not exist; false on any other doubt. */
static bool stamp_file(struct cc_buf *out, const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0) {
		if (errno != ENOENT)
			return false;
		cc_buf_adds(out, "-;");
		return true;
	}
	if (!S_ISREG(st.st_mode))
		return false;
	cc_buf_addf(out, "%ju:%ju:%jd:%jd.%09ld:%jd.%09ld;", (uintmax_t)st.st_dev, (uintmax_t)st.st_ino,
		    (intmax_t)st.st_size, (intmax_t)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
		    (intmax_t)st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
	return true;
}

/* Whether a config file of path mentions "include" ([include], includeIf): files beyond the stamp. */
static bool mentions_include(const char *path)
{
	char buf[65536];
	FILE *f = fopen(path, "r");
	bool found = false;
	size_t n;
	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	found = n == sizeof(buf) - 1 || strcasestr(buf, "include") != NULL || memchr(buf, '\0', n);
	fclose(f);
	return found;
}

int cc_ctx_git_stamp(struct cc_buf *out, const char *git_dir, const char *root)
{
	const char *home = getenv("HOME"), *xdg = getenv("XDG_CONFIG_HOME");
	struct cc_buf path = CC_BUF_INIT;
	const char *files[4][2] = {{git_dir, "/config"}, {"/etc", "/gitconfig"}, {home, "/.gitconfig"},
				   {NULL, NULL}};
	bool ok = !git_environment();
	cc_buf_reset(out);
	cc_buf_addf(out, "v1;%s;%s;", git_dir, root);
	if (xdg && *xdg)
		files[3][0] = xdg, files[3][1] = "/git/config";
	else
		files[3][0] = home, files[3][1] = "/.config/git/config";
	for (int i = 0; i < 4 && ok; i++) {
		if (!files[i][0] || !*files[i][0])
			continue;
		cc_buf_reset(&path);
		cc_buf_addf(&path, "%s%s", files[i][0], files[i][1]);
		cc_buf_addf(out, "%s=", path.buf);
		ok = stamp_file(out, path.buf) && !mentions_include(path.buf);
	}
	cc_buf_release(&path);
	return ok ? 0 : -1;
}

/* The first 40 (or 64) hex digits of s then end, '\n' or ' '; 0 when s is not an object id. */
static size_t oid_len(const char *s)
{
	size_t n = 0;
	while ((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f'))
		n++;
	return (n == 40 || n == 64) && (!s[n] || s[n] == '\n' || s[n] == ' ') ? n : 0;
}

/* The whole of a small file (at most max bytes) into buf; false when missing, larger or unreadable. */
static bool read_small(const char *path, char *buf, size_t max, bool *missing)
{
	FILE *f = fopen(path, "r");
	size_t n;
	*missing = !f && errno == ENOENT;
	if (!f)
		return false;
	n = fread(buf, 1, max, f);
	bool whole = n < max && !ferror(f);
	fclose(f);
	buf[whole ? n : 0] = '\0';
	return whole && !memchr(buf, '\0', n);
}

/* HEAD's commit from a packed-refs file, or false. */
static bool packed_ref(const char *git_dir, const char *ref, char out[65])
{
	struct cc_buf path = CC_BUF_INIT;
	char line[1024];
	bool found = false;
	size_t rl = strlen(ref);
	cc_buf_addf(&path, "%s/packed-refs", git_dir);
	FILE *f = fopen(path.buf, "r");
	cc_buf_release(&path);
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		size_t n = oid_len(line);
		if (n && line[n] == ' ' && !strncmp(line + n + 1, ref, rl) && line[n + 1 + rl] == '\n') {
			memcpy(out, line, n);
			out[n] = '\0';
			found = true;
		}
	}
	fclose(f);
	return found;
}

int cc_ctx_read_head(char out[65], const char *git_dir)
{
	struct cc_buf path = CC_BUF_INIT;
	char head[512], ref[512];
	bool missing, ok = false;
	size_t n;

	cc_buf_addf(&path, "%s/HEAD", git_dir);
	if (!read_small(path.buf, head, sizeof(head), &missing))
		goto done;
	if ((n = oid_len(head))) { /* detached */
		memcpy(out, head, n);
		out[n] = '\0';
		ok = true;
		goto done;
	}
	if (strncmp(head, "ref: refs/heads/", 16))
		goto done;
	n = strcspn(head + 5, "\n");
	if (head[5 + n] != '\n' || head[6 + n] || strstr(head + 5, "..") || strstr(head + 5, "/.") ||
	    strchr(head + 5, '\\') || n >= sizeof(ref))
		goto done;
	memcpy(ref, head + 5, n);
	ref[n] = '\0';
	cc_buf_reset(&path);
	cc_buf_addf(&path, "%s/%s", git_dir, ref);
	/* a loose ref wins over packed-refs; a symbolic one is libgit2's to follow */
	if (read_small(path.buf, head, sizeof(head), &missing)) {
		if ((n = oid_len(head)) && (head[n] == '\n' ? !head[n + 1] : !head[n])) {
			memcpy(out, head, n);
			out[n] = '\0';
			ok = true;
		}
	} else if (missing) {
		ok = packed_ref(git_dir, ref, out);
	}
done:
	cc_buf_release(&path);
	return ok ? 0 : -1;
}

/*
 * The work tree and git directory as libgit2 finds them when no GIT_*
 * variable is set, in the one layout this understands: walking up from
 * start, the first directory holding a ".git" that is a directory (not a
 * file, not a link), on the start's file system, with no directory on the
 * way that is itself a git directory, both owned by this user (as libgit2
 * requires without safe.directory). Anything else: -1, libgit2 decides.
 */
static int plain_layout(struct cc_ctx *ctx)
{
	struct cc_buf d = CC_BUF_INIT, p = CC_BUF_INIT;
	struct stat st, top;
	int ret = -1;
	if (git_environment() || stat(ctx->start_dir, &top) < 0)
		return -1;
	cc_buf_adds(&d, ctx->start_dir);
	for (;;) {
		cc_buf_reset(&p);
		cc_buf_addf(&p, "%s/HEAD", d.len > 1 ? d.buf : "");
		if (lstat(p.buf, &st) == 0)
			break; /* the directory itself looks like a git directory */
		cc_buf_reset(&p);
		cc_buf_addf(&p, "%s/.git", d.len > 1 ? d.buf : "");
		if (lstat(p.buf, &st) == 0) {
			if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() || st.st_dev != top.st_dev)
				break;
			if (stat(d.buf, &st) < 0 || st.st_uid != geteuid())
				break;
			/* a shallow clone's history warnings and worktrees' common dirs are libgit2's */
			struct stat sh;
			size_t gl = p.len;
			cc_buf_adds(&p, "/shallow");
			bool shallow = lstat(p.buf, &sh) == 0 || errno != ENOENT;
			cc_buf_setlen(&p, gl);
			cc_buf_adds(&p, "/commondir");
			bool common = lstat(p.buf, &sh) == 0 || errno != ENOENT;
			cc_buf_setlen(&p, gl);
			if (shallow || common)
				break;
			ctx->root = cc_xstrdup(d.buf);
			ctx->git_dir = cc_xstrdup(p.buf);
			ret = 0;
			break;
		}
		if (errno != ENOENT || d.len <= 1)
			break;
		char *slash = strrchr(d.buf, '/');
		cc_buf_setlen(&d, slash > d.buf ? (size_t)(slash - d.buf) : 1);
		if (stat(d.buf, &st) < 0 || st.st_dev != top.st_dev)
			break;
	}
	cc_buf_release(&d);
	cc_buf_release(&p);
	return ret;
}

struct cc_ctx *cc_ctx_start(const struct cc_ctx_options *opts)
{
	char resolved[PATH_MAX];
	if (!realpath(opts->dir ? opts->dir : ".", resolved)) {
		cc_error("cannot use directory '%s': %s", opts->dir ? opts->dir : ".", strerror(errno));
		return NULL;
	}
	struct cc_ctx *ctx = cc_xcalloc(1, sizeof(*ctx));
	ctx->start_dir = cc_xstrdup(resolved);
	return ctx;
}

int cc_ctx_try_proven(struct cc_ctx *ctx, const struct cc_ctx_options *opts, struct cc_problems *problems)
{
	struct cc_problems own = CC_PROBLEMS_INIT;
	struct stat st;
	bool ok;
	/* The index as it is: a damaged, missing or older file is libgit2's path's to mend and report. */
	ok = plain_layout(ctx) == 0 && cc_ctx_config(ctx, opts, &own) == 0 && stat(ctx->db_path, &st) == 0 &&
	     S_ISREG(st.st_mode) && st.st_size > 0 && cc_ctx_open_db(ctx, CC_DB_AS_IS) == 0 &&
	     cc_index_proven_current(ctx) == 1;
	if (ok)
		cc_problems_take(problems, &own);
	cc_problems_release(&own);
	ctx->proven_current = ok;
	return ok;
}

int cc_ctx_open_proven(struct cc_ctx **out, const struct cc_ctx_options *opts, struct cc_problems *problems)
{
	struct cc_ctx *ctx = cc_ctx_start(opts);
	*out = NULL;
	if (ctx && cc_ctx_try_proven(ctx, opts, problems) == 1) {
		*out = ctx;
		return 1;
	}
	cc_ctx_free(ctx);
	return 0;
}

void cc_ctx_reset(struct cc_ctx *ctx)
{
	cc_db_close(ctx->db);
	cc_config_release(&ctx->cfg);
	free(ctx->root);
	free(ctx->git_dir);
	free(ctx->config_display);
	free(ctx->db_path);
	ctx->db = NULL;
	ctx->root = ctx->git_dir = ctx->config_display = ctx->db_path = NULL;
	ctx->has_config = ctx->db_default = false;
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
	if (cc_db_open(&ctx->db, ctx->db_path, flags | (ctx->db_default ? CC_DB_OWN_DIR : 0)) < 0)
		return -1;
	return 0;
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
	cc_ctx_reset(ctx);
	if (ctx->release_git)
		ctx->release_git(ctx);
	free(ctx->start_dir);
	free(ctx);
}
