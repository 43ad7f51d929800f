/*
 * util.c — diagnostics and option helpers shared by the commands (and by
 * the front end, cmd/front.c: nothing here calls libgit2 but through env->git).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "asset.h"
#include "buf.h"
#include "date.h"
#include "cmd.h"
#include "render.h"
#include "crm.h"
#include "engagement.h"
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

void cc_print_help(FILE *f, const struct cc_help *h)
{
	struct cc_buf b = CC_BUF_INIT;
	cc_options_usage(&b, h->head, h->opts, h->tail);
	fwrite(b.buf, 1, b.len, f);
	cc_buf_release(&b);
}

void cc_put_safe(FILE *f, const char *s)
{
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_add_safe(&b, s ? s : "", false);
	fwrite(b.buf, 1, b.len, f);
	cc_buf_release(&b);
}

void cc_put_buf(FILE *f, const struct cc_buf *b, bool safe)
{
	struct cc_buf s = CC_BUF_INIT;
	if (safe)
		cc_buf_add_safe(&s, b->buf, true);
	fwrite(safe ? s.buf : b->buf, 1, safe ? s.len : b->len, f);
	cc_buf_release(&s);
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

void cc_print_row_problems(const struct cc_problems *list)
{
	for (size_t i = 0; i < list->n; i++) {
		const struct cc_problem *p = &list->v[i];
		cc_put_safe(stderr, p->path);
		if (p->line > 0)
			fprintf(stderr, ":%d:", p->line);
		else
			fputc(':', stderr);
		if (p->line > 0 && p->col > 0)
			fprintf(stderr, "%d:", p->col);
		fputs(p->severity == CC_SEV_WARNING ? " warning: " : " ", stderr);
		cc_put_safe(stderr, p->message);
		fputc('\n', stderr);
	}
}

int cc_parse(const struct cc_env *env, int argc, char **argv, const struct cc_option *opts)
{
	struct cc_buf err = CC_BUF_INIT;
	int first = cc_options_parse(argc, argv, opts, 0, &err);
	if (first < 0)
		cc_usage_error(env, "%s", err.buf);
	cc_buf_release(&err);
	return first;
}

int cc_parse_only(const struct cc_env *env, int argc, char **argv, const struct cc_option *opts)
{
	int first = cc_parse(env, argc, argv, opts);
	if (first < 0)
		return CC_EXIT_ERROR;
	if (first < argc)
		return cc_usage_error(env, "unexpected argument '%s'", argv[first]);
	return 0;
}

/* The value through the vocabulary of dim: a new string, or NULL after printing the nearest. */
static char *filter_value(const struct cc_env *env, int dim, const char *value)
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

int cc_tags_resolve(const struct cc_env *env, const char *const raw[], char *values[])
{
	for (int d = 0; d < CC_DIM_COUNT; d++)
		if (raw[d] && !(values[d] = filter_value(env, d, raw[d])))
			return CC_EXIT_ERROR;
	return 0;
}

void cc_tags_release(char *values[])
{
	for (int d = 0; d < CC_DIM_COUNT; d++) {
		free(values[d]);
		values[d] = NULL;
	}
}

int cc_parse_as_of(const struct cc_env *env, const char *value, int64_t *out)
{
	if (!value) {
		*out = cc_today();
		return 0;
	}
	/* "commit": the day of the commit under test, so a CI verdict is the same on any day */
	if (!strcmp(value, "commit")) {
		if (!env->ctx || !env->git || env->git->commit_day(out, env->ctx, env->g.rev) < 0)
			return cc_usage_error(env, "--as-of commit: %s",
					      env->ctx && env->git ? cc_error_last() : "no repository");
		return 0;
	}
	if (cc_day_parse(out, value) < 0)
		return cc_usage_error(env, "--as-of takes a date (YYYY-MM-DD) or commit, not '%s'", value);
	return 0;
}

int cc_calopts_resolve(struct cc_calopts *o, const struct cc_env *env)
{
	const struct cc_config *cfg = &env->ctx->cfg;
	if (cc_parse_as_of(env, o->as_of_arg, &o->as_of))
		return CC_EXIT_ERROR;
	if (cc_quarter_parse(&o->quarter, o->quarter_arg ? o->quarter_arg : "current", o->as_of,
			     cfg->calendar.fiscal_year_start, cfg->calendar.week_start) < 0)
		return cc_usage_error(env, "--quarter: %s", cc_error_last());
	return 0;
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
	if (!env->git)
		return cc_fail("internal error: no repository access");
	if (env->git->index_update(env->ctx, &o, &st) < 0)
		return cc_fail_lib();
	return 0;
}

int cc_engagement_open(struct cc_env *env)
{
	char *path = cc_engagement_path(env->ctx->db_path);
	int r = cc_engagement_attach(env->ctx->db, path);
	free(path);
	/* CRM data, when there is some, feeds relevance and intent (influence.h, intent.h). */
	if (r == 0)
		r = cc_crm_attach_present(env->ctx->db, env->ctx->db_path);
	return r < 0 ? cc_fail_lib() : 0;
}
