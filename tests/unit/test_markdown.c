/* Unit tests for lib/markdown.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "markdown.h"

static void analyze(struct cc_md *md, const char *body, int mdx)
{
	assert_int_equal(cc_md_analyze(md, body, strlen(body), mdx), 0);
	assert_non_null(md->plain);
}

static void test_title_summary_words(void **state)
{
	struct cc_md md;
	analyze(&md,
		"# Cloud *migration* guide\n"
		"\n"
		"Moving to the `cloud` is\n"
		"hard, isn't it? Well-planned moves win.\n"
		"\n"
		"## Next steps\n"
		"\n"
		"- one item\n"
		"- two\n"
		"\n"
		"> quoted words here\n",
		0);
	assert_string_equal(md.title, "Cloud migration guide");
	assert_string_equal(md.first_para,
			    "Moving to the cloud is hard, isn't it? Well-planned moves win.");
	assert_string_equal(md.plain,
			    "Cloud migration guide\n"
			    "Moving to the cloud is hard, isn't it? Well-planned moves win.\n"
			    "Next steps\n"
			    "one item\n"
			    "two\n"
			    "quoted words here");
	/* 3 + 11 (isn't and well-planned are one word each) + 2 + 2 + 1 + 3 */
	assert_int_equal(md.words, 22);
	assert_int_equal(md.reading_minutes, 1);
	assert_int_equal(md.nheadings, 2);
	assert_int_equal(md.headings[0].level, 1);
	assert_int_equal(md.headings[0].line, 1);
	assert_string_equal(md.headings[0].text, "Cloud migration guide");
	assert_int_equal(md.headings[1].level, 2);
	assert_int_equal(md.headings[1].line, 6);
	assert_string_equal(md.headings[1].text, "Next steps");
	cc_md_release(&md);
}

static void test_title_is_first_heading_any_level(void **state)
{
	struct cc_md md;
	analyze(&md, "Intro text first.\n\n### Small heading\n\n# Big heading\n\nSetext\n======\n",
		0);
	assert_string_equal(md.title, "Small heading");
	assert_string_equal(md.first_para, "Intro text first.");
	assert_int_equal(md.nheadings, 3);
	assert_int_equal(md.headings[0].level, 3);
	assert_int_equal(md.headings[1].level, 1);
	assert_int_equal(md.headings[2].level, 1);
	assert_int_equal(md.headings[2].line, 7);
	assert_string_equal(md.headings[2].text, "Setext");
	cc_md_release(&md);
}

static void test_reading_minutes(void **state)
{
	struct cc_md md;
	char *body = malloc(239 * 4 + 1);
	char *p = body;
	for (int i = 0; i < 238; i++)
		p += sprintf(p, "ab ");
	strcpy(p, "\n");
	analyze(&md, body, 0);
	assert_int_equal(md.words, 238);
	assert_int_equal(md.reading_minutes, 1);
	cc_md_release(&md);
	strcpy(p, "cd\n");
	analyze(&md, body, 0);
	assert_int_equal(md.words, 239);
	assert_int_equal(md.reading_minutes, 2);
	cc_md_release(&md);
	free(body);
}

static void test_word_rules(void **state)
{
	struct cc_md md;
	/* unicode letters count; em dash, nbsp and ellipsis separate; ’ joins */
	analyze(&md,
		"Café naïve 2024 don’t — x-ray a--b 'quoted' -lead trail- …end "
		"a\xc2\xa0"
		"b 日本語\n",
		0);
	/* Café, naïve, 2024, don’t, x-ray, a, b, quoted, lead, trail, end, a, b, 日本語 */
	assert_int_equal(md.words, 14);
	cc_md_release(&md);
}

static void test_code_and_html_not_prose(void **state)
{
	struct cc_md md;
	analyze(&md,
		"Before `span code` after.\n"
		"\n"
		"```c\n"
		"int lots of code words here;\n"
		"```\n"
		"\n"
		"    indented code block words\n"
		"\n"
		"<div>\n"
		"html block words\n"
		"</div>\n"
		"\n"
		"Text <span>inline</span> html ![alt words](x.png).\n",
		0);
	assert_string_equal(md.plain, "Before span code after.\nText inline html .");
	assert_int_equal(md.words, 7);
	assert_null(md.title);
	assert_string_equal(md.first_para, "Before span code after.");
	cc_md_release(&md);
}

