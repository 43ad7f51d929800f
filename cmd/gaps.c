/*
 * gaps.c — `contentcal gaps`: every calendar and coverage gap as a finding,
 * in a format for people (text, markdown) or machines (line, json, github,
 * sarif, junit), with an exit status CI can gate on.
 */
#include <dirent.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "calopts.h"
#include "cmd.h"
#include "render.h"
#include "date.h"
#include "gaps.h"
#include "text.h"

const char cmd_gaps_usage[] =
	"usage: contentcal gaps [--quarter Q] [--as-of DATE] [--since REV]\n"
	"                       [--format text|line|json|github|sarif|junit|markdown]\n"
	"                       [--fail-on error|warning|info|none]\n"
	"\n"
	"Reports every gap of the quarter as a finding with a kind, a severity and a\n"
	"message (docs/gaps.md):\n"
	"  coverage  a persona x stage cell (and topic x stage with coverage.by_topic)\n"
	"            with fewer fresh published plus scheduled assets than\n"
	"            coverage.min_per_cell\n"
	"  cadence   a past week with fewer published assets than\n"
	"            calendar.cadence_per_week, or the current or an upcoming week (within\n"
	"            calendar.horizon_weeks) with too little published plus scheduled\n"
	"  rotation  a configured topic with nothing published or scheduled within\n"
	"            calendar.topic_rotation_weeks of as-of\n"
	"  overdue   a scheduled or planned publish date, or a due date, before as-of\n"
	"            on an unpublished asset\n"
	"  stale     a published asset past its review_by or expires date, or not updated\n"
	"            within coverage.fresh_days\n"
	"Severities come from coverage.severity in the config.\n"
	"\n"
	"  --quarter Q     FY2026Q4, current (default), next or previous\n"
	"  --as-of DATE    the day to report as of (default: today), for reproducible runs\n"
	"  --since REV     also report how coverage changed since REV (a pull request's\n"
	"                  base): which cells it fills or empties, which gaps it closes\n"
	"                  or opens\n"
	"  --format F      text (default), line (path:line:col: severity: kind: message),\n"
	"                  json, github (workflow annotations; appends a Markdown summary\n"
	"                  to $GITHUB_STEP_SUMMARY when set), sarif (2.1.0), junit, markdown\n"
	"  --fail-on S     exit 1 when a finding reaches severity S (default: error);\n"
	"                  none never fails\n"
	"\n"
	"Exit status: 0 no finding reaches --fail-on, 1 some does, 2 usage, config or\n"
	"runtime error.\n";


struct since {
	const char *rev;
	struct cc_coverage_delta delta[2]; /* persona, topic */
	bool by_topic;
};

/* ---- --since: the coverage at another revision ---- */

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

