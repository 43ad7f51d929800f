/*
 * asset.c — from a file's bytes to an asset record (see asset.h).
 */
#include "asset.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "text.h"

static const char *const dim_names[CC_DIM_COUNT] = {"persona", "stage", "topic"};
static const enum cc_field dim_fields[CC_DIM_COUNT] = {CC_F_PERSONA, CC_F_STAGE, CC_F_TOPIC};

const char *cc_dim_name(enum cc_dim d)
{
	return d < CC_DIM_COUNT ? dim_names[d] : "";
}

int cc_dim_parse(const char *name)
{
	for (int d = 0; d < CC_DIM_COUNT; d++)
		if (!strcmp(name, dim_names[d]))
			return d;
	return -1;
}

json_t *cc_json_path(json_t *obj, const char *dotted)
{
	/* A key that itself contains dots wins over a nested path. */
	json_t *v = json_object_get(obj, dotted);
	if (v || !strchr(dotted, '.'))
		return v;
	char *copy = cc_xstrdup(dotted), *save = NULL;
	v = obj;
	for (char *part = strtok_r(copy, ".", &save); part && v; part = strtok_r(NULL, ".", &save))
		v = json_is_object(v) ? json_object_get(v, part) : NULL;
	free(copy);
	return v;
}

char *cc_json_scalar_text(const json_t *v)
{
	char tmp[64];
	switch (json_typeof(v)) {
	case JSON_STRING:
		return cc_xstrndup(json_string_value(v), json_string_length(v));
	case JSON_INTEGER:
		snprintf(tmp, sizeof(tmp), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return cc_xstrdup(tmp);
	case JSON_REAL:
		snprintf(tmp, sizeof(tmp), "%.17g", json_real_value(v));
		return cc_xstrdup(tmp);
	case JSON_TRUE:
		return cc_xstrdup("true");
	case JSON_FALSE:
		return cc_xstrdup("false");
	default:
		return NULL;
	}
}

struct ctx {
	struct cc_asset *a;
	const struct cc_config *cfg;
	struct cc_fm fm;
	json_t *seen[CC_DIM_COUNT]; /* tag values already added, per dimension (a set) */
	size_t suggested;           /* unknown values given a "did you mean" so far */
};

/*
 * "Did you mean" costs a pass over the vocabulary: past this many unknown
 * values in one asset the warnings go on without one, so that 100000 tags
 * against a vocabulary of 10000 stay linear.
 */
#define CC_MAX_SUGGESTIONS 100

/* The first candidate key of field f present in the front matter. */
static json_t *field_get(struct ctx *c, enum cc_field f, const char **key)
{
	const struct cc_strlist *cands = &c->cfg->fields[f];
	for (size_t i = 0; i < cands->n; i++) {
		json_t *v = cc_json_path(c->a->fields, cands->v[i]);
		if (v && !json_is_null(v)) {
			if (key)
				*key = cands->v[i];
			return v;
		}
	}
	return NULL;
}

static void locate(struct ctx *c, const char *key, int *line, int *col)
{
	const struct cc_loc *loc = key ? cc_locs_find(&c->fm.locs, key) : NULL;
	if (loc) {
		*line = loc->line;
		*col = loc->col;
	} else {
		*line = c->fm.fm_line ? c->fm.fm_line : 1;
		*col = 1;
	}
}

static void problem(struct ctx *c, const char *key, enum cc_severity sev, const char *rule,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void value_problem(struct ctx *c, const char *key, enum cc_severity sev, const char *rule,
			  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void problem(struct ctx *c, const char *key, enum cc_severity sev, const char *rule,
		    const char *fmt, ...)
{
	struct cc_buf msg = CC_BUF_INIT;
	va_list ap;
	int line, col;

	va_start(ap, fmt);
	cc_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	locate(c, key, &line, &col);
	cc_problems_add(&c->a->problems, c->a->path, line, col, sev, rule, "%s", msg.buf);
	cc_buf_release(&msg);
}

/* The same, placed where key's value starts (`stage:   desicion` at the value, not the key). */
static void value_problem(struct ctx *c, const char *key, enum cc_severity sev, const char *rule,
			  const char *fmt, ...)
{
	struct cc_buf msg = CC_BUF_INIT;
	va_list ap;
	int line, col;
	const struct cc_loc *loc = key ? cc_locs_find(&c->fm.locs, key) : NULL;

	va_start(ap, fmt);
	cc_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	if (loc && loc->vline > 0) {
		line = loc->vline;
		col = loc->vcol;
	} else {
		locate(c, key, &line, &col);
	}
	cc_problems_add(&c->a->problems, c->a->path, line, col, sev, rule, "%s", msg.buf);
	cc_buf_release(&msg);
}

/* At most 80 bytes of s for a message (values can be megabytes long). */
static char *brief(const char *s)
{
	size_t n = strlen(s);
	if (n <= 80)
		return cc_xstrdup(s);
	while (n > 77 && (n > 80 || ((unsigned char)s[n] & 0xC0) == 0x80))
		n--;
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_add(&b, s, n);
	cc_buf_adds(&b, "...");
	return cc_buf_detach(&b, NULL);
}

/*
 * The text of a single-valued field. A list stands for its first element
 * (authors: [A, B]); a mapping, or a list of more than one value where one
 * is expected (title, slug, status, format, summary), is reported.
 */
static char *field_text(struct ctx *c, enum cc_field f, const char **key)
{
	const char *k = NULL;
	json_t *v = field_get(c, f, &k);
	char *s;
	if (key)
		*key = k;
	if (!v)
		return cc_xstrdup("");
	if (json_is_object(v) || (f != CC_F_AUTHOR && json_is_array(v) && json_array_size(v) > 1)) {
		problem(c, k, CC_SEV_WARNING, "invalid-value", "'%s' should be a single value, not a %s", k,
			json_is_object(v) ? "mapping" : "list");
		if (json_is_object(v))
			return cc_xstrdup("");
	}
	if (json_is_array(v) && json_array_size(v))
		v = json_array_get(v, 0);
	s = cc_json_scalar_text(v);
	return s ? s : cc_xstrdup("");
}

/* A person's name from one value: a scalar, or a mapping's "name" (Hugo author data). */
static char *person_text(const json_t *v)
{
	if (json_is_object(v))
		v = json_object_get(v, "name");
	char *s = v ? cc_json_scalar_text(v) : NULL;
	if (!s)
		return NULL;
	const char *b = s;
	size_t n = strlen(s);
	while (*b == ' ' || *b == '\t')
		b++, n--;
	while (n && (b[n - 1] == ' ' || b[n - 1] == '\t' || b[n - 1] == '\r' || b[n - 1] == '\n'))
		n--;
	char *t = n ? cc_xstrndup(b, n) : NULL;
	free(s);
	return t;
}

/*
 * Every person named by field f, from every candidate key present (not
 * only the first): authors: [A, B] plus author: C is A, B, C. Values that
 * name nobody (a number list, a mapping without a name) are reported.
 */
static void parse_people(struct ctx *c, enum cc_field f, struct cc_strlist *out)
{
	const struct cc_strlist *cands = &c->cfg->fields[f];
	for (size_t k = 0; k < cands->n; k++) {
		const char *key = cands->v[k];
		json_t *v = cc_json_path(c->a->fields, key);
		if (!v || json_is_null(v))
			continue;
		size_t n = json_is_array(v) ? json_array_size(v) : 1;
		for (size_t i = 0; i < n; i++) {
			json_t *e = json_is_array(v) ? json_array_get(v, i) : v;
			char *name = person_text(e);
			if (!name) {
				if (!json_is_null(e))
					problem(c, key, CC_SEV_WARNING, "invalid-value",
						"'%s' should name a person (a string, or a mapping with a name)", key);
				continue;
			}
			if (!cc_strlist_has(out, name))
				cc_strlist_add(out, name);
			free(name);
		}
	}
}

static void parse_date_field(struct ctx *c, enum cc_field f, char day[11], char *full, size_t fullsz,
			     int *line)
{
	const char *key = NULL;
	json_t *v = field_get(c, f, &key);
	struct cc_date d;
	int col;
	day[0] = '\0';
	if (full)
		full[0] = '\0';
	*line = 0;
	if (!v)
		return;
	locate(c, key, line, &col);
	if (!json_is_string(v) || cc_date_parse(&d, json_string_value(v)) < 0) {
		char *text = cc_json_scalar_text(v);
		char *shown = brief(text ? text : "(not a scalar)");
		problem(c, key, CC_SEV_ERROR, "invalid-date",
			"invalid date '%s' in '%s' (not a date, or a day that does not exist)", shown, key);
		free(shown);
		free(text);
		return;
	}
	cc_day_format(day, cc_date_days(&d));
	if (full) {
		if (!d.has_time)
			snprintf(full, fullsz, "%s", day);
		else if (!d.has_tz)
			snprintf(full, fullsz, "%sT%02d:%02d:%02d", day, d.hour, d.min, d.sec);
		else
			snprintf(full, fullsz, "%sT%02d:%02d:%02d%c%02d:%02d", day, d.hour, d.min, d.sec,
				 d.tz_min < 0 ? '-' : '+', abs(d.tz_min) / 60, abs(d.tz_min) % 60);
	}
}

static const struct cc_vocab *dim_vocab(const struct cc_config *cfg, enum cc_dim d)
{
	switch (d) {
	case CC_DIM_PERSONA:
		return &cfg->personas;
	case CC_DIM_STAGE:
		return &cfg->stages;
	default:
		return &cfg->topics;
	}
}

static void add_tag(struct ctx *c, enum cc_dim d, const char *raw, const char *lockey)
{
	const struct cc_vocab *vocab = dim_vocab(c->cfg, d);
	char *clean = cc_vocab_clean(raw);
	const char *canon = NULL;
	const char *value = clean;

	if (!*clean) {
		free(clean);
		return;
	}
	if (vocab->n) {
		if (cc_vocab_lookup(vocab, clean, &canon) >= 0) {
			value = canon;
		} else {
			char *shown = brief(raw);
			char *valid = c->suggested++ < CC_MAX_SUGGESTIONS ? cc_vocab_suggest(vocab, clean)
									 : cc_xstrdup("");
			value_problem(c, lockey, CC_SEV_WARNING, "unknown-value", "unknown %s '%s'%s",
				      dim_names[d], shown, valid);
			free(valid);
			free(shown);
		}
	}
	/* A hash set, not a scan of the list: an asset may carry 100000 tags. */
	if (!c->seen[d])
		c->seen[d] = json_object();
	if (!json_object_get(c->seen[d], value)) {
		json_object_set_new_nocheck(c->seen[d], value, json_true());
		cc_strlist_add(&c->a->tags[d], value);
	}
	free(clean);
}

static void parse_tags(struct ctx *c, enum cc_dim d)
{
	const char *key = NULL;
	json_t *v = field_get(c, dim_fields[d], &key);
	char lockey[256];

	if (!v)
		return;
	if (json_is_array(v)) {
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e) {
			char *s = cc_json_scalar_text(e);
			snprintf(lockey, sizeof(lockey), "%s.%zu", key, i);
			if (s)
				add_tag(c, d, s, cc_locs_find(&c->fm.locs, lockey) ? lockey : key);
			free(s);
		}
		return;
	}
	char *s = cc_json_scalar_text(v);
	if (!s) {
		problem(c, key, CC_SEV_WARNING, "invalid-value", "'%s' should be a %s or a list of them",
			key, dim_names[d]);
		return;
	}
	/* "cio, cfo" in one string is two values. */
	char *save = NULL;
	for (char *part = strtok_r(s, ",", &save); part; part = strtok_r(NULL, ",", &save))
		add_tag(c, d, part, key);
	free(s);
}

static char *file_stem(const char *path)
{
	const char *base = strrchr(path, '/');
	const char *start = base ? base + 1 : path;
	const char *dot = strrchr(start, '.');
	size_t n = dot && dot > start ? (size_t)(dot - start) : strlen(start);
	/* Hugo's page bundles: content/post/x/index.md is "x". */
	if (base && ((n == 5 && !strncmp(start, "index", 5)) || (n == 6 && !strncmp(start, "_index", 6)))) {
		const char *prev = base;
		while (prev > path && prev[-1] != '/')
			prev--;
		if (prev < base)
			return cc_xstrndup(prev, (size_t)(base - prev));
	}
	return cc_xstrndup(start, n);
}

static char *shorten(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max)
		return cc_xstrdup(s);
	size_t cut = max;
	while (cut > max / 2 && s[cut] != ' ')
		cut--;
	if (s[cut] != ' ')
		while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut--; /* do not split a UTF-8 sequence */
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_add(&b, s, cut);
	cc_buf_rtrim(&b);
	cc_buf_adds(&b, "…");
	return cc_buf_detach(&b, NULL);
}

static void check_status(struct ctx *c, const char *key)
{
	const struct cc_strlist *st = &c->cfg->statuses;
	if (!st->n || cc_strlist_has(st, c->a->status))
		return;
	struct cc_vocab tmp = {0};
	for (size_t i = 0; i < st->n; i++)
		cc_vocab_add(&tmp, st->v[i]);
	const char *near = cc_vocab_nearest(&tmp, c->a->status);
	if (near)
		problem(c, key, CC_SEV_WARNING, "unknown-status",
			"status '%s' is not in the workflow; did you mean '%s'?", c->a->status, near);
	else
		problem(c, key, CC_SEV_WARNING, "unknown-status", "status '%s' is not in the workflow (see 'statuses' in contentcal.yml)",
			c->a->status);
	cc_vocab_release(&tmp);
}

static void check_required(struct ctx *c)
{
	for (size_t i = 0; i < c->cfg->required.n; i++) {
		const char *name = c->cfg->required.v[i];
		int d = cc_dim_parse(name);
		bool present = false;
		if (d >= 0) {
			present = c->a->tags[d].n > 0;
		} else {
			for (int f = 0; f < CC_F_COUNT; f++)
				if (!strcmp(cc_field_name((enum cc_field)f), name))
					present = field_get(c, (enum cc_field)f, NULL) != NULL;
		}
		if (!present)
			problem(c, NULL, CC_SEV_WARNING, "missing-field", "missing required field '%s'", name);
	}
}

static void derive(struct ctx *c, const char *stem)
{
	struct cc_asset *a = c->a;
	const char *key = NULL;
	char *s;

	key = NULL;
	s = field_text(c, CC_F_SLUG, &key);
	a->slug = cc_slugify(*s ? s : stem);
	a->slug_declared = key != NULL;
	if (key) {
		locate(c, key, &a->slug_line, &a->slug_col);
	} else {
		a->slug_line = 1;
		a->slug_col = 1;
	}
	free(s);
	if (!*a->slug) {
		free(a->slug);
		a->slug = cc_xstrdup(stem);
	}

	s = field_text(c, CC_F_TITLE, NULL);
	if (!*s && a->md.title) {
		free(s);
		s = cc_xstrdup(a->md.title);
	}
	a->title = *s ? s : (free(s), cc_xstrdup(stem));

	s = field_text(c, CC_F_SUMMARY, NULL);
	if (!*s && a->md.first_para) {
		free(s);
		s = shorten(a->md.first_para, 300);
	}
	a->summary = s;

	parse_people(c, CC_F_AUTHOR, &a->authors);
	parse_people(c, CC_F_OWNER, &a->owners);
	a->author = cc_xstrdup(a->authors.n ? a->authors.v[0] : "");

	key = NULL;
	s = field_text(c, CC_F_STATUS, &key);
	if (!a->fm_ok) {
		/* Front matter that did not parse (or a file not read as text): its
		 * status is unknown, so never published, scheduled or offered. */
		free(s);
		s = cc_xstrdup(CC_STATUS_INVALID);
		key = NULL;
	} else if (!*s) {
		json_t *draft = json_object_get(a->fields, "draft");
		free(s);
		s = cc_xstrdup(json_is_true(draft) ? "draft" : "published");
		key = NULL;
	} else {
		char *clean = cc_vocab_clean(s);
		free(s);
		s = clean;
	}
	a->status = s;
	if (key)
		check_status(c, key);

	key = NULL;
	s = field_text(c, CC_F_FORMAT, &key);
	if (*s) {
		char *clean = cc_vocab_clean(s);
		const char *canon = NULL;
		free(s);
		s = clean;
		if (c->cfg->formats.n) {
			if (cc_vocab_lookup(&c->cfg->formats, s, &canon) >= 0) {
				free(s);
				s = cc_xstrdup(canon);
			} else {
				char *valid = cc_vocab_suggest(&c->cfg->formats, s);
				problem(c, key, CC_SEV_WARNING, "unknown-value", "unknown format '%s'%s", s, valid);
				free(valid);
			}
		}
	} else if (c->cfg->formats.n) {
		/* No format key: a folder named after a known format (content/blog/x.md) says it. */
		char *dirs = cc_xstrdup(a->path), *save = NULL;
		char *last = strrchr(dirs, '/');
		if (last)
			*last = '\0';
		for (char *part = last ? strtok_r(dirs, "/", &save) : NULL; part;
		     part = strtok_r(NULL, "/", &save)) {
			const char *canon = NULL;
			char *clean = cc_vocab_clean(part);
			if (cc_vocab_lookup(&c->cfg->formats, clean, &canon) >= 0) {
				free(s);
				s = cc_xstrdup(canon);
			}
			free(clean);
		}
		free(dirs);
	}
	a->format = s;

	for (int d = 0; d < CC_DIM_COUNT; d++)
		parse_tags(c, (enum cc_dim)d);

	parse_date_field(c, CC_F_DATE, a->date, a->date_full, sizeof(a->date_full), &a->date_line);
	parse_date_field(c, CC_F_DUE, a->due, NULL, 0, &a->due_line);
	parse_date_field(c, CC_F_REVIEW, a->review_by, NULL, 0, &a->review_line);
	parse_date_field(c, CC_F_EXPIRES, a->expires, NULL, 0, &a->expires_line);
	parse_date_field(c, CC_F_REVISED, a->revised, NULL, 0, &a->revised_line);

	/* The front-matter url as written; the url pattern and the site's
	 * default need every path (languages), so the URL pass after parsing
	 * resolves them (cc_site_resolve in slugs.c) and stores both. */
	json_t *u = json_object_get(a->fields, "url");
	a->url = cc_xstrdup(json_is_string(u) ? json_string_value(u) : "");

	/* Required fields are a content-planning rule: a repository without a
	 * contentcal.yml (a plain Hugo site, say) is not held to it. */
	if (c->fm.ok && c->cfg->path)
		check_required(c);
}

bool cc_lfs_pointer(const char *text, size_t len)
{
	static const char v1[] = "version https://git-lfs.github.com/spec/v1\n";
	static const char v0[] = "version https://hawser.github.com/spec/v1\n";
	if (len > CC_LFS_POINTER_MAX)
		return false;
	if (!(len >= sizeof(v1) - 1 && !memcmp(text, v1, sizeof(v1) - 1)) &&
	    !(len >= sizeof(v0) - 1 && !memcmp(text, v0, sizeof(v0) - 1)))
		return false;
	/* The other keys, each on a line of its own: "oid sha256:HEX" and "size N". */
	bool oid = false, size = false;
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (text + i)) : len - i;
		if (n > 11 && !memcmp(text + i, "oid sha256:", 11))
			oid = true;
		if (n > 5 && !memcmp(text + i, "size ", 5) && text[i + 5] >= '0' && text[i + 5] <= '9')
			size = true;
		i += n + 1;
	}
	return oid && size;
}

