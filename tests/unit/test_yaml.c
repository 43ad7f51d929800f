/* Unit tests for lib/yaml.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "yaml.h"

struct loaded {
	json_t *v;
	struct cc_locs locs;
	struct cc_problems probs;
	int ret;
};

static void load(struct loaded *l, const char *text, int line_offset)
{
	l->locs = (struct cc_locs)CC_LOCS_INIT;
	l->probs = (struct cc_problems)CC_PROBLEMS_INIT;
	l->ret = cc_yaml_load(&l->v, &l->locs, text, strlen(text), line_offset, "t.md", &l->probs);
}

static void unload(struct loaded *l)
{
	json_decref(l->v);
	cc_locs_release(&l->locs);
	cc_problems_release(&l->probs);
}

static void assert_value_loc(const struct loaded *l, const char *key, int line, int col)
{
	const struct cc_loc *loc = cc_locs_find(&l->locs, key);
	print_message("# value loc %s\n", key);
	assert_non_null(loc);
	assert_int_equal(loc->vline, line);
	assert_int_equal(loc->vcol, col);
}

static void assert_loc(const struct loaded *l, const char *key, int line, int col)
{
	const struct cc_loc *loc = cc_locs_find(&l->locs, key);
	print_message("# loc %s\n", key);
	assert_non_null(loc);
	assert_int_equal(loc->line, line);
	assert_int_equal(loc->col, col);
}

/* Exactly one problem, an error with this rule at line:col. */
static void assert_one_error(const struct loaded *l, const char *rule, int line, int col)
{
	assert_int_equal(l->ret, -1);
	assert_null(l->v);
	assert_int_equal(l->probs.n, 1);
	assert_string_equal(l->probs.v[0].rule, rule);
	assert_string_equal(l->probs.v[0].path, "t.md");
	assert_int_equal(l->probs.v[0].severity, CC_SEV_ERROR);
	assert_int_equal(l->probs.v[0].line, line);
	assert_int_equal(l->probs.v[0].col, col);
	assert_int_equal(l->locs.n, 0);
}

static void test_typed_scalars(void **state)
{
	struct loaded l;
	load(&l,
	     "t1: true\nt2: True\nt3: yes\nt4: ON\nf1: false\nf2: no\nf3: Off\n"
	     "n1: null\nn2: ~\nn3:\nn4: NULL\n"
	     "i1: 42\ni2: -7\ni3: +3\ni4: 0o17\ni5: 0x1F\ni6: 012\n"
	     "r1: 1.5\nr2: -0.25\nr3: 1e3\nr4: .5\nr5: 2.\n"
	     "s1: \"true\"\ns2: '42'\ns3: !!str 12\ns4: 2024-03-08\ns5: hello world\n"
	     "s6: .inf\ns7: .nan\ns8: 1_000\ns9: 0x\ns10: 1.2.3\ns11: ! 5\n"
	     "big: 99999999999999999999\nlit: |\n  a\n  b\n",
	     0);
	assert_int_equal(l.ret, 0);
	assert_int_equal(l.probs.n, 0);
	const char *trues[] = {"t1", "t2", "t3", "t4"};
	for (size_t i = 0; i < 4; i++)
		assert_true(json_is_true(json_object_get(l.v, trues[i])));
	assert_true(json_is_false(json_object_get(l.v, "f1")));
	assert_true(json_is_false(json_object_get(l.v, "f2")));
	assert_true(json_is_false(json_object_get(l.v, "f3")));
	assert_true(json_is_null(json_object_get(l.v, "n1")));
	assert_true(json_is_null(json_object_get(l.v, "n2")));
	assert_true(json_is_null(json_object_get(l.v, "n3")));
	assert_true(json_is_null(json_object_get(l.v, "n4")));
	assert_int_equal(json_integer_value(json_object_get(l.v, "i1")), 42);
	assert_int_equal(json_integer_value(json_object_get(l.v, "i2")), -7);
	assert_int_equal(json_integer_value(json_object_get(l.v, "i3")), 3);
	assert_int_equal(json_integer_value(json_object_get(l.v, "i4")), 15);
	assert_int_equal(json_integer_value(json_object_get(l.v, "i5")), 31);
	assert_int_equal(json_integer_value(json_object_get(l.v, "i6")), 12);
	assert_true(json_is_real(json_object_get(l.v, "r1")));
	assert_true(json_real_value(json_object_get(l.v, "r1")) == 1.5);
	assert_true(json_real_value(json_object_get(l.v, "r2")) == -0.25);
	assert_true(json_real_value(json_object_get(l.v, "r3")) == 1000.0);
	assert_true(json_real_value(json_object_get(l.v, "r4")) == 0.5);
	assert_true(json_real_value(json_object_get(l.v, "r5")) == 2.0);
	assert_string_equal(json_string_value(json_object_get(l.v, "s1")), "true");
	assert_string_equal(json_string_value(json_object_get(l.v, "s2")), "42");
	assert_string_equal(json_string_value(json_object_get(l.v, "s3")), "12");
	assert_string_equal(json_string_value(json_object_get(l.v, "s4")), "2024-03-08");
	assert_string_equal(json_string_value(json_object_get(l.v, "s5")), "hello world");
	assert_string_equal(json_string_value(json_object_get(l.v, "s6")), ".inf");
	assert_string_equal(json_string_value(json_object_get(l.v, "s7")), ".nan");
	assert_string_equal(json_string_value(json_object_get(l.v, "s8")), "1_000");
	assert_string_equal(json_string_value(json_object_get(l.v, "s9")), "0x");
	assert_string_equal(json_string_value(json_object_get(l.v, "s10")), "1.2.3");
	assert_string_equal(json_string_value(json_object_get(l.v, "s11")), "5");
	assert_true(json_is_real(json_object_get(l.v, "big")));
	assert_string_equal(json_string_value(json_object_get(l.v, "lit")), "a\nb\n");
	unload(&l);
}

