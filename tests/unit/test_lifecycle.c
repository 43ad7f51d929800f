/* Unit tests for lib/lifecycle.c: state, freshness verdict, offered to sales. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "lifecycle.h"

static int64_t D(int y, int m, int d)
{
	return cc_days_from_civil(y, m, d);
}

/* A committed asset: status, front-matter date, git updated day; no other dates. */
static struct cc_row row(const char *status, int64_t date, int64_t updated)
{
	struct cc_row r;
	memset(&r, 0, sizeof(r));
	r.status = (char *)status;
	r.fm_ok = 1;
	r.date = date;
	r.due = r.review_by = r.expires = CC_NO_DAY;
	r.created_day = updated;
	r.updated_day = updated;
	r.revised = CC_NO_DAY;
	return r;
}

struct fixture {
	struct cc_config cfg;
};

static int setup(void **state)
{
	static struct fixture f;
	cc_config_defaults(&f.cfg);
	f.cfg.coverage.fresh_days = 100;
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	cc_config_release(&f->cfg);
	return 0;
}

static void test_states(void **state)
{
	struct fixture *f = *state;
	struct cc_lifecycle l;
	int64_t today = D(2026, 6, 1);
	struct cc_row r = row("published", D(2026, 5, 1), D(2026, 5, 1));

	cc_lifecycle_of(&l, &f->cfg, &r, today);
	assert_int_equal(l.state, CC_STATE_LIVE);
	assert_int_equal(l.freshness, CC_FRESHNESS_FRESH);
	assert_true(l.offered);
	assert_string_equal(cc_lifecycle_label(&l), "live");

	/* published, dated after as-of: scheduled, not offered */
	r.date = D(2026, 7, 1);
	cc_lifecycle_of(&l, &f->cfg, &r, today);
	assert_int_equal(l.state, CC_STATE_SCHEDULED);
	assert_int_equal(l.freshness, CC_FRESHNESS_NONE);
	assert_false(l.offered);
	/* ... and live on its day */
	cc_lifecycle_of(&l, &f->cfg, &r, D(2026, 7, 1));
	assert_int_equal(l.state, CC_STATE_LIVE);

	/* expired: the expires day itself is still live, the day after is not */
	r = row("published", D(2026, 5, 1), D(2026, 5, 1));
	r.expires = D(2026, 5, 31);
	cc_lifecycle_of(&l, &f->cfg, &r, D(2026, 5, 31));
	assert_int_equal(l.state, CC_STATE_LIVE);
	assert_true(l.offered);
	cc_lifecycle_of(&l, &f->cfg, &r, today);
	assert_int_equal(l.state, CC_STATE_EXPIRED);
	assert_int_equal(l.freshness, CC_FRESHNESS_STALE);
	assert_int_equal(l.stale, CC_STALE_EXPIRED);
	assert_false(l.offered);

	r = row("draft", D(2026, 5, 1), D(2026, 5, 1));
	cc_lifecycle_of(&l, &f->cfg, &r, today);
	assert_int_equal(l.state, CC_STATE_PLANNED);
	assert_false(l.offered);
	r.status = "scheduled";
	cc_lifecycle_of(&l, &f->cfg, &r, today);
	assert_int_equal(l.state, CC_STATE_SCHEDULED);
	r.status = "archived";
	cc_lifecycle_of(&l, &f->cfg, &r, today);
	assert_int_equal(l.state, CC_STATE_RETIRED);
	assert_false(l.offered);

	/* front matter that failed to parse: invalid whatever the status says */
	r = row("published", D(2026, 5, 1), D(2026, 5, 1));
	r.fm_ok = 0;
	cc_lifecycle_of(&l, &f->cfg, &r, today);
	assert_int_equal(l.state, CC_STATE_INVALID);
	assert_int_equal(l.freshness, CC_FRESHNESS_NONE);
	assert_false(l.offered);
	assert_string_equal(cc_state_name(l.state), "invalid");
}