static int compute_since(struct since *s, struct cc_env *env, const struct cc_rows *rows, const struct cc_calopts *co)
{
	const struct cc_config *cfg = &env->ctx->cfg;
	const char *tmp = getenv("TMPDIR");
	struct cc_buf dir = CC_BUF_INIT, db = CC_BUF_INIT;
	struct cc_ctx *old = NULL;
	struct cc_problems problems = CC_PROBLEMS_INIT;
	struct cc_index_options io = CC_INDEX_OPTIONS_INIT;
	struct cc_index_stats st;
	int ret = CC_EXIT_ERROR;

	cc_buf_addf(&dir, "%s/contentcal-since.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir.buf)) {
		cc_die("cannot create a temporary directory in '%s'", tmp && *tmp ? tmp : "/tmp");
		cc_buf_release(&dir);
		return CC_EXIT_ERROR;
	}
	cc_buf_addf(&db, "%s/index.db", dir.buf);
	/* The same repository and config, a throwaway index of REV. */
	struct cc_ctx_options o = {env->ctx->start_dir, db.buf, env->ctx->cfg.path};
	if (cc_ctx_open(&old, &o, &problems) < 0) {
		cc_die_lib();
		goto cleanup;
	}
	io.rev = s->rev;
	io.threads = env->g.threads;
	if (cc_index_update(old, &io, &st) < 0) {
		cc_die("--since '%s': %s", s->rev, cc_error_last());
		goto cleanup;
	}
	s->by_topic = cfg->coverage.by_topic;
	for (int k = 0; k < (s->by_topic ? 2 : 1); k++) {
		enum cc_dim by = k ? CC_DIM_TOPIC : CC_DIM_PERSONA;
		struct cc_coverage before, after;
		if (cc_coverage_compute(old->db, cfg, &co->quarter, co->as_of, by, &before) < 0) {
			cc_die_lib();
			goto cleanup;
		}
		if (cc_coverage_from_rows(&after, cfg, rows, &co->quarter, co->as_of, by) < 0) {
			cc_coverage_release(&before);
			cc_die_lib();
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

static const char *delta_change(const struct cc_cell_delta *d)
{
	if (d->gap_before && !d->gap_after)
		return "closes";
	if (!d->gap_before && d->gap_after)
		return "opens";
	return d->after > d->before ? "more" : "fewer";
}

static json_t *since_json(const struct since *s)
{
	json_t *cells = json_array();
	for (int k = 0; k < (s->by_topic ? 2 : 1); k++)
		for (size_t i = 0; i < s->delta[k].n; i++) {
			const struct cc_cell_delta *d = &s->delta[k].v[i];
			json_array_append_new(cells, json_pack("{s:s, s:s, s:s, s:i, s:i, s:s}", "by",
							       k ? "topic" : "persona", "value", d->row, "stage",
							       d->stage, "before", d->before, "after", d->after,
							       "change", delta_change(d)));
		}
	return json_pack("{s:s, s:o}", "rev", s->rev, "cells", cells);
}

/* ---- output ---- */

/* Writes s to stdout with control characters (but newlines) removed. */
static void put_text(const char *s)
{
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_add_safe(&b, s, true);
	fwrite(b.buf, 1, b.len, stdout);
	cc_buf_release(&b);
}

static void header_line(struct cc_buf *b, const struct cc_calopts *co)
{
	char name[16], a[11], z[11], as[11];
	cc_quarter_name(&co->quarter, name);
	cc_day_format(a, co->quarter.first);
	cc_day_format(z, co->quarter.last);
	cc_day_format(as, co->as_of);
	cc_buf_addf(b, "%s (%s to %s) as of %s", name, a, z, as);
}

static void summary_counts(struct cc_buf *b, const struct cc_findings *f)
{
	size_t e = 0, w = 0, i = 0;
	for (size_t k = 0; k < f->n; k++) {
		e += f->v[k].severity == CC_SEV_ERROR;
		w += f->v[k].severity == CC_SEV_WARNING;
		i += f->v[k].severity == CC_SEV_INFO;
	}
	cc_buf_addf(b, "%zu error%s, %zu warning%s", e, e == 1 ? "" : "s", w, w == 1 ? "" : "s");
	if (i)
		cc_buf_addf(b, ", %zu info", i);
}

static void print_text(const struct cc_findings *f, const struct since *s, const struct cc_calopts *co)
{
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_adds(&b, "gaps in ");
	header_line(&b, co);
	cc_buf_addch(&b, '\n');
	for (int k = 0; k < CC_GAP_NKINDS; k++) {
		bool head = false;
		for (size_t i = 0; i < f->n; i++) {
			const struct cc_finding *x = &f->v[i];
			if ((int)x->kind != k)
				continue;
			if (!head)
				cc_buf_addf(&b, "\n%s\n", cc_gap_kind_name((enum cc_gap_kind)k));
			head = true;
			cc_buf_addf(&b, "  %-7s  ", cc_severity_name(x->severity));
			if (x->kind == CC_GAP_OVERDUE || x->kind == CC_GAP_STALE)
				cc_buf_addf(&b, "%s\n           ", x->subject);
			cc_buf_addf(&b, "%s\n", x->message);
		}
	}
	if (!f->n)
		cc_buf_adds(&b, "\nno gaps\n");
	if (s->rev) {
		cc_buf_addf(&b, "\ncoverage since %s\n", s->rev);
		size_t n = 0;
		for (int k = 0; k < (s->by_topic ? 2 : 1); k++)
			for (size_t i = 0; i < s->delta[k].n; i++, n++) {
				const struct cc_cell_delta *d = &s->delta[k].v[i];
				const char *c = delta_change(d);
				cc_buf_addf(&b, "  %s/%s: %d -> %d%s\n", d->row, d->stage, d->before, d->after,
					    !strcmp(c, "closes")  ? " (closes a gap)"
					    : !strcmp(c, "opens") ? " (opens a gap)"
								  : "");
			}
		if (!n)
			cc_buf_adds(&b, "  no cell changed\n");
	}
	put_text(b.buf);
	cc_buf_release(&b);
	cc_buf_reset(&b);
	summary_counts(&b, f);
	fflush(stdout);
	fprintf(stderr, "%s\n", b.buf);
	cc_buf_release(&b);
}

static json_t *finding_json(const struct cc_finding *x)
{
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:i, s:i, s:O}", "kind", cc_gap_kind_name(x->kind), "severity",
			 cc_severity_name(x->severity), "subject", cc_json_text(x->subject), "message",
			 cc_json_text(x->message), "path", *x->path ? cc_json_text(x->path) : json_null(), "line",
			 x->line, "col", x->col, "data", x->data);
}

static void print_json(const struct cc_findings *f, const struct since *s, const struct cc_calopts *co)
{
	char as[11];
	json_t *arr = json_array(), *kinds = json_object();
	cc_day_format(as, co->as_of);
	for (int k = 0; k < CC_GAP_NKINDS; k++)
		json_object_set_new(kinds, cc_gap_kind_name((enum cc_gap_kind)k), json_integer(0));
	for (size_t i = 0; i < f->n; i++) {
		json_array_append_new(arr, finding_json(&f->v[i]));
		const char *kn = cc_gap_kind_name(f->v[i].kind);
		json_object_set_new(kinds, kn, json_integer(json_integer_value(json_object_get(kinds, kn)) + 1));
	}
	size_t e = cc_findings_count(f, CC_SEV_ERROR), w = cc_findings_count(f, CC_SEV_WARNING) - e;
	json_t *doc = json_pack("{s:i, s:s, s:o, s:{s:I, s:I, s:I, s:o}, s:o}", "version", 1, "as_of", as, "quarter",
				cc_quarter_json(&co->quarter), "summary", "error", (json_int_t)e, "warning",
				(json_int_t)w, "info", (json_int_t)(f->n - e - w), "by_kind", kinds, "findings", arr);
	if (s->rev)
		json_object_set_new(doc, "since", since_json(s));
	cc_json_print(doc);
}

static void markdown(struct cc_buf *b, const struct cc_findings *f, const struct cc_findings_doc *doc,
		     const struct since *s, const struct cc_calopts *co)
{
	cc_buf_adds(b, "## contentcal gaps: ");
	header_line(b, co);
	cc_buf_adds(b, "\n\n");
	summary_counts(b, f);
	cc_buf_adds(b, ".\n\n");
	cc_render_findings_markdown(b, doc);
	if (s->rev) {
		cc_buf_adds(b, "\n### Coverage since ");
		cc_buf_add_md(b, s->rev);
		cc_buf_adds(b, "\n\n");
		size_t n = 0;
		for (int k = 0; k < (s->by_topic ? 2 : 1); k++)
			n += s->delta[k].n;
		if (!n) {
			cc_buf_adds(b, "No cell changed.\n");
		} else {
			cc_buf_adds(b, "| cell | before | after | change |\n|---|---|---|---|\n");
			for (int k = 0; k < (s->by_topic ? 2 : 1); k++)
				for (size_t i = 0; i < s->delta[k].n; i++) {
					const struct cc_cell_delta *d = &s->delta[k].v[i];
					cc_buf_adds(b, "| ");
					cc_buf_add_md(b, d->row);
					cc_buf_adds(b, " / ");
					cc_buf_add_md(b, d->stage);
					cc_buf_addf(b, " | %d | %d | %s |\n", d->before, d->after, delta_change(d));
				}
		}
	}
}

/* Annotations, and the Markdown summary appended to $GITHUB_STEP_SUMMARY when set. */
static void print_github(const struct cc_findings *f, const struct cc_findings_doc *doc, const struct since *s,
			 const struct cc_calopts *co)
{
	struct cc_buf b = CC_BUF_INIT;
	cc_render_findings_github(&b, doc);
	fwrite(b.buf, 1, b.len, stdout);
	cc_buf_reset(&b);
	const char *path = getenv("GITHUB_STEP_SUMMARY");
	if (path && *path) {
		FILE *out = fopen(path, "a");
		if (!out) {
			cc_die("cannot append to GITHUB_STEP_SUMMARY '%s'", path);
			cc_buf_release(&b);
			return;
		}
		markdown(&b, f, doc, s, co);
		cc_buf_addch(&b, '\n');
		fwrite(b.buf, 1, b.len, out);
		if (fclose(out) != 0)
			cc_die("cannot write GITHUB_STEP_SUMMARY '%s'", path);
	}
	cc_buf_release(&b);
}

/* The config's path relative to the repository root, for locating findings; NULL without one. */
static char *config_repo_path(const struct cc_ctx *ctx)
{
	if (!ctx->has_config || !ctx->cfg.path)
		return NULL;
	return cc_ctx_repo_path(ctx, ctx->cfg.path);
}

int cmd_gaps(int argc, char **argv, struct cc_env *env)
{
	static const struct option opts[] = {
		{"quarter", required_argument, NULL, 'q'},
		{"as-of", required_argument, NULL, 'a'},
		{"since", required_argument, NULL, 's'},
		{"format", required_argument, NULL, 'f'},
		{"fail-on", required_argument, NULL, 'F'},
		{NULL, 0, NULL, 0},
	};
	static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_LINE, CC_FMT_JSON, CC_FMT_GITHUB, CC_FMT_SARIF, CC_FMT_JUNIT, CC_FMT_MARKDOWN, CC_FMT_COUNT};
	struct cc_calopts co = {0};
	struct since since = {0};
	struct cc_rows rows = {0};
	struct cc_findings findings = {0};
	enum cc_format format = CC_FMT_TEXT;
	int fail_on = CC_SEV_ERROR, c, ret = CC_EXIT_ERROR;
	bool never = false;
	char *config_path = NULL;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'q':
			co.quarter_arg = optarg;
			break;
		case 'a':
			co.as_of_arg = optarg;
			break;
		case 's':
			since.rev = optarg;
			break;
		case 'f':
			if (cc_parse_format(env, optarg, formats, &format))
				return CC_EXIT_ERROR;
			break;
		case 'F':
			never = !strcmp(optarg, "none");
			if (!never && (fail_on = cc_severity_parse(optarg)) < 0)
				return cc_usage_error(env, "--fail-on takes error, warning, info or none, not '%s'",
						      optarg);
			break;
		default:
			return cc_usage_error(env, "unknown option");
		}
	}
	if (cc_no_operands(env, argc, argv))
		return CC_EXIT_ERROR;
	if (cc_calopts_resolve(&co, env))
		return CC_EXIT_ERROR;

	config_path = config_repo_path(env->ctx);
	struct cc_gaps_options go = {&co.quarter, co.as_of, config_path};
	struct cc_filter all = {0};
	all.lean = true;
	if (cc_query_assets(env->ctx->db, &all, &rows) < 0 ||
	    cc_gaps_from_rows(&findings, &env->ctx->cfg, &rows, &go) < 0) {
		cc_die_lib();
		goto cleanup;
	}
	if (since.rev && compute_since(&since, env, &rows, &co))
		goto cleanup;

	struct cc_gaps_doc gd;
	struct cc_buf out = CC_BUF_INIT;
	cc_gaps_doc_init(&gd, &findings, &env->ctx->cfg, (enum cc_severity)fail_on, never);
	gd.doc.version = CONTENTCAL_VERSION;
	switch (format) {
	case CC_FMT_TEXT:
		print_text(&findings, &since, &co);
		break;
	case CC_FMT_LINE:
		cc_render_findings_line(&out, &gd.doc);
		break;
	case CC_FMT_JSON:
		print_json(&findings, &since, &co);
		break;
	case CC_FMT_GITHUB:
		print_github(&findings, &gd.doc, &since, &co);
		break;
	case CC_FMT_SARIF:
		cc_render_findings_sarif(&out, &gd.doc);
		break;
	case CC_FMT_JUNIT:
		cc_render_findings_junit(&out, &gd.doc);
		break;
	case CC_FMT_MARKDOWN:
		markdown(&out, &findings, &gd.doc, &since, &co);
		break;
	default: /* not among its formats */
		break;
	}
	fwrite(out.buf, 1, out.len, stdout);
	cc_buf_release(&out);
	cc_gaps_doc_release(&gd);
	ret = !never && cc_findings_count(&findings, (enum cc_severity)fail_on) ? CC_EXIT_FINDINGS : CC_EXIT_OK;
cleanup:
	for (int k = 0; k < 2; k++)
		cc_coverage_delta_release(&since.delta[k]);
	cc_findings_release(&findings);
	cc_rows_release(&rows);
	free(config_path);
	return ret;
}
