/*
 * report.h — the quarter's report: one model (coverage, calendar, gaps,
 * rankings and the lifecycle counts) and its renderers, HTML and Markdown.
 *
 * cmd/report.c writes the result to a file; the web front end can serve
 * the same bytes. docs/report.md describes the sections.
 */
#ifndef CC_REPORT_H
#define CC_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "calendar.h"
#include "config.h"
#include "db.h"
#include "gaps.h"
#include "influence.h"
#include "lifecycle.h"
#include "plan.h"
#include "query.h"
#include "relevance.h"
#include "workload.h"

/* The influence section (report_influence.c). */
struct cc_report_influence {
	const char *source;   /* "crm", "committed"; NULL: no influence data, the section is left out */
	int model;            /* influence.model */
	struct cc_influence_result assets; /* per asset (cc_influence_load) */
	struct cc_influence_result cells;  /* persona x stage; only from CRM data */
	struct cc_influence_row **order;   /* the assets with pipeline, most first */
	size_t nshown;
	int64_t pipeline, revenue;         /* cents, over those assets */
};

struct cc_report {
	const struct cc_config *cfg; /* borrowed */
	struct cc_quarter quarter;
	int64_t as_of;
	struct cc_rows rows;          /* every asset, lean */
	struct cc_lifecycle *lc;      /* of each row, as of as_of */
	struct cc_entries entries;    /* the calendar */
	struct cc_coverage cov;       /* persona x stage */
	struct cc_findings gaps;
	struct cc_relevance_set rel;
	struct cc_workload wl;        /* by owner (workload.h) */
	struct cc_plan plan;          /* the briefs for the gaps (plan.h) */
	struct cc_report_influence influence; /* influenced pipeline and revenue (report_influence.c) */
	bool has_engagement;          /* some asset has data up to as_of */
	/* counts for the header */
	size_t states[CC_STATE_COUNT]; /* assets in each lifecycle state */
	size_t stale;                  /* live assets that are stale (lifecycle) */
	size_t kind[CC_ENTRY_DUE_OVERDUE + 1], empty_weeks, errors, warnings, infos;
	/* The tiles that count findings count the findings themselves, so
	 * they agree with the Gaps section (and `contentcal gaps`) exactly:
	 * by_kind[] per gap kind, by_sev[kind][severity]; stale_live and
	 * stale_expired split the stale findings by the asset's state. The
	 * exempt counts are stale assets (lifecycle) whose finding an
	 * override turned off. */
	size_t by_kind[CC_GAP_NKINDS], by_sev[CC_GAP_NKINDS][CC_SEV_ERROR + 1];
	size_t stale_live, stale_expired, exempt_live, exempt_expired;
};

/*
 * Builds the report of quarter q as of as_of into *out (released with
 * cc_report_release even on failure). The engagement database must be
 * attached already when there is one. config_path (repository-relative, or
 * NULL) locates config findings. Returns 0 or -1 with cc_error.
 */
int cc_report_build(struct cc_report *out, struct cc_db *db, const struct cc_config *cfg,
		    const struct cc_quarter *q, int64_t as_of, const char *config_path);
void cc_report_release(struct cc_report *r);

/* The influence section: built from the CRM database (attached as "crm")
 * or committed results (influence.h, cc_influence_load); 0 or -1. */
int cc_report_influence_build(struct cc_report_influence *out, struct cc_db *db, const struct cc_config *cfg,
			      int64_t as_of);
void cc_report_influence_release(struct cc_report_influence *ri);
/* The section as HTML (a whole <section>) or Markdown; nothing without data. */
void cc_report_influence_html(struct cc_buf *b, const struct cc_report *r);
void cc_report_influence_markdown(struct cc_buf *b, const struct cc_report *r);

/* "2 errors, 5 warnings" or "no gaps". */
void cc_report_summary(struct cc_buf *out, const struct cc_report *r);

/* GitHub-flavoured Markdown, appended to out. */
void cc_render_report_markdown(struct cc_buf *out, const struct cc_report *r);

/*
 * One self-contained HTML page: the template text tmpl (read from where,
 * for located errors) with its {{placeholders}} filled with fragments, and
 * the SHA-256 hashes of its inline code in the Content-Security-Policy.
 * Returns 0 or -1 with cc_error (a bad template).
 */
int cc_render_report_html(struct cc_buf *out, const struct cc_report *r, const char *tmpl, const char *where,
			  const char *version);

#endif
