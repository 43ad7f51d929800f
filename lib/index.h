/*
 * index.h — bring the SQLite index up to date with a git revision.
 *
 * Walks the revision's tree with libgit2 and parses only the blobs whose id
 * differs from the one indexed for that path (cc_asset_parse on worker
 * threads, one per core by default; one writer with prepared statements and
 * one transaction per run, so a kill mid-run leaves the previous index
 * intact). Removed paths leave the index. A run whose tree id, config hash
 * and schema match the index's meta returns at once. Then history (created,
 * updated, authors, commits) is brought up to date by walking only the
 * commits that are new since the last run (see history.h).
 *
 * Symlinks and submodules in the tree are never followed; they are
 * reported as problems when they match the content globs.
 */
#ifndef CC_INDEX_H
#define CC_INDEX_H

#include <stdbool.h>
#include <stddef.h>

#include "context.h"

struct cc_index_options {
	const char *rev;      /* revision to index; NULL = HEAD */
	bool worktree;        /* index the working tree (drafts) instead of a commit */
	int threads;          /* parser threads; 0 = one per core */
	bool full_text;       /* also build the FTS5 index (fulltext.h) now, even when the index is
			       * current; search.full_text in the config does the same on every run */
	bool require_history; /* a shallow clone is an error, not a warning */
	/* Called from the writer thread now and then; may be NULL. */
	void (*progress)(size_t done, size_t total, void *payload);
	void *payload;
};

#define CC_INDEX_OPTIONS_INIT {NULL, false, 0, false, false, NULL, NULL}

struct cc_index_stats {
	size_t files;     /* content files in the revision */
	size_t added, changed, removed, unchanged;
	size_t problems;  /* problems in the index after the run */
	size_t commits;   /* commits walked for history */
	size_t exports, exports_read; /* committed engagement exports; those read this run */
	bool up_to_date;  /* nothing needed doing */
	bool shallow;     /* the repository is a shallow clone */
};

/*
 * Updates ctx's index (opening it if needed). Returns 0, or -1 with
 * cc_error set; on failure the index is left as it was before the run.
 */
int cc_index_update(struct cc_ctx *ctx, const struct cc_index_options *opts, struct cc_index_stats *stats);

/*
 * 1 when ctx's open index is current for HEAD without asking libgit2: the
 * stamp the last libgit2 run recorded (meta git_stamp, cc_ctx_git_stamp)
 * is this repository's now, HEAD read from the ref files
 * (cc_ctx_read_head) is the commit indexed and the one history reached,
 * the build key (schema, config, directory) is the same, and the index is
 * of a commit, not of the work tree. 0 otherwise (any doubt), -1 never.
 * cc_index_update then returns at once as up to date.
 */
int cc_index_proven_current(struct cc_ctx *ctx);

/*
 * cc_index_update for a context proven current (ctx->proven_current, no
 * --rev, no --worktree), without libgit2 (index_state.c): the counts of
 * an up-to-date run, and the full-text index brought up when asked for.
 * -1 with cc_error set for a context that is not proven current.
 */
int cc_index_use_current(struct cc_ctx *ctx, const struct cc_index_options *o, struct cc_index_stats *st);

/* What index runs share (index_state.c). The FTS5 table and its triggers in
 * place when o->full_text or search.full_text asks; 0 or -1 with cc_error. */
int cc_index_ensure_text(struct cc_ctx *ctx, const struct cc_index_options *o);
/* The identity of what the index was built from, besides the tree: a
 * change here re-parses every file. */
struct cc_buf;
void cc_index_key(const struct cc_ctx *ctx, bool text, struct cc_buf *out);
/* The rows of one of the index's tables (never input); 0 on error. */
size_t cc_index_count(struct cc_db *db, const char *table);
/* st as an up-to-date run fills it: files, unchanged and problems. */
void cc_index_stats_current(struct cc_db *db, struct cc_index_stats *st);

/* True when path (repository-relative) is content under ctx's config. */
bool cc_index_is_content(const struct cc_ctx *ctx, const char *path);

#endif
