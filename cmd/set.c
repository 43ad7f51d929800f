/*
 * set.c — `contentcal set` (bulk front-matter edits in place) and
 * `contentcal reschedule` (one asset's publish date).
 *
 * The library (setapply.h) prepares every file first (read, edited in
 * memory, read back); only when all of them are fine is anything written,
 * each file atomically. So a refused file (JSON front matter, a block
 * scalar, a symbolic link) is reported together with every other one and
 * nothing changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "fmedit.h"
#include "query.h"
#include "setapply.h"
#include "text.h"

static struct {
	struct cc_strlist where;
	bool dry_run;
} a;

static const struct cc_option set_options[] = {
	CC_OPT_LIST(0, "where", &a.where, "KEY=VALUE", "which assets (at least one)"),
	CC_OPT_FLAG(0, "dry-run", &a.dry_run, "print the unified diff instead of writing"),
	CC_OPT_END(),
};

static const struct cc_option reschedule_options[] = {
	CC_OPT_FLAG(0, "dry-run", &a.dry_run, "print the unified diff instead of writing"),
	CC_OPT_END(),
};

const struct cc_help cmd_set_help = {
	"usage: contentcal set --where KEY=VALUE [--where KEY=VALUE]... KEY=VALUE...\n"
	"                      [--dry-run]\n"
	"\n"
	"Changes front-matter values in place in every indexed asset that matches\n"
	"all the --where filters (as in list: any front-matter key, KEY!=VALUE\n"
	"negates). Only the values' bytes change: comments, key order, quoting,\n"
	"line ends, a BOM and the body stay exactly as they were; a key the file\n"
	"lacks is added as a new line. KEY is one of stage, persona, topic (several\n"
	"values separated by commas), date, due, review_by (dates), status, owner;\n"
	"values are checked against the config's vocabulary and workflow. Files are\n"
	"edited in the work tree and replaced atomically, never through a symbolic\n"
	"link; if any file cannot be edited, nothing is written (exit status 2).\n",
	set_options, NULL};

const struct cc_help cmd_reschedule_help = {
	"usage: contentcal reschedule ASSET DATE [--dry-run]\n"
	"\n"
	"Sets the publish date of one asset (a path, or a slug) to DATE, in place,\n"
	"as `set` does.\n",
	reschedule_options, NULL};

/* A dry run's diff, terminal-safe when stdout is a terminal. */
static void put_diff(const struct cc_buf *d, void *payload)
{
	if (isatty(STDOUT_FILENO)) {
		struct cc_buf safe = CC_BUF_INIT;
		cc_buf_add_safe(&safe, d->buf, true);
		fwrite(safe.buf, 1, safe.len, stdout);
		cc_buf_release(&safe);
	} else {
		fwrite(d->buf, 1, d->len, stdout);
	}
}

/* cc_set_apply (setapply.h) on rows, its refusals and its summary on stderr. */
static int apply(struct cc_env *env, const struct cc_rows *rows, const struct cc_set_assign *as, size_t nas,
		 bool dry_run)
{
	struct cc_set_result res;
	int ret = CC_EXIT_OK;
	if (cc_set_apply(&res, &env->ctx->cfg, env->ctx->root, rows, as, nas, dry_run, put_diff, NULL) < 0) {
		for (size_t i = 0; i < res.refused.n; i++)
			cc_fail("%s", res.refused.v[i]);
		ret = cc_fail_lib();
		if (res.stopped)
			fprintf(stderr, "contentcal: %zu of %zu files were changed before this one\n", res.written,
				res.changed);
	} else {
		fprintf(stderr, "%zu asset%s matched, %zu %s%s\n", res.matched, res.matched == 1 ? "" : "s",
			res.changed, dry_run ? "would change" : "changed", dry_run ? " (dry run: nothing written)" : "");
	}
	cc_set_result_release(&res);
	return ret;
}

static void assigns_release(struct cc_set_assign *as, size_t n)
{
	for (size_t i = 0; i < n; i++)
		cc_strlist_clear(&as[i].values);
	free(as);
}

