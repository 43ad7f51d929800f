/*
 * problem.c — located findings and the per-thread error message.
 */
#include "problem.h"
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local char last_error[1024];

int cc_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	return -1;
}

const char *cc_error_last(void)
{
	return last_error;
}

void cc_error_clear(void)
{
	last_error[0] = '\0';
}

void cc_problems_add(struct cc_problems *list, const char *path, int line, int col,
		     enum cc_severity sev, const char *rule, const char *fmt, ...)
{
	struct cc_buf msg = CC_BUF_INIT;
	va_list ap;
	struct cc_problem *p;

	va_start(ap, fmt);
	cc_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	CC_GROW(list->v, list->alloc, list->n + 1);
	p = &list->v[list->n++];
	p->path = cc_xstrdup(path ? path : "");
	p->line = line;
	p->col = col;
	p->severity = sev;
	p->rule = cc_xstrdup(rule);
	p->message = cc_buf_detach(&msg, NULL);
}

void cc_problems_take(struct cc_problems *dst, struct cc_problems *src)
{
	if (!src->n)
		return;
	CC_GROW(dst->v, dst->alloc, dst->n + src->n);
	memcpy(dst->v + dst->n, src->v, src->n * sizeof(*src->v));
	dst->n += src->n;
	free(src->v);
	src->v = NULL;
	src->n = src->alloc = 0;
}

size_t cc_problems_count(const struct cc_problems *list, enum cc_severity sev)
{
	size_t n = 0;
	for (size_t i = 0; i < list->n; i++)
		if (list->v[i].severity >= sev)
			n++;
	return n;
}

static int cmp_problem(const void *a, const void *b)
{
	const struct cc_problem *x = a, *y = b;
	int c = strcmp(x->path, y->path);
	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	if ((c = strcmp(x->rule, y->rule)))
		return c;
	return strcmp(x->message, y->message);
}

void cc_problems_sort(struct cc_problems *list)
{
	if (list->n > 1)
		qsort(list->v, list->n, sizeof(*list->v), cmp_problem);
}

void cc_problems_release(struct cc_problems *list)
{
	for (size_t i = 0; i < list->n; i++) {
		free(list->v[i].path);
		free(list->v[i].rule);
		free(list->v[i].message);
	}
	free(list->v);
	list->v = NULL;
	list->n = list->alloc = 0;
}

const char *cc_severity_name(enum cc_severity sev)
{
	switch (sev) {
	case CC_SEV_ERROR:
		return "error";
	case CC_SEV_WARNING:
		return "warning";
	default:
		return "info";
	}
}

int cc_severity_parse(const char *s)
{
	if (!strcmp(s, "error"))
		return CC_SEV_ERROR;
	if (!strcmp(s, "warning"))
		return CC_SEV_WARNING;
	if (!strcmp(s, "info"))
		return CC_SEV_INFO;
	return -1;
}
