/*
 * config.c — contentcal.yml: defaults, loading, validation, vocabularies
 * (see config.h).
 *
 * The file is read with cc_yaml_load() into a json_t tree plus key
 * locations; every section is then checked against what it may hold. An
 * unknown key is a warning ("unknown-config-key"); a value of the wrong
 * type or out of range is an error ("invalid-config"). Both point at the
 * key (or sequence element) in the file. A key given as null counts as not
 * given: the default stays.
 */
#include "config.h"
#include "glob.h"
#include "influence.h"
#include "lintconf.h"
#include "buf.h"
#include "date.h"
#include "template.h"

#include <errno.h>
#include <mbedtls/sha1.h>
#include <mbedtls/version.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* ---- string lists ---- */

void cc_strlist_add(struct cc_strlist *l, const char *s)
{
	CC_GROW(l->v, l->alloc, l->n + 1);
	l->v[l->n++] = cc_xstrdup(s);
}

void cc_strlist_clear(struct cc_strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->alloc = 0;
}

bool cc_strlist_has(const struct cc_strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return true;
	return false;
}

static void strlist_set(struct cc_strlist *l, const char *const *v)
{
	cc_strlist_clear(l);
	for (; *v; v++)
		cc_strlist_add(l, *v);
}

/* Moves src into dst (whose old contents are freed); src is left empty. */
static void strlist_move(struct cc_strlist *dst, struct cc_strlist *src)
{
	cc_strlist_clear(dst);
	*dst = *src;
	memset(src, 0, sizeof(*src));
}

/* ---- vocabularies ---- */

