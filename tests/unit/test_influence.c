/* Unit tests for lib/influence.c (every model on hand-computed journeys,
 * edge cases, and the sum-to-amount property on random data) and the cell
 * parsers and keyed hash of lib/crm.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "influence.h"

static struct cc_model_params params = {7, {0, 0, 0, 0, 0}};

/* Credits of journey j under model m, compared with want[0..n). */
static void check(const struct cc_journey *j, int m, const int64_t *want)
{
	struct cc_credit_work w = {0};
	int64_t got[64];
	bool share[64];
	cc_influence_credit(got, share, j, m, &params, &w);
	for (size_t i = 0; i < j->n; i++) {
		if (got[i] != want[i])
			fail_msg("%s: touch %zu got %lld, want %lld", cc_model_name(m), i, (long long)got[i],
				 (long long)want[i]);
	}
	cc_credit_work_release(&w);
}

/* Four touches, every position on its own touch: days 10, 20, 30, 40;
 * lead day 20 (LC = touch 1), created day 30 (OC = touch 2), won (CW = 3). */
static void test_positions_apart(void **state)
{
	(void)state;
	int64_t days[] = {10, 20, 30, 40};
	struct cc_journey j = {days, 4, 30, 20, true, 100000};
	long pos[CC_POS_COUNT];
	cc_influence_positions(&j, pos);
	assert_int_equal(pos[CC_POS_FT], 0);
	assert_int_equal(pos[CC_POS_LC], 1);
	assert_int_equal(pos[CC_POS_OC], 2);
	assert_int_equal(pos[CC_POS_CW], 3);
	check(&j, CC_MODEL_FIRST, (int64_t[]){100000, 0, 0, 0});
	check(&j, CC_MODEL_LAST, (int64_t[]){0, 0, 100000, 0});
	check(&j, CC_MODEL_LEAD, (int64_t[]){0, 100000, 0, 0});
	check(&j, CC_MODEL_LINEAR, (int64_t[]){25000, 25000, 25000, 25000});
	/* U: nothing between FT and LC: its 20% goes to FT and LC, 40:40. */
	check(&j, CC_MODEL_U, (int64_t[]){50000, 50000, 0, 0});
	/* W: nothing between: thirds; the odd cent to the earliest. */
	check(&j, CC_MODEL_W, (int64_t[]){33334, 33333, 33333, 0});
	/* Full path: four positions, nothing between: quarters. */
	check(&j, CC_MODEL_FULL, (int64_t[]){25000, 25000, 25000, 25000});
}

/* Six touches on days 1..6, lead day 3 (LC = 2), created day 5 (OC = 4),
 * open: CW missing. Amount 10.00. */
static void test_between(void **state)
{
	(void)state;
	int64_t days[] = {1, 2, 3, 4, 5, 6};
	struct cc_journey j = {days, 6, 5, 3, false, 1000};
	/* U: FT 40, LC 40, the one touch between them 20. */
	check(&j, CC_MODEL_U, (int64_t[]){400, 200, 400, 0, 0, 0});
	/* W: 30 each for FT, LC, OC; 10 shared by touches 1 and 3. */
	check(&j, CC_MODEL_W, (int64_t[]){300, 50, 300, 50, 300, 0});
	/* Full path: CW missing, its 22.5 passes to FT, LC, OC in proportion
	 * (30 each); the between runs to OC. */
	check(&j, CC_MODEL_FULL, (int64_t[]){300, 50, 300, 50, 300, 0});
	/* Linear: 166.67 a touch, 4 cents left over go to the first four. */
	check(&j, CC_MODEL_LINEAR, (int64_t[]){167, 167, 167, 167, 166, 166});
	check(&j, CC_MODEL_LAST, (int64_t[]){0, 0, 0, 0, 1000, 0});
	/* Custom {won 1, between 1}: CW missing and no weighed position present:
	 * equal parts to the present positions FT, LC, OC. */
	struct cc_model_params saved = params;
	params.custom[3] = 1, params.custom[4] = 1;
	check(&j, CC_MODEL_CUSTOM, (int64_t[]){334, 0, 333, 0, 333, 0});
	/* Custom {first 2, opportunity 1, between 1}: FT 50, OC 25, the
	 * touches from FT to OC that are not positions (1, 2, 3) share 25. */
	memset(params.custom, 0, sizeof(params.custom));
	params.custom[0] = 2, params.custom[2] = 1, params.custom[4] = 1;
	check(&j, CC_MODEL_CUSTOM, (int64_t[]){500, 84, 83, 83, 250, 0});
	params = saved;
}

