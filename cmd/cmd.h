/*
 * cmd.h — the command-line front end: the command table's types, the
 * environment every command gets, and output helpers.
 *
 * cmd/ parses options, calls the library, formats, and picks the exit code:
 * 0 clean, 1 findings, 2 usage, config or runtime error. Data goes to
 * stdout, diagnostics to stderr.
 */
#ifndef CC_CMD_H
#define CC_CMD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "buf.h"
#include "context.h"
#include "index.h"
#include "lifecycle.h"
#include "problem.h"
#include "render.h"

#define CONTENTCAL_VERSION "0.1.0"

enum { CC_EXIT_OK = 0, CC_EXIT_FINDINGS = 1, CC_EXIT_ERROR = 2 };

/* What a command needs set up before it runs. */
enum cc_cmd_flags {
	CC_NEED_REPO = 1,  /* repository and config */
	CC_NEED_INDEX = 2, /* an index brought up to date first (unless --no-index) */
};

struct cc_global {
	const char *dir, *db, *config, *rev;
	bool no_index, worktree;
	int threads;
};

struct cc_env {
	struct cc_global g;
	struct cc_ctx *ctx; /* set when the command has CC_NEED_REPO */
	const char *name;   /* the command's name */
};

struct cc_command {
	const char *name;
	int (*fn)(int argc, char **argv, struct cc_env *env);
	int flags;
	const char *summary;
	const char *usage; /* full help text: synopsis, description, options */
};

/* Every command's entry point and help text. */
#define CC_DECLARE_COMMAND(n) \
	int cmd_##n(int argc, char **argv, struct cc_env *env); \
	extern const char cmd_##n##_usage[]
CC_DECLARE_COMMAND(index);
CC_DECLARE_COMMAND(list);
CC_DECLARE_COMMAND(lint);
CC_DECLARE_COMMAND(new);
CC_DECLARE_COMMAND(sql);
CC_DECLARE_COMMAND(calendar);
CC_DECLARE_COMMAND(coverage);
CC_DECLARE_COMMAND(gaps);
CC_DECLARE_COMMAND(ingest);
CC_DECLARE_COMMAND(relevance);
CC_DECLARE_COMMAND(search);
CC_DECLARE_COMMAND(recommend);
CC_DECLARE_COMMAND(report);
CC_DECLARE_COMMAND(crm);
CC_DECLARE_COMMAND(influence);
CC_DECLARE_COMMAND(serve);
CC_DECLARE_COMMAND(demand);
CC_DECLARE_COMMAND(workload);
CC_DECLARE_COMMAND(set);
CC_DECLARE_COMMAND(reschedule);
CC_DECLARE_COMMAND(plan);
CC_DECLARE_COMMAND(audit);

/* `new` with its own argv (argv[0] is "new"); *created receives the
 * repository-relative path of the file written (the caller frees it). */
int cc_new_file(int argc, char **argv, struct cc_env *env, char **created);

/* Prints "contentcal: message" to stderr and returns CC_EXIT_ERROR (it does not exit:
 * `return cc_fail("cannot open '%s'", path);`). */
int cc_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the library's last error and returns CC_EXIT_ERROR. */
int cc_fail_lib(void);
/* Prints a usage error for the command and returns CC_EXIT_ERROR. */
int cc_usage_error(const struct cc_env *env, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Writes s to f with control and escape sequences removed. */
void cc_put_safe(FILE *f, const char *s);
/* Prints one problem as path:line:col: severity: rule: message (sanitised). */
void cc_print_problem(FILE *f, const struct cc_problem *p);
/* Prints config problems (all of them) to stderr. */
void cc_print_problems(const struct cc_problems *list);

/* Parses a --format value against a NULL-terminated list; -1 when unknown. */
int cc_parse_choice(const char *value, const char *const *choices);
/*
 * Parses a --format value against allowed (CC_FMT_COUNT-terminated) into
 * *out. Returns 0, or prints a usage error that lists the choices and
 * returns CC_EXIT_ERROR.
 */
int cc_parse_format(const struct cc_env *env, const char *value, const enum cc_format *allowed,
		    enum cc_format *out);
/* Parses a positive integer option; -1 when invalid. */
long cc_parse_count(const char *value);
/* Parses a positive integer for option `name`; prints the usage error and
 * returns -1 when value is not one. */
long cc_parse_positive(const struct cc_env *env, const char *name, const char *value);
/* After getopt: 0 when no operand is left, else prints a usage error naming
 * the first one and returns CC_EXIT_ERROR. */
int cc_no_operands(const struct cc_env *env, int argc, char **argv);

/*
 * Normalises a --stage/--persona/--topic filter value through the
 * vocabulary; returns a new string, or NULL after printing an error that
 * names the nearest value.
 */
char *cc_filter_value(const struct cc_env *env, int dim, const char *value);

/*
 * Handles a --stage ('s'), --persona ('p') or --topic ('t') option: the
 * value goes through the vocabulary (cc_filter_value) into values[dim],
 * replacing (and freeing) an earlier one. Returns the dimension, or -1
 * after printing the error.
 */
int cc_tag_option(const struct cc_env *env, int c, const char *arg, char *values[]);

/* Brings the index up to date silently (read commands); 0 or CC_EXIT_ERROR. */
int cc_auto_index(struct cc_env *env);

/* Attaches the engagement database beside the index; 0 or CC_EXIT_ERROR (printed). */
int cc_engagement_open(struct cc_env *env);
/* Prints a warning on stderr for every metric holding data with weight 0 (none configured). */
void cc_warn_unweighted(struct cc_env *env);
/* Parses --as-of into days since the epoch; 0 or CC_EXIT_ERROR (printed). */
int cc_parse_as_of(const struct cc_env *env, const char *value, int64_t *out);

#endif
