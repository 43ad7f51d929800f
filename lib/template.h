/*
 * template.h — {{name}} placeholders in text templates (the HTML report),
 * and the Content-Security-Policy hashes of a page's inline code.
 */
#ifndef CC_TEMPLATE_H
#define CC_TEMPLATE_H

#include <stddef.h>

#include "buf.h"

struct cc_template_var {
	const char *name;  /* [a-z0-9_]+ */
	const char *value; /* appended as is: the caller has escaped it */
};

/*
 * Appends tmpl with every {{name}} replaced by the value of the var of that
 * name. "{{" not followed by a name and "}}" is copied as it is (CSS and
 * scripts may contain braces). A well-formed placeholder naming no var is
 * an error: returns -1 with cc_error "where:line:col: unknown placeholder
 * {{name}}" (line and col 1-based, col in bytes); out then holds a prefix.
 */
int cc_template_expand(struct cc_buf *out, const char *tmpl, const char *where,
		       const struct cc_template_var *vars, size_t nvars);

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