/* Coinciding positions add: no lead day (LC = FT), OC and CW on the last touch. */
static void test_coinciding(void **state)
{
	(void)state;
	int64_t days[] = {1, 2, 3};
	struct cc_journey j = {days, 3, 3, INT64_MIN, true, 1000};
	check(&j, CC_MODEL_U, (int64_t[]){1000, 0, 0});
	check(&j, CC_MODEL_W, (int64_t[]){600, 100, 300});
	check(&j, CC_MODEL_FULL, (int64_t[]){450, 100, 450});
	check(&j, CC_MODEL_LEAD, (int64_t[]){1000, 0, 0});
	/* A lead day before every touch: LC falls back to FT. */
	j.lead = 0;
	check(&j, CC_MODEL_LEAD, (int64_t[]){1000, 0, 0});
}

/* Every touch after the opportunity was created: OC is missing. */
static void test_missing_oc(void **state)
{
	(void)state;
	int64_t days[] = {10, 20};
	struct cc_journey j = {days, 2, 5, INT64_MIN, false, 999};
	long pos[CC_POS_COUNT];
	cc_influence_positions(&j, pos);
	assert_int_equal(pos[CC_POS_OC], -1);
	assert_int_equal(pos[CC_POS_CW], -1);
	check(&j, CC_MODEL_LAST, (int64_t[]){999, 0});
	check(&j, CC_MODEL_W, (int64_t[]){999, 0});
	check(&j, CC_MODEL_DECAY, (int64_t[]){999, 0});
	check(&j, CC_MODEL_LINEAR, (int64_t[]){500, 499});
}

/* One touch takes 100% under every model. */
static void test_one_touch(void **state)
{
	(void)state;
	int64_t days[] = {10};
	struct cc_journey open = {days, 1, 5, INT64_MIN, false, 12345};
	struct cc_journey won = {days, 1, 10, 10, true, 12345};
	params.custom[1] = 1;
	for (int m = 0; m < CC_MODEL_COUNT; m++) {
		check(&open, m, (int64_t[]){12345});
		check(&won, m, (int64_t[]){12345});
	}
	params.custom[1] = 0;
}

/* Time decay, half-life 7: days 16, 23, 30 before OC on day 30 weigh
 * 1/4, 1/2, 1, so 1000.00 splits 1/7, 2/7, 4/7: 142.857…, 285.714…,
 * 571.428… -> 142.86, 285.71, 571.43 (the two largest remainders get the
 * two cents left). The touch after OC gets nothing. */
static void test_time_decay(void **state)
{
	(void)state;
	int64_t days[] = {16, 23, 30, 31};
	struct cc_journey j = {days, 4, 30, INT64_MIN, false, 100000};
	check(&j, CC_MODEL_DECAY, (int64_t[]){14286, 28571, 57143, 0});
	/* A half-life of 14: weights 2^-1, 2^-0.5, 1. */
	params.half_life_days = 14;
	int64_t d2[] = {16, 23, 30};
	struct cc_journey j2 = {d2, 3, 30, INT64_MIN, false, 1000000};
	/* 0.5 : 0.70710678 : 1 of 2.20710678 -> 2265.4092, 3203.7724, 4530.8184;
	 * floors leave 2 cents, to the remainders .92 and .84. */
	check(&j2, CC_MODEL_DECAY, (int64_t[]){226541, 320377, 453082});
	params.half_life_days = 7;
}

static void test_zero_amount(void **state)
{
	(void)state;
	int64_t days[] = {1, 2, 3};
	struct cc_journey j = {days, 3, 2, INT64_MIN, false, 0};
	struct cc_credit_work w = {0};
	int64_t got[3];
	bool share[3];
	cc_influence_credit(got, share, &j, CC_MODEL_W, &params, &w);
	assert_true(got[0] == 0 && got[1] == 0 && got[2] == 0);
	/* FT+LC (touch 0) and OC (touch 1) have shares; touch 2 comes after OC. */
	assert_true(share[0] && share[1] && !share[2]);
	cc_credit_work_release(&w);
}

