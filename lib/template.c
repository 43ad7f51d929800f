/*
 * template.c — the placeholder engine and CSP hashes (template.h). SHA-256 and
 * base64 come from mbedcrypto (a libgit2 dependency on Debian).
 */
#include "template.h"

#include <mbedtls/base64.h>
#include <mbedtls/sha256.h>
#include <mbedtls/version.h>
#include <string.h>
#include <strings.h>

#include "problem.h"

static size_t name_len(const char *s, const char *end)
{
	size_t n = 0;
	while (s + n < end && ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') || s[n] == '_'))
		n++;
	return n;
}

static const char *skip_blanks(const char *s, const char *end)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	return s;
}

/* "a, b, c" of the names a template may use, for error messages. */
static void known_names(struct cc_buf *b, const struct cc_template *t)
{
	for (size_t i = 0; i < t->nvars; i++)
		cc_buf_addf(b, "%s%s", i ? ", " : "", t->vars[i].name);
}

static int fail_at(const struct cc_template *t, int line, size_t col, const char *fmt, const char *name,
		   size_t n)
{
	struct cc_buf known = CC_BUF_INIT;
	const char *open = t->syntax == CC_TEMPLATE_PATH ? "{" : "{{";
	const char *close = t->syntax == CC_TEMPLATE_PATH ? "}" : "}}";
	known_names(&known, t);
	if (t->where)
		cc_error("%s:%d:%zu: %s %s%.*s%s (known: %s)", t->where, line, col, fmt, open, (int)n, name,
			 close, known.buf ? known.buf : "");
	else
		cc_error("%s %s%.*s%s (known: %s)", fmt, open, (int)n, name, close, known.buf ? known.buf : "");
	cc_buf_release(&known);
	return -1;
}

int cc_template_run(const struct cc_template *t, const char *text, size_t len, struct cc_buf *out)
{
	const char *p = text, *end = text + len, *line_start = text;
	const char *open = t->syntax == CC_TEMPLATE_PATH ? "{" : "{{";
	const char *close = t->syntax == CC_TEMPLATE_PATH ? "}" : "}}";
	size_t olen = strlen(open);
	int line = t->line > 0 ? t->line : 1;

	while (p < end) {
		const char *o = memmem(p, (size_t)(end - p), open, olen);
		if (!o) {
			cc_buf_add(out, p, (size_t)(end - p));
			break;
		}
		for (const char *q = p; q < o; q++)
			if (*q == '\n')
				line++, line_start = q + 1;
		const char *name = skip_blanks(o + olen, end);
		size_t n = name_len(name, end);
		if (!n) { /* not a placeholder: text (CSS, scripts, Markdown) */
			cc_buf_add(out, p, (size_t)(o - p) + olen);
			p = o + olen;
			continue;
		}
		size_t col = (size_t)(o - line_start) + 1;
		const char *c = skip_blanks(name + n, end);
		if ((size_t)(end - c) < olen || strncmp(c, close, olen))
			return fail_at(t, line, col, "unclosed placeholder", name, n); /* "{slug.md": a typo */
		cc_buf_add(out, p, (size_t)(o - p));
		const struct cc_template_var *v = NULL;
		for (size_t i = 0; i < t->nvars && !v; i++)
			if (strlen(t->vars[i].name) == n && !strncmp(t->vars[i].name, name, n))
				v = &t->vars[i];
		if (!v)
			return fail_at(t, line, col, "unknown placeholder", name, n);
		p = c + olen;
		if (t->emit) {
			int skip = t->emit(out, v, p, (size_t)(end - p), t->arg);
			if (skip < 0)
				return -1;
			p += (size_t)skip < (size_t)(end - p) ? (size_t)skip : (size_t)(end - p);
		} else {
			cc_buf_adds(out, v->value ? v->value : "");
		}
	}
	return 0;
}

int cc_template_expand(struct cc_buf *out, const char *tmpl, const char *where,
		       const struct cc_template_var *vars, size_t nvars)
{
	struct cc_template t = {.syntax = CC_TEMPLATE_TEXT, .where = where, .vars = vars, .nvars = nvars};
	return cc_template_run(&t, tmpl, strlen(tmpl), out);
}

int cc_template_check_path(const char *pattern, const char *const *known)
{
	struct cc_template_var vars[32];
	struct cc_buf scratch = CC_BUF_INIT;
	size_t n = 0;
	while (known[n] && n < sizeof(vars) / sizeof(vars[0])) {
		vars[n].name = known[n];
		vars[n].value = "";
		n++;
	}
	struct cc_template t = {.syntax = CC_TEMPLATE_PATH, .vars = vars, .nvars = n};
	int r = cc_template_run(&t, pattern, strlen(pattern), &scratch);
	cc_buf_release(&scratch);
	return r;
}

void cc_csp_hash(struct cc_buf *out, const void *data, size_t len)
{
	unsigned char sum[32], b64[64];
	size_t olen = 0;
#if MBEDTLS_VERSION_MAJOR >= 3
	mbedtls_sha256(data, len, sum, 0);
#else
	mbedtls_sha256_ret(data, len, sum, 0);
#endif
	mbedtls_base64_encode(b64, sizeof(b64), &olen, sum, sizeof(sum));
	cc_buf_adds(out, "'sha256-");
	cc_buf_add(out, b64, olen);
	cc_buf_addch(out, '\'');
}

/* The start of the next element `tag` (case-insensitive "<tag" then '>' or blank), or NULL. */
static const char *find_open(const char *s, const char *tag)
{
	size_t n = strlen(tag);
	for (const char *p = strchr(s, '<'); p; p = strchr(p + 1, '<'))
		if (!strncasecmp(p + 1, tag, n) && strchr("> \t\n\r\f/", p[1 + n]) && p[1 + n])
			return p;
	return NULL;
}

static const char *find_close(const char *s, const char *tag)
{
	size_t n = strlen(tag);
	for (const char *p = strstr(s, "</"); p; p = strstr(p + 2, "</"))
		if (!strncasecmp(p + 2, tag, n))
			return p;
	return NULL;
}

static void hash_elements(const char *html, const char *tag, struct cc_buf *out)
{
	const char *p = html;
	while ((p = find_open(p, tag))) {
		const char *gt = strchr(p, '>');
		if (!gt)
			break;
		const char *end = find_close(gt + 1, tag);
		if (!end)
			break;
		if (out->len)
			cc_buf_addch(out, ' ');
		cc_csp_hash(out, gt + 1, (size_t)(end - gt - 1));
		p = end;
	}
}

void cc_csp_hashes(const char *html, struct cc_buf *scripts, struct cc_buf *styles)
{
	hash_elements(html, "script", scripts);
	hash_elements(html, "style", styles);
}
