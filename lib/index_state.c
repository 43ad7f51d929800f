/*
 * index_state.c — what the index holds and whether it is current, without
 * libgit2 (index.h): the build key, the counts an up-to-date run reports,
 * the proof that the index is HEAD's, and the full-text index kept with it.
 * index.c builds the index through libgit2; the front end (cmd/front.c)
 * links this file and not that one.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "context.h"
#include "fulltext.h"
#include "index.h"

size_t cc_index_count(struct cc_db *db, const char *table)
{
	sqlite3_stmt *s = NULL;
	size_t n = 0;
	/* table is one of the index's own names, never input */
	char *sql = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", table);
	if (sql && cc_db_prepare(db, &s, sql) == 0 && sqlite3_step(s) == SQLITE_ROW)
		n = (size_t)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_free(sql);
	return n;
}

void cc_index_stats_current(struct cc_db *db, struct cc_index_stats *st)
{
	st->up_to_date = true;
	st->files = st->unchanged = cc_index_count(db, "assets");
	st->problems = cc_index_count(db, "problems");
}

void cc_index_key(const struct cc_ctx *ctx, bool text, struct cc_buf *out)
{
	cc_buf_addf(out, "schema=%d;config=%s;dir=%s;text=%d", CC_SCHEMA_VERSION, ctx->cfg.hash,
		    ctx->cfg.dir, text ? 1 : 0);
}

int cc_index_proven_current(struct cc_ctx *ctx)
{
	struct cc_buf key = CC_BUF_INIT, stamp = CC_BUF_INIT;
	char *old_key = NULL, *tree = NULL, *commit = NULL, *head = NULL, *old_stamp = NULL, oid[65];
	/* one read transaction: the values of one run, never half of another's */
	bool tx = sqlite3_exec(ctx->db->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
	bool ok = tx && cc_db_meta_get(ctx->db, "key", &old_key) == 0 && cc_db_meta_get(ctx->db, "tree", &tree) == 0 &&
		  cc_db_meta_get(ctx->db, "commit", &commit) == 0 &&
		  cc_db_meta_get(ctx->db, "history_head", &head) == 0 &&
		  cc_db_meta_get(ctx->db, "git_stamp", &old_stamp) == 0 && old_key && tree && commit && head &&
		  old_stamp;
	if (tx)
		sqlite3_exec(ctx->db->db, "COMMIT", NULL, NULL, NULL);
	if (ok) {
		cc_index_key(ctx, true, &key);
		ok = !strcmp(old_key, key.buf) && strcmp(tree, "worktree") && strcmp(tree, "none") &&
		     cc_ctx_git_stamp(&stamp, ctx->git_dir, ctx->root) == 0 && !strcmp(stamp.buf, old_stamp) &&
		     cc_ctx_read_head(oid, ctx->git_dir) == 0 && !strcmp(oid, commit) && !strcmp(oid, head);
	}
	free(old_key);
	free(tree);
	free(commit);
	free(head);
	free(old_stamp);
	cc_buf_release(&key);
	cc_buf_release(&stamp);
	return ok ? 1 : 0;
}

int cc_index_ensure_text(struct cc_ctx *ctx, const struct cc_index_options *o)
{
	/* The FTS5 index over the text every run stores: built (or brought up
	 * to date) when asked for, even when the index was current, and kept by
	 * its triggers from then on. */
	if ((o->full_text || ctx->cfg.search.full_text) && cc_search_ensure(ctx->db) < 0)
		return -1;
	return 0;
}

int cc_index_use_current(struct cc_ctx *ctx, const struct cc_index_options *o, struct cc_index_stats *st)
{
	if (!ctx->proven_current || o->rev || o->worktree)
		return cc_error("internal error: the index is not proven current");
	memset(st, 0, sizeof(*st));
	cc_index_stats_current(ctx->db, st);
	return cc_index_ensure_text(ctx, o);
}