static void test_links(void **state)
{
	struct cc_md md;
	analyze(&md,
		"See [the *guide*](../guide.md) and\n"
		"[site](https://example.com/x) or [mail](mailto:a@b.c).\n"
		"\n"
		"- [root](/pricing) [proto](//cdn.example.com/a) [frag](#top)\n"
		"- <https://auto.example.com> [rel](docs/a.md?x=1:2) ![img](/i.png)\n"
		"\n"
		"## [Heading link](HTTP://Upper.example)\n",
		0);
	assert_int_equal(md.nlinks, 9);
	assert_string_equal(md.links[0].url, "../guide.md");
	assert_string_equal(md.links[0].text, "the guide");
	assert_int_equal(md.links[0].line, 1);
	assert_int_equal(md.links[0].internal, 1);
	assert_string_equal(md.links[1].url, "https://example.com/x");
	assert_int_equal(md.links[1].line, 2);
	assert_int_equal(md.links[1].internal, 0);
	assert_string_equal(md.links[2].url, "mailto:a@b.c");
	assert_int_equal(md.links[2].internal, 0);
	assert_string_equal(md.links[3].url, "/pricing");
	assert_int_equal(md.links[3].internal, 1);
	assert_int_equal(md.links[3].line, 4);
	assert_string_equal(md.links[4].url, "//cdn.example.com/a");
	assert_int_equal(md.links[4].internal, 0);
	assert_string_equal(md.links[5].url, "#top");
	assert_int_equal(md.links[5].internal, 1);
	assert_string_equal(md.links[6].url, "https://auto.example.com");
	assert_string_equal(md.links[6].text, "https://auto.example.com");
	assert_int_equal(md.links[6].internal, 0);
	assert_int_equal(md.links[6].line, 5);
	assert_string_equal(md.links[7].url, "docs/a.md?x=1:2");
	assert_int_equal(md.links[7].internal, 1);
	assert_string_equal(md.links[8].url, "HTTP://Upper.example");
	assert_string_equal(md.links[8].text, "Heading link");
	assert_int_equal(md.links[8].internal, 0);
	assert_int_equal(md.links[8].line, 7);
	assert_string_equal(md.title, "Heading link");
	cc_md_release(&md);
}

static void test_mdx_strip(void **state)
{
	struct cc_md md;
	const char *body = "import { Chart,\n"               /* 1 */
			   "  Note } from '../components'\n" /* 2 */
			   "export const meta = {\n"         /* 3 */
			   "  title: 'Hidden words'\n"       /* 4 */
			   "}\n"                             /* 5 */
			   "\n"                              /* 6 */
			   "# Real title\n"                  /* 7 */
			   "\n"                              /* 8 */
			   "<Chart\n"                        /* 9 */
			   "  data={[1, 2]}\n"               /* 10 */
			   "  label=\"a > b\"\n"             /* 11 */
			   "/>\n"                            /* 12 */
			   "\n"                              /* 13 */
			   "<Note type=\"x\">\n"             /* 14 */
			   "  <Note>nested words</Note>\n"   /* 15 */
			   "  more hidden words\n"           /* 16 */
			   "</Note>\n"                       /* 17 */
			   "\n"                              /* 18 */
			   "Visible [link](/a) text.\n"      /* 19 */
			   "\n"                              /* 20 */
			   "```js\n"                         /* 21 */
			   "import x from 'y'\n"             /* 22 */
			   "<Chart />\n"                     /* 23 */
			   "```\n"                           /* 24 */
			   "\n"                              /* 25 */
			   "## Second <Inline /> heading\n"; /* 26 */
	analyze(&md, body, 1);
	assert_string_equal(md.title, "Real title");
	assert_string_equal(md.first_para, "Visible link text.");
	assert_string_equal(md.plain, "Real title\nVisible link text.\nSecond  heading");
	assert_int_equal(md.words, 7);
	assert_int_equal(md.nheadings, 2);
	assert_int_equal(md.headings[0].line, 7);
	assert_int_equal(md.headings[1].line, 26);
	assert_int_equal(md.nlinks, 1);
	assert_int_equal(md.links[0].line, 19);
	cc_md_release(&md);

	/* The same body as plain Markdown keeps the import text as prose. */
	analyze(&md, body, 0);
	assert_string_equal(md.title, "Real title");
	assert_non_null(strstr(md.plain, "import { Chart,"));
	cc_md_release(&md);
}

