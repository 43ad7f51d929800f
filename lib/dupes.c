/*
 * dupes.c — one-permutation MinHash signatures and LSH buckets (see dupes.h).
 */
#include "dupes.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "problem.h"

#define ROWS (CC_MINHASH_BINS / CC_MINHASH_BANDS)
#define EMPTY UINT32_MAX

struct cc_minhash {
	uint32_t *sig; /* n × BINS */
	bool *ok;      /* has a signature (enough shingles) */
	size_t n, alloc;
};

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	x ^= x >> 31;
	return x;
}

static bool word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/*
 * Calls fn(hash, payload) for every shingle of text, in order; returns the
 * number of shingles. Linear in len.
 */
static size_t shingles(const char *text, size_t len, void (*fn)(uint64_t, void *), void *payload)
{
	uint64_t w[CC_SHINGLE_WORDS];
	size_t nw = 0, count = 0, i = 0;
	while (i < len) {
		while (i < len && !word_byte((unsigned char)text[i]))
			i++;
		if (i >= len)
			break;
		uint64_t h = 0xcbf29ce484222325ull;
		while (i < len && word_byte((unsigned char)text[i])) {
			unsigned char c = (unsigned char)text[i++];
			if (c >= 'A' && c <= 'Z')
				c = (unsigned char)(c + 32);
			h = (h ^ c) * 0x100000001b3ull;
		}
		w[nw % CC_SHINGLE_WORDS] = h;
		nw++;
		if (nw >= CC_SHINGLE_WORDS) {
			uint64_t s = 0;
			for (size_t k = nw - CC_SHINGLE_WORDS; k < nw; k++)
				s = s * 0x9e3779b97f4a7c15ull + w[k % CC_SHINGLE_WORDS];
			fn(mix64(s), payload);
			count++;
		}
	}
	return count;
}

struct cc_minhash *cc_minhash_new(void)
{
	return cc_xcalloc(1, sizeof(struct cc_minhash));
}

void cc_minhash_free(struct cc_minhash *m)
{
	if (!m)
		return;
	free(m->sig);
	free(m->ok);
	free(m);
}

static void bin_min(uint64_t h, void *payload)
{
	uint32_t *sig = payload;
	uint32_t bin = (uint32_t)(h >> 57) % CC_MINHASH_BINS; /* top bits: the bin */
	uint32_t v = (uint32_t)h;
	if (v == EMPTY)
		v--;
	if (v < sig[bin])
		sig[bin] = v;
}

void cc_minhash_add(struct cc_minhash *m, const char *text, size_t len)
{
	if (m->n == m->alloc) {
		m->alloc = m->alloc ? 2 * m->alloc : 256;
		m->sig = cc_xrealloc(m->sig, m->alloc * CC_MINHASH_BINS * sizeof(*m->sig));
		m->ok = cc_xrealloc(m->ok, m->alloc * sizeof(*m->ok));
	}
	uint32_t *sig = m->sig + m->n * CC_MINHASH_BINS;
	for (size_t i = 0; i < CC_MINHASH_BINS; i++)
		sig[i] = EMPTY;
	size_t count = shingles(text, len, bin_min, sig);
	m->ok[m->n] = count >= CC_DUPES_MIN_SHINGLES;
	if (m->ok[m->n]) {
		/* Rotation densification: an empty bin takes the next non-empty one's value, moved by the distance. */
		uint32_t filled[CC_MINHASH_BINS];
		memcpy(filled, sig, sizeof(filled));
		for (size_t i = 0; i < CC_MINHASH_BINS; i++) {
			if (filled[i] != EMPTY)
				continue;
			for (size_t d = 1; d < CC_MINHASH_BINS; d++) {
				uint32_t src = filled[(i + d) % CC_MINHASH_BINS];
				if (src != EMPTY) {
					sig[i] = (uint32_t)mix64((uint64_t)src * 0x9e3779b97f4a7c15ull + d);
					break;
				}
			}
		}
	}
	m->n++;
}

struct slot {
	uint64_t key;
	size_t doc;
};

static int slot_cmp(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->doc < y->doc ? -1 : x->doc > y->doc;
}

