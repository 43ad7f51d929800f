/*
 * workload.h — who has what going out or due, week by week.
 *
 * For a fiscal quarter and an as-of day, every unpublished asset's dated
 * calendar entries (gaps.h: cc_calendar_entries) are counted against a
 * person, per week:
 *
 *   due        a due date (deadline) in the week (planned or scheduled asset)
 *   scheduled  a target publish date in the week (scheduled, planned, or
 *              published with a future date)
 *   overdue    of those, the ones whose date is before as-of and that are
 *              still not published
 *   load       distinct assets with a due or publish date in the week
 *
 * A week is over capacity when the person's capacity (config.h:
 * cc_config_capacity, calendar.capacity_per_week) is above 0 and load
 * exceeds it. By owner, an asset counts against its owner, else its first
 * author; by author, against every author (co-authored work is everyone's).
 * Assets that name nobody count against CC_WORKLOAD_UNASSIGNED. People are
 * sorted by name (byte order), so the result is deterministic.
 */
#ifndef CC_WORKLOAD_H
#define CC_WORKLOAD_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "calendar.h"
#include "config.h"
#include "query.h"

#define CC_WORKLOAD_UNASSIGNED "(unassigned)"

struct cc_workload_week {
	int due, scheduled, overdue, load;
	bool over; /* load above a capacity that is not 0 */
};

struct cc_workload_person {
	char *name;
	int capacity; /* assets per week; 0 = no limit */
	struct cc_workload_week *weeks; /* quarter.nweeks of them; owned */
	int due, scheduled, overdue, over_weeks; /* quarter totals */
};

struct cc_workload {
	struct cc_quarter quarter;
	int64_t as_of;
	bool by_owner;
	struct cc_workload_person *v;
	size_t n;
};

/*
 * Computes the workload of rows (read with cc_query_assets, lean is
 * enough) for quarter q as of as_of. Always succeeds; release with
 * cc_workload_release.
 */
void cc_workload_compute(struct cc_workload *out, const struct cc_config *cfg, const struct cc_rows *rows,
			 const struct cc_quarter *q, int64_t as_of, bool by_owner);
void cc_workload_release(struct cc_workload *w);

/* The person an asset counts against by owner: the owner, else the first author; NULL when none. Borrowed. */
const char *cc_workload_owner(const struct cc_row *r);

/* The person's entry, or NULL. */
const struct cc_workload_person *cc_workload_find(const struct cc_workload *w, const char *name);

/*
 * Renderers. Text: one block per person, one line per week with dates;
 * CSV: person,week,iso_week,due,scheduled,overdue,load,capacity,over (RFC
 * 4180, CRLF, formula-safe); JSON: documented in docs/editors.md (a new
 * reference). The text is raw (callers sanitise for terminals).
 */
void cc_workload_text(struct cc_buf *out, const struct cc_workload *w, int week_start);
void cc_workload_csv(struct cc_buf *out, const struct cc_workload *w, int week_start);
json_t *cc_workload_json(const struct cc_workload *w, int week_start);

#endif
