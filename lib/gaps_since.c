/*
 * gaps_since.c — the coverage a change adds (gaps --since): the matrices
 * of another revision, from a throwaway index, compared (see gaps.h).
 */
#include "gaps.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "change.h"
#include "context.h"
#include "index.h"

/* Removes the temporary directory and the files in it (no subdirectories). */
static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	if (d) {
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			struct cc_buf p = CC_BUF_INIT;
			cc_buf_addf(&p, "%s/%s", dir, e->d_name);
			unlink(p.buf);
			cc_buf_release(&p);
		}
		closedir(d);
	}
	rmdir(dir);
}

int cc_gaps_since_compute(struct cc_gaps_since *s, const struct cc_ctx *ctx, int threads, const struct cc_rows *rows,
			  const struct cc_quarter *q, int64_t as_of)
{
	const struct cc_config *cfg = &ctx->cfg;
	const char *tmp = getenv("TMPDIR");
	struct cc_buf dir = CC_BUF_INIT, db = CC_BUF_INIT;
	struct cc_ctx *old = NULL;
	struct cc_problems problems = CC_PROBLEMS_INIT;
	struct cc_index_options io = CC_INDEX_OPTIONS_INIT;
	struct cc_index_stats st;
	int ret = -1;

	cc_buf_addf(&dir, "%s/contentcal-since.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir.buf)) {
		ret = cc_error("cannot create a temporary directory in '%s'", tmp && *tmp ? tmp : "/tmp");
		cc_buf_release(&dir);
		return ret;
	}
	cc_buf_addf(&db, "%s/index.db", dir.buf);
	/* The same repository and config, a throwaway index of REV. */
	struct cc_ctx_options o = {ctx->start_dir, db.buf, ctx->cfg.path};
	if (cc_ctx_open(&old, &o, &problems) < 0)
		goto cleanup;
	/* where the change branched off: what the base branch did since is not the change's */
	if (cc_change_base(s->base, ctx->repo, s->rev, s->head) < 0)
		goto cleanup;
	io.rev = s->base;
	io.threads = threads;
	if (cc_index_update(old, &io, &st) < 0) {
		cc_error("--since '%s': %s", s->rev, cc_error_last());
		goto cleanup;
	}
	if (s->judge) {
		char *config_path = ctx->has_config && ctx->cfg.path ? cc_ctx_repo_path(ctx, ctx->cfg.path) : NULL;
		struct cc_gaps_options go = {q, as_of, config_path};
		struct cc_filter all = {0};
		all.lean = true;
		int r = cc_query_assets(old->db, &all, &s->base_rows) < 0 ||
				cc_gaps_from_rows(&s->before, cfg, &s->base_rows, &go) < 0 ||
				cc_change_paths(&s->changed, ctx->repo, s->rev, s->head, s->worktree) < 0
			? -1
			: 0;
		free(config_path);
		if (r < 0)
			goto cleanup;
	}
	s->by_topic = cfg->coverage.by_topic;
	for (int k = 0; k < (s->by_topic ? 2 : 1); k++) {
		enum cc_dim by = k ? CC_DIM_TOPIC : CC_DIM_PERSONA;
		struct cc_coverage before, after;
		if (cc_coverage_compute(old->db, cfg, q, as_of, by, &before) < 0)
			goto cleanup;
		if (cc_coverage_from_rows(&after, cfg, rows, q, as_of, by) < 0) {
			cc_coverage_release(&before);
			goto cleanup;
		}
		cc_coverage_diff(&s->delta[k], &before, &after);
		cc_coverage_release(&before);
		cc_coverage_release(&after);
	}
	ret = 0;
cleanup:
	cc_ctx_free(old);
	remove_tree(dir.buf);
	cc_problems_release(&problems);
	cc_buf_release(&dir);
	cc_buf_release(&db);
	return ret;
}

void cc_gaps_since_release(struct cc_gaps_since *s)
{
	for (int k = 0; k < 2; k++)
		cc_coverage_delta_release(&s->delta[k]);
	cc_findings_release(&s->before);
	cc_findings_release(&s->closed);
	cc_rows_release(&s->base_rows);
	cc_strlist_clear(&s->changed);
}

void cc_gaps_judge(struct cc_gaps_since *s, struct cc_findings *f, const struct cc_config *cfg,
		   const struct cc_rows *rows, const struct cc_gaps_options *opts)
{
	struct cc_findings_delta d = {0};
	struct cc_findings keep = {0};
	cc_findings_diff(&d, &s->before, f);
	cc_findings_blame(f, &d, cfg, &s->base_rows, rows, &s->changed, opts);
	bool *opened = cc_xcalloc(f->n + 1, sizeof(bool));
	for (size_t i = 0; i < d.nopened; i++)
		opened[d.opened[i]] = true;
	for (size_t i = 0; i < f->n; i++) {
		struct cc_finding *x = &f->v[i];
		bool touched = x->kind == CC_GAP_VOCABULARY && cc_strlist_has(&s->changed, x->path);
		if (touched)
			x->severity = CC_SEV_ERROR;
		if (opened[i] || touched) {
			CC_GROW(keep.v, keep.alloc, keep.n + 1);
			keep.v[keep.n++] = *x;
		} else {
			s->kept++;
			free(x->subject);
			free(x->path);
			free(x->message);
			json_decref(x->data);
		}
	}
	free(f->v);
	*f = keep;
	for (size_t i = 0; i < d.nclosed; i++) {
		struct cc_finding *b = &s->before.v[d.closed[i]];
		CC_GROW(s->closed.v, s->closed.alloc, s->closed.n + 1);
		s->closed.v[s->closed.n++] = *b;
		b->subject = b->path = b->message = NULL;
		b->data = NULL;
	}
	free(opened);
	cc_findings_delta_release(&d);
}
