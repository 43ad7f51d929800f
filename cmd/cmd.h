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
#include <string.h>

#include "buf.h"
#include "context.h"
#include "index.h"
#include "calendar.h"
#include "lifecycle.h"
#include "options.h"
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

/*
 * What needs libgit2. The full program (cmd/contentcal.c, built as
 * contentcal-full) supplies it; the front end (cmd/front.c) does not, and
 * hands a run that would need it over to the full program (docs/design.md,
 * "Search start-up").
 */
struct cc_git_ops {
	/* lib/index.h's cc_index_update */
	int (*index_update)(struct cc_ctx *ctx, const struct cc_index_options *o, struct cc_index_stats *st);
	/* the committer day of rev (NULL: HEAD), lib/change.h's cc_commit_day */
	int (*commit_day)(int64_t *out, struct cc_ctx *ctx, const char *rev);
};

struct cc_env {
	struct cc_global g;
	struct cc_ctx *ctx; /* set when the command has CC_NEED_REPO */
	const char *name;   /* the command's name */
	const struct cc_git_ops *git; /* NULL in the front end */
};

/* A command's help: the option lines come from its option table. */
struct cc_help {
	const char *head;             /* synopsis and description, ending in '\n' */
	const struct cc_option *opts; /* the command's one option table (lib/options.h) */
	const char *tail;             /* after the options (exit status…), or NULL */
};

struct cc_command {
	const char *name;
	int (*fn)(int argc, char **argv, struct cc_env *env);
	int flags;
	const char *summary;
	const struct cc_help *help;
};

/* Every command's entry point and help. */
#define CC_DECLARE_COMMAND(n) \
	int cmd_##n(int argc, char **argv, struct cc_env *env); \
	extern const struct cc_help cmd_##n##_help
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

/* The options before the command (global.c). */
struct cc_global_args {
	struct cc_global g;
	bool help, version;
	long threads;
};
/* Parses them from argv[1]: the index of the command (argc when none), or -1 with err set. */
int cc_global_parse(int argc, char **argv, struct cc_global_args *out, struct cc_buf *err);
/* Their table, for the usage text. */
const struct cc_option *cc_global_options(void);

struct cc_new_options;
/* Creates a new asset (lib/newasset.h), prints its path or the error; *created
 * (when not NULL) receives the repository-relative path (the caller frees it). */
int cc_new_run(struct cc_env *env, const struct cc_new_options *o, char **created);

/* Prints "contentcal: message" to stderr and returns CC_EXIT_ERROR (it does not exit:
 * `return cc_fail("cannot open '%s'", path);`). */
int cc_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the library's last error and returns CC_EXIT_ERROR. */
int cc_fail_lib(void);
/* Prints a usage error for the command and returns CC_EXIT_ERROR. */
int cc_usage_error(const struct cc_env *env, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Writes the command's whole help to f. */
void cc_print_help(FILE *f, const struct cc_help *h);

/* Writes s to f with control and escape sequences removed. */
void cc_put_safe(FILE *f, const char *s);
/* Writes b to f; with safe, control and escape sequences removed (newlines and tabs kept). */
void cc_put_buf(FILE *f, const struct cc_buf *b, bool safe);
/* Prints one problem as path:line:col: severity: rule: message (sanitised). */
void cc_print_problem(FILE *f, const struct cc_problem *p);
/* Prints config problems (all of them) to stderr. */
void cc_print_problems(const struct cc_problems *list);
/* Prints row problems of an import as file:line[:col]: message (warnings say so). */
void cc_print_row_problems(const struct cc_problems *list);

/*
 * Parses the command's options (lib/options.h): returns the index of the
 * first operand, or -1 after printing the usage error.
 */
int cc_parse(const struct cc_env *env, int argc, char **argv, const struct cc_option *opts);
/* cc_parse for a command without operands: 0, or CC_EXIT_ERROR after printing. */
int cc_parse_only(const struct cc_env *env, int argc, char **argv, const struct cc_option *opts);

/*
 * The option groups commands share. --stage, --persona and --topic fill
 * raw[CC_DIM_*]; cc_tags_resolve normalises them through the vocabulary.
 */
#define CC_OPT_TAGS(raw, h) \
	CC_OPT_STRING(0, "stage", &(raw)[CC_DIM_STAGE], "S", NULL), \
	CC_OPT_STRING(0, "persona", &(raw)[CC_DIM_PERSONA], "P", NULL), \
	CC_OPT_STRING(0, "topic", &(raw)[CC_DIM_TOPIC], "T", (h))
#define CC_OPT_AS_OF(v, h) CC_OPT_STRING(0, "as-of", (v), "DATE", (h))
#define CC_OPT_LIMIT(v, h) CC_OPT_INT(0, "limit", (v), "N", (h), 1, LONG_MAX)
/* --quarter and --as-of of the calendar commands, into a struct cc_calopts. */
#define CC_OPT_QUARTER(co) \
	CC_OPT_STRING(0, "quarter", &(co).quarter_arg, "Q", "FY2026Q4, current (default), next or previous")
#define CC_OPT_CALENDAR(co, as_of_help) CC_OPT_QUARTER(co), CC_OPT_AS_OF(&(co).as_of_arg, (as_of_help))

/*
 * Normalises the given raw[dim] through the vocabulary into values[dim]
 * (new strings; the caller frees them). 0, or CC_EXIT_ERROR after printing
 * an error that names the nearest value.
 */
int cc_tags_resolve(const struct cc_env *env, const char *const raw[], char *values[]);
void cc_tags_release(char *values[]);

/* Brings the index up to date silently (read commands); 0 or CC_EXIT_ERROR. */
int cc_auto_index(struct cc_env *env);

/* Attaches the engagement database beside the index; 0 or CC_EXIT_ERROR (printed). */
int cc_engagement_open(struct cc_env *env);
/* Prints a warning on stderr for every metric holding data with weight 0 (none configured). */
void cc_warn_unweighted(struct cc_env *env);
/* Parses --as-of into days since the epoch (NULL: today); 0 or CC_EXIT_ERROR (printed). */
int cc_parse_as_of(const struct cc_env *env, const char *value, int64_t *out);

/* --as-of and --quarter of the calendar commands (calendar, coverage, gaps, …). */
struct cc_calopts {
	const char *as_of_arg;   /* --as-of, or NULL for today */
	const char *quarter_arg; /* --quarter, or NULL for the current one */
	int64_t as_of;
	struct cc_quarter quarter;
};
/* Resolves as_of and quarter from the arguments and the config; 0, or CC_EXIT_ERROR after printing. */
int cc_calopts_resolve(struct cc_calopts *o, const struct cc_env *env);

#endif
