/*
 * yaml.c — libyaml events into a jansson tree with key locations (see
 * yaml.h).
 *
 * The loader walks libyaml's event stream with one recursive function per
 * node. Anchored values are kept (one reference each) together with their
 * weight: how many alias expansions and nodes they already contain and how
 * deep they are. An alias adds 1 + the anchored value's own expansions to the
 * document's count, so nested expansions are counted recursively and a
 * billion-laughs document fails after a handful of anchors, before anything
 * is copied. The bytes of scalar text an expansion copies are counted too
 * (one big anchored string aliased many times is the same attack with few
 * nodes), and so is an alias used as a mapping key. Only then is the value
 * deep-copied (the node and byte caps bound that copy).
 *
 * Columns: libyaml counts characters; problems and locations use bytes, so
 * marks are converted with a table of line starts of the text.
 */
#define CC_YAML_WANT_LIBYAML /* libyaml's <yaml.h> too; see yaml.h */
#include "yaml.h"
#include "buf.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

struct anchor {
	char *name;
	json_t *val;    /* one reference */
	size_t aliases; /* alias expansions inside the value */
	size_t nodes;   /* nodes inside the value */
	size_t bytes;   /* scalar and key bytes inside the value */
	int height;     /* nesting levels inside the value */
};

struct loader {
	yaml_parser_t parser;
	const char *text;
	size_t len;
	size_t *line_start; /* byte offset of each line libyaml counts */
	size_t nlines;
	/* The last mark converted: marks mostly move forward along a line, so
	 * the next one continues from here instead of the line's start. */
	size_t mark_line, mark_chars, mark_byte;
	int line_offset;
	const char *path;
	struct cc_problems *problems;
	struct cc_locs *locs;
	struct anchor *anchors;
	size_t nanchors, anchors_alloc;
	size_t aliases, nodes;
	size_t bytes;    /* scalar and key bytes loaded, expansions included */
	size_t expanded; /* of which copied by alias expansions */
	struct cc_buf key; /* dotted path of the node being loaded */
};

static uint64_t key_hash(const char *k)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (; *k; k++)
		h = (h ^ (unsigned char)*k) * 1099511628211ULL;
	return h;
}

/* The slot that holds key, or the empty slot where it would go. */
static size_t slot_of(const struct cc_locs *locs, const char *key)
{
	size_t mask = locs->nslots - 1, i = (size_t)key_hash(key) & mask;
	for (;; i = (i + 1) & mask) {
		size_t s = locs->slots[i];
		if (!s)
			return i;
		if (s != SIZE_MAX && !strcmp(locs->v[s - 1].key, key))
			return i;
	}
}

/*
 * Rebuilds the index with room for twice the entries there are, dropped
 * ones included: sizing it by the live entries alone would rebuild it
 * (a pass over every entry) after every few additions once a document has
 * replaced many keys, which was quadratic in duplicate keys.
 */
static void rehash(struct cc_locs *locs)
{
	size_t want = 16;
	while (want < 4 * (locs->n + 1))
		want *= 2;
	free(locs->slots);
	locs->slots = cc_xcalloc(want, sizeof(*locs->slots));
	locs->nslots = want;
	locs->used = 0;
	for (size_t i = 0; i < locs->n; i++) {
		if (!locs->v[i].key)
			continue;
		size_t s = slot_of(locs, locs->v[i].key);
		if (!locs->slots[s])
			locs->used++;
		locs->slots[s] = i + 1;
	}
}

