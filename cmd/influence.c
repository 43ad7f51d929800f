/*
 * influence.c — `contentcal influence`: pipeline and won revenue shared out
 * over the content touches of each opportunity, under the models of
 * docs/influence.md.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "crm.h"
#include "date.h"
#include "influence.h"

static struct {
	const char *model, *models, *since, *as_of, *explain;
	int by;
	bool nurture;
	enum cc_format format;
} a;

static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_JSON, CC_FMT_CSV, CC_FMT_COUNT};
static const char *const bys[] = {"asset", "persona-stage", "topic", "format", NULL};

static const struct cc_option options[] = {
	CC_OPT_STRING(0, "model", &a.model, "M", "one model (default: w-shaped)"),
	CC_OPT_STRING(0, "models", &a.models, "LIST", "several, side by side; 'all' is every model (custom when set)"),
	CC_OPT_CHOICE(0, "by", &a.by, "B", "asset (default), persona-stage (the asset's first persona and\n"
		      "stage), topic or format", bys),
	CC_OPT_STRING(0, "since", &a.since, "DATE", "only opportunities created on or after DATE"),
	CC_OPT_AS_OF(&a.as_of, "the report day (default today): later touches and opportunities\n"
		     "do not exist yet, opportunities closed later are open"),
	CC_OPT_STRING(0, "explain", &a.explain, "ASSET", "every opportunity the asset touched, each touch with its\n"
		      "positions and credit under each model"),
	CC_OPT_FORMAT(&a.format, "text (default), json or csv (ASSET,model,opportunities,\n"
		      "pipeline,revenue: the per-asset results that may be committed)", formats),
	CC_OPT_FLAG(0, "nurture", &a.nurture, "the nurturing effect instead: nurture velocity (days from the\n"
		    "first content touch to opportunity creation) per quarter and its\n"
		    "trend; stage progression per asset and stage (reached the next\n"
		    "stage within influence.progression_days, consumed vs not, with\n"
		    "Wilson intervals) and intent assets, measured against front\n"
		    "matter 'intent: true'; Kapost-style stage scores"),
	CC_OPT_END(),
};

const struct cc_help cmd_influence_help = {
	"usage: contentcal influence [--model M | --models all|M,M...]\n"
	"                            [--by asset|persona-stage|topic|format] [--since DATE]\n"
	"                            [--as-of DATE] [--explain ASSET] [--format text|json|csv]\n"
	"       contentcal influence --nurture [--since DATE] [--as-of DATE] [--format text|json]\n"
	"\n"
	"Shares every opportunity's amount out over the content touches of its account\n"
	"(or its contact roles) from influence.lookback_days (365) before it was created\n"
	"until it closed, and adds the credits up per asset: influenced opportunities,\n"
	"pipeline (every opportunity created in the window) and won revenue. Amounts are\n"
	"exact to the cent: each opportunity's credit adds up to its amount. Data from\n"
	"'contentcal crm import'. Models (docs/influence.md):\n"
	"  first-touch  last-touch  lead-creation  linear  u-shaped  w-shaped\n"
	"  full-path  time-decay (influence.half_life_days, 7)  custom (influence.weights)\n",
	options, "Exit status: 0, or 2 on error (no CRM data, bad option).\n"};

static int parse_models(const struct cc_env *env, const char *arg, bool models[CC_MODEL_COUNT],
			bool has_custom)
{
	memset(models, 0, CC_MODEL_COUNT * sizeof(bool));
	if (!strcmp(arg, "all")) {
		for (int m = 0; m < CC_MODEL_COUNT; m++)
			models[m] = m != CC_MODEL_CUSTOM || has_custom;
		return 0;
	}
	while (*arg) {
		size_t n = strcspn(arg, ",");
		char *name = cc_xstrndup(arg, n);
		int m = cc_model_parse(name);
		if (m < 0) {
			cc_usage_error(env, "unknown model '%s' (first-touch, last-touch, lead-creation, "
					    "linear, u-shaped, w-shaped, full-path, time-decay, custom or all)",
				       name);
			free(name);
			return -1;
		}
		free(name);
		models[m] = true;
		arg += n + (arg[n] == ',');
	}
	return 0;
}

int cmd_influence(int argc, char **argv, struct cc_env *env)
{
	struct cc_influence_options o = {0};
	struct cc_influence_result r;
	bool has_custom = env->ctx->cfg.influence.has_custom;
	char *path;

	memset(&a, 0, sizeof(a));
	o.since = INT64_MIN;
	o.models[env->ctx->cfg.influence.model] = true; /* influence.model, default w-shaped */
	if (cc_parse_only(env, argc, argv, options) || cc_parse_as_of(env, a.as_of, &o.as_of))
		return CC_EXIT_ERROR;
	if (a.model && (strchr(a.model, ',') || !strcmp(a.model, "all")))
		return cc_usage_error(env, "--model takes one model; use --models for several");
	if ((a.model && parse_models(env, a.model, o.models, has_custom) < 0) ||
	    (a.models && parse_models(env, a.models, o.models, has_custom) < 0))
		return CC_EXIT_ERROR;
	if (a.since && cc_day_parse(&o.since, a.since) < 0)
		return cc_usage_error(env, "--since takes a date (YYYY-MM-DD), not '%s'", a.since);
	o.by = a.by;
	o.explain = a.explain;
	enum cc_format format = a.format;
	bool nurture = a.nurture;
	if (o.models[CC_MODEL_CUSTOM] && !has_custom)
		return cc_usage_error(env, "the custom model needs influence.weights in the config");
	path = cc_crm_path(env->ctx->db_path);
	if (cc_crm_attach(env->ctx->db, path, false, NULL) < 0) {
		free(path);
		return cc_fail_lib();
	}
	free(path);
	if (nurture) {
		struct cc_nurture_result nr;
		if (format == CC_FMT_CSV || o.explain)
			return cc_usage_error(env, "--nurture writes text or json, without --explain");
		if (cc_nurture_compute(&nr, env->ctx->db, &env->ctx->cfg, o.since, o.as_of) < 0) {
			cc_nurture_result_release(&nr);
			return cc_fail_lib();
		}
		struct cc_buf nb = CC_BUF_INIT;
		if (format == CC_FMT_JSON)
			cc_nurture_write_json(&nb, &nr);
		else
			cc_nurture_write_text(&nb, &nr);
		cc_put_buf(stdout, &nb, false);
		cc_buf_release(&nb);
		cc_nurture_result_release(&nr);
		return CC_EXIT_OK;
	}
	if (cc_influence_compute(&r, env->ctx->db, &env->ctx->cfg, &o) < 0) {
		cc_influence_result_release(&r);
		return cc_fail_lib();
	}
	struct cc_buf b = CC_BUF_INIT;
	if (format == CC_FMT_CSV)
		cc_influence_write_csv(&b, &r);
	else if (format == CC_FMT_JSON)
		cc_influence_write_json(&b, &r);
	else
		cc_influence_write_text(&b, &r);
	cc_put_buf(stdout, &b, false);
	cc_buf_release(&b);
	cc_influence_result_release(&r);
	return CC_EXIT_OK;
}