char *cc_vocab_clean(const char *value)
{
	struct cc_buf b = CC_BUF_INIT;
	const char *s = value, *e;
	int sep = 0;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '_')
		s++;
	e = s + strlen(s);
	while (e > s &&
	       (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r' || e[-1] == '_'))
		e--;
	for (; s < e; s++) {
		char c = *s;
		if (c == ' ' || c == '\t' || c == '_' || c == '\n' || c == '\r') {
			sep = 1;
			continue;
		}
		if (sep)
			cc_buf_addch(&b, '-');
		sep = 0;
		cc_buf_addch(&b, c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	return cc_buf_detach(&b, NULL);
}

/*
 * Records word → term i in the hash index, unless the word is already
 * there: a lookup must answer the first term that has it, as a scan would.
 */
static void vocab_index(struct cc_vocab *vocab, const char *word, size_t i)
{
	if (!vocab->index)
		vocab->index = json_object();
	/* nocheck: a word that is not valid UTF-8 is a key all the same */
	if (!json_object_get(vocab->index, word))
		json_object_set_new_nocheck(vocab->index, word, json_integer((json_int_t)i));
}

void cc_vocab_add(struct cc_vocab *vocab, const char *name)
{
	struct cc_term *t;
	CC_GROW(vocab->v, vocab->alloc, vocab->n + 1);
	t = &vocab->v[vocab->n++];
	t->name = cc_vocab_clean(name);
	t->aliases = NULL;
	t->naliases = 0;
	vocab_index(vocab, t->name, vocab->n - 1);
}

void cc_vocab_add_alias(struct cc_vocab *vocab, const char *alias)
{
	struct cc_term *t;

	if (!vocab->n)
		return;
	t = &vocab->v[vocab->n - 1];
	t->aliases = cc_xrealloc(t->aliases, (t->naliases + 1) * sizeof(*t->aliases));
	t->aliases[t->naliases++] = cc_vocab_clean(alias);
	vocab_index(vocab, t->aliases[t->naliases - 1], vocab->n - 1);
}

void cc_vocab_release(struct cc_vocab *vocab)
{
	for (size_t i = 0; i < vocab->n; i++) {
		free(vocab->v[i].name);
		for (size_t j = 0; j < vocab->v[i].naliases; j++)
			free(vocab->v[i].aliases[j]);
		free(vocab->v[i].aliases);
	}
	free(vocab->v);
	json_decref(vocab->index);
	memset(vocab, 0, sizeof(*vocab));
}

static void vocab_move(struct cc_vocab *dst, struct cc_vocab *src)
{
	cc_vocab_release(dst);
	*dst = *src;
	memset(src, 0, sizeof(*src));
}

/* Index of the term whose name or alias is the clean value c, or -1. */
static int vocab_find(const struct cc_vocab *vocab, const char *c)
{
	if (vocab->index) {
		json_t *i = json_object_get(vocab->index, c);
		return i ? (int)json_integer_value(i) : -1;
	}
	for (size_t i = 0; i < vocab->n; i++) {
		if (!strcmp(vocab->v[i].name, c))
			return (int)i;
		for (size_t j = 0; j < vocab->v[i].naliases; j++)
			if (!strcmp(vocab->v[i].aliases[j], c))
				return (int)i;
	}
	return -1;
}

int cc_vocab_lookup(const struct cc_vocab *vocab, const char *value, const char **canon)
{
	char *c = cc_vocab_clean(value);
	int i = *c ? vocab_find(vocab, c) : -1;
	free(c);
	*canon = i >= 0 ? vocab->v[i].name : NULL;
	return i;
}

#define CC_SUGGEST_MAX_LEN 64 /* bytes: longer words get no edit-distance suggestion */

/* Levenshtein distance between a and b (bytes). */
static size_t edit_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	size_t *row = cc_xmalloc((m + 1) * sizeof(*row));
	size_t d;

	for (size_t j = 0; j <= m; j++)
		row[j] = j;
	for (size_t i = 1; i <= n; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= m; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	d = row[m];
	free(row);
	return d;
}

/*
 * How close value (clean) is to a known word: the edit distance when it is
 * close enough to suggest, else SIZE_MAX. Close enough: within
 * max(2, len/3) edits and fewer edits than the longer word has bytes, or
 * one is a prefix of the other and the shorter has at least 3 bytes.
 */
static size_t closeness(const char *value, const char *word)
{
	size_t lv = strlen(value), lw = strlen(word);
	size_t limit = lv / 3 > 2 ? lv / 3 : 2;
	size_t shorter = lv < lw ? lv : lw;
	size_t gap = lv > lw ? lv - lw : lw - lv;
	int prefix = shorter >= 3 && !strncmp(value, word, shorter);

	/* The distance is at least the length gap (and exactly that for a
	 * prefix): skip the quadratic work when the answer is already known,
	 * so a megabyte-long front-matter value costs nothing. */
	if (gap > limit)
		return prefix ? gap : SIZE_MAX;
	/* Edit distance is quadratic in the lengths: long words are matched by
	 * prefix only (nobody mistypes a 100-byte tag into another one). */
	if (lv > CC_SUGGEST_MAX_LEN || lw > CC_SUGGEST_MAX_LEN)
		return prefix ? gap : SIZE_MAX;
	size_t d = edit_distance(value, word);
	if (d <= limit && d < (lv > lw ? lv : lw))
		return d;
	if (prefix)
		return d;
	return SIZE_MAX;
}

const char *cc_vocab_nearest(const struct cc_vocab *vocab, const char *value)
{
	char *c = cc_vocab_clean(value);
	const char *best = NULL;
	size_t bestd = SIZE_MAX;

	if (!*c)
		goto done;
	for (size_t i = 0; i < vocab->n; i++) {
		size_t d = closeness(c, vocab->v[i].name);
		for (size_t j = 0; j < vocab->v[i].naliases; j++) {
			size_t da = closeness(c, vocab->v[i].aliases[j]);
			if (da < d)
				d = da;
		}
		if (d < bestd) {
			bestd = d;
			best = vocab->v[i].name;
		}
	}
done:
	free(c);
	return best;
}

struct ranked {
	size_t d, i;
};

static int ranked_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->d != y->d)
		return x->d < y->d ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

char *cc_vocab_suggest(const struct cc_vocab *vocab, const char *value)
{
	struct cc_buf b = CC_BUF_INIT;
	if (!vocab->n)
		return cc_buf_detach(&b, NULL);
	char *c = cc_vocab_clean(value);
	size_t lc = strlen(c);
	struct ranked *r = cc_xcalloc(vocab->n, sizeof(*r));
	for (size_t i = 0; i < vocab->n; i++) {
		const char *w = vocab->v[i].name;
		size_t lw = strlen(w);
		/* A long value is far from every word: its length gap ranks it,
		 * without quadratic work. */
		r[i].d = lc > 256 ? (lc > lw ? lc - lw : lw - lc) : edit_distance(c, w);
		for (size_t j = 0; lc <= 256 && j < vocab->v[i].naliases; j++) {
			size_t da = edit_distance(c, vocab->v[i].aliases[j]);
			if (da < r[i].d)
				r[i].d = da;
		}
		r[i].i = i;
	}
	qsort(r, vocab->n, sizeof(*r), ranked_cmp);
	const char *near = cc_vocab_nearest(vocab, value);
	if (near)
		cc_buf_addf(&b, "; did you mean '%s'? (valid: ", near);
	else
		cc_buf_adds(&b, "; valid: ");
	size_t shown = vocab->n > 10 ? 10 : vocab->n;
	for (size_t i = 0; i < shown; i++)
		cc_buf_addf(&b, "%s%s", i ? ", " : "", vocab->v[r[i].i].name);
	if (vocab->n > shown)
		cc_buf_addf(&b, ", and %zu more", vocab->n - shown);
	if (near)
		cc_buf_addch(&b, ')');
	free(r);
	free(c);
	return cc_buf_detach(&b, NULL);
}

/* ---- presets and names ---- */

struct preset_term {
	const char *name;
	const char *aliases[3];
};

static const struct preset_term hubspot[] = {
	{"awareness", {"tofu", "top", NULL}},
	{"consideration", {"mofu", "middle", NULL}},
	{"decision", {"bofu", "bottom", NULL}},
	{NULL, {NULL}},
};

static const struct preset_term funnel[] = {
	{"top", {"tofu", NULL}},
	{"middle", {"mofu", NULL}},
	{"bottom", {"bofu", NULL}},
	{NULL, {NULL}},
};

static const struct preset_term gartner[] = {
	{"problem-identification", {NULL}},
	{"solution-exploration", {NULL}},
	{"requirements-building", {NULL}},
	{"supplier-selection", {NULL}},
	{"validation", {NULL}},
	{"consensus-creation", {NULL}},
	{NULL, {NULL}},
};

static const struct {
	const char *name;
	const struct preset_term *terms;
} presets[] = {
	{"hubspot", hubspot},
	{"funnel", funnel},
	{"gartner", gartner},
};

int cc_config_stage_preset(struct cc_vocab *out, const char *name)
{
	char *c = cc_vocab_clean(name);
	int ret = -1;

	for (size_t i = 0; i < sizeof(presets) / sizeof(presets[0]); i++) {
		if (strcmp(presets[i].name, c))
			continue;
		cc_vocab_release(out);
		for (const struct preset_term *t = presets[i].terms; t->name; t++) {
			cc_vocab_add(out, t->name);
			for (size_t j = 0; t->aliases[j]; j++)
				cc_vocab_add_alias(out, t->aliases[j]);
		}
		ret = 0;
		break;
	}
	free(c);
	return ret;
}

static const char *const field_names[CC_F_COUNT + 1] = {
	"title", "summary", "slug",   "date", "status", "format",  "persona",
	"stage", "topic",   "author", "due",  "review", "expires", "revised", "owner", NULL,
};

/* Keys `fields` accepts besides the field names: "authors" is "author". */
static const char *const field_keys[] = {
	"title", "summary", "slug",   "date", "status", "format",  "persona", "stage",
	"topic", "author",  "due",    "review", "expires", "revised", "owner", "authors", NULL,
};

const char *cc_field_name(enum cc_field f)
{
	return (unsigned)f < CC_F_COUNT ? field_names[f] : NULL;
}

int cc_field_parse(const char *name)
{
	for (int i = 0; i < CC_F_COUNT; i++)
		if (!strcmp(field_names[i], name))
			return i;
	return -1;
}

static const char *const default_fields[CC_F_COUNT][6] = {
	[CC_F_TITLE] = {"title", NULL},
	[CC_F_SUMMARY] = {"summary", "description", NULL},
	[CC_F_SLUG] = {"slug", NULL},
	[CC_F_DATE] = {"date", "publishDate", "publish_date", "pubDate", NULL},
	[CC_F_STATUS] = {"status", NULL},
	[CC_F_FORMAT] = {"format", "type", "content_type", NULL},
	[CC_F_PERSONA] = {"persona", "personas", "audience", NULL},
	[CC_F_STAGE] = {"stage", "stages", "funnel", "buying_stage", NULL},
	[CC_F_TOPIC] = {"topic", "topics", NULL},
	[CC_F_AUTHOR] = {"authors", "author", NULL},
	[CC_F_DUE] = {"due", "planned", "due_date", NULL},
	[CC_F_REVIEW] = {"review_by", "review", "reviewBy", NULL},
	[CC_F_EXPIRES] = {"expires", "expiryDate", "expiry_date", NULL},
	[CC_F_REVISED] = {"lastmod", "updated", "last_modified", "modified", NULL},
	[CC_F_OWNER] = {"owner", NULL},
};

static const char *const default_content[] = {"**/*.md", "**/*.mdx", NULL};
static const char *const default_statuses[] = {"idea",      "draft",     "review",   "approved",
					       "scheduled", "published", "archived", NULL};
static const char *const default_required[] = {"persona", "stage", NULL};
static const char *const default_col_date[] = {"date", "day", NULL};
static const char *const default_col_asset[] = {"asset", "slug", "page", "url", "path", NULL};
static const char *const default_col_metric[] = {"metric", NULL};
static const char *const default_col_value[] = {"value", NULL};

static const char *const weekdays[] = {"monday", "tuesday",  "wednesday", "thursday",
				       "friday", "saturday", "sunday",    NULL};

/* ---- lifetime ---- */

static void capacity_release(struct cc_config *cfg);

static void weights_release(struct cc_config *cfg)
{
	for (size_t i = 0; i < cfg->engagement.nweights; i++)
		free(cfg->engagement.weights[i].metric);
	free(cfg->engagement.weights);
	cfg->engagement.weights = NULL;
	cfg->engagement.nweights = 0;
}

static void weights_add(struct cc_weight **v, size_t *n, const char *metric, double w)
{
	*v = cc_xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[*n].metric = cc_xstrdup(metric);
	(*v)[*n].weight = w;
	(*n)++;
}

void cc_config_defaults(struct cc_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->dir = cc_xstrdup("");
	cfg->raw = json_object();
	strlist_set(&cfg->content, default_content);
	cc_config_stage_preset(&cfg->stages, "hubspot");
	strlist_set(&cfg->statuses, default_statuses);
	strlist_set(&cfg->required, default_required);
	for (int f = 0; f < CC_F_COUNT; f++)
		strlist_set(&cfg->fields[f], default_fields[f]);

	cfg->calendar.fiscal_year_start = 1;
	cfg->calendar.week_start = 0;
	cfg->calendar.cadence_per_week = 1;
	cfg->calendar.topic_rotation_weeks = 6;
	cfg->calendar.horizon_weeks = 4;

	cfg->coverage.min_per_cell = 1;
	cfg->coverage.fresh_days = 365;
	cfg->coverage.by_topic = false;
	cfg->coverage.cell_severity = CC_SEV_ERROR;
	cfg->coverage.cadence_severity = CC_SEV_WARNING;
	cfg->coverage.rotation_severity = CC_SEV_WARNING;
	cfg->coverage.overdue_severity = CC_SEV_WARNING;
	cfg->coverage.stale_severity = CC_SEV_WARNING;
	cfg->coverage.vocabulary_severity = CC_SEV_WARNING;
	cfg->coverage.demand_severity = CC_SEV_WARNING;
	cfg->demand.min_searches = 0;
	cfg->demand.window_days = 30;
	cfg->demand.weak_results = 3;

	cfg->engagement.half_life_days = 90;
	cfg->engagement.min_sample = 5;
	cfg->engagement.max_bytes = CC_INGEST_MAX_BYTES;
	cfg->engagement.earliest = cc_days_from_civil(1995, 1, 1);
	cfg->engagement.future_days = 366;
	cfg->engagement.group_by = cc_xstrdup("stage");
	weights_add(&cfg->engagement.weights, &cfg->engagement.nweights, "views", 1);
	weights_add(&cfg->engagement.weights, &cfg->engagement.nweights, "downloads", 5);
	weights_add(&cfg->engagement.weights, &cfg->engagement.nweights, "conversions", 25);
	strlist_set(&cfg->engagement.columns_date, default_col_date);
	strlist_set(&cfg->engagement.columns_asset, default_col_asset);
	strlist_set(&cfg->engagement.columns_metric, default_col_metric);
	strlist_set(&cfg->engagement.columns_value, default_col_value);

	cfg->influence.lookback_days = 365;
	cfg->influence.half_life_days = 7;
	cfg->influence.progression_days = 90;
	cfg->influence.min_sample = 5;
	cfg->influence.model = CC_MODEL_W;
	cfg->audit.similarity = 0.7;
	cfg->audit.min_words = 300;
	cfg->audit.window_days = 90;

	cfg->search.w_text = 1.0;
	cfg->search.w_relevance = 0.3;
	cfg->search.w_fresh = 0.2;
	cfg->search.full_text = false;

	cfg->new_asset.path = cc_xstrdup(CC_NEW_PATH_DEFAULT);

	cfg->serve.utm_source = cc_xstrdup("contentcal");
	cfg->serve.utm_medium = cc_xstrdup("sales");
	cfg->serve.utm_campaign = cc_xstrdup("sales-library");
	cc_strlist_add(&cfg->serve.internal, "external=false");
}

static void rule_levels_release(struct cc_rule_levels *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].rule);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void cc_config_release(struct cc_config *cfg)
{
	if (!cfg)
		return;
	cc_strlist_clear(&cfg->locales);
	for (size_t i = 0; i < cfg->noverrides; i++) {
		cc_strlist_clear(&cfg->overrides[i].paths);
		rule_levels_release(&cfg->overrides[i].rules);
	}
	free(cfg->overrides);
	rule_levels_release(&cfg->lint.rules);
	free(cfg->path);
	free(cfg->dir);
	json_decref(cfg->raw);
	cc_locs_release(&cfg->locs);
	cc_strlist_clear(&cfg->content);
	cc_strlist_clear(&cfg->exclude);
	cc_vocab_release(&cfg->stages);
	cc_vocab_release(&cfg->personas);
	cc_vocab_release(&cfg->topics);
	cc_vocab_release(&cfg->formats);
	cc_strlist_clear(&cfg->statuses);
	cc_strlist_clear(&cfg->required);
	for (int f = 0; f < CC_F_COUNT; f++)
		cc_strlist_clear(&cfg->fields[f]);
	free(cfg->url);
	capacity_release(cfg);
	free(cfg->new_asset.path);
	free(cfg->engagement.group_by);
	weights_release(cfg);
	cc_strlist_clear(&cfg->engagement.columns_date);
	cc_strlist_clear(&cfg->engagement.columns_asset);
	cc_strlist_clear(&cfg->engagement.columns_metric);
	cc_strlist_clear(&cfg->engagement.columns_value);
	cc_strlist_clear(&cfg->influence.campaign_ids);
	cc_strlist_clear(&cfg->influence.campaign_assets);
	cc_strlist_clear(&cfg->engagement.files);
	free(cfg->serve.utm_source);
	free(cfg->serve.utm_medium);
	free(cfg->serve.utm_campaign);
	cc_strlist_clear(&cfg->serve.internal);
	memset(cfg, 0, sizeof(*cfg));
}

const struct cc_loc *cc_config_loc(const struct cc_config *cfg, const char *key)
{
	return cc_locs_find(&cfg->locs, key);
}

/* ---- validation ---- */

struct loader {
	struct cc_config *cfg;
	const char *path; /* display path for problems */
	struct cc_problems *problems;
	int errors;
};

/* The location of key, or of its nearest located parent; 0:0 when none. */
static void locate(struct loader *ld, const char *key, int *line, int *col)
{
	char *k = cc_xstrdup(key);
	const struct cc_loc *loc = NULL;
	char *dot;

	while (!(loc = cc_locs_find(&ld->cfg->locs, k)) && (dot = strrchr(k, '.')))
		*dot = '\0';
	*line = loc ? loc->line : 0;
	*col = loc ? loc->col : 0;
	free(k);
}

__attribute__((format(printf, 3, 4))) static int invalid(struct loader *ld, const char *key,
							 const char *fmt, ...)
{
	struct cc_buf msg = CC_BUF_INIT;
	va_list ap;
	int line, col;

	va_start(ap, fmt);
	cc_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	locate(ld, key, &line, &col);
	cc_problems_add(ld->problems, ld->path, line, col, CC_SEV_ERROR, "invalid-config", "%s",
			msg.buf);
	cc_buf_release(&msg);
	ld->errors++;
	return -1;
}

/* Warns about an unknown key, suggesting the closest known one. */
static void unknown_key(struct loader *ld, const char *key, const char *name,
			const char *const *known)
{
	const char *best = NULL;
	size_t bestd = SIZE_MAX;
	int line, col;

	for (; *known; known++) {
		size_t d = closeness(name, *known);
		if (d < bestd) {
			bestd = d;
			best = *known;
		}
	}
	locate(ld, key, &line, &col);
	if (best)
		cc_problems_add(ld->problems, ld->path, line, col, CC_SEV_WARNING,
				"unknown-config-key", "unknown key '%s' (did you mean '%s'?)", key,
				best);
	else
		cc_problems_add(ld->problems, ld->path, line, col, CC_SEV_WARNING,
				"unknown-config-key", "unknown key '%s'", key);
}

static int is_known(const char *name, const char *const *known)
{
	for (; *known; known++)
		if (!strcmp(name, *known))
			return 1;
	return 0;
}

static char *subkey(const char *parent, const char *name)
{
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_addf(&b, "%s%s%s", parent, *parent ? "." : "", name);
	return cc_buf_detach(&b, NULL);
}

static char *elemkey(const char *parent, size_t i)
{
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_addf(&b, "%s.%zu", parent, i);
	return cc_buf_detach(&b, NULL);
}

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "a mapping";
	case JSON_ARRAY:
		return "a list";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	default:
		return "null";
	}
}

