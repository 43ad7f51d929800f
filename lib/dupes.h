/*
 * dupes.h — near-duplicate text: shingled MinHash with LSH banding.
 *
 * A text's shingles are its runs of CC_SHINGLE_WORDS consecutive words
 * (words are runs of letters and digits, ASCII lower-cased; bytes of
 * UTF-8 sequences are letters). The similarity of two texts is the
 * Jaccard index of their shingle sets: shared shingles over all shingles.
 * A text with fewer than CC_DUPES_MIN_SHINGLES shingles is not compared
 * (too short for the measure to mean anything).
 *
 * Each text gets a signature of CC_MINHASH_BINS values by one-permutation
 * hashing: every shingle is hashed once; the hash picks a bin and the
 * bin keeps its smallest value; empty bins borrow from the next non-empty
 * bin ("rotation" densification). The share of equal bins between two
 * signatures estimates the Jaccard index. Candidate pairs come from LSH:
 * the signature is cut into CC_MINHASH_BANDS bands; texts whose band
 * values are equal in some band land in the same bucket. Within a bucket
 * every text is compared with the bucket's first and with its neighbour,
 * so a bucket of m texts costs O(m), and the whole search is linear in the
 * number of texts (times the bands) — never all pairs. Memory: one
 * signature (CC_MINHASH_BINS × 4 bytes) per text.
 */
#ifndef CC_DUPES_H
#define CC_DUPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CC_SHINGLE_WORDS 5
#define CC_MINHASH_BINS 128
#define CC_MINHASH_BANDS 32 /* of CC_MINHASH_BINS / CC_MINHASH_BANDS rows each */
#define CC_DUPES_MIN_SHINGLES 10

struct cc_minhash;

struct cc_dupe_pair {
	size_t a, b;     /* text indexes, a < b */
	double estimate; /* share of equal signature bins */
};

struct cc_dupe_pairs {
	struct cc_dupe_pair *v;
	size_t n, alloc;
};

struct cc_minhash *cc_minhash_new(void);
void cc_minhash_free(struct cc_minhash *m);

/* Adds the next text (index = number of texts added before). */
void cc_minhash_add(struct cc_minhash *m, const char *text, size_t len);

/*
 * Appends every candidate pair whose estimate is at least min_estimate, in
 * (a, b) order, each once. Returns 0.
 */
int cc_minhash_pairs(const struct cc_minhash *m, double min_estimate, struct cc_dupe_pairs *out);

/* The exact Jaccard index of the shingle sets of two texts (0 when either has no shingle). */
double cc_shingle_jaccard(const char *a, size_t alen, const char *b, size_t blen);

void cc_dupe_pairs_release(struct cc_dupe_pairs *p);

#endif
