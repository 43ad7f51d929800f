/*
 * render.h — the last stage: results (assets, findings, a matrix, a
 * calendar, rankings) written in every output format, once.
 *
 * Commands build a result with the library and hand it to a renderer; no
 * command formats by hand, so every format is unit-testable and the web
 * server prints exactly what the CLI prints. docs/design.md draws the stage.
 */
#ifndef CC_RENDER_H
#define CC_RENDER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "lifecycle.h"
#include "problem.h"
#include "query.h"

/* Every output format, by name ("text", "line", "json"…). */
enum cc_format {
	CC_FMT_TEXT,
	CC_FMT_LINE,     /* path:line:col: severity: rule: message */
	CC_FMT_JSON,
	CC_FMT_JSONL,    /* one JSON object a line */
	CC_FMT_CSV,      /* RFC 4180, CRLF, formula-guarded cells */
	CC_FMT_MARKDOWN, /* GitHub-flavoured */
	CC_FMT_GITHUB,   /* GitHub Actions workflow commands */
	CC_FMT_SARIF,    /* SARIF 2.1.0 */
	CC_FMT_JUNIT,    /* JUnit XML */
	CC_FMT_ICS,      /* iCalendar, RFC 5545 */
	CC_FMT_HTML,
	CC_FMT_YAML,
	CC_FMT_COUNT
};

/* The format's name as --format takes it. */
const char *cc_format_name(enum cc_format f);
/*
 * Parses name against allowed (CC_FMT_COUNT-terminated) into *out.
 * Returns 0, or -1 when name is none of them (out untouched).
 */
int cc_format_parse(enum cc_format *out, const char *name, const enum cc_format *allowed);

/*
 * A located finding, the one shape lint problems and gap findings are
 * rendered from. Every pointer is borrowed.
 */
struct cc_item {
	const char *rule;     /* lint rule ("invalid-date") or gap kind ("stale") */
	enum cc_severity severity;
	const char *subject;  /* stable key (gaps: "cfo/decision", a week, a path); NULL = the path */
	const char *title;    /* annotation title; NULL = the rule */
	const char *path;     /* repository-relative file; "" or NULL when none */
	int line, col;        /* 1-based; 0 when unknown */
	const char *message;  /* lower case, no full stop */
	json_t *data;         /* details (SARIF properties, JSON data); may be NULL */
};

/* A rule as SARIF's driver lists it, and JUnit's suites group by. */
struct cc_rule_info {
	const char *id;
	const char *title;       /* short description */
	enum cc_severity level;  /* its configured severity */
};

struct cc_findings_doc {
	const char *tool;          /* "lint" or "gaps": suite and report names */
	const char *help_uri;      /* base of each rule's help URI ("…/docs/gaps#"); NULL = none */
	const char *version;       /* contentcal's version, for SARIF */
	const struct cc_item *v;
	size_t n;
	const struct cc_rule_info *rules; /* every rule, in a fixed order; items' rules among them */
	size_t nrules;
	enum cc_severity fail_on;  /* JUnit: items at or above fail */
	bool never_fail;           /* JUnit: nothing fails (--fail-on never) */
};

/*
 * Renderers of findings, appending to out. Each applies its format's
 * character rules with the one escaper of its target (text.h):
 * line — one line per item, terminal-safe (cc_buf_add_safe);
 * github — `::error file=…,line=…,col=…,title=…::message`, escaped
 *   (cc_buf_add_gha: %25 %0D %0A, and %3A %2C in properties), one command a line;
 * sarif — SARIF 2.1.0 through jansson (ASCII-escaped, non-UTF-8 as U+FFFD),
 *   paths as RFC 3986 URI references;
 * junit — one suite per rule, well-formed XML 1.0 (cc_buf_add_xml);
 * markdown — a severity | rule | subject | message table (cc_buf_add_md).
 */
void cc_render_findings_line(struct cc_buf *out, const struct cc_findings_doc *d);
void cc_render_findings_github(struct cc_buf *out, const struct cc_findings_doc *d);
void cc_render_findings_sarif(struct cc_buf *out, const struct cc_findings_doc *d);
void cc_render_findings_junit(struct cc_buf *out, const struct cc_findings_doc *d);
void cc_render_findings_markdown(struct cc_buf *out, const struct cc_findings_doc *d);
/* `lint`'s problems in f: json (an array of path, line, col, severity, rule,
 * message), github, sarif, junit, else one line each (text and line). */
void cc_render_problems(struct cc_buf *out, enum cc_format f, const struct cc_problems *list, enum cc_severity fail_on,
			const char *version);

/*
 * Appends the JSON text of v to out (2-space indent, ASCII only, reals
 * with 10 significant digits, a final newline) and takes v's reference.
 * The one JSON writer: every --format json goes through it.
 */
void cc_render_json(struct cc_buf *out, json_t *v);
/* The same on one line, for JSON Lines. */
void cc_render_jsonl(struct cc_buf *out, json_t *v);

