/*
 * links.h — where the body's links lead: internal links that lead nowhere,
 * and external links to check by hand.
 *
 * An internal link (no scheme, not //host; see markdown.h) is resolved
 * after cutting its #fragment and ?query (a bare #anchor is fine; a link
 * holding a template "{{" is not judged):
 *
 *   relative ("../x.md", "other/")   against the linking file's folder;
 *   site-absolute ("/blog/x/")       against the repository root, static/,
 *                                    and the assets' URLs;
 *
 * and it is fine when it names an indexed asset (its path, or with .md,
 * .mdx, /index.md or /_index.md added), an asset's URL path, a file or
 * folder in the work tree, or — as a last resort, for sites whose URLs are
 * not configured — ends in a folder named like an asset's slug. A
 * relative link that climbs out of the repository is broken. Files are
 * only looked up (fstatat), never opened or followed out of the tree.
 */
#ifndef CC_LINKS_H
#define CC_LINKS_H

#include <stddef.h>

#include "db.h"

struct cc_link_ref {
	char *path; /* the linking asset */
	int line;   /* file line of the link */
	char *url;
};

struct cc_link_refs {
	struct cc_link_ref *v;
	size_t n, alloc;
};

/*
 * Reads every asset's links from db and appends, in path and line order,
 * the internal links that lead nowhere to broken and the external links
 * to external (either may be NULL). root is the work tree. 0, or -1 with
 * cc_error.
 */
int cc_links_check(struct cc_db *db, const char *root, struct cc_link_refs *broken,
		   struct cc_link_refs *external);
void cc_link_refs_release(struct cc_link_refs *r);

#endif