size_t cc_locs_add(struct cc_locs *locs, const char *key, int line, int col)
{
	struct cc_loc *l;
	size_t s;

	/* strnlen: the key of an element 100000 levels deep must not be measured */
	if (strnlen(key, CC_LOCS_MAX_KEY + 1) > CC_LOCS_MAX_KEY)
		return SIZE_MAX;
	CC_GROW(locs->v, locs->alloc, locs->n + 1);
	l = &locs->v[locs->n++];
	l->key = cc_xstrdup(key);
	l->line = line;
	l->col = col;
	l->vline = line;
	l->vcol = col;
	l->end = 0;
	if (2 * (locs->used + 1) > locs->nslots) {
		rehash(locs); /* includes the new entry */
		return locs->n - 1;
	}
	s = slot_of(locs, key);
	if (!locs->slots[s]) {
		/* Not there: take the first dropped slot on the way, if any, so
		 * that a key replaced a million times does not leave a trail of
		 * dropped slots to probe through (that was quadratic). */
		size_t mask = locs->nslots - 1, i = (size_t)key_hash(key) & mask;
		while (locs->slots[i] && locs->slots[i] != SIZE_MAX)
			i = (i + 1) & mask;
		if (locs->slots[i] == SIZE_MAX)
			s = i;
		else
			locs->used++;
	}
	locs->slots[s] = locs->n; /* the newest entry for a key wins */
	return locs->n - 1;
}

void cc_locs_close(struct cc_locs *locs, size_t idx)
{
	if (idx < locs->n)
		locs->v[idx].end = locs->n;
}

const struct cc_loc *cc_locs_find(const struct cc_locs *locs, const char *key)
{
	size_t s;
	if (!locs || !locs->nslots || strnlen(key, CC_LOCS_MAX_KEY + 1) > CC_LOCS_MAX_KEY)
		return NULL; /* never recorded; and hashing it would cost its length */
	s = locs->slots[slot_of(locs, key)];
	return s ? &locs->v[s - 1] : NULL;
}

void cc_locs_release(struct cc_locs *locs)
{
	if (!locs)
		return;
	for (size_t i = 0; i < locs->n; i++)
		free(locs->v[i].key);
	free(locs->v);
	free(locs->slots);
	memset(locs, 0, sizeof(*locs));
}

/* Marks entry i dropped, taking it out of the index when it is the one indexed. */
static void drop(struct cc_locs *locs, size_t i)
{
	size_t s = slot_of(locs, locs->v[i].key);
	if (locs->slots[s] == i + 1)
		locs->slots[s] = SIZE_MAX;
	free(locs->v[i].key);
	locs->v[i].key = NULL;
	locs->dead++;
}

static int under(const char *k, const char *key, size_t klen)
{
	return !strncmp(k, key, klen) && (k[klen] == '\0' || k[klen] == '.');
}

void cc_locs_compact(struct cc_locs *locs)
{
	size_t j = 0;
	if (!locs->dead)
		return;
	for (size_t i = 0; i < locs->n; i++)
		if (locs->v[i].key)
			locs->v[j++] = locs->v[i];
	locs->n = j;
	locs->dead = 0;
	rehash(locs);
}

void cc_locs_remove_tree(struct cc_locs *locs, const char *key)
{
	size_t klen = strnlen(key, CC_LOCS_MAX_KEY + 1), s;

	if (!locs->nslots || klen > CC_LOCS_MAX_KEY)
		return; /* nothing is recorded under a key too long to record */
	s = locs->slots[slot_of(locs, key)];
	if (s && locs->v[s - 1].end >= s) {
		/* A closed entry: its value's keys are the entries up to its end. */
		size_t first = s - 1, end = locs->v[first].end;
		if (end > locs->n)
			end = locs->n;
		for (size_t i = first; i < end; i++)
			if (locs->v[i].key && under(locs->v[i].key, key, klen))
				drop(locs, i);
		return;
	}
	/* Not closed: every entry. Dropped ones stay until cc_locs_compact(), so
	 * that indexes from cc_locs_add (and the ends of closed entries) hold. */
	for (size_t i = 0; i < locs->n; i++)
		if (locs->v[i].key && under(locs->v[i].key, key, klen))
			drop(locs, i);
}