static void test_locations(void **state)
{
	struct loaded l;
	load(&l,
	     "title: Hello\n"
	     "tags:\n"
	     "  - a\n"
	     "  - b\n"
	     "params:\n"
	     "  audience: dev\n"
	     "  nested: {x: 1, y: [p, q]}\n"
	     "flow: {é: 1, b: 2}\n",
	     3);
	assert_int_equal(l.ret, 0);
	assert_int_equal(l.probs.n, 0);
	assert_loc(&l, "title", 4, 1);
	assert_loc(&l, "tags", 5, 1);
	assert_loc(&l, "tags.0", 6, 5);
	assert_loc(&l, "tags.1", 7, 5);
	assert_loc(&l, "params", 8, 1);
	assert_loc(&l, "params.audience", 9, 3);
	assert_loc(&l, "params.nested", 10, 3);
	assert_loc(&l, "params.nested.x", 10, 12);
	assert_loc(&l, "params.nested.y", 10, 18);
	assert_loc(&l, "params.nested.y.1", 10, 25);
	assert_loc(&l, "flow.é", 11, 8);
	assert_loc(&l, "flow.b", 11, 15); /* bytes, not characters */
	/* where each value starts: after the key (and any blanks), on the next
	 * line for a block; an element's value is the element */
	assert_value_loc(&l, "title", 4, 8);
	assert_value_loc(&l, "tags", 6, 3);
	assert_value_loc(&l, "tags.1", 7, 5);
	assert_value_loc(&l, "params.nested", 10, 11);
	assert_value_loc(&l, "flow.b", 11, 18);
	assert_null(cc_locs_find(&l.locs, "nope"));
	assert_null(cc_locs_find(NULL, "title"));
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(l.v, "params"), "audience")),
		"dev");
	unload(&l);

	/* locs may be NULL */
	struct cc_problems p = CC_PROBLEMS_INIT;
	json_t *v;
	assert_int_equal(cc_yaml_load(&v, NULL, "a: 1\n", 5, 0, "t.md", &p), 0);
	assert_int_equal(json_integer_value(json_object_get(v, "a")), 1);
	json_decref(v);

	/* not NUL-terminated: only len bytes count */
	assert_int_equal(cc_yaml_load(&v, NULL, "a: 1\nb: [", 5, 0, "t.md", &p), 0);
	assert_int_equal(json_object_size(v), 1);
	json_decref(v);
	assert_int_equal(p.n, 0);
}

static void test_bom_whole_file(void **state)
{
	struct loaded l;
	load(&l, "\xEF\xBB\xBFtitle: x\nb: y\n", 0);
	assert_int_equal(l.ret, 0);
	assert_loc(&l, "title", 1, 4);
	assert_loc(&l, "b", 2, 1);
	unload(&l);
	load(&l, "\xEF\xBB\xBF" "a: b: c\n", 0);
	assert_one_error(&l, "invalid-yaml", 1, 8);
	unload(&l);
}