/* Checks that a section is a mapping and warns about keys not in known. */
static int check_section(struct loader *ld, const char *key, const json_t *v,
			 const char *const *known)
{
	const char *name;
	json_t *item;

	if (!json_is_object(v))
		return invalid(ld, key, "'%s' must be a mapping, not %s", key, type_name(v));
	json_object_foreach((json_t *)v, name, item)
	{
		if (!is_known(name, known)) {
			char *k = subkey(key, name);
			unknown_key(ld, k, name, known);
			free(k);
		}
	}
	return 0;
}

static int get_int(struct loader *ld, const char *key, const json_t *v, long min, long max,
		   const char *what, int *out)
{
	json_int_t n;
	if (!json_is_integer(v))
		return invalid(ld, key, "'%s' must be %s, not %s", key, what, type_name(v));
	n = json_integer_value(v);
	if (n < min || n > max)
		return invalid(ld, key, "'%s' must be %s, not %lld", key, what, (long long)n);
	*out = (int)n;
	return 0;
}

/* A number (integer or real) at least min, or above min when strict. */
static int get_number(struct loader *ld, const char *key, const json_t *v, double min, int strict,
		      const char *what, double *out)
{
	double d;
	if (!json_is_number(v))
		return invalid(ld, key, "'%s' must be %s, not %s", key, what, type_name(v));
	d = json_number_value(v);
	if (d != d || d < min || (strict && d == min) || d > 1e15)
		return invalid(ld, key, "'%s' must be %s, not %g", key, what, d);
	*out = d;
	return 0;
}

static int get_bool(struct loader *ld, const char *key, const json_t *v, bool *out)
{
	if (!json_is_boolean(v))
		return invalid(ld, key, "'%s' must be true or false, not %s", key, type_name(v));
	*out = json_is_true(v);
	return 0;
}

static int get_string(struct loader *ld, const char *key, const json_t *v, const char **out)
{
	if (!json_is_string(v))
		return invalid(ld, key, "'%s' must be a string, not %s", key, type_name(v));
	if (!*json_string_value(v))
		return invalid(ld, key, "'%s' must not be empty", key);
	*out = json_string_value(v);
	return 0;
}

/*
 * A list of non-empty strings (a single string counts as a list of one)
 * into out. With clean, values go through cc_vocab_clean() and duplicates
 * are errors. min is the least number of entries.
 */
static int get_strlist(struct loader *ld, const char *key, const json_t *v, size_t min, int clean,
		       struct cc_strlist *out)
{
	struct cc_strlist l = {NULL, 0, 0};
	int errors = ld->errors;
	size_t i;
	json_t *e;

	if (json_is_array(v) || json_is_string(v)) {
		json_t *one = json_is_string(v) ? json_pack("[O]", v) : NULL;
		json_array_foreach(one ? one : v, i, e)
		{
			char *k = one ? cc_xstrdup(key) : elemkey(key, i);
			const char *s;
			if (get_string(ld, k, e, &s) == 0) {
				char *c = clean ? cc_vocab_clean(s) : cc_xstrdup(s);
				if (!*c)
					invalid(ld, k, "'%s' must not be empty", k);
				else if (clean && cc_strlist_has(&l, c))
					invalid(ld, k, "duplicate value '%s' in '%s'", c, key);
				else
					cc_strlist_add(&l, c);
				free(c);
			}
			free(k);
		}
		json_decref(one);
	} else {
		return invalid(ld, key, "'%s' must be a list of strings, not %s", key,
			       type_name(v));
	}
	if (ld->errors == errors && l.n < min)
		invalid(ld, key, "'%s' must list at least %zu value%s", key, min,
			min == 1 ? "" : "s");
	if (ld->errors != errors) {
		cc_strlist_clear(&l);
		return -1;
	}
	strlist_move(out, &l);
	return 0;
}

