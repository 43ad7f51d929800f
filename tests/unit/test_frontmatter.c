/* Unit tests for lib/frontmatter.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "frontmatter.h"

struct parsed {
	struct cc_fm fm;
	struct cc_problems probs;
	const char *text;
};

static void parse(struct parsed *p, const char *text)
{
	p->probs = (struct cc_problems)CC_PROBLEMS_INIT;
	p->text = text;
	assert_int_equal(cc_fm_parse(&p->fm, text, strlen(text), "a.md", &p->probs), 0);
	assert_non_null(p->fm.data);
	assert_true(json_is_object(p->fm.data));
}

static void done(struct parsed *p)
{
	cc_fm_release(&p->fm);
	cc_fm_release(&p->fm); /* idempotent */
	cc_problems_release(&p->probs);
}

static const char *body(const struct parsed *p)
{
	return p->text + p->fm.body_offset;
}

static const char *str(const struct parsed *p, const char *key)
{
	return json_string_value(json_object_get(p->fm.data, key));
}

static void assert_loc(const struct parsed *p, const char *key, int line, int col)
{
	const struct cc_loc *loc = cc_locs_find(&p->fm.locs, key);
	print_message("# loc %s\n", key);
	assert_non_null(loc);
	assert_int_equal(loc->line, line);
	assert_int_equal(loc->col, col);
}

static void assert_problem(const struct parsed *p, size_t i, enum cc_severity sev,
			   const char *rule, int line, int col)
{
	assert_true(i < p->probs.n);
	assert_string_equal(p->probs.v[i].path, "a.md");
	assert_string_equal(p->probs.v[i].rule, rule);
	assert_int_equal(p->probs.v[i].severity, sev);
	assert_int_equal(p->probs.v[i].line, line);
	assert_int_equal(p->probs.v[i].col, col);
}

static void test_yaml_basic(void **state)
{
	struct parsed p;
	parse(&p, "---\ntitle: Hello\ntags: [a, b]\ndraft: false\n---\n# Body\n");
	assert_int_equal(p.fm.kind, CC_FM_YAML);
	assert_int_equal(p.fm.ok, 1);
	assert_int_equal(p.fm.fm_line, 1);
	assert_int_equal(p.fm.body_line, 6);
	assert_string_equal(body(&p), "# Body\n");
	assert_string_equal(str(&p, "title"), "Hello");
	assert_true(json_is_false(json_object_get(p.fm.data, "draft")));
	assert_loc(&p, "title", 2, 1);
	assert_loc(&p, "tags.1", 3, 11);
	assert_int_equal(p.probs.n, 0);
	done(&p);
}

static void test_yaml_bom_crlf_blank_lines(void **state)
{
	struct parsed p;
	parse(&p, "\xEF\xBB\xBF\r\n \t\r\n---  \t\r\ntitle: Hi\r\nparams:\r\n  audience: dev\r\n"
		  "--- \r\nBody\r\n");
	assert_int_equal(p.fm.kind, CC_FM_YAML);
	assert_int_equal(p.fm.ok, 1);
	assert_int_equal(p.fm.fm_line, 3);
	assert_int_equal(p.fm.body_line, 8);
	assert_string_equal(body(&p), "Body\r\n");
	assert_string_equal(str(&p, "title"), "Hi"); /* no stray \r */
	assert_loc(&p, "title", 4, 1);
	assert_loc(&p, "params.audience", 6, 3);
	assert_int_equal(p.probs.n, 0);
	done(&p);
}

