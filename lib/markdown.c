/*
 * markdown.c — analysis of a Markdown body with cmark (see markdown.h).
 *
 * Exports cc_md_analyze() and cc_md_release(). The body is parsed once with
 * cmark_parse_document() and walked once with a cmark_iter. What counts as
 * prose: the inline text of paragraphs and headings, wherever they stand
 * (list items, block quotes), including the text of code spans and of links.
 * What does not: fenced and indented code blocks, HTML blocks, inline HTML
 * and image alt text. For MDX, mdx_strip() first blanks import/export
 * statements and JSX blocks, keeping every newline so that lines still match
 * the file.
 */
#include "markdown.h"
#include "buf.h"
#include "shortcode.h"
#include "problem.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

/* ---- MDX pre-pass ---- */

struct line {
	size_t start, end; /* [start, end) without the line terminator */
};

static size_t next_line(const char *s, size_t len, size_t pos, struct line *l)
{
	l->start = pos;
	while (pos < len && s[pos] != '\n')
		pos++;
	l->end = pos;
	if (l->end > l->start && s[l->end - 1] == '\r')
		l->end--;
	return pos < len ? pos + 1 : pos;
}

/* Length of an opening code fence (``` or ~~~, up to 3 spaces in), else 0. */
static size_t fence_len(const char *s, const struct line *l, char *ch)
{
	size_t p = l->start, n = 0;
	while (p < l->end && s[p] == ' ' && p - l->start < 3)
		p++;
	if (p >= l->end || (s[p] != '`' && s[p] != '~'))
		return 0;
	*ch = s[p];
	while (p + n < l->end && s[p + n] == *ch)
		n++;
	return n >= 3 ? n : 0;
}

static int starts_word(const char *s, const struct line *l, const char *w)
{
	size_t n = strlen(w);
	if (l->end - l->start < n || memcmp(s + l->start, w, n))
		return 0;
	return l->start + n == l->end || s[l->start + n] == ' ' || s[l->start + n] == '\t' ||
	       s[l->start + n] == '{' || s[l->start + n] == '*';
}

/* Adds the bracket balance of a line of JavaScript, skipping string literals. */
static int js_depth(const char *s, const struct line *l, int depth)
{
	char quote = 0;
	for (size_t p = l->start; p < l->end; p++) {
		char c = s[p];
		if (quote) {
			if (c == '\\')
				p++;
			else if (c == quote)
				quote = 0;
		} else if (c == '"' || c == '\'' || c == '`') {
			quote = c;
		} else if (c == '{' || c == '(' || c == '[') {
			depth++;
		} else if (c == '}' || c == ')' || c == ']') {
			depth--;
		}
	}
	return depth;
}

static int is_name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c == '-';
}

/*
 * When the line opens a JSX element (`<` and a capital letter, up to three
 * spaces in), returns the length of its name and sets *name.
 */
static size_t jsx_open(const char *s, const struct line *l, const char **name)
{
	size_t p = l->start, n = 0;
	while (p < l->end && s[p] == ' ' && p - l->start < 3)
		p++;
	if (p + 1 >= l->end || s[p] != '<' || s[p + 1] < 'A' || s[p + 1] > 'Z')
		return 0;
	*name = s + p + 1;
	while (p + 1 + n < l->end && is_name_char(s[p + 1 + n]))
		n++;
	return n;
}

/* State of the scan through a JSX element's tags. */
struct jsx {
	const char *name;
	size_t nlen;
	int depth;  /* open elements of this name */
	int in_tag; /* inside a `<Name …` tag, before its `>` */
	int braces; /* {…} nesting inside the tag */
	char quote; /* open string quote inside the tag */
};

static int name_at(const char *s, size_t p, size_t end, const struct jsx *j)
{
	return p + j->nlen <= end && !memcmp(s + p, j->name, j->nlen) &&
	       (p + j->nlen == end || !is_name_char(s[p + j->nlen]));
}

/*
 * Feeds one line to the scan; returns 1 when the element (and every nested
 * element of the same name) has closed on this line.
 */
static int jsx_feed(const char *s, const struct line *l, struct jsx *j)
{
	for (size_t p = l->start; p < l->end; p++) {
		char c = s[p];
		if (j->in_tag) {
			if (j->quote) {
				if (c == j->quote)
					j->quote = 0;
			} else if (c == '"' || c == '\'') {
				j->quote = c;
			} else if (c == '{') {
				j->braces++;
			} else if (c == '}') {
				j->braces--;
			} else if (c == '>' && j->braces <= 0) {
				j->in_tag = 0;
				j->braces = 0;
				if (p > l->start && s[p - 1] == '/' && --j->depth == 0)
					return 1;
			}
		} else if (c == '<' && p + 1 < l->end && s[p + 1] == '/' &&
			   name_at(s, p + 2, l->end, j)) {
			p += 1 + j->nlen;
			if (--j->depth == 0)
				return 1;
		} else if (c == '<' && name_at(s, p + 1, l->end, j)) {
			j->depth++;
			j->in_tag = 1;
			p += j->nlen;
		}
	}
	return 0;
}

