/*
 * lifecycle.h — the one rule for where an asset stands on a day: its state
 * (planned, scheduled, live, expired, retired, invalid), its freshness
 * verdict (fresh, or stale with the reasons), and whether it may be offered
 * to sales (live and fresh).
 *
 * Every command asks this module and nothing else: list, calendar,
 * coverage, gaps, relevance (--retire), search, recommend and report.
 * docs/lifecycle.md states the rule for people; this header is the
 * contract for code. Pure: no database, no clock (as_of is an argument).
 */
#ifndef CC_LIFECYCLE_H
#define CC_LIFECYCLE_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "config.h"
#include "query.h"

/*
 * The workflow class of a status, from the config's workflow
 * (cfg->statuses): "published" is published; statuses after it (archived)
 * are retired; "scheduled" and any status between it and "published" are
 * scheduled; everything else (idea, draft, review, approved, unknown
 * values) is planned.
 */
enum cc_status_class { CC_ST_PLANNED, CC_ST_SCHEDULED, CC_ST_PUBLISHED, CC_ST_RETIRED };

enum cc_status_class cc_status_class(const struct cc_config *cfg, const char *status);

enum cc_state {
	CC_STATE_INVALID,   /* the front matter failed to parse: never published, scheduled or offered */
	CC_STATE_PLANNED,   /* idea, draft, review…: the status says which */
	CC_STATE_SCHEDULED, /* a scheduled status, or published with a publish day after as-of */
	CC_STATE_LIVE,      /* published, publish day on or before as-of (or none), not expired */
	CC_STATE_EXPIRED,   /* published, its expires day before as-of */
	CC_STATE_RETIRED,   /* a status after published in the workflow (archived) */
	CC_STATE_COUNT
};

/* The verdict applies to published assets (live or expired) only. */
enum cc_freshness {
	CC_FRESHNESS_NONE,  /* not published: no verdict */
	CC_FRESHNESS_FRESH,
	CC_FRESHNESS_STALE,
};

/* Why a published asset is stale: bits of cc_lifecycle.stale. */
enum cc_stale_reason {
	CC_STALE_EXPIRED = 1 << 0, /* expires day before as-of */
	CC_STALE_REVIEW = 1 << 1,  /* review_by day before as-of */
	CC_STALE_AGE = 1 << 2,     /* last revised coverage.fresh_days or more days before as-of */
	CC_STALE_UNDATED = 1 << 3, /* no publish day and no git date: its age cannot be known */
};
#define CC_STALE_NREASONS 4

struct cc_lifecycle {
	enum cc_state state;
	enum cc_status_class cls;   /* the status's workflow class */
	enum cc_freshness freshness;
	unsigned stale;             /* CC_STALE_* bits; 0 unless freshness is STALE */
	bool offered;               /* live and fresh: what sales may be handed */
	int64_t as_of;              /* the day judged (days since the epoch) */
	int64_t publish;            /* cc_row_publish_day(); CC_NO_DAY when none */
	int64_t revised;            /* last revision: the later of the row's revision (front-matter
				     * lastmod/updated, else the last commit that changed the
				     * body; git's updated day without one) and the publish
				     * day; CC_NO_DAY when neither is known */
	int64_t review_by, expires; /* copied from the row; CC_NO_DAY when absent */
	int fresh_days;             /* coverage.fresh_days the verdict used */
};

/*
 * The content-revision day of row r, the one rule: the row's revision
 * (front-matter lastmod/updated, else the last commit that changed the
 * body; git's last change without either), or its publish day when that
 * is later; CC_NO_DAY when neither is known. Freshness and lagging
 * translations (slugs.h) use it.
 */
int64_t cc_row_revised_day(const struct cc_row *r);

/* Judges row r as of day as_of into *out (always filled). */
void cc_lifecycle_of(struct cc_lifecycle *out, const struct cc_config *cfg, const struct cc_row *r,
		     int64_t as_of);

/* "invalid", "planned", "scheduled", "live", "expired", "retired". */
const char *cc_state_name(enum cc_state s);
/* One word for people: the state's name, except "stale" for a live asset
 * that is stale. */
const char *cc_lifecycle_label(const struct cc_lifecycle *l);
/* "fresh", "stale"; NULL for CC_FRESHNESS_NONE. */
const char *cc_freshness_name(enum cc_freshness f);
/* The stable name of reason bit i (0 ≤ i < CC_STALE_NREASONS): "expires",
 * "review_by", "age", "undated". */
const char *cc_stale_reason_name(int i);

/*
 * Appends why the asset is stale, for people, to out: "expired on
 * 2026-01-31 (40 days ago); review-by date 2026-02-01 passed 39 days ago;
 * not updated since … (N days, fresh_days is 180); no publish or update
 * date known". Appends nothing for a fresh or unjudged asset.
 */
void cc_lifecycle_why(struct cc_buf *out, const struct cc_lifecycle *l);

/* Freshness as a score for ranking: 1 revised today (or later), falling
 * linearly to 0 at fresh_days; 0 when never revised or not published. */
double cc_lifecycle_freshness_score(const struct cc_lifecycle *l);

/*
 * A refresh-or-retire candidate (relevance --retire): stale with a date
 * that passed (expires, review_by) whatever its engagement, or stale by age
 * (or undated) and without data or in the bottom quartile (percentile ≤ 25).
 */
bool cc_lifecycle_retire(const struct cc_lifecycle *l, bool has_data, double percentile);

/* What a search or recommendation shows (see docs/lifecycle.md). */
enum cc_offer {
	CC_OFFER_FRESH,  /* offered assets only (default) */
	CC_OFFER_STALE,  /* also published assets that are stale or expired, marked (--include-stale) */
	CC_OFFER_ALL,    /* every state, marked (--all) */
};

/* True when an asset judged l is shown under policy o. */
bool cc_offer_shows(enum cc_offer o, const struct cc_lifecycle *l);

#endif
