/*
 * context.h — what every command works on: the repository, its config and
 * the index database.
 *
 * The repository is found from a directory like git does (walking up); the
 * config is found from the same directory up to the repository root. The
 * index defaults to GIT_DIR/contentcal/index.db (one per config directory:
 * index-<dir>.db for a config below the root), never inside the work tree.
 */
#ifndef CC_CONTEXT_H
#define CC_CONTEXT_H

#include <git2.h>
#include <stdbool.h>

#include "config.h"
#include "db.h"
#include "problem.h"

struct cc_ctx_options {
	const char *dir;         /* start directory (-C); NULL = current */
	const char *db_path;     /* --db; NULL = default location */
	const char *config_path; /* --config; NULL = search */
};

struct cc_ctx {
	git_repository *repo;
	char *root;        /* absolute work tree root, no trailing '/' */
	char *git_dir;     /* absolute git directory, no trailing '/' */
	char *start_dir;   /* absolute start directory */
	bool has_config;   /* a config file was found and loaded */
	char *config_display; /* the config path as shown in messages (relative to start dir) */
	struct cc_config cfg;
	char *db_path;     /* --db (relative to the start directory), or the default */
	bool db_default;   /* db_path is the default, in contentcal's own GIT_DIR/contentcal */
	struct cc_db *db;  /* NULL until cc_ctx_open_db */
};

/*
 * Finds the repository and loads the config. Config problems (warnings
 * and errors, located) are added to problems. Returns 0, or -1 with
 * cc_error set (no repository, unreadable or invalid config).
 */
int cc_ctx_open(struct cc_ctx **out, const struct cc_ctx_options *opts, struct cc_problems *problems);
/* Opens the index database (flags from db.h). */
int cc_ctx_open_db(struct cc_ctx *ctx, int flags);
void cc_ctx_free(struct cc_ctx *ctx);

/*
 * Closes the index and moves its file to PATH.corrupt (its -wal and -shm
 * files are removed), so that the next open rebuilds it from git. For an
 * index found damaged mid-run. The engagement file is never touched.
 */
int cc_ctx_set_aside_db(struct cc_ctx *ctx);

/*
 * The one check of every file read on behalf of the content repository
 * (config, templates, report template): path resolved with realpath
 * (symbolic links, "..", at every component) must lie inside root (an
 * absolute, resolved directory). Returns 0 (*resolved, when not NULL, a new
 * string), 1 when path does not exist, or -1 with cc_error set when it
 * leads outside or cannot be resolved.
 */
int cc_path_inside(const char *root, const char *path, char **resolved);

/* Records libgit2's last error as cc_error, prefixed with what. Returns -1. */
int cc_git_error(const char *what);

/*
 * Resolves path (relative to the start directory, or absolute) to a
 * repository-relative path. Fails when it lies outside the work tree, even
 * through "..". Returns a new string or NULL with cc_error set.
 */
char *cc_ctx_repo_path(const struct cc_ctx *ctx, const char *path);

#endif
