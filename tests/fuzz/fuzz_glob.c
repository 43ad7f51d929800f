/*
 * fuzz_glob.c — content globs (cc_glob_match): the input is a pattern, a
 * newline, and a path. Looks for crashes and for hangs (run with -timeout),
 * such as the exponential backtracking that consecutive double stars caused.
 */
#include <string.h>

#include "fuzz.h"
#include "glob.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	if (strlen(s) != size) { /* NULs end C strings; not a glob input */
		free(s);
		return 0;
	}
	char *nl = strchr(s, '\n');
	const char *path = "";
	if (nl) {
		*nl = '\0';
		path = nl + 1;
	}
	bool m = cc_glob_match(s, path);
	/* A pattern of plain characters matches exactly itself. */
	if (!strpbrk(s, "*?[\\") && strncmp(s, "./", 2) != 0)
		FUZZ_ASSERT(m == (strcmp(s, path) == 0) || strlen(s) >= 511 || strchr(s, '/') || strchr(path, '/'));
	free(s);
	return 0;
}
