/*
 * glob.c — gitignore-style globs with `**` (see glob.h).
 */
#include "glob.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/*
 * One byte of a pattern component: a literal (possibly '\'-escaped), '?', or
 * a bracket class ('!' or '^' negates, ranges a-z; a ']' first is literal).
 * tok_len() is how many pattern bytes the token takes; an unterminated '['
 * is a token that matches nothing.
 */
/* The index of the ']' closing the class that opens at pat[p], or 0 when none does. */
static size_t class_end(const char *pat, size_t plen, size_t p)
{
	size_t q = p + 1;
	if (q < plen && (pat[q] == '!' || pat[q] == '^'))
		q++;
	size_t first = q;
	while (q < plen && (pat[q] != ']' || q == first))
		q++;
	return q < plen ? q : 0;
}

static size_t tok_len(const char *pat, size_t plen, size_t p)
{
	if (pat[p] == '\\')
		return p + 1 < plen ? 2 : 1;
	if (pat[p] != '[')
		return 1;
	size_t q = class_end(pat, plen, p);
	return q ? q + 1 - p : plen - p;
}

static bool tok_match(const char *tok, size_t tlen, unsigned char c)
{
	if (tok[0] == '\\')
		return (unsigned char)tok[tlen - 1] == c;
	if (tok[0] == '?')
		return true;
	if (tok[0] != '[' || tlen == 1)
		return (unsigned char)tok[0] == c;
	size_t q = 1, end = class_end(tok, tlen, 0);
	if (!end)
		return false; /* unterminated class */
	bool neg = false, hit = false;
	if (tok[q] == '!' || tok[q] == '^')
		neg = true, q++;
	for (; q < end; q++) {
		unsigned char lo = (unsigned char)tok[q], hi = lo;
		if (q + 2 < end && tok[q + 1] == '-') {
			hi = (unsigned char)tok[q + 2];
			q += 2;
		}
		if (c >= lo && c <= hi)
			hit = true;
	}
	return hit != neg;
}

/* A star-free run of a pattern component: its bytes, how many name bytes it
 * matches, and whether it is all plain literals (searchable with memmem). */
struct seg {
	const char *pat;
	size_t plen, width;
	bool literal;
};

static struct seg seg_at(const char *pat, size_t plen)
{
	struct seg g = {pat, plen, 0, true};
	for (size_t p = 0; p < plen; p += tok_len(pat, plen, p)) {
		g.width++;
		if (pat[p] == '\\' || pat[p] == '?' || pat[p] == '[')
			g.literal = false;
	}
	return g;
}

static bool seg_match_at(const struct seg *g, const char *s)
{
	size_t i = 0;
	for (size_t p = 0; p < g->plen; i++) {
		size_t t = tok_len(g->pat, g->plen, p);
		if (!tok_match(g->pat + p, t, (unsigned char)s[i]))
			return false;
		p += t;
	}
	return true;
}

/*
 * The leftmost place in s[0..slen) where g matches, or -1. A literal segment
 * is found with memmem (glibc's two-way search, linear). One holding '?' or a
 * class is found with the bit-parallel shift-and automaton: bit t of the state
 * says the last t+1 bytes match the segment's first t+1 tokens, and each byte
 * costs width/64 word operations (a segment is at most CC_GLOB_MAX_LEN wide).
 * Building the byte table costs 256 token tests a token, so short names are
 * tried at each place instead.
 */
static ptrdiff_t seg_find(const struct seg *g, const char *s, size_t slen)
{
	if (g->width > slen)
		return -1;
	if (g->literal) {
		const char *hit = memmem(s, slen, g->pat, g->plen);
		return hit ? hit - s : -1;
	}
	if (slen - g->width <= 256) {
		for (size_t i = 0; i + g->width <= slen; i++)
			if (seg_match_at(g, s + i))
				return (ptrdiff_t)i;
		return -1;
	}
	size_t words = (g->width + 63) / 64, t = 0;
	uint64_t *mask = cc_xcalloc(256 * words + words, sizeof(uint64_t)), *d = mask + 256 * words;
	for (size_t p = 0; p < g->plen; t++) {
		size_t l = tok_len(g->pat, g->plen, p);
		for (unsigned c = 0; c < 256; c++)
			if (tok_match(g->pat + p, l, (unsigned char)c))
				mask[c * words + t / 64] |= (uint64_t)1 << (t % 64);
		p += l;
	}
	uint64_t last = (uint64_t)1 << ((g->width - 1) % 64);
	ptrdiff_t at = -1;
	for (size_t i = 0; i < slen && at < 0; i++) {
		const uint64_t *m = mask + (unsigned char)s[i] * words;
		uint64_t carry = 1; /* a match may start at every byte */
		for (size_t w = 0; w < words; w++) {
			uint64_t next = d[w] >> 63;
			d[w] = ((d[w] << 1) | carry) & m[w];
			carry = next;
		}
		if (d[words - 1] & last)
			at = (ptrdiff_t)(i + 1 - g->width);
	}
	free(mask);
	return at;
}

/*
 * Matches one path component s[0..slen) against one pattern component
 * pat[0..plen), bytewise. The stars split the pattern into segments of fixed
 * width; the first must match at the start, the last at the end, and each
 * one between at its leftmost place after the one before (taking the
 * leftmost place never loses a match, since a star can absorb whatever lies
 * between). Segments are found as seg_find says, so for a given pattern the
 * time is linear in the name.
 *
 * This runs for every file of every tree walk; fnmatch(3) needed
 * NUL-terminated copies and its locale-aware matching was a fifth of an
 * incremental run, and has no notion of '/' inside a component anyway.
 */
static bool match_component(const char *pat, size_t plen, const char *s, size_t slen)
{
	size_t first = plen, last = plen; /* the first star, and the end of the last */
	for (size_t q = 0; q < plen; q += tok_len(pat, plen, q))
		if (pat[q] == '*') {
			if (first == plen)
				first = q;
			last = q + 1;
		}
	struct seg head = seg_at(pat, first);
	if (first == plen)
		return head.width == slen && seg_match_at(&head, s);
	struct seg tail = seg_at(pat + last, plen - last);
	if (head.width + tail.width > slen || !seg_match_at(&head, s) ||
	    !seg_match_at(&tail, s + slen - tail.width))
		return false;
	size_t i = head.width, end = slen - tail.width;
	for (size_t p = first; p < last;) {
		while (p < last && pat[p] == '*')
			p++;
		size_t q = p;
		while (q < last && pat[q] != '*')
			q += tok_len(pat, plen, q);
		if (q == p)
			break;
		struct seg mid = seg_at(pat + p, q - p);
		ptrdiff_t at = seg_find(&mid, s + i, end - i);
		if (at < 0)
			return false;
		i += (size_t)at + mid.width;
		p = q;
	}
	return true;
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
	if (strlen(pattern) > CC_GLOB_MAX_LEN || cc_glob_double_stars(pattern) > CC_GLOB_MAX_DOUBLE_STARS)
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
