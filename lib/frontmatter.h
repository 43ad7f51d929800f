/*
 * frontmatter.h — split a Markdown file into front matter and body.
 *
 * Recognises YAML (`---` … `---` or `...`), TOML (`+++` … `+++`) and JSON
 * (a `{` … `}` object at the top). A UTF-8 BOM, CRLF line ends, blank lines
 * before the opening fence and trailing spaces or tabs on a fence line are
 * accepted. YAML is read with libyaml (see yaml.h), JSON with jansson.
 * TOML is not parsed: it yields a located error (rule "unsupported-toml")
 * and the body after the closing fence is still the body, so the asset
 * keeps its Markdown.
 *
 * Problems are located in the file: line and column of the file, not of the
 * front-matter block.
 */
#ifndef CC_FRONTMATTER_H
#define CC_FRONTMATTER_H

#include <jansson.h>
#include <stddef.h>

#include "problem.h"
#include "yaml.h"

enum cc_fm_kind {
	CC_FM_NONE = 0,
	CC_FM_YAML,
	CC_FM_TOML,
	CC_FM_JSON,
};

struct cc_fm {
	enum cc_fm_kind kind;
	json_t *data;         /* an object; empty when none or broken; owned */
	struct cc_locs locs;  /* location of every key, in file lines */
	size_t body_offset;   /* byte offset of the body in the text */
	int body_line;        /* 1-based file line where the body starts */
	int fm_line;          /* 1-based line of the opening fence; 0 when none */
	int ok;               /* 1 when the front matter parsed (or there is none) */
	size_t block_start;   /* YAML: byte offset of the first line after the opening fence */
	size_t block_end;     /* YAML: byte offset of the closing fence line (block is [start, end)) */
};

/*
 * Splits and parses text[0..len) (need not be NUL-terminated). Always fills
 * *out (release it with cc_fm_release) and returns 0; everything wrong with
 * the front matter (unterminated fence, invalid YAML/JSON, TOML, a root that
 * is not a mapping, duplicate keys) is added to problems under path, and
 * out->ok is 0 when the front matter could not be used. An unterminated
 * fence means the whole file is treated as body.
 */
int cc_fm_parse(struct cc_fm *out, const char *text, size_t len, const char *path,
		struct cc_problems *problems);
void cc_fm_release(struct cc_fm *fm);
const char *cc_fm_kind_name(enum cc_fm_kind kind);

#endif