static int pair_cmp(const void *a, const void *b)
{
	const struct cc_dupe_pair *x = a, *y = b;
	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	return x->b < y->b ? -1 : x->b > y->b;
}

static double estimate(const struct cc_minhash *m, size_t a, size_t b)
{
	const uint32_t *x = m->sig + a * CC_MINHASH_BINS, *y = m->sig + b * CC_MINHASH_BINS;
	size_t eq = 0;
	for (size_t i = 0; i < CC_MINHASH_BINS; i++)
		eq += x[i] == y[i];
	return (double)eq / CC_MINHASH_BINS;
}

static void candidate(struct cc_dupe_pairs *c, size_t a, size_t b)
{
	if (a == b)
		return;
	CC_GROW(c->v, c->alloc, c->n + 1);
	c->v[c->n++] = (struct cc_dupe_pair){a < b ? a : b, a < b ? b : a, 0};
}

int cc_minhash_pairs(const struct cc_minhash *m, double min_estimate, struct cc_dupe_pairs *out)
{
	struct slot *slots = cc_xcalloc(m->n + 1, sizeof(*slots));
	struct cc_dupe_pairs cand = {0};
	for (size_t band = 0; band < CC_MINHASH_BANDS; band++) {
		size_t n = 0;
		for (size_t d = 0; d < m->n; d++) {
			if (!m->ok[d])
				continue;
			const uint32_t *s = m->sig + d * CC_MINHASH_BINS + band * ROWS;
			uint64_t k = band;
			for (size_t r = 0; r < ROWS; r++)
				k = mix64(k ^ s[r]);
			slots[n++] = (struct slot){k, d};
		}
		qsort(slots, n, sizeof(*slots), slot_cmp);
		for (size_t i = 0; i < n;) {
			size_t j = i + 1;
			while (j < n && slots[j].key == slots[i].key) {
				candidate(&cand, slots[i].doc, slots[j].doc);
				if (j > i + 1)
					candidate(&cand, slots[j - 1].doc, slots[j].doc);
				j++;
			}
			i = j;
		}
	}
	free(slots);
	if (cand.n)
		qsort(cand.v, cand.n, sizeof(*cand.v), pair_cmp);
	for (size_t i = 0; i < cand.n; i++) {
		if (i && cand.v[i].a == cand.v[i - 1].a && cand.v[i].b == cand.v[i - 1].b)
			continue;
		double e = estimate(m, cand.v[i].a, cand.v[i].b);
		if (e < min_estimate)
			continue;
		CC_GROW(out->v, out->alloc, out->n + 1);
		out->v[out->n++] = (struct cc_dupe_pair){cand.v[i].a, cand.v[i].b, e};
	}
	free(cand.v);
	return 0;
}

struct hashes {
	uint64_t *v;
	size_t n, alloc;
};

static void collect(uint64_t h, void *payload)
{
	struct hashes *hs = payload;
	CC_GROW(hs->v, hs->alloc, hs->n + 1);
	hs->v[hs->n++] = h;
}

static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static size_t unique(struct hashes *h)
{
	if (!h->n)
		return 0;
	qsort(h->v, h->n, sizeof(*h->v), u64_cmp);
	size_t k = 1;
	for (size_t i = 1; i < h->n; i++)
		if (h->v[i] != h->v[k - 1])
			h->v[k++] = h->v[i];
	return h->n = k;
}

double cc_shingle_jaccard(const char *a, size_t alen, const char *b, size_t blen)
{
	struct hashes x = {0}, y = {0};
	shingles(a, alen, collect, &x);
	shingles(b, blen, collect, &y);
	unique(&x);
	unique(&y);
	size_t i = 0, j = 0, both = 0;
	while (i < x.n && j < y.n) {
		if (x.v[i] == y.v[j])
			both++, i++, j++;
		else if (x.v[i] < y.v[j])
			i++;
		else
			j++;
	}
	size_t uni = x.n + y.n - both;
	free(x.v);
	free(y.v);
	return uni ? (double)both / (double)uni : 0;
}

void cc_dupe_pairs_release(struct cc_dupe_pairs *p)
{
	free(p->v);
	memset(p, 0, sizeof(*p));
}
