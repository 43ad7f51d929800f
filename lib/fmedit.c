/*
 * fmedit.c — in-place front-matter edits by byte splicing (see fmedit.h).
 */
#define CC_YAML_WANT_LIBYAML /* libyaml's <yaml.h> too; see yaml.h */
#include "yaml.h"
#include "fmedit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "asset.h"
#include "date.h"
#include "frontmatter.h"
#include "problem.h"
#include "safefile.h"
#include "text.h"

#include <git2.h>

/* ---- what the events say about each top-level value ---- */

struct item {
	size_t start, end; /* bytes of the scalar, quotes included */
	int style;         /* yaml_scalar_style_t */
};

enum vkind { V_SCALAR, V_SEQ, V_MAP, V_ALIAS };

struct value {
	char *key;
	size_t kend;        /* byte just past the key scalar */
	enum vkind kind;
	size_t start, end;  /* scalar or flow sequence bytes ([ … ] included) */
	int style;          /* scalar style */
	bool flow;          /* sequence in flow style */
	bool decorated;     /* anchor or explicit tag on the value */
	bool nested;        /* a sequence holding more than scalars */
	bool duplicate;
	int line, col;      /* of the key, in the file */
	struct item *items;
	size_t nitems, aitems;
};

struct scan {
	const char *text; /* the whole file */
	size_t base;      /* byte offset of the block in the file */
	size_t blen;
	size_t ci, bi;    /* character index and byte offset (relative to base) of the cursor */
	struct value *v;
	size_t n, alloc;
};

/* Byte offset (in the file) of character index ch of the block. */
static size_t byte_at(struct scan *s, size_t ch)
{
	if (ch < s->ci)
		s->ci = s->bi = 0;
	while (s->ci < ch && s->bi < s->blen) {
		s->bi++;
		while (s->bi < s->blen && ((unsigned char)s->text[s->base + s->bi] & 0xC0) == 0x80)
			s->bi++;
		s->ci++;
	}
	return s->base + s->bi;
}

static void values_release(struct scan *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].key);
		free(s->v[i].items);
	}
	free(s->v);
	s->v = NULL;
	s->n = s->alloc = 0;
}

static struct value *find_value(struct scan *s, const char *key)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].key, key))
			return &s->v[i];
	return NULL;
}

/* Walks the block's events; 0, or -1 with cc_error. line0 is the file line of the block's first line. */
static int scan_block(struct scan *s, const char *path, int line0)
{
	yaml_parser_t p;
	yaml_event_t e;
	int depth = 0, ret = 0;
	bool want_key = true, done = false;
	struct value *cur = NULL;

	if (!yaml_parser_initialize(&p))
		return cc_error("out of memory");
	yaml_parser_set_input_string(&p, (const unsigned char *)s->text + s->base, s->blen);
	while (!done) {
		if (!yaml_parser_parse(&p, &e)) {
			ret = cc_error("%s:%d:%d: front matter does not parse: %s", path,
				       line0 + (int)p.problem_mark.line, (int)p.problem_mark.column + 1,
				       p.problem ? p.problem : "syntax error");
			break;
		}
		size_t a = byte_at(s, e.start_mark.index), b = byte_at(s, e.end_mark.index);
		switch (e.type) {
		case YAML_DOCUMENT_END_EVENT:
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
			if (depth == 0 && e.type == YAML_MAPPING_START_EVENT) {
				depth = 1;
				break;
			}
			if (depth == 0) {
				ret = cc_error("%s:%d:1: front matter is not a mapping", path, line0);
				done = true;
				break;
			}
			if (depth == 1 && cur && !want_key) {
				cur->kind = e.type == YAML_MAPPING_START_EVENT ? V_MAP : V_SEQ;
				cur->start = a;
				cur->flow = e.type == YAML_SEQUENCE_START_EVENT &&
					    e.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
				cur->decorated = e.type == YAML_SEQUENCE_START_EVENT
							 ? (e.data.sequence_start.anchor || e.data.sequence_start.tag)
							 : (e.data.mapping_start.anchor || e.data.mapping_start.tag);
			} else if (depth >= 2 && cur) {
				cur->nested = true;
			}
			depth++;
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			depth--;
			if (depth == 1 && cur) {
				cur->end = b;
				want_key = true;
			}
			if (depth == 0)
				done = true;
			break;
		case YAML_SCALAR_EVENT:
		case YAML_ALIAS_EVENT:
			if (depth == 1 && want_key) {
				char *key = e.type == YAML_SCALAR_EVENT ? cc_xstrdup((const char *)e.data.scalar.value)
									: cc_xstrdup("");
				struct value *prev = find_value(s, key);
				if (prev)
					prev->duplicate = true;
				CC_GROW(s->v, s->alloc, s->n + 1);
				cur = &s->v[s->n++];
				memset(cur, 0, sizeof(*cur));
				cur->key = key;
				cur->kend = b;
				cur->duplicate = prev != NULL;
				cur->line = line0 + (int)e.start_mark.line;
				cur->col = (int)e.start_mark.column + 1;
				want_key = false;
			} else if (depth == 1 && cur) {
				cur->kind = e.type == YAML_SCALAR_EVENT ? V_SCALAR : V_ALIAS;
				cur->start = a;
				cur->end = b;
				if (e.type == YAML_SCALAR_EVENT) {
					cur->style = e.data.scalar.style;
					cur->decorated = e.data.scalar.anchor || e.data.scalar.tag;
				}
				want_key = true;
			} else if (depth == 2 && cur && cur->kind == V_SEQ) {
				if (e.type == YAML_ALIAS_EVENT || e.data.scalar.anchor || e.data.scalar.tag) {
					cur->nested = true;
				} else {
					CC_GROW(cur->items, cur->aitems, cur->nitems + 1);
					cur->items[cur->nitems++] = (struct item){a, b, e.data.scalar.style};
				}
			}
			break;
		default:
			break;
		}
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&p);
	return ret;
}

