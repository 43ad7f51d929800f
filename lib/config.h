/*
 * config.h — contentcal.yml: vocabulary, field mapping and report rules.
 *
 * The config is found in the working directory or a parent, up to the
 * repository root (cc_config_find). Paths and globs in it are relative to
 * its directory. Every key is validated: an unknown key is a warning, a
 * malformed value an error, both located (file:line:col). Without a config
 * file, cc_config_defaults() gives a usable configuration.
 *
 * Rules emitted: "unknown-config-key" (warning, with a "did you mean"
 * suggestion when one is close), "invalid-config" (error; also used when
 * the file cannot be read), and from cc_yaml_load() "invalid-yaml" and
 * "duplicate-key". A key whose value is null counts as absent: its default
 * stays. Where a list of strings is expected, a single string is a list of
 * one; for `stages` a single string is a preset name instead.
 */
#ifndef CC_CONFIG_H
#define CC_CONFIG_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include "problem.h"
#include "yaml.h"

/* A controlled vocabulary: ordered terms with aliases. */
struct cc_term {
	char *name;     /* canonical, normalised */
	char **aliases; /* normalised */
	size_t naliases;
};

struct cc_vocab {
	struct cc_term *v;
	size_t n, alloc;
	json_t *index; /* clean name or alias → term index (first wins); kept by
			* cc_vocab_add and cc_vocab_add_alias, NULL when empty */
};

/* Front-matter fields contentcal interprets; each maps to candidate keys. */
enum cc_field {
	CC_F_TITLE,
	CC_F_SUMMARY,
	CC_F_SLUG,
	CC_F_DATE,    /* publish date */
	CC_F_STATUS,
	CC_F_FORMAT,
	CC_F_PERSONA,
	CC_F_STAGE,
	CC_F_TOPIC,
	CC_F_AUTHOR,
	CC_F_DUE,     /* planned / due date */
	CC_F_REVIEW,  /* review-by date */
	CC_F_EXPIRES,
	CC_F_REVISED, /* last revision of the content (Hugo lastmod) */
	CC_F_OWNER,   /* who is responsible for the asset; distinct from its authors */
	CC_F_COUNT
};

/* Where `new` writes when the config does not say (new.path). */
#define CC_NEW_PATH_DEFAULT "content/{format}/{slug}.md"

struct cc_strlist {
	char **v;
	size_t n, alloc;
};

/* A configured level for a lint rule or gap kind: a severity, or off. */
#define CC_LEVEL_OFF (-1)
#define CC_LEVEL_UNSET (-2)

struct cc_rule_level {
	char *rule;
	int level; /* CC_SEV_* or CC_LEVEL_OFF */
};

struct cc_rule_levels {
	struct cc_rule_level *v;
	size_t n;
};

/* overrides: settings for the assets whose paths match. */
struct cc_override {
	struct cc_strlist paths;     /* globs, relative to the config directory */
	struct cc_rule_levels rules; /* lint rule levels */
	int overdue, stale;          /* gap levels: CC_SEV_*, CC_LEVEL_OFF or CC_LEVEL_UNSET */
};

/* One person's weekly capacity (calendar.capacity_per_week as a mapping). */
struct cc_capacity {
	char *person; /* as written in front matter (compared case-insensitively) */
	int per_week; /* assets per week; 0 = no limit */
};

struct cc_weight {
	char *metric;
	double weight;
};

/* Default engagement.max_bytes: 1 GiB. */
#define CC_INGEST_MAX_BYTES ((uint64_t)1 << 30)

struct cc_config {
	char *path;     /* absolute path of the file, or NULL for defaults */
	char *dir;      /* directory globs are relative to, relative to the repo root ("" = root) */
	char hash[41];  /* git blob id (hex) of the file bytes; "" for defaults */
	json_t *raw;    /* the whole parsed document (object); owned */
	struct cc_locs locs;

