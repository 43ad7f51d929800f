/* Unit tests for lib/config.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"

static char tmpdir[] = "/tmp/cc-config-XXXXXX";

static int setup(void **state)
{
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd);
}

/* Writes text to tmpdir/rel (directories must exist) and returns the path. */
static char *write_file(const char *rel, const char *text)
{
	struct cc_buf b = CC_BUF_INIT;
	FILE *f;
	cc_buf_addf(&b, "%s/%s", tmpdir, rel);
	f = fopen(b.buf, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return cc_buf_detach(&b, NULL);
}

static char *make_dir(const char *rel)
{
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_addf(&b, "%s/%s", tmpdir, rel);
	assert_int_equal(mkdir(b.buf, 0755), 0);
	return cc_buf_detach(&b, NULL);
}

static int load_text(struct cc_config *cfg, const char *text, struct cc_problems *p)
{
	char *path = write_file("contentcal.yml", text);
	int ret = cc_config_load(cfg, path, "contentcal.yml", "", p);
	free(path);
	return ret;
}

static void test_defaults(void **state)
{
	struct cc_config cfg;
	const char *canon;

	cc_config_defaults(&cfg);
	assert_null(cfg.path);
	assert_string_equal(cfg.dir, "");
	assert_string_equal(cfg.hash, "");
	assert_true(json_is_object(cfg.raw));
	assert_int_equal(cfg.content.n, 2);
	assert_string_equal(cfg.content.v[0], "**/*.md");
	assert_string_equal(cfg.content.v[1], "**/*.mdx");
	assert_int_equal(cfg.exclude.n, 0);
	assert_int_equal(cfg.stages.n, 3);
	assert_string_equal(cfg.stages.v[0].name, "awareness");
	assert_int_equal(cc_vocab_lookup(&cfg.stages, "BOFU", &canon), 2);
	assert_string_equal(canon, "decision");
	assert_int_equal(cfg.personas.n, 0);
	assert_int_equal(cfg.topics.n, 0);
	assert_int_equal(cfg.formats.n, 0);
	assert_int_equal(cfg.statuses.n, 7);
	assert_string_equal(cfg.statuses.v[0], "idea");
	assert_string_equal(cfg.statuses.v[6], "archived");
	assert_int_equal(cfg.required.n, 2);
	assert_true(cc_strlist_has(&cfg.required, "persona"));
	assert_true(cc_strlist_has(&cfg.required, "stage"));
	assert_int_equal(cfg.fields[CC_F_DATE].n, 4);
	assert_string_equal(cfg.fields[CC_F_DATE].v[3], "pubDate");
	assert_int_equal(cfg.fields[CC_F_TOPIC].n, 2);
	assert_false(cc_strlist_has(&cfg.fields[CC_F_TOPIC], "tags"));
	assert_int_equal(cfg.fields[CC_F_STAGE].n, 4);
	assert_string_equal(cfg.fields[CC_F_REVIEW].v[0], "review_by");
	assert_string_equal(cfg.fields[CC_F_EXPIRES].v[2], "expiry_date");
	for (int f = 0; f < CC_F_COUNT; f++)
		assert_true(cfg.fields[f].n > 0);
	assert_null(cfg.url);
	assert_int_equal(cfg.calendar.fiscal_year_start, 1);
	assert_int_equal(cfg.calendar.week_start, 0);
	assert_int_equal(cfg.calendar.cadence_per_week, 1);
	assert_int_equal(cfg.calendar.topic_rotation_weeks, 6);
	assert_int_equal(cfg.coverage.min_per_cell, 1);
	assert_int_equal(cfg.coverage.fresh_days, 365);
	assert_false(cfg.coverage.by_topic);
	assert_int_equal(cfg.coverage.cell_severity, CC_SEV_ERROR);
	assert_int_equal(cfg.coverage.stale_severity, CC_SEV_WARNING);
	assert_true(cfg.engagement.half_life_days == 90);
	assert_int_equal(cfg.engagement.min_sample, 5);
	assert_string_equal(cfg.engagement.group_by, "stage");
	assert_int_equal(cfg.engagement.nweights, 3);
	assert_string_equal(cfg.engagement.weights[2].metric, "conversions");
	assert_true(cfg.engagement.weights[2].weight == 25);
	assert_int_equal(cfg.engagement.columns_asset.n, 5);
	assert_string_equal(cfg.engagement.columns_date.v[1], "day");
	assert_true(cfg.search.w_relevance == 0.3);
	assert_false(cfg.search.full_text);
	cc_config_release(&cfg);
	cc_config_release(&cfg); /* twice is fine */

	struct cc_config zero;
	memset(&zero, 0, sizeof(zero));
	cc_config_release(&zero);
}

static const char full_yaml[] =
	"content: [\"content/**/*.md\", \"content/**/*.mdx\"]\n"          /* 1 */
	"exclude: \"**/README.md\"\n"                                     /* 2 */
	"stages:\n"                                                       /* 3 */
	"  - {name: Aware, aliases: [TOFU, top of funnel]}\n"             /* 4 */
	"  - consider\n"                                                  /* 5 */
	"  - name: decide\n"                                              /* 6 */
	"    aliases: bofu\n"                                             /* 7 */
	"personas: [cio, {name: cfo, aliases: [finance]}, IT_Director]\n" /* 8 */
	"topics: [cloud-migration, security]\n"                           /* 9 */
	"formats: [blog, whitepaper]\n"                                   /* 10 */
	"statuses: [draft, published]\n"                                  /* 11 */
	"required: [stage]\n"                                             /* 12 */
	"fields:\n"                                                       /* 13 */
	"  persona: [params.audience, persona]\n"                         /* 14 */
	"  topic: tags\n"                                                 /* 15 */
	"  date: ~\n"                                                     /* 16 */
	"url: \"https://example.com/resources/{slug}/{stem}\"\n"          /* 17 */
	"calendar: {fiscal_year_start: 4, week_start: Sunday, cadence_per_week: 2,\n"
	"  topic_rotation_weeks: 8}\n" /* 19 */
	"coverage:\n"                  /* 20 */
	"  min_per_cell: 2\n"
	"  fresh_days: 180\n"
	"  by_topic: true\n"
	"  severity: {cell: warning, cadence: info, rotation: error, overdue: error, stale: info}\n"
	"engagement:\n" /* 25 */
	"  half_life_days: 45.5\n"
	"  min_sample: 3\n"
	"  group_by: [stage, format]\n"
	"  weights: {views: 1, Demo_Requests: 40}\n"
	"  columns: {date: [when], asset: page, metric: [kind], value: [n, count]}\n"
	"search: {weights: {text: 2, relevance: 0, freshness: 0.5}, full_text: true}\n";

static void test_full(void **state)
{
	struct cc_config cfg;
	struct cc_problems p = CC_PROBLEMS_INIT;
	const char *canon;
	const struct cc_loc *loc;

	assert_int_equal(load_text(&cfg, full_yaml, &p), 0);
	assert_int_equal(p.n, 0);
	assert_string_equal(cfg.path + strlen(cfg.path) - strlen("/contentcal.yml"),
			    "/contentcal.yml");
	assert_int_equal(strlen(cfg.hash), 40);
	assert_string_equal(cfg.content.v[1], "content/**/*.mdx");
	assert_int_equal(cfg.exclude.n, 1);
	assert_string_equal(cfg.exclude.v[0], "**/README.md");

	assert_int_equal(cfg.stages.n, 3);
	assert_string_equal(cfg.stages.v[0].name, "aware");
	assert_int_equal(cfg.stages.v[0].naliases, 2);
	assert_string_equal(cfg.stages.v[0].aliases[1], "top-of-funnel");
	assert_int_equal(cc_vocab_lookup(&cfg.stages, "Top of Funnel", &canon), 0);
	assert_string_equal(canon, "aware");
	assert_int_equal(cc_vocab_lookup(&cfg.stages, "consider", &canon), 1);
	assert_int_equal(cc_vocab_lookup(&cfg.stages, "BOFU", &canon), 2);
	assert_string_equal(canon, "decide");
	assert_int_equal(cc_vocab_lookup(&cfg.stages, "awareness", &canon), -1);
	assert_null(canon);

	assert_int_equal(cfg.personas.n, 3);
	assert_string_equal(cfg.personas.v[2].name, "it-director");
	assert_int_equal(cc_vocab_lookup(&cfg.personas, " Finance ", &canon), 1);
	assert_string_equal(canon, "cfo");
	assert_int_equal(cc_vocab_lookup(&cfg.personas, "it director", &canon), 2);
	assert_int_equal(cfg.topics.n, 2);
	assert_int_equal(cfg.formats.n, 2);
	assert_string_equal(cfg.formats.v[1].name, "whitepaper");
	assert_int_equal(cfg.statuses.n, 2);
	assert_int_equal(cfg.required.n, 1);
	assert_string_equal(cfg.required.v[0], "stage");

	assert_int_equal(cfg.fields[CC_F_PERSONA].n, 2);
	assert_string_equal(cfg.fields[CC_F_PERSONA].v[0], "params.audience");
	assert_int_equal(cfg.fields[CC_F_TOPIC].n, 1);
	assert_string_equal(cfg.fields[CC_F_TOPIC].v[0], "tags");
	assert_int_equal(cfg.fields[CC_F_DATE].n, 4); /* null keeps the default */
	assert_int_equal(cfg.fields[CC_F_STAGE].n, 4);
	assert_string_equal(cfg.url, "https://example.com/resources/{slug}/{stem}");

	assert_int_equal(cfg.calendar.fiscal_year_start, 4);
	assert_int_equal(cfg.calendar.week_start, 6);
	assert_int_equal(cfg.calendar.cadence_per_week, 2);
	assert_int_equal(cfg.calendar.topic_rotation_weeks, 8);
	assert_int_equal(cfg.coverage.min_per_cell, 2);
	assert_int_equal(cfg.coverage.fresh_days, 180);
	assert_true(cfg.coverage.by_topic);
	assert_int_equal(cfg.coverage.cell_severity, CC_SEV_WARNING);
	assert_int_equal(cfg.coverage.cadence_severity, CC_SEV_INFO);
	assert_int_equal(cfg.coverage.rotation_severity, CC_SEV_ERROR);
	assert_int_equal(cfg.coverage.overdue_severity, CC_SEV_ERROR);
	assert_int_equal(cfg.coverage.stale_severity, CC_SEV_INFO);
	assert_true(cfg.engagement.half_life_days == 45.5);
	assert_int_equal(cfg.engagement.min_sample, 3);
	assert_string_equal(cfg.engagement.group_by, "stage,format");
	assert_int_equal(cfg.engagement.nweights, 2);
	assert_string_equal(cfg.engagement.weights[1].metric, "demo-requests");
	assert_true(cfg.engagement.weights[1].weight == 40);
	assert_int_equal(cfg.engagement.columns_date.n, 1);
	assert_string_equal(cfg.engagement.columns_date.v[0], "when");
	assert_string_equal(cfg.engagement.columns_asset.v[0], "page");
	assert_string_equal(cfg.engagement.columns_metric.v[0], "kind");
	assert_int_equal(cfg.engagement.columns_value.n, 2);
	assert_true(cfg.search.w_text == 2);
	assert_true(cfg.search.w_relevance == 0);
	assert_true(cfg.search.w_fresh == 0.5);
	assert_true(cfg.search.full_text);

	/* the raw document and its locations stay available */
	assert_int_equal(json_integer_value(json_object_get(json_object_get(cfg.raw, "calendar"),
							    "fiscal_year_start")),
			 4);
	loc = cc_config_loc(&cfg, "coverage.fresh_days");
	assert_non_null(loc);
	assert_int_equal(loc->line, 22);
	assert_int_equal(loc->col, 3);
	loc = cc_config_loc(&cfg, "stages.2");
	assert_non_null(loc);
	assert_int_equal(loc->line, 6);
	assert_null(cc_config_loc(&cfg, "nope"));

	cc_config_release(&cfg);
	cc_problems_release(&p);
}

static void test_hash_and_empty(void **state)
{
	struct cc_config cfg;
	struct cc_problems p = CC_PROBLEMS_INIT;

	assert_int_equal(load_text(&cfg, "", &p), 0);
	assert_int_equal(p.n, 0);
	assert_string_equal(cfg.hash, "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
	assert_int_equal(cfg.stages.n, 3); /* defaults */
	cc_config_release(&cfg);

	assert_int_equal(load_text(&cfg, "stages: funnel\n", &p), 0);
	assert_string_equal(cfg.hash, "56bc2ee57fb7931ef4059b4d87294dcf91a9c9a1");
	cc_config_release(&cfg);
	cc_problems_release(&p);
}

static void test_dir_and_display_path(void **state)
{
	struct cc_config cfg;
	struct cc_problems p = CC_PROBLEMS_INIT;
	char *path = write_file("named.yml", "bogus: 1\n");

	assert_int_equal(cc_config_load(&cfg, path, NULL, "docs/site", &p), 0);
	assert_string_equal(cfg.dir, "docs/site");
	assert_int_equal(p.n, 1);
	assert_string_equal(p.v[0].path, path);
	cc_config_release(&cfg);
	cc_problems_release(&p);
	free(path);
}

static void test_missing_file(void **state)
{
	struct cc_config cfg;
	struct cc_problems p = CC_PROBLEMS_INIT;
	struct cc_buf path = CC_BUF_INIT;

	cc_buf_addf(&path, "%s/absent.yml", tmpdir);
	cc_error_clear();
	assert_int_equal(cc_config_load(&cfg, path.buf, "absent.yml", "", &p), -1);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.v[0].path, "absent.yml");
	assert_int_equal(p.v[0].line, 0);
	assert_int_equal(p.v[0].severity, CC_SEV_ERROR);
	assert_string_equal(p.v[0].rule, "invalid-config");
	assert_non_null(strstr(p.v[0].message, "cannot read"));
	assert_non_null(strstr(cc_error_last(), "cannot read"));
	cc_config_release(&cfg);
	cc_problems_release(&p);
	cc_buf_release(&path);
}

static void test_invalid_yaml(void **state)
{
	struct cc_config cfg;
	struct cc_problems p = CC_PROBLEMS_INIT;

	assert_int_equal(load_text(&cfg, "stages: [a, b\nx: 1\n", &p), -1);
	assert_true(p.n >= 1);
	assert_string_equal(p.v[0].rule, "invalid-yaml");
	assert_true(json_is_object(cfg.raw));
	cc_config_release(&cfg);
	cc_problems_release(&p);
}

static void test_several_errors_collected(void **state)
{
	struct cc_config cfg;
	struct cc_problems p = CC_PROBLEMS_INIT;

	assert_int_equal(load_text(&cfg,
				   "calendar:\n"
				   "  fiscal_year_start: 0\n"
				   "  week_start: someday\n"
				   "colour: red\n"
				   "engagement: {half_life_days: -1}\n",
				   &p),
			 -1);
	assert_int_equal(p.n, 4);
	assert_int_equal(cc_problems_count(&p, CC_SEV_ERROR), 3);
	cc_problems_sort(&p);
	assert_int_equal(p.v[0].line, 2);
	assert_int_equal(p.v[1].line, 3);
	assert_int_equal(p.v[2].line, 4);
	assert_string_equal(p.v[2].rule, "unknown-config-key");
	assert_int_equal(p.v[3].line, 5);
	assert_non_null(strstr(cc_error_last(), "3 errors"));
	cc_config_release(&cfg);
	cc_problems_release(&p);
}

/* One config, exactly one problem. */
struct bad_case {
	const char *yaml;
	enum cc_severity sev;
	int line, col;
	const char *message; /* exact */
};

static const struct bad_case bad_cases[] = {
	/* unknown keys: top level, in every section, in a vocabulary term */
	{"stage: hubspot\n", CC_SEV_WARNING, 1, 1, "unknown key 'stage' (did you mean 'stages'?)"},
	{"url: x\nzzz: 1\n", CC_SEV_WARNING, 2, 1, "unknown key 'zzz'"},
	{"calendar:\n  fiscal_year: 2\n", CC_SEV_WARNING, 2, 3,
	 "unknown key 'calendar.fiscal_year' (did you mean 'fiscal_year_start'?)"},
	{"coverage: {min_per_cel: 1}\n", CC_SEV_WARNING, 1, 12,
	 "unknown key 'coverage.min_per_cel' (did you mean 'min_per_cell'?)"},
	{"coverage:\n  severity:\n    stail: info\n", CC_SEV_WARNING, 3, 5,
	 "unknown key 'coverage.severity.stail' (did you mean 'stale'?)"},
	{"coverage:\n  severity:\n    gap: info\n", CC_SEV_WARNING, 3, 5,
	 "unknown key 'coverage.severity.gap'"},
	{"engagement: {halflife: 9}\n", CC_SEV_WARNING, 1, 14, "unknown key 'engagement.halflife'"},
	{"engagement:\n  columns: {day: [d]}\n", CC_SEV_WARNING, 2, 13,
	 "unknown key 'engagement.columns.day' (did you mean 'date'?)"},
	{"search: {fulltext: true}\n", CC_SEV_WARNING, 1, 10,
	 "unknown key 'search.fulltext' (did you mean 'full_text'?)"},
	{"search:\n  weights: {fresh: 1}\n", CC_SEV_WARNING, 2, 13,
	 "unknown key 'search.weights.fresh' (did you mean 'freshness'?)"},
	{"fields:\n  audience: [a]\n", CC_SEV_WARNING, 2, 3, "unknown key 'fields.audience'"},
	{"personas:\n  - {name: cio, colour: red}\n", CC_SEV_WARNING, 2, 17,
	 "unknown key 'personas.0.colour'"},

	/* sections of the wrong type */
	{"calendar: monthly\n", CC_SEV_ERROR, 1, 1, "'calendar' must be a mapping, not a string"},
	{"coverage: [1]\n", CC_SEV_ERROR, 1, 1, "'coverage' must be a mapping, not a list"},
	{"coverage: {severity: error}\n", CC_SEV_ERROR, 1, 12,
	 "'coverage.severity' must be a mapping, not a string"},
	{"engagement: 3\n", CC_SEV_ERROR, 1, 1, "'engagement' must be a mapping, not an integer"},
	{"engagement: {columns: [a]}\n", CC_SEV_ERROR, 1, 14,
	 "'engagement.columns' must be a mapping, not a list"},
	{"search: true\n", CC_SEV_ERROR, 1, 1, "'search' must be a mapping, not a boolean"},
	{"search: {weights: 1}\n", CC_SEV_ERROR, 1, 10,
	 "'search.weights' must be a mapping, not an integer"},
	{"fields: [persona]\n", CC_SEV_ERROR, 1, 1, "'fields' must be a mapping, not a list"},

	/* calendar */
	{"calendar:\n  fiscal_year_start: 13\n", CC_SEV_ERROR, 2, 3,
	 "'calendar.fiscal_year_start' must be a month number 1-12, not 13"},
	{"calendar:\n  fiscal_year_start: \"2\"\n", CC_SEV_ERROR, 2, 3,
	 "'calendar.fiscal_year_start' must be a month number 1-12, not a string"},
	{"calendar:\n  fiscal_year_start: 2.5\n", CC_SEV_ERROR, 2, 3,
	 "'calendar.fiscal_year_start' must be a month number 1-12, not a number"},
	{"calendar: {week_start: funday}\n", CC_SEV_ERROR, 1, 12,
	 "'calendar.week_start' must be a day name (monday to sunday), not 'funday'"},
	{"calendar: {week_start: 1}\n", CC_SEV_ERROR, 1, 12,
	 "'calendar.week_start' must be a day name (monday to sunday), not an integer"},
	{"calendar: {cadence_per_week: -1}\n", CC_SEV_ERROR, 1, 12,
	 "'calendar.cadence_per_week' must be a number of assets per week (0-1000, 0 turns the "
	 "check off), not -1"},
	{"calendar: {topic_rotation_weeks: 600}\n", CC_SEV_ERROR, 1, 12,
	 "'calendar.topic_rotation_weeks' must be a number of weeks (0-520, 0 turns the check "
	 "off), not 600"},

	/* coverage */
	{"coverage: {min_per_cell: -2}\n", CC_SEV_ERROR, 1, 12,
	 "'coverage.min_per_cell' must be a count of at least 0 (0 turns the check off), not -2"},
	{"coverage: {fresh_days: 0}\n", CC_SEV_ERROR, 1, 12,
	 "'coverage.fresh_days' must be a number of days of at least 1, not 0"},
	{"coverage: {by_topic: \"yes\"}\n", CC_SEV_ERROR, 1, 12,
	 "'coverage.by_topic' must be true or false, not a string"},
	{"coverage:\n  severity:\n    stale: fatal\n", CC_SEV_ERROR, 3, 5,
	 "'coverage.severity.stale' must be error, warning or info, not 'fatal'"},
	{"coverage:\n  severity: {cell: 2}\n", CC_SEV_ERROR, 2, 14,
	 "'coverage.severity.cell' must be error, warning or info, not an integer"},

	/* engagement */
	{"engagement:\n  half_life_days: 0\n", CC_SEV_ERROR, 2, 3,
	 "'engagement.half_life_days' must be a number of days above 0, not 0"},
	{"engagement:\n  half_life_days: -3.5\n", CC_SEV_ERROR, 2, 3,
	 "'engagement.half_life_days' must be a number of days above 0, not -3.5"},
	{"engagement:\n  half_life_days: ninety\n", CC_SEV_ERROR, 2, 3,
	 "'engagement.half_life_days' must be a number of days above 0, not a string"},
	{"engagement: {min_sample: 0}\n", CC_SEV_ERROR, 1, 14,
	 "'engagement.min_sample' must be a count of at least 1, not 0"},
	{"engagement: {group_by: \"stage, colour\"}\n", CC_SEV_ERROR, 1, 14,
	 "unknown dimension 'colour' in 'engagement.group_by' (expected stage, format, persona or "
	 "topic)"},
	{"engagement: {group_by: [stage, Stage]}\n", CC_SEV_ERROR, 1, 32,
	 "duplicate value 'stage' in 'engagement.group_by'"},
	{"engagement: {group_by: 4}\n", CC_SEV_ERROR, 1, 14,
	 "'engagement.group_by' must be a list of strings, not an integer"},
	{"engagement:\n  weights: {}\n", CC_SEV_ERROR, 2, 3,
	 "'engagement.weights' must give at least one metric"},
	{"engagement:\n  weights: [views]\n", CC_SEV_ERROR, 2, 3,
	 "'engagement.weights' must be a mapping of metric to weight, not a list"},
	{"engagement:\n  weights:\n    views: -1\n", CC_SEV_ERROR, 3, 5,
	 "'engagement.weights.views' must be a weight of at least 0, not -1"},
	{"engagement:\n  weights:\n    views: lots\n", CC_SEV_ERROR, 3, 5,
	 "'engagement.weights.views' must be a weight of at least 0, not a string"},
	{"engagement:\n  weights:\n    views: 1\n    Views: 2\n", CC_SEV_ERROR, 4, 5,
	 "duplicate metric 'views' in 'engagement.weights'"},
	{"engagement:\n  columns:\n    date: []\n", CC_SEV_ERROR, 3, 5,
	 "'engagement.columns.date' must list at least 1 value"},
	{"engagement:\n  columns:\n    value: [n, 3]\n", CC_SEV_ERROR, 3, 16,
	 "'engagement.columns.value.1' must be a string, not an integer"},

	/* search */
	{"search:\n  weights: {text: -1}\n", CC_SEV_ERROR, 2, 13,
	 "'search.weights.text' must be a weight of at least 0, not -1"},
	{"search: {full_text: 1}\n", CC_SEV_ERROR, 1, 10,
	 "'search.full_text' must be true or false, not an integer"},

	/* content, exclude, statuses, required, fields, url */
	{"content: 5\n", CC_SEV_ERROR, 1, 1, "'content' must be a list of strings, not an integer"},
	{"content: []\n", CC_SEV_ERROR, 1, 1, "'content' must list at least 1 value"},
	{"content:\n  - docs/*.md\n  - {a: b}\n", CC_SEV_ERROR, 3, 5,
	 "'content.1' must be a string, not a mapping"},
	{"content: [\"\"]\n", CC_SEV_ERROR, 1, 11, "'content.0' must not be empty"},
	{"content: [/srv/*.md]\n", CC_SEV_ERROR, 1, 11,
	 "'content.0' must be relative to the config directory, inside it: '/srv/*.md'"},
	{"exclude: ../other/**\n", CC_SEV_ERROR, 1, 1,
	 "'exclude' must be relative to the config directory, inside it: '../other/**'"},
	{"statuses: [draft, Draft]\n", CC_SEV_ERROR, 1, 19,
	 "duplicate value 'draft' in 'statuses'"},
	{"statuses: []\n", CC_SEV_ERROR, 1, 1, "'statuses' must list at least 1 value"},
	{"required: [persona, stagee]\n", CC_SEV_ERROR, 1, 21,
	 "unknown field 'stagee' in 'required' (did you mean 'stage'?)"},
	{"required: qqqqqq\n", CC_SEV_ERROR, 1, 1,
	 "unknown field 'qqqqqq' in 'required' (expected one of title, summary, slug, date, "
	 "status, format, persona, stage, topic, author, due, review, expires, owner)"},
	{"calendar:\n  capacity_per_week: {default: 2, Ana: many}\n", CC_SEV_ERROR, 2, 35,
	 "'calendar.capacity_per_week.Ana' must be a number of assets per week (0-1000, 0 means no "
	 "limit), not a string"},
	{"calendar:\n  capacity_per_week: 1001\n", CC_SEV_ERROR, 2, 3,
	 "'calendar.capacity_per_week' must be a number of assets per week (0-1000, 0 means no limit), "
	 "not 1001"},
	{"fields:\n  persona: 5\n", CC_SEV_ERROR, 2, 3,
	 "'fields.persona' must be a list of strings, not an integer"},
	{"fields:\n  persona: [audience, true]\n", CC_SEV_ERROR, 2, 23,
	 "'fields.persona.1' must be a string, not a boolean"},
	{"url: 5\n", CC_SEV_ERROR, 1, 1, "'url' must be a string, not an integer"},
	{"url: \"\"\n", CC_SEV_ERROR, 1, 1, "'url' must not be empty"},
	{"url: \"https://x/{title}\"\n", CC_SEV_ERROR, 1, 1,
	 "unknown placeholder '{title}' in 'url' (expected {slug}, {path}, {format}, {stem}, {section}, "
	 "{lang}, {year}, {month} or {day})"},
	{"url: \"https://x/{slug\"\n", CC_SEV_ERROR, 1, 1, "'url' has a '{' without '}'"},
	{"url: \"https://x/slug}\"\n", CC_SEV_ERROR, 1, 1, "'url' has a '}' without '{'"},

	/* vocabularies */
	{"stages: salesforce\n", CC_SEV_ERROR, 1, 1,
	 "unknown stage preset 'salesforce' (expected hubspot, funnel or gartner, or a list of "
	 "stages)"},
	{"stages: []\n", CC_SEV_ERROR, 1, 1, "'stages' must list at least one stage"},
	{"stages: 3\n", CC_SEV_ERROR, 1, 1,
	 "'stages' must be a list of names or a preset name, not an integer"},
	{"personas: {cio: 1}\n", CC_SEV_ERROR, 1, 1,
	 "'personas' must be a list of names, not a mapping"},
	{"personas: [cio, CIO]\n", CC_SEV_ERROR, 1, 17,
	 "duplicate personas value 'cio' (already used by 'cio')"},
	{"personas:\n  - {name: cfo, aliases: [finance]}\n  - Finance\n", CC_SEV_ERROR, 3, 5,
	 "duplicate personas value 'finance' (already used by 'cfo')"},
	{"topics:\n  - security\n  - {name: cloud, aliases: [Security]}\n", CC_SEV_ERROR, 3, 29,
	 "duplicate topics value 'security' (already used by 'security')"},
	{"topics:\n  - {aliases: [x]}\n", CC_SEV_ERROR, 2, 5, "'topics.0' has no name"},
	{"topics:\n  - [a, b]\n", CC_SEV_ERROR, 2, 5,
	 "'topics.0' must be a name or a mapping with name and aliases, not a list"},
	{"formats:\n  - {name: 7}\n", CC_SEV_ERROR, 2, 6,
	 "'formats.0.name' must be a string, not an integer"},
	{"formats:\n  - {name: \" _ \"}\n", CC_SEV_ERROR, 2, 6,
	 "'formats.0.name' must not be empty"},
	{"formats:\n  - {name: blog, aliases: 5}\n", CC_SEV_ERROR, 2, 18,
	 "'formats.0.aliases' must be a list of strings, not an integer"},
	{"formats:\n  - {name: blog, aliases: [post, 5]}\n", CC_SEV_ERROR, 2, 34,
	 "'formats.0.aliases.1' must be a string, not an integer"},
	/* new.path */
	{"new: {pth: x}\n", CC_SEV_WARNING, 1, 7, "unknown key 'new.pth' (did you mean 'path'?)"},
	{"new: content\n", CC_SEV_ERROR, 1, 1, "'new' must be a mapping, not a string"},
	{"new:\n  path: 5\n", CC_SEV_ERROR, 2, 3, "'new.path' must be a string, not an integer"},
	{"new:\n  path: /tmp/{slug}.md\n", CC_SEV_ERROR, 2, 3,
	 "'new.path' must be relative to the config directory, not '/tmp/{slug}.md'"},
	{"new:\n  path: posts/x.md\n", CC_SEV_ERROR, 2, 3,
	 "'new.path' must contain {slug} so that every title gets its own file"},
	{"new:\n  path: \"{kind}/{slug}.md\"\n", CC_SEV_ERROR, 2, 3,
	 "'new.path': unknown placeholder {kind} (known: format, slug, date, year, month, stage, persona, "
	 "topic)"},
	{"new:\n  path: \"{slug}/{slug.md\"\n", CC_SEV_ERROR, 2, 3,
	 "'new.path': unclosed placeholder {slug} (known: format, slug, date, year, month, stage, persona, "
	 "topic)"},
};

static void test_bad_configs(void **state)
{
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct cc_config cfg;
		struct cc_problems p = CC_PROBLEMS_INIT;
		int ret = load_text(&cfg, c->yaml, &p);

		if (p.n != 1 || strcmp(p.v[0].message, c->message) || p.v[0].line != c->line ||
		    p.v[0].col != c->col || p.v[0].severity != c->sev) {
			print_error("case %zu: %s", i, c->yaml);
			for (size_t j = 0; j < p.n; j++)
				print_error("  got %d:%d %s [%s] %s\n", p.v[j].line, p.v[j].col,
					    cc_severity_name(p.v[j].severity), p.v[j].rule,
					    p.v[j].message);
			fail();
		}
		assert_string_equal(p.v[0].path, "contentcal.yml");
		assert_string_equal(p.v[0].rule, c->sev == CC_SEV_ERROR ? "invalid-config"
									: "unknown-config-key");
		assert_int_equal(ret, c->sev == CC_SEV_ERROR ? -1 : 0);
		cc_config_release(&cfg);
		cc_problems_release(&p);
	}
}

