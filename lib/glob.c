/*
 * glob.c — gitignore-style globs with `**` (see glob.h).
 */
#include "glob.h"

#include <fnmatch.h>
#include <string.h>

/* Matches one path component against one pattern component. */
static bool match_component(const char *pat, size_t plen, const char *s, size_t slen)
{
	char p[512], t[512];
	if (plen >= sizeof(p) || slen >= sizeof(t))
		return false;
	memcpy(p, pat, plen);
	p[plen] = '\0';
	memcpy(t, s, slen);
	t[slen] = '\0';
	return fnmatch(p, t, 0) == 0;
}

static bool match_from(const char *pat, const char *path)
{
	while (*pat) {
		const char *pe = strchr(pat, '/');
		size_t plen = pe ? (size_t)(pe - pat) : strlen(pat);

		if (plen == 2 && pat[0] == '*' && pat[1] == '*') {
			const char *rest = pe ? pe + 1 : "";
			/* "**" + "/" + "**" is one "**": without this, n of them in a row
			 * would try every way to split the path n ways (a hang). */
			while (rest[0] == '*' && rest[1] == '*' && (rest[2] == '/' || !rest[2]))
				rest += rest[2] ? 3 : 2;
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