/* ---- writing values ---- */

static bool plain_ok(const char *v, bool in_flow)
{
	static const char *const special[] = {"true", "false", "yes", "no", "on", "off", "null", "~",
					      ".inf", ".nan", "-.inf", "+.inf", NULL};
	size_t n = strlen(v);
	if (!n || v[0] == ' ' || v[n - 1] == ' ' || v[n - 1] == ':')
		return false;
	if (strchr("-?:,[]{}#&*!|>'\"%@`", v[0]) && !(v[0] == '-' && n > 1 && v[1] != ' ' && v[1] != '-'))
		return false;
	for (const char *p = v; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c == 0x7f)
			return false;
		if ((c == ':' && p[1] == ' ') || (c == ' ' && p[1] == '#'))
			return false;
		if (in_flow && strchr(",[]{}", c))
			return false;
	}
	for (size_t i = 0; special[i]; i++)
		if (!strcasecmp(v, special[i]))
			return false;
	/* would read back as a number */
	char *end = NULL;
	strtod(v, &end);
	if (end && !*end)
		return false;
	if (v[0] == '0' && (v[1] == 'x' || v[1] == 'o'))
		return false;
	return true;
}

static void add_scalar(struct cc_buf *b, const char *v, int style, bool in_flow)
{
	bool ctl = false;
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		ctl |= *p < 0x20 || *p == 0x7f;
	if (style == YAML_SINGLE_QUOTED_SCALAR_STYLE && !ctl) {
		cc_buf_addch(b, '\'');
		for (const char *p = v; *p; p++) {
			if (*p == '\'')
				cc_buf_addch(b, '\'');
			cc_buf_addch(b, *p);
		}
		cc_buf_addch(b, '\'');
	} else if (style == YAML_DOUBLE_QUOTED_SCALAR_STYLE || !plain_ok(v, in_flow)) {
		cc_buf_add_yaml_quoted(b, v);
	} else {
		cc_buf_adds(b, v);
	}
}

static void add_flow_list(struct cc_buf *b, const char *const *v, size_t n, int style)
{
	cc_buf_addch(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			cc_buf_adds(b, ", ");
		add_scalar(b, v[i], style, true);
	}
	cc_buf_addch(b, ']');
}

/* ---- splices ---- */

struct splice {
	size_t start, end;
	char *with;
};

struct splices {
	struct splice *v;
	size_t n, alloc;
};

static void splice_add(struct splices *s, size_t start, size_t end, struct cc_buf *with)
{
	CC_GROW(s->v, s->alloc, s->n + 1);
	s->v[s->n++] = (struct splice){start, end, cc_buf_detach(with, NULL)};
}

