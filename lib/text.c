/*
 * text.c — slugs, UTF-8 checks and output escaping (see text.h).
 */
#include "text.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * ASCII for U+00C0 … U+017F (Latin-1 Supplement and Latin Extended-A), one
 * entry per code point; "" drops it. Covers the Western and Central
 * European languages B2B content is written in.
 */
static const char *const latin[] = {
	/* C0 */ "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	/* D0 */ "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
	/* E0 */ "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	/* F0 */ "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
	/* 100 */ "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
	/* 110 */ "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
	/* 120 */ "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
	/* 130 */ "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
	/* 140 */ "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
	/* 150 */ "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
	/* 160 */ "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
	/* 170 */ "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};

/* Decodes one UTF-8 sequence at s (n bytes left); returns its length or 0 if invalid. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t len;
	uint32_t c, min;
	if ((s[0] & 0xE0) == 0xC0) {
		len = 2, c = s[0] & 0x1F, min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3, c = s[0] & 0x0F, min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4, c = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

char *cc_slugify(const char *s)
{
	struct cc_buf b = CC_BUF_INIT;
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	bool dash = false;

	while (n) {
		uint32_t cp;
		size_t len = utf8_decode(p, n, &cp);
		const char *out = NULL;
		char one[2] = {0, 0};
		if (!len) {
			len = 1;
		} else if (cp < 0x80 && isalnum((int)cp)) {
			one[0] = (char)tolower((int)cp);
			out = one;
		} else if (cp >= 0xC0 && cp <= 0x17F) {
			out = latin[cp - 0xC0];
		}
		if (out && *out) {
			if (dash && b.len)
				cc_buf_addch(&b, '-');
			dash = false;
			cc_buf_adds(&b, out);
		} else if (!out || cp == 0xD7 || cp == 0xF7) {
			dash = true;
		}
		p += len;
		n -= len;
	}
	if (b.len > 80) {
		size_t cut = 80;
		while (cut > 40 && b.buf[cut] != '-')
			cut--;
		if (b.buf[cut] != '-')
			cut = 80;
		cc_buf_setlen(&b, cut);
		while (b.len && b.buf[b.len - 1] == '-')
			cc_buf_setlen(&b, b.len - 1);
	}
	return cc_buf_detach(&b, NULL);
}

/* Position (1-based line, byte column) of offset off in s. */
static void locate_offset(const char *s, size_t off, int *line, int *col)
{
	int ln = 1;
	size_t bol = 0;
	for (size_t i = 0; i < off; i++) {
		if (s[i] == '\n') {
			ln++;
			bol = i + 1;
		}
	}
	if (line)
		*line = ln;
	if (col)
		*col = (int)(off - bol) + 1;
}

bool cc_utf8_check(const char *s, size_t len, int *line, int *col)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	/* Validation runs on every indexed file: skip ASCII eight bytes at a
	 * time and only count lines when there is something to report. */
	while (i < len) {
		if (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			if (!(w & 0x8080808080808080ULL)) {
				i += 8;
				continue;
			}
		}
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t k = utf8_decode(p + i, len - i, &cp);
		if (!k) {
			locate_offset(s, i, line, col);
			return false;
		}
		i += k;
	}
	return true;
}

void cc_buf_add_safe(struct cc_buf *b, const char *s, bool keep_newlines)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		uint32_t cp;
		size_t k;
		/* Printable ASCII, the common case, goes in as a run. */
		const unsigned char *run = p;
		while (*p >= 0x20 && *p < 0x7F)
			p++;
		if (p > run) {
			cc_buf_add(b, run, (size_t)(p - run));
			continue;
		}
		if (*p < 0x20 || *p == 0x7F) {
			if (keep_newlines && (*p == '\n' || *p == '\t'))
				cc_buf_addch(b, *p);
			else if (*p == '\t' || *p == '\n' || *p == '\r')
				cc_buf_addch(b, ' ');
			p++;
			continue;
		}
		/* The string is NUL-terminated: a sequence cut short stops at
		 * the NUL, which is never a continuation byte. */
		if (!(k = utf8_decode(p, 4, &cp))) {
			/* A stray byte (0x9B is CSI to an 8-bit terminal). */
			cc_buf_adds(b, "\xEF\xBF\xBD");
			p++;
			continue;
		}
		/* C1 controls, and bidi overrides and isolates that reorder
		 * what the terminal shows ("Trojan Source"). */
		if ((cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
		    (cp >= 0x2066 && cp <= 0x2069)) {
			p += k;
			continue;
		}
		cc_buf_add(b, p, k);
		p += k;
	}
}

void cc_buf_add_csv(struct cc_buf *b, const char *s)
{
	bool quote = false, formula = false;
	if (!s)
		return;
	if (strchr("=+-@\t\r", s[0]) && s[0])
		formula = true;
	if (formula || strpbrk(s, ",\"\r\n"))
		quote = true;
	if (quote)
		cc_buf_addch(b, '"');
	if (formula)
		cc_buf_addch(b, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			cc_buf_addch(b, '"');
		cc_buf_addch(b, *p);
	}
	if (quote)
		cc_buf_addch(b, '"');
}

