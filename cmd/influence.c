/*
 * influence.c — `contentcal influence`: pipeline and won revenue shared out
 * over the content touches of each opportunity, under the models of
 * docs/influence.md.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "crm.h"
#include "date.h"
#include "influence.h"

const char cmd_influence_usage[] =
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
	"  full-path  time-decay (influence.half_life_days, 7)  custom (influence.weights)\n"
	"\n"
	"  --model M       one model (default: w-shaped)\n"
	"  --models LIST   several, side by side; 'all' is every model (custom when set)\n"
	"  --by B          asset (default), persona-stage (the asset's first persona and\n"
	"                  stage), topic or format\n"
	"  --since DATE    only opportunities created on or after DATE\n"
	"  --as-of DATE    the report day (default today): later touches and opportunities\n"
	"                  do not exist yet, opportunities closed later are open\n"
	"  --explain ASSET every opportunity the asset touched, each touch with its\n"
	"                  positions and credit under each model\n"
	"  --format F      text (default), json or csv (ASSET,model,opportunities,\n"
	"                  pipeline,revenue: the per-asset results that may be committed)\n"
	"  --nurture       the nurturing effect instead: nurture velocity (days from the\n"
	"                  first content touch to opportunity creation) per quarter and its\n"
	"                  trend; stage progression per asset and stage (reached the next\n"
	"                  stage within influence.progression_days, consumed vs not, with\n"
	"                  Wilson intervals) and intent assets, measured against front\n"
	"                  matter 'intent: true'; Kapost-style stage scores\n"
	"\n"
	"Exit status: 0, or 2 on error (no CRM data, bad option).\n";

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
	static const struct option opts[] = {
		{"model", required_argument, NULL, 'm'},
		{"models", required_argument, NULL, 'M'},
		{"by", required_argument, NULL, 'b'},
		{"since", required_argument, NULL, 's'},
		{"as-of", required_argument, NULL, 'a'},
		{"explain", required_argument, NULL, 'e'},
		{"format", required_argument, NULL, 'f'},
		{"nurture", no_argument, NULL, 'n'},
		{NULL, 0, NULL, 0},
	};
	static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_JSON, CC_FMT_CSV, CC_FMT_COUNT};
	static const char *const bys[] = {"asset", "persona-stage", "topic", "format", NULL};
	struct cc_influence_options o = {0};
	struct cc_influence_result r;
	bool has_custom = env->ctx->cfg.influence.has_custom;
	enum cc_format format = CC_FMT_TEXT;
	int c;
	bool nurture = false;
	char *path;

	o.since = INT64_MIN;
	o.as_of = cc_today();
	o.models[CC_MODEL_W] = true;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			if (strchr(optarg, ',') || !strcmp(optarg, "all"))
				return cc_usage_error(env, "--model takes one model; use --models for several");
			/* fall through */
		case 'M':
			if (parse_models(env, optarg, o.models, has_custom) < 0)
				return CC_EXIT_ERROR;
			break;
		case 'b':
			if ((o.by = cc_parse_choice(optarg, bys)) < 0)
				return cc_usage_error(env, "--by takes asset, persona-stage, topic or format, not '%s'", optarg);
			break;
		case 's':
			if (cc_day_parse(&o.since, optarg) < 0)
				return cc_usage_error(env, "--since takes a date (YYYY-MM-DD), not '%s'", optarg);
			break;
		case 'a':
			if (cc_parse_as_of(env, optarg, &o.as_of))
				return CC_EXIT_ERROR;
			break;
		case 'e':
			o.explain = optarg;
			break;
		case 'n':
			nurture = true;
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
		fwrite(nb.buf, 1, nb.len, stdout);
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
	fwrite(b.buf, 1, b.len, stdout);
	cc_buf_release(&b);
	cc_influence_result_release(&r);
	return CC_EXIT_OK;
}