static void test_failed_section_keeps_default(void **state)
{
	struct cc_config cfg;
	struct cc_problems p = CC_PROBLEMS_INIT;

	assert_int_equal(
		load_text(&cfg, "personas: [a, A]\nstages: [x, {name: y, aliases: [x]}]\n", &p),
		-1);
	assert_int_equal(p.n, 2);
	assert_int_equal(cfg.personas.n, 0);
	assert_int_equal(cfg.stages.n, 3);
	assert_string_equal(cfg.stages.v[0].name, "awareness");
	cc_config_release(&cfg);
	cc_problems_release(&p);
}

static void test_presets(void **state)
{
	struct cc_vocab v = {NULL, 0, 0};
	const char *canon;

	assert_int_equal(cc_config_stage_preset(&v, "hubspot"), 0);
	assert_int_equal(v.n, 3);
	assert_string_equal(v.v[1].name, "consideration");
	assert_int_equal(cc_vocab_lookup(&v, "tofu", &canon), 0);
	assert_int_equal(cc_vocab_lookup(&v, "Top", &canon), 0);
	assert_int_equal(cc_vocab_lookup(&v, "middle", &canon), 1);
	assert_int_equal(cc_vocab_lookup(&v, "bottom", &canon), 2);
	assert_string_equal(canon, "decision");

	assert_int_equal(cc_config_stage_preset(&v, " Funnel "), 0); /* replaces */
	assert_int_equal(v.n, 3);
	assert_string_equal(v.v[0].name, "top");
	assert_int_equal(cc_vocab_lookup(&v, "MOFU", &canon), 1);
	assert_string_equal(canon, "middle");
	assert_int_equal(cc_vocab_lookup(&v, "awareness", &canon), -1);

	assert_int_equal(cc_config_stage_preset(&v, "gartner"), 0);
	assert_int_equal(v.n, 6);
	assert_string_equal(v.v[0].name, "problem-identification");
	assert_string_equal(v.v[5].name, "consensus-creation");
	assert_int_equal(cc_vocab_lookup(&v, "Supplier Selection", &canon), 3);

	assert_int_equal(cc_config_stage_preset(&v, "nope"), -1);
	assert_int_equal(v.n, 6); /* untouched */
	cc_vocab_release(&v);

	struct cc_config cfg;
	struct cc_problems p = CC_PROBLEMS_INIT;
	assert_int_equal(load_text(&cfg, "stages: gartner\n", &p), 0);
	assert_int_equal(cfg.stages.n, 6);
	cc_config_release(&cfg);
	cc_problems_release(&p);
}

