/*
 * asset.h — one content file turned into the record contentcal indexes.
 *
 * cc_asset_parse() is pure: given the config, a repository-relative path and
 * the file's bytes, it splits and parses the front matter, analyses the
 * Markdown, maps front-matter keys to contentcal's fields through the config,
 * normalises vocabulary, and records every per-file problem. It touches no
 * database and no repository, so it runs on worker threads.
 *
 * What is not an error: a file with no front matter (it is still an asset,
 * titled from its first heading or its file name); a missing optional field.
 */
#ifndef CC_ASSET_H
#define CC_ASSET_H

#include <stdbool.h>
#include <jansson.h>
#include <stddef.h>

#include "config.h"
#include "frontmatter.h"
#include "markdown.h"
#include "problem.h"

/* Tag dimensions, in asset_tags.dimension. People are stored there too, as
 * the dimensions CC_PEOPLE_AUTHOR ("author") and CC_PEOPLE_OWNER ("owner"). */
#define CC_PEOPLE_AUTHOR "author"
#define CC_PEOPLE_OWNER "owner"
enum cc_dim { CC_DIM_PERSONA, CC_DIM_STAGE, CC_DIM_TOPIC, CC_DIM_COUNT };

struct cc_asset {
	char *path;            /* repository-relative */
	char blob[41];         /* hex blob id; "" when unknown */
	enum cc_fm_kind fm_kind;
	int fm_ok;
	json_t *fields;        /* all front matter, an object; owned */
	char *slug, *title, *summary, *status, *format, *author; /* never NULL; "" when none */
	char *url;             /* front-matter url as written, "" when none; the index's url and
				* site_url columns are resolved after parsing (slugs.h) */
	char date[11];         /* publish date YYYY-MM-DD from front matter; "" when none */
	char date_full[32];    /* the publish date as ISO 8601 (with time/offset when given) */
	char due[11], review_by[11], expires[11]; /* YYYY-MM-DD or "" */
	char revised[11];      /* front-matter revision date (fields.revised: lastmod, updated…) or "" */
	int date_line, due_line, review_line, expires_line; /* file line of each date's key; 0 when absent */
	int revised_line;
	struct cc_strlist authors; /* every author, from every key of fields.author, in order; author is the first */
	struct cc_strlist owners;  /* fields.owner: who is responsible (usually one); distinct from authors */
	struct cc_strlist tags[CC_DIM_COUNT]; /* canonical (or cleaned, when unknown) values */
	struct cc_md md;       /* headings, links, plain text, words */
	int body_line;         /* 1-based file line where the body starts */
	int slug_line, slug_col; /* where the slug comes from (the slug key, else 1:1) */
	int slug_declared;     /* 1 when front matter sets the slug, 0 when it comes from the file name */
	struct cc_problems problems;
};

/*
 * Parses text[0..len) (need not be NUL-terminated). Always fills *out
 * (release with cc_asset_release) and returns 0; returns -1 only on an
 * internal failure (cmark out of memory), with cc_error set.
 */
int cc_asset_parse(struct cc_asset *out, const struct cc_config *cfg, const char *path,
		   const char *text, size_t len);
void cc_asset_release(struct cc_asset *a);

const char *cc_dim_name(enum cc_dim d);
/* "persona" → CC_DIM_PERSONA …; -1 when unknown. */
int cc_dim_parse(const char *name);

/*
 * Finds the value of a dotted key ("params.audience") in an object. Returns
 * a borrowed reference or NULL.
 */
json_t *cc_json_path(json_t *obj, const char *dotted);

/*
 * The text form of a scalar JSON value (string, number, boolean); NULL for
 * null, arrays and objects. Returns a new string.
 */
char *cc_json_scalar_text(const json_t *v);

/* Files larger than this are indexed by path only, with an error. */
#define CC_MAX_FILE_BYTES (8u * 1024 * 1024)

/*
 * The status of an asset whose front matter failed to parse, or whose file
 * was not read as text (binary, too large, a Git LFS pointer): never
 * published, scheduled or offered; listed with its error.
 */
#define CC_STATUS_INVALID "invalid"

/* Git LFS pointer files are small (the spec says under 1024 bytes). */
#define CC_LFS_POINTER_MAX 1024

/* True when text is a Git LFS pointer file ("version https://git-lfs.github.com/spec/v1",
 * "oid sha256:…", "size N"), not the content it points to. */
bool cc_lfs_pointer(const char *text, size_t len);

#endif