int cmd_set(int argc, char **argv, struct cc_env *env)
{
	struct cc_filter f = {.lean = true};
	struct cc_rows rows = {0};
	struct cc_where *where = NULL;
	struct cc_set_assign *as = NULL;
	size_t nas = 0;
	int first, ret = CC_EXIT_ERROR;

	memset(&a, 0, sizeof(a));
	if ((first = cc_parse(env, argc, argv, set_options)) < 0)
		goto cleanup;
	where = cc_xcalloc(a.where.n + 1, sizeof(*where));
	for (; f.nwhere < a.where.n; f.nwhere++)
		if (cc_where_parse(&where[f.nwhere], a.where.v[f.nwhere]) < 0) {
			cc_usage_error(env, "%s", cc_error_last());
			goto cleanup;
		}
	if (!a.where.n) {
		cc_usage_error(env, "which assets? give at least one --where KEY=VALUE");
		goto cleanup;
	}
	if (first >= argc) {
		cc_usage_error(env, "nothing to set: give KEY=VALUE (stage, persona, topic, date, due, "
				    "review_by, status, owner)");
		goto cleanup;
	}
	as = cc_xcalloc((size_t)(argc - first) + 1, sizeof(*as));
	for (int i = first; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		if (!eq || eq == argv[i]) {
			cc_usage_error(env, "'%s' is not KEY=VALUE", argv[i]);
			goto cleanup;
		}
		*eq = '\0';
		for (size_t k = 0; k < nas; k++)
			if (!strcmp(as[k].key, argv[i])) {
				cc_usage_error(env, "'%s' is set twice", argv[i]);
				goto cleanup;
			}
		as[nas].key = argv[i];
		if (cc_set_value(&as[nas++].values, &env->ctx->cfg, argv[i], eq + 1) < 0) {
			cc_usage_error(env, "%s", cc_error_last());
			goto cleanup;
		}
	}
	f.where = where;
	if (cc_query_assets(env->ctx->db, &f, &rows) < 0) {
		cc_fail_lib();
		goto cleanup;
	}
	ret = apply(env, &rows, as, nas, a.dry_run);
cleanup:
	assigns_release(as, nas);
	cc_strlist_clear(&a.where);
	free(where);
	cc_rows_release(&rows);
	return ret;
}

int cmd_reschedule(int argc, char **argv, struct cc_env *env)
{
	struct cc_filter f = {.lean = true};
	struct cc_rows rows = {0}, one = {0};
	struct cc_set_assign as = {"date", {0}};
	char *rel = NULL;
	int first, ret = CC_EXIT_ERROR;

	memset(&a, 0, sizeof(a));
	if ((first = cc_parse(env, argc, argv, reschedule_options)) < 0)
		goto cleanup;
	if (argc - first != 2) {
		cc_usage_error(env, "give ASSET (a path or a slug) and DATE");
		goto cleanup;
	}
	if (cc_set_value(&as.values, &env->ctx->cfg, "date", argv[first + 1]) < 0) {
		cc_usage_error(env, "%s", cc_error_last());
		goto cleanup;
	}
	if (cc_query_assets(env->ctx->db, &f, &rows) < 0) {
		cc_fail_lib();
		goto cleanup;
	}
	rel = cc_ctx_repo_path(env->ctx, argv[first]);
	const char *want = argv[first];
	size_t hit = SIZE_MAX, nhits = 0;
	for (size_t i = 0; i < rows.n; i++)
		if ((rel && !strcmp(rows.v[i].path, rel)) || !strcmp(rows.v[i].path, want)) {
			hit = i;
			nhits = 1;
			break;
		}
	if (!nhits)
		for (size_t i = 0; i < rows.n; i++)
			if (!strcmp(rows.v[i].slug, want)) {
				hit = hit == SIZE_MAX ? i : hit;
				nhits++;
			}
	if (!nhits) {
		ret = cc_fail("no indexed asset has the path or slug '%s'", want);
		goto cleanup;
	}
	if (nhits > 1) {
		ret = cc_fail("%zu assets have the slug '%s'; give the path", nhits, want);
		goto cleanup;
	}
	/* one row, moved out of the full list */
	CC_GROW(one.v, one.alloc, 1);
	one.v[0] = rows.v[hit];
	one.n = 1;
	rows.v[hit] = rows.v[--rows.n];
	ret = apply(env, &one, &as, 1, a.dry_run);
cleanup:
	free(rel);
	cc_strlist_clear(&as.values);
	cc_rows_release(&one);
	cc_rows_release(&rows);
	return ret;
}
