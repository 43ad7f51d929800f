/*
 * gaps.h — the editorial calendar's view of the index: which assets count
 * where, the coverage matrix, and gap findings.
 *
 * Everything is computed for a fiscal quarter (calendar.h) and an as-of
 * day, from assets read through query.h, so the same input always gives
 * the same output. Nothing here prints; cmd/calendar.c, cmd/coverage.c and
 * cmd/gaps.c format the results, and docs/gaps.md documents the rules, the
 * gap kinds and the JSON shapes.
 *
 * Where each asset stands (live, scheduled, expired, fresh or stale…) is
 * decided by lifecycle.h alone; this module only counts and reports it.
 */
#ifndef CC_GAPS_H
#define CC_GAPS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "calendar.h"
#include "config.h"
#include "lifecycle.h"
#include "problem.h"
#include "query.h"
#include "render.h"

/* ---- the calendar: dated entries ---- */

enum cc_entry_kind {
	CC_ENTRY_PUBLISHED, /* published on or before as-of */
	CC_ENTRY_SCHEDULED, /* scheduled (or published with a future date), on or after as-of */
	CC_ENTRY_PLANNED,   /* planned status with a target publish date, on or after as-of */
	CC_ENTRY_OVERDUE,   /* scheduled or planned publish date before as-of, not published */
	CC_ENTRY_DUE,       /* a due date (deadline) of an unpublished asset, on or after as-of */
	CC_ENTRY_DUE_OVERDUE, /* a due date before as-of of an unpublished asset */
};

struct cc_entry {
	int64_t day;
	enum cc_entry_kind kind;
	size_t row; /* index into the rows the entries were made from */
};

struct cc_entries {
	struct cc_entry *v;
	size_t n, alloc;
};

const char *cc_entry_kind_name(enum cc_entry_kind k);

/*
 * Every dated entry of rows: one for the publish day (cc_row_publish_day)
 * and, for unpublished assets, one for the due date. Retired assets get
 * entries for their publish day only; invalid ones (lifecycle.h) none.
 * Sorted by day, kind, path.
 * Entries borrow nothing but the row index.
 */
void cc_calendar_entries(struct cc_entries *out, const struct cc_config *cfg, const struct cc_rows *rows,
			 int64_t as_of);
void cc_entries_release(struct cc_entries *e);

/* ---- coverage ---- */

struct cc_cell {
	int live;      /* assets live at as-of (lifecycle: CC_STATE_LIVE) */
	int fresh;     /* of those, fresh (lifecycle: offered to sales) */
	int scheduled; /* scheduled for as-of … the quarter's last day */
};

struct cc_coverage {
	enum cc_dim by;           /* CC_DIM_PERSONA or CC_DIM_TOPIC */
	struct cc_strlist rows;   /* persona / topic values: the vocabulary, else every value seen, sorted */
	struct cc_strlist stages; /* the funnel, top first */
	struct cc_cell *cells;    /* rows.n × stages.n, row-major; owned */
	int min_per_cell;         /* coverage.min_per_cell; 0 = no minimum */
};

/* What counts against min_per_cell: fresh plus scheduled. */
int cc_cell_count(const struct cc_cell *c);
/* The cell of row r, stage s. */
struct cc_cell *cc_coverage_cell(const struct cc_coverage *m, size_t r, size_t s);

/*
 * Computes the by × stage matrix (by is CC_DIM_PERSONA or CC_DIM_TOPIC)
 * from rows. An asset counts once in every cell of its values × stages;
 * values outside a configured vocabulary are left out (lint reports them).
 * Release with cc_coverage_release. Returns 0 or -1 with cc_error.
 */
int cc_coverage_from_rows(struct cc_coverage *out, const struct cc_config *cfg, const struct cc_rows *rows,
			  const struct cc_quarter *q, int64_t as_of, enum cc_dim by);
/* The same, reading every asset from db. */
int cc_coverage_compute(struct cc_db *db, const struct cc_config *cfg, const struct cc_quarter *q,
			int64_t as_of, enum cc_dim by, struct cc_coverage *out);
void cc_coverage_release(struct cc_coverage *m);

/* A cell whose count differs between two matrices (same row and stage names). */
struct cc_cell_delta {
	char *row, *stage;
	int before, after;     /* cc_cell_count at each side; a missing cell counts 0 */
	bool gap_before, gap_after;
};

