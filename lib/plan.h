/*
 * plan.h — a brief for every gap of a quarter.
 *
 * The gaps are those of gaps.h (cc_gaps_from_rows: the one rule for what a
 * gap is, and for what is stale). Every gap gets a brief that covers it:
 *
 *   coverage  an empty or thin persona × stage cell (or topic × stage): as
 *             many briefs as the cell is short of coverage.min_per_cell
 *   cadence   a current or upcoming week within the horizon below
 *             calendar.cadence_per_week (past weeks cannot be planned)
 *   rotation  a topic not published or scheduled within
 *             calendar.topic_rotation_weeks
 *   stale     a published asset past its review-by or expiry date, or not
 *             updated within coverage.fresh_days: a brief to refresh it
 *
 * Briefs are made in that order, and one brief covers every gap it can: a
 * coverage brief is dated in a week short of the cadence when there is one
 * and takes a topic due in the rotation when its date is within the
 * rotation window, so later gaps already covered get no brief of their
 * own. Each brief has a persona, a stage and a topic (the thinnest cell
 * and the least-covered topic when its gap does not say), a date (the
 * first day not before as-of of the week with the fewest dated assets,
 * earliest first, within the quarter), the format that performs best at
 * its stage in this repository's engagement (the highest mean relevance
 * score of assets with data at that stage, with the mean, the mean
 * percentile and the count; without data, the most common format at the
 * stage, saying so), and an owner with room that week (workload.h, by
 * owner: the most room under calendar.capacity_per_week, a person without
 * a limit counting as having room; ties by name). Everything is decided in
 * a fixed order from the index, so the plan is the same for the same
 * as-of day and content.
 */
#ifndef CC_PLAN_H
#define CC_PLAN_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "calendar.h"
#include "config.h"
#include "query.h"
#include "relevance.h"

struct cc_brief {
	char *kind;    /* the gap kind that asked for it: coverage, cadence, rotation, stale */
	char *title;
	char *persona, *stage, *topic; /* "" when none */
	char *format;
	bool format_measured;  /* chosen from engagement data */
	double format_score;   /* mean relevance score of the format's assets at the stage */
	double format_percentile; /* their mean percentile */
	int format_assets;     /* how many assets the figures are over */
	int64_t date;          /* suggested publish day */
	char *owner;           /* NULL when nobody is named anywhere */
	int owner_load;        /* the owner's load that week, this brief included */
	int owner_capacity;    /* 0 = no limit */
	char *refresh;         /* stale: the asset to refresh (repository path); NULL otherwise */
	struct cc_strlist covers; /* "kind:subject" of every gap it covers (gaps.h subjects) */
};

struct cc_plan {
	struct cc_quarter quarter;
	int64_t as_of;
	struct cc_brief *v;
	size_t n, alloc;
	size_t uncovered;      /* gaps no brief can cover (past weeks) */
};

/*
 * Plans quarter q as of as_of for rows (every asset, lean is enough). rel
 * may be NULL (no engagement data). Returns 0 or -1 with cc_error; release
 * with cc_plan_release either way.
 */
int cc_plan_compute(struct cc_plan *out, const struct cc_config *cfg, const struct cc_rows *rows,
		    const struct cc_relevance_set *rel, const struct cc_quarter *q, int64_t as_of);
void cc_plan_release(struct cc_plan *p);

/* Renderers: Markdown (a heading per brief), YAML (a list of mappings) and JSON (a new reference). */
void cc_plan_markdown(struct cc_buf *out, const struct cc_plan *p);
void cc_plan_yaml(struct cc_buf *out, const struct cc_plan *p);
json_t *cc_plan_json(const struct cc_plan *p);

#endif