/* The property: under every model, every journey's credits are >= 0 and
 * add up to exactly its amount; a credit above 0 has a share. */
static void test_sum_property(void **state)
{
	(void)state;
	struct cc_credit_work w = {0};
	int64_t days[200], credit[200];
	bool share[200];
	unsigned seed = 12345;
	params.custom[0] = 3, params.custom[2] = 1.5, params.custom[3] = 0.25, params.custom[4] = 2;
	for (int iter = 0; iter < 20000; iter++) {
		seed = seed * 1103515245u + 12345u;
		size_t n = 1 + (seed >> 8) % 200;
		int64_t d = (int64_t)((seed >> 4) % 1000);
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			d += (seed >> 12) % 4 ? (seed >> 16) % 30 : 0; /* same-day touches too */
			days[i] = d;
		}
		seed = seed * 1103515245u + 12345u;
		int64_t created = days[0] + (int64_t)((seed >> 8) % (size_t)(d - days[0] + 40)) - 20;
		int64_t lead = (seed >> 20) % 3 ? days[0] + (int64_t)((seed >> 4) % 400) - 50 : INT64_MIN;
		seed = seed * 1103515245u + 12345u;
		int64_t amount = (int64_t)(seed % 1000000007u) * ((seed >> 28) % 3 ? 1 : 1000);
		if (iter % 97 == 0)
			amount = iter % 2; /* 0 and 1 cent */
		struct cc_journey j = {days, n, created, lead, (seed >> 3) & 1, amount};
		for (int m = 0; m < CC_MODEL_COUNT; m++) {
			params.half_life_days = 1 + (double)(iter % 30);
			cc_influence_credit(credit, share, &j, m, &params, &w);
			int64_t sum = 0;
			for (size_t i = 0; i < n; i++) {
				if (credit[i] < 0 || (credit[i] > 0 && !share[i]))
					fail_msg("iteration %d, %s: touch %zu credit %lld", iter, cc_model_name(m), i,
						 (long long)credit[i]);
				sum += credit[i];
			}
			if (sum != amount)
				fail_msg("iteration %d, %s: credits add up to %lld, not %lld", iter,
					 cc_model_name(m), (long long)sum, (long long)amount);
		}
	}
	memset(params.custom, 0, sizeof(params.custom));
	params.half_life_days = 7;
	cc_credit_work_release(&w);
}

static void test_names(void **state)
{
	(void)state;
	for (int m = 0; m < CC_MODEL_COUNT; m++)
		assert_int_equal(cc_model_parse(cc_model_name(m)), m);
	assert_int_equal(cc_model_parse("w"), -1);
	assert_string_equal(cc_model_name(CC_MODEL_LAST), "last-touch");
	assert_null(cc_model_name(CC_MODEL_COUNT));
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_add_cents(&b, 123456);
	cc_buf_adds(&b, " ");
	cc_buf_add_cents(&b, 5);
	assert_string_equal(b.buf, "1234.56 0.05");
	cc_buf_release(&b);
}

static void test_crm_cells(void **state)
{
	(void)state;
	int64_t c = -1;
	assert_int_equal(cc_crm_parse_amount("1234", &c), 0);
	assert_true(c == 123400);
	assert_int_equal(cc_crm_parse_amount(" 12.5 ", &c), 0);
	assert_true(c == 1250);
	assert_int_equal(cc_crm_parse_amount("0.07", &c), 0);
	assert_true(c == 7);
	assert_int_equal(cc_crm_parse_amount("3.100", &c), 0);
	assert_true(c == 310);
	assert_int_equal(cc_crm_parse_amount("3.105", &c), -1);
	assert_int_equal(cc_crm_parse_amount("-3", &c), -1);
	assert_int_equal(cc_crm_parse_amount("$3", &c), -1);
	assert_int_equal(cc_crm_parse_amount("1,000", &c), -1);
	assert_int_equal(cc_crm_parse_amount("", &c), -1);
	assert_int_equal(cc_crm_parse_amount("99999999999999999999", &c), -1);

	char *id = cc_crm_id(" 001A0000006Vm9rIAC ");
	assert_string_equal(id, "001A0000006Vm9r");
	free(id);
	id = cc_crm_id("001A0000006Vm9rXXX"); /* not its checksum: kept */
	assert_string_equal(id, "001A0000006Vm9rXXX");
	free(id);

	/* HMAC-SHA-256 against Python's hmac module, first 16 bytes. */
	struct cc_crm_key key;
	unsigned char h[CC_CRM_HASH_BYTES];
	char hex[33];
	for (int i = 0; i < CC_CRM_KEY_BYTES; i++)
		key.k[i] = (unsigned char)i;
	cc_crm_hash(h, &key, "email", "alice@acme.example");
	for (int i = 0; i < CC_CRM_HASH_BYTES; i++)
		snprintf(hex + 2 * i, 3, "%02x", h[i]);
	assert_string_equal(hex, "edd89395b10fc6b1b4ccded28264ae0e");

	for (int p = 0; p < CC_CRM_PRESET_COUNT; p++)
		assert_int_equal(cc_crm_preset_parse(cc_crm_preset_name(p)), p);
	char *path = cc_crm_path("/r/.git/contentcal/index.db");
	assert_string_equal(path, "/r/.git/contentcal/crm.db");
	char *kp = cc_crm_key_path(path);
	assert_string_equal(kp, "/r/.git/contentcal/crm.key");
	free(kp);
	free(path);
	path = cc_crm_path("index-docs.db");
	assert_string_equal(path, "crm-docs.db");
	free(path);
}

