/*
 * options.c — option tables: parsing through getopt_long(3), and the help
 * lines (options.h).
 */
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#define LONG_BASE 256 /* getopt_long's value for table entry i is LONG_BASE + i */
#define HELP_COLUMN_MAX 26 /* widest label that keeps its help on the same line */

static size_t table_size(const struct cc_option *opts)
{
	size_t n = 0;
	while (opts[n].type != CC_OPT_T_END)
		n++;
	return n;
}

/* "--limit" or "-o": how messages name an option. */
static void add_name(struct cc_buf *b, const struct cc_option *o)
{
	if (o->long_name)
		cc_buf_addf(b, "--%s", o->long_name);
	else
		cc_buf_addf(b, "-%c", o->short_name);
}

static const struct cc_option *find_short(const struct cc_option *opts, int c)
{
	for (; opts->type != CC_OPT_T_END; opts++)
		if (opts->short_name == c)
			return opts;
	return NULL;
}

static int parse_int(const struct cc_option *o, const char *arg, struct cc_buf *err)
{
	char *end;
	errno = 0;
	long n = strtol(arg, &end, 10);
	bool low = n < o->min || (errno == ERANGE && n == LONG_MIN), high = n > o->max || errno == ERANGE;
	if (*arg && !*end && !low && !high) {
		*(long *)o->value = n;
		return 0;
	}
	add_name(err, o);
	if (!*arg || *end)
		cc_buf_addf(err, ": '%s' is not a number", arg);
	else if (low)
		cc_buf_addf(err, ": '%s' must be at least %ld", arg, o->min);
	else
		cc_buf_addf(err, ": '%s' must be at most %ld", arg, o->max);
	return -1;
}

