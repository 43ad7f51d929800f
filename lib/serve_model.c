/*
 * serve_model.c — what `serve` asks of the model (see serve_model.h).
 */
#include "serve_model.h"

#include <stdlib.h>
#include <string.h>

#include "asset.h"
#include "date.h"
#include "lifecycle.h"
#include "text.h"

/* The rule is lifecycle.h's; this only words it for a seller. */
void cc_serve_verdict(struct cc_verdict *out, const struct cc_config *cfg, const struct cc_row *r, int64_t as_of)
{
	char d[11];
	struct cc_buf why = CC_BUF_INIT;

	memset(out, 0, sizeof(*out));
	cc_lifecycle_of(&out->lc, cfg, r, as_of);
	out->publish = out->lc.publish;
	out->review_by = out->lc.review_by;
	out->updated = out->lc.revised;
	out->fresh = cc_lifecycle_freshness_score(&out->lc);
	if (out->lc.offered) {
		out->offer = CC_SERVE_LIVE;
		out->badge = "fresh";
		return;
	}
	switch (out->lc.state) {
	case CC_STATE_LIVE:
	case CC_STATE_EXPIRED:
		out->offer = out->lc.state == CC_STATE_LIVE ? CC_SERVE_STALE : CC_SERVE_EXPIRED;
		out->badge = out->lc.state == CC_STATE_LIVE ? "stale" : "expired";
		cc_lifecycle_why(&why, &out->lc);
		snprintf(out->reason, sizeof(out->reason), "%s", why.len ? why.buf : "stale");
		break;
	case CC_STATE_SCHEDULED:
		out->offer = CC_SERVE_UNPUBLISHED;
		out->badge = "scheduled";
		if (out->publish != CC_NO_DAY && out->publish > as_of) {
			cc_day_format(d, out->publish);
			snprintf(out->reason, sizeof(out->reason), "not published yet: goes out on %s", d);
		} else {
			snprintf(out->reason, sizeof(out->reason), "not published yet (status '%.60s')", r->status);
		}
		break;
	default:
		out->offer = CC_SERVE_UNPUBLISHED;
		out->badge = "unpublished";
		snprintf(out->reason, sizeof(out->reason), "not published (%s, status '%.60s')",
			 cc_state_name(out->lc.state), r->status);
		break;
	}
	cc_buf_release(&why);
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