static void index_lines(struct loader *ld)
{
	size_t alloc = 0, i = 0;
	const char *t = ld->text;

	if (ld->len >= 3 && !memcmp(t, "\xEF\xBB\xBF", 3))
		i = 3; /* libyaml drops the BOM before counting columns */
	CC_GROW(ld->line_start, alloc, 1);
	ld->line_start[ld->nlines++] = i;
	for (; i < ld->len; i++) {
		if (t[i] == '\r' && i + 1 < ld->len && t[i + 1] == '\n')
			i++;
		else if (t[i] != '\n' && t[i] != '\r')
			continue;
		CC_GROW(ld->line_start, alloc, ld->nlines + 1);
		ld->line_start[ld->nlines++] = i + 1;
	}
}

/*
 * File line and 1-based byte column of a libyaml mark. libyaml counts
 * columns in characters; the byte offset is found by walking the line from
 * the last mark converted when this one is further along the same line
 * (events come in document order), else from the line's start. So the
 * conversions of a document cost one pass over each line, not one per
 * node: a 2 MB one-line flow sequence was quadratic before.
 */
static void mark_pos(struct loader *ld, yaml_mark_t m, int *line, int *col)
{
	size_t p, end, chars = 0;

	*line = (int)m.line + 1 + ld->line_offset;
	if (m.line >= ld->nlines) {
		*col = (int)m.column + 1;
		return;
	}
	p = ld->line_start[m.line];
	end = m.line + 1 < ld->nlines ? ld->line_start[m.line + 1] : ld->len;
	if (ld->mark_line == m.line && ld->mark_chars <= m.column && ld->mark_byte >= p) {
		p = ld->mark_byte;
		chars = ld->mark_chars;
	}
	while (p < end && chars < m.column) {
		p++;
		while (p < end && ((unsigned char)ld->text[p] & 0xC0) == 0x80)
			p++;
		chars++;
	}
	ld->mark_line = m.line;
	ld->mark_chars = chars;
	ld->mark_byte = p;
	/* a BOM is not counted by libyaml, but its bytes are in the column */
	*col = (int)(p - (m.line ? ld->line_start[m.line] : 0)) + 1 + (int)(m.column - chars);
}

__attribute__((format(printf, 4, 5))) static int fail(struct loader *ld, yaml_mark_t m,
						       const char *rule, const char *fmt, ...)
{
	struct cc_buf msg = CC_BUF_INIT;
	va_list ap;
	int line, col;

	va_start(ap, fmt);
	cc_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	mark_pos(ld, m, &line, &col);
	cc_problems_add(ld->problems, ld->path, line, col, CC_SEV_ERROR, rule, "%s", msg.buf);
	cc_error("%s:%d:%d: %s", ld->path ? ld->path : "", line, col, msg.buf);
	cc_buf_release(&msg);
	return -1;
}

/*
 * Where a syntax error is caused. libyaml gives two marks: problem_mark,
 * where it noticed, and context_mark, where the construct it was reading
 * began. For a token or flow collection left open (an unclosed quote or
 * bracket, a key without its ':'), the noticing can be many lines later,
 * at the end of the stream: the cause is where it began. Inside a block
 * collection the context is the collection's first line and the problem
 * is the line that breaks it.
 */
static bool cause_is_context(const yaml_parser_t *p)
{
	return p->context && (!strncmp(p->context, "while scanning", 14) ||
			      !strncmp(p->context, "while parsing a flow", 20));
}

static int next_event(struct loader *ld, yaml_event_t *ev)
{
	int line, col;

	if (yaml_parser_parse(&ld->parser, ev))
		return 0;
	const char *problem = ld->parser.problem ? ld->parser.problem : "syntax error";
	if (cause_is_context(&ld->parser)) {
		mark_pos(ld, ld->parser.problem_mark, &line, &col);
		return fail(ld, ld->parser.context_mark, "invalid-yaml", "%s: %s (noticed at line %d)",
			    ld->parser.context, problem, line);
	}
	if (ld->parser.context) {
		mark_pos(ld, ld->parser.context_mark, &line, &col);
		return fail(ld, ld->parser.problem_mark, "invalid-yaml", "%s (%s at line %d)", problem,
			    ld->parser.context, line);
	}
	return fail(ld, ld->parser.problem_mark, "invalid-yaml", "%s", problem);
}

