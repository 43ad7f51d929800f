/*
 * problem.h — located findings (lint problems, parse errors) and the
 * library's error channel.
 *
 * The library never prints. A function that fails returns a negative code
 * and records a message with cc_error(); cmd/ fetches it with
 * cc_error_last() and decides what to print and how to exit. Findings
 * about content (a bad date, an unknown persona) are not failures: they are
 * appended to a struct cc_problems and indexing goes on.
 */
#ifndef CC_PROBLEM_H
#define CC_PROBLEM_H

#include <stddef.h>

enum cc_severity {
	CC_SEV_INFO = 0,
	CC_SEV_WARNING = 1,
	CC_SEV_ERROR = 2,
};

struct cc_problem {
	char *path;    /* repository-relative path, or a config path */
	int line;      /* 1-based line in the file; 0 when unknown */
	int col;       /* 1-based column in bytes; 0 when unknown */
	enum cc_severity severity;
	char *rule;    /* short identifier such as "invalid-date" */
	char *message; /* lower case, no full stop */
};

struct cc_problems {
	struct cc_problem *v;
	size_t n, alloc;
};

#define CC_PROBLEMS_INIT {NULL, 0, 0}

void cc_problems_add(struct cc_problems *list, const char *path, int line, int col,
		     enum cc_severity sev, const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* Moves every problem of src to the end of dst; src is left empty. */
void cc_problems_take(struct cc_problems *dst, struct cc_problems *src);
/* Counts problems at or above sev. */
size_t cc_problems_count(const struct cc_problems *list, enum cc_severity sev);
/* Sorts by path, line, col, rule, message. */
void cc_problems_sort(struct cc_problems *list);
void cc_problems_release(struct cc_problems *list);

const char *cc_severity_name(enum cc_severity sev);
/* Parses "error", "warning", "info"; returns -1 for anything else. */
int cc_severity_parse(const char *s);

/*
 * Records a formatted message as this thread's last error and returns -1,
 * so that `return cc_error("cannot open '%s'", path);` works.
 */
int cc_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* This thread's last error message; "" when none. Owned by the library. */
const char *cc_error_last(void);
void cc_error_clear(void);

#endif