/* Wilson intervals against a direct evaluation of the formula (Python). */
static void test_wilson_quantile(void **state)
{
	(void)state;
	double lo, hi;
	cc_wilson(20, 23, &lo, &hi);
	assert_true(fabs(lo - 0.678721020269818) < 1e-12 && fabs(hi - 0.954624234856553) < 1e-12);
	cc_wilson(2, 17, &lo, &hi);
	assert_true(fabs(lo - 0.03287908001292092) < 1e-12 && fabs(hi - 0.3433684249770991) < 1e-12);
	cc_wilson(5, 5, &lo, &hi);
	assert_true(fabs(lo - 0.5655085052479191) < 1e-12 && hi == 1);
	cc_wilson(0, 0, &lo, &hi);
	assert_true(lo == 0 && hi == 1);
	cc_wilson(0, 10, &lo, &hi);
	assert_true(lo == 0 && hi > 0.27 && hi < 0.28);
	int64_t v[] = {1, 2, 3, 4};
	assert_true(cc_quantile(v, 4, 0.5) == 2.5);
	assert_true(cc_quantile(v, 4, 0.25) == 1.75);
	assert_true(cc_quantile(v, 4, 0.75) == 3.25);
	assert_true(cc_quantile(v, 1, 0.5) == 1);
	assert_true(cc_quantile(v, 4, 1) == 4);
}

/* The per-asset results header: the five columns, any order and case, BOM, CRLF, quotes. */
static void test_results_header(void **state)
{
	(void)state;
	static const char *const yes[] = {
		"asset,model,opportunities,pipeline,revenue\n",
		"\xEF\xBB\xBF\"Asset\",\"Model\",\"Opportunities\",\"Pipeline\",\"Revenue\"\r\nx",
		"revenue,pipeline,region,opportunities,model,asset",
	};
	static const char *const no[] = {
		"", "asset,model,opportunities,pipeline\n", "persona,stage,model,opportunities,pipeline,revenue\n",
		"Date,Page path,Views\nasset,model,opportunities,pipeline,revenue\n", "assets,model,opportunities,pipeline,revenue",
	};
	for (size_t i = 0; i < sizeof(yes) / sizeof(*yes); i++)
		assert_true(cc_influence_results_header(yes[i], strlen(yes[i])));
	for (size_t i = 0; i < sizeof(no) / sizeof(*no); i++)
		assert_false(cc_influence_results_header(no[i], strlen(no[i])));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positions_apart), cmocka_unit_test(test_between),
		cmocka_unit_test(test_coinciding),      cmocka_unit_test(test_missing_oc),
		cmocka_unit_test(test_one_touch),       cmocka_unit_test(test_time_decay),
		cmocka_unit_test(test_zero_amount),     cmocka_unit_test(test_sum_property),
		cmocka_unit_test(test_names),           cmocka_unit_test(test_crm_cells),
		cmocka_unit_test(test_wilson_quantile), cmocka_unit_test(test_results_header),
	};
	return cmocka_run_group_tests_name("influence", tests, NULL, NULL);
}
