/*
 * templates.h — where the built-in and repository templates are found,
 * shared by `new` (templates/content/) and `report` (templates/report/).
 *
 * For a kind ("content", "report") the directories are, first match wins:
 *   1. the content repository: templates/KIND/ next to contentcal.yml;
 *   2. $CONTENTCAL_TEMPLATES/KIND/ when that variable is set (it then
 *      replaces the built-in set);
 *   3. the built-in set: PREFIX/share/contentcal/templates/KIND/ found from
 *      the running binary (BINDIR/../share/...), then the install prefix
 *      compiled in (CC_INSTALL_TEMPLATE_DIR), then the source tree's
 *      templates/ (CC_TEMPLATE_DIR, for a binary run from the build tree).
 */
#ifndef CC_TEMPLATES_H
#define CC_TEMPLATES_H

#include <stddef.h>

#include "buf.h"
#include "context.h"

enum cc_tsrc { CC_TSRC_REPO, CC_TSRC_ENV, CC_TSRC_BUILTIN };

/* "repository", "CONTENTCAL_TEMPLATES", "built-in". */
extern const char *const cc_tsrc_names[];

struct cc_tdir {
	char *dir; /* absolute .../templates/KIND */
	enum cc_tsrc src;
	char *refused; /* CC_TSRC_REPO: why the directory may not be read (it leads outside), or NULL */
};

/* Repository templates (the directory and each file) are read only when
 * they resolve inside the work tree (cc_path_inside). */
struct cc_tdirs {
	struct cc_tdir v[3];
	size_t n;
	char *root; /* the work tree */
};

/* Fills *out with the existing template directories of kind, in lookup order. */
void cc_template_dirs(const struct cc_ctx *ctx, const char *kind, struct cc_tdirs *out);
void cc_tdirs_release(struct cc_tdirs *t);

/*
 * Reads the first file `name` found in t's directories into out and sets
 * *where to its path (a new string). Returns 0, 1 when no directory holds
 * it, or -1 with cc_error set (a file that could not be read, a repository
 * template directory that leads outside).
 */
int cc_template_read(const struct cc_tdirs *t, const char *name, struct cc_buf *out, char **where);

#endif