/*
 * The fewest significant digits (15, 16 or 17) with which "%.*g" writes d
 * so that it reads back as the very same double.
 */
int cc_double_digits(double d);
/*
 * Appends d as a JSON number that reads back as the same double (the
 * digits of cc_double_digits, spelt as the JSON writer spells reals: 0.1,
 * 1.0, -0.0, 1e300); null for an infinity or NaN, which JSON lacks. For
 * values that must survive a round trip (`sql`'s results); cc_render_json
 * keeps 10 digits for figures people read.
 */
void cc_buf_add_json_double(struct cc_buf *out, double d);
/*
 * An array of flat objects written one object at a time, for results too
 * large to hold (`sql`): cc_render_json_item() for each object o (first
 * true for the first one; takes o's reference), then
 * cc_render_json_items_end(). The layout is cc_render_json's for the whole
 * array ("[]" when empty); keys and values are written by the same writer,
 * reals exactly (cc_buf_add_json_double). Members must be scalars.
 */
void cc_render_json_item(struct cc_buf *out, json_t *o, bool first);
void cc_render_json_items_end(struct cc_buf *out, bool any);

/* Appends l's values to b, sep between them. */
void cc_buf_add_joined(struct cc_buf *b, const struct cc_strlist *l, const char *sep);

/* ---- a list of assets (list), lc[i] the lifecycle of rows->v[i] ---- */

/* One aligned, terminal-safe line per asset: publish day, status, state, stages, personas, title (path). */
void cc_render_assets_text(struct cc_buf *out, const struct cc_rows *rows, const struct cc_lifecycle *lc);
/* One formula-guarded CSV row per asset, CRLF, with a header. */
void cc_render_assets_csv(struct cc_buf *out, const struct cc_rows *rows, const struct cc_lifecycle *lc);
/* An array of cc_asset_json() objects, or one a line with lines. */
void cc_render_assets_json(struct cc_buf *out, const struct cc_rows *rows, const struct cc_lifecycle *lc,
			   bool lines);

/* ---- a ranking by relevance (relevance.h) ---- */

struct cc_relevance;
struct cc_engagement_source;

struct cc_ranked {
	const struct cc_row *row;
	const struct cc_relevance *rel;
	struct cc_lifecycle lc;
	char *stale; /* why it is stale (cc_lifecycle_why), or NULL; owned by the caller */
	/* --explain: where each figure comes from (cc_engagement_sources); owned by the caller */
	const struct cc_engagement_source *src;
	size_t nsrc;
};

struct cc_ranking_view {
	const struct cc_config *cfg;
	int64_t as_of;
	const struct cc_ranked *v; /* best first */
	size_t from, to, n;        /* v[from..to) of n are shown; ranks count from 1 over all n */
	bool retire;               /* text: say why each is stale */
	bool explain;              /* text: every term */
};

void cc_render_ranking_text(struct cc_buf *out, const struct cc_ranking_view *v);
/* {"as_of", "half_life_days", "min_sample", "group_by", "assets": [asset object + rank, score, …]} */
void cc_render_ranking_json(struct cc_buf *out, const struct cc_ranking_view *v);
void cc_render_ranking_csv(struct cc_buf *out, const struct cc_ranking_view *v);

/* ---- search results (fulltext.h) ---- */

struct cc_search_hits;

/* For an asset not offered to sales, appends a line after indent saying what it
 * is and why ("stale: review-by date … passed …"); nothing for an offered one. */
void cc_render_unoffered(struct cc_buf *out, const struct cc_lifecycle *l, const char *status, const char *indent);

struct cc_search_view {
	const struct cc_config *cfg;
	const char *query;
	const struct cc_search_hits *hits;
	const struct cc_rows *rows; /* the rows of the hits, any order */
	bool explain;
};

/* Numbered results with stages, personas, format, URL, marks and a [highlighted] snippet. */
void cc_render_search_text(struct cc_buf *out, const struct cc_search_view *v);
/* {"query", "total", "left_out_stale", "results": [asset object + rank, score, snippet, explain]} */
void cc_render_search_json(struct cc_buf *out, const struct cc_search_view *v);

/* ---- recommendations ---- */

struct cc_pick {
	const struct cc_row *row;
	const struct cc_relevance *rel; /* NULL without data */
	struct cc_lifecycle lc;
	double fresh, rank;             /* freshness score; the blend ranked by */
};

/* The picks of one stage, best first. */
struct cc_picks {
	const char *stage;
	const struct cc_pick *v;
	size_t n;
	size_t left_out; /* stale or expired assets not shown */
};

struct cc_recommend_view {
	const char *persona, *stage, *topic; /* topic may be NULL */
	const char *next_stage;              /* NULL at the last stage */
	long limit;                          /* picks per list */
	struct cc_picks now, next, near;     /* near: the nearest stage's, when now is empty */
};

