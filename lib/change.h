/*
 * change.h — what a change touches: the files that differ between a base
 * revision and the revision under test, as a pull request shows them.
 */
#ifndef CC_CHANGE_H
#define CC_CHANGE_H

#include <git2.h>
#include <stdbool.h>

#include "config.h"

/*
 * Appends to out (sorted, no duplicates) the repository-relative paths the
 * change touches: those that differ between the merge base of `since` and
 * `rev` (NULL = HEAD) and `rev`, or, with worktree, the work tree (staged
 * and unstaged changes, untracked files not ignored). Both names of a
 * renamed file are listed. When the two revisions share no history, the
 * base is `since` itself. Returns 0, or -1 with cc_error (a revision that
 * does not resolve to a commit).
 */
int cc_change_paths(struct cc_strlist *out, git_repository *repo, const char *since, const char *rev,
		    bool worktree);

/*
 * The merge base of `since` and `rev` (NULL = HEAD) as 40 hex digits in
 * out: where the change branched off, so that what the base branch did
 * since is not taken for the change's doing. When the two share no
 * history, `since` itself. Returns 0, or -1 with cc_error.
 */
int cc_change_base(char out[41], git_repository *repo, const char *since, const char *rev);

/*
 * The committer date of rev (NULL = HEAD), as days since the epoch in the
 * committer's own time zone: the day a CI run tests, whatever day it runs
 * on. Returns 0, or -1 with cc_error.
 */
int cc_commit_day(int64_t *out, git_repository *repo, const char *rev);

#endif
