/*
 * plan.c — `contentcal plan`: a brief for every gap of the quarter, and
 * with --apply a draft for each, from its template.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "date.h"
#include "engagement.h"
#include "fmedit.h"
#include "newasset.h"
#include "plan.h"
#include "render.h"
#include "text.h"

static struct {
	struct cc_calopts co;
	enum cc_format format;
	bool apply;
} a;

static const enum cc_format formats[] = {CC_FMT_MARKDOWN, CC_FMT_YAML, CC_FMT_JSON, CC_FMT_COUNT};

static const struct cc_option options[] = {
	CC_OPT_CALENDAR(a.co, "the day to plan from (default: today)"),
	CC_OPT_FORMAT(&a.format, "markdown (default), yaml, json", formats),
	CC_OPT_FLAG(0, "apply", &a.apply, "write each new-asset brief as a draft from its format's\n"
		    "template (as `new` does: never overwriting, inside the\n"
		    "content globs), with status scheduled at its date and its\n"
		    "owner, so that `gaps --worktree` no longer reports the gaps\n"
		    "it covers; refresh briefs name an existing asset and are\n"
		    "not written"),
	CC_OPT_END(),
};

const struct cc_help cmd_plan_help = {
	"usage: contentcal plan [--quarter Q] [--as-of DATE] [--format markdown|yaml|json]\n"
	"                       [--apply]\n"
	"\n"
	"One brief for every gap of the quarter (as `gaps` finds them): each empty\n"
	"or thin persona x stage cell, each current or upcoming week short of the\n"
	"cadence, each topic due in the rotation, each stale asset to refresh. A\n"
	"brief names persona, stage, topic, the format that performs best at that\n"
	"stage in this repository's engagement (with its figures), a date in the\n"
	"emptiest week, and an owner with room that week. The same content and\n"
	"--as-of give the same plan.\n",
	options, NULL};

static int apply_brief(struct cc_env *env, const struct cc_brief *b)
{
	char day[11];
	char *created = NULL;
	int ret;
	cc_day_format(day, b->date);
	struct cc_new_options o = {b->format, b->title, {0}, "scheduled", day, false};
	o.tags[CC_DIM_STAGE] = *b->stage ? b->stage : NULL;
	o.tags[CC_DIM_PERSONA] = *b->persona ? b->persona : NULL;
	o.tags[CC_DIM_TOPIC] = *b->topic ? b->topic : NULL;
	ret = cc_new_run(env, &o, &created);
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
	struct cc_filter f = {.lean = true};
	struct cc_rows rows = {0};
	struct cc_relevance_set rel = {0};
	struct cc_plan plan = {0};
	struct cc_buf out = CC_BUF_INIT;
	bool have_rel = false;
	int ret = CC_EXIT_ERROR;

	memset(&a, 0, sizeof(a));
	a.format = CC_FMT_MARKDOWN;
	if (cc_parse_only(env, argc, argv, options) || cc_calopts_resolve(&a.co, env))
		goto cleanup;
	struct cc_calopts co = a.co;
	bool apply = a.apply;
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
	if (a.format == CC_FMT_JSON)
		cc_render_json(&out, cc_plan_json(&plan));
	else if (a.format == CC_FMT_YAML)
		cc_plan_yaml(&out, &plan);
	else
		cc_plan_markdown(&out, &plan);
	cc_put_buf(apply ? stderr : stdout, &out, a.format != CC_FMT_JSON);
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
