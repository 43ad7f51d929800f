/*
 * new.c — `contentcal new FORMAT "Title"`: a new asset from a template.
 *
 * Templates are Markdown files named FORMAT.md in a templates/content/
 * folder, looked up as templates.h describes (the repository first, then
 * $CONTENTCAL_TEMPLATES or the built-in set).
 *
 * Placeholders {{name}} (or {{ name }}; lib/template.h): title, slug, date,
 * today, status, format, stage, persona, topic, author. In the front matter a non-empty value becomes a
 * double-quoted YAML scalar (escaped) and an empty one becomes nothing (a
 * YAML null); in the body the value is written as text. An unknown
 * placeholder is an error located in the template.
 *
 * The file is created with O_CREAT|O_EXCL, through directories opened one
 * by one with O_NOFOLLOW from the work-tree root, so neither an existing
 * file nor a symbolic link (file or directory) is ever written through.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "asset.h"
#include "buf.h"
#include "cmd.h"
#include "template.h"
#include "date.h"
#include "templates.h"
#include "text.h"

const char cmd_new_usage[] =
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
	"from $CONTENTCAL_TEMPLATES/content/ or the built-in set.\n"
	"\n"
	"  --stage S, --persona P, --topic T   checked against the vocabulary\n"
	"  --date D      publish date (YYYY-MM-DD); {year}, {month} and {date} in\n"
	"                new.path use it, else today\n"
	"  --status S    workflow status (default: draft, or the first status)\n"
	"  --force       write even where the content globs would not index the file\n"
	"                (a warning instead of an error)\n"
	"  --list        list the available templates and where each comes from\n";

/* A template name is a cleaned vocabulary word usable as a file name. */
static bool valid_name(const char *s)
{
	if (!*s || *s == '-' || *s == '.')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' ||
		      *s == '.'))
			return false;
	return true;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The template names (FORMAT of FORMAT.md) in dir, sorted. */
static void list_names(const char *dir, struct cc_strlist *out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n <= 3 || strcmp(e->d_name + n - 3, ".md"))
			continue;
		char *name = cc_xstrndup(e->d_name, n - 3);
		if (valid_name(name))
			cc_strlist_add(out, name);
		free(name);
	}
	closedir(d);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_str);
}

static const char *shown_dir(const struct cc_ctx *ctx, const struct cc_tdir *t)
{
	size_t n = strlen(ctx->root);
	if (t->src == CC_TSRC_REPO && !strncmp(t->dir, ctx->root, n) && t->dir[n] == '/')
		return t->dir + n + 1;
	return t->dir;
}

static int list_templates(const struct cc_ctx *ctx)
{
	struct cc_tdirs t;
	struct cc_strlist seen = {0};
	struct cc_buf line = CC_BUF_INIT;

	cc_template_dirs(ctx, "content", &t);
	if (!t.n) {
		cc_tdirs_release(&t);
		return cc_fail("no templates found: no templates/content/ next to the config and no "
			      "built-in set (set CONTENTCAL_TEMPLATES)");
	}
	for (size_t i = 0; i < t.n; i++) {
		struct cc_strlist names = {0};
		if (t.v[i].refused) {
			cc_buf_release(&line);
			cc_strlist_clear(&seen);
			int r = cc_fail("template directory: %s", t.v[i].refused);
			cc_tdirs_release(&t);
			return r;
		}
		list_names(t.v[i].dir, &names);
		for (size_t k = 0; k < names.n; k++) {
			cc_buf_reset(&line);
			cc_buf_addf(&line, "%-14s %-20s %s/%s.md", names.v[k], cc_tsrc_names[t.v[i].src],
				    shown_dir(ctx, &t.v[i]), names.v[k]);
			if (cc_strlist_has(&seen, names.v[k]))
				cc_buf_adds(&line, " (overridden)");
			cc_put_safe(stdout, line.buf);
			fputc('\n', stdout);
			cc_strlist_add(&seen, names.v[k]);
		}
		cc_strlist_clear(&names);
	}
	cc_buf_release(&line);
	cc_strlist_clear(&seen);
	cc_tdirs_release(&t);
	return CC_EXIT_OK;
}