/* The entity for an HTML/XML-significant byte, or NULL. */
static const char *entity(char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	}
	return NULL;
}

void cc_buf_add_html(struct cc_buf *b, const char *s)
{
	struct cc_buf safe = CC_BUF_INIT;
	cc_buf_add_safe(&safe, s ? s : "", true);
	/* Runs without an entity go in whole (pages are mostly such runs). */
	for (const char *p = safe.buf, *run = p;; p++) {
		const char *e = *p ? entity(*p) : NULL;
		if (!*p || e) {
			cc_buf_add(b, run, (size_t)(p - run));
			if (!*p)
				break;
			cc_buf_adds(b, e);
			run = p + 1;
		}
	}
	cc_buf_release(&safe);
}

void cc_buf_add_xml(struct cc_buf *b, const char *s)
{
	struct cc_buf safe = CC_BUF_INIT;
	cc_buf_add_safe(&safe, s ? s : "", true);
	for (const char *p = safe.buf; *p; p++) {
		const char *e = entity(*p);
		/* U+FFFE and U+FFFF: EF BF BE, EF BF BF */
		if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBF &&
		    ((unsigned char)p[2] == 0xBE || (unsigned char)p[2] == 0xBF)) {
			p += 2;
			continue;
		}
		if (e)
			cc_buf_adds(b, e);
		else
			cc_buf_addch(b, *p);
	}
	cc_buf_release(&safe);
}

void cc_buf_add_md(struct cc_buf *b, const char *s)
{
	struct cc_buf safe = CC_BUF_INIT;
	cc_buf_add_safe(&safe, s ? s : "", false);
	const char *p = safe.buf;
	while (*p == ' ')
		p++;
	if (*p && strchr("#*-+>=", *p))
		cc_buf_addch(b, '\\');
	for (; *p; p++) {
		if (*p == '<')
			cc_buf_adds(b, "&lt;");
		else if (*p == '>')
			cc_buf_adds(b, "&gt;");
		else if (*p == '&')
			cc_buf_adds(b, "&amp;");
		else if (strchr("|`\\*_[]~", *p))
			cc_buf_addch(b, '\\'), cc_buf_addch(b, *p);
		else
			cc_buf_addch(b, *p);
	}
	cc_buf_release(&safe);
}

void cc_buf_add_gha(struct cc_buf *b, const char *s, bool property)
{
	for (const char *p = s ? s : ""; *p; p++) {
		switch (*p) {
		case '%':
			cc_buf_adds(b, "%25");
			break;
		case '\r':
			cc_buf_adds(b, "%0D");
			break;
		case '\n':
			cc_buf_adds(b, "%0A");
			break;
		case ':':
			cc_buf_adds(b, property ? "%3A" : ":");
			break;
		case ',':
			cc_buf_adds(b, property ? "%2C" : ",");
			break;
		default:
			cc_buf_addch(b, *p);
		}
	}
}

void cc_buf_add_json_string(struct cc_buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const char *run = s ? s : "";
	cc_buf_addch(b, '"');
	for (const char *p = run;; p++) {
		unsigned char c = (unsigned char)*p;
		if (c && c >= 0x20 && c != '"' && c != '\\')
			continue;
		cc_buf_add(b, run, (size_t)(p - run));
		if (!c)
			break;
		switch (c) {
		case '"':
			cc_buf_adds(b, "\\\"");
			break;
		case '\\':
			cc_buf_adds(b, "\\\\");
			break;
		case '\n':
			cc_buf_adds(b, "\\n");
			break;
		case '\t':
			cc_buf_adds(b, "\\t");
			break;
		case '\r':
			cc_buf_adds(b, "\\r");
			break;
		default: {
			char u[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
			cc_buf_adds(b, u);
		}
		}
		run = p + 1;
	}
	cc_buf_addch(b, '"');
}

void cc_buf_add_utf8(struct cc_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	while (p < end) {
		uint32_t cp;
		size_t k = utf8_decode(p, (size_t)(end - p), &cp);
		if (!k) {
			cc_buf_adds(b, "\xEF\xBF\xBD");
			p++;
			continue;
		}
		cc_buf_add(b, p, k);
		p += k;
	}
}

json_t *cc_json_text(const char *s)
{
	struct cc_buf b = CC_BUF_INIT;
	json_t *v;

	if (!s || cc_utf8_check(s, strlen(s), NULL, NULL))
		return json_string(s ? s : "");
	cc_buf_add_utf8(&b, s, strlen(s));
	v = json_string(b.buf);
	cc_buf_release(&b);
	return v;
}

char *cc_ascii_lower(char *s)
{
	for (char *p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return s;
}

void cc_buf_add_yaml_quoted(struct cc_buf *b, const char *s)
{
	cc_buf_addch(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			cc_buf_addch(b, '\\'), cc_buf_addch(b, (char)*p);
		else if (*p == '\n')
			cc_buf_adds(b, "\\n");
		else if (*p == '\t')
			cc_buf_adds(b, "\\t");
		else if (*p < 0x20 || *p == 0x7f)
			cc_buf_addf(b, "\\x%02x", *p);
		else
			cc_buf_addch(b, (char)*p);
	}
	cc_buf_addch(b, '"');
}
