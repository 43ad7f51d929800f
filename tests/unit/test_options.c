/* Unit tests for lib/options.c: every option kind, the errors, the help. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "options.h"

static struct {
	bool all, quiet;
	long limit;
	const char *stage, *persona, *output;
	struct cc_strlist where;
	int by;
	enum cc_format format;
	char period[32];
	int calls;
} v;

static const char *const bys[] = {"persona", "topic", NULL};
static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_JSON, CC_FMT_COUNT};

/* Accepts A..B; anything else is an error the callback words itself. */
static int period_cb(const struct cc_option *opt, const char *arg, struct cc_buf *err)
{
	v.calls++;
	if (!strstr(arg, "..")) {
		cc_buf_addf(err, "--period must be START..END, not '%s'", arg);
		return -1;
	}
	snprintf(v.period, sizeof(v.period), "%s", arg);
	return 0;
}

static const struct cc_option opts[] = {
	CC_OPT_STRING(0, "stage", &v.stage, "S", NULL),
	CC_OPT_STRING(0, "persona", &v.persona, "P", "filter by value"),
	CC_OPT_FLAG(0, "all", &v.all, "every status"),
	CC_OPT_INT(0, "limit", &v.limit, "N", "at most N\nassets", 1, 100),
	CC_OPT_LIST(0, "where", &v.where, "KEY=VALUE", "any key"),
	CC_OPT_CHOICE(0, "by", &v.by, "D", "persona or topic", bys),
	CC_OPT_FORMAT(&v.format, "text or json", formats),
	CC_OPT_CALLBACK(0, "period", NULL, "A..B", "the days", period_cb),
	CC_OPT_STRING('o', "output", &v.output, "FILE", "where to write"),
	CC_OPT_FLAG('q', "quiet", &v.quiet, "print nothing"),
	{CC_OPT_T_FLAG, 0, "secret", &v.quiet, NULL, "not shown", NULL, 0, 0, NULL, CC_OPT_HIDDEN},
	CC_OPT_END(),
};

static int setup(void **state)
{
	cc_strlist_clear(&v.where);
	memset(&v, 0, sizeof(v));
	return 0;
}

/* Parses argv (NULL-terminated, copied so getopt may permute it); returns the first operand or -1. */
static int parse(struct cc_buf *err, char **out, const char *const *argv)
{
	int argc = 0;
	while (argv[argc])
		argc++;
	for (int i = 0; i < argc; i++)
		out[i] = (char *)argv[i];
	out[argc] = NULL;
	cc_buf_reset(err);
	return cc_options_parse(argc, out, opts, 0, err);
}

static void test_every_kind(void **state)
{
	const char *argv[] = {"cmd", "--stage", "decision", "--all", "--limit=7", "--where", "a=1", "--where=b=2",
			      "--by", "topic", "--format", "json", "--period", "2026-01-01..2026-01-31", "-o", "out.html",
			      "-q", NULL};
	char *av[32];
	struct cc_buf err = CC_BUF_INIT;
	assert_int_equal(parse(&err, av, argv), 17);
	assert_string_equal(v.stage, "decision");
	assert_null(v.persona);
	assert_true(v.all);
	assert_int_equal(v.limit, 7);
	assert_int_equal(v.where.n, 2);
	assert_string_equal(v.where.v[0], "a=1");
	assert_string_equal(v.where.v[1], "b=2");
	assert_int_equal(v.by, 1);
	assert_int_equal(v.format, CC_FMT_JSON);
	assert_string_equal(v.period, "2026-01-01..2026-01-31");
	assert_int_equal(v.calls, 1);
	assert_string_equal(v.output, "out.html");
	assert_true(v.quiet);
	cc_strlist_clear(&v.where);
	cc_buf_release(&err);
}

static void test_permutation_and_double_dash(void **state)
{
	const char *argv[] = {"cmd", "one", "--all", "two", "--limit", "3", "--", "--stage", NULL};
	char *av[16];
	struct cc_buf err = CC_BUF_INIT;
	int first = parse(&err, av, argv);
	assert_int_equal(first, 5);
	assert_true(v.all);
	assert_int_equal(v.limit, 3);
	assert_null(v.stage); /* after "--" it is an operand */
	assert_string_equal(av[5], "one");
	assert_string_equal(av[6], "two");
	assert_string_equal(av[7], "--stage");
	cc_buf_release(&err);
}

static void test_last_string_wins_and_prefix(void **state)
{
	const char *argv[] = {"cmd", "--stage", "a", "--stage", "b", "--lim", "9", NULL};
	char *av[16];
	struct cc_buf err = CC_BUF_INIT;
	assert_int_equal(parse(&err, av, argv), 7);
	assert_string_equal(v.stage, "b");
	assert_int_equal(v.limit, 9); /* a unique prefix is the option, as getopt_long has it */
	cc_buf_release(&err);
}

static void test_stop_at_operand(void **state)
{
	char *av[] = {"contentcal", "-q", "list", "--all", NULL};
	struct cc_buf err = CC_BUF_INIT;
	assert_int_equal(cc_options_parse(4, av, opts, CC_PARSE_STOP_AT_OPERAND, &err), 2);
	assert_true(v.quiet);
	assert_false(v.all);
	assert_string_equal(av[2], "list");
	cc_buf_release(&err);
}

static void expect_error(const char *const *argv, const char *message)
{
	char *av[16];
	struct cc_buf err = CC_BUF_INIT;
	assert_int_equal(parse(&err, av, argv), -1);
	assert_string_equal(err.buf, message);
	cc_buf_release(&err);
	cc_strlist_clear(&v.where);
}