	struct cc_strlist content; /* globs, relative to dir */
	struct cc_strlist exclude; /* globs, relative to dir */
	struct cc_vocab stages;    /* ordered: first is top of funnel */
	struct cc_vocab personas;  /* empty = any value accepted */
	struct cc_vocab topics;    /* empty = any value accepted */
	struct cc_vocab formats;   /* empty = any value accepted */
	struct cc_strlist statuses; /* workflow order */
	struct cc_strlist required; /* field names (persona, stage, …) an asset must have */
	struct cc_strlist fields[CC_F_COUNT]; /* candidate front-matter keys per field */
	char *url;                 /* pattern with {slug}, {path}, {format}, {stem}, {section}, {lang},
				    * {year}, {month}, {day}; NULL = none */
	struct cc_strlist locales; /* languages (first = source); empty = detected from the layout (slugs.h) */
	struct {
		/* where `new` writes, relative to dir: {format}, {slug}, {date},
		 * {year}, {month}, {stage}, {persona}, {topic}; default
		 * "content/{format}/{slug}.md" */
		char *path;
	} new_asset;

	struct {
		int fiscal_year_start;    /* month 1–12; default 1 */
		int week_start;           /* 0 = Monday … 6 = Sunday; default 0 */
		int cadence_per_week;     /* default 1 */
		int topic_rotation_weeks; /* default 6 */
		int horizon_weeks;        /* upcoming weeks whose cadence must be scheduled; default 4 */
		int capacity_per_week;    /* assets one person can have going out or due in a week; 0 = no limit (default) */
		struct cc_capacity *capacity; /* per-person overrides of capacity_per_week */
		size_t ncapacity;
	} calendar;
	struct {
		int min_per_cell;   /* default 1 */
		int fresh_days;     /* default 365 */
		bool by_topic;      /* also check topic × stage; default false */
		enum cc_severity cell_severity;     /* default error */
		enum cc_severity cadence_severity;  /* default warning */
		enum cc_severity rotation_severity; /* default warning */
		enum cc_severity overdue_severity;  /* default warning */
		enum cc_severity stale_severity;    /* default warning */
		enum cc_severity vocabulary_severity; /* default warning */
		enum cc_severity demand_severity;     /* default warning */
	} coverage;
	struct {
		/* gaps' demand kind (from serve's activity file): a search or an
		 * empty persona x stage cell asked for at least min_searches times
		 * in the window_days up to the as-of day, with fewer than
		 * weak_results results; min_searches 0 (default) turns it off */
		int min_searches;
		int window_days;  /* default 30 */
		int weak_results; /* default 3 */
	} demand;
	struct {
		double half_life_days; /* default 90 */
		int min_sample;        /* default 5 */
		char *group_by;        /* "stage" or "stage,format"; default "stage" */
		struct cc_weight *weights; /* default views 1, downloads 5, conversions 25 */
		size_t nweights;
		struct cc_strlist columns_date, columns_asset, columns_metric, columns_value; /* CSV header names */
		uint64_t max_bytes; /* largest file `ingest` reads, in bytes; default CC_INGEST_MAX_BYTES */
		struct cc_strlist files; /* committed exports (globs relative to dir), read by index */
		bool columns_configured; /* engagement.columns given: they win over export presets */
		int64_t earliest;      /* first day data may have (days since the epoch); default 1995-01-01 */
		int future_days;       /* days after today data may have (warned); default 366 */
	} engagement;
	struct {
		int lookback_days;       /* touches counted before an opportunity; default 365 */
		double half_life_days;   /* time-decay model; default 7 */
		int progression_days;    /* stage progression window N; default 90 */
		int min_sample;          /* least accounts on each side for an intent verdict; default 5 */
		double relevance_weight; /* weight of influenced pipeline in relevance; default 0 (off) */
		int model;               /* the model relevance and the report use (enum cc_model); default w-shaped */
		bool has_custom;         /* influence.weights given: the custom model exists */
		double custom[5];        /* first, lead, opportunity, won, between (any scale) */
		struct cc_strlist campaign_ids, campaign_assets; /* campaigns → asset names, paired */
	} influence;
	struct {
		struct cc_rule_levels rules; /* lint.rules: RULE -> level */
	} lint;
	struct cc_override *overrides; /* in file order: a later match wins */
	size_t noverrides;
	struct {
		double similarity; /* near-duplicate threshold, shingle Jaccard 0-1; default 0.7 */
		int min_words;     /* below this, a published asset with no engagement in the window is trivial; default 300 */
		int window_days;   /* the engagement window for trivial; default 90 */
	} audit;
	struct {
		double w_text, w_relevance, w_fresh; /* search blend; defaults 1, 0.3, 0.2 */
		bool full_text;                      /* always maintain FTS; default false */
	} search;
	struct {
		/* UTM parameters of the share links `serve` hands out; defaults
		 * "contentcal", "sales", "sales-library" */
		char *utm_source, *utm_medium, *utm_campaign;
		/* KEY=VALUE tests on the front matter that mark an asset internal
		 * only (no share link); default ["external=false"] */
		struct cc_strlist internal;
	} serve;
};

