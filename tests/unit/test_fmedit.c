/* Unit tests for lib/fmedit.c: byte-exact in-place front-matter edits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "config.h"
#include "fmedit.h"
#include "problem.h"
#include "setapply.h"

/* Edits in with key=values (values separated by '|') and checks the exact bytes. */
static void expect_edit(const char *in, const char *key, const char *vals, const char *want)
{
	const char *v[8];
	char *copy = strdup(vals), *save = NULL;
	size_t n = 0;
	for (char *p = strtok_r(copy, "|", &save); p && n < 8; p = strtok_r(NULL, "|", &save))
		v[n++] = p;
	struct cc_fm_change c = {key, v, n};
	struct cc_buf out = CC_BUF_INIT;
	bool changed = false;
	int rc = cc_fm_edit(&out, &changed, "a.md", in, strlen(in), &c, 1);
	if (rc < 0)
		fprintf(stderr, "error: %s\n", cc_error_last());
	assert_int_equal(rc, 0);
	if (strcmp(out.buf, want))
		fprintf(stderr, "got:\n[%s]\nwant:\n[%s]\n", out.buf, want);
	assert_string_equal(out.buf, want);
	assert_int_equal(out.len, strlen(want));
	assert_int_equal(changed, strcmp(in, want) != 0);
	cc_buf_release(&out);
	free(copy);
}

static void expect_refused(const char *in, const char *key, const char *val, const char *msg)
{
	const char *v[1] = {val};
	struct cc_fm_change c = {key, v, 1};
	struct cc_buf out = CC_BUF_INIT;
	bool changed = true;
	assert_int_equal(cc_fm_edit(&out, &changed, "a.md", in, strlen(in), &c, 1), -1);
	if (!strstr(cc_error_last(), msg))
		fprintf(stderr, "message: %s\n", cc_error_last());
	assert_non_null(strstr(cc_error_last(), msg));
	assert_int_equal(out.len, 0);
	cc_buf_release(&out);
}

static void test_plain_and_quoted(void **state)
{
	(void)state;
	const char *in = "---\n# a comment\ntitle: \"Hi: there\"  # keep\nstage: awareness\n"
			 "status: 'draft'\ndate: \"2026-01-02\"\n---\n\nBody: stage: x\n";
	expect_edit(in, "stage", "decision",
		    "---\n# a comment\ntitle: \"Hi: there\"  # keep\nstage: decision\n"
		    "status: 'draft'\ndate: \"2026-01-02\"\n---\n\nBody: stage: x\n");
	expect_edit(in, "status", "it's ready",
		    "---\n# a comment\ntitle: \"Hi: there\"  # keep\nstage: awareness\n"
		    "status: 'it''s ready'\ndate: \"2026-01-02\"\n---\n\nBody: stage: x\n");
	expect_edit(in, "date", "2026-03-04",
		    "---\n# a comment\ntitle: \"Hi: there\"  # keep\nstage: awareness\n"
		    "status: 'draft'\ndate: \"2026-03-04\"\n---\n\nBody: stage: x\n");
	/* plain that would not read back as the same string becomes double-quoted */
	expect_edit(in, "stage", "yes",
		    "---\n# a comment\ntitle: \"Hi: there\"  # keep\nstage: \"yes\"\n"
		    "status: 'draft'\ndate: \"2026-01-02\"\n---\n\nBody: stage: x\n");
	expect_edit(in, "title", "say \"hi\" \\ bye",
		    "---\n# a comment\ntitle: \"say \\\"hi\\\" \\\\ bye\"  # keep\nstage: awareness\n"
		    "status: 'draft'\ndate: \"2026-01-02\"\n---\n\nBody: stage: x\n");
	/* the same value: not changed */
	expect_edit(in, "stage", "awareness", in);
}

static void test_crlf_bom_utf8(void **state)
{
	(void)state;
	const char *in = "\xEF\xBB\xBF---\r\ntitle: Ünïcödé “quotes”\r\nstage: awareness # c\r\n---\r\nbody\r\n";
	expect_edit(in, "stage", "decision",
		    "\xEF\xBB\xBF---\r\ntitle: Ünïcödé “quotes”\r\nstage: decision # c\r\n---\r\nbody\r\n");
	/* a BOM opening the block itself (libyaml does not count it) */
	expect_edit("---\n\xEF\xBB\xBFstage: awareness\n---\n", "stage", "decision",
		    "---\n\xEF\xBB\xBFstage: decision\n---\n");
	/* an absent key is a new line with the file's line end */
	expect_edit(in, "owner", "Åsa Öberg",
		    "\xEF\xBB\xBF---\r\ntitle: Ünïcödé “quotes”\r\nstage: awareness # c\r\nowner: Åsa Öberg\r\n---\r\nbody\r\n");
}