static void test_freshness(void **state)
{
	struct fixture *f = *state;
	struct cc_lifecycle l;
	struct cc_buf why = CC_BUF_INIT;
	int64_t today = D(2026, 6, 1);

	/* past review-by */
	struct cc_row r = row("published", D(2026, 5, 1), D(2026, 5, 1));
	r.review_by = D(2026, 5, 30);
	cc_lifecycle_of(&l, &f->cfg, &r, today);
	assert_int_equal(l.state, CC_STATE_LIVE);
	assert_int_equal(l.stale, CC_STALE_REVIEW);
	assert_false(l.offered);
	assert_string_equal(cc_lifecycle_label(&l), "stale");
	cc_lifecycle_why(&why, &l);
	assert_string_equal(why.buf, "review-by date 2026-05-30 passed 2 days ago");
	/* the review-by day itself is not past */
	cc_lifecycle_of(&l, &f->cfg, &r, D(2026, 5, 30));
	assert_true(l.offered);

	/* age: fresh_days (100) after the last revision is stale, the day before is not */
	r = row("published", D(2026, 1, 1), D(2026, 1, 1));
	cc_lifecycle_of(&l, &f->cfg, &r, D(2026, 1, 1) + 99);
	assert_true(l.offered);
	cc_lifecycle_of(&l, &f->cfg, &r, D(2026, 1, 1) + 100);
	assert_int_equal(l.stale, CC_STALE_AGE);
	cc_buf_reset(&why);
	cc_lifecycle_why(&why, &l);
	assert_string_equal(why.buf, "not updated since 2026-01-01 (100 days, fresh_days is 100)");

	/* freshness by content: a retagging commit moved git's updated day, the
	 * body's revision is older; the revision decides */
	r = row("published", D(2025, 1, 1), D(2026, 5, 1));
	r.revised = D(2025, 2, 1);
	cc_lifecycle_of(&l, &f->cfg, &r, today);
	assert_int_equal(l.revised, D(2025, 2, 1));
	assert_int_equal(l.freshness, CC_FRESHNESS_STALE);

	/* the revision day is the later of git's updated day and the publish day */
	r = row("published", D(2026, 5, 1), D(2025, 1, 1));
	cc_lifecycle_of(&l, &f->cfg, &r, today);
	assert_int_equal(l.revised, D(2026, 5, 1));
	assert_true(l.offered);

	/* no front-matter date: the git created day publishes it, git's updated day dates it */
	r = row("published", CC_NO_DAY, D(2026, 5, 20));
	cc_lifecycle_of(&l, &f->cfg, &r, today);
	assert_int_equal(l.publish, D(2026, 5, 20));
	assert_true(l.offered);

	/* no date at all (never committed): live, but its age is unknown, so stale */
	r = row("published", CC_NO_DAY, CC_NO_DAY);
	cc_lifecycle_of(&l, &f->cfg, &r, today);
	assert_int_equal(l.state, CC_STATE_LIVE);
	assert_int_equal(l.stale, CC_STALE_UNDATED);
	assert_false(l.offered);
	assert_true(cc_lifecycle_freshness_score(&l) == 0);

	/* every reason at once, in a fixed order */
	r = row("published", D(2025, 1, 1), D(2025, 1, 1));
	r.review_by = D(2025, 6, 1);
	r.expires = D(2025, 12, 31);
	cc_lifecycle_of(&l, &f->cfg, &r, today);
	assert_int_equal(l.stale, CC_STALE_EXPIRED | CC_STALE_REVIEW | CC_STALE_AGE);
	cc_buf_reset(&why);
	cc_lifecycle_why(&why, &l);
	assert_string_equal(why.buf, "expired on 2025-12-31 (152 days ago); review-by date 2025-06-01 passed 365 days "
				     "ago; not updated since 2025-01-01 (516 days, fresh_days is 100)");
	cc_buf_release(&why);
}

static void test_score_and_offer(void **state)
{
	struct fixture *f = *state;
	struct cc_lifecycle l;
	struct cc_row r = row("published", D(2026, 1, 1), D(2026, 1, 1));

	cc_lifecycle_of(&l, &f->cfg, &r, D(2026, 1, 1));
	assert_true(cc_lifecycle_freshness_score(&l) == 1);
	cc_lifecycle_of(&l, &f->cfg, &r, D(2026, 1, 1) + 25);
	assert_true(cc_lifecycle_freshness_score(&l) == 0.75);
	cc_lifecycle_of(&l, &f->cfg, &r, D(2026, 1, 1) + 400);
	assert_true(cc_lifecycle_freshness_score(&l) == 0);
	/* stale and live: shown with --include-stale and --all only */
	assert_false(cc_offer_shows(CC_OFFER_FRESH, &l));
	assert_true(cc_offer_shows(CC_OFFER_STALE, &l));
	assert_true(cc_offer_shows(CC_OFFER_ALL, &l));
	/* a draft: --all only */
	r.status = "draft";
	cc_lifecycle_of(&l, &f->cfg, &r, D(2026, 1, 1));
	assert_true(cc_lifecycle_freshness_score(&l) == 0);
	assert_false(cc_offer_shows(CC_OFFER_STALE, &l));
	assert_true(cc_offer_shows(CC_OFFER_ALL, &l));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_freshness),
		cmocka_unit_test(test_score_and_offer),
	};
	return cmocka_run_group_tests_name("lifecycle", tests, setup, teardown);
}
