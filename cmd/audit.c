/*
 * audit.c — `contentcal audit`: keep, update, consolidate or retire, per asset.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "audit.h"
#include "buf.h"
#include "calopts.h"
#include "render.h"
#include "cmd.h"
#include "date.h"
#include "text.h"

const char cmd_audit_usage[] =
	"usage: contentcal audit [--as-of DATE] [--format text|csv|json]\n"
	"\n"
	"One row per asset with a verdict — keep, update, consolidate or retire — and\n"
	"its reasons: redundant (its text is a near-duplicate of another asset's:\n"
	"shingle similarity at least audit.similarity, each pair with its score),\n"
	"outdated (stale or expired by the gaps rules; internal links that lead\n"
	"nowhere), trivial (published, under audit.min_words words and no engagement\n"
	"in audit.window_days), and what people think (the average rating and latest\n"
	"comments from `ingest --ratings`). External links are listed for checking.\n"
	"\n"
	"  --as-of DATE   the day to audit as of (default: today)\n"
	"  --format F     text (default), csv (columns path,verdict,reasons, then the\n"
	"                 figures; for the audit spreadsheet), json\n";

int cmd_audit(int argc, char **argv, struct cc_env *env)
{
	static const struct option opts[] = {
		{"as-of", required_argument, NULL, 'a'},
		{"format", required_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_CSV, CC_FMT_JSON, CC_FMT_COUNT};
	struct cc_filter f = {.lean = true};
	struct cc_rows rows = {0};
	struct cc_relevance_set rel = {0};
	struct cc_audit audit = {0};
	struct cc_buf out = CC_BUF_INIT;
	int64_t as_of = cc_today();
	bool have_rel = false;
	enum cc_format format = CC_FMT_TEXT;
	int c, ret = CC_EXIT_ERROR;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (cc_parse_as_of(env, optarg, &as_of))
				goto cleanup;
			break;
		case 'f':
			if (cc_parse_format(env, optarg, formats, &format))
				goto cleanup;
			break;
		default:
			cc_usage_error(env, "unknown option");
			goto cleanup;
		}
	}
	if (cc_no_operands(env, argc, argv))
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
	if (format == CC_FMT_JSON) {
		cc_render_json(&out, cc_audit_json(&audit));
		fwrite(out.buf, 1, out.len, stdout);
	} else if (format == CC_FMT_CSV) {
		cc_audit_csv(&out, &audit);
		fwrite(out.buf, 1, out.len, stdout);
	} else {
		struct cc_buf safe = CC_BUF_INIT;
		cc_audit_text(&out, &audit);
		cc_buf_add_safe(&safe, out.buf, true);
		fwrite(safe.buf, 1, safe.len, stdout);
		cc_buf_release(&safe);
	}
	ret = CC_EXIT_OK;
cleanup:
	cc_buf_release(&out);
	cc_audit_release(&audit);
	if (have_rel)
		cc_relevance_set_release(&rel);
	cc_rows_release(&rows);
	return ret;
}