static void test_flow_lists(void **state)
{
	(void)state;
	const char *in = "---\npersona: [cio, 'cfo']   # who\ntopic: [\"a\"]\n---\nx\n";
	expect_edit(in, "persona", "developer|cto", "---\npersona: [developer, 'cto']   # who\ntopic: [\"a\"]\n---\nx\n");
	expect_edit(in, "persona", "developer", "---\npersona: [developer]   # who\ntopic: [\"a\"]\n---\nx\n");
	expect_edit(in, "topic", "b|c", "---\npersona: [cio, 'cfo']   # who\ntopic: [\"b\", \"c\"]\n---\nx\n");
	/* a scalar given two values becomes a flow list */
	expect_edit("---\nstage: awareness\n---\n", "stage", "awareness|decision",
		    "---\nstage: [awareness, decision]\n---\n");
}

static void test_block_lists(void **state)
{
	(void)state;
	const char *in = "---\npersona:\n  - cio    # first\n  - \"cfo\"\nstage: x\n---\n";
	expect_edit(in, "persona", "a|b", "---\npersona:\n  - a    # first\n  - \"b\"\nstage: x\n---\n");
	expect_edit(in, "persona", "a", "---\npersona:\n  - a    # first\nstage: x\n---\n");
	expect_edit(in, "persona", "a|b|c|d",
		    "---\npersona:\n  - a    # first\n  - \"b\"\n  - c\n  - d\nstage: x\n---\n");
	const char *crlf = "---\r\npersona:\r\n- cio\r\n---\r\n";
	expect_edit(crlf, "persona", "cio|cfo", "---\r\npersona:\r\n- cio\r\n- cfo\r\n---\r\n");
}

static void test_empty_and_absent(void **state)
{
	(void)state;
	expect_edit("---\nowner:\ntitle: t\n---\n", "owner", "Ana", "---\nowner: Ana\ntitle: t\n---\n");
	expect_edit("---\nowner: ~\n---\n", "owner", "Ana", "---\nowner: Ana\n---\n");
	expect_edit("---\n---\nbody\n", "stage", "decision", "---\nstage: decision\n---\nbody\n");
	expect_edit("# no front matter\r\n", "stage", "decision", "---\r\nstage: decision\r\n---\r\n# no front matter\r\n");
	expect_edit("\xEF\xBB\xBF# x\n", "stage", "decision", "\xEF\xBB\xBF---\nstage: decision\n---\n# x\n");
}

static void test_refused(void **state)
{
	(void)state;
	expect_refused("{\"title\": \"x\"}\nbody\n", "stage", "decision", "a.md:1:1: JSON front matter is not edited in place");
	expect_refused("+++\ntitle = 'x'\n+++\n", "stage", "decision", "TOML front matter");
	expect_refused("---\nsummary: |\n  text\n---\n", "summary", "x", "a.md:2:1: 'summary' is not changed in place: it is a block scalar");
	expect_refused("---\nparams: {a: 1}\n---\n", "params", "x", "it is a mapping");
	expect_refused("---\nx: &a v\ny: *a\n---\n", "y", "x", "it is an alias");
	expect_refused("---\nx: &a v\n---\n", "x", "w", "anchor or a tag");
	expect_refused("---\nx: [[a]]\n---\n", "x", "w", "more than plain values");
	expect_refused("---\nx: [unclosed\n---\n", "x", "w", "front matter does not parse");
	expect_refused("---\nx: a\nx: b\n---\n", "x", "w", "it appears twice");
}