static void test_vocab(void **state)
{
	struct cc_vocab v = {NULL, 0, 0};
	const char *canon = "x";
	char *c;

	c = cc_vocab_clean("  IT  Director__Team\t");
	assert_string_equal(c, "it-director-team");
	free(c);
	c = cc_vocab_clean(" _ ");
	assert_string_equal(c, "");
	free(c);
	c = cc_vocab_clean("Café Owner");
	assert_string_equal(c, "café-owner"); /* non-ASCII kept as is */
	free(c);

	assert_int_equal(cc_vocab_lookup(&v, "cio", &canon), -1); /* empty accepts nothing */
	assert_null(canon);
	assert_null(cc_vocab_nearest(&v, "cio"));
	cc_vocab_add_alias(&v, "orphan"); /* no term yet: ignored */
	assert_int_equal(v.n, 0);

	cc_vocab_add(&v, "CIO");
	cc_vocab_add(&v, "cfo");
	cc_vocab_add_alias(&v, "Finance Lead");
	assert_int_equal(cc_config_stage_preset(&v, "hubspot"), 0);
	cc_vocab_add(&v, "cio");
	cc_vocab_add(&v, "CFO");
	cc_vocab_add_alias(&v, "Finance Lead");
	assert_int_equal(cc_vocab_lookup(&v, "finance_lead", &canon), 4);
	assert_string_equal(canon, "cfo");
	cc_vocab_release(&v);
	assert_int_equal(v.n, 0);

	assert_int_equal(cc_config_stage_preset(&v, "hubspot"), 0);
	cc_vocab_add(&v, "cio");
	cc_vocab_add(&v, "it-director");
	assert_string_equal(cc_vocab_nearest(&v, "decission"), "decision");
	assert_string_equal(cc_vocab_nearest(&v, "cio "), "cio");
	assert_string_equal(cc_vocab_nearest(&v, "CIOs"), "cio");
	assert_string_equal(cc_vocab_nearest(&v, "awarness"), "awareness");
	assert_string_equal(cc_vocab_nearest(&v, "consid"), "consideration"); /* prefix */
	assert_string_equal(cc_vocab_nearest(&v, "it director"), "it-director");
	assert_string_equal(cc_vocab_nearest(&v, "tofuu"), "awareness"); /* via an alias */
	assert_string_equal(cc_vocab_nearest(&v, "bottm"), "decision");
	assert_null(cc_vocab_nearest(&v, "zzz"));
	assert_null(cc_vocab_nearest(&v, ""));
	assert_null(cc_vocab_nearest(&v, "xy"));
	assert_null(cc_vocab_nearest(&v, "marketing"));

	/* Regression (hardening): a megabyte-long value (front matter is
	 * untrusted) skips the quadratic distance; a long value that starts
	 * with a term still suggests it. */
	size_t n = 4 * 1024 * 1024;
	char *huge = malloc(n + 1);
	assert_non_null(huge);
	memset(huge, 'q', n);
	huge[n] = '\0';
	assert_null(cc_vocab_nearest(&v, huge)); /* about a second per term without the bound */
	memcpy(huge, "awareness", 9);
	assert_string_equal(cc_vocab_nearest(&v, huge), "awareness");
	free(huge);
	cc_vocab_release(&v);
}