/* Adds the clean word w (a name or alias at key) to vocab, refusing duplicates. */
static int vocab_word(struct loader *ld, const char *key, const char *section,
		      struct cc_vocab *vocab, const char *w, int alias)
{
	char *c = cc_vocab_clean(w);
	int dup;
	int ret = 0;

	if (!*c) {
		ret = invalid(ld, key, "'%s' must not be empty", key);
	} else if ((dup = vocab_find(vocab, c)) >= 0) {
		ret = invalid(ld, key, "duplicate %s value '%s' (already used by '%s')", section, c,
			      vocab->v[dup].name);
	} else if (alias) {
		cc_vocab_add_alias(vocab, c);
	} else {
		cc_vocab_add(vocab, c);
	}
	free(c);
	return ret;
}

static const char *const term_keys[] = {"name", "aliases", NULL};

static void vocab_term(struct loader *ld, const char *key, const char *section,
		       struct cc_vocab *vocab, const json_t *e)
{
	const char *s;
	json_t *name, *aliases;

	if (json_is_string(e)) {
		if (get_string(ld, key, e, &s) == 0)
			vocab_word(ld, key, section, vocab, s, 0);
		return;
	}
	if (!json_is_object(e)) {
		invalid(ld, key, "'%s' must be a name or a mapping with name and aliases, not %s",
			key, type_name(e));
		return;
	}
	check_section(ld, key, e, term_keys);
	name = json_object_get(e, "name");
	if (!name || json_is_null(name)) {
		invalid(ld, key, "'%s' has no name", key);
		return;
	}
	char *k = subkey(key, "name");
	int ok = get_string(ld, k, name, &s) == 0 && vocab_word(ld, k, section, vocab, s, 0) == 0;
	free(k);
	if (!ok)
		return;
	aliases = json_object_get(e, "aliases");
	if (!aliases || json_is_null(aliases))
		return;
	k = subkey(key, "aliases");
	if (json_is_string(aliases)) {
		if (get_string(ld, k, aliases, &s) == 0)
			vocab_word(ld, k, section, vocab, s, 1);
	} else if (json_is_array(aliases)) {
		size_t i;
		json_t *a;
		json_array_foreach(aliases, i, a)
		{
			char *ak = elemkey(k, i);
			if (get_string(ld, ak, a, &s) == 0)
				vocab_word(ld, ak, section, vocab, s, 1);
			free(ak);
		}
	} else {
		invalid(ld, k, "'%s' must be a list of strings, not %s", k, type_name(aliases));
	}
	free(k);
}

/*
 * A vocabulary: a list of names or {name, aliases} mappings; a single
 * string is a preset name for stages and a one-term list otherwise.
 */
static void get_vocab(struct loader *ld, const char *key, const json_t *v, int is_stages,
		      struct cc_vocab *out)
{
	struct cc_vocab voc = {NULL, 0, 0};
	int errors = ld->errors;
	size_t i;
	json_t *e;

	if (json_is_string(v) && is_stages) {
		if (cc_config_stage_preset(&voc, json_string_value(v)) < 0)
			invalid(ld, key,
				"unknown stage preset '%s' (expected hubspot, funnel or gartner, "
				"or a list of stages)",
				json_string_value(v));
	} else if (json_is_string(v)) {
		vocab_term(ld, key, key, &voc, v);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, e)
		{
			char *k = elemkey(key, i);
			vocab_term(ld, k, key, &voc, e);
			free(k);
		}
		if (is_stages && !voc.n && ld->errors == errors)
			invalid(ld, key, "'stages' must list at least one stage");
	} else {
		invalid(ld, key, "'%s' must be a list of names%s, not %s", key,
			is_stages ? " or a preset name" : "", type_name(v));
	}
	if (ld->errors == errors)
		vocab_move(out, &voc);
	cc_vocab_release(&voc);
}

static void load_required(struct loader *ld, const json_t *v)
{
	struct cc_strlist l = {NULL, 0, 0};
	int errors = ld->errors;

	if (get_strlist(ld, "required", v, 0, 1, &l) < 0)
		return;
	for (size_t i = 0; i < l.n; i++) {
		if (cc_field_parse(l.v[i]) >= 0)
			continue;
		char *k = json_is_array(v) ? elemkey("required", i) : cc_xstrdup("required");
		const char *best = NULL;
		size_t bestd = SIZE_MAX;
		for (int f = 0; f < CC_F_COUNT; f++) {
			size_t d = closeness(l.v[i], field_names[f]);
			if (d < bestd) {
				bestd = d;
				best = field_names[f];
			}
		}
		if (best)
			invalid(ld, k, "unknown field '%s' in 'required' (did you mean '%s'?)",
				l.v[i], best);
		else
			invalid(ld, k,
				"unknown field '%s' in 'required' (expected one of title, "
				"summary, slug, date, status, format, persona, stage, topic, "
				"author, "
				"due, review, expires, owner)",
				l.v[i]);
		free(k);
	}
	if (ld->errors == errors)
		strlist_move(&ld->cfg->required, &l);
	cc_strlist_clear(&l);
}

static void load_fields(struct loader *ld, const json_t *v)
{
	const char *name;
	json_t *item;

	if (check_section(ld, "fields", v, field_keys) < 0)
		return;
	json_object_foreach((json_t *)v, name, item)
	{
		int f = !strcmp(name, "authors") ? CC_F_AUTHOR : cc_field_parse(name);
		if (f < 0 || json_is_null(item))
			continue;
		char *k = subkey("fields", name);
		get_strlist(ld, k, item, 0, 0, &ld->cfg->fields[f]);
		free(k);
	}
}

static void load_url(struct loader *ld, const json_t *v)
{
	static const char *const placeholders[] = {"slug", "path",  "format", "stem", "section",
						   "lang", "year",  "month",  "day",  NULL};
	const char *s, *p;

	if (get_string(ld, "url", v, &s) < 0)
		return;
	for (p = s; *p; p++) {
		const char *e;
		if (*p == '}') {
			invalid(ld, "url", "'url' has a '}' without '{'");
			return;
		}
		if (*p != '{')
			continue;
		if (!(e = strchr(p, '}'))) {
			invalid(ld, "url", "'url' has a '{' without '}'");
			return;
		}
		char *name = cc_xstrndup(p + 1, (size_t)(e - p - 1));
		int ok = is_known(name, placeholders);
		if (!ok)
			invalid(ld, "url",
				"unknown placeholder '{%s}' in 'url' (expected {slug}, {path}, "
				"{format}, {stem}, {section}, {lang}, {year}, {month} or {day})",
				name);
		free(name);
		if (!ok)
			return;
		p = e;
	}
	free(ld->cfg->url);
	ld->cfg->url = cc_xstrdup(s);
}

static void load_globs(struct loader *ld, const char *key, const json_t *v, size_t min,
		       struct cc_strlist *out)
{
	struct cc_strlist l = {NULL, 0, 0};
	int errors = ld->errors;

	if (get_strlist(ld, key, v, min, 0, &l) < 0)
		return;
	for (size_t i = 0; i < l.n; i++) {
		const char *g = l.v[i];
		if (strlen(g) > CC_GLOB_MAX_LEN) {
			char *k = json_is_array(v) ? elemkey(key, i) : cc_xstrdup(key);
			invalid(ld, k, "'%s' is longer than %d bytes", k, CC_GLOB_MAX_LEN);
			free(k);
			continue;
		}
		if (cc_glob_double_stars(g) > CC_GLOB_MAX_DOUBLE_STARS) {
			char *k = json_is_array(v) ? elemkey(key, i) : cc_xstrdup(key);
			invalid(ld, k, "'%s' has more than %d '**' components", k,
				CC_GLOB_MAX_DOUBLE_STARS);
			free(k);
			continue;
		}
		if (g[0] != '/' && strcmp(g, "..") && strncmp(g, "../", 3) && !strstr(g, "/../") &&
		    !(strlen(g) >= 3 && !strcmp(g + strlen(g) - 3, "/..")))
			continue;
		char *k = json_is_array(v) ? elemkey(key, i) : cc_xstrdup(key);
		invalid(ld, k, "'%s' must be relative to the config directory, inside it: '%s'", k,
			g);
		free(k);
	}
	if (ld->errors == errors)
		strlist_move(out, &l);
	cc_strlist_clear(&l);
}

static const char *const calendar_keys[] = {"fiscal_year_start", "week_start", "cadence_per_week",
					    "topic_rotation_weeks", "horizon_weeks", "capacity_per_week",
					    NULL};

static void capacity_release(struct cc_config *cfg)
{
	for (size_t i = 0; i < cfg->calendar.ncapacity; i++)
		free(cfg->calendar.capacity[i].person);
	free(cfg->calendar.capacity);
	cfg->calendar.capacity = NULL;
	cfg->calendar.ncapacity = 0;
}