static void test_yaml_error_position(void **state)
{
	struct parsed p;
	/* the error is on file line 4 despite the BOM, blank lines and CRLF */
	parse(&p, "\xEF\xBB\xBF\r\n\r\n---\r\ntitle: a: b\r\n---\r\nbody");
	assert_int_equal(p.fm.kind, CC_FM_YAML);
	assert_int_equal(p.fm.ok, 0);
	assert_int_equal(json_object_size(p.fm.data), 0);
	assert_int_equal(p.fm.locs.n, 0);
	assert_int_equal(p.probs.n, 1);
	assert_problem(&p, 0, CC_SEV_ERROR, "invalid-yaml", 4, 9);
	assert_string_equal(p.probs.v[0].message, "mapping values are not allowed in this context");
	assert_string_equal(body(&p), "body");
	assert_int_equal(p.fm.body_line, 6);
	done(&p);

	/* a quote left open, noticed at the closing fence: located at the quote */
	parse(&p, "---\na: 1\nb: \"open\n---\nbody\n");
	assert_int_equal(p.fm.ok, 0);
	assert_problem(&p, 0, CC_SEV_ERROR, "invalid-yaml", 3, 4);
	assert_non_null(strstr(p.probs.v[0].message, "(noticed at line 4)"));
	done(&p);

	/* a root that is not a mapping */
	parse(&p, "\n---\n- a\n- b\n---\n");
	assert_int_equal(p.fm.ok, 0);
	assert_int_equal(p.probs.n, 1);
	assert_problem(&p, 0, CC_SEV_ERROR, "invalid-front-matter", 3, 1);
	done(&p);
}

static void test_yaml_dot_close_and_empty(void **state)
{
	struct parsed p;
	parse(&p, "---\na: 1\n...\t\nrest");
	assert_int_equal(p.fm.ok, 1);
	assert_int_equal(json_integer_value(json_object_get(p.fm.data, "a")), 1);
	assert_string_equal(body(&p), "rest");
	assert_int_equal(p.fm.body_line, 4);
	done(&p);

	parse(&p, "---\n---");
	assert_int_equal(p.fm.kind, CC_FM_YAML);
	assert_int_equal(p.fm.ok, 1);
	assert_int_equal(json_object_size(p.fm.data), 0);
	assert_string_equal(body(&p), "");
	assert_int_equal(p.fm.body_line, 3);
	assert_int_equal(p.probs.n, 0);
	done(&p);

	parse(&p, "---\n# only a comment\n---\nx");
	assert_int_equal(p.fm.ok, 1);
	assert_int_equal(json_object_size(p.fm.data), 0);
	assert_string_equal(body(&p), "x");
	done(&p);
}

static void test_yaml_duplicate_keys(void **state)
{
	struct parsed p;
	parse(&p, "---\ntitle: One\ntitle: Two\n---\n");
	assert_int_equal(p.fm.ok, 1);
	assert_string_equal(str(&p, "title"), "Two");
	assert_int_equal(p.probs.n, 1);
	assert_problem(&p, 0, CC_SEV_WARNING, "duplicate-key", 3, 1);
	assert_string_equal(p.probs.v[0].message, "duplicate key 'title' (line 3 wins over line 2)");
	done(&p);
}

static void test_unterminated(void **state)
{
	struct parsed p;
	const char *t = "\xEF\xBB\xBF\n---\ntitle: x\n\nbody text\n";
	parse(&p, t);
	assert_int_equal(p.fm.kind, CC_FM_YAML);
	assert_int_equal(p.fm.ok, 0);
	assert_int_equal(p.fm.fm_line, 2);
	assert_int_equal(json_object_size(p.fm.data), 0);
	assert_int_equal(p.fm.body_offset, 3); /* the whole file after the BOM */
	assert_int_equal(p.fm.body_line, 1);
	assert_int_equal(p.probs.n, 1);
	assert_problem(&p, 0, CC_SEV_ERROR, "unterminated-front-matter", 2, 1);
	done(&p);

	/* a `+++` line does not close YAML */
	parse(&p, "---\na: 1\n+++\n");
	assert_int_equal(p.fm.ok, 0);
	assert_problem(&p, 0, CC_SEV_ERROR, "unterminated-front-matter", 1, 1);
	done(&p);

	parse(&p, "+++\ntitle = 'x'\n");
	assert_int_equal(p.fm.kind, CC_FM_TOML);
	assert_int_equal(p.fm.ok, 0);
	assert_int_equal(p.probs.n, 1);
	assert_problem(&p, 0, CC_SEV_ERROR, "unterminated-front-matter", 1, 1);
	assert_int_equal(p.fm.body_offset, 0);
	done(&p);
}