static void test_mdx_single_line_and_unclosed(void **state)
{
	struct cc_md md;
	analyze(&md,
		"export default Layout\n"
		"<Callout>one line</Callout>\n"
		"\n"
		"<Box\n"
		"  open\n"
		">\n"
		"Kept because Box never closes.\n",
		1);
	assert_null(md.title);
	assert_string_equal(md.plain, "Kept because Box never closes.");
	assert_int_equal(md.words, 5);
	cc_md_release(&md);

	/* lower-case tags are HTML, not JSX: cmark's HTML block, not prose */
	analyze(&md, "<div>\nhtml\n</div>\n\nimportant: not an import\n", 1);
	assert_string_equal(md.plain, "important: not an import");
	cc_md_release(&md);
}

static void test_empty_and_front_matter_like(void **state)
{
	struct cc_md md;
	analyze(&md, "", 0);
	assert_null(md.title);
	assert_null(md.first_para);
	assert_string_equal(md.plain, "");
	assert_int_equal(md.words, 0);
	assert_int_equal(md.reading_minutes, 0);
	assert_int_equal(md.nheadings, 0);
	assert_int_equal(md.nlinks, 0);
	cc_md_release(&md);

	assert_int_equal(cc_md_analyze(&md, NULL, 0, 1), 0);
	assert_string_equal(md.plain, "");
	cc_md_release(&md);

	analyze(&md, "\n\n   \n", 1);
	assert_int_equal(md.words, 0);
	cc_md_release(&md);

	/* Front matter is stripped by the caller; here it is just Markdown:
	 * a thematic break, then a setext heading "title: x". */
	analyze(&md, "---\ntitle: x\n---\n", 0);
	assert_string_equal(md.title, "title: x");
	assert_null(md.first_para);
	assert_int_equal(md.nheadings, 1);
	assert_int_equal(md.headings[0].level, 2);
	assert_int_equal(md.headings[0].line, 2);
	assert_int_equal(md.words, 2);
	cc_md_release(&md);

	/* Not NUL-terminated: only len bytes are read. */
	const char buf[] = {'H', 'i', ' ', 'y', 'o', 'u', 'X'};
	assert_int_equal(cc_md_analyze(&md, buf, 6, 0), 0);
	assert_string_equal(md.plain, "Hi you");
	cc_md_release(&md);
	cc_md_release(&md); /* released twice: still safe */
}

static void test_crlf(void **state)
{
	struct cc_md md;
	analyze(&md, "import a from 'b'\r\n\r\n# T\r\n\r\nBody\r\nline\r\n", 1);
	assert_string_equal(md.title, "T");
	assert_string_equal(md.first_para, "Body line");
	assert_int_equal(md.headings[0].line, 3);
	cc_md_release(&md);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_title_summary_words),
		cmocka_unit_test(test_title_is_first_heading_any_level),
		cmocka_unit_test(test_reading_minutes),
		cmocka_unit_test(test_word_rules),
		cmocka_unit_test(test_code_and_html_not_prose),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_mdx_strip),
		cmocka_unit_test(test_mdx_single_line_and_unclosed),
		cmocka_unit_test(test_empty_and_front_matter_like),
		cmocka_unit_test(test_crlf),
	};
	return cmocka_run_group_tests_name("markdown", tests, NULL, NULL);
}