static void test_empty_documents(void **state)
{
	const char *empties[] = {"", "\n\n", "# just a comment\n", "---\n", "~\n", "---\n...\n"};
	for (size_t i = 0; i < sizeof(empties) / sizeof(empties[0]); i++) {
		struct loaded l;
		load(&l, empties[i], 0);
		assert_int_equal(l.ret, 0);
		assert_true(json_is_object(l.v));
		assert_int_equal(json_object_size(l.v), 0);
		assert_int_equal(l.probs.n, 0);
		unload(&l);
	}
}

static void test_duplicate_keys(void **state)
{
	struct loaded l;
	load(&l, "title: One\nother: 1\ntitle: Two\n", 0);
	assert_int_equal(l.ret, 0);
	assert_string_equal(json_string_value(json_object_get(l.v, "title")), "Two");
	assert_int_equal(l.probs.n, 1);
	assert_string_equal(l.probs.v[0].rule, "duplicate-key");
	assert_int_equal(l.probs.v[0].severity, CC_SEV_WARNING);
	assert_int_equal(l.probs.v[0].line, 3);
	assert_int_equal(l.probs.v[0].col, 1);
	assert_string_equal(l.probs.v[0].message, "duplicate key 'title' (line 3 wins over line 1)");
	assert_loc(&l, "title", 3, 1);
	unload(&l);

	/* nested, with line offset; the replaced subtree's locations go */
	load(&l, "p:\n  a: {x: 1, y: 2}\n  a: {z: 3}\n", 10);
	assert_int_equal(l.ret, 0);
	assert_int_equal(l.probs.n, 1);
	assert_int_equal(l.probs.v[0].line, 13);
	assert_int_equal(l.probs.v[0].col, 3);
	assert_string_equal(l.probs.v[0].message,
			    "duplicate key 'p.a' (line 13 wins over line 12)");
	assert_loc(&l, "p.a", 13, 3);
	assert_loc(&l, "p.a.z", 13, 7);
	assert_null(cc_locs_find(&l.locs, "p.a.x"));
	assert_int_equal(json_object_size(json_object_get(json_object_get(l.v, "p"), "a")), 1);
	unload(&l);
}

static void test_syntax_errors(void **state)
{
	struct loaded l;
	load(&l, "a: 1\n b: 2\n", 3);
	assert_one_error(&l, "invalid-yaml", 5, 3);
	assert_string_equal(l.probs.v[0].message, "mapping values are not allowed in this context");
	unload(&l);

	/* an open bracket: located where it opens, not where libyaml noticed */
	load(&l, "a: 1\nb: [x, y\nc: 2\n", 0);
	assert_one_error(&l, "invalid-yaml", 2, 4);
	assert_string_equal(l.probs.v[0].message,
			    "while parsing a flow sequence: did not find expected ',' or ']' (noticed at line 3)");
	unload(&l);

	/* an unclosed quote on line 1 is an error on line 1, at the quote */
	load(&l, "title: \"open\nnext: 1\nmore: 2\nlast: 3\n", 0);
	assert_one_error(&l, "invalid-yaml", 1, 8);
	assert_string_equal(l.probs.v[0].message,
			    "while scanning a quoted scalar: found unexpected end of stream (noticed at line 5)");
	unload(&l);

	/* a key without its colon: where the key starts */
	load(&l, "a: 1\nstage awareness\nb: 2\n", 0);
	assert_one_error(&l, "invalid-yaml", 2, 1);
	assert_non_null(strstr(l.probs.v[0].message, "could not find expected ':'"));
	unload(&l);

	/* a syntax error after the root node, inside the first document */
	load(&l, "{a: 1} junk\n", 0);
	assert_one_error(&l, "invalid-yaml", 1, 8);
	unload(&l);

	/* later documents are not used, but they must be well-formed */
	load(&l, "a: 1\n---\nb: 2\n", 0);
	assert_int_equal(l.ret, 0);
	assert_int_equal(l.probs.n, 0);
	assert_int_equal(json_object_size(l.v), 1);
	unload(&l);
	load(&l, "a: 1\n---\nb: [\n", 0);
	assert_one_error(&l, "invalid-yaml", 4, 1);
	unload(&l);
}