static void test_toml(void **state)
{
	struct parsed p;
	parse(&p, "\r\n+++ \r\ntitle = \"x\"\r\n+++\r\n# Body\r\n");
	assert_int_equal(p.fm.kind, CC_FM_TOML);
	assert_int_equal(p.fm.ok, 0);
	assert_int_equal(p.fm.fm_line, 2);
	assert_int_equal(json_object_size(p.fm.data), 0);
	assert_int_equal(p.probs.n, 1);
	assert_problem(&p, 0, CC_SEV_ERROR, "unsupported-toml", 2, 1);
	assert_string_equal(p.probs.v[0].message,
			    "toml front matter is not supported; convert it to yaml");
	assert_string_equal(body(&p), "# Body\r\n");
	assert_int_equal(p.fm.body_line, 5);
	done(&p);
}

static void test_none(void **state)
{
	struct parsed p;
	parse(&p, "# Title\n---\nnot front matter\n");
	assert_int_equal(p.fm.kind, CC_FM_NONE);
	assert_int_equal(p.fm.ok, 1);
	assert_int_equal(p.fm.fm_line, 0);
	assert_int_equal(p.fm.body_offset, 0);
	assert_int_equal(p.fm.body_line, 1);
	assert_int_equal(p.probs.n, 0);
	done(&p);

	parse(&p, "\xEF\xBB\xBF\n\nText");
	assert_int_equal(p.fm.kind, CC_FM_NONE);
	assert_string_equal(body(&p), "\n\nText");
	done(&p);

	parse(&p, "");
	assert_int_equal(p.fm.kind, CC_FM_NONE);
	assert_int_equal(p.fm.ok, 1);
	done(&p);

	parse(&p, "\n \n");
	assert_int_equal(p.fm.kind, CC_FM_NONE);
	assert_int_equal(p.fm.body_offset, 0);
	done(&p);

	/* "----" and "--- x" are not fences */
	parse(&p, "----\na: 1\n----\n");
	assert_int_equal(p.fm.kind, CC_FM_NONE);
	done(&p);
	parse(&p, "--- x\na: 1\n---\n");
	assert_int_equal(p.fm.kind, CC_FM_NONE);
	done(&p);
	/* a shortcode is body, not JSON */
	parse(&p, "{{< figure src=\"x.png\" >}}\nText\n");
	assert_int_equal(p.fm.kind, CC_FM_NONE);
	assert_int_equal(p.fm.ok, 1);
	assert_int_equal(p.probs.n, 0);
	done(&p);
}

static void test_not_nul_terminated(void **state)
{
	struct cc_problems probs = CC_PROBLEMS_INIT;
	struct cc_fm fm;
	const char *t = "---\na: 1\n---\nbodyEXTRA";
	assert_int_equal(cc_fm_parse(&fm, t, strlen(t) - 5, "a.md", &probs), 0);
	assert_int_equal(fm.ok, 1);
	assert_int_equal(fm.body_offset, 13);
	cc_fm_release(&fm);
	/* the closing fence is cut off */
	assert_int_equal(cc_fm_parse(&fm, t, 10, "a.md", &probs), 0);
	assert_int_equal(fm.ok, 0);
	assert_int_equal(probs.n, 1);
	assert_string_equal(probs.v[0].rule, "unterminated-front-matter");
	cc_fm_release(&fm);
	cc_problems_release(&probs);
}

static void test_json_good(void **state)
{
	struct parsed p;
	parse(&p, "\n{\n  \"title\": \"A {brace} \\\"quoted\\\" }\",\n"
		  "  \"tags\": [\"a\", {\"k\": 1}],\n"
		  "  \"params\": {\"audience\": \"dev\", \"n\": [1, 2]},\n"
		  "  \"esc\\u0041\": true\n"
		  "}  \n"
		  "Body\n");
	assert_int_equal(p.fm.kind, CC_FM_JSON);
	assert_int_equal(p.fm.ok, 1);
	assert_int_equal(p.fm.fm_line, 2);
	assert_int_equal(p.probs.n, 0);
	assert_string_equal(str(&p, "title"), "A {brace} \"quoted\" }");
	assert_string_equal(body(&p), "Body\n");
	assert_int_equal(p.fm.body_line, 8);
	assert_loc(&p, "title", 3, 3);
	assert_loc(&p, "tags", 4, 3);
	assert_loc(&p, "tags.0", 4, 12);
	assert_loc(&p, "tags.1", 4, 17);
	assert_loc(&p, "tags.1.k", 4, 18);
	assert_loc(&p, "params", 5, 3);
	assert_loc(&p, "params.audience", 5, 14);
	assert_loc(&p, "params.n.1", 5, 42);
	assert_loc(&p, "escA", 6, 3);
	assert_true(json_is_true(json_object_get(p.fm.data, "escA")));
	done(&p);

	/* one line, BOM, body on the same line */
	parse(&p, "\xEF\xBB\xBF{\"a\": 1, \"b\": [2]} trailing");
	assert_int_equal(p.fm.ok, 1);
	assert_loc(&p, "a", 1, 5);
	assert_loc(&p, "b", 1, 13);
	assert_loc(&p, "b.0", 1, 19);
	assert_string_equal(body(&p), " trailing");
	assert_int_equal(p.fm.body_line, 1);
	done(&p);

	/* CRLF */
	parse(&p, "{\r\n  \"a\": 1\r\n}\r\nBody");
	assert_int_equal(p.fm.ok, 1);
	assert_loc(&p, "a", 2, 3);
	assert_string_equal(body(&p), "Body");
	assert_int_equal(p.fm.body_line, 4);
	done(&p);
}