static void test_strlist_and_fields(void **state)
{
	struct cc_strlist l = {NULL, 0, 0};

	assert_false(cc_strlist_has(&l, "a"));
	cc_strlist_add(&l, "a");
	cc_strlist_add(&l, "b");
	assert_true(cc_strlist_has(&l, "b"));
	assert_false(cc_strlist_has(&l, "B"));
	cc_strlist_clear(&l);
	assert_int_equal(l.n, 0);
	cc_strlist_clear(&l);

	assert_string_equal(cc_field_name(CC_F_TITLE), "title");
	assert_string_equal(cc_field_name(CC_F_REVIEW), "review");
	assert_string_equal(cc_field_name(CC_F_EXPIRES), "expires");
	assert_null(cc_field_name(CC_F_COUNT));
	for (int f = 0; f < CC_F_COUNT; f++)
		assert_int_equal(cc_field_parse(cc_field_name((enum cc_field)f)), f);
	assert_int_equal(cc_field_parse("tags"), -1);
}

static void test_find(void **state)
{
	struct cc_buf root = CC_BUF_INIT, want = CC_BUF_INIT;
	char *outer = make_dir("outer");
	char *repo = make_dir("outer/repo");
	char *a = make_dir("outer/repo/a");
	char *b = make_dir("outer/repo/a/b");
	char *c = make_dir("outer/repo/a/b/c");
	char *sib = make_dir("outer/repo/ab");
	char *found, *f1, *f2, *f3, *f4;

	/* nothing in the repository: a config above the root is not used */
	f1 = write_file("outer/contentcal.yml", "");
	assert_null(cc_config_find(c, repo));

	/* walks up to the root inclusive; the root may end in '/' */
	f2 = write_file("outer/repo/.contentcal.yml", "");
	cc_buf_addf(&root, "%s/", repo);
	found = cc_config_find(c, root.buf);
	assert_non_null(found);
	assert_string_equal(found, f2);
	free(found);

	/* contentcal.yml wins over .contentcal.yml in the same directory */
	f3 = write_file("outer/repo/contentcal.yml", "");
	found = cc_config_find(repo, repo);
	assert_string_equal(found, f3);
	free(found);

	/* the nearest directory wins */
	f4 = write_file("outer/repo/a/.contentcal.yml", "");
	found = cc_config_find(c, repo);
	assert_string_equal(found, f4);
	free(found);
	cc_buf_addf(&want, "%s/", b);
	found = cc_config_find(want.buf, repo);
	assert_string_equal(found, f4);
	free(found);

	/* a directory named contentcal.yml is not a config */
	cc_buf_reset(&want);
	cc_buf_addf(&want, "%s/contentcal.yml", b);
	assert_int_equal(mkdir(want.buf, 0755), 0);
	found = cc_config_find(b, repo);
	assert_string_equal(found, f4);
	free(found);

	/* outside the root (a string prefix that is not a parent): nothing */
	assert_null(cc_config_find(sib, a));
	assert_null(cc_config_find(outer, repo));

	/* the file-system root as the repository root works */
	found = cc_config_find(c, "/");
	assert_string_equal(found, f4);
	free(found);

	free(outer);
	free(repo);
	free(a);
	free(b);
	free(c);
	free(sib);
	free(f1);
	free(f2);
	free(f3);
	free(f4);
	cc_buf_release(&root);
	cc_buf_release(&want);
}

