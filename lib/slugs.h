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
 * URL: the front matter's `url` when there is one; else the `url` pattern
 * of the config, with {slug},
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

#include "buf.h"
#include "config.h"
#include "db.h"

/* One asset's page, as cc_site_resolve computes it. */
struct cc_site_page {
	char *lang;   /* "" when the asset has no language */
	char *tkey;   /* translation key: the path without the language */
	char *url;    /* the URL the site serves (assets.site_url) */
	char *stated; /* url when the front matter or the url pattern gives it, else "" (assets.url) */
};

/* What cc_site_resolve needs of one asset. */
struct cc_site_input {
	const char *path;    /* repository-relative */
	const char *slug;    /* the asset's slug (a derived x-fr already cut to x) */
	const char *date;    /* publish date "YYYY-MM-DD", or NULL */
	const char *format;  /* "" or NULL when none */
	const char *lang;    /* the page's language, "" for none */
	int lang_at;         /* byte offset in path of the language component or of
			      * the '.' of a suffix; -1 when none */
	const char *source;  /* the source language, "" for none */
	const char *fm_url;  /* front-matter url, NULL or "" when none */
	const char *fm_lang; /* front-matter lang (or language), NULL when none */
};

/* The values of a url pattern's placeholders, each never NULL. */
struct cc_url_values {
	const char *slug, *path, *format, *stem, *section, *lang, *year, *month, *day;
};

/*
 * Appends pattern (the config's url) with its {name} placeholders
 * replaced, by cc_template_run's rule (template.h); an empty value
 * followed by '/' right after a '/' leaves one '/'. Returns 0, or -1
 * with cc_error set (an unknown placeholder, which config validation
 * already refuses).
 */
int cc_url_expand(struct cc_buf *out, const char *pattern, const struct cc_url_values *u);

/*
 * Resolves one asset's page: the one resolver of URLs, used for
 * duplicate detection, list and engagement matching. The URL is the
 * front-matter url when there is one; else the url pattern, with {stem}
 * the file name without extension and language (a bundle's: its
 * directory's name), {section} the first directory under the content
 * root once the language is removed, {lang} the page's language, else
 * the front matter's, else a language-looking file-name suffix; else
 * Hugo's default (above). Release with cc_site_page_release (also after
 * a failure). Returns 0 or -1 with cc_error.
 */
int cc_site_resolve(struct cc_site_page *out, const struct cc_config *cfg, const struct cc_site_input *in);
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