static void test_json_bad(void **state)
{
	struct parsed p;
	parse(&p, "\n\n{\n  \"title\": \"x\",\n  \"tags\": [\"a\" \"b\"]\n}\nBody");
	assert_int_equal(p.fm.kind, CC_FM_JSON);
	assert_int_equal(p.fm.ok, 0);
	assert_int_equal(json_object_size(p.fm.data), 0);
	assert_int_equal(p.fm.locs.n, 0);
	assert_int_equal(p.probs.n, 1);
	/* jansson points at the end of the offending token */
	assert_problem(&p, 0, CC_SEV_ERROR, "invalid-json", 5, 18);
	assert_string_equal(p.probs.v[0].message, "']' expected near '\"b\"'");
	assert_string_equal(body(&p), "Body");
	done(&p);

	/* columns in bytes: a BOM and multi-byte characters before the error */
	parse(&p, "\xEF\xBB\xBF{\"a\": 1, \"b\": x}");
	assert_problem(&p, 0, CC_SEV_ERROR, "invalid-json", 1, 18);
	done(&p);
	parse(&p, "{\n\"a\": 1,\n\"\xC3\xA9\": \"\xC3\xA9\", x\n}\n");
	assert_problem(&p, 0, CC_SEV_ERROR, "invalid-json", 3, 13);
	done(&p);

	/* unbalanced: a brace inside a string does not close */
	parse(&p, "{ \"a\": \"}\"\nbody\n");
	assert_int_equal(p.fm.kind, CC_FM_JSON);
	assert_int_equal(p.fm.ok, 0);
	assert_int_equal(p.fm.body_offset, 0);
	assert_int_equal(p.fm.body_line, 1);
	assert_int_equal(p.fm.locs.n, 0);
	assert_int_equal(p.probs.n, 1);
	assert_problem(&p, 0, CC_SEV_ERROR, "unterminated-front-matter", 1, 1);
	done(&p);
}

static void test_json_duplicates(void **state)
{
	struct parsed p;
	parse(&p, "{\n \"a\": {\"x\": 1},\n \"a\": 2\n}\n");
	assert_int_equal(p.fm.ok, 1);
	assert_int_equal(json_integer_value(json_object_get(p.fm.data, "a")), 2);
	assert_int_equal(p.probs.n, 1);
	assert_problem(&p, 0, CC_SEV_WARNING, "duplicate-key", 3, 2);
	assert_string_equal(p.probs.v[0].message, "duplicate key 'a' (line 3 wins over line 2)");
	assert_loc(&p, "a", 3, 2);
	assert_null(cc_locs_find(&p.fm.locs, "a.x"));
	done(&p);
}

static void test_kind_names(void **state)
{
	assert_string_equal(cc_fm_kind_name(CC_FM_NONE), "none");
	assert_string_equal(cc_fm_kind_name(CC_FM_YAML), "yaml");
	assert_string_equal(cc_fm_kind_name(CC_FM_TOML), "toml");
	assert_string_equal(cc_fm_kind_name(CC_FM_JSON), "json");
	cc_fm_release(NULL);
}

/*
 * Regression (fuzz_fm, heap-use-after-free): broken JSON with a duplicate
 * of a key whose value was still open took the scan-everything path of
 * cc_locs_remove_tree, which compacted the list under the scanner's held
 * indexes; a later drop then read entries past the end. Runs clean under
 * ASan now, and the duplicate is still reported.
 */