static void test_bad_ints(void **state)
{
	expect_error((const char *[]){"cmd", "--limit", "x", NULL}, "--limit: 'x' is not a number");
	expect_error((const char *[]){"cmd", "--limit=", NULL}, "--limit: '' is not a number");
	expect_error((const char *[]){"cmd", "--limit", "5x", NULL}, "--limit: '5x' is not a number");
	expect_error((const char *[]){"cmd", "--limit", "0", NULL}, "--limit: '0' must be at least 1");
	expect_error((const char *[]){"cmd", "--limit", "-4", NULL}, "--limit: '-4' must be at least 1");
	expect_error((const char *[]){"cmd", "--limit", "101", NULL}, "--limit: '101' must be at most 100");
	expect_error((const char *[]){"cmd", "--limit", "99999999999999999999999", NULL},
		     "--limit: '99999999999999999999999' must be at most 100");
	assert_int_equal(v.limit, 0); /* a bad value stores nothing */
}

static void test_unknown_and_missing(void **state)
{
	expect_error((const char *[]){"cmd", "--nope", NULL}, "unknown option '--nope'");
	expect_error((const char *[]){"cmd", "--nope=3", NULL}, "unknown option '--nope'");
	expect_error((const char *[]){"cmd", "-x", NULL}, "unknown option '-x'");
	expect_error((const char *[]){"cmd", "--limit", NULL}, "--limit needs a value");
	expect_error((const char *[]){"cmd", "-o", NULL}, "-o needs a value");
	expect_error((const char *[]){"cmd", "--all=yes", NULL}, "--all takes no value");
	expect_error((const char *[]){"cmd", "--p", NULL}, "ambiguous option '--p' (--persona, --period)");
	expect_error((const char *[]){"cmd", "--by", "stage", NULL}, "--by takes persona or topic, not 'stage'");
	expect_error((const char *[]){"cmd", "--format", "csv", NULL}, "unknown format 'csv' (text, json)");
	expect_error((const char *[]){"cmd", "--period", "soon", NULL}, "--period must be START..END, not 'soon'");
}

/* A callback without an argument gets NULL, once per occurrence. */
static int count_cb(const struct cc_option *opt, const char *arg, struct cc_buf *err)
{
	assert_null(arg);
	(*(int *)opt->value)++;
	return 0;
}

static void test_callback_without_argument(void **state)
{
	int n = 0;
	const struct cc_option t[] = {CC_OPT_CALLBACK('v', "verbose", &n, NULL, "more", count_cb), CC_OPT_END()};
	char *av[] = {"cmd", "-vv", "x", "--verbose", NULL};
	struct cc_buf err = CC_BUF_INIT;
	assert_int_equal(cc_options_parse(4, av, t, 0, &err), 3);
	assert_int_equal(n, 3);
	assert_string_equal(av[3], "x");
	char *bad[] = {"cmd", "--verbose=2", NULL};
	assert_int_equal(cc_options_parse(2, bad, t, 0, &err), -1);
	assert_string_equal(err.buf, "--verbose takes no value");
	cc_buf_release(&err);
}

static void test_help(void **state)
{
	struct cc_buf b = CC_BUF_INIT;
	cc_options_help(&b, opts);
	assert_string_equal(b.buf,
			    "  --stage S, --persona P  filter by value\n"
			    "  --all                   every status\n"
			    "  --limit N               at most N\n"
			    "                          assets\n"
			    "  --where KEY=VALUE       any key\n"
			    "  --by D                  persona or topic\n"
			    "  --format F              text or json\n"
			    "  --period A..B           the days\n"
			    "  -o, --output FILE       where to write\n"
			    "  -q, --quiet             print nothing\n");
	/* A label wider than the column puts its help on the next line. */
	static const struct cc_option wide[] = {
		CC_OPT_FLAG(0, "a-very-long-option-name-indeed", &v.all, "help"),
		CC_OPT_FLAG(0, "x", &v.quiet, "short"),
		CC_OPT_END(),
	};
	cc_buf_reset(&b);
	cc_options_help(&b, wide);
	assert_string_equal(b.buf, "  --a-very-long-option-name-indeed\n"
				   "       help\n"
				   "  --x  short\n");
	cc_buf_reset(&b);
	cc_options_usage(&b, "usage: cmd [--all]\n", opts + 2, "Exit status: 0.\n");
	assert_true(!strncmp(b.buf, "usage: cmd [--all]\n\n  --all ", 27));
	assert_non_null(strstr(b.buf, "print nothing\n\nExit status: 0.\n"));
	assert_null(strstr(b.buf, "secret"));
	cc_buf_reset(&b);
	static const struct cc_option none[] = {CC_OPT_END()};
	cc_options_usage(&b, "usage: cmd\n", none, NULL);
	assert_string_equal(b.buf, "usage: cmd\n");
	cc_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_every_kind, setup),
		cmocka_unit_test_setup(test_permutation_and_double_dash, setup),
		cmocka_unit_test_setup(test_last_string_wins_and_prefix, setup),
		cmocka_unit_test_setup(test_stop_at_operand, setup),
		cmocka_unit_test_setup(test_bad_ints, setup),
		cmocka_unit_test_setup(test_unknown_and_missing, setup),
		cmocka_unit_test_setup(test_callback_without_argument, setup),
		cmocka_unit_test_setup(test_help, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
