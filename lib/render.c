/*
 * render.c — format names, the JSON writer, URI paths (see render.h).
 */
#include "render.h"

#include <stdlib.h>
#include <string.h>

static const char *const format_names[CC_FMT_COUNT] = {
	"text", "line", "json", "jsonl", "csv", "markdown", "github", "sarif", "junit", "ics", "html", "yaml",
};

const char *cc_format_name(enum cc_format f)
{
	return (unsigned)f < CC_FMT_COUNT ? format_names[f] : "?";
}

int cc_format_parse(enum cc_format *out, const char *name, const enum cc_format *allowed)
{
	for (const enum cc_format *f = allowed; *f != CC_FMT_COUNT; f++) {
		if (!strcmp(name, format_names[*f])) {
			*out = *f;
			return 0;
		}
	}
	return -1;
}

static int dump_to_buf(const char *s, size_t n, void *payload)
{
	cc_buf_add(payload, s, n);
	return 0;
}

void cc_render_json(struct cc_buf *out, json_t *v)
{
	json_dump_callback(v, dump_to_buf, out,
			   JSON_INDENT(2) | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	cc_buf_addch(out, '\n');
	json_decref(v);
}

void cc_render_jsonl(struct cc_buf *out, json_t *v)
{
	json_dump_callback(v, dump_to_buf, out, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER);
	cc_buf_addch(out, '\n');
	json_decref(v);
}

void cc_buf_add_uri_path(struct cc_buf *out, const char *path)
{
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p))
			cc_buf_addch(out, (char)*p);
		else
			cc_buf_addf(out, "%%%02X", *p);
	}
}
