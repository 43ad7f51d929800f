/*
 * lifecycle.c — state, freshness and "offered to sales" of an asset on a
 * day (see lifecycle.h and docs/lifecycle.md).
 */
#include "lifecycle.h"

#include <string.h>

#include "asset.h"
#include "date.h"

enum cc_status_class cc_status_class(const struct cc_config *cfg, const char *status)
{
	int pub = -1, sched = -1, me = -1;
	if (!strcmp(status, "published"))
		return CC_ST_PUBLISHED;
	if (!strcmp(status, CC_STATUS_INVALID))
		return CC_ST_RETIRED; /* unparseable: counted nowhere as live or coming */
	for (size_t i = 0; i < cfg->statuses.n; i++) {
		if (!strcmp(cfg->statuses.v[i], "published"))
			pub = (int)i;
		if (!strcmp(cfg->statuses.v[i], "scheduled"))
			sched = (int)i;
		if (!strcmp(cfg->statuses.v[i], status))
			me = (int)i;
	}
	if (!strcmp(status, "scheduled"))
		return CC_ST_SCHEDULED;
	if (me < 0)
		return !strcmp(status, "archived") ? CC_ST_RETIRED : CC_ST_PLANNED;
	if (pub >= 0 && me > pub)
		return CC_ST_RETIRED;
	if (pub >= 0 && sched >= 0 && me > sched && me < pub)
		return CC_ST_SCHEDULED;
	return CC_ST_PLANNED;
}

static enum cc_state state_of(const struct cc_lifecycle *l, const struct cc_row *r)
{
	if (!r->fm_ok || !strcmp(r->status, CC_STATUS_INVALID))
		return CC_STATE_INVALID;
	switch (l->cls) {
	case CC_ST_RETIRED:
		return CC_STATE_RETIRED;
	case CC_ST_SCHEDULED:
		return CC_STATE_SCHEDULED;
	case CC_ST_PLANNED:
		return CC_STATE_PLANNED;
	case CC_ST_PUBLISHED:
		break;
	}
	if (l->publish != CC_NO_DAY && l->publish > l->as_of)
		return CC_STATE_SCHEDULED;
	if (l->expires != CC_NO_DAY && l->expires < l->as_of)
		return CC_STATE_EXPIRED;
	return CC_STATE_LIVE;
}

int64_t cc_row_revised_day(const struct cc_row *r)
{
	/* Freshness by content: the revision (front-matter lastmod / updated,
	 * else the last commit that changed the body); a commit that only
	 * retags is not a revision. Without history, git's last change. */
	int64_t revised = r->revised != CC_NO_DAY ? r->revised : r->updated_day;
	int64_t publish = cc_row_publish_day(r);
	if (publish != CC_NO_DAY && (revised == CC_NO_DAY || publish > revised))
		revised = publish;
	return revised;
}

void cc_lifecycle_of(struct cc_lifecycle *out, const struct cc_config *cfg, const struct cc_row *r,
		     int64_t as_of)
{
	memset(out, 0, sizeof(*out));
	out->as_of = as_of;
	out->fresh_days = cfg->coverage.fresh_days;
	out->cls = cc_status_class(cfg, r->status);
	out->publish = cc_row_publish_day(r);
	out->review_by = r->review_by;
	out->expires = r->expires;
	out->revised = cc_row_revised_day(r);
	out->state = state_of(out, r);
	if (out->state != CC_STATE_LIVE && out->state != CC_STATE_EXPIRED)
		return;
	if (out->expires != CC_NO_DAY && out->expires < as_of)
		out->stale |= CC_STALE_EXPIRED;
	if (out->review_by != CC_NO_DAY && out->review_by < as_of)
		out->stale |= CC_STALE_REVIEW;
	if (out->revised == CC_NO_DAY)
		out->stale |= CC_STALE_UNDATED;
	else if (as_of - out->revised >= out->fresh_days)
		out->stale |= CC_STALE_AGE;
	out->freshness = out->stale ? CC_FRESHNESS_STALE : CC_FRESHNESS_FRESH;
	out->offered = out->state == CC_STATE_LIVE && !out->stale;
}

const char *cc_state_name(enum cc_state s)
{
	static const char *const names[] = {"invalid", "planned", "scheduled", "live", "expired", "retired"};
	return (unsigned)s < CC_STATE_COUNT ? names[s] : "?";
}

const char *cc_lifecycle_label(const struct cc_lifecycle *l)
{
	return l->state == CC_STATE_LIVE && l->stale ? "stale" : cc_state_name(l->state);
}

const char *cc_freshness_name(enum cc_freshness f)
{
	return f == CC_FRESHNESS_FRESH ? "fresh" : f == CC_FRESHNESS_STALE ? "stale" : NULL;
}

const char *cc_stale_reason_name(int i)
{
	static const char *const names[CC_STALE_NREASONS] = {"expires", "review_by", "age", "undated"};
	return i >= 0 && i < CC_STALE_NREASONS ? names[i] : "?";
}

void cc_lifecycle_why(struct cc_buf *out, const struct cc_lifecycle *l)
{
	char d[11];
	const char *sep = "";
	if (l->stale & CC_STALE_EXPIRED) {
		cc_day_format(d, l->expires);
		cc_buf_addf(out, "expired on %s (%lld days ago)", d, (long long)(l->as_of - l->expires));
		sep = "; ";
	}
	if (l->stale & CC_STALE_REVIEW) {
		cc_day_format(d, l->review_by);
		cc_buf_addf(out, "%sreview-by date %s passed %lld days ago", sep, d,
			    (long long)(l->as_of - l->review_by));
		sep = "; ";
	}
	if (l->stale & CC_STALE_AGE) {
		cc_day_format(d, l->revised);
		cc_buf_addf(out, "%snot updated since %s (%lld days, fresh_days is %d)", sep, d,
			    (long long)(l->as_of - l->revised), l->fresh_days);
		sep = "; ";
	}
	if (l->stale & CC_STALE_UNDATED)
		cc_buf_addf(out, "%sno publish or update date known", sep);
}

double cc_lifecycle_freshness_score(const struct cc_lifecycle *l)
{
	if (l->revised == CC_NO_DAY || l->fresh_days <= 0 || l->freshness == CC_FRESHNESS_NONE)
		return 0;
	double age = (double)(l->as_of - l->revised);
	if (age <= 0)
		return 1;
	double f = 1.0 - age / l->fresh_days;
	return f > 0 ? f : 0;
}

bool cc_lifecycle_retire(const struct cc_lifecycle *l, bool has_data, double percentile)
{
	if (l->freshness != CC_FRESHNESS_STALE)
		return false;
	if (l->stale & (CC_STALE_EXPIRED | CC_STALE_REVIEW))
		return true;
	return !has_data || percentile <= 25.0;
}

bool cc_offer_shows(enum cc_offer o, const struct cc_lifecycle *l)
{
	switch (o) {
	case CC_OFFER_ALL:
		return true;
	case CC_OFFER_STALE:
		return l->state == CC_STATE_LIVE || l->state == CC_STATE_EXPIRED;
	case CC_OFFER_FRESH:
		break;
	}
	return l->offered;
}