static void blank(char *s, const struct line *l)
{
	/* Spaces keep the bytes in place; a line of spaces is a blank line. */
	memset(s + l->start, ' ', l->end - l->start);
}

/*
 * Blanks MDX import/export statements and JSX blocks outside fenced code.
 * An import/export statement runs on while its brackets are open. A JSX
 * element that never closes blanks only its opening tag.
 */
static void mdx_strip(char *s, size_t len)
{
	size_t pos = 0;
	size_t fence = 0;
	char fch = 0;
	struct line l;
	/* Bytes the search for closing tags may read in all: each unclosed
	 * element reads to the end of the file, so a file of unclosed opening
	 * lines was quadratic (found by the big fuzz seeds). Past the budget an
	 * element not yet closed is taken as unclosed. */
	size_t budget = 8 * len + 65536;

	while (pos < len) {
		size_t next = next_line(s, len, pos, &l);
		const char *name;
		size_t n;
		char ch;

		if (fence) {
			size_t f = fence_len(s, &l, &ch);
			if (f >= fence && ch == fch) {
				size_t p = l.start;
				while (p < l.end && (s[p] == ' ' || s[p] == fch))
					p++;
				if (p == l.end)
					fence = 0;
			}
		} else if ((n = fence_len(s, &l, &fch))) {
			fence = n;
		} else if (starts_word(s, &l, "import") || starts_word(s, &l, "export")) {
			int depth = js_depth(s, &l, 0);
			blank(s, &l);
			while (depth > 0 && next < len) {
				next = next_line(s, len, next, &l);
				depth = js_depth(s, &l, depth);
				blank(s, &l);
			}
		} else if ((n = jsx_open(s, &l, &name))) {
			struct jsx j = {name, n, 0, 0, 0, 0};
			size_t after = next;
			struct line first = l;
			int closed = jsx_feed(s, &l, &j);
			while (!closed && after < len && budget) {
				after = next_line(s, len, after, &l);
				budget -= l.end - l.start + 1 < budget ? l.end - l.start + 1 : budget;
				closed = jsx_feed(s, &l, &j);
			}
			if (closed) {
				/* Blank from the opening line through the closing one. */
				size_t p = first.start;
				while (p < after) {
					p = next_line(s, len, p, &l);
					blank(s, &l);
				}
				next = after;
			} else {
				/* Unclosed: blank the opening tag only (up to its `>`). */
				struct jsx t = {name, n, 0, 0, 0, 0};
				size_t p = first.start;
				do {
					p = next_line(s, len, p, &l);
					jsx_feed(s, &l, &t);
					blank(s, &l);
				} while (t.in_tag && p < len);
				next = p;
			}
		}
		pos = next;
	}
}

/* ---- words ---- */

/*
 * Classifies the code point at s[*i] and advances *i: 1 for a word
 * character, 2 for a joiner that may stand inside a word (' - ’ ‐ ‑),
 * 0 for anything else. Bytes >= 0x80 are letters, except the general
 * punctuation block (U+2000–U+206F), CJK punctuation (U+3000–U+303F) and
 * the no-break space, which separate words.
 */
static int char_class(const unsigned char *s, size_t len, size_t *i)
{
	unsigned char c = s[*i];
	if (c < 0x80) {
		(*i)++;
		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			return 1;
		return c == '\'' || c == '-' ? 2 : 0;
	}
	size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	if (*i + n > len)
		n = len - *i;
	*i += n;
	if (n == 2 && c == 0xc2 && s[*i - 1] == 0xa0)
		return 0;
	if (n == 3 && c == 0xe2 && (s[*i - 2] == 0x80 || s[*i - 2] == 0x81)) {
		unsigned char d = s[*i - 1];
		if (s[*i - 2] == 0x80 && (d == 0x99 || d == 0x90 || d == 0x91))
			return 2;
		return 0;
	}
	if (n == 3 && c == 0xe3 && s[*i - 2] == 0x80)
		return 0;
	return 1;
}