int cc_config_capacity(const struct cc_config *cfg, const char *person)
{
	for (size_t i = 0; person && i < cfg->calendar.ncapacity; i++)
		if (!strcasecmp(cfg->calendar.capacity[i].person, person))
			return cfg->calendar.capacity[i].per_week;
	return cfg->calendar.capacity_per_week;
}

/*
 * calendar.capacity_per_week: a number for everyone, or a mapping of
 * person to number where the key "default" sets everyone else's.
 */
static void load_capacity(struct loader *ld, const json_t *e)
{
	static const char *const what = "a number of assets per week (0-1000, 0 means no limit)";
	const char *k = "calendar.capacity_per_week";
	const char *name;
	json_t *item;
	int errors = ld->errors, def = ld->cfg->calendar.capacity_per_week;
	struct cc_capacity *v = NULL;
	size_t n = 0;

	if (!json_is_object(e)) {
		if (!json_is_integer(e))
			invalid(ld, k, "'%s' must be %s, or a mapping of person to number, not %s", k, what,
				type_name(e));
		else
			get_int(ld, k, e, 0, 1000, what, &ld->cfg->calendar.capacity_per_week);
		return;
	}
	json_object_foreach((json_t *)e, name, item)
	{
		char *sk = subkey(k, name);
		int per = 0;
		if (!*name || strlen(name) > 200)
			invalid(ld, sk, "a person's name in '%s' must be 1 to 200 bytes", k);
		else if (!json_is_integer(item))
			invalid(ld, sk, "'%s' must be %s, not %s", sk, what, type_name(item));
		else if (get_int(ld, sk, item, 0, 1000, what, &per) == 0) {
			if (!strcmp(name, "default")) {
				def = per;
			} else {
				v = cc_xrealloc(v, (n + 1) * sizeof(*v));
				v[n].person = cc_xstrdup(name);
				v[n++].per_week = per;
			}
		}
		free(sk);
	}
	if (ld->errors != errors) {
		for (size_t i = 0; i < n; i++)
			free(v[i].person);
		free(v);
		return;
	}
	capacity_release(ld->cfg);
	ld->cfg->calendar.capacity = v;
	ld->cfg->calendar.ncapacity = n;
	ld->cfg->calendar.capacity_per_week = def;
}

static void load_calendar(struct loader *ld, const json_t *v)
{
	json_t *e;

	if (check_section(ld, "calendar", v, calendar_keys) < 0)
		return;
	if ((e = json_object_get(v, "fiscal_year_start")) && !json_is_null(e))
		get_int(ld, "calendar.fiscal_year_start", e, 1, 12, "a month number 1-12",
			&ld->cfg->calendar.fiscal_year_start);
	if ((e = json_object_get(v, "week_start")) && !json_is_null(e)) {
		const char *k = "calendar.week_start";
		if (!json_is_string(e)) {
			invalid(ld, k, "'%s' must be a day name (monday to sunday), not %s", k,
				type_name(e));
		} else {
			char *c = cc_vocab_clean(json_string_value(e));
			int day = -1;
			for (int i = 0; weekdays[i]; i++)
				if (!strcmp(c, weekdays[i]))
					day = i;
			if (day < 0)
				invalid(ld, k,
					"'%s' must be a day name (monday to sunday), not '%s'", k,
					json_string_value(e));
			else
				ld->cfg->calendar.week_start = day;
			free(c);
		}
	}
	if ((e = json_object_get(v, "cadence_per_week")) && !json_is_null(e))
		get_int(ld, "calendar.cadence_per_week", e, 0, 1000,
			"a number of assets per week (0-1000, 0 turns the check off)",
			&ld->cfg->calendar.cadence_per_week);
	if ((e = json_object_get(v, "topic_rotation_weeks")) && !json_is_null(e))
		get_int(ld, "calendar.topic_rotation_weeks", e, 0, 520,
			"a number of weeks (0-520, 0 turns the check off)",
			&ld->cfg->calendar.topic_rotation_weeks);
	if ((e = json_object_get(v, "horizon_weeks")) && !json_is_null(e))
		get_int(ld, "calendar.horizon_weeks", e, 0, 520,
			"a number of weeks (0-520, 0 checks only past weeks)",
			&ld->cfg->calendar.horizon_weeks);
	if ((e = json_object_get(v, "capacity_per_week")) && !json_is_null(e))
		load_capacity(ld, e);
}

static const char *const coverage_keys[] = {"min_per_cell", "fresh_days", "by_topic", "severity",
					    NULL};
static const char *const severity_keys[] = {"cell",  "cadence",    "rotation", "overdue",
					    "stale", "vocabulary", "demand",   NULL};

static void load_coverage(struct loader *ld, const json_t *v)
{
	struct cc_config *cfg = ld->cfg;
	enum cc_severity *sev[] = {
		&cfg->coverage.cell_severity,     &cfg->coverage.cadence_severity,
		&cfg->coverage.rotation_severity, &cfg->coverage.overdue_severity,
		&cfg->coverage.stale_severity,    &cfg->coverage.vocabulary_severity,
		&cfg->coverage.demand_severity,
	};
	json_t *e, *s;

	if (check_section(ld, "coverage", v, coverage_keys) < 0)
		return;
	if ((e = json_object_get(v, "min_per_cell")) && !json_is_null(e))
		get_int(ld, "coverage.min_per_cell", e, 0, INT_MAX,
			"a count of at least 0 (0 turns the check off)",
			&cfg->coverage.min_per_cell);
	if ((e = json_object_get(v, "fresh_days")) && !json_is_null(e))
		get_int(ld, "coverage.fresh_days", e, 1, INT_MAX, "a number of days of at least 1",
			&cfg->coverage.fresh_days);
	if ((e = json_object_get(v, "by_topic")) && !json_is_null(e))
		get_bool(ld, "coverage.by_topic", e, &cfg->coverage.by_topic);
	if (!(e = json_object_get(v, "severity")) || json_is_null(e))
		return;
	if (check_section(ld, "coverage.severity", e, severity_keys) < 0)
		return;
	for (size_t i = 0; severity_keys[i]; i++) {
		if (!(s = json_object_get(e, severity_keys[i])) || json_is_null(s))
			continue;
		char *k = subkey("coverage.severity", severity_keys[i]);
		int n = json_is_string(s) ? cc_severity_parse(json_string_value(s)) : -1;
		if (n < 0 && json_is_string(s))
			invalid(ld, k, "'%s' must be error, warning or info, not '%s'", k,
				json_string_value(s));
		else if (n < 0)
			invalid(ld, k, "'%s' must be error, warning or info, not %s", k,
				type_name(s));
		else
			*sev[i] = (enum cc_severity)n;
		free(k);
	}
}

static const char *const engagement_keys[] = {"half_life_days", "min_sample", "group_by",
					      "weights", "columns", "earliest", "future_days", "files",
					      "max_bytes", NULL};
static const char *const column_keys[] = {"date", "asset", "metric", "value", NULL};
static const char *const group_dims[] = {"stage", "format", "persona", "topic", NULL};

static void load_group_by(struct loader *ld, const json_t *v)
{
	struct cc_strlist l = {NULL, 0, 0};
	struct cc_buf b = CC_BUF_INIT;
	const char *k = "engagement.group_by";

	if (json_is_string(v)) {
		/* "stage,format" */
		const char *s = json_string_value(v);
		while (*s) {
			size_t n = strcspn(s, ",");
			char *w = cc_xstrndup(s, n);
			char *c = cc_vocab_clean(w);
			if (*c)
				cc_strlist_add(&l, c);
			free(c);
			free(w);
			s += n + (s[n] == ',');
		}
	} else if (get_strlist(ld, k, v, 0, 1, &l) < 0) {
		return;
	}
	for (size_t i = 0; i < l.n; i++) {
		if (!is_known(l.v[i], group_dims)) {
			invalid(ld, k,
				"unknown dimension '%s' in '%s' (expected stage, format, persona "
				"or topic)",
				l.v[i], k);
			goto done;
		}
		for (size_t j = 0; j < i; j++)
			if (!strcmp(l.v[i], l.v[j])) {
				invalid(ld, k, "duplicate dimension '%s' in '%s'", l.v[i], k);
				goto done;
			}
		if (i)
			cc_buf_addch(&b, ',');
		cc_buf_adds(&b, l.v[i]);
	}
	free(ld->cfg->engagement.group_by);
	ld->cfg->engagement.group_by = cc_buf_detach(&b, NULL);
done:
	cc_buf_release(&b);
	cc_strlist_clear(&l);
}