static int count_node(struct loader *ld, yaml_mark_t m)
{
	if (++ld->nodes > CC_YAML_MAX_NODES)
		return fail(ld, m, "invalid-yaml", "too many nodes (more than %d)",
			    CC_YAML_MAX_NODES);
	return 0;
}

static int all_digits(const char *s, const char *digits)
{
	if (!*s)
		return 0;
	return strspn(s, digits) == strlen(s);
}

static int is_float_syntax(const char *s)
{
	int mant = 0;
	if (*s == '+' || *s == '-')
		s++;
	while (*s >= '0' && *s <= '9') {
		s++;
		mant = 1;
	}
	if (*s == '.') {
		s++;
		while (*s >= '0' && *s <= '9') {
			s++;
			mant = 1;
		}
	}
	if (!mant)
		return 0;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!(*s >= '0' && *s <= '9'))
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

static int one_of(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (!strcmp(s, *words))
			return 1;
	return 0;
}

/* A plain, untagged scalar typed by the core schema (see yaml.h). */
static json_t *plain_scalar(const char *s, size_t len)
{
	static const char *const nulls[] = {"", "~", "null", "Null", "NULL", NULL};
	static const char *const trues[] = {"true", "True", "TRUE", "yes", "Yes", "YES",
					    "on",   "On",   "ON",   NULL};
	static const char *const falses[] = {"false", "False", "FALSE", "no", "No", "NO",
					     "off",   "Off",   "OFF",   NULL};
	const char *d = s;
	char *end;

	if (strlen(s) != len)
		return NULL; /* embedded NUL: a string */
	if (one_of(s, nulls))
		return json_null();
	if (one_of(s, trues))
		return json_true();
	if (one_of(s, falses))
		return json_false();
	if (*d == '+' || *d == '-')
		d++;
	if (all_digits(d, "0123456789")) {
		errno = 0;
		long long v = strtoll(s, &end, 10);
		if (!errno && !*end)
			return json_integer(v);
		return json_real(strtod(s, NULL));
	}
	if (!strncmp(s, "0o", 2) && all_digits(s + 2, "01234567")) {
		errno = 0;
		long long v = strtoll(s + 2, &end, 8);
		return errno ? NULL : json_integer(v);
	}
	if (!strncmp(s, "0x", 2) && all_digits(s + 2, "0123456789abcdefABCDEF")) {
		errno = 0;
		long long v = strtoll(s + 2, &end, 16);
		return errno ? NULL : json_integer(v);
	}
	if (is_float_syntax(s)) {
		double v = strtod(s, NULL);
		return isfinite(v) ? json_real(v) : NULL;
	}
	return NULL;
}

/* Accounts for one alias expansion of a (as a value or as a key). */
static int count_expansion(struct loader *ld, yaml_mark_t m, const struct anchor *a)
{
	ld->aliases += 1 + a->aliases;
	ld->nodes += a->nodes;
	ld->bytes += a->bytes;
	ld->expanded += a->bytes;
	if (ld->aliases > CC_YAML_MAX_ALIASES)
		return fail(ld, m, "invalid-yaml", "too many alias expansions (more than %d)",
			    CC_YAML_MAX_ALIASES);
	if (ld->nodes > CC_YAML_MAX_NODES)
		return fail(ld, m, "invalid-yaml", "too many nodes (more than %d)", CC_YAML_MAX_NODES);
	if (ld->expanded > CC_YAML_MAX_ALIAS_BYTES)
		return fail(ld, m, "invalid-yaml", "alias expansions copy more than %d bytes",
			    CC_YAML_MAX_ALIAS_BYTES);
	return 0;
}