static int parse_choice(const struct cc_option *o, const char *arg, struct cc_buf *err)
{
	const char *const *choices = o->data;
	size_t n = 0;
	for (; choices[n]; n++)
		if (!strcmp(arg, choices[n])) {
			*(int *)o->value = (int)n;
			return 0;
		}
	add_name(err, o);
	cc_buf_adds(err, " takes ");
	for (size_t i = 0; i < n; i++)
		cc_buf_addf(err, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", choices[i]);
	cc_buf_addf(err, ", not '%s'", arg);
	return -1;
}

static int parse_format(const struct cc_option *o, const char *arg, struct cc_buf *err)
{
	const enum cc_format *allowed = o->data;
	if (cc_format_parse(o->value, arg, allowed) == 0)
		return 0;
	cc_buf_addf(err, "unknown format '%s' (", arg);
	for (size_t k = 0; allowed[k] != CC_FMT_COUNT; k++)
		cc_buf_addf(err, "%s%s", k ? ", " : "", cc_format_name(allowed[k]));
	cc_buf_addch(err, ')');
	return -1;
}

/* Stores one option's result. Returns 0, or -1 with the message in err. */
static int apply(const struct cc_option *o, const char *arg, struct cc_buf *err)
{
	switch (o->type) {
	case CC_OPT_T_FLAG:
		*(bool *)o->value = true;
		return 0;
	case CC_OPT_T_INT:
		return parse_int(o, arg, err);
	case CC_OPT_T_STRING:
		*(const char **)o->value = arg;
		return 0;
	case CC_OPT_T_LIST:
		cc_strlist_add(o->value, arg);
		return 0;
	case CC_OPT_T_CHOICE:
		return parse_choice(o, arg, err);
	case CC_OPT_T_FORMAT:
		return parse_format(o, arg, err);
	case CC_OPT_T_CALLBACK:
		return o->cb(o, arg, err);
	case CC_OPT_T_END:
		break;
	}
	return -1;
}

/* An unknown or ambiguous long option: text is "--name" or "--name=value". */
static void unknown_long(struct cc_buf *err, const struct cc_option *opts, const char *text)
{
	const char *name = text + 2;
	size_t len = strcspn(name, "=");
	struct cc_buf matches = CC_BUF_INIT;
	int n = 0;
	for (; opts->type != CC_OPT_T_END; opts++)
		if (opts->long_name && !strncmp(opts->long_name, name, len)) {
			cc_buf_addf(&matches, "%s--%s", n++ ? ", " : "", opts->long_name);
		}
	if (n > 1)
		cc_buf_addf(err, "ambiguous option '--%.*s' (%s)", (int)len, name, matches.buf);
	else
		cc_buf_addf(err, "unknown option '--%.*s'", (int)len, name);
	cc_buf_release(&matches);
}

/* The message for getopt_long's '?' or ':'. */
static void report(struct cc_buf *err, int c, char **argv, const struct cc_option *opts)
{
	const struct cc_option *o = optopt >= LONG_BASE ? &opts[optopt - LONG_BASE]
				    : optopt ? find_short(opts, optopt)
					     : NULL;
	const char *text = optind > 0 ? argv[optind - 1] : "";
	if (c == ':' && o) {
		/* -o given with no value: name it as the user wrote it */
		if (optopt < LONG_BASE)
			cc_buf_addf(err, "-%c", optopt);
		else
			add_name(err, o);
		cc_buf_adds(err, " needs a value");
	} else if (o && optopt >= LONG_BASE) {
		add_name(err, o);
		cc_buf_adds(err, " takes no value");
	} else if (optopt) {
		cc_buf_addf(err, "unknown option '-%c'", optopt);
	} else if (!strncmp(text, "--", 2)) {
		unknown_long(err, opts, text);
	} else {
		cc_buf_addf(err, "unknown option '%s'", text);
	}
}

int cc_options_parse(int argc, char **argv, const struct cc_option *opts, int flags, struct cc_buf *err)
{
	size_t n = table_size(opts), nlong = 0;
	struct option *longs = cc_xcalloc(n + 1, sizeof(*longs));
	struct cc_buf spec = CC_BUF_INIT;
	int c, ret = -1;

	/* '+': stop at the first operand; ':': report a missing value as ':' */
	cc_buf_adds(&spec, flags & CC_PARSE_STOP_AT_OPERAND ? "+:" : ":");
	for (size_t i = 0; i < n; i++) {
		const struct cc_option *o = &opts[i];
		if (o->long_name)
			longs[nlong++] = (struct option){o->long_name, o->argh ? required_argument : no_argument,
							 NULL, LONG_BASE + (int)i};
		if (o->short_name) {
			cc_buf_addch(&spec, o->short_name);
			if (o->argh)
				cc_buf_addch(&spec, ':');
		}
	}
	opterr = 0;
	optind = 0; /* glibc: a full re-initialisation, for every table */
	while ((c = getopt_long(argc, argv, spec.buf, longs, NULL)) != -1) {
		const struct cc_option *o = c >= LONG_BASE ? &opts[c - LONG_BASE] : NULL;
		if (c == '?' || c == ':' || (!o && !(o = find_short(opts, c)))) {
			report(err, c, argv, opts);
			goto out;
		}
		if (apply(o, o->argh ? optarg : NULL, err) < 0)
			goto out;
	}
	ret = optind;
out:
	free(longs);
	cc_buf_release(&spec);
	return ret;
}

void cc_options_label(struct cc_buf *out, const struct cc_option *o)
{
	if (o->short_name)
		cc_buf_addf(out, "-%c%s", o->short_name, o->long_name ? ", " : "");
	if (o->long_name)
		cc_buf_addf(out, "--%s", o->long_name);
	if (o->argh)
		cc_buf_addf(out, " %s", o->argh);
}

/* The label of the group of options that share the help of *end (end: the one with help). */
static const struct cc_option *group_label(struct cc_buf *out, const struct cc_option *o)
{
	cc_buf_reset(out);
	for (; o->type != CC_OPT_T_END; o++) {
		if (o->flags & CC_OPT_HIDDEN)
			continue;
		if (out->len)
			cc_buf_adds(out, ", ");
		cc_options_label(out, o);
		if (o->help)
			return o;
	}
	return o;
}

void cc_options_help(struct cc_buf *out, const struct cc_option *opts)
{
	struct cc_buf label = CC_BUF_INIT;
	const struct cc_option *o;
	size_t col = 0;

	for (o = opts; o->type != CC_OPT_T_END; o++) {
		o = group_label(&label, o);
		if (label.len <= HELP_COLUMN_MAX && label.len > col)
			col = label.len;
		if (o->type == CC_OPT_T_END)
			break;
	}
	col += 4; /* two spaces before the label, at least two after */
	for (o = opts; o->type != CC_OPT_T_END; o++) {
		o = group_label(&label, o);
		if (!label.len)
			break;
		cc_buf_addf(out, "  %s", label.buf);
		if (label.len + 4 > col)
			cc_buf_addch(out, '\n');
		for (size_t k = label.len + 4 > col ? 0 : label.len + 2; k < col; k++)
			cc_buf_addch(out, ' ');
		for (const char *h = o->help ? o->help : ""; *h; h++) {
			cc_buf_addch(out, *h);
			for (size_t k = 0; *h == '\n' && h[1] && k < col; k++)
				cc_buf_addch(out, ' ');
		}
		cc_buf_rtrim(out);
		cc_buf_addch(out, '\n');
		if (o->type == CC_OPT_T_END)
			break;
	}
	cc_buf_release(&label);
}

void cc_options_usage(struct cc_buf *out, const char *head, const struct cc_option *opts, const char *tail)
{
	size_t start;
	cc_buf_adds(out, head);
	cc_buf_addch(out, '\n');
	start = out->len;
	cc_options_help(out, opts);
	if (out->len == start)
		cc_buf_setlen(out, start - 1);
	if (tail) {
		cc_buf_addch(out, '\n');
		cc_buf_adds(out, tail);
	}
}
