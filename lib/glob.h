/*
 * glob.h — gitignore-style path globs for the `content` and `exclude` keys.
 *
 * A star or question mark never matches '/', brackets are a character class,
 * and a double star as a whole path component matches zero or more
 * components: content/STARSTAR/STAR.md matches "content/a.md" and
 * "content/x/y/a.md". Matching is on
 * repository-relative paths with '/' separators.
 *
 * Why not a library: fnmatch(3) has no double star, and libgit2's public
 * pathspec API lets a star cross '/' (git's pathspec semantics), which would make a
 * single-star pattern match nested files.
 */
#ifndef CC_GLOB_H
#define CC_GLOB_H

#include <stdbool.h>

bool cc_glob_match(const char *pattern, const char *path);

#endif