static int splice_cmp(const void *a, const void *b)
{
	const struct splice *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

static size_t line_start(const char *text, size_t pos)
{
	while (pos > 0 && text[pos - 1] != '\n')
		pos--;
	return pos;
}

/* Offset just past the line end of the line holding pos (len when none). */
static size_t line_next(const char *text, size_t len, size_t pos)
{
	const char *nl = memchr(text + pos, '\n', len - pos);
	return nl ? (size_t)(nl - text) + 1 : len;
}

/* Is text[from, to) spaces, one '-', spaces (a block item's prefix)? */
static bool item_prefix(const char *text, size_t from, size_t to)
{
	size_t i = from;
	while (i < to && text[i] == ' ')
		i++;
	if (i >= to || text[i] != '-')
		return false;
	i++;
	if (i >= to || text[i] != ' ')
		return false;
	while (i < to && text[i] == ' ')
		i++;
	return i == to;
}

static int edit_value(struct splices *out, const char *path, const char *text, size_t len, const struct value *v,
		      const struct cc_fm_change *c, const char *eol)
{
	struct cc_buf b = CC_BUF_INIT;
	const char *what = v->duplicate	  ? "it appears twice"
			   : v->decorated ? "it has an anchor or a tag"
			   : v->nested	  ? "its list holds more than plain values"
			   : v->kind == V_MAP ? "it is a mapping"
			   : v->kind == V_ALIAS ? "it is an alias"
			   : v->kind == V_SCALAR && (v->style == YAML_LITERAL_SCALAR_STYLE ||
						     v->style == YAML_FOLDED_SCALAR_STYLE)
				   ? "it is a block scalar (| or >)"
				   : NULL;
	if (what)
		return cc_error("%s:%d:%d: '%s' is not changed in place: %s", path, v->line, v->col, v->key, what);
	if (v->kind == V_SCALAR) {
		if (c->nvalues > 1) {
			add_flow_list(&b, c->values, c->nvalues, v->style);
		} else if (v->start == v->end) {
			/* an empty value (`owner:`): the value goes after the colon */
			size_t colon = v->kend;
			while (colon < len && text[colon] != ':')
				colon++;
			if (colon >= len)
				return cc_error("%s:%d:%d: cannot find the ':' after '%s'", path, v->line, v->col, v->key);
			cc_buf_addch(&b, ' ');
			add_scalar(&b, c->values[0], YAML_PLAIN_SCALAR_STYLE, false);
			splice_add(out, colon + 1, colon + 1, &b);
			return 0;
		} else {
			add_scalar(&b, c->values[0], v->style, false);
		}
		splice_add(out, v->start, v->end, &b);
		return 0;
	}
	/* a list */
	size_t common = v->nitems < c->nvalues ? v->nitems : c->nvalues;
	if (v->flow && v->nitems != c->nvalues) {
		add_flow_list(&b, c->values, c->nvalues,
			      v->nitems ? v->items[0].style : YAML_PLAIN_SCALAR_STYLE);
		splice_add(out, v->start, v->end, &b);
		return 0;
	}
	if (!v->flow) {
		for (size_t i = 0; i < v->nitems; i++)
			if (!item_prefix(text, line_start(text, v->items[i].start), v->items[i].start))
				return cc_error("%s:%d:%d: '%s' is not changed in place: its list items are "
						"not one '- value' a line",
						path, v->line, v->col, v->key);
	}
	for (size_t i = 0; i < common; i++) {
		add_scalar(&b, c->values[i], v->items[i].style, v->flow);
		splice_add(out, v->items[i].start, v->items[i].end, &b);
	}
	if (v->flow)
		return 0;
	if (c->nvalues > v->nitems) {
		/* new item lines after the last one, written like the first */
		size_t ls = line_start(text, v->items[0].start);
		size_t at = line_next(text, len, v->items[v->nitems - 1].end);
		bool need_eol = at == len || text[at - 1] != '\n';
		if (need_eol)
			cc_buf_adds(&b, eol);
		for (size_t i = v->nitems; i < c->nvalues; i++) {
			cc_buf_add(&b, text + ls, v->items[0].start - ls);
			add_scalar(&b, c->values[i], v->items[0].style, false);
			cc_buf_adds(&b, eol);
		}
		splice_add(out, at, at, &b);
	} else if (c->nvalues < v->nitems) {
		size_t from = line_start(text, v->items[c->nvalues].start);
		size_t to = line_next(text, len, v->items[v->nitems - 1].end);
		splice_add(out, from, to, &b);
	}
	return 0;
}

/* Does the value of key in fields read as the change asked? */
static bool reads_back(json_t *fields, const struct cc_fm_change *c)
{
	json_t *v = json_object_get(fields, c->key);
	if (json_is_string(v))
		return c->nvalues == 1 && !strcmp(json_string_value(v), c->values[0]);
	if (!json_is_array(v) || json_array_size(v) != c->nvalues)
		return false;
	for (size_t i = 0; i < c->nvalues; i++) {
		json_t *e = json_array_get(v, i);
		if (!json_is_string(e) || strcmp(json_string_value(e), c->values[i]))
			return false;
	}
	return true;
}

int cc_fm_edit(struct cc_buf *out, bool *changed, const char *path, const char *text, size_t len,
	       const struct cc_fm_change *changes, size_t nchanges)
{
	struct cc_fm fm;
	struct cc_problems probs = {0};
	struct scan s = {0};
	struct splices sp = {0};
	struct cc_buf add = CC_BUF_INIT;
	int ret = -1;
	size_t bom = len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3) ? 3 : 0;
	const char *eol = "\n";

	*changed = false;
	cc_fm_parse(&fm, text, len, path, &probs);
	if (fm.kind == CC_FM_JSON || fm.kind == CC_FM_TOML) {
		cc_error("%s:%d:1: %s front matter is not edited in place (only YAML is)", path, fm.fm_line,
			 fm.kind == CC_FM_JSON ? "JSON" : "TOML");
		goto cleanup;
	}
	if (!fm.ok) {
		const struct cc_problem *p = probs.n ? &probs.v[0] : NULL;
		cc_error("%s:%d:%d: front matter does not parse (%s); nothing changed", path, p ? p->line : 1,
			 p ? p->col : 1, p ? p->message : "invalid");
		goto cleanup;
	}
	for (size_t i = 0; i < nchanges; i++)
		if (!changes[i].nvalues || strchr(changes[i].key, '.')) {
			cc_error("'%s': only top-level keys with a value can be set", changes[i].key);
			goto cleanup;
		}
	if (fm.kind == CC_FM_YAML) {
		if (fm.block_start >= 2 && text[fm.block_start - 2] == '\r')
			eol = "\r\n";
		s.text = text;
		s.base = fm.block_start;
		s.blen = fm.block_end - fm.block_start;
		/* libyaml takes a BOM opening its input as an encoding mark, not a character */
		if (s.blen >= 3 && !memcmp(text + s.base, "\xEF\xBB\xBF", 3))
			s.base += 3, s.blen -= 3;
		int line0 = fm.fm_line + 1;
		if (scan_block(&s, path, line0) < 0)
			goto cleanup;
	} else {
		const char *nl = memchr(text, '\n', len);
		if (nl && nl > text && nl[-1] == '\r')
			eol = "\r\n";
	}
	for (size_t i = 0; i < nchanges; i++) {
		const struct cc_fm_change *c = &changes[i];
		struct value *v = find_value(&s, c->key);
		if (v) {
			if (edit_value(&sp, path, text, len, v, c, eol) < 0)
				goto cleanup;
			continue;
		}
		cc_buf_adds(&add, c->key);
		cc_buf_adds(&add, ": ");
		if (c->nvalues > 1)
			add_flow_list(&add, c->values, c->nvalues, YAML_PLAIN_SCALAR_STYLE);
		else
			add_scalar(&add, c->values[0], YAML_PLAIN_SCALAR_STYLE, false);
		cc_buf_adds(&add, eol);
	}
	if (add.len) {
		if (fm.kind == CC_FM_YAML) {
			splice_add(&sp, fm.block_end, fm.block_end, &add);
		} else {
			struct cc_buf blk = CC_BUF_INIT;
			cc_buf_addf(&blk, "---%s%s---%s", eol, add.buf, eol);
			splice_add(&sp, bom, bom, &blk);
		}
	}
	qsort(sp.v, sp.n, sizeof(*sp.v), splice_cmp);
	for (size_t i = 1; i < sp.n; i++)
		if (sp.v[i].start < sp.v[i - 1].end) {
			cc_error("%s: two changes overlap; nothing changed", path);
			goto cleanup;
		}
	struct cc_buf res = CC_BUF_INIT;
	size_t pos = 0;
	for (size_t i = 0; i < sp.n; i++) {
		cc_buf_add(&res, text + pos, sp.v[i].start - pos);
		cc_buf_adds(&res, sp.v[i].with);
		pos = sp.v[i].end;
	}
	cc_buf_add(&res, text + pos, len - pos);

	/* Read the result back: every change must say what was asked, and the body must not move. */
	struct cc_fm check;
	struct cc_problems p2 = {0};
	cc_fm_parse(&check, res.buf, res.len, path, &p2);
	bool ok = check.ok && check.kind == CC_FM_YAML && len - fm.body_offset == res.len - check.body_offset &&
		  !memcmp(text + fm.body_offset, res.buf + check.body_offset, len - fm.body_offset);
	for (size_t i = 0; ok && i < nchanges; i++)
		ok = reads_back(check.data, &changes[i]);
	cc_fm_release(&check);
	cc_problems_release(&p2);
	if (!ok) {
		cc_buf_release(&res);
		cc_error("%s: the edited front matter did not read back as intended; nothing changed", path);
		goto cleanup;
	}
	*changed = res.len != len || memcmp(res.buf, text, len);
	cc_buf_add(out, res.buf, res.len);
	cc_buf_release(&res);
	ret = 0;
cleanup:
	for (size_t i = 0; i < sp.n; i++)
		free(sp.v[i].with);
	free(sp.v);
	cc_buf_release(&add);
	values_release(&s);
	cc_fm_release(&fm);
	cc_problems_release(&probs);
	return ret;
}

