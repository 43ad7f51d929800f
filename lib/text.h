/*
 * text.h — small text utilities shared by the library and the front end:
 * slugs, UTF-8 checks, and escaping for every output contentcal writes
 * (terminal, CSV, HTML, CI annotations).
 */
#ifndef CC_TEXT_H
#define CC_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "buf.h"

/*
 * Makes a URL slug: ASCII lower case, Latin diacritics dropped (é → e,
 * ß → ss, Ø → o), every other run of non-alphanumerics one '-', no leading
 * or trailing '-', at most 80 bytes (cut at a '-' when possible).
 * Returns a new string, "" when nothing is left.
 */
char *cc_slugify(const char *s);

/*
 * Checks that s[0..len) is valid UTF-8. On failure returns false and sets
 * *line / *col (1-based; col counts bytes) of the first bad byte.
 */
bool cc_utf8_check(const char *s, size_t len, int *line, int *col);

/* Appends s with C0 controls (but \n and \t when keep_newlines), DEL, C1
 * controls and the bidi overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069) removed, and every byte that is not valid UTF-8 replaced by
 * U+FFFD, so that content (file names are arbitrary bytes) never drives the
 * terminal. Without keep_newlines, \n, \r and \t become a space. */
void cc_buf_add_safe(struct cc_buf *b, const char *s, bool keep_newlines);

/* Appends s as one YAML double-quoted scalar: '"' and '\\' escaped, \n and
 * \t as escapes, other C0 controls and DEL as \xHH; every other byte as it
 * is (YAML takes UTF-8 as written). */
void cc_buf_add_yaml_quoted(struct cc_buf *b, const char *s);

/* Appends s as one CSV cell (RFC 4180 quoting). A cell that starts with
 * = + - @ TAB or CR gets a leading apostrophe so spreadsheets never run it
 * as a formula (OWASP's CSV-injection advice). Numbers pass unchanged:
 * use cc_buf_add_csv_number for those. */
void cc_buf_add_csv(struct cc_buf *b, const char *s);

/* Appends s escaped for HTML text and attribute values: control
 * characters dropped (cc_buf_add_safe), & < > " ' as entities. */
void cc_buf_add_html(struct cc_buf *b, const char *s);

/*
 * Appends s as XML 1.0 text or attribute value: what XML forbids dropped
 * (C0 controls but tab and newline, U+FFFE, U+FFFF; bytes that are not
 * UTF-8 become U+FFFD), C1 controls and bidi overrides dropped as for a
 * terminal, & < > " ' as entities. For JUnit.
 */
void cc_buf_add_xml(struct cc_buf *b, const char *s);

/*
 * Appends s as GitHub-flavoured Markdown inline text for a table cell or a
 * heading: one line (controls dropped, newlines as spaces); | ` \ * _ [ ] ~
 * escaped with a backslash; < > & as entities (no HTML gets through); a
 * leading # * - + > = that would start a block escaped.
 */
void cc_buf_add_md(struct cc_buf *b, const char *s);

/* Appends s escaped for a GitHub Actions workflow command message
 * (% \r \n), or for a property value when property is true (also : ,). */
void cc_buf_add_gha(struct cc_buf *b, const char *s, bool property);

/*
 * Appends s as a JSON string literal (quotes included): '"', '\\' and
 * control characters escaped, everything else (UTF-8 included) as is.
 * For the indexer's fixed-shape arrays, where jansson's callback-driven
 * dumper was a sixth of a cold run; arbitrary values still go through
 * jansson.
 */
void cc_buf_add_json_string(struct cc_buf *b, const char *s);

/* Appends s[0..n) with every byte that is not part of valid UTF-8 replaced by U+FFFD. */
void cc_buf_add_utf8(struct cc_buf *b, const char *s, size_t n);

/*
 * A JSON string value for s (a new reference): jansson refuses bytes that
 * are not UTF-8 (file names can hold any bytes), so those are replaced by
 * U+FFFD instead of the value silently going missing.
 */
json_t *cc_json_text(const char *s);

/* Lower-cases ASCII in place; returns s. */
char *cc_ascii_lower(char *s);

#endif