int cc_asset_parse(struct cc_asset *out, const struct cc_config *cfg, const char *path,
		   const char *text, size_t len)
{
	struct ctx c = {.a = out, .cfg = cfg};
	char *stem = file_stem(path);
	int ret = 0, line, col;
	size_t plen = strlen(path);
	int mdx = plen > 4 && !strcmp(path + plen - 4, ".mdx");

	memset(out, 0, sizeof(*out));
	out->path = cc_xstrdup(path);
	out->body_line = 1;

	bool lfs = cc_lfs_pointer(text, len);
	if (len > CC_MAX_FILE_BYTES || lfs || memchr(text, '\0', len)) {
		if (lfs)
			cc_problems_add(&out->problems, path, 1, 1, CC_SEV_ERROR, "lfs-pointer",
					"a Git LFS pointer, not the file's content (run 'git lfs pull'); "
					"it is listed as invalid and never offered");
		else if (len > CC_MAX_FILE_BYTES)
			cc_problems_add(&out->problems, path, 1, 1, CC_SEV_ERROR, "file-too-large",
					"file is %zu bytes, over the %u-byte limit; only its path is indexed",
					len, CC_MAX_FILE_BYTES);
		else
			cc_problems_add(&out->problems, path, 1, 1, CC_SEV_ERROR, "binary-file",
					"file holds NUL bytes (binary?); only its path is indexed");
		out->fields = json_object();
		out->fm_ok = 0;
		cc_md_analyze(&out->md, "", 0, 0);
		derive(&c, stem);
		for (int d = 0; d < CC_DIM_COUNT; d++)
			json_decref(c.seen[d]);
		free(stem);
		return 0;
	}
	if (!len)
		cc_problems_add(&out->problems, path, 1, 1, CC_SEV_WARNING, "empty-file", "file is empty");
	if (!cc_utf8_check(text, len, &line, &col))
		cc_problems_add(&out->problems, path, line, col, CC_SEV_ERROR, "invalid-utf8",
				"invalid UTF-8 byte sequence");

	cc_fm_parse(&c.fm, text, len, path, &out->problems);
	out->fm_kind = c.fm.kind;
	out->fm_ok = c.fm.ok;
	out->fields = json_incref(c.fm.data);
	if (!out->fields)
		out->fields = json_object();
	out->body_line = c.fm.body_line;

	if (cc_md_analyze(&out->md, text + c.fm.body_offset, len - c.fm.body_offset, mdx) < 0) {
		ret = cc_error("cannot analyse '%s': out of memory", path);
		cc_md_analyze(&out->md, "", 0, 0);
	}
	derive(&c, stem);
	cc_fm_release(&c.fm);
	for (int d = 0; d < CC_DIM_COUNT; d++)
		json_decref(c.seen[d]);
	free(stem);
	return ret;
}

void cc_asset_release(struct cc_asset *a)
{
	if (!a)
		return;
	free(a->path);
	json_decref(a->fields);
	free(a->slug);
	free(a->title);
	free(a->summary);
	free(a->status);
	free(a->format);
	free(a->author);
	cc_strlist_clear(&a->authors);
	cc_strlist_clear(&a->owners);
	free(a->url);
	for (int d = 0; d < CC_DIM_COUNT; d++)
		cc_strlist_clear(&a->tags[d]);
	cc_md_release(&a->md);
	cc_problems_release(&a->problems);
	memset(a, 0, sizeof(*a));
}
