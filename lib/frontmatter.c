/*
 * frontmatter.c — split a Markdown file into front matter and body, and
 * parse the front matter (see frontmatter.h).
 *
 * Lines end at '\n'; a '\r' before it belongs to the line end. YAML blocks
 * are copied with "\r\n" turned into "\n" before libyaml sees them: only
 * line ends change, so lines and byte columns stay those of the file.
 *
 * JSON front matter is a '{' at the start of the first non-blank line (but
 * not "{{", which is a Hugo shortcode or a template in the body). Its
 * end is found by a scan that balances braces and brackets outside strings
 * (escapes respected); the same scan records the location of every key
 * ("a.b") and array element ("a.0") at its first byte, and warns about
 * duplicate keys (jansson keeps the last, as YAML does). The block is then
 * parsed by jansson; its error positions are moved to file lines.
 */
#include "frontmatter.h"
#include "buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct line {
	size_t start, end; /* [start, end) without the line end */
	size_t next;       /* start of the following line */
};

static void get_line(const char *text, size_t len, size_t pos, struct line *l)
{
	const char *nl = memchr(text + pos, '\n', len - pos);
	l->start = pos;
	l->next = nl ? (size_t)(nl - text) + 1 : len;
	l->end = nl ? (size_t)(nl - text) : len;
	if (l->end > l->start && text[l->end - 1] == '\r')
		l->end--;
}