void cc_render_recommend_text(struct cc_buf *out, const struct cc_recommend_view *v);
/* {"persona","stage","topic","now","empty","substitute","next_stage","next","left_out_stale"} */
void cc_render_recommend_json(struct cc_buf *out, const struct cc_recommend_view *v);

/* ---- the calendar ---- */

struct cc_entries;
struct cc_quarter;

/* What the calendar renderers print: the entries of rows (gaps.h). Borrowed. */
struct cc_calendar_view {
	const struct cc_config *cfg;
	const struct cc_quarter *quarter;
	int64_t as_of;
	const struct cc_rows *rows;
	const struct cc_entries *entries; /* cc_calendar_entries() of rows */
};

/* Week by week, terminal-safe. */
void cc_render_calendar_text(struct cc_buf *out, const struct cc_calendar_view *v);
/* {"version":1,"as_of":…,"quarter":…,"weeks":[{…,"entries":[asset object + day + kind]}]} */
void cc_render_calendar_json(struct cc_buf *out, const struct cc_calendar_view *v);
/* One row per entry (and per empty week), formula-guarded. */
void cc_render_calendar_csv(struct cc_buf *out, const struct cc_calendar_view *v);
/*
 * An iCalendar feed of publish dates (due dates with deadlines), the
 * quarter's weeks only unless all; name titles the calendar. TEXT values
 * escaped (\ ; , newline), lines folded at 75 octets, CRLF.
 */
void cc_render_calendar_ics(struct cc_buf *out, const struct cc_calendar_view *v, bool deadlines, bool all,
			    const char *name, const char *version);

/* ---- the coverage matrix (gaps.h) ---- */

struct cc_coverage;

/* fresh/live +scheduled per cell, '!' below the minimum; terminal-safe. */
void cc_render_coverage_text(struct cc_buf *out, const struct cc_coverage *m, const struct cc_quarter *q,
			     int64_t as_of);
/* {"version":1,"by":…,"as_of":…,"quarter":…,"min_per_cell":…,"rows":[…],"stages":[…],"cells":[…]} */
void cc_render_coverage_json(struct cc_buf *out, const struct cc_coverage *m, const struct cc_quarter *q,
			     int64_t as_of);
/* One row per cell: by,stage,live,fresh,scheduled,count,min,gap. */
void cc_render_coverage_csv(struct cc_buf *out, const struct cc_coverage *m);

/* A relative path as an RFC 3986 URI reference: unreserved characters and '/' pass, the rest %XX. */
void cc_buf_add_uri_path(struct cc_buf *out, const char *path);

/*
 * The one JSON object for an asset (documented in docs/schema.md), used by
 * list, relevance, search, recommend and calendar: the row's fields plus
 * its lifecycle verdict as of l->as_of ("state", "freshness",
 * "stale_reasons", "offered"). Text that is not valid UTF-8 (a file name
 * can hold any bytes) is kept, with U+FFFD for the bad bytes. A row read
 * lean has "fields": {} and "problems": 0. Returns a new reference.
 */
json_t *cc_asset_json(const struct cc_row *r, const struct cc_lifecycle *l);

/*
 * An intent asset (intent.h) as JSON: {"declared", "measured"} and, with
 * figures, "stage", "next", "lift", "ci" [low, high], "consumed" and
 * "others" (the sample sizes). cc_asset_json adds it as "intent" to rows
 * that carry one.
 */
json_t *cc_intent_json(const struct cc_intent *i);

/*
 * One line for an intent asset, after indent: "intent asset (measured):
 * Qualification -> Proposal +0.75 (95% CI 0.34 to 0.92; 23 consumed, 17
 * not)", or "(declared): no stage measured". Nothing when i is NULL.
 */
void cc_render_intent(struct cc_buf *b, const struct cc_intent *i, const char *indent);

/* ---- demand (activity.h) ---- */

/* The text of cc_demand_compute's document, sanitised for a terminal. */
void cc_render_demand_text(struct cc_buf *out, const json_t *doc);

/* ---- imports (engagement.h, crm.h) ---- */

struct cc_ingest_stats;
struct cc_crm_stats;
/* `ingest`'s summary of one file, as text (sanitised) or JSON. */
void cc_render_ingest(struct cc_buf *out, enum cc_format f, const char *file, const struct cc_ingest_stats *st);
/* `ingest --ratings`'s summary: ratings stored, or bad rows and nothing stored. */
void cc_render_ratings(struct cc_buf *out, enum cc_format f, const char *file, bool stored, size_t ratings,
		       size_t bad);
/* `crm import`'s summary of one file: a new JSON object, or a text line (sanitised). */
json_t *cc_crm_stats_json(const char *file, const struct cc_crm_stats *st);
void cc_render_crm_text(struct cc_buf *out, const char *file, const struct cc_crm_stats *st);

#endif