static void test_json_broken_duplicates(void **state)
{
	static const unsigned char input[] = {
	0x7b, 0x0a, 0x21, 0x20, 0x22, 0x0e, 0x00, 0x8e, 0x5d, 0x74, 0x6c, 0x65, 0x22, 0x3a, 0x20,
	0x22, 0x4a, 0x53, 0x4e, 0x20, 0x70, 0x6f, 0x73, 0x74, 0x22, 0x2c, 0x0a, 0x61, 0x65, 0x20,
	0x20, 0x22, 0x22, 0x76, 0x64, 0x3a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x3c, 0x3c, 0x3a,
	0x20, 0x20, 0x20, 0x22, 0x0e, 0x00, 0x8e, 0x5d, 0x74, 0x6e, 0x65, 0x22, 0x3a, 0x20, 0x22,
	0x4a, 0x53, 0x6f, 0x73, 0x74, 0x22, 0x7b, 0x0a, 0x21, 0x20, 0x22, 0x0e, 0x00, 0x8e, 0x5d,
	0x74, 0x6c, 0x65, 0x22, 0x3a, 0x20, 0x22, 0x4a, 0x53, 0x4e, 0x20, 0x70, 0x70, 0x73, 0x74,
	0x22, 0x2c, 0x0a, 0x61, 0x65, 0x20, 0x20, 0x22, 0x22, 0x76, 0x64, 0x3a, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0x7b, 0x0a, 0x20, 0x20, 0x22, 0x0e, 0x00, 0x8e, 0x5d, 0x74,
	0x6e, 0x65, 0x22, 0x3a, 0x20, 0x22, 0x4a, 0x53, 0x6f, 0x73, 0x74, 0x22, 0x2c, 0x0a, 0x61,
	0x65, 0x20, 0x20, 0x22, 0x22, 0x76, 0x64, 0x3a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0x02, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x22, 0x3a,
	0x20, 0x22, 0x4a, 0x53, 0x4f, 0x34, 0x38, 0x2d, 0x7b, 0x22, 0x61, 0x75, 0x64, 0xff, 0xff,
	0xff, 0xff, 0x20, 0x6f, 0x22, 0x7d, 0x0a, 0x7d, 0x0a, 0x0a, 0x30, 0x78, 0x31, 0x46, 0x23,
	0x20, 0x42, 0x2c, 0x0a, 0x61, 0x65, 0x20, 0x20, 0x22, 0x22, 0x76, 0x64, 0x3a, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0x22, 0x3a, 0x20, 0x22, 0x4a, 0x53, 0x4f, 0x32, 0x34, 0x2d, 0x7b, 0x22,
	0x61, 0x75, 0x64, 0xff, 0xff, 0xff, 0xff, 0x20, 0x6f, 0x22, 0x7d, 0x0a, 0x7d, 0x0a, 0x0a,
	0x30, 0x78, 0x31, 0x46, 0x23, 0x20, 0x42, 0x6f, 0x64, 0x79, 0x0a,
	};
	struct cc_fm fm;
	struct cc_problems probs = CC_PROBLEMS_INIT;
	assert_int_equal(cc_fm_parse(&fm, (const char *)input, sizeof(input), "a.md", &probs), 0);
	for (size_t i = 0; i < fm.locs.n; i++)
		assert_non_null(fm.locs.v[i].key);
	cc_fm_release(&fm);
	cc_problems_release(&probs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_yaml_basic),
		cmocka_unit_test(test_yaml_bom_crlf_blank_lines),
		cmocka_unit_test(test_yaml_error_position),
		cmocka_unit_test(test_yaml_dot_close_and_empty),
		cmocka_unit_test(test_yaml_duplicate_keys),
		cmocka_unit_test(test_unterminated),
		cmocka_unit_test(test_toml),
		cmocka_unit_test(test_none),
		cmocka_unit_test(test_not_nul_terminated),
		cmocka_unit_test(test_json_good),
		cmocka_unit_test(test_json_bad),
		cmocka_unit_test(test_json_duplicates),
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_json_broken_duplicates),
	};
	return cmocka_run_group_tests_name("frontmatter", tests, NULL, NULL);
}
