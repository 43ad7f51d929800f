/*
 * util.c — diagnostics and option helpers shared by the commands.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "asset.h"
#include "buf.h"
#include "date.h"
#include "cmd.h"
#include "render.h"
#include "change.h"
#include "text.h"

int cc_fail(const char *fmt, ...)
{
	va_list ap;
	struct cc_buf b = CC_BUF_INIT;
	va_start(ap, fmt);
	cc_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	fputs("contentcal: ", stderr);
	cc_put_safe(stderr, b.buf);
	fputc('\n', stderr);
	cc_buf_release(&b);
	return CC_EXIT_ERROR;
}

int cc_fail_lib(void)
{
	return cc_fail("%s", *cc_error_last() ? cc_error_last() : "unknown error");
}

int cc_usage_error(const struct cc_env *env, const char *fmt, ...)
{
	va_list ap;
	struct cc_buf b = CC_BUF_INIT;
	va_start(ap, fmt);
	cc_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	fprintf(stderr, "contentcal %s: ", env->name);
	cc_put_safe(stderr, b.buf);
	fprintf(stderr, "\nsee 'contentcal help %s'\n", env->name);
	cc_buf_release(&b);
	return CC_EXIT_ERROR;
}

void cc_put_safe(FILE *f, const char *s)
{
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_add_safe(&b, s ? s : "", false);
	fwrite(b.buf, 1, b.len, f);
	cc_buf_release(&b);
}

void cc_print_problem(FILE *f, const struct cc_problem *p)
{
	cc_put_safe(f, *p->path ? p->path : "(repository)");
	if (p->line > 0)
		fprintf(f, ":%d:%d", p->line, p->col > 0 ? p->col : 1);
	fprintf(f, ": %s: ", cc_severity_name(p->severity));
	cc_put_safe(f, p->rule);
	fputs(": ", f);
	cc_put_safe(f, p->message);
	fputc('\n', f);
}

void cc_print_problems(const struct cc_problems *list)
{
	for (size_t i = 0; i < list->n; i++)
		cc_print_problem(stderr, &list->v[i]);
}

int cc_parse_choice(const char *value, const char *const *choices)
{
	for (int i = 0; choices[i]; i++)
		if (!strcmp(value, choices[i]))
			return i;
	return -1;
}

long cc_parse_positive(const struct cc_env *env, const char *name, const char *value)
{
	long n = cc_parse_count(value);
	if (n < 1) {
		cc_usage_error(env, "%s takes a positive number, not '%s'", name, value);
		return -1;
	}
	return n;
}

int cc_no_operands(const struct cc_env *env, int argc, char **argv)
{
	if (optind < argc)
		return cc_usage_error(env, "unexpected argument '%s'", argv[optind]);
	return 0;
}

int cc_parse_format(const struct cc_env *env, const char *value, const enum cc_format *allowed,
		    enum cc_format *out)
{
	struct cc_buf list = CC_BUF_INIT;
	if (cc_format_parse(out, value, allowed) == 0)
		return 0;
	for (int k = 0; allowed[k] != CC_FMT_COUNT; k++)
		cc_buf_addf(&list, "%s%s", k ? ", " : "", cc_format_name(allowed[k]));
	cc_usage_error(env, "unknown format '%s' (%s)", value, list.buf);
	cc_buf_release(&list);
	return CC_EXIT_ERROR;
}

long cc_parse_count(const char *value)
{
	char *end;
	errno = 0;
	long n = strtol(value, &end, 10);
	if (errno || end == value || *end || n < 0)
		return -1;
	return n;
}

char *cc_filter_value(const struct cc_env *env, int dim, const char *value)
{
	const struct cc_config *cfg = &env->ctx->cfg;
	const struct cc_vocab *v = dim == CC_DIM_PERSONA ? &cfg->personas
				   : dim == CC_DIM_STAGE ? &cfg->stages
							 : &cfg->topics;
	char *clean = cc_vocab_clean(value);
	const char *canon = NULL;
	if (!v->n)
		return clean;
	if (cc_vocab_lookup(v, clean, &canon) >= 0) {
		free(clean);
		return cc_xstrdup(canon);
	}
	char *valid = cc_vocab_suggest(v, clean);
	cc_usage_error(env, "unknown %s '%s'%s", cc_dim_name(dim), value, valid);
	free(valid);
	free(clean);
	return NULL;
}

int cc_parse_as_of(const struct cc_env *env, const char *value, int64_t *out)
{
	/* "commit": the day of the commit under test, so a CI verdict is the same on any day */
	if (!strcmp(value, "commit")) {
		if (!env->ctx || cc_commit_day(out, env->ctx->repo, env->g.rev) < 0)
			return cc_usage_error(env, "--as-of commit: %s", env->ctx ? cc_error_last() : "no repository");
		return 0;
	}
	if (cc_day_parse(out, value) < 0)
		return cc_usage_error(env, "--as-of takes a date (YYYY-MM-DD) or commit, not '%s'", value);
	return 0;
}

int cc_tag_option(const struct cc_env *env, int c, const char *arg, char *values[])
{
	int dim = c == 's' ? CC_DIM_STAGE : c == 'p' ? CC_DIM_PERSONA : CC_DIM_TOPIC;
	char *v = cc_filter_value(env, dim, arg);
	if (!v)
		return -1;
	free(values[dim]);
	values[dim] = v;
	return dim;
}

int cc_auto_index(struct cc_env *env)
{
	struct cc_index_options o = CC_INDEX_OPTIONS_INIT;
	struct cc_index_stats st;
	if (env->g.no_index)
		return cc_ctx_open_db(env->ctx, 0) < 0 ? cc_fail_lib() : 0;
	o.rev = env->g.rev;
	o.worktree = env->g.worktree;
	o.threads = env->g.threads;
	if (cc_index_update(env->ctx, &o, &st) < 0)
		return cc_fail_lib();
	return 0;
}
