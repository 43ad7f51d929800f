/*
 * crm.c — `contentcal crm import`: CRM exports (touches, opportunities,
 * contacts) into the CRM database beside the index, personal data hashed.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "crm.h"
#include "engagement.h"

static struct {
	const char *preset;
	enum cc_format format;
} a;

static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_JSON, CC_FMT_COUNT};

static const struct cc_option options[] = {
	CC_OPT_STRING(0, "preset", &a.preset, "NAME", "the kind of export, for every FILE (default: from the header)"),
	CC_OPT_FORMAT(&a.format, "text (default) or json summary on stdout", formats),
	CC_OPT_END(),
};

const struct cc_help cmd_crm_help = {
	"usage: contentcal crm import FILE.csv... [--preset NAME] [--format text|json]\n"
	"\n"
	"Imports CRM exports into the CRM database beside the index\n"
	"(GIT_DIR/contentcal/crm.db), primary data that is never in git. E-mail\n"
	"addresses and contact or lead ids are replaced by HMAC-SHA-256 under a secret\n"
	"key kept beside it (crm.key, mode 0600, created on the first import); names\n"
	"are never read. Keep the key: without it new exports no longer match.\n"
	"\n"
	"The kind of export is told from its header, or named with --preset:\n"
	"  touches                         contact|email, [account], date|timestamp,\n"
	"                                  asset|url|page, [channel]\n"
	"  hubspot-activity                Record ID|Email, Activity Date, URL, Activity Type\n"
	"  hubspot-forms                   Email, Conversion Date, Page URL\n"
	"  salesforce-campaign-member      CampaignId, ContactId|LeadId, FirstRespondedDate\n"
	"                                  (campaign -> asset in influence.campaigns)\n"
	"  salesforce-opportunity          Id, AccountId, Amount, CreatedDate, CloseDate,\n"
	"                                  StageName, IsClosed, IsWon\n"
	"  salesforce-opportunity-history  OpportunityId, StageName, CreatedDate\n"
	"  salesforce-contact-role         OpportunityId, ContactId\n"
	"  hubspot-deals                   Record ID, Deal Stage, Amount, Create Date,\n"
	"                                  Close Date, [Associated Company IDs],\n"
	"                                  [Associated Contact IDs]\n"
	"  contacts                        Id|Email, AccountId, CreatedDate\n"
	"Other columns are ignored. Assets are matched like engagement rows (slug,\n"
	"path, URL); touches of unknown assets are kept aside and reported.\n"
	"\n"
	"Each file is one transaction: any bad row (reported as file:line:col) fails\n"
	"that file and nothing of it is stored; the other files go on. Importing a\n"
	"file again changes nothing; a newer opportunity or contact export updates them.\n",
	options, "Exit status: 0 stored, 1 a file had bad rows (it was not stored), 2 error.\n"};

/* Imports one file; returns 0, 1 (bad rows: not stored) or CC_EXIT_ERROR (printed). */
static int import_one(struct cc_env *env, const char *arg, int preset, const struct cc_asset_names *names,
		      const struct cc_crm_key *key, json_t *all)
{
	struct cc_problems bad = CC_PROBLEMS_INIT, unknown = CC_PROBLEMS_INIT;
	struct cc_crm_stats st;
	struct cc_buf file = CC_BUF_INIT;
	if (arg[0] == '/')
		cc_buf_adds(&file, arg);
	else if (!strcmp(arg, "-"))
		cc_buf_adds(&file, "/dev/stdin");
	else
		cc_buf_addf(&file, "%s/%s", env->ctx->start_dir, arg);
	int r = cc_crm_import(env->ctx->db, &env->ctx->cfg, names, key, file.buf, arg, preset, &st, &bad, &unknown);
	cc_buf_reset(&file);
	if (r < 0) {
		cc_buf_release(&file);
		return cc_fail_lib();
	}
	cc_print_row_problems(&bad);
	cc_print_row_problems(&unknown);
	if (all)
		json_array_append_new(all, cc_crm_stats_json(arg, &st));
	else
		cc_render_crm_text(&file, arg, &st);
	cc_put_buf(stdout, &file, false);
	cc_buf_release(&file);
	cc_problems_release(&bad);
	cc_problems_release(&unknown);
	return r == 1;
}

static int crm_import(int argc, char **argv, struct cc_env *env)
{
	int preset = -1, first, ret = CC_EXIT_OK;
	struct cc_asset_names *names = NULL;
	struct cc_crm_key key;
	char *path = NULL;
	json_t *all = NULL;

	memset(&a, 0, sizeof(a));
	if ((first = cc_parse(env, argc, argv, options)) < 0)
		return CC_EXIT_ERROR;
	if (a.preset && (preset = cc_crm_preset_parse(a.preset)) < 0) {
		struct cc_buf b = CC_BUF_INIT;
		for (int i = 0; i < CC_CRM_PRESET_COUNT; i++)
			cc_buf_addf(&b, "%s%s", i ? ", " : "", cc_crm_preset_name(i));
		cc_usage_error(env, "unknown preset '%s' (one of %s)", a.preset, b.buf);
		cc_buf_release(&b);
		return CC_EXIT_ERROR;
	}
	if (first >= argc)
		return cc_usage_error(env, "which CSV file?");
	path = cc_crm_path(env->ctx->db_path);
	int r = cc_crm_attach(env->ctx->db, path, true, &key);
	free(path);
	if (r < 0 || cc_asset_names_load(&names, env->ctx->db, &env->ctx->cfg) < 0)
		return cc_fail_lib();
	if (a.format == CC_FMT_JSON)
		all = json_array();
	for (int i = first; i < argc; i++) {
		r = import_one(env, argv[i], preset, names, &key, all);
		if (r == CC_EXIT_ERROR || (r == 1 && ret == CC_EXIT_OK))
			ret = r == 1 ? CC_EXIT_FINDINGS : CC_EXIT_ERROR;
	}
	if (all) {
		struct cc_buf out = CC_BUF_INIT;
		cc_render_json(&out, all);
		cc_put_buf(stdout, &out, false);
		cc_buf_release(&out);
	}
	cc_asset_names_free(names);
	return ret;
}

int cmd_crm(int argc, char **argv, struct cc_env *env)
{
	if (argc < 2)
		return cc_usage_error(env, "which subcommand? (import)");
	if (!strcmp(argv[1], "import"))
		return crm_import(argc - 1, argv + 1, env);
	return cc_usage_error(env, "unknown subcommand '%s' (import)", argv[1]);
}
