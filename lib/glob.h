/*
 * glob.h — gitignore-style path globs for the `content` and `exclude` keys.
 *
 * A star or question mark never matches '/', brackets are a character class,
 * and a double star as a whole path component matches zero or more
 * components: content/STARSTAR/STAR.md matches "content/a.md" and
 * "content/x/y/a.md". Matching is on
 * repository-relative paths with '/' separators.
 *
 * Within a component, the stars split the pattern into fixed-width segments
 * placed leftmost, the last anchored at the end: linear in the name
 * (memmem for literal segments, shift-and for those holding '?' or a class,
 * width/64 word operations a byte). Across components, time is proportional to (double stars) ×
 * (path length) × (components), never exponential; a pattern with so many double stars
 * that the bookkeeping would pass 16 MiB for the path does not match.
 * Matching recurses once per double star, so a pattern with more than
 * CC_GLOB_MAX_DOUBLE_STARS of them matches nothing (the stack stays
 * bounded whatever the pattern); cc_glob_check() says so up front.
 *
 * Why not a library: fnmatch(3) has no double star, and libgit2's public
 * pathspec API lets a star cross '/' (git's pathspec semantics), which would make a
 * single-star pattern match nested files.
 */
#ifndef CC_GLOB_H
#define CC_GLOB_H

#include <stdbool.h>
#include <stddef.h>

#define CC_GLOB_MAX_DOUBLE_STARS 32

/*
 * A longer pattern matches nothing (contentcal.yml refuses it): no path git
 * checks out is longer, and it bounds the width of a segment holding '?' or
 * a class, whose search costs width/64 word operations a byte.
 */
#define CC_GLOB_MAX_LEN 4096

bool cc_glob_match(const char *pattern, const char *path);

/* The number of double-star components of pattern (as cc_glob_match counts them). */
size_t cc_glob_double_stars(const char *pattern);

#endif