/* Fills cfg with the defaults (hubspot stages, default workflow and fields). */
void cc_config_defaults(struct cc_config *cfg);

/*
 * Loads the file at path (absolute or relative to the cwd). dir is the
 * config directory relative to the repository root. Returns 0 on success
 * (warnings may have been added to problems), or -1 when the file cannot
 * be read or has errors: every error is in problems with file:line:col
 * (the problem path is `display_path`, or path when that is NULL) and
 * cc_error() holds a summary. cfg is overwritten, not released first: pass
 * an uninitialised, zeroed or released config. It is always valid to
 * release afterwards; after a failure it holds the defaults plus whatever
 * sections were valid, so callers should not use it.
 */
int cc_config_load(struct cc_config *cfg, const char *path, const char *display_path,
		   const char *dir, struct cc_problems *problems);

/*
 * Looks for contentcal.yml (then .contentcal.yml) in start_dir and its
 * parents up to and including repo_root (both absolute). Returns a newly
 * allocated absolute path, or NULL when there is none.
 */
char *cc_config_find(const char *start_dir, const char *repo_root);

void cc_config_release(struct cc_config *cfg);

/* The stage presets: "hubspot", "funnel", "gartner". -1 when unknown. */
int cc_config_stage_preset(struct cc_vocab *out, const char *name);

/*
 * Normalises a vocabulary value: trims, lower-cases ASCII, turns runs of
 * spaces and underscores into '-'. Returns a new string.
 */
char *cc_vocab_clean(const char *value);
/*
 * Maps value to its canonical term: returns the term's index and sets
 * *canon to the canonical name (borrowed), or returns -1 when the value is
 * not in the vocabulary (then *canon is NULL). An empty vocabulary accepts
 * nothing; callers decide what an empty vocabulary means.
 */
int cc_vocab_lookup(const struct cc_vocab *vocab, const char *value, const char **canon);
/*
 * The known name (or alias' term) closest to value by edit distance, or
 * NULL if none is close. value is cleaned first. Close means within
 * max(2, len/3) edits (len of the cleaned value) and fewer edits than the
 * longer word's length, or one word a prefix of the other with the shorter
 * at least 3 bytes. Ties go to the earlier term. Borrowed from vocab.
 */
const char *cc_vocab_nearest(const struct cc_vocab *vocab, const char *value);
/*
 * What to say after "unknown stage 'x'": "; did you mean 'y'? (valid: …)"
 * when a term is close (cc_vocab_nearest), else "; valid: …", the valid
 * names nearest first (by edit distance to the name or an alias; ties in
 * vocabulary order), at most ten, then "and N more". "" for an empty
 * vocabulary. Returns a new string.
 */
char *cc_vocab_suggest(const struct cc_vocab *vocab, const char *value);
/* Appends a term (name cleaned with cc_vocab_clean); does not check duplicates. */
void cc_vocab_add(struct cc_vocab *vocab, const char *name);
/* Adds an alias (cleaned) to the last term added; no-op on an empty vocabulary. */
void cc_vocab_add_alias(struct cc_vocab *vocab, const char *alias);
void cc_vocab_release(struct cc_vocab *vocab);

void cc_strlist_add(struct cc_strlist *l, const char *s);
void cc_strlist_clear(struct cc_strlist *l);
bool cc_strlist_has(const struct cc_strlist *l, const char *s);

/* Looks up a dotted key's location in the config file; NULL when unknown. */
const struct cc_loc *cc_config_loc(const struct cc_config *cfg, const char *key);

/* The weekly capacity of person: their entry in calendar.capacity_per_week,
 * else its default; 0 means no limit. */
int cc_config_capacity(const struct cc_config *cfg, const char *person);

/* "title", "summary", … "expires", "owner"; NULL when f is out of range. */
const char *cc_field_name(enum cc_field f);
/* The field named name (as cc_field_name spells it), or -1. */
int cc_field_parse(const char *name);

/* The placeholders new.path may use (lib/template.h {name}; cmd/new.c gives each a value). */
extern const char *const cc_new_path_placeholders[];

#endif
