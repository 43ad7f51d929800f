/*
 * crm.c — `contentcal crm import`: CRM exports (touches, opportunities,
 * contacts) into the CRM database beside the index, personal data hashed.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "crm.h"
#include "engagement.h"

const char cmd_crm_usage[] =
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
	"file again changes nothing; a newer opportunity or contact export updates them.\n"
	"\n"
	"  --preset NAME   the kind of export, for every FILE (default: from the header)\n"
	"  --format F      text (default) or json summary on stdout\n"
	"\n"
	"Exit status: 0 stored, 1 a file had bad rows (it was not stored), 2 error.\n";

static void print_row_problem(const struct cc_problem *p)
{
	cc_put_safe(stderr, p->path);
	fprintf(stderr, ":%d:", p->line);
	if (p->col > 0)
		fprintf(stderr, "%d:", p->col);
	fputs(p->severity == CC_SEV_WARNING ? " warning: " : " ", stderr);
	cc_put_safe(stderr, p->message);
	fputc('\n', stderr);
}

static int crm_import(int argc, char **argv, struct cc_env *env)
{
	static const struct option opts[] = {
		{"preset", required_argument, NULL, 'p'},
		{"format", required_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_JSON, CC_FMT_COUNT};
	enum cc_format format = CC_FMT_TEXT;
	int preset = -1, c, ret = CC_EXIT_OK;
	struct cc_asset_names *names = NULL;
	struct cc_crm_key key;
	char *path = NULL;
	json_t *all = NULL;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if ((preset = cc_crm_preset_parse(optarg)) < 0) {
				struct cc_buf b = CC_BUF_INIT;
				for (int i = 0; i < CC_CRM_PRESET_COUNT; i++)
					cc_buf_addf(&b, "%s%s", i ? ", " : "", cc_crm_preset_name(i));
				cc_usage_error(env, "unknown preset '%s' (one of %s)", optarg, b.buf);
				cc_buf_release(&b);
				return CC_EXIT_ERROR;
			}
			break;
		case 'f':
			if (cc_parse_format(env, optarg, formats, &format))
				return CC_EXIT_ERROR;
			break;
		default:
			return cc_usage_error(env, "unknown option");
		}
	}
	if (optind >= argc)
		return cc_usage_error(env, "which CSV file?");
	path = cc_crm_path(env->ctx->db_path);
	if (cc_crm_attach(env->ctx->db, path, true, &key) < 0) {
		free(path);
		return cc_fail_lib();
	}
	free(path);
	if (cc_asset_names_load(&names, env->ctx->db, &env->ctx->cfg) < 0)
		return cc_fail_lib();
	if (format == CC_FMT_JSON)
		all = json_array();
	for (int i = optind; i < argc; i++) {
		struct cc_problems bad = CC_PROBLEMS_INIT, unknown = CC_PROBLEMS_INIT;
		struct cc_crm_stats st;
		struct cc_buf file = CC_BUF_INIT;
		if (argv[i][0] == '/')
			cc_buf_adds(&file, argv[i]);
		else if (!strcmp(argv[i], "-"))
			cc_buf_adds(&file, "/dev/stdin");
		else
			cc_buf_addf(&file, "%s/%s", env->ctx->start_dir, argv[i]);
		int r = cc_crm_import(env->ctx->db, &env->ctx->cfg, names, &key, file.buf, argv[i], preset,
				      &st, &bad, &unknown);
		cc_buf_release(&file);
		if (r < 0) {
			cc_fail_lib();
			ret = CC_EXIT_ERROR;
			continue;
		}
		for (size_t k = 0; k < bad.n; k++)
			print_row_problem(&bad.v[k]);
		for (size_t k = 0; k < unknown.n; k++)
			print_row_problem(&unknown.v[k]);
		const char *pname = st.preset >= 0 ? cc_crm_preset_name(st.preset) : "unknown";
		if (all) {
			json_array_append_new(
				all, json_pack("{s:s, s:s, s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "file",
					       argv[i], "preset", pname, "stored", st.committed, "rows",
					       (json_int_t)st.rows, "new", (json_int_t)st.added, "updated",
					       (json_int_t)st.updated, "unchanged", (json_int_t)st.unchanged,
					       "skipped", (json_int_t)st.skipped, "unknown",
					       (json_int_t)st.unknown, "bad", (json_int_t)st.bad));
		} else {
			cc_put_safe(stdout, argv[i]);
			printf(" (%s): %zu rows: %zu new, %zu updated, %zu unchanged, %zu skipped, "
			       "%zu unknown-asset rows kept aside, %zu bad rows%s\n",
			       pname, st.rows, st.committed ? st.added : 0, st.committed ? st.updated : 0,
			       st.committed ? st.unchanged : 0, st.skipped, st.unknown, st.bad,
			       st.committed ? "" : "; nothing of this file was stored");
		}
		if (r == 1 && ret == CC_EXIT_OK)
			ret = CC_EXIT_FINDINGS;
		cc_problems_release(&bad);
		cc_problems_release(&unknown);
	}
	if (all) {
		json_dumpf(all, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII);
		fputc('\n', stdout);
		json_decref(all);
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