static int load_scalar(struct loader *ld, yaml_event_t *ev, json_t **out)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	const char *tag = (const char *)ev->data.scalar.tag;
	json_t *v = NULL;

	if (count_node(ld, ev->start_mark) < 0)
		return -1;
	ld->bytes += len;
	if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    (!tag || (strcmp(tag, "!") && strcmp(tag, YAML_STR_TAG))))
		v = plain_scalar(s, len);
	if (!v)
		v = json_stringn(s, len);
	if (!v)
		return fail(ld, ev->start_mark, "invalid-yaml", "scalar is not valid utf-8");
	*out = v;
	return 0;
}

static const struct anchor *find_anchor(const struct loader *ld, const char *name)
{
	for (size_t i = ld->nanchors; i-- > 0;)
		if (!strcmp(ld->anchors[i].name, name))
			return &ld->anchors[i];
	return NULL;
}

static int load_alias(struct loader *ld, yaml_event_t *ev, int depth, json_t **out)
{
	const char *name = (const char *)ev->data.alias.anchor;
	const struct anchor *a = find_anchor(ld, name);

	if (!a)
		return fail(ld, ev->start_mark, "invalid-yaml", "undefined alias '%s'", name);
	if (count_expansion(ld, ev->start_mark, a) < 0)
		return -1;
	if (depth + a->height > CC_YAML_MAX_DEPTH)
		return fail(ld, ev->start_mark, "invalid-yaml",
			    "nesting deeper than %d levels", CC_YAML_MAX_DEPTH);
	*out = json_deep_copy(a->val);
	if (!*out)
		return fail(ld, ev->start_mark, "invalid-yaml", "cannot copy alias '%s'", name);
	return a->height;
}

static int load_node(struct loader *ld, yaml_event_t *ev, int depth, json_t **out);

/* Appends ".part" (or "part" at the root) to the current key path. */
static size_t push_key(struct loader *ld, const char *part)
{
	size_t old = ld->key.len;
	if (old)
		cc_buf_addch(&ld->key, '.');
	cc_buf_adds(&ld->key, part);
	return old;
}

static size_t add_loc(struct loader *ld, yaml_mark_t m)
{
	int line, col;
	mark_pos(ld, m, &line, &col);
	return cc_locs_add(ld->locs, ld->key.buf, line, col);
}

static int load_sequence(struct loader *ld, yaml_event_t *ev, int depth, json_t **out)
{
	json_t *arr = json_array();
	int height = 0, h;
	char num[32];

	for (size_t i = 0;; i++) {
		yaml_event_t child;
		json_t *v = NULL;
		size_t old, loc;

		if (next_event(ld, &child) < 0)
			goto fail;
		if (child.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&child);
			break;
		}
		snprintf(num, sizeof(num), "%zu", i);
		old = push_key(ld, num);
		loc = add_loc(ld, child.start_mark);
		h = load_node(ld, &child, depth, &v);
		cc_locs_close(ld->locs, loc);
		cc_buf_setlen(&ld->key, old);
		yaml_event_delete(&child);
		if (h < 0)
			goto fail;
		json_array_append_new(arr, v);
		if (h > height)
			height = h;
	}
	*out = arr;
	return height + 1;
fail:
	json_decref(arr);
	return -1;
}