static void test_root_not_mapping(void **state)
{
	struct loaded l;
	load(&l, "- a\n- b\n", 2);
	assert_one_error(&l, "invalid-front-matter", 3, 1);
	assert_non_null(strstr(l.probs.v[0].message, "sequence"));
	unload(&l);
	load(&l, "just text\n", 0);
	assert_one_error(&l, "invalid-front-matter", 1, 1);
	assert_non_null(strstr(l.probs.v[0].message, "string"));
	unload(&l);
	load(&l, "42\n", 0);
	assert_one_error(&l, "invalid-front-matter", 1, 1);
	unload(&l);
}

static void test_keys(void **state)
{
	struct loaded l;
	load(&l, "a: 1\n? [x, y]\n: 2\n", 0);
	assert_one_error(&l, "invalid-yaml", 2, 3);
	assert_string_equal(l.probs.v[0].message, "a mapping key must be a scalar");
	unload(&l);
	load(&l, "a: 1\n{k: v}: 2\n", 0);
	assert_one_error(&l, "invalid-yaml", 2, 1);
	unload(&l);

	/* alias of a string as a key; merge keys are ordinary keys */
	load(&l, "name: &n title\n*n : Hello\n<<: {m: 1}\n\"1\": one\n", 0);
	assert_int_equal(l.ret, 0);
	assert_string_equal(json_string_value(json_object_get(l.v, "title")), "Hello");
	assert_true(json_is_object(json_object_get(l.v, "<<")));
	assert_string_equal(json_string_value(json_object_get(l.v, "1")), "one");
	assert_loc(&l, "title", 2, 1);
	assert_loc(&l, "<<.m", 3, 6);
	unload(&l);
}

static void test_aliases(void **state)
{
	struct loaded l;
	load(&l, "base: &b {x: 1, y: [1, 2]}\nother: *b\nlist: [*b, *b]\ns: &s str\nt: *s\n", 0);
	assert_int_equal(l.ret, 0);
	assert_true(json_equal(json_object_get(l.v, "base"), json_object_get(l.v, "other")));
	assert_int_equal(json_array_size(json_object_get(l.v, "list")), 2);
	assert_string_equal(json_string_value(json_object_get(l.v, "t")), "str");
	/* a copy, not a shared reference */
	assert_ptr_not_equal(json_object_get(l.v, "base"), json_object_get(l.v, "other"));
	assert_loc(&l, "other", 2, 1);
	assert_loc(&l, "list.1", 3, 12);
	unload(&l);

	load(&l, "a: *nope\n", 0);
	assert_one_error(&l, "invalid-yaml", 1, 4);
	assert_string_equal(l.probs.v[0].message, "undefined alias 'nope'");
	unload(&l);

	/* an anchor cannot refer to itself (no cycles) */
	load(&l, "a: &a [*a]\n", 0);
	assert_one_error(&l, "invalid-yaml", 1, 8);
	unload(&l);
}

static void test_alias_limits(void **state)
{
	struct cc_buf b = CC_BUF_INIT;
	struct loaded l;

	/* exactly CC_YAML_MAX_ALIASES expansions are fine, one more is not */
	cc_buf_adds(&b, "s: &s x\nl: [");
	for (int i = 0; i < CC_YAML_MAX_ALIASES; i++)
		cc_buf_adds(&b, i ? ", *s" : "*s");
	cc_buf_adds(&b, "]\n");
	load(&l, b.buf, 0);
	assert_int_equal(l.ret, 0);
	assert_int_equal(json_array_size(json_object_get(l.v, "l")), CC_YAML_MAX_ALIASES);
	unload(&l);
	cc_buf_setlen(&b, b.len - 2);
	cc_buf_adds(&b, ", *s]\n");
	load(&l, b.buf, 0);
	assert_one_error(&l, "invalid-yaml", 2, 5 + 4 * CC_YAML_MAX_ALIASES);
	assert_string_equal(l.probs.v[0].message, "too many alias expansions (more than 1000)");
	unload(&l);
	cc_buf_release(&b);

	/* billion laughs: nested expansions count, and it fails fast */
	load(&l,
	     "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
	     "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	     "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	     "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
	     "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	     "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
	     "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
	     "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n",
	     0);
	assert_one_error(&l, "invalid-yaml", 5, 8);
	assert_non_null(strstr(l.probs.v[0].message, "too many alias expansions"));
	unload(&l);
}

