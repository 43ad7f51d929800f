/*
 * templates.c — the template directories of `new` and `report`
 * (templates.h documents the lookup order).
 */
#include "templates.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text.h"

#ifndef CC_TEMPLATE_DIR
#define CC_TEMPLATE_DIR "templates"
#endif
#ifndef CC_INSTALL_TEMPLATE_DIR
#define CC_INSTALL_TEMPLATE_DIR "/usr/local/share/contentcal/templates"
#endif

const char *const cc_tsrc_names[] = {"repository", "CONTENTCAL_TEMPLATES", "built-in"};

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static void tdirs_add(struct cc_tdirs *t, const char *base, const char *kind, enum cc_tsrc src)
{
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_addf(&b, "%s/%s", base, kind);
	if (t->n < 3 && is_dir(b.buf)) {
		t->v[t->n].refused = NULL;
		if (src == CC_TSRC_REPO && cc_path_inside(t->root, b.buf, NULL) != 0)
			t->v[t->n].refused = cc_xstrdup(cc_error_last());
		t->v[t->n].dir = cc_buf_detach(&b, NULL);
		t->v[t->n++].src = src;
	}
	cc_buf_release(&b);
}

/* The built-in templates directory, or NULL. */
static char *builtin_dir(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	struct cc_buf b = CC_BUF_INIT;

	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		/* PREFIX/bin/contentcal, or PREFIX/libexec/contentcal/contentcal-full (make install) */
		if (slash)
			*slash = '\0';
		for (int up = 1; slash && up <= 2; up++) {
			cc_buf_reset(&b);
			cc_buf_addf(&b, "%s/%s/share/contentcal/templates", exe, up == 1 ? ".." : "../..");
			char *real = realpath(b.buf, NULL);
			if (real && is_dir(real)) {
				cc_buf_release(&b);
				return real;
			}
			free(real);
		}
		cc_buf_release(&b);
	}
	if (is_dir(CC_INSTALL_TEMPLATE_DIR))
		return cc_xstrdup(CC_INSTALL_TEMPLATE_DIR);
	if (is_dir(CC_TEMPLATE_DIR))
		return realpath(CC_TEMPLATE_DIR, NULL);
	return NULL;
}

void cc_template_dirs(const struct cc_ctx *ctx, const char *kind, struct cc_tdirs *t)
{
	struct cc_buf b = CC_BUF_INIT;
	const char *env = getenv("CONTENTCAL_TEMPLATES");

	memset(t, 0, sizeof(*t));
	t->root = cc_xstrdup(ctx->root);
	cc_buf_addf(&b, "%s%s%s/templates", ctx->root, *ctx->cfg.dir ? "/" : "", ctx->cfg.dir);
	tdirs_add(t, b.buf, kind, CC_TSRC_REPO);
	cc_buf_release(&b);
	if (env && *env) {
		tdirs_add(t, env, kind, CC_TSRC_ENV);
	} else {
		char *d = builtin_dir();
		if (d)
			tdirs_add(t, d, kind, CC_TSRC_BUILTIN);
		free(d);
	}
}

void cc_tdirs_release(struct cc_tdirs *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].dir);
		free(t->v[i].refused);
	}
	t->n = 0;
	free(t->root);
	t->root = NULL;
}

int cc_template_read(const struct cc_tdirs *t, const char *name, struct cc_buf *out, char **where)
{
	struct cc_buf p = CC_BUF_INIT;
	int ret = 1;

	for (size_t i = 0; i < t->n && ret == 1; i++) {
		cc_buf_reset(&p);
		cc_buf_addf(&p, "%s/%s", t->v[i].dir, name);
		if (t->v[i].src == CC_TSRC_REPO) {
			/* The directory, then the file: each must resolve inside the repository. */
			if (t->v[i].refused) {
				ret = cc_error("template directory: %s", t->v[i].refused);
				continue;
			}
			int in = cc_path_inside(t->root, p.buf, NULL);
			if (in > 0)
				continue;
			if (in < 0) {
				char *why = cc_xstrdup(cc_error_last());
				ret = cc_error("template %s", why);
				free(why);
				continue;
			}
		}
		FILE *f = fopen(p.buf, "rb");
		if (!f) {
			if (errno != ENOENT)
				ret = cc_error("cannot read template '%s': %s", p.buf, strerror(errno));
			continue;
		}
		char chunk[8192];
		size_t n;
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			cc_buf_add(out, chunk, n);
		if (ferror(f)) {
			ret = cc_error("cannot read template '%s'", p.buf);
		} else {
			*where = cc_xstrdup(p.buf);
			ret = 0;
		}
		fclose(f);
	}
	cc_buf_release(&p);
	return ret;
}
