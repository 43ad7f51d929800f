/*
 * coverage.c — `contentcal coverage`: the persona (or topic) x stage matrix.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "calopts.h"
#include "cmd.h"
#include "render.h"
#include "date.h"
#include "gaps.h"
#include "text.h"

const char cmd_coverage_usage[] =
	"usage: contentcal coverage [--quarter Q] [--as-of DATE] [--by persona|topic]\n"
	"                           [--format text|json|csv]\n"
	"\n"
	"Shows the persona x stage (or topic x stage) matrix. Per cell: live assets\n"
	"(published by as-of, not expired), fresh ones (updated within\n"
	"coverage.fresh_days) and scheduled ones (from as-of to the quarter's end).\n"
	"A cell whose fresh plus scheduled count is below coverage.min_per_cell is\n"
	"thin, and marked; `contentcal gaps` reports it.\n"
	"\n"
	"  --quarter Q   FY2026Q4, current (default), next or previous\n"
	"  --as-of DATE  the day to report as of (default: today)\n"
	"  --by D        persona (default) or topic\n"
	"  --format F    text (default; fresh/live +scheduled, '!' below the minimum),\n"
	"                json, or csv (one row per cell)\n";

static void print_text(const struct cc_coverage *m, const struct cc_calopts *co)
{
	struct cc_buf b = CC_BUF_INIT;
	char name[16], a[11], z[11], as[11];
	size_t w0 = 12;
	cc_quarter_name(&co->quarter, name);
	cc_day_format(a, co->quarter.first);
	cc_day_format(z, co->quarter.last);
	cc_day_format(as, co->as_of);
	cc_buf_addf(&b, "%s x stage coverage, %s (%s to %s) as of %s\n", cc_dim_name(m->by), name, a, z, as);
	cc_buf_addf(&b, "cells: fresh/live +scheduled; '!' marks fewer than %d fresh or scheduled\n\n",
		    m->min_per_cell);
	for (size_t r = 0; r < m->rows.n; r++)
		if (strlen(m->rows.v[r]) + 2 > w0)
			w0 = strlen(m->rows.v[r]) + 2;
	cc_buf_addf(&b, "%-*s", (int)w0, "");
	for (size_t s = 0; s < m->stages.n; s++)
		cc_buf_addf(&b, "%-16s", m->stages.v[s]);
	cc_buf_rtrim(&b);
	cc_buf_addch(&b, '\n');
	for (size_t r = 0; r < m->rows.n; r++) {
		cc_buf_addf(&b, "%-*s", (int)w0, m->rows.v[r]);
		for (size_t s = 0; s < m->stages.n; s++) {
			const struct cc_cell *c = cc_coverage_cell(m, r, s);
			char cell[64];
			snprintf(cell, sizeof(cell), "%d/%d +%d%s", c->fresh, c->live, c->scheduled,
				 cc_cell_count(c) < m->min_per_cell ? " !" : "");
			cc_buf_addf(&b, "%-16s", cell);
		}
		cc_buf_rtrim(&b);
		cc_buf_addch(&b, '\n');
	}
	struct cc_buf safe = CC_BUF_INIT;
	cc_buf_add_safe(&safe, b.buf, true);
	fwrite(safe.buf, 1, safe.len, stdout);
	cc_buf_release(&safe);
	cc_buf_release(&b);
}

static void print_json(const struct cc_coverage *m, const struct cc_calopts *co)
{
	char as[11];
	json_t *rows = json_array(), *stages = json_array(), *cells = json_array();
	cc_day_format(as, co->as_of);
	for (size_t r = 0; r < m->rows.n; r++)
		json_array_append_new(rows, json_string(m->rows.v[r]));
	for (size_t s = 0; s < m->stages.n; s++)
		json_array_append_new(stages, json_string(m->stages.v[s]));
	for (size_t r = 0; r < m->rows.n; r++)
		for (size_t s = 0; s < m->stages.n; s++) {
			const struct cc_cell *c = cc_coverage_cell(m, r, s);
			int n = cc_cell_count(c);
			json_array_append_new(cells, json_pack("{s:s, s:s, s:i, s:i, s:i, s:i, s:b}", "value",
							       m->rows.v[r], "stage", m->stages.v[s], "live",
							       c->live, "fresh", c->fresh, "scheduled", c->scheduled,
							       "count", n, "gap", n < m->min_per_cell));
		}
	cc_json_print(json_pack("{s:i, s:s, s:s, s:o, s:i, s:o, s:o, s:o}", "version", 1, "by", cc_dim_name(m->by),
				"as_of", as, "quarter", cc_quarter_json(&co->quarter), "min_per_cell",
				m->min_per_cell, "rows", rows, "stages", stages, "cells", cells));
}

static void print_csv(const struct cc_coverage *m)
{
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_addf(&b, "%s,stage,live,fresh,scheduled,count,min,gap\r\n", cc_dim_name(m->by));
	for (size_t r = 0; r < m->rows.n; r++)
		for (size_t s = 0; s < m->stages.n; s++) {
			const struct cc_cell *c = cc_coverage_cell(m, r, s);
			cc_buf_add_csv(&b, m->rows.v[r]);
			cc_buf_addch(&b, ',');
			cc_buf_add_csv(&b, m->stages.v[s]);
			cc_buf_addf(&b, ",%d,%d,%d,%d,%d,%s\r\n", c->live, c->fresh, c->scheduled, cc_cell_count(c),
				    m->min_per_cell, cc_cell_count(c) < m->min_per_cell ? "true" : "false");
		}
	fwrite(b.buf, 1, b.len, stdout);
	cc_buf_release(&b);
}

int cmd_coverage(int argc, char **argv, struct cc_env *env)
{
	static const struct option opts[] = {
		{"quarter", required_argument, NULL, 'q'},
		{"as-of", required_argument, NULL, 'a'},
		{"by", required_argument, NULL, 'b'},
		{"format", required_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_JSON, CC_FMT_CSV, CC_FMT_COUNT};
	static const char *const bys[] = {"persona", "topic", NULL};
	struct cc_calopts co = {0};
	struct cc_coverage m;
	enum cc_format format = CC_FMT_TEXT;
	int by = 0, c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'q':
			co.quarter_arg = optarg;
			break;
		case 'a':
			co.as_of_arg = optarg;
			break;
		case 'b':
			if ((by = cc_parse_choice(optarg, bys)) < 0)
				return cc_usage_error(env, "--by takes persona or topic, not '%s'", optarg);
			break;
		case 'f':
			if (cc_parse_format(env, optarg, formats, &format))
				return CC_EXIT_ERROR;
			break;
		default:
			return cc_usage_error(env, "unknown option");
		}
	}
	if (cc_no_operands(env, argc, argv))
		return CC_EXIT_ERROR;
	if (cc_calopts_resolve(&co, env))
		return CC_EXIT_ERROR;
	if (cc_coverage_compute(env->ctx->db, &env->ctx->cfg, &co.quarter, co.as_of,
				by ? CC_DIM_TOPIC : CC_DIM_PERSONA, &m) < 0)
		return cc_die_lib();
	if (format == CC_FMT_JSON)
		print_json(&m, &co);
	else if (format == CC_FMT_CSV)
		print_csv(&m);
	else
		print_text(&m, &co);
	cc_coverage_release(&m);
	return CC_EXIT_OK;
}
