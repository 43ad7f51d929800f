/* Unit tests for lib/shortcode.c, and its effect on lib/markdown.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "markdown.h"
#include "shortcode.h"

/* Strips a copy of in; checks the result and the count. */
static void expect(const char *in, int mdx, const char *want, size_t tags)
{
	char *s = strdup(in);
	size_t n = 0, len = cc_template_strip(s, strlen(s), mdx, &n);
	s[len] = '\0';
	assert_string_equal(s, want);
	assert_int_equal(n, tags);
	free(s);
}

static void test_hugo(void **state)
{
	expect("a {{< img-right src=\"x.png\" >}} b", 0, "a b", 1);
	expect("{{% note %}}Kept{{% /note %}}", 0, "Kept", 2);
	expect("x {{</* figure src=\"y\" */>}} z", 0, "x z", 1);
	expect("in{{< sup \"2\" >}}word", 0, "in word", 1);
	/* a tag over lines keeps its newlines, so line numbers hold */
	expect("{{< a\nb=1 >}}c", 0, "\nc", 1);
	expect("one {{< a >}}\ntwo", 0, "one \ntwo", 1);
}

static void test_liquid_and_go(void **state)
{
	expect("Hi {{ page.title }}!", 0, "Hi !", 1);
	expect("{% include note.html %}text", 0, "text", 1);
	expect("{{- .Title -}}", 0, "", 1);
	expect("{% if x %}yes{% endif %}", 0, "yes", 2);
}

static void test_mdx(void **state)
{
	expect("Price {props.price} {/* note */}", 1, "Price ", 2);
	/* single braces are prose in Markdown */
	expect("a {b} c", 0, "a {b} c", 0);
}

static void test_not_taken(void **state)
{
	/* no closer, a closer after a blank line, or too far: text */
	expect("a {{ b", 0, "a {{ b", 0);
	expect("a {{ b\n\nc }} d", 0, "a {{ b\n\nc }} d", 0);
	expect("a {{ b\r\n\r\nc }} d", 0, "a {{ b\r\n\r\nc }} d", 0);
	char *big = malloc(CC_TEMPLATE_MAX_TAG + 16);
	memcpy(big, "{{ ", 3);
	memset(big + 3, 'x', CC_TEMPLATE_MAX_TAG);
	memcpy(big + 3 + CC_TEMPLATE_MAX_TAG, " }}", 4);
	size_t n = 1;
	assert_int_equal(cc_template_strip(big, strlen(big), 0, &n), CC_TEMPLATE_MAX_TAG + 6);
	assert_int_equal(n, 0);
	assert_int_equal(big[0], '{');
	free(big);
	/* an unmatched opener does not swallow a later tag, nor stop it */
	expect("{{ open and {{< x >}} y", 0, "{{ open and y", 1);
}

static void test_linear_on_openers(void **state)
{
	/* a megabyte of openers and no closer: one search per delimiter */
	size_t n = 1 << 20, tags = 1;
	char *s = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		s[i] = "{{%<"[i % 4];
	assert_int_equal(cc_template_strip(s, n, 1, &tags), n);
	assert_int_equal(tags, 0);
	free(s);
}

static void test_markdown_prose(void **state)
{
	struct cc_md md;
	const char *body = "# Guide {{< badge \"new\" >}}\n"
			   "\n"
			   "Read {{< ref \"setup.md\" >}} first. {{% note %}}Careful now.{{% /note %}}\n"
			   "\n"
			   "Hello {{ site.title }} and {% include x.html %} bye.\n";
	assert_int_equal(cc_md_analyze(&md, body, strlen(body), 0), 0);
	assert_string_equal(md.title, "Guide");
	assert_null(strstr(md.plain, "{{"));
	assert_null(strstr(md.plain, "{%"));
	assert_null(strstr(md.plain, "badge"));
	assert_non_null(strstr(md.plain, "Careful now."));
	assert_string_equal(md.first_para, "Read first. Careful now.");
	assert_string_equal(md.headings[0].text, "Guide");
	/* Guide, Read, first, Careful, now, Hello, and, bye */
	assert_int_equal(md.words, 8);
	assert_int_equal(md.headings[0].line, 1);
	cc_md_release(&md);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hugo),
		cmocka_unit_test(test_liquid_and_go),
		cmocka_unit_test(test_mdx),
		cmocka_unit_test(test_not_taken),
		cmocka_unit_test(test_linear_on_openers),
		cmocka_unit_test(test_markdown_prose),
	};
	return cmocka_run_group_tests_name("shortcode", tests, NULL, NULL);
}
