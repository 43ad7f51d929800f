/*
 * glob.c — gitignore-style globs with `**` (see glob.h).
 */
#include "glob.h"

#include <string.h>

/*
 * Matches one path component s[0..slen) against one pattern component
 * pat[0..plen): '*', '?', '[...]' ('!' or '^' negates, ranges a-z) and '\'
 * escapes, bytewise. This runs for every file of every tree walk; fnmatch(3)
 * needed NUL-terminated copies and its locale-aware matching was a fifth of
 * an incremental run.
 */
static bool match_component(const char *pat, size_t plen, const char *s, size_t slen)
{
	size_t p = 0, i = 0, star_p = (size_t)-1, star_i = 0;

	while (i < slen) {
		if (p < plen && pat[p] == '*') {
			star_p = ++p;
			star_i = i;
			continue;
		}
		if (p < plen && pat[p] == '[') {
			size_t q = p + 1;
			bool neg = false, hit = false;
			if (q < plen && (pat[q] == '!' || pat[q] == '^'))
				neg = true, q++;
			size_t first = q;
			while (q < plen && (pat[q] != ']' || q == first)) {
				unsigned char lo = (unsigned char)pat[q], hi = lo;
				if (q + 2 < plen && pat[q + 1] == '-' && pat[q + 2] != ']') {
					hi = (unsigned char)pat[q + 2];
					q += 2;
				}
				if ((unsigned char)s[i] >= lo && (unsigned char)s[i] <= hi)
					hit = true;
				q++;
			}
			if (q < plen && hit != neg) {
				p = q + 1;
				i++;
				continue;
			}
		} else if (p < plen && (pat[p] == '?' || (pat[p] == '\\' && p + 1 < plen ? pat[p + 1] == s[i] : pat[p] == s[i]))) {
			p += pat[p] == '\\' ? 2 : 1;
			i++;
			continue;
		}
		if (star_p == (size_t)-1)
			return false;
		p = star_p; /* backtrack: let the last star take one more byte */
		i = ++star_i;
	}
	while (p < plen && pat[p] == '*')
		p++;
	return p == plen;
}

static bool match_from(const char *pat, const char *path)
{
	while (*pat) {
		const char *pe = strchr(pat, '/');
		size_t plen = pe ? (size_t)(pe - pat) : strlen(pat);

		if (plen == 2 && pat[0] == '*' && pat[1] == '*') {
			const char *rest = pe ? pe + 1 : "";
			if (!*rest)
				return true; /* trailing ** matches everything below */
			/* Try the rest at this component and every later one. */
			for (const char *p = path;;) {
				if (match_from(rest, p))
					return true;
				const char *slash = strchr(p, '/');
				if (!slash)
					return false;
				p = slash + 1;
			}
		}
		if (!*path)
			return false;
		const char *se = strchr(path, '/');
		size_t slen = se ? (size_t)(se - path) : strlen(path);
		if (!match_component(pat, plen, path, slen))
			return false;
		pat += plen;
		path += slen;
		if (*pat == '/')
			pat++;
		if (*path == '/')
			path++;
		else if (*pat)
			return false;
		if (!*pat)
			return !*path;
	}
	return !*path;
}

bool cc_glob_match(const char *pattern, const char *path)
{
	while (pattern[0] == '.' && pattern[1] == '/')
		pattern += 2;
	return match_from(pattern, path);
}
