/*
 * audit.c — `contentcal audit`: keep, update, consolidate or retire, per asset.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "audit.h"
#include "buf.h"
#include "render.h"
#include "cmd.h"
#include "date.h"
#include "text.h"

static struct {
	const char *as_of;
	enum cc_format format;
} a;

static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_CSV, CC_FMT_JSON, CC_FMT_COUNT};

static const struct cc_option options[] = {
	CC_OPT_AS_OF(&a.as_of, "the day to audit as of (default: today)"),
	CC_OPT_FORMAT(&a.format, "text (default), csv (columns path,verdict,reasons, then the\n"
		      "figures; for the audit spreadsheet), json", formats),
	CC_OPT_END(),
};

const struct cc_help cmd_audit_help = {
	"usage: contentcal audit [--as-of DATE] [--format text|csv|json]\n"
	"\n"
	"One row per asset with a verdict — keep, update, consolidate or retire — and\n"
	"its reasons: redundant (its text is a near-duplicate of another asset's:\n"
	"shingle similarity at least audit.similarity, each pair with its score),\n"
	"outdated (stale or expired by the gaps rules; internal links that lead\n"
	"nowhere), trivial (published, under audit.min_words words and no engagement\n"
	"in audit.window_days), and what people think (the average rating and latest\n"
	"comments from `ingest --ratings`). External links are listed for checking.\n",
	options, NULL};

int cmd_audit(int argc, char **argv, struct cc_env *env)
{
	struct cc_filter f = {.lean = true};
	struct cc_rows rows = {0};
	struct cc_relevance_set rel = {0};
	struct cc_audit audit = {0};
	struct cc_buf out = CC_BUF_INIT;
	int64_t as_of;
	bool have_rel = false;
	int ret = CC_EXIT_ERROR;

	memset(&a, 0, sizeof(a));
	if (cc_parse_only(env, argc, argv, options) || cc_parse_as_of(env, a.as_of, &as_of))
		goto cleanup;
	if (cc_query_assets(env->ctx->db, &f, &rows) < 0) {
		cc_fail_lib();
		goto cleanup;
	}
	if (cc_engagement_open(env))
		goto cleanup;
	if (cc_relevance_compute(env->ctx->db, &env->ctx->cfg, as_of, &rel) < 0) {
		cc_fail_lib();
		goto cleanup;
	}
	have_rel = true;
	if (cc_audit_compute(&audit, env->ctx->db, &env->ctx->cfg, env->ctx->root, &rows, &rel, true, as_of) < 0) {
		cc_fail_lib();
		goto cleanup;
	}
	if (a.format == CC_FMT_JSON)
		cc_render_json(&out, cc_audit_json(&audit));
	else if (a.format == CC_FMT_CSV)
		cc_audit_csv(&out, &audit);
	else
		cc_audit_text(&out, &audit);
	cc_put_buf(stdout, &out, a.format == CC_FMT_TEXT);
	ret = CC_EXIT_OK;
cleanup:
	cc_buf_release(&out);
	cc_audit_release(&audit);
	if (have_rel)
		cc_relevance_set_release(&rel);
	cc_rows_release(&rows);
	return ret;
}