/* A file changed between reading and writing is left as it is; one that was not is replaced. */
static void test_changed_meanwhile(void **state)
{
	(void)state;
	char dir[] = "/tmp/cc-fmedit-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[300];
	snprintf(path, sizeof(path), "%s/a.md", dir);
	FILE *f = fopen(path, "w");
	fputs("---\nstage: awareness\n---\nbody\n", f);
	fclose(f);
	struct cc_config cfg;
	cc_config_defaults(&cfg);
	struct cc_set_assign as = {"stage", {0}};
	assert_int_equal(cc_set_value(&as.values, &cfg, "stage", "decision"), 0);
	struct cc_set_file sf;
	assert_int_equal(cc_set_prepare(&sf, &cfg, dir, "a.md", &as, 1), 0);
	assert_true(sf.changed);
	f = fopen(path, "a");
	fputs("someone else's edit\n", f);
	fclose(f);
	assert_int_equal(cc_set_write(&sf, dir), -1);
	assert_non_null(strstr(cc_error_last(), "changed since contentcal read it"));
	cc_set_file_release(&sf);
	assert_int_equal(cc_set_prepare(&sf, &cfg, dir, "a.md", &as, 1), 0);
	assert_int_equal(cc_set_write(&sf, dir), 0);
	cc_set_file_release(&sf);
	char buf[200] = "";
	f = fopen(path, "r");
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	assert_string_equal(buf, "---\nstage: decision\n---\nbody\nsomeone else's edit\n");
	/* a symbolic link is neither read nor written through */
	char link[300];
	snprintf(link, sizeof(link), "%s/l.md", dir);
	assert_int_equal(symlink("a.md", link), 0);
	assert_int_equal(cc_set_prepare(&sf, &cfg, dir, "l.md", &as, 1), -1);
	cc_set_file_release(&sf);
	assert_int_equal(cc_set_prepare(&sf, &cfg, dir, "../x.md", &as, 1), -1);
	cc_set_file_release(&sf);
	unlink(link);
	unlink(path);
	rmdir(dir);
	cc_strlist_clear(&as.values);
	cc_config_release(&cfg);
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[300];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static char *read_file(const char *dir, const char *name)
{
	char path[300], buf[400];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return strdup(buf);
}

static void collect_diff(const struct cc_buf *d, void *payload)
{
	cc_buf_add(payload, d->buf, d->len);
}

/* cc_set_apply: all or nothing, a dry run's diffs, the counts. */
static void test_apply(void **state)
{
	(void)state;
	char dir[] = "/tmp/cc-setapply-XXXXXX";
	assert_non_null(mkdtemp(dir));
	write_file(dir, "a.md", "---\nstage: awareness # keep\n---\nbody\n");
	write_file(dir, "b.md", "---\nstage: decision\n---\n");
	write_file(dir, "j.md", "{\"stage\": \"awareness\"}\n");
	struct cc_config cfg;
	cc_config_defaults(&cfg);
	struct cc_set_assign as = {"stage", {0}};
	assert_int_equal(cc_set_value(&as.values, &cfg, "stage", "decision"), 0);
	struct cc_row v[3] = {{.path = "a.md"}, {.path = "b.md"}, {.path = "j.md"}};
	struct cc_rows rows = {v, 3, 3};
	struct cc_set_result res;
	struct cc_buf diffs = CC_BUF_INIT;
	char *text;

	/* a refused file (JSON front matter): named, and nothing is written */
	assert_int_equal(cc_set_apply(&res, &cfg, dir, &rows, &as, 1, false, collect_diff, &diffs), -1);
	assert_string_equal(cc_error_last(), "1 file cannot be edited; nothing was changed");
	assert_int_equal(res.refused.n, 1);
	assert_non_null(strstr(res.refused.v[0], "j.md:1:1: JSON front matter"));
	assert_int_equal(res.written, 0);
	assert_false(res.stopped);
	cc_set_result_release(&res);
	text = read_file(dir, "a.md");
	assert_string_equal(text, "---\nstage: awareness # keep\n---\nbody\n");
	free(text);

	/* a dry run: the diff of the one file that changes, nothing written */
	rows.n = 2;
	git_libgit2_init(); /* the diff is libgit2's */
	assert_int_equal(cc_set_apply(&res, &cfg, dir, &rows, &as, 1, true, collect_diff, &diffs), 0);
	assert_int_equal(res.matched, 2);
	assert_int_equal(res.changed, 1);
	assert_int_equal(res.written, 0);
	assert_non_null(strstr(diffs.buf, "--- a/a.md\n+++ b/a.md\n"));
	assert_non_null(strstr(diffs.buf, "-stage: awareness # keep\n+stage: decision # keep\n"));
	assert_null(strstr(diffs.buf, "b.md"));
	cc_set_result_release(&res);
	text = read_file(dir, "a.md");
	assert_string_equal(text, "---\nstage: awareness # keep\n---\nbody\n");
	free(text);

	/* for real: a.md replaced, b.md (already so) untouched, no temporary file left */
	cc_buf_reset(&diffs);
	assert_int_equal(cc_set_apply(&res, &cfg, dir, &rows, &as, 1, false, collect_diff, &diffs), 0);
	assert_int_equal(res.changed, 1);
	assert_int_equal(res.written, 1);
	assert_int_equal(diffs.len, 0);
	cc_set_result_release(&res);
	text = read_file(dir, "a.md");
	assert_string_equal(text, "---\nstage: decision # keep\n---\nbody\n");
	free(text);
	char cmd[400];
	snprintf(cmd, sizeof(cmd), "test $(ls -A %s | wc -l) -eq 3", dir);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "rm -r %s", dir);
	assert_int_equal(system(cmd), 0);
	cc_buf_release(&diffs);
	cc_strlist_clear(&as.values);
	cc_config_release(&cfg);
	git_libgit2_shutdown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_and_quoted),
		cmocka_unit_test(test_crlf_bom_utf8),
		cmocka_unit_test(test_flow_lists),
		cmocka_unit_test(test_block_lists),
		cmocka_unit_test(test_empty_and_absent),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_changed_meanwhile),
		cmocka_unit_test(test_apply),
	};
	return cmocka_run_group_tests_name("fmedit", tests, NULL, NULL);
}
