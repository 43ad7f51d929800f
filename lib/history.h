/*
 * history.h — created / updated / authors / commit counts from git history,
 * for every indexed path, in one pass over the commits.
 *
 * A run walks only the commits that are new since the last run (the meta
 * value history_head); when that commit is no longer an ancestor (history
 * was rewritten) or the index is new, it walks everything. Each commit is
 * diffed once against its first parent and every changed path is
 * attributed in that pass — never one log walk per file. Renames are
 * followed (git's similarity detection, run only on commits that both add
 * and delete files), so an asset's created date is that of the commit that
 * first added it under any earlier name, like `git log --follow`. Merge
 * commits are not counted, as `git log -- path` does not show them.
 * Dates are author dates in ISO 8601 with the author's offset (%aI).
 */
#ifndef CC_HISTORY_H
#define CC_HISTORY_H

#include <git2.h>
#include <stddef.h>

#include "db.h"

/*
 * Brings the history and history_authors tables up to date for the paths
 * in the assets table, as of head, inside the caller's transaction. Rows of
 * paths that are no longer assets are left for cc_history_prune.
 * Only paths under prefix ("" = whole repository) are considered.
 * *walked receives the number of commits walked.
 */
int cc_history_update(struct cc_db *db, git_repository *repo, git_commit *head, const char *prefix,
		      size_t *walked);

/* Deletes history rows of paths that are no longer in the assets table. */
int cc_history_prune(struct cc_db *db);

#endif