static void test_depth_and_nodes(void **state)
{
	struct cc_buf b = CC_BUF_INIT;
	struct loaded l;

	/* the root mapping is level 1: 63 more levels are allowed */
	cc_buf_adds(&b, "a: ");
	for (int i = 0; i < CC_YAML_MAX_DEPTH - 1; i++)
		cc_buf_addch(&b, '[');
	for (int i = 0; i < CC_YAML_MAX_DEPTH - 1; i++)
		cc_buf_addch(&b, ']');
	load(&l, b.buf, 0);
	assert_int_equal(l.ret, 0);
	unload(&l);
	cc_buf_reset(&b);
	cc_buf_adds(&b, "a: ");
	for (int i = 0; i < 100000; i++)
		cc_buf_addch(&b, '[');
	load(&l, b.buf, 0);
	assert_one_error(&l, "invalid-yaml", 1, 4 + CC_YAML_MAX_DEPTH - 1);
	assert_string_equal(l.probs.v[0].message, "nesting deeper than 64 levels");
	unload(&l);

	/* block nesting, and depth reached through an alias */
	cc_buf_reset(&b);
	cc_buf_adds(&b, "x: &x ");
	for (int i = 0; i < 40; i++)
		cc_buf_addch(&b, '[');
	for (int i = 0; i < 40; i++)
		cc_buf_addch(&b, ']');
	cc_buf_adds(&b, "\ny: ");
	for (int i = 0; i < 30; i++)
		cc_buf_addch(&b, '[');
	cc_buf_adds(&b, "*x");
	for (int i = 0; i < 30; i++)
		cc_buf_addch(&b, ']');
	load(&l, b.buf, 0);
	assert_one_error(&l, "invalid-yaml", 2, 34);
	assert_string_equal(l.probs.v[0].message, "nesting deeper than 64 levels");
	unload(&l);

	cc_buf_reset(&b);
	cc_buf_adds(&b, "a: [");
	for (int i = 0; i < CC_YAML_MAX_NODES; i++)
		cc_buf_adds(&b, "1,");
	cc_buf_adds(&b, "1]\n");
	load(&l, b.buf, 0);
	assert_int_equal(l.ret, -1);
	assert_int_equal(l.probs.n, 1);
	assert_string_equal(l.probs.v[0].message, "too many nodes (more than 100000)");
	unload(&l);
	cc_buf_release(&b);
}

/*
 * Duplicate keys drop only the replaced value's locations, whatever stands
 * between; columns stay right along one long line (mark_pos continues from
 * the last mark) and after going back to an earlier line.
 */
static void test_locs_duplicates_and_long_lines(void **state)
{
	struct loaded l;
	load(&l, "a: {x: 1, y: [1, 2]}\nab: 2\nb: {z: 3}\na: {x: 9}\nc: [\xc3\xa9\xc3\xa9, b, c]\n", 0);
	assert_int_equal(l.ret, 0);
	assert_loc(&l, "a", 4, 1);
	assert_loc(&l, "a.x", 4, 5);
	assert_null(cc_locs_find(&l.locs, "a.y"));
	assert_null(cc_locs_find(&l.locs, "a.y.0"));
	assert_loc(&l, "ab", 2, 1);
	assert_loc(&l, "b.z", 3, 5);
	assert_loc(&l, "c.1", 5, 11); /* bytes: é is two */
	assert_loc(&l, "c.2", 5, 14);
	for (size_t i = 0; i < l.locs.n; i++)
		assert_non_null(l.locs.v[i].key); /* compacted */
	unload(&l);

	/* 20000 items on one line: every column is right. */
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_adds(&b, "t: [");
	for (int i = 0; i < 20000; i++)
		cc_buf_addf(&b, "%s\xc3\xa9%05d", i ? ", " : "", i);
	cc_buf_adds(&b, "]\n");
	load(&l, b.buf, 0);
	assert_int_equal(l.ret, 0);
	assert_loc(&l, "t.0", 1, 5);
	assert_loc(&l, "t.19999", 1, 5 + 19999 * 9);
	unload(&l);
	cc_buf_release(&b);
}

/* A key path longer than CC_LOCS_MAX_KEY is not recorded, nor anything under it. */
static void test_locs_long_key(void **state)
{
	struct loaded l;
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_adds(&b, "? ");
	for (int i = 0; i < CC_LOCS_MAX_KEY + 1; i++)
		cc_buf_addch(&b, 'k');
	cc_buf_adds(&b, "\n: [1, 2, 3]\nshort: 1\n");
	load(&l, b.buf, 0);
	assert_int_equal(l.ret, 0);
	assert_int_equal(l.locs.n, 1);
	assert_loc(&l, "short", 3, 1);
	unload(&l);
	cc_buf_release(&b);
}