static void load_weights(struct loader *ld, const json_t *v)
{
	const char *k = "engagement.weights";
	struct cc_weight *w = NULL;
	size_t n = 0;
	int errors = ld->errors;
	const char *name;
	json_t *e;

	if (!json_is_object(v)) {
		invalid(ld, k, "'%s' must be a mapping of metric to weight, not %s", k,
			type_name(v));
		return;
	}
	if (!json_object_size(v)) {
		invalid(ld, k, "'%s' must give at least one metric", k);
		return;
	}
	json_object_foreach((json_t *)v, name, e)
	{
		char *ek = subkey(k, name);
		char *c = cc_vocab_clean(name);
		double d;
		int dup = 0;
		for (size_t i = 0; i < n; i++)
			dup |= !strcmp(w[i].metric, c);
		if (!*c)
			invalid(ld, ek, "'%s' has an empty metric name", k);
		else if (dup)
			invalid(ld, ek, "duplicate metric '%s' in '%s'", c, k);
		else if (get_number(ld, ek, e, 0, 0, "a weight of at least 0", &d) == 0)
			weights_add(&w, &n, c, d);
		free(c);
		free(ek);
	}
	if (ld->errors == errors) {
		weights_release(ld->cfg);
		ld->cfg->engagement.weights = w;
		ld->cfg->engagement.nweights = n;
		return;
	}
	for (size_t i = 0; i < n; i++)
		free(w[i].metric);
	free(w);
}

static void load_engagement(struct loader *ld, const json_t *v)
{
	struct cc_config *cfg = ld->cfg;
	struct cc_strlist *cols[] = {
		&cfg->engagement.columns_date,
		&cfg->engagement.columns_asset,
		&cfg->engagement.columns_metric,
		&cfg->engagement.columns_value,
	};
	json_t *e, *c;

	if (check_section(ld, "engagement", v, engagement_keys) < 0)
		return;
	if ((e = json_object_get(v, "half_life_days")) && !json_is_null(e))
		get_number(ld, "engagement.half_life_days", e, 0, 1, "a number of days above 0",
			   &cfg->engagement.half_life_days);
	if ((e = json_object_get(v, "min_sample")) && !json_is_null(e))
		get_int(ld, "engagement.min_sample", e, 1, INT_MAX, "a count of at least 1",
			&cfg->engagement.min_sample);
	if ((e = json_object_get(v, "max_bytes")) && !json_is_null(e)) {
		if (!json_is_integer(e) || json_integer_value(e) < 1)
			invalid(ld, "engagement.max_bytes",
				"'engagement.max_bytes' must be a whole number of bytes, at least 1");
		else
			cfg->engagement.max_bytes = (uint64_t)json_integer_value(e);
	}
	if ((e = json_object_get(v, "group_by")) && !json_is_null(e))
		load_group_by(ld, e);
	if ((e = json_object_get(v, "weights")) && !json_is_null(e))
		load_weights(ld, e);
	if ((e = json_object_get(v, "files")) && !json_is_null(e))
		get_strlist(ld, "engagement.files", e, 0, 0, &cfg->engagement.files);
	if ((e = json_object_get(v, "future_days")) && !json_is_null(e))
		get_int(ld, "engagement.future_days", e, 0, 3660, "a number of days from 0 to 3660",
			&cfg->engagement.future_days);
	if ((e = json_object_get(v, "earliest")) && !json_is_null(e)) {
		int64_t d;
		if (!json_is_string(e) || cc_day_parse(&d, json_string_value(e)) < 0)
			invalid(ld, "engagement.earliest", "'engagement.earliest' must be a date "
				"(YYYY-MM-DD)");
		else
			cfg->engagement.earliest = d;
	}
	if (!(e = json_object_get(v, "columns")) || json_is_null(e))
		return;
	if (check_section(ld, "engagement.columns", e, column_keys) < 0)
		return;
	cfg->engagement.columns_configured = true;
	for (size_t i = 0; column_keys[i]; i++) {
		if (!(c = json_object_get(e, column_keys[i])) || json_is_null(c))
			continue;
		char *k = subkey("engagement.columns", column_keys[i]);
		get_strlist(ld, k, c, 1, 0, cols[i]);
		free(k);
	}
}

static const char *const influence_keys[] = {"lookback_days",    "half_life_days", "progression_days",
					     "min_sample",       "relevance_weight", "weights",
					     "campaigns",        "model",          NULL};
static const char *const position_keys[] = {"first", "lead", "opportunity", "won", "between", NULL};

/* influence.weights: the custom model's position weights, any scale, not all 0. */
static void load_position_weights(struct loader *ld, const json_t *v)
{
	const char *k = "influence.weights";
	double w[5] = {0, 0, 0, 0, 0}, sum = 0;
	int errors = ld->errors;
	json_t *e;

	if (check_section(ld, k, v, position_keys) < 0)
		return;
	for (size_t i = 0; position_keys[i]; i++) {
		if (!(e = json_object_get(v, position_keys[i])) || json_is_null(e))
			continue;
		char *ek = subkey(k, position_keys[i]);
		if (get_number(ld, ek, e, 0, 0, "a weight of at least 0", &w[i]) == 0)
			sum += w[i];
		free(ek);
	}
	if (ld->errors != errors)
		return;
	if (sum <= 0) {
		invalid(ld, k, "'%s' must give at least one position a weight above 0 (first, lead, "
			       "opportunity, won, between)", k);
		return;
	}
	memcpy(ld->cfg->influence.custom, w, sizeof(w));
	ld->cfg->influence.has_custom = true;
}

/* influence.campaigns: CRM campaign id or name → asset (slug, path or URL). */
static void load_campaigns(struct loader *ld, const json_t *v)
{
	const char *k = "influence.campaigns";
	struct cc_strlist ids = {NULL, 0, 0}, assets = {NULL, 0, 0};
	int errors = ld->errors;
	const char *name, *s;
	json_t *e;

	if (!json_is_object(v)) {
		invalid(ld, k, "'%s' must be a mapping of campaign to asset, not %s", k, type_name(v));
		return;
	}
	json_object_foreach((json_t *)v, name, e)
	{
		char *ek = subkey(k, name);
		if (!*name)
			invalid(ld, ek, "'%s' has an empty campaign name", k);
		else if (get_string(ld, ek, e, &s) == 0)
			cc_strlist_add(&ids, name), cc_strlist_add(&assets, s);
		free(ek);
	}
	if (ld->errors == errors) {
		strlist_move(&ld->cfg->influence.campaign_ids, &ids);
		strlist_move(&ld->cfg->influence.campaign_assets, &assets);
	}
	cc_strlist_clear(&ids);
	cc_strlist_clear(&assets);
}

static void load_influence(struct loader *ld, const json_t *v)
{
	struct cc_config *cfg = ld->cfg;
	json_t *e;

	if (check_section(ld, "influence", v, influence_keys) < 0)
		return;
	if ((e = json_object_get(v, "lookback_days")) && !json_is_null(e))
		get_int(ld, "influence.lookback_days", e, 0, 36500, "a number of days (0-36500)",
			&cfg->influence.lookback_days);
	if ((e = json_object_get(v, "half_life_days")) && !json_is_null(e))
		get_number(ld, "influence.half_life_days", e, 0, 1, "a number of days above 0",
			   &cfg->influence.half_life_days);
	if ((e = json_object_get(v, "progression_days")) && !json_is_null(e))
		get_int(ld, "influence.progression_days", e, 1, 3650, "a number of days (1-3650)",
			&cfg->influence.progression_days);
	if ((e = json_object_get(v, "min_sample")) && !json_is_null(e))
		get_int(ld, "influence.min_sample", e, 1, INT_MAX, "a count of at least 1",
			&cfg->influence.min_sample);
	if ((e = json_object_get(v, "relevance_weight")) && !json_is_null(e))
		get_number(ld, "influence.relevance_weight", e, 0, 0, "a weight of at least 0",
			   &cfg->influence.relevance_weight);
	if ((e = json_object_get(v, "weights")) && !json_is_null(e))
		load_position_weights(ld, e);
	if ((e = json_object_get(v, "campaigns")) && !json_is_null(e))
		load_campaigns(ld, e);
	const char *m;
	if ((e = json_object_get(v, "model")) && !json_is_null(e) && get_string(ld, "influence.model", e, &m) == 0) {
		int k = cc_model_parse(m);
		if (k < 0 || (k == CC_MODEL_CUSTOM && !cfg->influence.has_custom))
			invalid(ld, "influence.model", "'influence.model' must be %s, not '%s'",
				k < 0 ? "one of first-touch, last-touch, lead-creation, linear, u-shaped, w-shaped, "
					"full-path, time-decay, custom" : "custom only with influence.weights", m);
		else
			cfg->influence.model = k;
	}
}

static const char *const search_keys[] = {"weights", "full_text", NULL};
static const char *const search_weight_keys[] = {"text", "relevance", "freshness", NULL};