/* The text of a mapping key; the caller frees it. NULL after a failure. */
static char *key_text(struct loader *ld, yaml_event_t *ev)
{
	const struct anchor *a;

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		if (count_node(ld, ev->start_mark) < 0)
			return NULL;
		ld->bytes += ev->data.scalar.length;
		return cc_xstrndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
	case YAML_ALIAS_EVENT:
		a = find_anchor(ld, (const char *)ev->data.alias.anchor);
		if (!a) {
			fail(ld, ev->start_mark, "invalid-yaml", "undefined alias '%s'",
			     (const char *)ev->data.alias.anchor);
			return NULL;
		}
		if (json_is_string(a->val))
			return count_expansion(ld, ev->start_mark, a) < 0
				       ? NULL
				       : cc_xstrdup(json_string_value(a->val));
		break;
	default:
		break;
	}
	fail(ld, ev->start_mark, "invalid-yaml", "a mapping key must be a scalar");
	return NULL;
}

static int load_mapping(struct loader *ld, yaml_event_t *ev, int depth, json_t **out)
{
	json_t *obj = json_object();
	int height = 0, h;

	for (;;) {
		yaml_event_t kev, vev;
		json_t *v = NULL;
		char *k;
		size_t old, loc;
		int line, col;
		const struct cc_loc *prev;

		if (next_event(ld, &kev) < 0)
			goto fail;
		if (kev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&kev);
			break;
		}
		k = key_text(ld, &kev);
		if (!k) {
			yaml_event_delete(&kev);
			goto fail;
		}
		old = push_key(ld, k);
		mark_pos(ld, kev.start_mark, &line, &col);
		yaml_event_delete(&kev);
		if (json_object_get(obj, k)) {
			prev = cc_locs_find(ld->locs, ld->key.buf);
			cc_problems_add(ld->problems, ld->path, line, col, CC_SEV_WARNING,
					"duplicate-key", "duplicate key '%s' (line %d wins over line %d)",
					ld->key.buf, line, prev ? prev->line : 0);
			if (prev && prev->end) /* closed: its value's range is known */
				cc_locs_remove_tree(ld->locs, ld->key.buf);
		}
		loc = cc_locs_add(ld->locs, ld->key.buf, line, col);
		if (next_event(ld, &vev) < 0) {
			free(k);
			goto fail;
		}
		if (loc != SIZE_MAX) /* the value's own place: a problem with it points there */
			mark_pos(ld, vev.start_mark, &ld->locs->v[loc].vline, &ld->locs->v[loc].vcol);
		h = load_node(ld, &vev, depth, &v);
		cc_locs_close(ld->locs, loc);
		cc_buf_setlen(&ld->key, old);
		yaml_event_delete(&vev);
		if (h < 0) {
			free(k);
			goto fail;
		}
		json_object_set_new(obj, k, v);
		free(k);
		if (h > height)
			height = h;
	}
	*out = obj;
	return height + 1;
fail:
	json_decref(obj);
	return -1;
}

static void keep_anchor(struct loader *ld, const yaml_char_t *name, json_t *v, size_t aliases,
			size_t nodes, size_t bytes, int height)
{
	struct anchor *a;
	CC_GROW(ld->anchors, ld->anchors_alloc, ld->nanchors + 1);
	a = &ld->anchors[ld->nanchors++];
	a->name = cc_xstrdup((const char *)name);
	a->val = json_incref(v);
	a->aliases = aliases;
	a->nodes = nodes;
	a->bytes = bytes;
	a->height = height;
}

/*
 * Loads the node that starts with *ev (owned by the caller) at nesting
 * depth `depth` (the number of collections around it). Returns the height of
 * the node (0 for a scalar) or -1 after recording a problem.
 */