/* Reads the first template FORMAT.md; *where gets its path. */
static int read_template(const struct cc_env *env, const char *format, struct cc_buf *out,
			 char **where)
{
	struct cc_tdirs t;
	struct cc_buf p = CC_BUF_INIT;
	struct cc_strlist all = {0};
	int ret = -1;

	cc_template_dirs(env->ctx, "content", &t);
	cc_buf_addf(&p, "%s.md", format);
	int r = cc_template_read(&t, p.buf, out, where);
	ret = r == 0 ? 0 : r == 1 ? -1 : -2;
	if (ret == -1) {
		struct cc_buf names = CC_BUF_INIT;
		for (size_t i = 0; i < t.n; i++)
			if (!t.v[i].refused)
				list_names(t.v[i].dir, &all);
		for (size_t i = 0; i < all.n; i++)
			if (!i || strcmp(all.v[i], all.v[i - 1]))
				cc_buf_addf(&names, "%s%s", names.len ? ", " : "", all.v[i]);
		if (names.len)
			cc_usage_error(env, "no template for format '%s' (available: %s; see 'contentcal new --list')",
				       format, names.buf);
		else
			cc_usage_error(env, "no template for format '%s' and no templates found", format);
		cc_buf_release(&names);
	}
	cc_strlist_clear(&all);
	cc_buf_release(&p);
	cc_tdirs_release(&t);
	return ret;
}

/* Appends s as a YAML double-quoted scalar. */
static void add_yaml_quoted(struct cc_buf *b, const char *s)
{
	cc_buf_addch(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			cc_buf_addf(b, "\\%c", *p);
		else if (*p == '\n')
			cc_buf_adds(b, "\\n");
		else if (*p == '\t')
			cc_buf_adds(b, "\\t");
		else if (*p < 0x20 || *p == 0x7f)
			cc_buf_addf(b, "\\x%02x", *p);
		else
			cc_buf_addch(b, (char)*p);
	}
	cc_buf_addch(b, '"');
}

/* In the front matter: a non-empty value as a quoted YAML scalar, an empty one as nothing. */
static int emit_yaml(struct cc_buf *out, const struct cc_template_var *v, const char *rest, size_t nrest,
		     void *arg)
{
	(void)rest, (void)nrest, (void)arg;
	if (*v->value)
		add_yaml_quoted(out, v->value);
	return 0;
}

/*
 * Expands the template into out (lib/template.h: {{ name }}). Front
 * matter: the block between a first line "---" and the next "---" or "..."
 * line. Returns 0 or exit code 2 after printing a located error.
 */
static int expand(const char *tmpl, const char *where, const struct cc_template_var *vals, size_t nvals,
		  struct cc_buf *out)
{
	const char *p = tmpl;
	int line = 1, fm = 0; /* 0 before, 1 inside, 2 after the front matter */
	int utf_line, utf_col;
	struct cc_template t = {.syntax = CC_TEMPLATE_TEXT, .where = where, .vars = vals, .nvars = nvals};

	if (!cc_utf8_check(tmpl, strlen(tmpl), &utf_line, &utf_col))
		return cc_fail("%s:%d:%d: template is not valid UTF-8", where, utf_line, utf_col);
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		size_t start = out->len;
		bool fence = (len == 3 || (len == 4 && p[3] == '\r')) &&
			     (!strncmp(p, "---", 3) || (fm == 1 && !strncmp(p, "...", 3)));

