/*
 * markdown.h — what contentcal learns from a Markdown body (cmark).
 *
 * Parses with cmark (CommonMark) and walks the tree once: the first heading,
 * the first paragraph as plain text, word count, headings, links and the
 * plain text full-text search indexes. Code blocks, HTML blocks and inline
 * HTML do not count as prose. For MDX (mdx != 0), `import`/`export` lines at
 * the top level and JSX blocks (lines starting with `<Capitalised` up to the
 * matching close) are removed before parsing, so they are not counted.
 *
 * Details: prose is the inline text of paragraphs and headings wherever they
 * stand (lists, block quotes), including code spans and link text; image
 * alt text is not prose. An import/export statement continues over lines
 * while its brackets are open. A JSX block ends at the line where its
 * element closes (`</Name>`, or `/>` ending its own opening tag), counting
 * nested elements of the same name; one that never closes loses only its
 * opening tag. The search for closing tags reads at most 8 times the body
 * in all (many unclosed elements would each read to the end): past that,
 * an element not closed yet is taken as unclosed. Removed lines are blanked
 * in place, so line numbers hold.
 * Template syntax (Hugo shortcodes, Liquid tags and outputs, and for MDX
 * {expressions}) is removed before parsing (shortcode.h), line breaks kept.
 * The body is taken as it is: strip front matter first (frontmatter.h).
 * Words: a word is a run of ASCII letters/digits or non-ASCII characters,
 * where a single ' - ’ ‐ ‑ between two such characters joins; general and
 * CJK punctuation (U+2000–U+206F, U+3000–U+303F) and U+00A0 separate.
 */
#ifndef CC_MARKDOWN_H
#define CC_MARKDOWN_H

#include <stddef.h>

struct cc_md_heading {
	int level;  /* 1–6 */
	int line;   /* 1-based line in the body (add body_line - 1 for the file) */
	char *text; /* plain text */
};

struct cc_md_link {
	char *url;
	char *text;  /* plain text of the link */
	int line;    /* 1-based line in the body */
	int internal; /* 1 when the url has no scheme and no host (a site-relative link) */
};

struct cc_md {
	char *title;         /* plain text of the first non-empty heading, or NULL */
	char *first_para;    /* plain text of the first non-empty paragraph, or NULL */
	char *plain;         /* all prose as plain text, blocks separated by "\n"; never NULL */
	size_t words;        /* words of prose (runs of letters/digits, UTF-8 aware) */
	int reading_minutes; /* ceil(words / 238), at least 1 when words > 0 */
	struct cc_md_heading *headings;
	size_t nheadings;
	struct cc_md_link *links;
	size_t nlinks;
};

#define CC_WORDS_PER_MINUTE 238

/*
 * Analyses body[0..len) (need not be NUL-terminated; body may be NULL when
 * len is 0). Returns 0 and fills *out (release with cc_md_release; every
 * string is owned by *out), or -1 only when cmark cannot allocate, with
 * cc_error() set and *out still safe to release.
 */
int cc_md_analyze(struct cc_md *out, const char *body, size_t len, int mdx);
void cc_md_release(struct cc_md *md);

#endif