/* ---- which keys, which values ---- */

const char *const cc_set_keys[] = {"stage", "persona", "topic", "date", "status", "owner", "review_by",
				   "due", NULL};

static int set_field(const char *key)
{
	if (!strcmp(key, "review_by"))
		return CC_F_REVIEW;
	return cc_field_parse(key);
}

const char *cc_set_fm_key(const struct cc_config *cfg, const char *key, json_t *fields)
{
	int f = set_field(key);
	bool ok = false;
	for (size_t i = 0; cc_set_keys[i]; i++)
		ok |= !strcmp(cc_set_keys[i], key);
	if (!ok || f < 0 || !cfg->fields[f].n)
		return NULL;
	for (size_t i = 0; i < cfg->fields[f].n; i++) {
		json_t *v = fields ? cc_json_path(fields, cfg->fields[f].v[i]) : NULL;
		if (v)
			return cfg->fields[f].v[i];
	}
	return cfg->fields[f].v[0];
}

static int vocab_value(struct cc_strlist *out, const struct cc_vocab *vocab, const char *what, const char *raw)
{
	char *clean = cc_vocab_clean(raw);
	const char *canon = NULL;
	int ret = 0;
	if (!*clean) {
		ret = cc_error("empty %s in '%s'", what, raw);
	} else if (!vocab->n) {
		cc_strlist_add(out, clean);
	} else if (cc_vocab_lookup(vocab, clean, &canon) >= 0) {
		cc_strlist_add(out, canon);
	} else {
		const char *near = cc_vocab_nearest(vocab, clean);
		ret = near ? cc_error("unknown %s '%s'; did you mean '%s'?", what, raw, near)
			   : cc_error("unknown %s '%s'", what, raw);
	}
	free(clean);
	return ret;
}