		if (fence && fm == 0 && line == 1)
			fm = 1;
		else if (fence && fm == 1)
			fm = 2;
		else if (line == 1)
			fm = 2; /* no front matter */
		t.line = line;
		t.emit = fm == 1 ? emit_yaml : NULL;
		if (cc_template_run(&t, p, len, out) < 0)
			return cc_fail("%s", cc_error_last());
		if (fm == 1) /* "persona: " with an empty value: drop the blank */
			while (out->len > start && (out->buf[out->len - 1] == ' ' || out->buf[out->len - 1] == '\t'))
				cc_buf_setlen(out, out->len - 1);
		if (!eol)
			break;
		cc_buf_addch(out, '\n');
		p = eol + 1;
		line++;
	}
	return 0;
}

struct path_emit {
	const struct cc_env *env;
	int ret; /* the exit code once reported */
};

/* In new.path: slugified, so that no value adds a '/' or ".."; an empty one is a usage error. */
static int emit_slug(struct cc_buf *out, const struct cc_template_var *v, const char *rest, size_t nrest,
		     void *arg)
{
	(void)rest, (void)nrest;
	struct path_emit *pe = arg;
	char *slug = cc_slugify(v->value);
	if (!*slug) {
		free(slug);
		pe->ret = cc_usage_error(pe->env, "new.path uses {%s}, which has no value: give --%s", v->name,
					 v->name);
		return -1;
	}
	cc_buf_adds(out, slug);
	free(slug);
	return 0;
}

/* Expands new.path (lib/template.h: {name}), each value slugified. */
static int expand_path(const struct cc_env *env, const struct cc_template_var *vals, size_t nvals,
		       struct cc_buf *out)
{
	const char *pat = env->ctx->cfg.new_asset.path;
	struct path_emit pe = {env, 0};
	struct cc_template t = {.syntax = CC_TEMPLATE_PATH, .vars = vals, .nvars = nvals, .emit = emit_slug, .arg = &pe};
	if (cc_template_run(&t, pat, strlen(pat), out) < 0)
		return pe.ret ? pe.ret : cc_fail("new.path '%s': %s", pat, cc_error_last());
	return 0;
}

/*
 * Creates rel (repository-relative, normalised) under root with O_EXCL,
 * creating missing directories, refusing symbolic links at every step.
 * Returns 0 with *fd_out open for writing, or exit code 2 after printing.
 */
