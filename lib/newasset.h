/*
 * newasset.h — a new asset from a content template (`contentcal new`, and
 * `plan --apply` for its briefs).
 *
 * Templates are FORMAT.md in a templates/content/ folder, looked up as
 * templates.h describes (the repository first, then $CONTENTCAL_TEMPLATES
 * or the built-in set). The path comes from the config's new.path pattern
 * (default content/{format}/{slug}.md, relative to the config directory);
 * the slug from the title. An existing file is never overwritten and
 * nothing is written outside the work tree or through a symbolic link.
 */
#ifndef CC_NEWASSET_H
#define CC_NEWASSET_H

#include <stdbool.h>

#include "asset.h"
#include "buf.h"
#include "context.h"
#include "templates.h"

struct cc_new_options {
	const char *format;             /* FORMAT as given; checked against the format vocabulary */
	const char *title;
	const char *tags[CC_DIM_COUNT]; /* canonical stage, persona, topic, or NULL */
	const char *status;             /* as given, checked against the workflow; NULL: draft (or the first) */
	const char *date;               /* the publish date as given (YYYY-MM-DD[...]); NULL: none */
	bool force;                     /* write outside the content globs (with a warning) */
};

/*
 * Creates the asset. Returns 0 with *created (its repository-relative
 * path, a new string) and *warning (NULL, or a new message: written
 * outside the content globs under force); -2 with cc_error when the
 * options are wrong (a usage error: unknown status or format, no such
 * template, a title without a slug); -1 with cc_error otherwise (a bad
 * template, a path that leads outside, an existing file). On failure
 * nothing is left on disk and both outputs are NULL.
 */
int cc_new_asset(char **created, char **warning, const struct cc_ctx *ctx, const struct cc_new_options *o);

/*
 * Appends one line per available template ("name  source  path", later
 * directories' duplicates marked "(overridden)"). Returns 0, or -1 with
 * cc_error (no templates, a directory that leads outside).
 */
int cc_new_list(struct cc_buf *out, const struct cc_ctx *ctx);

#endif