int cc_set_value(struct cc_strlist *out, const struct cc_config *cfg, const char *key, const char *value)
{
	int f = set_field(key);
	if (f == CC_F_STAGE || f == CC_F_PERSONA || f == CC_F_TOPIC) {
		const struct cc_vocab *vocab = f == CC_F_STAGE	   ? &cfg->stages
					       : f == CC_F_PERSONA ? &cfg->personas
								   : &cfg->topics;
		char *copy = cc_xstrdup(value), *save = NULL;
		int ret = 0;
		size_t n = 0;
		for (char *part = strtok_r(copy, ",", &save); part && !ret; part = strtok_r(NULL, ",", &save), n++)
			ret = vocab_value(out, vocab, key, part);
		free(copy);
		if (!ret && !n)
			ret = cc_error("'%s' needs a value", key);
		return ret;
	}
	if (f == CC_F_STATUS) {
		char *clean = cc_vocab_clean(value);
		int ret = 0;
		if (!*clean)
			ret = cc_error("'status' needs a value");
		else if (cfg->statuses.n && !cc_strlist_has(&cfg->statuses, clean)) {
			struct cc_vocab tmp = {0};
			for (size_t i = 0; i < cfg->statuses.n; i++)
				cc_vocab_add(&tmp, cfg->statuses.v[i]);
			const char *near = cc_vocab_nearest(&tmp, clean);
			ret = near ? cc_error("status '%s' is not in the workflow; did you mean '%s'?", value, near)
				   : cc_error("status '%s' is not in the workflow (see 'statuses')", value);
			cc_vocab_release(&tmp);
		} else {
			cc_strlist_add(out, clean);
		}
		free(clean);
		return ret;
	}
	if (f == CC_F_DATE || f == CC_F_REVIEW || f == CC_F_DUE) {
		int64_t d;
		char day[11];
		if (cc_day_parse(&d, value) < 0)
			return cc_error("'%s' must be a date YYYY-MM-DD, not '%s'", key, value);
		cc_day_format(day, d);
		cc_strlist_add(out, day);
		return 0;
	}
	if (f == CC_F_OWNER) {
		size_t n = strlen(value);
		bool blank = true;
		for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
			if (*p < 0x20 || *p == 0x7f)
				return cc_error("'%s' may not hold control characters", key);
			blank &= *p == ' ';
		}
		if (!n || blank || n > 200)
			return cc_error("'%s' needs a name of 1 to 200 bytes", key);
		if (!cc_utf8_check(value, n, NULL, NULL))
			return cc_error("'%s' is not valid UTF-8", key);
		cc_strlist_add(out, value);
		return 0;
	}
	return cc_error("'%s' cannot be set (stage, persona, topic, date, status, owner, review_by, due)", key);
}