struct cc_coverage_delta {
	struct cc_cell_delta *v;
	size_t n, alloc;
};

/* The cells that changed from before to after, in after's order, then before's. */
void cc_coverage_diff(struct cc_coverage_delta *out, const struct cc_coverage *before,
		      const struct cc_coverage *after);
void cc_coverage_delta_release(struct cc_coverage_delta *d);

/* ---- findings ---- */

enum cc_gap_kind {
	CC_GAP_COVERAGE,
	CC_GAP_CADENCE,
	CC_GAP_ROTATION,
	CC_GAP_OVERDUE,
	CC_GAP_STALE,
	CC_GAP_VOCABULARY, /* an asset left out of coverage by a value outside the vocabulary */
	CC_GAP_DEMAND,     /* sellers asked for something the library does not have (serve's activity) */
	CC_GAP_NKINDS
};

struct cc_finding {
	enum cc_gap_kind kind;
	enum cc_severity severity;
	char *subject; /* stable key: "cfo/decision", "2026-10-12" (week start), a topic, an asset path */
	char *path;    /* repository-relative file to annotate: the asset, or the config; "" when none */
	int line, col; /* 1-based location in path; 0 when unknown */
	char *message; /* lower case, no full stop */
	json_t *data;  /* kind-specific details (docs/gaps.md); owned */
};

struct cc_findings {
	struct cc_finding *v;
	size_t n, alloc;
};

struct cc_gaps_options {
	const struct cc_quarter *quarter;
	int64_t as_of;
	const char *config_path; /* the config's repository-relative path, for locating findings; NULL = none */
};

/* "coverage", "cadence", "rotation", "overdue", "stale", "vocabulary", "demand". */
const char *cc_gap_kind_name(enum cc_gap_kind k);
/* What a kind means, for people: "week below the publishing cadence". */
const char *cc_gap_kind_title(enum cc_gap_kind k);

/*
 * Appends every gap to out, grouped by kind (in enum order), each kind in a
 * deterministic order (vocabulary, week, path). Returns 0 or -1 with cc_error.
 */
int cc_gaps_from_rows(struct cc_findings *out, const struct cc_config *cfg, const struct cc_rows *rows,
		      const struct cc_gaps_options *opts);
/* The same, reading every asset from db. */
int cc_gaps_compute(struct cc_db *db, const struct cc_config *cfg, const struct cc_gaps_options *opts,
		    struct cc_findings *out);
/*
 * Appends the demand findings (docs/gaps.md) as of as_of from the activity
 * file beside the index at index_path (serve's, cc_activity_path; read
 * only; none when the file does not exist or demand.min_searches is 0): each search, grouped by query and
 * filters, made at least demand.min_searches times in the demand.window_days
 * up to as_of and never finding demand.weak_results results (subject
 * "search:QUERY" plus " FACET=VALUE" per filter), and each persona x stage
 * cell asked for that often with nothing found (subject "cell:PERSONA/STAGE").
 * Located at demand.min_searches in the config. Returns 0 or -1 with cc_error.
 */
int cc_gaps_demand(struct cc_findings *out, const struct cc_config *cfg, const char *index_path, int64_t as_of,
		   const char *config_path);
/* The findings as a document for the findings renderers (render.h). */
struct cc_gaps_doc {
	struct cc_findings_doc doc;
	struct cc_item *items;               /* owned */
	char **titles;                       /* owned: "coverage gap: cfo/decision" */
	struct cc_rule_info rules[CC_GAP_NKINDS];
};

/* Fills *out from f (borrowed: keep f until out is released). */
void cc_gaps_doc_init(struct cc_gaps_doc *out, const struct cc_findings *f, const struct cc_config *cfg,
		      enum cc_severity fail_on, bool never_fail);
void cc_gaps_doc_release(struct cc_gaps_doc *d);

/* The coverage a change adds: matrices at another revision, compared (gaps --since). */
struct cc_gaps_since {
	const char *rev;                   /* NULL: no comparison */
	struct cc_coverage_delta delta[2]; /* persona, topic */
	bool by_topic;
	char base[41];                     /* the merge base of rev and the revision, indexed */
	/* --fail-on-new (judge set by the caller) */
	bool judge;
	const char *head;                  /* the revision under test (NULL = HEAD) */
	bool worktree;                     /* the change includes the work tree */
	struct cc_findings before;         /* the findings at the base */
	struct cc_rows base_rows;          /* the assets at the base */
	struct cc_strlist changed;         /* the paths the change touches */
	struct cc_findings closed;         /* the base's findings the change closes */
	size_t kept;                       /* findings at both sides, not judged */
};

