/* Unit tests for lib/dupes.c: a planted near-duplicate among 10,000 generated texts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dupes.h"

static uint64_t rng = 88172645463325252ull;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

#define NDOCS 10000
#define NWORDS 400

/* A text of NWORDS words from a 3000-word vocabulary, with punctuation and case noise. */
static void gen(struct cc_buf *b)
{
	for (size_t i = 0; i < NWORDS; i++)
		cc_buf_addf(b, "%sw%u%s", i % 17 == 0 ? "The " : "", (unsigned)(next() % 3000), i % 9 == 8 ? ". " : " ");
}

static void test_planted_pair(void **state)
{
	(void)state;
	struct cc_buf *docs = calloc(NDOCS, sizeof(*docs));
	for (size_t i = 0; i < NDOCS; i++)
		gen(&docs[i]);
	/* doc 7777: doc 1234 with a tenth of its words (one passage) replaced */
	cc_buf_reset(&docs[7777]);
	{
		const char *src = docs[1234].buf;
		size_t words = 0, i = 0, len = docs[1234].len;
		while (i < len) {
			size_t j = i;
			while (j < len && src[j] != ' ')
				j++;
			if (j < len)
				j++;
			if (words >= 200 && words < 240)
				cc_buf_addf(&docs[7777], "x%u ", (unsigned)(next() % 100000));
			else
				cc_buf_add(&docs[7777], src + i, j - i);
			words++;
			i = j;
		}
	}
	double exact = cc_shingle_jaccard(docs[1234].buf, docs[1234].len, docs[7777].buf, docs[7777].len);
	assert_true(exact > 0.75 && exact < 0.9);

	struct cc_minhash *m = cc_minhash_new();
	for (size_t i = 0; i < NDOCS; i++)
		cc_minhash_add(m, docs[i].buf, docs[i].len);
	struct cc_dupe_pairs p = {0};
	assert_int_equal(cc_minhash_pairs(m, 0.6, &p), 0);
	size_t found = 0, others = 0;
	for (size_t i = 0; i < p.n; i++) {
		double j = cc_shingle_jaccard(docs[p.v[i].a].buf, docs[p.v[i].a].len, docs[p.v[i].b].buf,
					      docs[p.v[i].b].len);
		if (p.v[i].a == 1234 && p.v[i].b == 7777) {
			found++;
			assert_true(p.v[i].estimate > 0.6);
		} else if (j >= 0.1) {
			fprintf(stderr, "unexpected pair %zu %zu est %.3f exact %.3f\n", p.v[i].a, p.v[i].b,
				p.v[i].estimate, j);
			others++;
		}
	}
	assert_int_equal(found, 1);
	assert_int_equal(others, 0);
	/* with a low bar, the distinct texts still give no candidate */
	struct cc_dupe_pairs low = {0};
	cc_minhash_pairs(m, 0.3, &low);
	assert_int_equal(low.n, 1);
	cc_dupe_pairs_release(&low);
	cc_dupe_pairs_release(&p);
	cc_minhash_free(m);
	for (size_t i = 0; i < NDOCS; i++)
		cc_buf_release(&docs[i]);
	free(docs);
}

static void test_jaccard(void **state)
{
	(void)state;
	const char *a = "one two three four five six seven eight nine ten";
	const char *b = "One, two; THREE four five six seven eight nine ten!";
	assert_true(cc_shingle_jaccard(a, strlen(a), b, strlen(b)) == 1.0);
	assert_true(cc_shingle_jaccard(a, strlen(a), "", 0) == 0.0);
	const char *c = "one two three four five six seven eight nine eleven";
	/* 6 shingles each, 5 shared: 5 / 7 */
	double j = cc_shingle_jaccard(a, strlen(a), c, strlen(c));
	assert_true(j > 0.714 && j < 0.715);
}

static void test_short_texts_not_compared(void **state)
{
	(void)state;
	struct cc_minhash *m = cc_minhash_new();
	const char *t = "a short text of few words";
	cc_minhash_add(m, t, strlen(t));
	cc_minhash_add(m, t, strlen(t));
	struct cc_dupe_pairs p = {0};
	cc_minhash_pairs(m, 0.1, &p);
	assert_int_equal(p.n, 0);
	cc_minhash_free(m);
}

static void test_identical_cluster_is_linear(void **state)
{
	(void)state;
	/* 500 identical texts: every one is paired with the first, not all 124,750 pairs */
	struct cc_minhash *m = cc_minhash_new();
	struct cc_buf b = CC_BUF_INIT;
	for (int i = 0; i < 60; i++)
		cc_buf_addf(&b, "word%d ", i);
	for (int i = 0; i < 500; i++)
		cc_minhash_add(m, b.buf, b.len);
	struct cc_dupe_pairs p = {0};
	cc_minhash_pairs(m, 0.9, &p);
	assert_true(p.n >= 499 && p.n <= 2 * 500);
	for (size_t i = 0; i < p.n; i++)
		assert_true(p.v[i].estimate == 1.0);
	cc_dupe_pairs_release(&p);
	cc_buf_release(&b);
	cc_minhash_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jaccard),
		cmocka_unit_test(test_short_texts_not_compared),
		cmocka_unit_test(test_identical_cluster_is_linear),
		cmocka_unit_test(test_planted_pair),
	};
	return cmocka_run_group_tests_name("dupes", tests, NULL, NULL);
}
