/*
 * template.c — {{name}} expansion and CSP hashes (template.h). SHA-256 and
 * base64 come from mbedcrypto (a libgit2 dependency on Debian).
 */
#include "template.h"

#include <mbedtls/base64.h>
#include <mbedtls/sha256.h>
#include <mbedtls/version.h>
#include <string.h>
#include <strings.h>

#include "problem.h"

static size_t name_len(const char *s)
{
	size_t n = 0;
	while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') || s[n] == '_')
		n++;
	return n;
}

int cc_template_expand(struct cc_buf *out, const char *tmpl, const char *where,
		       const struct cc_template_var *vars, size_t nvars)
{
	const char *p = tmpl, *line_start = tmpl;
	int line = 1;

	while (*p) {
		const char *open = strstr(p, "{{");
		if (!open) {
			cc_buf_adds(out, p);
			break;
		}
		for (const char *q = p; q < open; q++)
			if (*q == '\n')
				line++, line_start = q + 1;
		size_t n = name_len(open + 2);
		if (!n || strncmp(open + 2 + n, "}}", 2)) {
			cc_buf_add(out, p, (size_t)(open - p) + 2);
			p = open + 2;
			continue;
		}
		cc_buf_add(out, p, (size_t)(open - p));
		const struct cc_template_var *v = NULL;
		for (size_t i = 0; i < nvars && !v; i++)
			if (strlen(vars[i].name) == n && !strncmp(vars[i].name, open + 2, n))
				v = &vars[i];
		if (!v)
			return cc_error("%s:%d:%d: unknown placeholder {{%.*s}}", where, line,
					(int)(open - line_start) + 1, (int)n, open + 2);
		cc_buf_adds(out, v->value);
		p = open + 2 + n + 2;
	}
	return 0;
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