static void load_search(struct loader *ld, const json_t *v)
{
	struct cc_config *cfg = ld->cfg;
	double *w[] = {&cfg->search.w_text, &cfg->search.w_relevance, &cfg->search.w_fresh};
	json_t *e, *s;

	if (check_section(ld, "search", v, search_keys) < 0)
		return;
	if ((e = json_object_get(v, "full_text")) && !json_is_null(e))
		get_bool(ld, "search.full_text", e, &cfg->search.full_text);
	if (!(e = json_object_get(v, "weights")) || json_is_null(e))
		return;
	if (check_section(ld, "search.weights", e, search_weight_keys) < 0)
		return;
	for (size_t i = 0; search_weight_keys[i]; i++) {
		if (!(s = json_object_get(e, search_weight_keys[i])) || json_is_null(s))
			continue;
		char *k = subkey("search.weights", search_weight_keys[i]);
		get_number(ld, k, s, 0, 0, "a weight of at least 0", w[i]);
		free(k);
	}
}

static const char *const serve_keys[] = {"utm", "internal", NULL};
static const char *const utm_keys[] = {"source", "medium", "campaign", NULL};

/* serve.utm.{source,medium,campaign}: strings; serve.internal: KEY=VALUE
 * tests (a list, or one string). */
static void load_serve(struct loader *ld, const json_t *v)
{
	struct cc_config *cfg = ld->cfg;
	char **utm[] = {&cfg->serve.utm_source, &cfg->serve.utm_medium, &cfg->serve.utm_campaign};
	json_t *e, *s;
	const char *str;

	if (check_section(ld, "serve", v, serve_keys) < 0)
		return;
	if ((e = json_object_get(v, "utm")) && !json_is_null(e) && check_section(ld, "serve.utm", e, utm_keys) == 0) {
		for (size_t i = 0; utm_keys[i]; i++) {
			if (!(s = json_object_get(e, utm_keys[i])) || json_is_null(s))
				continue;
			char *k = subkey("serve.utm", utm_keys[i]);
			if (get_string(ld, k, s, &str) == 0) {
				free(*utm[i]);
				*utm[i] = cc_xstrdup(str);
			}
			free(k);
		}
	}
	if ((e = json_object_get(v, "internal")) && !json_is_null(e)) {
		struct cc_strlist l = {0};
		if (get_strlist(ld, "serve.internal", e, 0, 0, &l) == 0) {
			for (size_t i = 0; i < l.n; i++) {
				char *eq = strchr(l.v[i], '=');
				if (!eq || eq == l.v[i]) {
					invalid(ld, "serve.internal", "'serve.internal' takes KEY=VALUE tests, not '%s'",
						l.v[i]);
					cc_strlist_clear(&l);
					return;
				}
			}
			cc_strlist_clear(&cfg->serve.internal);
			cfg->serve.internal = l;
		} else {
			cc_strlist_clear(&l);
		}
	}
}

static const char *const audit_keys[] = {"similarity", "min_words", "window_days", NULL};

static void load_audit(struct loader *ld, const json_t *v)
{
	json_t *e;
	if (check_section(ld, "audit", v, audit_keys) < 0)
		return;
	if ((e = json_object_get(v, "similarity")) && !json_is_null(e)) {
		double d = 0;
		if (get_number(ld, "audit.similarity", e, 0, 1, "a similarity above 0 and at most 1", &d) == 0) {
			if (d > 1)
				invalid(ld, "audit.similarity", "'audit.similarity' must be a similarity above 0 and at "
								 "most 1, not %g", d);
			else
				ld->cfg->audit.similarity = d;
		}
	}
	if ((e = json_object_get(v, "min_words")) && !json_is_null(e))
		get_int(ld, "audit.min_words", e, 0, 1000000, "a number of words (0 turns the check off)",
			&ld->cfg->audit.min_words);
	if ((e = json_object_get(v, "window_days")) && !json_is_null(e))
		get_int(ld, "audit.window_days", e, 1, 36500, "a number of days of at least 1",
			&ld->cfg->audit.window_days);
}

static const char *const demand_keys[] = {"min_searches", "window_days", "weak_results", NULL};

static void load_demand(struct loader *ld, const json_t *v)
{
	json_t *e;
	if (check_section(ld, "demand", v, demand_keys) < 0)
		return;
	if ((e = json_object_get(v, "min_searches")) && !json_is_null(e))
		get_int(ld, "demand.min_searches", e, 0, 1000000000, "a count of searches (0 turns the check off)",
			&ld->cfg->demand.min_searches);
	if ((e = json_object_get(v, "window_days")) && !json_is_null(e))
		get_int(ld, "demand.window_days", e, 1, 36500, "a number of days of at least 1",
			&ld->cfg->demand.window_days);
	if ((e = json_object_get(v, "weak_results")) && !json_is_null(e))
		get_int(ld, "demand.weak_results", e, 1, 1000000, "a number of results of at least 1",
			&ld->cfg->demand.weak_results);
}

static const char *const new_keys[] = {"path", NULL};

/*
 * new.path: a relative pattern whose placeholders are known. ".." is
 * allowed here (a config in a subdirectory may point at a sibling); `new`
 * refuses at run time any path that leaves the repository.
 */
const char *const cc_new_path_placeholders[] = {"format", "slug",    "date",  "year", "month",
						"stage",  "persona", "topic", NULL};

static void load_new(struct loader *ld, const json_t *v)
{
	const char *k = "new.path";
	const char *s;
	json_t *e;

	if (check_section(ld, "new", v, new_keys) < 0)
		return;
	if (!(e = json_object_get(v, "path")) || json_is_null(e))
		return;
	if (get_string(ld, k, e, &s) < 0)
		return;
	if (s[0] == '/') {
		invalid(ld, k, "'%s' must be relative to the config directory, not '%s'", k, s);
		return;
	}
	if (!strstr(s, "{slug}")) {
		invalid(ld, k, "'%s' must contain {slug} so that every title gets its own file", k);
		return;
	}
	if (cc_template_check_path(s, cc_new_path_placeholders) < 0) {
		invalid(ld, k, "'%s': %s", k, cc_error_last());
		return;
	}
	free(ld->cfg->new_asset.path);
	ld->cfg->new_asset.path = cc_xstrdup(s);
}

/* ---- lint and overrides ---- */

/* A level: error, warning, info or off; -3 after an error (reported). */
static int get_level(struct loader *ld, const char *key, const json_t *v)
{
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;
	int n = s ? cc_severity_parse(s) : -1;
	if (n >= 0)
		return n;
	if (s && !strcmp(s, "off"))
		return CC_LEVEL_OFF;
	/* YAML 1.1 reads a bare off as false */
	if (json_is_false(v))
		return CC_LEVEL_OFF;
	if (s)
		invalid(ld, key, "'%s' must be error, warning, info or off, not '%s'", key, s);
	else
		invalid(ld, key, "'%s' must be error, warning, info or off, not %s", key, type_name(v));
	return -3;
}

/* A mapping of lint rule names to levels; an unknown rule is a warning. */
static void load_rule_levels(struct loader *ld, const char *key, const json_t *v, struct cc_rule_levels *out)
{
	const char *name;
	json_t *e;

	if (!json_is_object(v)) {
		invalid(ld, key, "'%s' must be a mapping of rule names to error, warning, info or off, not %s", key,
			type_name(v));
		return;
	}
	json_object_foreach((json_t *)v, name, e)
	{
		char *k = subkey(key, name);
		if (!is_known(name, cc_lint_rule_names))
			unknown_key(ld, k, name, cc_lint_rule_names);
		int level = json_is_null(e) ? -3 : get_level(ld, k, e);
		if (level > -3) {
			out->v = cc_xrealloc(out->v, (out->n + 1) * sizeof(*out->v));
			out->v[out->n].rule = cc_xstrdup(name);
			out->v[out->n++].level = level;
		}
		free(k);
	}
}

static const char *const lint_keys[] = {"rules", NULL};

static void load_lint(struct loader *ld, const json_t *v)
{
	json_t *e;
	if (check_section(ld, "lint", v, lint_keys) < 0)
		return;
	if ((e = json_object_get(v, "rules")) && !json_is_null(e))
		load_rule_levels(ld, "lint.rules", e, &ld->cfg->lint.rules);
}

static const char *const override_keys[] = {"paths", "rules", "overdue", "stale", NULL};

