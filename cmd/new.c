/*
 * new.c — `contentcal new FORMAT "Title"`: a new asset from a template
 * (lib/newasset.h does the work).
 */
#include <stdlib.h>

#include "cmd.h"
#include "newasset.h"

static struct {
	const char *tags[CC_DIM_COUNT], *date, *status;
	bool list, force;
} a;

static const struct cc_option options[] = {
	CC_OPT_TAGS(a.tags, "checked against the vocabulary"),
	CC_OPT_STRING(0, "date", &a.date, "D", "publish date (YYYY-MM-DD); {year}, {month} and {date} in\n"
		      "new.path use it, else today"),
	CC_OPT_STRING(0, "status", &a.status, "S", "workflow status (default: draft, or the first status)"),
	CC_OPT_FLAG(0, "force", &a.force, "write even where the content globs would not index the file\n"
		    "(a warning instead of an error)"),
	CC_OPT_FLAG(0, "list", &a.list, "list the available templates and where each comes from"),
	CC_OPT_END(),
};

const struct cc_help cmd_new_help = {
	"usage: contentcal new FORMAT \"Title\" [--stage S] [--persona P] [--topic T]\n"
	"                      [--date D] [--status S] [--force]\n"
	"   or: contentcal new --list\n"
	"\n"
	"Creates a new asset from the template FORMAT.md and prints the path it\n"
	"created (relative to the directory contentcal runs in). The path comes\n"
	"from the config's new.path pattern (default content/{format}/{slug}.md,\n"
	"relative to the config directory); the slug from the title (lower case,\n"
	"ASCII, diacritics dropped). An existing file is never overwritten and\n"
	"nothing is written outside the work tree or through a symbolic link.\n"
	"\n"
	"Templates come from templates/content/ next to contentcal.yml first, then\n"
	"from $CONTENTCAL_TEMPLATES/content/ or the built-in set.\n",
	options, NULL};

int cc_new_run(struct cc_env *env, const struct cc_new_options *o, char **created)
{
	char *rel = NULL, *warning = NULL;
	int r = cc_new_asset(&rel, &warning, env->ctx, o);
	if (r == -2)
		return cc_usage_error(env, "%s", cc_error_last());
	if (r < 0)
		return cc_fail_lib();
	if (warning)
		fprintf(stderr, "contentcal: warning: %s\n", warning);
	/* The path shown: relative to the start directory when below it. */
	struct cc_buf abs = CC_BUF_INIT;
	size_t n = strlen(env->ctx->start_dir);
	cc_buf_addf(&abs, "%s/%s", env->ctx->root, rel);
	bool below = !strncmp(abs.buf, env->ctx->start_dir, n) && abs.buf[n] == '/';
	cc_put_safe(stdout, below ? abs.buf + n + 1 : abs.buf);
	fputc('\n', stdout);
	cc_buf_release(&abs);
	free(warning);
	if (created)
		*created = rel;
	else
		free(rel);
	return CC_EXIT_OK;
}

int cmd_new(int argc, char **argv, struct cc_env *env)
{
	char *tags[CC_DIM_COUNT] = {0};
	int first, ret = CC_EXIT_ERROR;

	memset(&a, 0, sizeof(a));
	if ((first = cc_parse(env, argc, argv, options)) < 0)
		return CC_EXIT_ERROR;
	if (a.list) {
		struct cc_buf out = CC_BUF_INIT;
		if (first < argc)
			return cc_usage_error(env, "--list takes no arguments");
		ret = cc_new_list(&out, env->ctx) < 0 ? cc_fail_lib() : CC_EXIT_OK;
		cc_put_buf(stdout, &out, false);
		cc_buf_release(&out);
		return ret;
	}
	if (argc - first < 2)
		return cc_usage_error(env, "give a FORMAT and a title (or --list)");
	if (argc - first > 2)
		return cc_usage_error(env, "unexpected argument '%s' (quote a title with spaces)", argv[first + 2]);
	if (cc_tags_resolve(env, a.tags, tags) == 0) {
		struct cc_new_options o = {argv[first], argv[first + 1], {0}, a.status, a.date, a.force};
		memcpy(o.tags, tags, sizeof(o.tags));
		ret = cc_new_run(env, &o, NULL);
	}
	cc_tags_release(tags);
	return ret;
}
