/*
 * serve_model.c — what `serve` asks of the model (see serve_model.h).
 */
#include "serve_model.h"

#include <stdlib.h>
#include <string.h>

#include "asset.h"
#include "date.h"
#include "gaps.h"
#include "text.h"

static int64_t day_of(const char *s)
{
	int64_t d;
	char tmp[11];
	if (!s || strlen(s) < 10)
		return INT64_MIN;
	memcpy(tmp, s, 10);
	tmp[10] = '\0';
	return cc_day_parse(&d, tmp) < 0 ? INT64_MIN : d;
}

/* The stale rule is gaps' (lib/gaps.c, asset_findings): expired, past
 * review-by, or not updated within coverage.fresh_days. */
void cc_serve_verdict(struct cc_verdict *out, const struct cc_config *cfg, const struct cc_row *r, int64_t as_of)
{
	char buf[11], d[11];
	enum cc_status_class cls = cc_status_class(cfg, r->status);
	int64_t expires = day_of(r->expires);

	memset(out, 0, sizeof(*out));
	out->publish = day_of(cc_row_publish_day(r, buf));
	out->review_by = day_of(r->review_by);
	out->updated = day_of(r->updated);
	if (out->publish != INT64_MIN && (out->updated == INT64_MIN || out->publish > out->updated))
		out->updated = out->publish;
	if (cls != CC_ST_PUBLISHED) {
		out->offer = CC_SERVE_UNPUBLISHED;
		out->badge = cls == CC_ST_SCHEDULED ? "scheduled" : "unpublished";
		snprintf(out->reason, sizeof(out->reason), "not published (status '%.60s')", r->status);
		return;
	}
	if (out->publish != INT64_MIN && out->publish > as_of) {
		cc_day_format(d, out->publish);
		out->offer = CC_SERVE_UNPUBLISHED;
		out->badge = "scheduled";
		snprintf(out->reason, sizeof(out->reason), "not published yet: goes out on %s", d);
		return;
	}
	if (expires != INT64_MIN && expires < as_of) {
		cc_day_format(d, expires);
		out->offer = CC_SERVE_EXPIRED;
		out->badge = "expired";
		snprintf(out->reason, sizeof(out->reason), "expired on %s", d);
		return;
	}
	if (out->review_by != INT64_MIN && out->review_by < as_of) {
		cc_day_format(d, out->review_by);
		out->offer = CC_SERVE_STALE;
		out->badge = "stale";
		snprintf(out->reason, sizeof(out->reason), "review-by date %s has passed", d);
		return;
	}
	if (out->updated != INT64_MIN && as_of - out->updated >= cfg->coverage.fresh_days) {
		cc_day_format(d, out->updated);
		out->offer = CC_SERVE_STALE;
		out->badge = "stale";
		snprintf(out->reason, sizeof(out->reason), "not updated since %s (more than %d days)", d,
			 cfg->coverage.fresh_days);
		return;
	}
	out->offer = CC_SERVE_LIVE;
	out->badge = "fresh";
}

bool cc_serve_internal(const struct cc_config *cfg, const struct cc_row *r)
{
	if (!r->fields)
		return false;
	for (size_t i = 0; i < cfg->serve.internal.n; i++) {
		const char *t = cfg->serve.internal.v[i], *eq = strchr(t, '=');
		if (!eq)
			continue;
		char *key = cc_xstrndup(t, (size_t)(eq - t));
		json_t *v = cc_json_path(r->fields, key);
		free(key);
		if (!v)
			continue;
		bool hit = false;
		if (json_is_array(v)) {
			size_t k;
			json_t *e;
			json_array_foreach(v, k, e)
			{
				char *s = cc_json_scalar_text(e);
				hit = hit || (s && !strcasecmp(s, eq + 1));
				free(s);
			}
		} else {
			char *s = cc_json_scalar_text(v);
			hit = s && !strcasecmp(s, eq + 1);
			free(s);
		}
		if (hit)
			return true;
	}
	return false;
}

/* RFC 3986 unreserved characters pass; everything else is %XX. */
static void add_query_value(struct cc_buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		    *p == '_' || *p == '.' || *p == '~')
			cc_buf_addch(b, *p);
		else
			cc_buf_addf(b, "%%%02X", *p);
	}
}

