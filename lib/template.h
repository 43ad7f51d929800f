/*
 * template.h — the one placeholder engine ({{ name }} in text, {name} in
 * paths and URLs), and the Content-Security-Policy hashes of a page's inline code.
 */
#ifndef CC_TEMPLATE_H
#define CC_TEMPLATE_H

#include <stddef.h>

#include "buf.h"

/*
 * The one placeholder engine: new's content templates, the report
 * template, URL patterns (url) and new.path.
 *
 *   text (CC_TEMPLATE_TEXT):      {{name}} or {{ name }}
 *   paths, URLs (CC_TEMPLATE_PATH): {name} or { name }
 *
 * The rule, the same for both: a placeholder is the opener ("{{" or "{"),
 * optional blanks (spaces, tabs), a name (a-z, 0-9, _), optional blanks
 * and the closer ("}}" or "}"). An opener not followed by a name is text
 * (CSS and scripts, Hugo shortcodes "{{< x >}}", "{{ .Title }}"). Errors,
 * located "where:line:col: " (col in bytes, 1-based) when where is given:
 *   unknown placeholder {{name}} (known: a, b, c)   — a name with no var
 *   unclosed placeholder {{name}} (known: …)         — an opener and a name
 *                                                     not followed by the closer
 */
enum cc_template_syntax {
	CC_TEMPLATE_TEXT, /* {{ name }} */
	CC_TEMPLATE_PATH, /* { name } */
};

struct cc_template_var {
	const char *name;  /* [a-z0-9_]+ */
	const char *value; /* appended as is unless emit says otherwise; NULL = "" */
};

struct cc_template {
	enum cc_template_syntax syntax;
	const char *where; /* "file" for located errors; NULL: the message alone */
	int line;          /* the line number of the text's first line (0: 1) */
	const struct cc_template_var *vars;
	size_t nvars;
	/* Appends a placeholder's value (escaped, quoted, slugified…); NULL:
	 * the value as is. rest[0..nrest) is the text after the placeholder.
	 * Returns how many bytes of rest to skip (usually 0), or -1 to stop
	 * (with cc_error set, or after reporting the error itself). */
	int (*emit)(struct cc_buf *out, const struct cc_template_var *v, const char *rest, size_t nrest,
		    void *arg);
	void *arg;
};

/*
 * Appends text[0..len) with its placeholders replaced. Returns 0, or -1
 * with cc_error set (out then holds a prefix).
 */
int cc_template_run(const struct cc_template *t, const char *text, size_t len, struct cc_buf *out);

/* cc_template_run for a NUL-terminated text template, values as they are. */
int cc_template_expand(struct cc_buf *out, const char *tmpl, const char *where,
		       const struct cc_template_var *vars, size_t nvars);

/*
 * Checks a path or URL pattern against the names it may use (NULL-ended,
 * at most 32): 0, or -1 with cc_error set to the message (no location).
 */
int cc_template_check_path(const char *pattern, const char *const *known);

/*
 * Appends the CSP source expressions of every inline <script> and <style>
 * element of html ("'sha256-BASE64'", space-separated, in document order)
 * to scripts and styles. Elements are found literally: "<script" or
 * "<style" followed by '>' or white space, up to the next "</script" or
 * "</style" (HTML's own rule for raw text elements); a script with a src
 * attribute is hashed too, which is harmless.
 */
void cc_csp_hashes(const char *html, struct cc_buf *scripts, struct cc_buf *styles);

/* "'sha256-BASE64'" of data[0..len) appended to out. */
void cc_csp_hash(struct cc_buf *out, const void *data, size_t len);

#endif
