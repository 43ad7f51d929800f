/*
 * fmedit.h — editing YAML front matter in place, byte for byte.
 *
 * cc_fm_edit() changes the values of top-level front-matter keys and
 * nothing else: comments, key order, quoting style, indentation, line ends
 * (LF or CRLF), a BOM and the body keep every byte. It never re-serialises
 * the YAML: libyaml's events give the start and end of each value (marks
 * count characters; they are turned into byte offsets by walking the UTF-8
 * once, in step with the events), and only those bytes are replaced:
 *
 *   - a scalar keeps its style: plain stays plain when the new value reads
 *     back as the same string (otherwise it becomes double-quoted), 'single'
 *     stays single-quoted (with '' for '), "double" stays double-quoted
 *     (with \ escapes); an empty value (`owner:`) gets " value" after the
 *     colon;
 *   - a list (flow `[a, b]` or block `- a` lines) keeps its form: items are
 *     replaced one for one, in their own styles; a flow list with a new
 *     number of items is rewritten inside its brackets; a block list gets
 *     or loses whole item lines, written like its first item, with the
 *     file's line end;
 *   - a scalar given several values becomes a flow list `[a, b]`;
 *   - an absent key is added as a new line `key: value` at the end of the
 *     block, with the block's line end (a file without front matter gets a
 *     `---` block at the top, after a BOM).
 *
 * Refused, with a located error (`path:line:col: message` in cc_error):
 * JSON and TOML front matter, front matter that does not parse, a value
 * that is a mapping, a block scalar (| or >), a list holding anything but
 * scalars, a value with an anchor, alias or tag, and a nested key.
 */
#ifndef CC_FMEDIT_H
#define CC_FMEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "buf.h"
#include "config.h"

struct cc_fm_change {
	const char *key;     /* a top-level front-matter key */
	const char **values; /* the new value(s); at least one */
	size_t nvalues;
};

/*
 * Applies changes to text[0..len) (a whole Markdown file) and appends the
 * new file to out. *changed is set to true when any byte differs. path is
 * only used in messages. Returns 0, or -1 with cc_error set (out is then
 * left as it was).
 */
int cc_fm_edit(struct cc_buf *out, bool *changed, const char *path, const char *text, size_t len,
	       const struct cc_fm_change *changes, size_t nchanges);

/* The front-matter keys `set` may change, as contentcal field names:
 * stage, persona, topic, date, status, owner, review_by, due. */
extern const char *const cc_set_keys[];

/*
 * Checks and normalises one `set` value for field key (a cc_set_keys name):
 * stage, persona and topic go through the vocabulary (several values
 * separated by commas; each becomes its canonical name), status through the
 * workflow, dates must be dates (written YYYY-MM-DD), owner and author any
 * non-empty text. Appends the values to out. Returns 0, or -1 with cc_error
 * naming the nearest known value.
 */
int cc_set_value(struct cc_strlist *out, const struct cc_config *cfg, const char *key, const char *value);

/*
 * The front-matter key that holds field key in a file whose front matter
 * is fields: the first configured candidate present (fields.<field>), else
 * the first candidate. Borrowed from cfg; NULL when key is not a field.
 */
const char *cc_set_fm_key(const struct cc_config *cfg, const char *key, json_t *fields);

/* One `set` assignment: a cc_set_keys field and its checked values (cc_set_value). */
struct cc_set_assign {
	const char *key;
	struct cc_strlist values;
};

/* One file's edit, before it is written. */
struct cc_set_file {
	char *path;           /* repository-relative */
	struct cc_buf before; /* the file as read */
	struct cc_buf after;  /* the file as it will be */
	struct stat st;       /* the file's status when it was read (safefile.h) */
	bool changed;
};

/*
 * Reads root/rel (safefile.h: never through a symbolic link, never outside
 * the work tree), maps each assignment to the file's own front-matter key
 * (cc_set_fm_key) and edits it (cc_fm_edit) into out. Writes nothing.
 * Returns 0, or -1 with cc_error (located where the file is at fault).
 * Release out with cc_set_file_release in both cases.
 */
int cc_set_prepare(struct cc_set_file *out, const struct cc_config *cfg, const char *root, const char *rel,
		   const struct cc_set_assign *assigns, size_t n);
/* Writes a prepared edit (atomically; safefile.h). 0, or -1 with cc_error. */
int cc_set_write(const struct cc_set_file *f, const char *root);
/* Appends the edit as a unified diff (a/PATH, b/PATH; libgit2's patch writer). */
int cc_set_diff(struct cc_buf *out, const struct cc_set_file *f);
void cc_set_file_release(struct cc_set_file *f);

#endif
