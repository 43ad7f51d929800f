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
	bool prove_current;      /* a read of HEAD's index (no --rev, no --worktree): try to
				  * prove the index current without libgit2 first (below) */
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
	bool proven_current; /* prove_current succeeded: repo is NULL, db open, the index current */
	void (*release_git)(struct cc_ctx *ctx); /* set when libgit2 was initialised (context_git.c):
						  * what cc_ctx_free releases of libgit2's */
};

/*
 * Finds the repository and loads the config.
 *
 * With opts->prove_current, first tries to prove without libgit2 (whose
 * start-up parses the system's CA bundle, most of a warm search's fixed
 * cost) that the index is current for HEAD: the layout is the plain one
 * (plain_layout in context.c), the repository and global git config files
 * are those the last libgit2 run recorded (cc_ctx_git_stamp), and HEAD,
 * read from the ref files, is the commit the index was built from
 * (cc_index_proven_current). Then ctx->repo stays NULL, ctx->db is open and
 * proven_current is set; on any doubt everything is found again through
 * libgit2, as without the option.
 *
 * Config problems (warnings and errors, located) are added to problems. Returns 0, or -1 with
 * cc_error set (no repository, unreadable or invalid config).
 */
int cc_ctx_open(struct cc_ctx **out, const struct cc_ctx_options *opts, struct cc_problems *problems);

/*
 * Only the proof above, without libgit2 (context.c; cc_ctx_open is in
 * context_git.c): 1 and *out when the index is proven current for HEAD, the
 * index file opened as it is (CC_DB_AS_IS); 0 and *out NULL when it is not
 * or anything fails, with nothing reported and nothing changed on disk.
 * The front end (cmd/front.c) answers a search with it, or hands over.
 */
int cc_ctx_open_proven(struct cc_ctx **out, const struct cc_ctx_options *opts, struct cc_problems *problems);
/* The repository, opened through libgit2 now when the context was proven
 * current without it; NULL with cc_error on failure. */
git_repository *cc_ctx_git(struct cc_ctx *ctx);
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

/*
 * The record of what decided discovery (git directory, work tree, and the
 * identity of the repository's and the global git config files) into out;
 * -1 (out unusable) when a GIT_* variable is set or a config file is not a
 * plain file or includes others.
 */
struct cc_buf;
int cc_ctx_git_stamp(struct cc_buf *out, const char *git_dir, const char *root);

/*
 * HEAD's commit id (hex) read from git_dir's files: HEAD holding an id
 * (detached) or "ref: refs/heads/NAME", that ref's loose file holding an
 * id, else its line in packed-refs. -1 for anything else (a symbolic ref
 * chain, an unborn branch, a damaged file): libgit2 decides then.
 */
int cc_ctx_read_head(char out[65], const char *git_dir);

/* Records libgit2's last error as cc_error, prefixed with what. Returns -1. */
int cc_git_error(const char *what);

/*
 * Resolves path (relative to the start directory, or absolute) to a
 * repository-relative path. Fails when it lies outside the work tree, even
 * through "..". Returns a new string or NULL with cc_error set.
 */
char *cc_ctx_repo_path(const struct cc_ctx *ctx, const char *path);

#endif
