/*
 * yaml.h — YAML (libyaml) into a jansson value tree, with source locations.
 *
 * Front matter and contentcal.yml are both read through here, so that every
 * later stage works on one representation (json_t) and can still say where
 * a value came from.
 *
 * Scalar typing (YAML 1.2 core schema, plus YAML 1.1 booleans yes/no/on/off):
 * plain `true`/`false` → boolean, `null`/`~`/empty → null, integers → integer,
 * floats → real; quoted scalars and everything else (dates included) → string.
 * Mappings become objects (keys are the scalar text of the key), sequences
 * become arrays. A duplicate key keeps the last value and adds a warning
 * (rule "duplicate-key"). Aliases are expanded, but at most CC_YAML_MAX_ALIASES
 * alias expansions and CC_YAML_MAX_DEPTH nesting levels are allowed per
 * document (no billion laughs); past that, the load fails with an error.
 * An alias expansion counts 1 plus every expansion inside the anchored value,
 * so nested expansions count recursively. Nodes are capped at
 * CC_YAML_MAX_NODES (expanded aliases included), and the scalar text that
 * alias expansions copy at CC_YAML_MAX_ALIAS_BYTES (a big anchored string
 * aliased many times). An alias used as a mapping key counts as an
 * expansion too.
 *
 * Merge keys are not supported: `<<` is an ordinary key. A mapping key must
 * be a scalar (or an alias of a string); anything else fails the load
 * (rule "invalid-yaml"). Undefined aliases fail the load. Scalars that would
 * be the floats .inf/.nan (not representable in JSON) stay strings. A root
 * that is not a mapping fails with rule "invalid-front-matter"; a null root
 * (`---` with nothing, or `~`) is an empty object. Only the first document is
 * used; the rest of the stream is checked for syntax errors only.
 *
 * Problem rules: "invalid-yaml" (error; syntax, limits, keys, aliases),
 * "invalid-front-matter" (error; root not a mapping), "duplicate-key"
 * (warning). Columns are in bytes.
 */
#ifndef CC_YAML_H
#define CC_YAML_H

#include <jansson.h>
#include <stddef.h>

#include "problem.h"

#define CC_YAML_MAX_ALIASES 1000
#define CC_YAML_MAX_DEPTH 64
#define CC_YAML_MAX_NODES 100000
#define CC_YAML_MAX_ALIAS_BYTES (1024 * 1024)

/* Where a value stands: `key` is a dotted path ("params.audience", "tags.2"). */
struct cc_loc {
	char *key; /* NULL only inside a load, for a dropped entry */
	int line;  /* 1-based line in the file (line_offset applied) */
	int col;   /* 1-based column */
	int vline, vcol; /* where the value starts (a mapping key's value; for an element, line and col) */
	size_t end; /* one past the last entry of this key's value (see cc_locs_close); 0 = unknown */
};

/*
 * The locations of a document's keys, in the order they were added, with a
 * hash index so that a lookup costs the same for the millionth key as for
 * the first. Key paths longer than CC_LOCS_MAX_KEY bytes are not recorded
 * (a lookup for one answers NULL, and callers fall back to the parent or
 * the block): otherwise every element under a long key would copy it, and
 * memory would grow with the product of key length and element count.
 */
struct cc_locs {
	struct cc_loc *v;
	size_t n, alloc;
	size_t *slots; /* hash index: entry index + 1, 0 empty, SIZE_MAX deleted */
	size_t nslots, used; /* slots (a power of two, or 0) and slots not empty */
	size_t dead;         /* entries in v with key NULL */
};

#define CC_LOCS_MAX_KEY 256

#define CC_LOCS_INIT {NULL, 0, 0, NULL, 0, 0, 0}

/*
 * Parses the first YAML document in text[0..len). On success returns 0 and
 * sets *out to a new reference (the caller must json_decref() it); an empty
 * document yields an empty object. The root must be a mapping, or the load
 * fails. When locs is not NULL, it receives the location of every key and
 * sequence element. line_offset is added to libyaml's 0-based lines so that
 * positions are lines of the file the YAML was cut from (pass 0 for a whole
 * file, or the number of lines before the block).
 *
 * Warnings (duplicate keys) are added to problems under `path`. On a syntax
 * error returns -1, *out is NULL, and one problem (rule "invalid-yaml",
 * severity error) with the file line and column of the error is added.
 */
int cc_yaml_load(json_t **out, struct cc_locs *locs, const char *text, size_t len, int line_offset,
		 const char *path, struct cc_problems *problems);

/* Looks up a key's location (the last one added); NULL when unknown. O(1). */
const struct cc_loc *cc_locs_find(const struct cc_locs *locs, const char *key);
/*
 * Adds a location and returns its index, or SIZE_MAX when the key is longer
 * than CC_LOCS_MAX_KEY (not recorded).
 */
size_t cc_locs_add(struct cc_locs *locs, const char *key, int line, int col);
/*
 * Notes that every entry added since entry idx (returned by cc_locs_add)
 * belongs to idx's value, so that cc_locs_remove_tree() can drop them in
 * time proportional to their number. SIZE_MAX is ignored.
 */
void cc_locs_close(struct cc_locs *locs, size_t idx);
void cc_locs_release(struct cc_locs *locs);
/*
 * Drops the location of key and of every key under it ("key.x", "key.0").
 * When key's entry was closed (cc_locs_close), only its own range is looked
 * at; otherwise the whole list is scanned. Either way the entries are only
 * marked dropped (key NULL), so indexes stay valid: call cc_locs_compact()
 * before handing the list on.
 */
void cc_locs_remove_tree(struct cc_locs *locs, const char *key);
/* Removes dropped entries (indexes from cc_locs_add are then stale). */
void cc_locs_compact(struct cc_locs *locs);

#endif

/*
 * This header shadows libyaml's <yaml.h> under -Ilib. lib/yaml.c defines
 * CC_YAML_WANT_LIBYAML before including this file to get libyaml's header
 * too. (The better fix is `-iquote lib` in the Makefile.)
 */
#if defined(CC_YAML_WANT_LIBYAML) && !defined(YAML_H)
#include_next <yaml.h>
#endif
