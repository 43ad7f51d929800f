/*
 * setapply.c — one edit applied to every matching asset, all or nothing
 * (see setapply.h).
 */
#include "setapply.h"

#include <stdlib.h>
#include <string.h>

#include "problem.h"
#include "safefile.h"

/* Prepares (and, unless a dry run, stages) every file; the refused ones go to res->refused. */
static void stage_all(struct cc_set_result *res, struct cc_safe_tmp *tmps, const struct cc_config *cfg,
		      const char *root, const struct cc_rows *rows, const struct cc_set_assign *as, size_t nas,
		      bool dry_run)
{
	for (size_t i = 0; i < rows->n; i++) {
		struct cc_set_file f;
		int r = cc_set_prepare(&f, cfg, root, rows->v[i].path, as, nas);
		if (r == 0 && f.changed && !dry_run)
			r = cc_safe_stage(&tmps[i], root, f.path, f.after.buf, f.after.len, &f.st);
		if (r < 0)
			cc_strlist_add(&res->refused, cc_error_last());
		res->changed += r == 0 && f.changed;
		cc_set_file_release(&f);
	}
}

/* A dry run: each file prepared again and its diff handed over. */
static int diff_all(const struct cc_config *cfg, const char *root, const struct cc_rows *rows,
		    const struct cc_set_assign *as, size_t nas, cc_set_diff_fn *diff, void *payload)
{
	for (size_t i = 0; i < rows->n; i++) {
		struct cc_set_file f;
		struct cc_buf d = CC_BUF_INIT;
		int r = cc_set_prepare(&f, cfg, root, rows->v[i].path, as, nas);
		if (r == 0)
			r = cc_set_diff(&d, &f);
		if (r == 0 && d.len)
			diff(&d, payload);
		cc_buf_release(&d);
		cc_set_file_release(&f);
		if (r < 0)
			return -1;
	}
	return 0;
}

/* Every staged file renamed over its target, between two flushes of the file system. */
static int commit_all(struct cc_set_result *res, struct cc_safe_tmp *tmps, const char *root, size_t n)
{
	if (res->changed && cc_safe_sync(root) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!tmps[i].name)
			continue;
		if (cc_safe_commit(&tmps[i], root) < 0) {
			res->stopped = true;
			return -1;
		}
		res->written++;
	}
	return res->written ? cc_safe_sync(root) : 0;
}

int cc_set_apply(struct cc_set_result *res, const struct cc_config *cfg, const char *root,
		 const struct cc_rows *rows, const struct cc_set_assign *as, size_t nas, bool dry_run,
		 cc_set_diff_fn *diff, void *payload)
{
	struct cc_safe_tmp *tmps = cc_xcalloc(rows->n + 1, sizeof(*tmps));
	int ret;

	memset(res, 0, sizeof(*res));
	res->matched = rows->n;
	stage_all(res, tmps, cfg, root, rows, as, nas, dry_run);
	if (res->refused.n)
		ret = cc_error("%zu file%s cannot be edited; nothing was changed", res->refused.n,
			       res->refused.n == 1 ? "" : "s");
	else if (dry_run)
		ret = diff_all(cfg, root, rows, as, nas, diff, payload);
	else
		ret = commit_all(res, tmps, root, rows->n);
	for (size_t i = 0; i < rows->n; i++)
		cc_safe_abort(&tmps[i], root);
	free(tmps);
	return ret;
}

void cc_set_result_release(struct cc_set_result *res)
{
	cc_strlist_clear(&res->refused);
}
