/*
 * plan.c — `contentcal plan`: a brief for every gap of the quarter, and
 * with --apply a draft for each, from its template.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "calopts.h"
#include "cmd.h"
#include "date.h"
#include "engagement.h"
#include "fmedit.h"
#include "plan.h"
#include "render.h"
#include "text.h"

const char cmd_plan_usage[] =
	"usage: contentcal plan [--quarter Q] [--as-of DATE] [--format markdown|yaml|json]\n"
	"                       [--apply]\n"
	"\n"
	"One brief for every gap of the quarter (as `gaps` finds them): each empty\n"
	"or thin persona x stage cell, each current or upcoming week short of the\n"
	"cadence, each topic due in the rotation, each stale asset to refresh. A\n"
	"brief names persona, stage, topic, the format that performs best at that\n"
	"stage in this repository's engagement (with its figures), a date in the\n"
	"emptiest week, and an owner with room that week. The same content and\n"
	"--as-of give the same plan.\n"
	"\n"
	"  --quarter Q    FY2026Q4, current (default), next or previous\n"
	"  --as-of DATE   the day to plan from (default: today)\n"
	"  --format F     markdown (default), yaml, json\n"
	"  --apply        write each new-asset brief as a draft from its format's\n"
	"                 template (as `new` does: never overwriting, inside the\n"
	"                 content globs), with status scheduled at its date and its\n"
	"                 owner, so that `gaps --worktree` no longer reports the gaps\n"
	"                 it covers; refresh briefs name an existing asset and are\n"
	"                 not written\n";

static int apply_brief(struct cc_env *env, const struct cc_brief *b)
{
	char day[11];
	char *created = NULL;
	const char *argv[16];
	int argc = 0, ret;
	cc_day_format(day, b->date);
	argv[argc++] = "new";
	argv[argc++] = b->format;
	argv[argc++] = b->title;
	const char *opt[] = {"--stage", b->stage, "--persona", b->persona, "--topic", b->topic};
	for (size_t i = 0; i < 6; i += 2)
		if (*opt[i + 1]) {
			argv[argc++] = opt[i];
			argv[argc++] = opt[i + 1];
		}
	argv[argc++] = "--date";
	argv[argc++] = day;
	argv[argc++] = "--status";
	argv[argc++] = "scheduled";
	argv[argc] = NULL;
	optind = 0; /* glibc: a fresh getopt for `new` */
	ret = cc_new_file(argc, (char **)argv, env, &created);
	if (ret || !created)
		return ret ? ret : CC_EXIT_ERROR;
	/* The file is ours: make sure it says what the brief says, whatever the template holds. */
	struct cc_set_assign as[6] = {{"status", {0}}, {"date", {0}}, {"stage", {0}}, {"persona", {0}},
				      {"topic", {0}}, {"owner", {0}}};
	const char *vals[6] = {"scheduled", day, b->stage, b->persona, b->topic, b->owner ? b->owner : ""};
	size_t n = 0;
	ret = 0;
	for (size_t i = 0; i < 6 && !ret; i++) {
		if (!*vals[i])
			continue;
		as[n].key = as[i].key;
		if (cc_set_value(&as[n].values, &env->ctx->cfg, as[i].key, vals[i]) < 0)
			ret = -1;
		n++;
	}
	struct cc_set_file f = {0};
	if (!ret && cc_set_prepare(&f, &env->ctx->cfg, env->ctx->root, created, as, n) == 0)
		ret = cc_set_write(&f, env->ctx->root);
	else
		ret = -1;
	cc_set_file_release(&f);
	for (size_t i = 0; i < 6; i++)
		cc_strlist_clear(&as[i].values);
	if (ret < 0) {
		fprintf(stderr, "contentcal: '%s' was created but could not be completed: ", created);
		cc_put_safe(stderr, cc_error_last());
		fputc('\n', stderr);
	}
	free(created);
	return ret < 0 ? CC_EXIT_ERROR : 0;
}

int cmd_plan(int argc, char **argv, struct cc_env *env)
{
	static const struct option opts[] = {
		{"quarter", required_argument, NULL, 'q'},
		{"as-of", required_argument, NULL, 'a'},
		{"format", required_argument, NULL, 'f'},
		{"apply", no_argument, NULL, 'A'},
		{NULL, 0, NULL, 0},
	};
	static const char *const formats[] = {"markdown", "yaml", "json", NULL};
	struct cc_calopts co = {0};
	struct cc_filter f = {.lean = true};
	struct cc_rows rows = {0};
	struct cc_relevance_set rel = {0};
	struct cc_plan plan = {0};
	struct cc_buf out = CC_BUF_INIT;
	bool apply = false, have_rel = false;
	int format = 0, c, ret = CC_EXIT_ERROR;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'q':
			co.quarter_arg = optarg;
			break;
		case 'a':
			co.as_of_arg = optarg;
			break;
		case 'f':
			if ((format = cc_parse_choice(optarg, formats)) < 0) {
				cc_usage_error(env, "--format takes markdown, yaml or json, not '%s'", optarg);
				goto cleanup;
			}
			break;
		case 'A':
			apply = true;
			break;
		default:
			cc_usage_error(env, "unknown option");
			goto cleanup;
		}
	}
	if (cc_no_operands(env, argc, argv) || cc_calopts_resolve(&co, env))
		goto cleanup;
	if (cc_query_assets(env->ctx->db, &f, &rows) < 0) {
		cc_fail_lib();
		goto cleanup;
	}
	/* Engagement only decides formats: a plan with no brief does not need it. */
	if (cc_plan_compute(&plan, &env->ctx->cfg, &rows, NULL, &co.quarter, co.as_of) < 0) {
		cc_fail_lib();
		goto cleanup;
	}
	if (plan.n) {
		cc_plan_release(&plan);
		if (cc_engagement_open(env))
			goto cleanup;
		if (cc_relevance_compute(env->ctx->db, &env->ctx->cfg, co.as_of, &rel) < 0) {
			cc_fail_lib();
			goto cleanup;
		}
		have_rel = true;
		if (cc_plan_compute(&plan, &env->ctx->cfg, &rows, &rel, &co.quarter, co.as_of) < 0) {
			cc_fail_lib();
			goto cleanup;
		}
	}
	if (format == 2) {
		cc_render_json(&out, cc_plan_json(&plan));
		fwrite(out.buf, 1, out.len, apply ? stderr : stdout);
	} else {
		if (format == 1)
			cc_plan_yaml(&out, &plan);
		else
			cc_plan_markdown(&out, &plan);
		struct cc_buf safe = CC_BUF_INIT;
		cc_buf_add_safe(&safe, out.buf, true);
		fwrite(safe.buf, 1, safe.len, apply ? stderr : stdout);
		cc_buf_release(&safe);
	}
	ret = CC_EXIT_OK;
	if (apply) {
		size_t written = 0;
		for (size_t i = 0; i < plan.n; i++) {
			if (plan.v[i].refresh)
				continue;
			if (apply_brief(env, &plan.v[i])) {
				ret = CC_EXIT_ERROR;
				break;
			}
			written++;
		}
		fprintf(stderr, "%zu draft%s written\n", written, written == 1 ? "" : "s");
	}
cleanup:
	cc_buf_release(&out);
	cc_plan_release(&plan);
	if (have_rel)
		cc_relevance_set_release(&rel);
	cc_rows_release(&rows);
	return ret;
}