static void test_new_path(void **state)
{
	struct cc_config cfg;
	struct cc_problems p = CC_PROBLEMS_INIT;

	cc_config_defaults(&cfg);
	assert_string_equal(cfg.new_asset.path, "content/{format}/{slug}.md");
	cc_config_release(&cfg);
	assert_int_equal(load_text(&cfg, "new: {path: \"../posts/{year}/{slug}.md\"}\n", &p), 0);
	assert_int_equal(p.n, 0);
	assert_string_equal(cfg.new_asset.path, "../posts/{year}/{slug}.md");
	cc_config_release(&cfg);
	assert_int_equal(load_text(&cfg, "new: {path: null}\n", &p), 0);
	assert_string_equal(cfg.new_asset.path, CC_NEW_PATH_DEFAULT);
	cc_config_release(&cfg);
	cc_problems_release(&p);
}

static void test_relative_path(void **state)
{
	struct cc_config cfg;
	struct cc_problems p = CC_PROBLEMS_INIT;
	char *path = write_file("rel.yml", "topics: security\n");
	char cwd[4096];

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(tmpdir), 0);
	assert_int_equal(cc_config_load(&cfg, "rel.yml", "rel.yml", "", &p), 0);
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(cfg.path[0], '/');
	assert_int_equal(cfg.topics.n, 1);
	assert_string_equal(cfg.topics.v[0].name, "security");
	cc_config_release(&cfg);
	cc_problems_release(&p);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_hash_and_empty),
		cmocka_unit_test(test_dir_and_display_path),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_invalid_yaml),
		cmocka_unit_test(test_several_errors_collected),
		cmocka_unit_test(test_bad_configs),
		cmocka_unit_test(test_failed_section_keeps_default),
		cmocka_unit_test(test_presets),
		cmocka_unit_test(test_vocab),
		cmocka_unit_test(test_strlist_and_fields),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_relative_path),
		cmocka_unit_test(test_new_path),
	};
	return cmocka_run_group_tests_name("config", tests, setup, teardown);
}