/* char_class for ASCII bytes, as a table: 1 word, 2 joiner, 0 other. */
static const unsigned char ascii_class[128] = {
	['\''] = 2, ['-'] = 2,
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
	['8'] = 1, ['9'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
	['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
	['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
	['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
	['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
	['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1,
};

static size_t count_words(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, words = 0;
	int in_word = 0, pending = 0;

	while (i < len) {
		int k = s[i] < 0x80 ? ascii_class[s[i++]] : char_class(s, len, &i);
		if (k == 1) {
			if (!in_word)
				words++;
			in_word = 1;
			pending = 0;
		} else if (k == 2 && in_word && !pending) {
			pending = 1; /* a joiner continues the word only if a letter follows */
		} else {
			in_word = 0;
			pending = 0;
		}
	}
	return words;
}

/* ---- tree walk ---- */

/*
 * Appends the plain text of node's inline descendants (no images, no HTML).
 * Walks with a cmark_iter, not by recursion: emphasis nests as deep as the
 * input (a million `*` on each side), and the stack must not grow with it.
 */
static void inline_text(struct cc_buf *b, cmark_node *node)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *c = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER || c == node)
			continue;
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			cc_buf_adds(b, cmark_node_get_literal(c));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			cc_buf_addch(b, ' ');
			break;
		case CMARK_NODE_IMAGE:
			/* alt text is not prose: skip the image's children */
			cmark_iter_reset(it, c, CMARK_EVENT_EXIT);
			break;
		default:
			break; /* emphasis, strong, link, custom: their children follow */
		}
	}
	cmark_iter_free(it);
}

/* Trims b in place and returns a copy. */
static char *trimmed(struct cc_buf *b)
{
	size_t s = 0;
	cc_buf_rtrim(b);
	while (s < b->len && (b->buf[s] == ' ' || b->buf[s] == '\t'))
		s++;
	return cc_xstrndup(b->buf + s, b->len - s);
}

/* 1 when url has neither a scheme ("https:", "mailto:") nor a host ("//"). */
static int url_internal(const char *url)
{
	const char *p = url;
	if (url[0] == '/' && url[1] == '/')
		return 0;
	if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) {
		while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		       (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')
			p++;
		if (*p == ':')
			return 0;
	}
	return 1;
}

static void walk(struct cc_md *md, cmark_node *doc, struct cc_buf *plain)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	struct cc_buf t = CC_BUF_INIT;
	size_t aheadings = 0, alinks = 0;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(node);

		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING) {
			cc_buf_reset(&t);
			inline_text(&t, node);
			char *text = trimmed(&t);
			if (*text) {
				cc_buf_adds(plain, text);
				cc_buf_addch(plain, '\n');
			}
			if (type == CMARK_NODE_HEADING) {
				struct cc_md_heading *h;
				CC_GROW(md->headings, aheadings, md->nheadings + 1);
				h = &md->headings[md->nheadings++];
				h->level = cmark_node_get_heading_level(node);
				h->line = cmark_node_get_start_line(node);
				h->text = cc_xstrdup(text);
				if (!md->title && *text)
					md->title = cc_xstrdup(text);
			} else if (!md->first_para && *text) {
				md->first_para = cc_xstrdup(text);
			}
			free(text);
		} else if (type == CMARK_NODE_LINK) {
			struct cc_md_link *k;
			const char *url = cmark_node_get_url(node);
			cc_buf_reset(&t);
			inline_text(&t, node);
			CC_GROW(md->links, alinks, md->nlinks + 1);
			k = &md->links[md->nlinks++];
			k->url = cc_xstrdup(url ? url : "");
			k->text = trimmed(&t);
			k->line = cmark_node_get_start_line(node);
			k->internal = url_internal(k->url);
		}
	}
	cc_buf_release(&t);
	cmark_iter_free(it);
}

int cc_md_analyze(struct cc_md *out, const char *body, size_t len, int mdx)
{
	struct cc_buf plain = CC_BUF_INIT;
	struct cc_buf src = CC_BUF_INIT;
	cmark_node *doc;

	memset(out, 0, sizeof(*out));
	if (!body)
		len = 0;
	/* template syntax (shortcodes, Liquid, MDX expressions) is not prose */
	cc_buf_add(&src, body ? body : "", len);
	if (mdx)
		mdx_strip(src.buf, src.len);
	cc_buf_setlen(&src, cc_template_strip(src.buf, src.len, mdx, NULL));
	body = src.buf;
	len = src.len;
	doc = cmark_parse_document(body ? body : "", len, CMARK_OPT_DEFAULT);
	cc_buf_release(&src);
	if (!doc) {
		out->plain = cc_xstrdup("");
		return cc_error("cannot parse markdown: out of memory");
	}
	walk(out, doc, &plain);
	cmark_node_free(doc);

	if (plain.len)
		cc_buf_setlen(&plain, plain.len - 1); /* the last block's "\n" */
	out->words = count_words(plain.buf, plain.len);
	out->reading_minutes = (int)((out->words + CC_WORDS_PER_MINUTE - 1) / CC_WORDS_PER_MINUTE);
	out->plain = cc_buf_detach(&plain, NULL);
	return 0;
}

void cc_md_release(struct cc_md *md)
{
	if (!md)
		return;
	free(md->title);
	free(md->first_para);
	free(md->plain);
	for (size_t i = 0; i < md->nheadings; i++)
		free(md->headings[i].text);
	free(md->headings);
	for (size_t i = 0; i < md->nlinks; i++) {
		free(md->links[i].url);
		free(md->links[i].text);
	}
	free(md->links);
	memset(md, 0, sizeof(*md));
}