/* Does the line hold exactly `fence`, trailing spaces and tabs aside? */
static int is_fence(const char *text, const struct line *l, const char *fence)
{
	size_t e = l->end, n = strlen(fence);
	while (e > l->start && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\r'))
		e--;
	return e - l->start == n && !memcmp(text + l->start, fence, n);
}

static int is_blank(const char *text, const struct line *l)
{
	for (size_t i = l->start; i < l->end; i++)
		if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r')
			return 0;
	return 1;
}

const char *cc_fm_kind_name(enum cc_fm_kind kind)
{
	switch (kind) {
	case CC_FM_YAML:
		return "yaml";
	case CC_FM_TOML:
		return "toml";
	case CC_FM_JSON:
		return "json";
	default:
		return "none";
	}
}

void cc_fm_release(struct cc_fm *fm)
{
	if (!fm)
		return;
	json_decref(fm->data);
	fm->data = NULL;
	cc_locs_release(&fm->locs);
}

/*
 * Finds the closing fence after the opening one on line `line` (whose next
 * line starts at pos). Sets *close to the closing line; returns its line
 * number, or 0 when there is none.
 */
static int find_close(const char *text, size_t len, size_t pos, int line, const char *a,
		      const char *b, struct line *close)
{
	while (pos < len) {
		line++;
		get_line(text, len, pos, close);
		if (is_fence(text, close, a) || (b && is_fence(text, close, b)))
			return line;
		pos = close->next;
	}
	return 0;
}

static void parse_yaml(struct cc_fm *out, const char *text, size_t start, size_t end,
		       const char *path, struct cc_problems *problems)
{
	struct cc_buf block = CC_BUF_INIT;
	json_t *data = NULL;

	for (size_t i = start; i < end; i++)
		if (!(text[i] == '\r' && i + 1 < end && text[i + 1] == '\n'))
			cc_buf_addch(&block, text[i]);
	if (cc_yaml_load(&data, &out->locs, block.buf, block.len, out->fm_line, path, problems) ==
	    0) {
		json_decref(out->data);
		out->data = data;
		out->ok = 1;
	} else {
		out->ok = 0;
	}
	cc_buf_release(&block);
}

/* --- JSON ------------------------------------------------------------- */

struct frame {
	int is_obj;
	int state;      /* object: 0 want key, 1 want ':', 2 in value; array: 0 want value, 2 in value */
	size_t index;   /* array: current element */
	size_t key_len; /* length of the path before this container's child segment */
	size_t loc;     /* the child's entry in locs (cc_locs_add), closed when its value ends */
};

struct jscan {
	const char *text;
	size_t len;
	const char *path;
	struct cc_problems *problems;
	struct cc_locs *locs;
	struct cc_buf key;
	struct frame *stack;
	size_t depth, alloc;
	int line;
	size_t line_start;
	size_t str_start; /* start of the last string */
	int str_line, str_col;
};

static void jscan_push_seg(struct jscan *s, struct frame *f, const char *seg, int line, int col)
{
	const struct cc_loc *prev;

	f->key_len = s->key.len;
	if (s->key.len)
		cc_buf_addch(&s->key, '.');
	cc_buf_adds(&s->key, seg);
	if (f->is_obj && (prev = cc_locs_find(s->locs, s->key.buf))) {
		cc_problems_add(s->problems, s->path, line, col, CC_SEV_WARNING, "duplicate-key",
				"duplicate key '%s' (line %d wins over line %d)", s->key.buf, line,
				prev->line);
		/* Only a value that has ended has a range to drop (in broken JSON
		 * the earlier one may still be open): else the newer entries just
		 * shadow it, and no scan of every entry is needed. */
		if (prev->end)
			cc_locs_remove_tree(s->locs, s->key.buf);
	}
	f->loc = cc_locs_add(s->locs, s->key.buf, line, col);
}

/* An element starts at offset i in the array frame on top. */
static void jscan_element(struct jscan *s, size_t i)
{
	struct frame *f = &s->stack[s->depth - 1];
	char num[32];
	if (f->is_obj || f->state != 0)
		return;
	snprintf(num, sizeof(num), "%zu", f->index);
	jscan_push_seg(s, f, num, s->line, (int)(i - s->line_start) + 1);
	f->state = 2;
}

static void jscan_key(struct jscan *s, struct frame *f, size_t end)
{
	json_t *k = json_loadb(s->text + s->str_start, end - s->str_start, JSON_DECODE_ANY, NULL);
	char *raw = NULL;
	const char *seg;

	if (json_is_string(k)) {
		seg = json_string_value(k);
	} else {
		raw = cc_xstrndup(s->text + s->str_start + 1, end - s->str_start - 2);
		seg = raw;
	}
	jscan_push_seg(s, f, seg, s->str_line, s->str_col);
	json_decref(k);
	free(raw);
}

/*
 * Scans the JSON object that starts at text[pos] ('{'). Returns the offset
 * just past its closing '}', or 0 when it never closes.
 */
static size_t jscan_run(struct jscan *s, size_t pos)
{
	int in_str = 0, esc = 0;

	for (size_t i = pos; i < s->len; i++) {
		char c = s->text[i];
		struct frame *f = s->depth ? &s->stack[s->depth - 1] : NULL;

		if (c == '\n') {
			s->line++;
			s->line_start = i + 1;
		}
		if (in_str) {
			if (esc)
				esc = 0;
			else if (c == '\\')
				esc = 1;
			else if (c == '"') {
				in_str = 0;
				if (f && f->is_obj && f->state == 0) {
					jscan_key(s, f, i + 1);
					f->state = 1;
				}
			}
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (f && c != ']' && c != ',')
			jscan_element(s, i);
		switch (c) {
		case '"':
			in_str = 1;
			s->str_start = i;
			s->str_line = s->line;
			s->str_col = (int)(i - s->line_start) + 1;
			break;
		case '{':
		case '[':
			CC_GROW(s->stack, s->alloc, s->depth + 1);
			s->stack[s->depth++] = (struct frame){c == '{', 0, 0, s->key.len, SIZE_MAX};
			break;
		case ':':
			if (f && f->is_obj && f->state == 1)
				f->state = 2;
			break;
		case ',':
			if (f && f->state == 2) {
				cc_locs_close(s->locs, f->loc);
				cc_buf_setlen(&s->key, f->key_len);
				f->state = 0;
				f->index++;
			}
			break;
		case '}':
		case ']':
			if (!f)
				return 0;
			if (f->state == 2 || (f->is_obj && f->state == 1)) {
				cc_locs_close(s->locs, f->loc);
				cc_buf_setlen(&s->key, f->key_len);
			}
			s->depth--;
			if (!s->depth)
				return i + 1;
			break;
		default:
			break;
		}
	}
	return 0;
}

/* Byte column of a 1-based character column on the line starting at ls. */
static int byte_col(const char *text, size_t len, size_t ls, int chars)
{
	size_t p = ls;
	for (int n = 1; n < chars && p < len && text[p] != '\n'; n++) {
		p++;
		while (p < len && ((unsigned char)text[p] & 0xC0) == 0x80)
			p++;
	}
	return (int)(p - ls) + 1;
}

static void parse_json(struct cc_fm *out, const char *text, size_t len, size_t pos, size_t bom,
		       const char *path, struct cc_problems *problems)
{
	struct jscan s = {0};
	struct cc_problems dups = CC_PROBLEMS_INIT;
	json_error_t err;
	json_t *data;
	size_t end, p;

	s.text = text;
	s.len = len;
	s.path = path;
	s.problems = &dups;
	s.locs = &out->locs;
	s.line = out->fm_line;
	s.line_start = pos == bom ? 0 : pos;
	cc_buf_init(&s.key);
	end = jscan_run(&s, pos);
	cc_locs_compact(s.locs);
	free(s.stack);
	cc_buf_release(&s.key);

	if (!end) {
		cc_problems_add(problems, path, out->fm_line, 1, CC_SEV_ERROR,
				"unterminated-front-matter",
				"json front matter opened on line %d is never closed", out->fm_line);
		cc_locs_release(&out->locs);
		cc_problems_release(&dups);
		return;
	}
	/* The body starts after the '}' and the rest of its line when that is blank. */
	p = end;
	while (p < len && (text[p] == ' ' || text[p] == '\t' || text[p] == '\r'))
		p++;
	if (p >= len || text[p] == '\n') {
		out->body_offset = p < len ? p + 1 : len;
		out->body_line = s.line + 1;
	} else {
		out->body_offset = end;
		out->body_line = s.line;
	}

	data = json_loadb(text + pos, end - pos, 0, &err);
	if (!data) {
		int line = out->fm_line + (err.line > 0 ? err.line - 1 : 0);
		size_t ls = pos == bom ? 0 : pos; /* columns count the BOM's bytes */
		int chars = err.column + (bom && pos == bom); /* the BOM is one character */
		for (int n = 1; n < err.line; n++) {
			const char *nl = memchr(text + ls, '\n', end - ls);
			if (!nl)
				break;
			ls = (size_t)(nl - text) + 1;
			chars = err.column;
		}
		cc_problems_add(problems, path, line,
				err.column > 0 ? byte_col(text, len, ls, chars) : 1,
				CC_SEV_ERROR, "invalid-json", "%s", err.text);
		cc_locs_release(&out->locs);
		cc_problems_release(&dups);
		return;
	}
	cc_problems_take(problems, &dups);
	json_decref(out->data);
	out->data = data;
	out->ok = 1;
}

int cc_fm_parse(struct cc_fm *out, const char *text, size_t len, const char *path,
		struct cc_problems *problems)
{
	struct line l, close;
	size_t pos = 0, bom = 0;
	int line = 1, close_line;

	memset(out, 0, sizeof(*out));
	out->data = json_object();
	out->ok = 1;
	out->body_line = 1;
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		pos = bom = 3;
	out->body_offset = bom;

	for (;;) {
		if (pos >= len)
			return 0; /* only blank lines: no front matter */
		get_line(text, len, pos, &l);
		if (!is_blank(text, &l))
			break;
		pos = l.next;
		line++;
	}

	if (is_fence(text, &l, "---") || is_fence(text, &l, "+++")) {
		int toml = text[l.start] == '+';
		out->kind = toml ? CC_FM_TOML : CC_FM_YAML;
		out->fm_line = line;
		close_line = find_close(text, len, l.next, line, toml ? "+++" : "---",
					toml ? NULL : "...", &close);
		if (!close_line) {
			cc_problems_add(problems, path, line, 1, CC_SEV_ERROR,
					"unterminated-front-matter",
					"front matter opened with '%s' on line %d is never closed",
					toml ? "+++" : "---", line);
			out->ok = 0;
			return 0;
		}
		out->body_offset = close.next;
		out->body_line = close_line + 1;
		if (toml) {
			cc_problems_add(problems, path, line, 1, CC_SEV_ERROR, "unsupported-toml",
					"toml front matter is not supported; convert it to yaml");
			out->ok = 0;
			return 0;
		}
		out->block_start = l.next;
		out->block_end = close.start;
		parse_yaml(out, text, l.next, close.start, path, problems);
		return 0;
	}
	/* "{{" starts a Hugo shortcode or a template, never a JSON object */
	if (text[l.start] == '{' && !(l.start + 1 < len && text[l.start + 1] == '{')) {
		out->kind = CC_FM_JSON;
		out->fm_line = line;
		out->ok = 0;
		parse_json(out, text, len, l.start, bom, path, problems);
		return 0;
	}
	return 0;
}