/* ---- one file ---- */

int cc_set_prepare(struct cc_set_file *out, const struct cc_config *cfg, const char *root, const char *rel,
		   const struct cc_set_assign *assigns, size_t n)
{
	struct cc_fm fm;
	struct cc_problems probs = {0};
	int ret = -1;

	memset(out, 0, sizeof(*out));
	out->path = cc_xstrdup(rel);
	if (cc_safe_read(&out->before, &out->st, root, rel) < 0)
		return -1;
	cc_fm_parse(&fm, out->before.buf, out->before.len, rel, &probs);
	struct cc_fm_change *ch = cc_xcalloc(n + 1, sizeof(*ch));
	for (size_t i = 0; i < n; i++) {
		ch[i].key = cc_set_fm_key(cfg, assigns[i].key, fm.data);
		ch[i].values = (const char **)assigns[i].values.v;
		ch[i].nvalues = assigns[i].values.n;
		if (!ch[i].key) {
			cc_error("'%s' cannot be set", assigns[i].key);
			goto out;
		}
	}
	ret = cc_fm_edit(&out->after, &out->changed, rel, out->before.buf, out->before.len, ch, n);
out:
	free(ch);
	cc_fm_release(&fm);
	cc_problems_release(&probs);
	return ret;
}

int cc_set_write(const struct cc_set_file *f, const char *root)
{
	if (!f->changed)
		return 0;
	return cc_safe_replace(root, f->path, f->after.buf, f->after.len, &f->st);
}

int cc_set_diff(struct cc_buf *out, const struct cc_set_file *f)
{
	git_patch *patch = NULL;
	git_buf gb = {0};
	git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
	int ret = -1;
	if (!f->changed)
		return 0;
	opts.flags |= GIT_DIFF_FORCE_TEXT;
	/* libgit2 writes the a/ and b/ prefixes */
	if (git_patch_from_buffers(&patch, f->before.buf, f->before.len, f->path, f->after.buf, f->after.len,
				   f->path, &opts) < 0 ||
	    git_patch_to_buf(&gb, patch) < 0) {
		const git_error *e = git_error_last();
		cc_error("cannot make a diff of '%s': %s", f->path, e && e->message ? e->message : "libgit2 error");
		goto out;
	}
	cc_buf_add(out, gb.ptr, gb.size);
	ret = 0;
out:
	git_buf_dispose(&gb);
	git_patch_free(patch);
	return ret;
}

void cc_set_file_release(struct cc_set_file *f)
{
	free(f->path);
	cc_buf_release(&f->before);
	cc_buf_release(&f->after);
	memset(f, 0, sizeof(*f));
}
