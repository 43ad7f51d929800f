/*
 * glob.c — gitignore-style globs with `**` (see glob.h).
 */
#include "glob.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

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

/*
 * Failed (rest of pattern after a double star, path position) pairs: the
 * answer for a pair never changes, so each is tried once. Without this,
 * patterns like STARSTAR/STAR/STARSTAR/STAR/… try every way to split the
 * path (exponential; found by fuzz_glob).
 */
struct memo {
	const char *pat, *path;
	size_t pathlen;
	const char **rests; /* pattern positions after each double star, in order */
	size_t nrests;
	unsigned char *failed; /* nrests × (pathlen + 1) bits */
};

#define MEMO_MAX_BITS ((size_t)1 << 27) /* 16 MiB */

static bool match_from(struct memo *m, const char *pat, const char *path);

static bool try_rest(struct memo *m, const char *rest, const char *path)
{
	size_t k = 0, bit;
	while (k < m->nrests && m->rests[k] != rest)
		k++;
	if (k == m->nrests) /* not a position cc_glob_match listed; cannot happen */
		return match_from(m, rest, path);
	bit = k * (m->pathlen + 1) + (size_t)(path - m->path);
	if (m->failed[bit / 8] & (1u << (bit % 8)))
		return false;
	if (match_from(m, rest, path))
		return true;
	m->failed[bit / 8] |= (unsigned char)(1u << (bit % 8));
	return false;
}

static bool match_from(struct memo *m, const char *pat, const char *path)
{
	while (*pat) {
		const char *pe = strchr(pat, '/');
		size_t plen = pe ? (size_t)(pe - pat) : strlen(pat);

		if (plen == 2 && pat[0] == '*' && pat[1] == '*') {
			const char *rest = pe ? pe + 1 : "";
			/* "**" + "/" + "**" is one "**" */
			while (rest[0] == '*' && rest[1] == '*' && (rest[2] == '/' || !rest[2]))
				rest += rest[2] ? 3 : 2;
			if (!*rest)
				return true; /* trailing ** matches everything below */
			/* Try the rest at this component and every later one. */
			for (const char *p = path;;) {
				if (try_rest(m, rest, p))
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
	struct memo m = {0};
	bool ok;

	while (pattern[0] == '.' && pattern[1] == '/')
		pattern += 2;
	/* One recursion per double star: past the cap, documented as no match. */
	if (cc_glob_double_stars(pattern) > CC_GLOB_MAX_DOUBLE_STARS)
		return false;
	/* Every position a double star can hand over to (see match_from). */
	for (const char *p = pattern; *p;) {
		const char *pe = strchr(p, '/');
		size_t plen = pe ? (size_t)(pe - p) : strlen(p);
		if (plen == 2 && p[0] == '*' && p[1] == '*') {
			const char *rest = pe ? pe + 1 : "";
			while (rest[0] == '*' && rest[1] == '*' && (rest[2] == '/' || !rest[2]))
				rest += rest[2] ? 3 : 2;
			if (!m.nrests || m.rests[m.nrests - 1] != rest) {
				m.rests = cc_xrealloc(m.rests, (m.nrests + 1) * sizeof(*m.rests));
				m.rests[m.nrests++] = rest;
			}
		}
		if (!pe)
			break;
		p = pe + 1;
	}
	m.pat = pattern;
	m.path = path;
	m.pathlen = strlen(path);
	if (m.nrests && m.nrests > MEMO_MAX_BITS / (m.pathlen + 1)) {
		free(m.rests);
		return false; /* absurd pattern and path: documented as no match */
	}
	m.failed = cc_xcalloc(m.nrests * (m.pathlen + 1) / 8 + 1, 1);
	ok = match_from(&m, pattern, path);
	free(m.failed);
	free(m.rests);
	return ok;
}

size_t cc_glob_double_stars(const char *pattern)
{
	size_t n = 0;
	const char *last = NULL;
	while (pattern[0] == '.' && pattern[1] == '/')
		pattern += 2;
	for (const char *p = pattern; *p;) {
		const char *pe = strchr(p, '/');
		size_t plen = pe ? (size_t)(pe - p) : strlen(p);
		if (plen == 2 && p[0] == '*' && p[1] == '*') {
			const char *rest = pe ? pe + 1 : "";
			while (rest[0] == '*' && rest[1] == '*' && (rest[2] == '/' || !rest[2]))
				rest += rest[2] ? 3 : 2;
			if (rest != last)
				n++;
			last = rest;
		}
		if (!pe)
			break;
		p = pe + 1;
	}
	return n;
}
