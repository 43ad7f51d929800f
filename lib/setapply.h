/*
 * setapply.h — `set` and `reschedule`: one edit applied to every matching
 * asset, all or nothing.
 *
 * Every file is prepared first (read, edited in memory, read back;
 * fmedit.h) and, unless a dry run, staged in a temporary file beside it
 * (safefile.h). Only when every file is fine is the file system flushed
 * once and each temporary file renamed over its target; otherwise the
 * temporary files are removed and nothing has changed. A dry run prepares
 * twice: once to check every file, then once per file to hand over its
 * diff, so memory holds one file at a time.
 */
#ifndef CC_SETAPPLY_H
#define CC_SETAPPLY_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "config.h"
#include "fmedit.h"
#include "query.h"

/* What cc_set_apply did. */
struct cc_set_result {
	size_t matched;            /* files tried (the rows given) */
	size_t changed;            /* files whose bytes change (or would, in a dry run) */
	size_t written;            /* files replaced */
	struct cc_strlist refused; /* one message per file that cannot be edited (located) */
	bool stopped;              /* a file could not be replaced after `written` were */
};

/* Called in a dry run with each changed file's unified diff (cc_set_diff), in row order. */
typedef void cc_set_diff_fn(const struct cc_buf *diff, void *payload);

/*
 * Applies the assignments to the file of every row, under root, as above.
 * Returns 0, or -1 with cc_error: when files are refused (res->refused
 * says which; nothing was written), or when the file system fails (with
 * res->stopped when some files were already replaced). Release res with
 * cc_set_result_release in both cases.
 */
int cc_set_apply(struct cc_set_result *res, const struct cc_config *cfg, const char *root,
		 const struct cc_rows *rows, const struct cc_set_assign *as, size_t nas, bool dry_run,
		 cc_set_diff_fn *diff, void *payload);
void cc_set_result_release(struct cc_set_result *res);

#endif