static int create_file(const char *root, const char *rel, int *fd_out)
{
	char *copy = cc_xstrdup(rel), *save = NULL;
	int dfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int ret = CC_EXIT_ERROR;
	struct cc_buf done = CC_BUF_INIT;
	char *part = strtok_r(copy, "/", &save);

	if (dfd < 0) {
		cc_fail("cannot open '%s': %s", root, strerror(errno));
		goto out;
	}
	while (part) {
		char *next = strtok_r(NULL, "/", &save);
		cc_buf_addf(&done, "%s%s", done.len ? "/" : "", part);
		if (!strcmp(part, ".git")) {
			cc_fail("refusing to write inside the git directory: '%s'", done.buf);
			goto out;
		}
		if (!next) {
			int fd = openat(dfd, part, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
			if (fd < 0) {
				if (errno == EEXIST)
					cc_fail("'%s' already exists; not overwriting it", done.buf);
				else
					cc_fail("cannot create '%s': %s", done.buf, strerror(errno));
				goto out;
			}
			*fd_out = fd;
			ret = 0;
			goto out;
		}
		if (mkdirat(dfd, part, 0777) < 0 && errno != EEXIST) {
			cc_fail("cannot create directory '%s': %s", done.buf, strerror(errno));
			goto out;
		}
		int sub = openat(dfd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub < 0) {
			struct stat st;
			if (fstatat(dfd, part, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
				cc_fail("refusing to write through the symbolic link '%s'", done.buf);
			else
				cc_fail("cannot open directory '%s': %s", done.buf, strerror(errno));
			goto out;
		}
		close(dfd);
		dfd = sub;
		part = next;
	}
	cc_fail("empty path");
out:
	if (dfd >= 0)
		close(dfd);
	cc_buf_release(&done);
	free(copy);
	return ret;
}

static char *git_user_name(const struct cc_ctx *ctx)
{
	git_config *cfg = NULL, *snap = NULL;
	const char *name = NULL;
	char *ret;

	if (git_repository_config(&cfg, ctx->repo) == 0 && git_config_snapshot(&snap, cfg) == 0)
		git_config_get_string(&name, snap, "user.name");
	ret = cc_xstrdup(name ? name : "");
	git_config_free(snap);
	git_config_free(cfg);
	return ret;
}

/* Checks a --status value against the workflow; returns a new string or NULL. */
static char *check_status(const struct cc_env *env, const char *value)
{
	const struct cc_strlist *st = &env->ctx->cfg.statuses;
	char *c = cc_vocab_clean(value);
	struct cc_vocab v = {0};
	struct cc_buf all = CC_BUF_INIT;

	if (!st->n || cc_strlist_has(st, c))
		return c;
	for (size_t i = 0; i < st->n; i++) {
		cc_vocab_add(&v, st->v[i]);
		cc_buf_addf(&all, "%s%s", i ? ", " : "", st->v[i]);
	}
	const char *near = cc_vocab_nearest(&v, c);
	if (near)
		cc_usage_error(env, "unknown status '%s'; did you mean '%s'?", value, near);
	else
		cc_usage_error(env, "unknown status '%s' (workflow: %s)", value, all.buf);
	cc_vocab_release(&v);
	cc_buf_release(&all);
	free(c);
	return NULL;
}

/* The canonical format for the FORMAT argument, or NULL after an error. */
static char *check_format(const struct cc_env *env, const char *value)
{
	const struct cc_vocab *v = &env->ctx->cfg.formats;
	char *c = cc_vocab_clean(value);
	const char *canon = NULL;

	if (v->n) {
		if (cc_vocab_lookup(v, c, &canon) >= 0) {
			free(c);
			c = cc_xstrdup(canon);
		} else {
			char *valid = cc_vocab_suggest(v, c);
			cc_usage_error(env, "unknown format '%s'%s", value, valid);
			free(valid);
			free(c);
			return NULL;
		}
	}
	if (!valid_name(c)) {
		cc_usage_error(env, "'%s' cannot name a template (letters, digits and '-' only)", value);
		free(c);
		return NULL;
	}
	return c;
}

/* The path shown to the user: relative to the start directory when below it. */
static void print_created(const struct cc_ctx *ctx, const char *rel)
{
	struct cc_buf abs = CC_BUF_INIT;
	size_t n = strlen(ctx->start_dir);
	cc_buf_addf(&abs, "%s/%s", ctx->root, rel);
	const char *shown = abs.buf;
	if (!strncmp(abs.buf, ctx->start_dir, n) && abs.buf[n] == '/')
		shown = abs.buf + n + 1;
	cc_put_safe(stdout, shown);
	fputc('\n', stdout);
	cc_buf_release(&abs);
}

/* What the options give. */
struct new_args {
	char *tags[CC_DIM_COUNT];
	char *status;
	char date[32], year[8], month[4];
	bool list;
	bool force; /* --force: write outside the content globs, with a warning */
};

/* Parses the options into a. Returns 0, or an exit code after printing. */
static int parse_new_options(int argc, char **argv, struct cc_env *env, struct new_args *a)
{
	static const struct option opts[] = {
		{"stage", required_argument, NULL, 's'},
		{"persona", required_argument, NULL, 'p'},
		{"topic", required_argument, NULL, 't'},
		{"date", required_argument, NULL, 'd'},
		{"status", required_argument, NULL, 'S'},
		{"list", no_argument, NULL, 'l'},
		{"force", no_argument, NULL, 'F'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
		case 'p':
		case 't':
			if (cc_tag_option(env, c, optarg, a->tags) < 0)
				return CC_EXIT_ERROR;
			break;
		case 'd': {
			struct cc_date d;
			if (cc_date_parse(&d, optarg) < 0)
				return cc_usage_error(env, "--date takes a date (YYYY-MM-DD), not '%s'", optarg);
			if (d.has_time)
				snprintf(a->date, sizeof(a->date), "%s", optarg);
			else
				cc_day_format(a->date, cc_date_days(&d));
			snprintf(a->year, sizeof(a->year), "%04d", d.year);
			snprintf(a->month, sizeof(a->month), "%02d", d.month);
			break;
		}
		case 'S':
			free(a->status);
			if (!(a->status = check_status(env, optarg)))
				return CC_EXIT_ERROR;
			break;
		case 'l':
			a->list = true;
			break;
		case 'F':
			a->force = true;
			break;
		default:
			return cc_usage_error(env, "unknown option");
		}
	}
	return 0;
}

/* A title is one line of valid UTF-8. Returns 0, or an exit code after printing. */
static int check_title(struct cc_env *env, const char *title)
{
	int line, col;
	if (!cc_utf8_check(title, strlen(title), &line, &col))
		return cc_usage_error(env, "the title is not valid UTF-8");
	for (const unsigned char *p = (const unsigned char *)title; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return cc_usage_error(env, "the title must be one line of text");
	return 0;
}

/*
 * Creates rel under the work tree (create_file: never an existing file,
 * never through a link) and writes text; a failed write removes the file
 * it created. Returns 0 or an exit code after printing.
 */
static int write_new_file(const char *root, const char *rel, const struct cc_buf *text)
{
	int fd = -1;
	if (create_file(root, rel, &fd))
		return CC_EXIT_ERROR;
	size_t off = 0;
	while (off < text->len) {
		ssize_t n = write(fd, text->buf + off, text->len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = errno;
			struct cc_buf path = CC_BUF_INIT;
			close(fd);
			cc_buf_addf(&path, "%s/%s", root, rel);
			unlink(path.buf);
			cc_buf_release(&path);
			return cc_fail("cannot write '%s': %s", rel, strerror(e));
		}
		off += (size_t)n;
	}
	if (close(fd) < 0)
		return cc_fail("cannot write '%s': %s", rel, strerror(errno));
	return 0;
}

int cc_new_file(int argc, char **argv, struct cc_env *env, char **created)
{
	struct new_args a = {0};
	char *format = NULL, *slug = NULL, *author = NULL;
	char *where = NULL, *rel = NULL;
	struct cc_buf tmpl = CC_BUF_INIT, text = CC_BUF_INIT, path = CC_BUF_INIT;
	char today[11];
	int ret = CC_EXIT_ERROR;

	if (parse_new_options(argc, argv, env, &a))
		goto cleanup;
	if (a.list) {
		if (optind < argc) {
			cc_usage_error(env, "--list takes no arguments");
			goto cleanup;
		}
		ret = list_templates(env->ctx);
		goto cleanup;
	}
	if (argc - optind < 2) {
		cc_usage_error(env, "give a FORMAT and a title (or --list)");
		goto cleanup;
	}
	if (argc - optind > 2) {
		cc_usage_error(env, "unexpected argument '%s' (quote a title with spaces)", argv[optind + 2]);
		goto cleanup;
	}
	const char *title = argv[optind + 1];
	if (check_title(env, title) || !(format = check_format(env, argv[optind])))
		goto cleanup;
	slug = cc_slugify(title);
	if (!*slug) {
		cc_usage_error(env, "the title '%s' gives an empty slug; use letters or digits", title);
		goto cleanup;
	}
	if (!a.status) {
		const struct cc_strlist *st = &env->ctx->cfg.statuses;
		a.status = cc_xstrdup(!st->n || cc_strlist_has(st, "draft") ? "draft" : st->v[0]);
	}
	cc_day_format(today, cc_today());
	if (!*a.year) {
		snprintf(a.year, sizeof(a.year), "%.4s", today);
		snprintf(a.month, sizeof(a.month), "%.2s", today + 5);
	}
	author = git_user_name(env->ctx);

	const struct cc_template_var vals[] = {
		{"title", title},
		{"slug", slug},
		{"date", a.date},
		{"today", today},
		{"status", a.status},
		{"format", format},
		{"stage", a.tags[CC_DIM_STAGE] ? a.tags[CC_DIM_STAGE] : ""},
		{"persona", a.tags[CC_DIM_PERSONA] ? a.tags[CC_DIM_PERSONA] : ""},
		{"topic", a.tags[CC_DIM_TOPIC] ? a.tags[CC_DIM_TOPIC] : ""},
		{"author", author},
	};
	const size_t nvals = sizeof(vals) / sizeof(vals[0]);
	const struct cc_template_var pvals[] = {
		{"format", format},
		{"slug", slug},
		{"date", *a.date ? a.date : today},
		{"year", a.year},
		{"month", a.month},
		{"stage", vals[6].value},
		{"persona", vals[7].value},
		{"topic", vals[8].value},
	};

	if (read_template(env, format, &tmpl, &where) < 0)
		goto cleanup;
	if (expand(tmpl.buf, where, vals, nvals, &text))
		goto cleanup;

	/* The path: config directory + pattern, kept inside the work tree. */
	cc_buf_addf(&path, "%s%s%s/", env->ctx->root, *env->ctx->cfg.dir ? "/" : "", env->ctx->cfg.dir);
	if (expand_path(env, pvals, sizeof(pvals) / sizeof(pvals[0]), &path))
		goto cleanup;
	if (!(rel = cc_ctx_repo_path(env->ctx, path.buf))) {
		cc_fail("new.path '%s' leads outside the repository: %s", env->ctx->cfg.new_asset.path,
		       cc_error_last());
		goto cleanup;
	}
	if (!*rel) {
		cc_fail("new.path '%s' names the work tree itself", env->ctx->cfg.new_asset.path);
		goto cleanup;
	}
	bool in_git = !strncmp(rel, ".git/", 5) || strstr(rel, "/.git/"); /* create_file refuses it */
	if (!in_git && !cc_index_is_content(env->ctx, rel)) {
		/* A file outside content: would silently never be indexed. */
		struct cc_buf globs = CC_BUF_INIT;
		const struct cc_config *cfg = &env->ctx->cfg;
		for (size_t i = 0; i < cfg->content.n; i++)
			cc_buf_addf(&globs, "%s%s", i ? ", " : "", cfg->content.v[i]);
		for (size_t i = 0; i < cfg->exclude.n; i++)
			cc_buf_addf(&globs, "%s%s", i ? ", " : "; not ", cfg->exclude.v[i]);
		if (!a.force) {
			cc_fail("'%s' is outside the content globs (%s%s%s), so it would not be indexed; "
			       "change new.path or content, or give --force", rel, *cfg->dir ? cfg->dir : "",
			       *cfg->dir ? ": " : "", globs.buf);
			cc_buf_release(&globs);
			goto cleanup;
		}
		fprintf(stderr, "contentcal: warning: '%s' is outside the content globs (%s); it will not be indexed\n",
			rel, globs.buf);
		cc_buf_release(&globs);
	}
	if (write_new_file(env->ctx->root, rel, &text))
		goto cleanup;
	print_created(env->ctx, rel);
	if (created)
		*created = cc_xstrdup(rel);
	ret = CC_EXIT_OK;
cleanup:
	for (int d = 0; d < CC_DIM_COUNT; d++)
		free(a.tags[d]);
	free(a.status);
	free(format);
	free(slug);
	free(author);
	free(where);
	free(rel);
	cc_buf_release(&tmpl);
	cc_buf_release(&text);
	cc_buf_release(&path);
	return ret;
}

int cmd_new(int argc, char **argv, struct cc_env *env)
{
	return cc_new_file(argc, argv, env, NULL);
}
