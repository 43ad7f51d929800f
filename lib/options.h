/*
 * options.h — declarative command-line options, in the spirit of git's
 * parse-options: one table per command drives both the parsing and the
 * option lines of its help.
 *
 *   static const struct cc_option opts[] = {
 *   	CC_OPT_STRING(0, "stage", &o.stage, "S", "only this stage"),
 *   	CC_OPT_INT(0, "limit", &o.limit, "N", "at most N assets", 1, LONG_MAX),
 *   	CC_OPT_FLAG(0, "all", &o.all, "every status"),
 *   	CC_OPT_END(),
 *   };
 *
 * Parsing is getopt_long(3) underneath, so the semantics are glibc's:
 * options and operands may be mixed (operands are moved to the end, in
 * their order), "--opt=value" and "--opt value" both work, a unique prefix
 * of a long option is that option, and "--" ends the options. Unlike
 * getopt, nothing is printed: every error comes back as a message.
 *
 * Nothing here prints or exits (lib/ never does): the help is appended to
 * a buffer, errors are returned in one.
 */
#ifndef CC_OPTIONS_H
#define CC_OPTIONS_H

#include <limits.h>
#include <stdbool.h>

#include "buf.h"
#include "config.h"
#include "render.h"

enum cc_opt_type {
	CC_OPT_T_END = 0,
	CC_OPT_T_FLAG,     /* bool *value: set to true; no argument */
	CC_OPT_T_INT,      /* long *value: a decimal integer within [min, max] */
	CC_OPT_T_STRING,   /* const char **value: the argument (argv's own string); the last one wins */
	CC_OPT_T_LIST,     /* struct cc_strlist *value: every argument appended (copies) */
	CC_OPT_T_CHOICE,   /* int *value: the index of the argument in choices (NULL-ended) */
	CC_OPT_T_FORMAT,   /* enum cc_format *value: one of formats (CC_FMT_COUNT-ended) */
	CC_OPT_T_CALLBACK, /* cb(opt, arg, err); arg is NULL when argh is NULL (no argument) */
};

enum cc_opt_flags {
	CC_OPT_HIDDEN = 1, /* parsed, not shown in the help */
};

struct cc_option {
	enum cc_opt_type type;
	int short_name;        /* 'q' for -q; 0 when none */
	const char *long_name; /* "quiet" for --quiet; NULL when none */
	void *value;           /* where the result goes (see the types); the callback's payload */
	const char *argh;      /* the argument's name in the help ("N", "DATE"); NULL: no argument */
	/* One line or several ('\n'); NULL: this option shares the help of the
	 * next one, on one line ("--stage S, --persona P, --topic T  filter"). */
	const char *help;
	const void *data;      /* CHOICE: const char *const[]; FORMAT: const enum cc_format[] */
	long min, max;         /* INT: the accepted range */
	/* CALLBACK: 0, or -1 with the message appended to err (no option name
	 * is added: say it in the message). */
	int (*cb)(const struct cc_option *opt, const char *arg, struct cc_buf *err);
	int flags;             /* enum cc_opt_flags */
};

/* The target's type is checked at compile time: a mismatch is a warning (an error with -Werror). */
#define CC_OPT_TYPED_(type, v) ((void *)(1 ? (v) : (type *)0))

#define CC_OPT_END() {CC_OPT_T_END, 0, NULL, NULL, NULL, NULL, NULL, 0, 0, NULL, 0}
#define CC_OPT_FLAG(s, l, v, h) {CC_OPT_T_FLAG, (s), (l), CC_OPT_TYPED_(bool, v), NULL, (h), NULL, 0, 0, NULL, 0}
#define CC_OPT_INT(s, l, v, a, h, lo, hi) \
	{CC_OPT_T_INT, (s), (l), CC_OPT_TYPED_(long, v), (a), (h), NULL, (lo), (hi), NULL, 0}
#define CC_OPT_STRING(s, l, v, a, h) {CC_OPT_T_STRING, (s), (l), CC_OPT_TYPED_(const char *, v), (a), (h), NULL, 0, 0, NULL, 0}
#define CC_OPT_LIST(s, l, v, a, h) {CC_OPT_T_LIST, (s), (l), CC_OPT_TYPED_(struct cc_strlist, v), (a), (h), NULL, 0, 0, NULL, 0}
#define CC_OPT_CHOICE(s, l, v, a, h, choices) \
	{CC_OPT_T_CHOICE, (s), (l), CC_OPT_TYPED_(int, v), (a), (h), (choices), 0, 0, NULL, 0}
#define CC_OPT_FORMAT(v, h, formats) \
	{CC_OPT_T_FORMAT, 0, "format", CC_OPT_TYPED_(enum cc_format, v), "F", (h), (formats), 0, 0, NULL, 0}
#define CC_OPT_CALLBACK(s, l, v, a, h, fn) {CC_OPT_T_CALLBACK, (s), (l), (v), (a), (h), NULL, 0, 0, (fn), 0}

/* How to parse. */
enum cc_parse_flags {
	/* Stop at the first operand (a command name after global options)
	 * instead of moving operands to the end. */
	CC_PARSE_STOP_AT_OPERAND = 1,
};

/*
 * Parses argv[1..argc) (argv[0] is the program or command name) against
 * the CC_OPT_END-terminated table opts, storing each option's result as
 * its type says. Operands end up in argv[first..argc), in their order.
 * Returns first, or -1 with the message appended to err:
 *   unknown option '--nope'             ambiguous option '--s' (--stage, --status)
 *   --limit needs a value               --all takes no value
 *   --limit: 'x' is not a number        --limit: '0' must be at least 1
 *   --by takes persona or topic, not 'x'
 *   unknown format 'x' (text, json)     or the callback's message
 * Results stored before an error stay stored.
 */
int cc_options_parse(int argc, char **argv, const struct cc_option *opts, int flags, struct cc_buf *err);

/*
 * Appends the option lines of opts to out, two spaces in, the help
 * aligned in one column ("  --limit N        at most N assets\n"); a
 * label too wide for the column puts its help on the next line. Hidden
 * options are left out.
 */
void cc_options_help(struct cc_buf *out, const struct cc_option *opts);

/*
 * A command's whole help: head (synopsis and description, no final blank
 * line), a blank line and the option lines when there are any, then a
 * blank line and tail when tail is not NULL.
 */
void cc_options_usage(struct cc_buf *out, const char *head, const struct cc_option *opts, const char *tail);

/* The label of one option as the help shows it ("-o, --output FILE"). */
void cc_options_label(struct cc_buf *out, const struct cc_option *o);

#endif
