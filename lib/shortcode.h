/*
 * shortcode.h — template syntax in Markdown bodies: Hugo shortcodes,
 * Liquid (Jekyll) tags and outputs, Go template actions and MDX
 * expressions are markup for the site generator, not prose. They are
 * blanked before the body is parsed, so they never reach plain text,
 * snippets, word counts or the full-text index.
 */
#ifndef CC_SHORTCODE_H
#define CC_SHORTCODE_H

#include <stddef.h>

/* The longest span taken for one tag; a longer one is left as text. */
#define CC_TEMPLATE_MAX_TAG 4096

/*
 * Removes, in place from s[0..len), every template tag: {{< … >}} and
 * {{% … %}} (Hugo shortcodes, their closing tags and their escaped form
 * with a comment marker inside the delimiters), {% … %} (Liquid tags),
 * {{ … }} (Liquid outputs, Go template actions) and, with mdx, {…} (MDX
 * expressions and comments). A tag's line breaks stay, so line numbers
 * hold; between two words it leaves one space, next to white space none
 * (and the white space after it is dropped), so no run of blanks is left.
 * The text between a paired shortcode's tags stays. A tag is taken only
 * when it closes within CC_TEMPLATE_MAX_TAG bytes, before a blank line and
 * before another {{ or {% opens; otherwise its opening is text (a lone
 * "{{" in prose stays). One pass, linear in len: each delimiter is
 * searched forward only once. Returns the new length (s is not
 * NUL-terminated anew); *ntags, when not NULL, gets the tags removed.
 */
size_t cc_template_strip(char *s, size_t len, int mdx, size_t *ntags);

#endif