static void test_locs_api(void **state)
{
	struct cc_locs locs = CC_LOCS_INIT;
	cc_locs_add(&locs, "a", 1, 1);
	cc_locs_add(&locs, "a.b", 2, 3);
	cc_locs_add(&locs, "ab", 3, 1);
	cc_locs_add(&locs, "a.0", 4, 1);
	assert_int_equal(cc_locs_find(&locs, "a.b")->line, 2);
	cc_locs_remove_tree(&locs, "a");
	assert_null(cc_locs_find(&locs, "a.b"));
	assert_null(cc_locs_find(&locs, "a.0"));
	cc_locs_compact(&locs);
	assert_int_equal(locs.n, 1);
	assert_string_equal(locs.v[0].key, "ab");
	cc_locs_release(&locs);
	cc_locs_release(&locs);
	cc_locs_release(NULL);
}

/*
 * Regression (hardening): a 2 MB anchored string aliased 990 times passed
 * the expansion count and took 5.8 GB and 40 s to index (then failed the
 * whole run); an alias used as a key was not counted at all.
 */
static void test_alias_bytes(void **state)
{
	struct cc_buf b = CC_BUF_INIT;
	struct loaded l;
	size_t big = 64 * 1024;

	cc_buf_adds(&b, "big: &a \"");
	for (size_t i = 0; i < big; i++)
		cc_buf_addch(&b, 'x');
	cc_buf_adds(&b, "\"\nl: [");
	/* 16 copies of 64 KiB = 1 MiB: at the cap, fine */
	for (size_t i = 0; i < CC_YAML_MAX_ALIAS_BYTES / big; i++)
		cc_buf_adds(&b, i ? ", *a" : "*a");
	cc_buf_adds(&b, "]\n");
	load(&l, b.buf, 0);
	assert_int_equal(l.ret, 0);
	assert_int_equal(json_array_size(json_object_get(l.v, "l")), CC_YAML_MAX_ALIAS_BYTES / big);
	unload(&l);
	/* one more copy is over */
	cc_buf_setlen(&b, b.len - 2);
	cc_buf_adds(&b, ", *a]\n");
	load(&l, b.buf, 0);
	assert_one_error(&l, "invalid-yaml", 2, (int)(5 + 4 * (CC_YAML_MAX_ALIAS_BYTES / big)));
	assert_string_equal(l.probs.v[0].message, "alias expansions copy more than 1048576 bytes");
	unload(&l);

	/* the same through keys: [{*a: 1}, {*a: 1}, …] */
	cc_buf_reset(&b);
	cc_buf_adds(&b, "big: &a \"");
	for (size_t i = 0; i < big; i++)
		cc_buf_addch(&b, 'x');
	cc_buf_adds(&b, "\"\nl: [");
	for (size_t i = 0; i < 2 * CC_YAML_MAX_ALIAS_BYTES / big; i++)
		cc_buf_adds(&b, i ? ", {*a : 1}" : "{*a : 1}");
	cc_buf_adds(&b, "]\n");
	load(&l, b.buf, 0);
	assert_int_equal(l.ret, -1);
	assert_string_equal(l.probs.v[0].message, "alias expansions copy more than 1048576 bytes");
	unload(&l);

	/* keys made of aliases count as expansions */
	cc_buf_reset(&b);
	cc_buf_adds(&b, "k: &k x\nl: [");
	for (int i = 0; i <= CC_YAML_MAX_ALIASES; i++)
		cc_buf_adds(&b, i ? ", {*k : 1}" : "{*k : 1}");
	cc_buf_adds(&b, "]\n");
	load(&l, b.buf, 0);
	assert_int_equal(l.ret, -1);
	assert_string_equal(l.probs.v[0].message, "too many alias expansions (more than 1000)");
	unload(&l);
	cc_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_typed_scalars),  cmocka_unit_test(test_locations),
		cmocka_unit_test(test_bom_whole_file), cmocka_unit_test(test_empty_documents),
		cmocka_unit_test(test_duplicate_keys), cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_root_not_mapping), cmocka_unit_test(test_keys),
		cmocka_unit_test(test_aliases),        cmocka_unit_test(test_alias_limits),
		cmocka_unit_test(test_depth_and_nodes), cmocka_unit_test(test_locs_api),
		cmocka_unit_test(test_alias_bytes),
		cmocka_unit_test(test_locs_duplicates_and_long_lines),
		cmocka_unit_test(test_locs_long_key),
	};
	return cmocka_run_group_tests_name("yaml", tests, NULL, NULL);
}