static int load_node(struct loader *ld, yaml_event_t *ev, int depth, json_t **out)
{
	size_t aliases = ld->aliases, nodes = ld->nodes, bytes = ld->bytes;
	const yaml_char_t *anchor = NULL;
	int h;

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		anchor = ev->data.scalar.anchor;
		h = load_scalar(ld, ev, out);
		break;
	case YAML_ALIAS_EVENT:
		return load_alias(ld, ev, depth, out);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (depth + 1 > CC_YAML_MAX_DEPTH)
			return fail(ld, ev->start_mark, "invalid-yaml",
				    "nesting deeper than %d levels", CC_YAML_MAX_DEPTH);
		if (count_node(ld, ev->start_mark) < 0)
			return -1;
		if (ev->type == YAML_SEQUENCE_START_EVENT) {
			anchor = ev->data.sequence_start.anchor;
			h = load_sequence(ld, ev, depth + 1, out);
		} else {
			anchor = ev->data.mapping_start.anchor;
			h = load_mapping(ld, ev, depth + 1, out);
		}
		break;
	default:
		return fail(ld, ev->start_mark, "invalid-yaml", "unexpected yaml event");
	}
	if (h >= 0 && anchor)
		keep_anchor(ld, anchor, *out, ld->aliases - aliases, ld->nodes - nodes,
			    ld->bytes - bytes, h);
	return h;
}

static const char *kind_name(const json_t *v)
{
	if (json_is_array(v))
		return "a sequence";
	if (json_is_string(v))
		return "a string";
	if (json_is_number(v))
		return "a number";
	if (json_is_boolean(v))
		return "a boolean";
	return "a value";
}

static int load_document(struct loader *ld, json_t **out)
{
	yaml_event_t ev;
	json_t *root = NULL;
	yaml_mark_t root_mark;
	int ret = -1, done;

	if (next_event(ld, &ev) < 0) /* stream start */
		return -1;
	yaml_event_delete(&ev);
	if (next_event(ld, &ev) < 0)
		return -1;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&ev);
		*out = json_object();
		return 0;
	}
	yaml_event_delete(&ev); /* document start */
	if (next_event(ld, &ev) < 0)
		return -1;
	root_mark = ev.start_mark;
	if (load_node(ld, &ev, 0, &root) < 0) {
		yaml_event_delete(&ev);
		return -1;
	}
	yaml_event_delete(&ev);
	/* The rest of the stream is not used, but must be well-formed. */
	do {
		if (next_event(ld, &ev) < 0)
			goto cleanup;
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	} while (!done);
	if (json_is_null(root)) {
		json_decref(root);
		root = json_object();
	}
	if (!json_is_object(root)) {
		fail(ld, root_mark, "invalid-front-matter",
		     "expected a mapping of keys to values at the top level, found %s",
		     kind_name(root));
		goto cleanup;
	}
	*out = root;
	root = NULL;
	ret = 0;
cleanup:
	json_decref(root);
	return ret;
}

int cc_yaml_load(json_t **out, struct cc_locs *locs, const char *text, size_t len, int line_offset,
		 const char *path, struct cc_problems *problems)
{
	struct loader ld = {0};
	struct cc_locs own = CC_LOCS_INIT;
	size_t first_loc = locs ? locs->n : 0;
	int ret;

	*out = NULL;
	ld.text = text;
	ld.len = len;
	ld.line_offset = line_offset;
	ld.path = path;
	ld.problems = problems;
	ld.locs = locs ? locs : &own;
	cc_buf_init(&ld.key);
	index_lines(&ld);
	if (!yaml_parser_initialize(&ld.parser)) {
		free(ld.line_start);
		return cc_error("cannot initialise the yaml parser");
	}
	yaml_parser_set_input_string(&ld.parser, (const unsigned char *)text, len);

	ret = load_document(&ld, out);
	if (ret < 0 && locs) {
		for (size_t i = first_loc; i < locs->n; i++)
			if (!locs->v[i].key)
				locs->dead--;
			else
				free(locs->v[i].key);
		locs->n = first_loc;
	}
	cc_locs_compact(ld.locs);

	yaml_parser_delete(&ld.parser);
	for (size_t i = 0; i < ld.nanchors; i++) {
		free(ld.anchors[i].name);
		json_decref(ld.anchors[i].val);
	}
	free(ld.anchors);
	free(ld.line_start);
	cc_buf_release(&ld.key);
	cc_locs_release(&own);
	return ret;
}
