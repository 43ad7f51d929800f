/*
 * shortcode.c — blanking template syntax in Markdown bodies (see shortcode.h).
 */
#include "shortcode.h"

#include <stdbool.h>
#include <string.h>

/*
 * The next occurrence of a delimiter at or after a position, cached: the
 * scan only moves forward, so each search starts where the last one ended
 * or later, and the searching of one delimiter costs O(len) in all.
 */
struct next {
	const char *pat;
	size_t plen;
	size_t from, at; /* the first occurrence at or after `from` is `at` (len when none) */
	int valid;
};

static size_t next_at(const char *s, size_t len, struct next *n, size_t from)
{
	if (n->valid && from >= n->from && from <= n->at)
		return n->at;
	if (n->valid && from >= n->from && n->at == len)
		return len; /* none after an earlier position: none after this one either */
	const char *p = from < len ? memmem(s + from, len - from, n->pat, n->plen) : NULL;
	n->from = from;
	n->at = p ? (size_t)(p - s) : len;
	n->valid = 1;
	return n->at;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

size_t cc_template_strip(char *s, size_t len, int mdx, size_t *ntags)
{
	struct next shortcode = {">}}", 3}, percent = {"%}}", 3}, liquid = {"%}", 2}, output = {"}}", 2},
		    brace = {"}", 1}, para = {"\n\n", 2}, crpara = {"\n\r\n", 3}, open2 = {"{{", 2}, openp = {"{%", 2};
	size_t n = 0, w = 0, i = 0;

	/* Reads at i, writes at w <= i: every search looks at bytes not yet written over. */
	while (i < len) {
		struct next *close = NULL;
		size_t skip = 0; /* bytes of the opening before the closer may start */
		if (s[i] == '{' && i + 1 < len) {
			if (s[i + 1] == '{' && i + 2 < len && s[i + 2] == '<')
				close = &shortcode, skip = 3;
			else if (s[i + 1] == '{' && i + 2 < len && s[i + 2] == '%')
				close = &percent, skip = 3;
			else if (s[i + 1] == '%')
				close = &liquid, skip = 2;
			else if (s[i + 1] == '{')
				close = &output, skip = 2;
			else if (mdx)
				close = &brace, skip = 1;
		}
		size_t end = close ? next_at(s, len, close, i + skip) : len;
		bool take = close && end < len && end + close->plen - i <= CC_TEMPLATE_MAX_TAG &&
			    next_at(s, len, &para, i) > end && next_at(s, len, &crpara, i) > end;
		/* {{ or {% opening again before the closer: this opening is unmatched text */
		if (take && close != &brace &&
		    (next_at(s, len, &open2, i + skip) < end || next_at(s, len, &openp, i + skip) < end))
			take = false;
		if (!take) {
			s[w++] = s[i++];
			continue;
		}
		end += close->plen;
		/* keep the tag's line breaks; between words it becomes one space */
		bool lines = false;
		for (size_t k = i; k < end; k++)
			if (s[k] == '\n' || s[k] == '\r')
				s[w++] = s[k], lines = true;
		bool before = w == 0 || is_space(s[w - 1]) || s[w - 1] == '\n';
		if (!lines && !before && end < len && !is_space(s[end]) && s[end] != '\n' && s[end] != '\r')
			s[w++] = ' ';
		i = end;
		if (before || lines)
			while (i < len && is_space(s[i]) && (w == 0 || is_space(s[w - 1]) || s[w - 1] == '\n'))
				i++;
		n++;
	}
	if (ntags)
		*ntags = n;
	return w;
}