struct cc_ctx;

/*
 * Fills s->delta (and by_topic) with the cells whose count differs between
 * revision s->rev — indexed into a throwaway database beside TMPDIR, the
 * same repository and config as ctx — and rows (the current assets), for
 * quarter q as of as_of. Release with cc_gaps_since_release. Returns 0 or
 * -1 with cc_error.
 */
int cc_gaps_since_compute(struct cc_gaps_since *s, const struct cc_ctx *ctx, int threads, const struct cc_rows *rows,
			  const struct cc_quarter *q, int64_t as_of);
void cc_gaps_since_release(struct cc_gaps_since *s);

/*
 * --fail-on-new, after cc_gaps_since_compute with s->judge (which also
 * computed the base's findings with opts and the paths of the change):
 * keeps in f only what the change opens (an identity absent at the base),
 * plus every vocabulary finding in a file the change touches, made an
 * error; moves what it closes into s->closed and counts the rest in
 * s->kept; places opened coverage gaps on the changed file that caused
 * them (cc_findings_blame). rows are the current assets.
 */
void cc_gaps_judge(struct cc_gaps_since *s, struct cc_findings *f, const struct cc_config *cfg,
		   const struct cc_rows *rows, const struct cc_gaps_options *opts);

/* What the gaps renderers print. Borrowed. */
struct cc_gaps_view {
	const struct cc_findings *findings;
	const struct cc_findings_doc *doc; /* the same findings as renderer items */
	const struct cc_quarter *quarter;
	int64_t as_of;
	const struct cc_gaps_since *since; /* may be NULL */
};

/* Grouped by kind, then the --since cells; terminal-safe. */
void cc_render_gaps_text(struct cc_buf *out, const struct cc_gaps_view *v);
/* The versioned document of docs/gaps.md. */
void cc_render_gaps_json(struct cc_buf *out, const struct cc_gaps_view *v);
/* A heading, the counts, the findings table and the --since table. */
void cc_render_gaps_markdown(struct cc_buf *out, const struct cc_gaps_view *v);
/* The gaps in f: text (default), line, json, github (annotations only; the
 * step summary is cc_render_gaps_markdown), sarif, junit or markdown. */
void cc_render_gaps(struct cc_buf *out, enum cc_format f, const struct cc_gaps_view *v);
/* "2 errors, 5 warnings[, 1 info]". */
void cc_render_gaps_summary(struct cc_buf *out, const struct cc_findings *f);
/*
 * A finding's stable identity, "kind:subject" ("coverage:cfo/decision",
 * "stale:content/x.md"): the same gap at two revisions has the same
 * identity, whatever its message, severity or location. Returns a new
 * string.
 */
char *cc_finding_id(const struct cc_finding *f);

/* What a change did to the findings: indexes into after (opened) and before (closed). */
struct cc_findings_delta {
	size_t *opened, nopened; /* in after, not in before */
	size_t *closed, nclosed; /* in before, not in after */
};

/* Compares by identity (cc_finding_id); both lists keep their order. */
void cc_findings_diff(struct cc_findings_delta *out, const struct cc_findings *before,
		      const struct cc_findings *after);
void cc_findings_delta_release(struct cc_findings_delta *d);

/*
 * Places the opened coverage findings of after on the files of the change
 * that cause them: an asset of `changed` (repository-relative paths) that
 * counted in the cell at the base (base_rows) and no longer does. When it
 * still exists the finding moves to that file (its first line) and says
 * so; when the change deleted it, the finding stays on the config and
 * names the deleted file. Other kinds are about one asset already (overdue,
 * stale, vocabulary) or about weeks (cadence, rotation) and are left as
 * they are. opts must be the options after was computed with.
 */
void cc_findings_blame(struct cc_findings *after, const struct cc_findings_delta *d, const struct cc_config *cfg,
		       const struct cc_rows *base_rows, const struct cc_rows *rows, const struct cc_strlist *changed,
		       const struct cc_gaps_options *opts);

/* Counts findings at or above sev. */
size_t cc_findings_count(const struct cc_findings *f, enum cc_severity sev);
void cc_findings_release(struct cc_findings *f);

#endif