static void load_overrides(struct loader *ld, const json_t *v)
{
	struct cc_config *cfg = ld->cfg;
	size_t i;
	json_t *o;

	if (!json_is_array(v)) {
		invalid(ld, "overrides", "'overrides' must be a list of mappings ({paths: [...], ...}), not %s",
			type_name(v));
		return;
	}
	json_array_foreach(v, i, o)
	{
		char *key = elemkey("overrides", i);
		struct cc_override ov = {{NULL, 0, 0}, {NULL, 0}, CC_LEVEL_UNSET, CC_LEVEL_UNSET};
		int errors = ld->errors;
		json_t *e;
		if (check_section(ld, key, o, override_keys) < 0)
			goto next;
		char *k = subkey(key, "paths");
		if (!(e = json_object_get(o, "paths")) || json_is_null(e))
			invalid(ld, key, "'%s' needs 'paths', the globs it applies to", key);
		else
			load_globs(ld, k, e, 1, &ov.paths);
		free(k);
		if ((e = json_object_get(o, "rules")) && !json_is_null(e)) {
			k = subkey(key, "rules");
			load_rule_levels(ld, k, e, &ov.rules);
			free(k);
		}
		if ((e = json_object_get(o, "overdue")) && !json_is_null(e)) {
			k = subkey(key, "overdue");
			int l = get_level(ld, k, e);
			ov.overdue = l > -3 ? l : CC_LEVEL_UNSET;
			free(k);
		}
		if ((e = json_object_get(o, "stale")) && !json_is_null(e)) {
			k = subkey(key, "stale");
			int l = get_level(ld, k, e);
			ov.stale = l > -3 ? l : CC_LEVEL_UNSET;
			free(k);
		}
	next:
		if (ld->errors == errors && ov.paths.n) {
			cfg->overrides = cc_xrealloc(cfg->overrides, (cfg->noverrides + 1) * sizeof(*cfg->overrides));
			cfg->overrides[cfg->noverrides++] = ov;
		} else {
			cc_strlist_clear(&ov.paths);
			rule_levels_release(&ov.rules);
		}
		free(key);
	}
}

/* Top-level keys; a new section needs its name here and a loader below. */
static const char *const top_keys[] = {
	"content",  "exclude",  "stages",     "personas", "topics",
	"formats",  "statuses", "required",   "fields",   "url",
	"calendar", "coverage", "engagement", "search",   "new",
	"influence", "lint",    "overrides", "locales",
	"serve",    "audit",    "demand",   NULL,
};

static void validate(struct loader *ld)
{
	struct cc_config *cfg = ld->cfg;
	json_t *root = cfg->raw;
	json_t *v;

	check_section(ld, "", root, top_keys);
#define GET(name) ((v = json_object_get(root, name)) && !json_is_null(v))
	if (GET("content"))
		load_globs(ld, "content", v, 1, &cfg->content);
	if (GET("exclude"))
		load_globs(ld, "exclude", v, 0, &cfg->exclude);
	if (GET("stages"))
		get_vocab(ld, "stages", v, 1, &cfg->stages);
	if (GET("personas"))
		get_vocab(ld, "personas", v, 0, &cfg->personas);
	if (GET("topics"))
		get_vocab(ld, "topics", v, 0, &cfg->topics);
	if (GET("formats"))
		get_vocab(ld, "formats", v, 0, &cfg->formats);
	if (GET("statuses"))
		get_strlist(ld, "statuses", v, 1, 1, &cfg->statuses);
	if (GET("required"))
		load_required(ld, v);
	if (GET("fields"))
		load_fields(ld, v);
	if (GET("url"))
		load_url(ld, v);
	if (GET("calendar"))
		load_calendar(ld, v);
	if (GET("coverage"))
		load_coverage(ld, v);
	if (GET("engagement"))
		load_engagement(ld, v);
	if (GET("search"))
		load_search(ld, v);
	if (GET("new"))
		load_new(ld, v);
	if (GET("influence"))
		load_influence(ld, v);
	if (GET("lint"))
		load_lint(ld, v);
	if (GET("locales"))
		get_strlist(ld, "locales", v, 1, 1, &cfg->locales);
	if (GET("overrides"))
		load_overrides(ld, v);
	if (GET("serve"))
		load_serve(ld, v);
	if (GET("audit"))
		load_audit(ld, v);
	if (GET("demand"))
		load_demand(ld, v);
#undef GET
}

/* ---- loading and finding ---- */

static int read_file(const char *path, struct cc_buf *out)
{
	FILE *f = fopen(path, "rb");
	char chunk[8192];
	size_t n;
	int ret = 0;

	if (!f)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		cc_buf_add(out, chunk, n);
	if (ferror(f))
		ret = -1;
	fclose(f);
	return ret;
}

/*
 * The config's git blob id, SHA-1 of "blob LEN\0" and the bytes (git's
 * definition), by mbedcrypto: the same id git_odb_hash gives, without
 * initialising libgit2 (whose start-up loads the system's CA bundle), so
 * that a search can prove its index current without it (docs/design.md).
 */
static int blob_hash(char hex[41], const char *data, size_t len)
{
	mbedtls_sha1_context c;
	unsigned char sum[20];
	char head[32];
	int n = snprintf(head, sizeof(head), "blob %zu", len), error;

	mbedtls_sha1_init(&c);
#if MBEDTLS_VERSION_MAJOR >= 3
	error = mbedtls_sha1_starts(&c) || mbedtls_sha1_update(&c, (const unsigned char *)head, (size_t)n + 1) ||
		mbedtls_sha1_update(&c, (const unsigned char *)data, len) || mbedtls_sha1_finish(&c, sum);
#else
	error = mbedtls_sha1_starts_ret(&c) || mbedtls_sha1_update_ret(&c, (const unsigned char *)head, (size_t)n + 1) ||
		mbedtls_sha1_update_ret(&c, (const unsigned char *)data, len) || mbedtls_sha1_finish_ret(&c, sum);
#endif
	mbedtls_sha1_free(&c);
	if (error)
		return -1;
	for (int i = 0; i < 20; i++)
		snprintf(hex + 2 * i, 3, "%02x", sum[i]);
	return 0;
}

int cc_config_load(struct cc_config *cfg, const char *path, const char *display_path,
		   const char *dir, struct cc_problems *problems)
{
	struct cc_buf text = CC_BUF_INIT;
	struct loader ld = {cfg, display_path ? display_path : path, problems, 0};
	char *abs;
	int ret = -1;

	cc_config_defaults(cfg);
	free(cfg->dir);
	cfg->dir = cc_xstrdup(dir ? dir : "");
	abs = realpath(path, NULL);
	cfg->path = abs ? abs : cc_xstrdup(path);

	if (read_file(path, &text) < 0) {
		int e = errno;
		cc_problems_add(problems, ld.path, 0, 0, CC_SEV_ERROR, "invalid-config",
				"cannot read '%s': %s", path, strerror(e));
		cc_error("cannot read '%s': %s", path, strerror(e));
		goto cleanup;
	}
	if (blob_hash(cfg->hash, text.buf, text.len) < 0) {
		cc_error("cannot hash '%s'", path);
		cc_problems_add(problems, ld.path, 0, 0, CC_SEV_ERROR, "invalid-config",
				"cannot hash '%s'", path);
		goto cleanup;
	}
	json_decref(cfg->raw);
	cfg->raw = NULL;
	if (cc_yaml_load(&cfg->raw, &cfg->locs, text.buf, text.len, 0, ld.path, problems) < 0) {
		cfg->raw = json_object();
		cc_error("invalid yaml in '%s'", ld.path);
		goto cleanup;
	}
	validate(&ld);
	if (ld.errors) {
		cc_error("'%s' has %d error%s", ld.path, ld.errors, ld.errors == 1 ? "" : "s");
		goto cleanup;
	}
	ret = 0;
cleanup:
	cc_buf_release(&text);
	return ret;
}

static int is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Copies p without trailing slashes ("/" stays "/"). */
static char *strip_slashes(const char *p)
{
	size_t n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		n--;
	return cc_xstrndup(p, n);
}

/* 1 when dir is root or below it, as paths ("/a/bc" is not below "/a/b"). */
static int is_under(const char *dir, const char *root)
{
	size_t n = strlen(root);
	if (!strcmp(root, "/"))
		return dir[0] == '/';
	return !strncmp(dir, root, n) && (dir[n] == '\0' || dir[n] == '/');
}

char *cc_config_find(const char *start_dir, const char *repo_root)
{
	static const char *const names[] = {"contentcal.yml", ".contentcal.yml"};
	char *dir = strip_slashes(start_dir);
	char *root = strip_slashes(repo_root);
	struct cc_buf b = CC_BUF_INIT;
	char *found = NULL;

	while (is_under(dir, root)) {
		for (size_t i = 0; i < 2 && !found; i++) {
			cc_buf_reset(&b);
			cc_buf_addf(&b, "%s/%s", strcmp(dir, "/") ? dir : "", names[i]);
			if (is_file(b.buf))
				found = cc_xstrdup(b.buf);
		}
		if (found || !strcmp(dir, root))
			break;
		char *slash = strrchr(dir, '/');
		if (!slash)
			break;
		if (slash == dir)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
	cc_buf_release(&b);
	free(dir);
	free(root);
	return found;
}