void cc_serve_share_link(struct cc_buf *out, const struct cc_config *cfg, const struct cc_row *r)
{
	const char *names[] = {"utm_source", "utm_medium", "utm_campaign"};
	const char *values[] = {cfg->serve.utm_source, cfg->serve.utm_medium, cfg->serve.utm_campaign};
	const char *hash;
	size_t base;

	if (!*r->url)
		return;
	hash = strchr(r->url, '#');
	base = hash ? (size_t)(hash - r->url) : strlen(r->url);
	cc_buf_add(out, r->url, base);
	char sep = memchr(r->url, '?', base) ? '&' : '?';
	for (int i = 0; i < 3; i++) {
		if (!values[i] || !*values[i])
			continue;
		cc_buf_addf(out, "%c%s=", sep, names[i]);
		add_query_value(out, values[i]);
		sep = '&';
	}
	if (hash)
		cc_buf_adds(out, hash);
}

json_t *cc_serve_asset_json(const struct cc_row *r)
{
	return cc_row_json(r);
}

/* ---- the CLI's `search --format json` (cmd/search.c) ---- */

static char *mark(const char *s, const char *open, const char *close)
{
	struct cc_buf b = CC_BUF_INIT;
	for (; *s; s++) {
		if (*s == '\x01')
			cc_buf_adds(&b, open);
		else if (*s == '\x02')
			cc_buf_adds(&b, close);
		else if (*s == '\n' || *s == '\r' || *s == '\t')
			cc_buf_addch(&b, ' ');
		else
			cc_buf_addch(&b, *s);
	}
	return cc_buf_detach(&b, NULL);
}

static json_t *strlist_json(const struct cc_strlist *l)
{
	json_t *a = json_array();
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, json_string(l->v[i]));
	return a;
}

static const struct cc_row *find_row(const struct cc_rows *rows, int64_t id)
{
	for (size_t i = 0; i < rows->n; i++)
		if (rows->v[i].id == id)
			return &rows->v[i];
	return NULL;
}

json_t *cc_serve_search_json(const struct cc_config *cfg, const char *query, const struct cc_search_hits *hits,
			     const struct cc_rows *rows)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < hits->n; i++) {
		const struct cc_search_hit *h = &hits->v[i];
		const struct cc_row *r = find_row(rows, h->id);
		if (!r)
			continue;
		char *plain = mark(h->snippet, "", "");
		char *marked = mark(h->snippet, "[", "]");
		json_t *o = json_object();
		json_object_set_new(o, "rank", json_integer((json_int_t)(i + 1)));
		json_object_set_new(o, "title", cc_json_text(r->title));
		json_object_set_new(o, "path", cc_json_text(r->path));
		json_object_set_new(o, "slug", cc_json_text(r->slug));
		json_object_set_new(o, "url", cc_json_text(r->url));
		json_object_set_new(o, "status", cc_json_text(r->status));
		json_object_set_new(o, "format", cc_json_text(r->format));
		json_object_set_new(o, "stages", strlist_json(&r->tags[CC_DIM_STAGE]));
		json_object_set_new(o, "personas", strlist_json(&r->tags[CC_DIM_PERSONA]));
		json_object_set_new(o, "topics", strlist_json(&r->tags[CC_DIM_TOPIC]));
		json_object_set_new(o, "score", json_real(h->score));
		json_object_set_new(o, "snippet", json_string(plain));
		json_object_set_new(o, "snippet_marked", json_string(marked));
		json_object_set_new(o, "explain",
				    json_pack("{s:f, s:f, s:f, s:f, s:f, s:f, s:f}", "bm25", h->bm25, "text", h->text,
					      "w_text", cfg->search.w_text, "relevance", h->relevance, "w_relevance",
					      cfg->search.w_relevance, "fresh", h->fresh, "w_fresh", cfg->search.w_fresh));
		json_array_append_new(arr, o);
		free(plain);
		free(marked);
	}
	return json_pack("{s:s, s:I, s:o}", "query", query, "total", (json_int_t)hits->total, "results", arr);
}

void cc_serve_json_dump(struct cc_buf *out, const json_t *doc)
{
	char *s = json_dumps(doc, JSON_INDENT(2) | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(8));
	if (s) {
		cc_buf_adds(out, s);
		free(s);
	}
	cc_buf_addch(out, '\n');
}
