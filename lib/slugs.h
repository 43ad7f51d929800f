/*
 * slugs.h — pages as a static site serves them: each asset's language,
 * translation set and resolved URL, duplicate URLs, lagging translations.
 *
 * A site does not serve a slug, it serves a URL: Hugo puts
 * content/topics/x.md at /topics/x/ and content/communities/x.md at
 * /communities/x/, and content/fr/x.md is the French translation of
 * content/en/x.md, not a duplicate. So two assets collide only when they
 * resolve to the same URL in the same language.
 *
 * Language: with `locales:` in the config, a path component right under a
 * directory named `content` (or the first component when there is none)
 * that is a configured locale, or a file name suffix before the extension
 * (`x.fr.md`). Without it, detected from the layout: such a component or
 * suffix that looks like a language code (`fr`, `pt-br`, `zh_CN`) counts
 * when at least two codes share the position (content/en/… and content/fr/…),
 * or a suffix when the same file exists without it or with another code.
 * The source language is the first configured locale, else `en` (Hugo's
 * default); x.md beside x.fr.md is in the source language. Translations
 * are the assets whose path, without the language, is the same (the
 * translation key).
 *
 * URL: the `url` pattern of the config when there is one, with {slug},
 * {path}, {format}, {stem}, {section} (the first directory under the
 * content root), {lang}, {year}, {month}, {day} (of the publish date);
 * otherwise Hugo's default: the directories under the content root (the
 * language removed), then the slug, with a trailing '/'; a page bundle
 * (index.md, _index.md) is its directory, its slug replacing the
 * directory's name; a language other than the source is prefixed (/fr/…).
 */
#ifndef CC_SLUGS_H
#define CC_SLUGS_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "db.h"

/* One asset's page, as cc_site_resolve computes it. */
struct cc_site_page {
	char *lang;  /* "" when the asset has no language */
	char *tkey;  /* translation key: the path without the language */
	char *url;   /* the resolved URL */
};

/*
 * Resolves one asset's page. path is repository-relative; slug the
 * asset's slug; date "YYYY-MM-DD" or NULL; format "" when none; lang the
 * asset's language ("" for none) and lang_at where it stands in path: the
 * byte offset of the language component, or of the '.' of a suffix; -1
 * when none. source the source language ("" for none). The one resolver
 * of URLs: duplicate detection and list use it. Release with
 * cc_site_page_release.
 */
void cc_site_resolve(struct cc_site_page *out, const struct cc_config *cfg, const char *path, const char *slug,
		     const char *date, const char *format, const char *lang, int lang_at, const char *source);
void cc_site_page_release(struct cc_site_page *p);

/*
 * For every asset in db: works out its language (configured or detected
 * over all paths), translation key and URL, stores them (assets.lang,
 * assets.site_url, assets.translations) and replaces the duplicate-slug
 * problems: one per group of assets that resolve to the same URL in the
 * same language, on the first that declares its slug (else the first by
 * path), naming the URL and every colliding file; an error when one of
 * them declares its slug, else a warning.
 *
 * When the set of paths is the same as at the last pass (paths_changed
 * false), only the assets changed[0..nchanged) were re-derived: if each
 * still resolves to the URL stored for it and shares it with no other
 * asset, nothing else can have changed and the pass stops there (a body
 * edit costs a lookup, not a pass over the repository). Returns 0 or -1
 * with cc_error.
 */
int cc_slugs_check(struct cc_db *db, const struct cc_config *cfg, const int64_t *changed, size_t nchanged,
		   bool paths_changed);

/*
 * Replaces the lagging-translation problems: a translation whose source
 * (the asset of the source language in its translation set) was revised
 * after it was, by the content-revision day of both (lifecycle.h,
 * cc_row_revised_day: a commit that only retags is not a revision).
 * Run after history is up to date. Returns 0 or -1 with cc_error.
 */
int cc_translations_check(struct cc_db *db, const struct cc_config *cfg);

#endif
