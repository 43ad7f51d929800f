/*
 * render.c — format names, the JSON writer, URI paths (see render.h).
 */
#include "render.h"

#include <math.h>
#include <stdio.h>
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

int cc_double_digits(double d)
{
	char tmp[40];
	int p = 15;
	for (; p < 17; p++) {
		snprintf(tmp, sizeof(tmp), "%.*g", p, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	return p;
}

/* A scalar (or a real with p significant digits) as the JSON writer spells it. */
static void dump_scalar(struct cc_buf *out, json_t *v, int p)
{
	json_dump_callback(v, dump_to_buf, out, JSON_ENCODE_ANY | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(p));
}

void cc_buf_add_json_double(struct cc_buf *out, double d)
{
	json_t *v = isfinite(d) ? json_real(d) : NULL;
	if (!v) {
		cc_buf_adds(out, "null");
		return;
	}
	dump_scalar(out, v, cc_double_digits(d));
	json_decref(v);
}

void cc_render_json_item(struct cc_buf *out, json_t *o, bool first)
{
	const char *key;
	json_t *v;
	bool any = false;
	cc_buf_adds(out, first ? "[\n  {" : ",\n  {");
	json_object_foreach(o, key, v) {
		json_t *k = json_string(key);
		cc_buf_adds(out, any ? ",\n    " : "\n    ");
		dump_scalar(out, k, 10);
		cc_buf_adds(out, ": ");
		if (json_is_real(v))
			cc_buf_add_json_double(out, json_real_value(v));
		else
			dump_scalar(out, v, 10);
		json_decref(k);
		any = true;
	}
	cc_buf_adds(out, any ? "\n  }" : "}");
	json_decref(o);
}

void cc_render_json_items_end(struct cc_buf *out, bool any)
{
	cc_buf_adds(out, any ? "\n]\n" : "[]\n");
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
