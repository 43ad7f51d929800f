/*
 * influence.c — the attribution models (pure, exact in cents) and the
 * influence report over the CRM database (see influence.h and
 * docs/influence.md).
 */
#include "influence.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "date.h"
#include "engagement.h"
#include "relevance.h"
#include "problem.h"
#include "text.h"

static const char *const model_names[CC_MODEL_COUNT] = {
	"first-touch", "last-touch", "lead-creation", "linear", "u-shaped",
	"w-shaped",    "full-path",  "time-decay",    "custom",
};

const char *cc_model_name(int m)
{
	return m >= 0 && m < CC_MODEL_COUNT ? model_names[m] : NULL;
}

int cc_model_parse(const char *s)
{
	for (int m = 0; m < CC_MODEL_COUNT; m++)
		if (!strcmp(s, model_names[m]))
			return m;
	return -1;
}

/* ---- positions ---- */

/* The last index with day <= d, or -1. */
static long last_on_or_before(const struct cc_journey *j, int64_t d)
{
	size_t lo = 0, hi = j->n; /* first index with day > d */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (j->day[mid] <= d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long)lo - 1;
}

void cc_influence_positions(const struct cc_journey *j, long pos[CC_POS_COUNT])
{
	for (int p = 0; p < CC_POS_COUNT; p++)
		pos[p] = -1;
	if (!j->n)
		return;
	pos[CC_POS_FT] = 0;
	pos[CC_POS_LC] = 0;
	if (j->lead != INT64_MIN) {
		long l = last_on_or_before(j, j->lead);
		if (l >= 0)
			pos[CC_POS_LC] = l;
	}
	pos[CC_POS_OC] = last_on_or_before(j, j->created);
	if (j->won)
		pos[CC_POS_CW] = (long)j->n - 1;
}

/* ---- credit ---- */

void cc_credit_work_release(struct cc_credit_work *w)
{
	free(w->w);
	free(w->rem);
	free(w->idx);
	memset(w, 0, sizeof(*w));
}

static void work_grow(struct cc_credit_work *w, size_t n)
{
	if (n <= w->alloc)
		return;
	size_t a = w->alloc ? w->alloc : 64;
	while (a < n)
		a *= 2;
	w->w = cc_xrealloc(w->w, a * sizeof(*w->w));
	w->rem = cc_xrealloc(w->rem, a * sizeof(*w->rem));
	w->idx = cc_xrealloc(w->idx, a * sizeof(*w->idx));
	w->alloc = a;
}

/* Position weights in parts per million: FT, LC, OC, CW, between. */
static void model_weights(int m, const struct cc_model_params *p, uint64_t out[5])
{
	static const uint64_t fixed[][5] = {
		[CC_MODEL_FIRST] = {1000000, 0, 0, 0, 0},
		[CC_MODEL_LAST] = {0, 0, 1000000, 0, 0},
		[CC_MODEL_LEAD] = {0, 1000000, 0, 0, 0},
		[CC_MODEL_U] = {400000, 400000, 0, 0, 200000},
		[CC_MODEL_W] = {300000, 300000, 300000, 0, 100000},
		[CC_MODEL_FULL] = {225000, 225000, 225000, 225000, 100000},
	};
	if (m == CC_MODEL_CUSTOM) {
		double sum = 0;
		for (int i = 0; i < 5; i++)
			sum += p->custom[i] > 0 ? p->custom[i] : 0;
		for (int i = 0; i < 5; i++)
			out[i] = sum > 0 && p->custom[i] > 0 ? (uint64_t)llround(p->custom[i] / sum * 1e6) : 0;
		if (sum <= 0)
			out[0] = 1000000;
		return;
	}
	memcpy(out, fixed[m], sizeof(fixed[m]));
}

static int cmp_rem(const void *a, const void *b, void *ctx)
{
	const uint64_t *rem = ctx;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	if (rem[x] != rem[y])
		return rem[x] > rem[y] ? -1 : 1;
	return x < y ? -1 : x > y;
}

/*
 * Largest remainder: credit[i] = floor(amount * w[i] / W), then the cents
 * left over (fewer than the touches with a share) one each to the largest
 * remainders, ties to the earlier touch.
 */
static void apportion(int64_t *credit, const uint64_t *w, size_t n, int64_t amount,
		      struct cc_credit_work *work)
{
	unsigned __int128 total = 0;
	uint64_t wmax = 0, a = (uint64_t)amount;
	int64_t given = 0;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		total += w[i];
		if (w[i] > wmax)
			wmax = w[i];
	}
	if (total <= UINT64_MAX && (!wmax || a <= UINT64_MAX / wmax)) {
		/* Everything fits in 64 bits: the common case, without 128-bit division. */
		uint64_t t = (uint64_t)total;
		for (size_t i = 0; i < n; i++) {
			uint64_t x = a * w[i];
			credit[i] = (int64_t)(x / t);
			work->rem[i] = x % t;
			given += credit[i];
			if (w[i])
				work->idx[k++] = (uint32_t)i;
		}
	} else {
		for (size_t i = 0; i < n; i++) {
			unsigned __int128 x = (unsigned __int128)a * w[i];
			credit[i] = (int64_t)(x / total);
			work->rem[i] = (uint64_t)(x % total);
			given += credit[i];
			if (w[i])
				work->idx[k++] = (uint32_t)i;
		}
	}
	int64_t left = amount - given;
	if (left <= 0)
		return;
	if (left <= 8) {
		/* A few cents: pick the largest remainders one by one. */
		for (; left > 0; left--) {
			size_t best = k;
			for (size_t i = 0; i < k; i++) {
				uint32_t x = work->idx[i];
				if (x == UINT32_MAX)
					continue;
				if (best == k || work->rem[x] > work->rem[work->idx[best]])
					best = i;
			}
			credit[work->idx[best]]++;
			work->idx[best] = UINT32_MAX;
		}
		return;
	}
	qsort_r(work->idx, k, sizeof(*work->idx), cmp_rem, work->rem);
	for (size_t i = 0; i < k && left > 0; i++, left--)
		credit[work->idx[i]]++;
}

void cc_influence_credit(int64_t *credit, bool *share, const struct cc_journey *j, int m,
			 const struct cc_model_params *p, struct cc_credit_work *work)
{
	size_t n = j->n;
	long pos[CC_POS_COUNT];
	uint64_t *w;

	if (!n)
		return;
	work_grow(work, n);
	w = work->w;
	memset(w, 0, n * sizeof(*w));
	cc_influence_positions(j, pos);

	if (m == CC_MODEL_LINEAR) {
		for (size_t i = 0; i < n; i++)
			w[i] = 1;
	} else if (m == CC_MODEL_DECAY) {
		long oc = pos[CC_POS_OC];
		if (oc < 0) {
			w[0] = 1; /* nothing before the opportunity: the first touch */
		} else {
			double hl = p->half_life_days > 0 ? p->half_life_days : 7;
			for (long i = 0; i <= oc; i++) {
				/* 2^20 scale, pow() as SQL's POWER(): the same integers as
				 * the portable SQL of docs/influence.md. */
				double days = (double)(j->day[oc] - j->day[i]);
				w[i] = (uint64_t)llround(pow(2.0, -days / hl) * 1048576.0);
			}
		}
	} else {
		uint64_t mw[5], P = 0, S = 0;
		bool weighed[CC_POS_COUNT], any_present = false, any_model = false;
		long end = -1;
		size_t nb = 0;
		model_weights(m, p, mw);
		for (int q = 0; q < 5; q++)
			S += mw[q];
		for (int q = 0; q < CC_POS_COUNT; q++) {
			any_model |= mw[q] != 0;
			weighed[q] = pos[q] >= 0 && mw[q];
			if (weighed[q]) {
				P += mw[q];
				any_present = true;
				if (pos[q] > end)
					end = pos[q];
			}
		}
		/* The between: touches from FT to the latest weighed position present,
		 * other than the weighed positions (every touch for a model that
		 * weighs no position). */
		if (!any_model)
			end = (long)n - 1;
		if (mw[4])
			for (long i = 0; i <= end; i++) {
				bool is_pos = false;
				for (int q = 0; q < CC_POS_COUNT; q++)
					is_pos |= weighed[q] && pos[q] == i;
				if (!is_pos)
					w[i] = 1, nb++;
			}
		if (!any_present && !nb) {
			/* Every weighed position is missing: equal parts to the present ones. */
			for (int q = 0; q < CC_POS_COUNT; q++)
				if (pos[q] >= 0)
					w[pos[q]] += 1;
		} else if (!nb) {
			/* No between: the present positions share all, in proportion. */
			for (int q = 0; q < CC_POS_COUNT; q++)
				if (weighed[q])
					w[pos[q]] += mw[q];
		} else if (any_present) {
			/* Positions share (1 - between) in proportion, the between
			 * touches the between's weight equally: denominator P·nb. */
			for (long i = 0; i <= end; i++)
				if (w[i])
					w[i] = mw[4] * P;
			for (int q = 0; q < CC_POS_COUNT; q++)
				if (weighed[q])
					w[pos[q]] += (S - mw[4]) * mw[q] * nb;
		} /* else: only between touches, w[i] = 1 each */
	}
	apportion(credit, w, n, j->amount, work);
	if (share)
		for (size_t i = 0; i < n; i++)
			share[i] = w[i] != 0;
}

/* ---- amounts ---- */

void cc_buf_add_cents(struct cc_buf *b, int64_t cents)
{
	uint64_t u = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	cc_buf_addf(b, "%s%llu.%02llu", cents < 0 ? "-" : "", (unsigned long long)(u / 100),
		    (unsigned long long)(u % 100));
}

/* ---- the report: loading the CRM database ---- */

struct tch {
	uint32_t account; /* 0 = none */
	uint32_t person;  /* canonical person */
	uint32_t asset;
	uint32_t ts;      /* seconds since base_ts */
};

struct opp {
	char *id;
	uint32_t account;
	int64_t amount, created, close; /* close -1 when none */
	bool closed, won;
	uint32_t *roles; /* canonical persons, or NULL */
	size_t nroles;
};

struct data {
	int64_t base_ts;
	struct tch *t;
	size_t nt;
	size_t *acc_start; /* touches of account a: [acc_start[a], acc_start[a + 1]) */
	size_t naccounts;  /* max account id + 1 */
	uint32_t *by_person; /* touch indexes sorted by (person, ts); NULL without roles */
	size_t *per_start;
	size_t npeople;    /* max person id + 1 */
	int64_t *person_created; /* INT64_MIN unknown */
	int64_t *account_lead;   /* INT64_MIN unknown */
	struct opp *o;
	size_t no;
	char **paths; /* by crm asset id; NULL where none */
	size_t npaths;
};

static int64_t query_int(struct cc_db *db, const char *sql, int64_t dflt)
{
	sqlite3_stmt *s = NULL;
	int64_t v = dflt;
	if (cc_db_prepare(db, &s, sql) < 0)
		return dflt;
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static int cmp_tch_time(const void *a, const void *b)
{
	const struct tch *x = a, *y = b;
	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	if (x->asset != y->asset)
		return x->asset < y->asset ? -1 : 1;
	return x->person < y->person ? -1 : x->person > y->person;
}

static int64_t floor_day(int64_t ts)
{
	return ts >= 0 ? ts / 86400 : -((-ts + 86399) / 86400);
}

static void data_release(struct data *d)
{
	free(d->t);
	free(d->acc_start);
	free(d->by_person);
	free(d->per_start);
	free(d->person_created);
	free(d->account_lead);
	for (size_t i = 0; i < d->no; i++) {
		free(d->o[i].id);
		free(d->o[i].roles);
	}
	free(d->o);
	/* paths are handed to the result */
	memset(d, 0, sizeof(*d));
}

static int load(struct data *d, struct cc_db *db, int64_t as_of)
{
	sqlite3_stmt *s = NULL;
	int rc;
	size_t npeople = (size_t)query_int(db, "SELECT max(id) FROM crm.people", 0) + 1;
	size_t naccounts = (size_t)query_int(db, "SELECT max(id) FROM crm.accounts", 0) + 1;
	size_t nassets = (size_t)query_int(db, "SELECT max(id) FROM crm.assets", 0) + 1;
	size_t ntouch = (size_t)query_int(db, "SELECT count(*) FROM crm.touches", 0);
	uint32_t *canon = NULL, *cacct = NULL;

	d->base_ts = query_int(db, "SELECT min(ts) FROM crm.touches", 0);
	d->npeople = npeople;
	d->naccounts = naccounts;
	d->npaths = nassets;
	d->paths = cc_xcalloc(nassets, sizeof(char *));
	if (cc_db_prepare(db, &s, "SELECT id, path FROM crm.assets") < 0)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		if (id > 0 && (size_t)id < nassets)
			d->paths[id] = cc_xstrdup((const char *)sqlite3_column_text(s, 1));
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return cc_db_error(db, "reading CRM assets");

	/* Contacts: the canonical person, its account and creation day. */
	canon = cc_xcalloc(npeople, sizeof(*canon));
	cacct = cc_xcalloc(npeople, sizeof(*cacct));
	d->person_created = cc_xmalloc(npeople * sizeof(int64_t));
	d->account_lead = cc_xmalloc(naccounts * sizeof(int64_t));
	for (size_t i = 0; i < npeople; i++)
		d->person_created[i] = INT64_MIN, canon[i] = (uint32_t)i;
	for (size_t i = 0; i < naccounts; i++)
		d->account_lead[i] = INT64_MIN;
	if (cc_db_prepare(db, &s, "SELECT person, canonical, account, created FROM crm.contacts") < 0)
		goto fail;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t p = sqlite3_column_int64(s, 0), c = sqlite3_column_int64(s, 1);
		int64_t a = sqlite3_column_int64(s, 2);
		if (p <= 0 || (size_t)p >= npeople || c <= 0 || (size_t)c >= npeople)
			continue;
		canon[p] = (uint32_t)c;
		if (a > 0 && (size_t)a < naccounts)
			cacct[p] = (uint32_t)a;
		if (sqlite3_column_type(s, 3) != SQLITE_NULL) {
			int64_t cr = sqlite3_column_int64(s, 3);
			if (d->person_created[c] == INT64_MIN || cr < d->person_created[c])
				d->person_created[c] = cr;
			if (cacct[p] && (d->account_lead[cacct[p]] == INT64_MIN || cr < d->account_lead[cacct[p]]))
				d->account_lead[cacct[p]] = cr;
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		goto dberr;

	/* Touches, up to the report day. */
	d->t = cc_xmalloc((ntouch ? ntouch : 1) * sizeof(*d->t));
	if (cc_db_prepare(db, &s, "SELECT person, ts, asset, account FROM crm.touches WHERE ts < ?1") < 0)
		goto fail;
	sqlite3_bind_int64(s, 1, (as_of + 1) * 86400);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && d->nt < ntouch) {
		int64_t p = sqlite3_column_int64(s, 0), ts = sqlite3_column_int64(s, 1);
		int64_t a = sqlite3_column_int64(s, 2), acct = sqlite3_column_int64(s, 3);
		struct tch *t = &d->t[d->nt];
		if (p <= 0 || (size_t)p >= npeople || a <= 0 || (size_t)a >= nassets)
			continue;
		if (ts - d->base_ts > UINT32_MAX)
			continue; /* more than 136 years after the first touch */
		t->person = canon[p];
		t->account = cacct[p] ? cacct[p] : (acct > 0 && (size_t)acct < naccounts ? (uint32_t)acct : 0);
		t->asset = (uint32_t)a;
		t->ts = (uint32_t)(ts - d->base_ts);
		d->nt++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		goto dberr;

	/* Group by account in place (counting sort with cycle swaps), then by time. */
	d->acc_start = cc_xcalloc(naccounts + 1, sizeof(size_t));
	for (size_t i = 0; i < d->nt; i++)
		d->acc_start[d->t[i].account + 1]++;
	for (size_t a = 0; a < naccounts; a++)
		d->acc_start[a + 1] += d->acc_start[a];
	{
		size_t *next = cc_xmalloc((naccounts + 1) * sizeof(size_t));
		memcpy(next, d->acc_start, (naccounts + 1) * sizeof(size_t));
		for (size_t a = 0; a < naccounts; a++) {
			while (next[a] < d->acc_start[a + 1]) {
				struct tch x = d->t[next[a]];
				while (x.account != a) {
					struct tch y = d->t[next[x.account]];
					d->t[next[x.account]++] = x;
					x = y;
				}
				d->t[next[a]++] = x;
			}
		}
		free(next);
	}
	for (size_t a = 0; a < naccounts; a++)
		qsort(d->t + d->acc_start[a], d->acc_start[a + 1] - d->acc_start[a], sizeof(*d->t),
		      cmp_tch_time);

	/* Opportunities, with their contact roles. */
	size_t nopp = (size_t)query_int(db, "SELECT count(*) FROM crm.opportunities", 0);
	d->o = cc_xcalloc(nopp ? nopp : 1, sizeof(*d->o));
	if (cc_db_prepare(db, &s, "SELECT id, account, amount, created, close, closed, won "
				  "FROM crm.opportunities ORDER BY id") < 0)
		goto fail;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && d->no < nopp) {
		struct opp *o = &d->o[d->no++];
		int64_t a = sqlite3_column_int64(s, 1);
		o->id = cc_xstrdup((const char *)sqlite3_column_text(s, 0));
		o->account = a > 0 && (size_t)a < naccounts ? (uint32_t)a : 0;
		o->amount = sqlite3_column_int64(s, 2);
		o->created = sqlite3_column_int64(s, 3);
		o->close = sqlite3_column_type(s, 4) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, 4);
		o->closed = sqlite3_column_int(s, 5) != 0;
		o->won = sqlite3_column_int(s, 6) != 0;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		goto dberr;
	size_t nroles = (size_t)query_int(db, "SELECT count(*) FROM crm.roles", 0);
	if (nroles) {
		size_t k = 0;
		if (cc_db_prepare(db, &s, "SELECT opp, person FROM crm.roles ORDER BY opp") < 0)
			goto fail;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			const char *id = (const char *)sqlite3_column_text(s, 0);
			int64_t p = sqlite3_column_int64(s, 1);
			while (k < d->no && strcmp(d->o[k].id, id) < 0)
				k++;
			if (k == d->no)
				break;
			if (strcmp(d->o[k].id, id) || p <= 0 || (size_t)p >= npeople)
				continue;
			struct opp *o = &d->o[k];
			o->roles = cc_xrealloc(o->roles, (o->nroles + 1) * sizeof(*o->roles));
			o->roles[o->nroles++] = canon[p];
		}
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE && rc != SQLITE_ROW)
			goto dberr;
		/* Touches by person, for opportunities with contact roles. */
		d->per_start = cc_xcalloc(npeople + 1, sizeof(size_t));
		d->by_person = cc_xmalloc((d->nt ? d->nt : 1) * sizeof(uint32_t));
		for (size_t i = 0; i < d->nt; i++)
			d->per_start[d->t[i].person + 1]++;
		for (size_t p = 0; p < npeople; p++)
			d->per_start[p + 1] += d->per_start[p];
		size_t *next = cc_xmalloc((npeople + 1) * sizeof(size_t));
		memcpy(next, d->per_start, (npeople + 1) * sizeof(size_t));
		/* Accounts in order, each in time order: a stable pass keeps each
		 * person's touches in time order within an account; merged later. */
		for (size_t i = 0; i < d->nt; i++)
			d->by_person[next[d->t[i].person]++] = (uint32_t)i;
		free(next);
	}
	free(canon);
	free(cacct);
	return 0;
dberr:
	cc_db_error(db, "reading the CRM database");
fail:
	free(canon);
	free(cacct);
	return -1;
}

/* ---- the report: journeys and credits ---- */

struct agg {
	int64_t *pipeline, *revenue, *opps; /* [model * npaths + asset] */
	size_t *stamp;                      /* last opportunity counted, + 1 */
};

static int cmp_tch_ptr(const void *a, const void *b)
{
	return cmp_tch_time(*(const struct tch *const *)a, *(const struct tch *const *)b);
}

/* The journey of opportunity o: pointers to its counted touches, in order. */
static size_t journey(const struct data *d, const struct opp *o, int64_t start_day, int64_t end_day,
		      const struct tch ***buf, size_t *alloc)
{
	int64_t lo_ts = start_day * 86400 - d->base_ts, hi_ts = (end_day + 1) * 86400 - d->base_ts;
	size_t n = 0;
	if (hi_ts <= 0)
		return 0;
	if (lo_ts < 0)
		lo_ts = 0;
	if (o->nroles && d->by_person) {
		for (size_t r = 0; r < o->nroles; r++) {
			uint32_t p = o->roles[r];
			for (size_t k = d->per_start[p]; k < d->per_start[p + 1]; k++) {
				const struct tch *t = &d->t[d->by_person[k]];
				if (t->ts < lo_ts || t->ts >= hi_ts)
					continue;
				if (n == *alloc) {
					*alloc = *alloc ? *alloc * 2 : 256;
					*buf = cc_xrealloc(*buf, *alloc * sizeof(**buf));
				}
				(*buf)[n++] = t;
			}
		}
		if (n)
			qsort(*buf, n, sizeof(**buf), cmp_tch_ptr);
		return n;
	}
	if (!o->account)
		return 0;
	size_t a = d->acc_start[o->account], b = d->acc_start[o->account + 1];
	size_t lo = a, hi = b;
	while (lo < hi) { /* first touch with ts >= lo_ts */
		size_t mid = lo + (hi - lo) / 2;
		if (d->t[mid].ts < lo_ts)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t first = lo;
	hi = b;
	while (lo < hi) { /* first touch with ts >= hi_ts */
		size_t mid = lo + (hi - lo) / 2;
		if (d->t[mid].ts < hi_ts)
			lo = mid + 1;
		else
			hi = mid;
	}
	n = lo - first;
	if (n > *alloc) {
		*alloc = n;
		*buf = cc_xrealloc(*buf, *alloc * sizeof(**buf));
	}
	for (size_t i = 0; i < n; i++)
		(*buf)[i] = &d->t[first + i];
	return n;
}

static int64_t lead_day(const struct data *d, const struct opp *o)
{
	if (!o->nroles || !d->by_person)
		return o->account ? d->account_lead[o->account] : INT64_MIN;
	int64_t best = INT64_MIN;
	for (size_t r = 0; r < o->nroles; r++) {
		int64_t c = d->person_created[o->roles[r]];
		if (c != INT64_MIN && (best == INT64_MIN || c < best))
			best = c;
	}
	return best;
}

/* Labels of the index's assets for grouping, by crm asset id. */
struct labels {
	char **a, **b; /* first and second key per crm asset; owned */
};

static int load_labels(struct labels *l, struct cc_db *db, const struct data *d, int by)
{
	sqlite3_stmt *s = NULL;
	static const char sql[] =
		"SELECT a.path, a.format,"
		" (SELECT value FROM asset_tags t WHERE t.asset = a.id AND t.dimension = 'persona' ORDER BY ord LIMIT 1),"
		" (SELECT value FROM asset_tags t WHERE t.asset = a.id AND t.dimension = 'stage' ORDER BY ord LIMIT 1),"
		" (SELECT value FROM asset_tags t WHERE t.asset = a.id AND t.dimension = 'topic' ORDER BY ord LIMIT 1)"
		" FROM assets a WHERE a.path = ?1";
	l->a = cc_xcalloc(d->npaths, sizeof(char *));
	l->b = cc_xcalloc(d->npaths, sizeof(char *));
	if (cc_db_prepare(db, &s, sql) < 0)
		return -1;
	for (size_t i = 0; i < d->npaths; i++) {
		if (!d->paths[i])
			continue;
		const char *x = NULL, *y = NULL;
		sqlite3_bind_text(s, 1, d->paths[i], -1, SQLITE_STATIC);
		bool found = sqlite3_step(s) == SQLITE_ROW;
#define COL(k) (found && sqlite3_column_text(s, k) && *sqlite3_column_text(s, k) ? (const char *)sqlite3_column_text(s, k) : "(none)")
		if (by == CC_BY_PERSONA_STAGE)
			x = COL(2), y = COL(3);
		else if (by == CC_BY_TOPIC)
			x = COL(4);
		else
			x = COL(1);
#undef COL
		l->a[i] = cc_xstrdup(found ? x : "(not in the index)");
		l->b[i] = y ? cc_xstrdup(found ? y : "(not in the index)") : NULL;
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	return 0;
}

static void labels_release(struct labels *l, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(l->a ? l->a[i] : NULL);
		free(l->b ? l->b[i] : NULL);
	}
	free(l->a);
	free(l->b);
}

static int cmp_row(const void *a, const void *b)
{
	const struct cc_influence_row *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c || !x->key2 || !y->key2)
		return c;
	return strcmp(x->key2, y->key2);
}

int cc_influence_compute(struct cc_influence_result *out, struct cc_db *db,
			 const struct cc_config *cfg, const struct cc_influence_options *o)
{
	struct data d = {0};
	struct agg g = {0};
	struct cc_credit_work work = {0};
	struct cc_model_params mp;
	const struct tch **jt = NULL;
	size_t jalloc = 0, calloc_n = 0;
	int64_t *days = NULL, *credit = NULL;
	bool *share = NULL;
	int64_t explain_id = 0;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	memcpy(out->models, o->models, sizeof(out->models));
	out->by = o->by;
	out->since = o->since;
	out->as_of = o->as_of;
	mp.half_life_days = cfg->influence.half_life_days;
	memcpy(mp.custom, cfg->influence.custom, sizeof(mp.custom));
	if (o->models[CC_MODEL_CUSTOM] && !cfg->influence.has_custom) {
		cc_error("the custom model needs influence.weights in the config (first, lead, "
			 "opportunity, won, between)");
		return -1;
	}
	if (load(&d, db, o->as_of) < 0)
		goto cleanup;
	out->paths = d.paths;
	out->npaths = d.npaths;
	if (o->explain) {
		struct cc_asset_names *names = NULL;
		bool amb = false;
		if (cc_asset_names_load(&names, db, cfg) < 0)
			goto cleanup;
		const char *path = cc_asset_names_resolve(names, o->explain, &amb);
		/* An asset no longer in the index may still have touches. */
		if (!path)
			path = o->explain;
		for (size_t i = 1; i < d.npaths; i++)
			if (d.paths[i] && !strcmp(d.paths[i], path))
				explain_id = (int64_t)i;
		if (!explain_id) {
			cc_error(amb ? "'%s' names several assets" : "'%s' has no touches in the CRM data",
				 o->explain);
			cc_asset_names_free(names);
			goto cleanup;
		}
		out->explain_asset = cc_xstrdup(d.paths[explain_id]);
		cc_asset_names_free(names);
	}
	size_t cells = (size_t)CC_MODEL_COUNT * d.npaths;
	g.pipeline = cc_xcalloc(cells ? cells : 1, sizeof(int64_t));
	g.revenue = cc_xcalloc(cells ? cells : 1, sizeof(int64_t));
	g.opps = cc_xcalloc(cells ? cells : 1, sizeof(int64_t));
	g.stamp = cc_xcalloc(cells ? cells : 1, sizeof(size_t));
	for (size_t k = 0; k < d.no; k++) {
		const struct opp *op = &d.o[k];
		if (op->created > o->as_of || (o->since != INT64_MIN && op->created < o->since))
			continue;
		out->opportunities++;
		bool closed = op->closed && op->close >= 0 && op->close <= o->as_of;
		bool won = closed && op->won;
		int64_t end = closed ? op->close : o->as_of;
		if (end < op->created)
			end = op->created;
		size_t n = journey(&d, op, op->created - cfg->influence.lookback_days, end, &jt, &jalloc);
		if (!n)
			continue;
		out->influenced++;
		out->pipeline += op->amount;
		if (won)
			out->revenue += op->amount;
		if (n > calloc_n) {
			calloc_n = n * 2;
			days = cc_xrealloc(days, calloc_n * sizeof(*days));
			credit = cc_xrealloc(credit, calloc_n * CC_MODEL_COUNT * sizeof(*credit));
			share = cc_xrealloc(share, calloc_n * sizeof(*share));
		}
		bool explain_here = false;
		for (size_t i = 0; i < n; i++) {
			days[i] = floor_day((int64_t)jt[i]->ts + d.base_ts);
			explain_here |= explain_id && jt[i]->asset == (uint32_t)explain_id;
		}
		struct cc_journey j = {days, n, op->created, lead_day(&d, op), won, op->amount};
		for (int m = 0; m < CC_MODEL_COUNT; m++) {
			if (!o->models[m])
				continue;
			int64_t *c = credit + (size_t)m * calloc_n;
			cc_influence_credit(c, share, &j, m, &mp, &work);
			for (size_t i = 0; i < n; i++) {
				if (!share[i])
					continue;
				size_t cell = (size_t)m * d.npaths + jt[i]->asset;
				g.pipeline[cell] += c[i];
				if (won)
					g.revenue[cell] += c[i];
				if (g.stamp[cell] != k + 1) {
					g.stamp[cell] = k + 1;
					g.opps[cell]++;
				}
			}
		}
		if (explain_here) {
			out->explain = cc_xrealloc(out->explain, (out->nexplain + 1) * sizeof(*out->explain));
			struct cc_explain_opp *e = &out->explain[out->nexplain++];
			long pos[CC_POS_COUNT];
			cc_influence_positions(&j, pos);
			e->id = cc_xstrdup(op->id);
			e->amount = op->amount;
			e->created = op->created;
			e->close = closed ? op->close : -1;
			e->won = won;
			e->lost = closed && !won;
			e->n = n;
			e->touches = cc_xcalloc(n, sizeof(*e->touches));
			for (size_t i = 0; i < n; i++) {
				struct cc_explain_touch *t = &e->touches[i];
				t->day = days[i];
				t->asset = d.paths[jt[i]->asset];
				for (int q = 0; q < CC_POS_COUNT; q++)
					if (pos[q] == (long)i)
						t->positions |= 1u << q;
				for (int m = 0; m < CC_MODEL_COUNT; m++)
					t->credit[m] = o->models[m] ? credit[(size_t)m * calloc_n + i] : 0;
			}
		}
	}
	/* Rows: per asset, or per cell of the asset's labels. */
	struct labels l = {0};
	if (o->by != CC_BY_ASSET && load_labels(&l, db, &d, o->by) < 0) {
		labels_release(&l, d.npaths);
		goto cleanup;
	}
	for (size_t a = 1; a < d.npaths; a++) {
		bool any = false;
		for (int m = 0; m < CC_MODEL_COUNT; m++)
			any |= o->models[m] && g.opps[(size_t)m * d.npaths + a];
		if (!any || !d.paths[a])
			continue;
		const char *k1 = o->by == CC_BY_ASSET ? d.paths[a] : l.a[a];
		const char *k2 = o->by == CC_BY_PERSONA_STAGE ? l.b[a] : NULL;
		struct cc_influence_row *r = NULL;
		if (o->by != CC_BY_ASSET)
			for (size_t i = 0; i < out->n && !r; i++)
				if (!strcmp(out->rows[i].key, k1) && (!k2 || !strcmp(out->rows[i].key2, k2)))
					r = &out->rows[i];
		if (!r) {
			out->rows = cc_xrealloc(out->rows, (out->n + 1) * sizeof(*out->rows));
			r = &out->rows[out->n++];
			memset(r, 0, sizeof(*r));
			r->key = cc_xstrdup(k1);
			r->key2 = k2 ? cc_xstrdup(k2) : NULL;
		}
		for (int m = 0; m < CC_MODEL_COUNT; m++) {
			size_t cell = (size_t)m * d.npaths + a;
			r->pipeline[m] += g.pipeline[cell];
			r->revenue[m] += g.revenue[cell];
			r->opps[m] += g.opps[cell]; /* per cell: asset-opportunity pairs */
		}
	}
	labels_release(&l, d.npaths);
	if (out->n)
		qsort(out->rows, out->n, sizeof(*out->rows), cmp_row);
	ret = 0;
cleanup:
	if (!out->paths) {
		for (size_t i = 0; i < d.npaths; i++)
			free(d.paths ? d.paths[i] : NULL);
		free(d.paths);
	}
	data_release(&d);
	free(g.pipeline);
	free(g.revenue);
	free(g.opps);
	free(g.stamp);
	free(jt);
	free(days);
	free(credit);
	free(share);
	cc_credit_work_release(&work);
	return ret;
}

void cc_influence_result_release(struct cc_influence_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->rows[i].key);
		free(r->rows[i].key2);
	}
	free(r->rows);
	for (size_t i = 0; i < r->nexplain; i++) {
		free(r->explain[i].id);
		free(r->explain[i].touches);
	}
	free(r->explain);
	free(r->explain_asset);
	for (size_t i = 0; i < r->npaths; i++)
		free(r->paths[i]);
	free(r->paths);
	memset(r, 0, sizeof(*r));
}

/* ---- renderers ---- */

static const char *by_header(int by)
{
	switch (by) {
	case CC_BY_PERSONA_STAGE:
		return "persona,stage";
	case CC_BY_TOPIC:
		return "topic";
	case CC_BY_FORMAT:
		return "format";
	default:
		return "asset";
	}
}

void cc_influence_write_csv(struct cc_buf *b, const struct cc_influence_result *r)
{
	/* RFC 4180 with CRLF, as every contentcal CSV. */
	cc_buf_addf(b, "%s,model,opportunities,pipeline,revenue\r\n", by_header(r->by));
	for (size_t i = 0; i < r->n; i++) {
		const struct cc_influence_row *row = &r->rows[i];
		for (int m = 0; m < CC_MODEL_COUNT; m++) {
			if (!r->models[m])
				continue;
			cc_buf_add_csv(b, row->key);
			if (r->by == CC_BY_PERSONA_STAGE) {
				cc_buf_addch(b, ',');
				cc_buf_add_csv(b, row->key2);
			}
			cc_buf_addf(b, ",%s,%lld,", model_names[m], (long long)row->opps[m]);
			cc_buf_add_cents(b, row->pipeline[m]);
			cc_buf_addch(b, ',');
			cc_buf_add_cents(b, row->revenue[m]);
			cc_buf_adds(b, "\r\n");
		}
	}
}

static json_t *json_day(int64_t day)
{
	char s[16];
	if (day == INT64_MIN || day < -1000000 || day > 10000000)
		return json_null();
	cc_day_format(s, day);
	return json_string(s);
}

static const char *const pos_names[CC_POS_COUNT] = {"FT", "LC", "OC", "CW"};

void cc_influence_write_json(struct cc_buf *b, const struct cc_influence_result *r)
{
	json_t *doc = json_object(), *models = json_array(), *rows = json_array();
	for (int m = 0; m < CC_MODEL_COUNT; m++)
		if (r->models[m])
			json_array_append_new(models, json_string(model_names[m]));
	json_object_set_new(doc, "since", r->since == INT64_MIN ? json_null() : json_day(r->since));
	json_object_set_new(doc, "as_of", json_day(r->as_of));
	json_object_set_new(doc, "models", models);
	json_object_set_new(doc, "by", json_string(r->by == CC_BY_ASSET ? "asset" : r->by == CC_BY_PERSONA_STAGE ? "persona-stage" : by_header(r->by)));
	json_object_set_new(doc, "opportunities", json_integer((json_int_t)r->opportunities));
	json_object_set_new(doc, "influenced", json_integer((json_int_t)r->influenced));
	json_object_set_new(doc, "pipeline_cents", json_integer(r->pipeline));
	json_object_set_new(doc, "revenue_cents", json_integer(r->revenue));
	for (size_t i = 0; i < r->n; i++) {
		const struct cc_influence_row *row = &r->rows[i];
		json_t *o = json_object(), *per = json_object();
		if (r->by == CC_BY_PERSONA_STAGE) {
			json_object_set_new(o, "persona", json_string(row->key));
			json_object_set_new(o, "stage", json_string(row->key2));
		} else {
			json_object_set_new(o, r->by == CC_BY_ASSET ? "asset" : by_header(r->by), json_string(row->key));
		}
		for (int m = 0; m < CC_MODEL_COUNT; m++)
			if (r->models[m])
				json_object_set_new(per, model_names[m],
						    json_pack("{s:I, s:I, s:I}", "opportunities", (json_int_t)row->opps[m],
							      "pipeline_cents", (json_int_t)row->pipeline[m],
							      "revenue_cents", (json_int_t)row->revenue[m]));
		json_object_set_new(o, "models", per);
		json_array_append_new(rows, o);
	}
	json_object_set_new(doc, "rows", rows);
	if (r->explain_asset) {
		json_t *ex = json_array();
		for (size_t i = 0; i < r->nexplain; i++) {
			const struct cc_explain_opp *e = &r->explain[i];
			json_t *o = json_object(), *ts = json_array();
			json_object_set_new(o, "opportunity", json_string(e->id));
			json_object_set_new(o, "amount_cents", json_integer(e->amount));
			json_object_set_new(o, "created", json_day(e->created));
			json_object_set_new(o, "closed", e->close < 0 ? json_null() : json_day(e->close));
			json_object_set_new(o, "status", json_string(e->won ? "won" : e->lost ? "lost" : "open"));
			for (size_t k = 0; k < e->n; k++) {
				const struct cc_explain_touch *t = &e->touches[k];
				json_t *tj = json_object(), *pos = json_array(), *cr = json_object();
				json_object_set_new(tj, "day", json_day(t->day));
				json_object_set_new(tj, "asset", json_string(t->asset));
				for (int q = 0; q < CC_POS_COUNT; q++)
					if (t->positions & (1u << q))
						json_array_append_new(pos, json_string(pos_names[q]));
				json_object_set_new(tj, "positions", pos);
				for (int m = 0; m < CC_MODEL_COUNT; m++)
					if (r->models[m])
						json_object_set_new(cr, model_names[m], json_integer(t->credit[m]));
				json_object_set_new(tj, "credit_cents", cr);
				json_array_append_new(ts, tj);
			}
			json_object_set_new(o, "touches", ts);
			json_array_append_new(ex, o);
		}
		json_object_set_new(doc, "explain", json_pack("{s:s, s:o}", "asset", r->explain_asset, "opportunities", ex));
	}
	char *s = json_dumps(doc, JSON_INDENT(2) | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER);
	cc_buf_adds(b, s);
	cc_buf_addch(b, '\n');
	free(s);
	json_decref(doc);
}

/* Appends s padded (or cut) to width characters (bytes: paths are ASCII mostly). */
static void pad(struct cc_buf *b, const char *s, int width, bool right)
{
	struct cc_buf t = CC_BUF_INIT;
	cc_buf_add_safe(&t, s, false);
	int n = (int)t.len;
	if (right)
		for (int i = n; i < width; i++)
			cc_buf_addch(b, ' ');
	cc_buf_add(b, t.buf, t.len);
	if (!right)
		for (int i = n; i < width; i++)
			cc_buf_addch(b, ' ');
	cc_buf_release(&t);
}

static void cents_cell(struct cc_buf *b, int64_t cents, int width)
{
	struct cc_buf t = CC_BUF_INIT;
	cc_buf_add_cents(&t, cents);
	pad(b, t.buf, width, true);
	cc_buf_release(&t);
}

void cc_influence_write_text(struct cc_buf *b, const struct cc_influence_result *r)
{
	char since[16] = "the start", as_of[16];
	int nm = 0, key_w = 8;
	if (r->since != INT64_MIN)
		cc_day_format(since, r->since);
	cc_day_format(as_of, r->as_of);
	for (int m = 0; m < CC_MODEL_COUNT; m++)
		nm += r->models[m];
	cc_buf_addf(b, "opportunities created from %s to %s: %zu, %zu influenced by content; pipeline ",
		    since, as_of, r->opportunities, r->influenced);
	cc_buf_add_cents(b, r->pipeline);
	cc_buf_adds(b, ", won revenue ");
	cc_buf_add_cents(b, r->revenue);
	cc_buf_addch(b, '\n');
	for (size_t i = 0; i < r->n; i++) {
		int w = (int)strlen(r->rows[i].key) + (r->rows[i].key2 ? 3 + (int)strlen(r->rows[i].key2) : 0);
		if (w > key_w)
			key_w = w;
	}
	if (key_w > 60)
		key_w = 60;
	const char *what[] = {"pipeline", "revenue"};
	for (int part = 0; part < (nm == 1 ? 1 : 2); part++) {
		cc_buf_addch(b, '\n');
		if (nm > 1)
			cc_buf_addf(b, "%s by model\n", what[part]);
		pad(b, r->by == CC_BY_PERSONA_STAGE ? "persona × stage" : by_header(r->by), key_w + (r->by == CC_BY_PERSONA_STAGE), false);
		for (int m = 0; m < CC_MODEL_COUNT; m++) {
			if (!r->models[m])
				continue;
			cc_buf_addch(b, ' ');
			if (nm == 1) {
				cc_buf_adds(b, " opps");
				pad(b, "pipeline", 14, true);
				pad(b, "revenue", 14, true);
				cc_buf_addf(b, "  (%s)", model_names[m]);
			} else {
				pad(b, model_names[m], 13, true);
			}
		}
		cc_buf_addch(b, '\n');
		for (size_t i = 0; i < r->n; i++) {
			const struct cc_influence_row *row = &r->rows[i];
			struct cc_buf k = CC_BUF_INIT;
			cc_buf_adds(&k, row->key);
			if (row->key2)
				cc_buf_addf(&k, " × %s", row->key2);
			pad(b, k.buf, key_w, false);
			cc_buf_release(&k);
			for (int m = 0; m < CC_MODEL_COUNT; m++) {
				if (!r->models[m])
					continue;
				cc_buf_addch(b, ' ');
				if (nm == 1) {
					cc_buf_addf(b, "%5lld", (long long)row->opps[m]);
					cents_cell(b, row->pipeline[m], 14);
					cents_cell(b, row->revenue[m], 14);
				} else {
					cents_cell(b, part ? row->revenue[m] : row->pipeline[m], 13);
				}
			}
			cc_buf_addch(b, '\n');
		}
	}
	if (!r->explain_asset)
		return;
	cc_buf_addch(b, '\n');
	cc_buf_adds(b, "explain ");
	cc_buf_add_safe(b, r->explain_asset, false);
	cc_buf_addf(b, ": %zu opportunit%s with a touch of it (credit per touch; * marks it)\n",
		    r->nexplain, r->nexplain == 1 ? "y" : "ies");
	for (size_t i = 0; i < r->nexplain; i++) {
		const struct cc_explain_opp *e = &r->explain[i];
		char c[16], cl[16] = "";
		cc_day_format(c, e->created);
		if (e->close >= 0)
			cc_day_format(cl, e->close);
		cc_buf_adds(b, "\nopportunity ");
		cc_buf_add_safe(b, e->id, false);
		cc_buf_adds(b, ": amount ");
		cc_buf_add_cents(b, e->amount);
		cc_buf_addf(b, ", created %s, %s%s%s\n", c, e->won ? "won " : e->lost ? "lost " : "open",
			    cl, "");
		cc_buf_adds(b, "  day         pos          ");
		int aw = 40;
		pad(b, "asset", aw, false);
		for (int m = 0; m < CC_MODEL_COUNT; m++)
			if (r->models[m])
				pad(b, model_names[m], 14, true);
		cc_buf_addch(b, '\n');
		int64_t sum[CC_MODEL_COUNT] = {0};
		for (size_t k = 0; k < e->n; k++) {
			const struct cc_explain_touch *t = &e->touches[k];
			char dd[16];
			struct cc_buf p = CC_BUF_INIT;
			cc_day_format(dd, t->day);
			for (int q = 0; q < CC_POS_COUNT; q++)
				if (t->positions & (1u << q))
					cc_buf_addf(&p, "%s%s", p.len ? "," : "", pos_names[q]);
			cc_buf_addf(b, "  %s  ", dd);
			pad(b, p.buf, 12, false);
			cc_buf_adds(b, strcmp(t->asset, r->explain_asset) ? " " : "*");
			pad(b, t->asset, aw, false);
			for (int m = 0; m < CC_MODEL_COUNT; m++)
				if (r->models[m]) {
					cents_cell(b, t->credit[m], 14);
					sum[m] += t->credit[m];
				}
			cc_buf_addch(b, '\n');
			cc_buf_release(&p);
		}
		cc_buf_adds(b, "  total");
		pad(b, "", 6 + 13 + aw, false);
		for (int m = 0; m < CC_MODEL_COUNT; m++)
			if (r->models[m])
				cents_cell(b, sum[m], 14);
		cc_buf_addch(b, '\n');
	}
}

/* ---- the nurturing effect ---- */

void cc_wilson(size_t k, size_t n, double *lo, double *hi)
{
	const double z = 1.96;
	if (!n) {
		*lo = 0, *hi = 1;
		return;
	}
	double p = (double)k / (double)n, nn = (double)n;
	double den = 1 + z * z / nn;
	double mid = (p + z * z / (2 * nn)) / den;
	double half = z * sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn)) / den;
	*lo = mid - half < 0 ? 0 : mid - half;
	*hi = mid + half > 1 ? 1 : mid + half;
}

double cc_quantile(const int64_t *v, size_t n, double p)
{
	double h = (double)(n - 1) * p;
	size_t i = (size_t)h;
	if (i + 1 >= n)
		return (double)v[n - 1];
	return (double)v[i] + (h - (double)i) * (double)(v[i + 1] - v[i]);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

struct stage_entry {
	int stage; /* index into the funnel names, before ordering */
	int64_t day;
};

struct vq {
	int fy, q;
	int64_t *v;
	size_t n, alloc;
};

static int cmp_vq(const void *a, const void *b)
{
	const struct vq *x = a, *y = b;
	return x->fy != y->fy ? (x->fy < y->fy ? -1 : 1) : (x->q > y->q) - (x->q < y->q);
}

struct stage_name {
	char *name;
	double rank_sum;
	size_t seen;
	int order;
};

static int cmp_stage_name(const void *a, const void *b)
{
	const struct stage_name *x = a, *y = b;
	double mx = x->rank_sum / (double)x->seen, my = y->rank_sum / (double)y->seen;
	if (mx != my)
		return mx < my ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int cmp_prog(const void *a, const void *b, void *ctx)
{
	const struct cc_progression *x = a, *y = b;
	char **funnel = ctx;
	(void)funnel;
	int c = strcmp(x->stage, y->stage);
	if (c)
		return c;
	double lx = (x->n1 ? (double)x->k1 / (double)x->n1 : 0) - (x->n0 ? (double)x->k0 / (double)x->n0 : 0);
	double ly = (y->n1 ? (double)y->k1 / (double)y->n1 : 0) - (y->n0 ? (double)y->k0 / (double)y->n0 : 0);
	if (lx != ly)
		return lx > ly ? -1 : 1;
	return strcmp(x->asset, y->asset);
}

int cc_nurture_compute(struct cc_nurture_result *out, struct cc_db *db, const struct cc_config *cfg,
		       int64_t since, int64_t as_of)
{
	struct data d = {0};
	const struct tch **jt = NULL;
	size_t jalloc = 0;
	struct vq *qs = NULL;
	size_t nq = 0;
	struct stage_name *names = NULL;
	size_t nnames = 0;
	struct stage_entry **hist = NULL; /* per opportunity */
	size_t *nhist = NULL;
	char **lost = NULL;
	size_t nlost = 0;
	int *order = NULL;
	sqlite3_stmt *s = NULL;
	int ret = -1, rc;
	int N = cfg->influence.progression_days;

	memset(out, 0, sizeof(*out));
	out->since = since;
	out->as_of = as_of;
	out->progression_days = N;
	out->min_sample = cfg->influence.min_sample;
	if (load(&d, db, as_of) < 0)
		goto cleanup;
	out->paths = d.paths;
	out->npaths = d.npaths;

	/* Stage names of lost opportunities are not funnel stages. */
	if (cc_db_prepare(db, &s, "SELECT DISTINCT stage FROM crm.opportunities WHERE closed AND NOT won") < 0)
		goto cleanup;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		lost = cc_xrealloc(lost, (nlost + 1) * sizeof(*lost));
		lost[nlost++] = cc_xstrdup((const char *)sqlite3_column_text(s, 0));
	}
	sqlite3_finalize(s);
	/* History: each opportunity's funnel stages with the day first entered. */
	hist = cc_xcalloc(d.no ? d.no : 1, sizeof(*hist));
	nhist = cc_xcalloc(d.no ? d.no : 1, sizeof(*nhist));
	if (cc_db_prepare(db, &s, "SELECT opp, stage, min(day) AS d FROM crm.stages WHERE day <= ?1 "
				  "GROUP BY opp, stage ORDER BY opp, d, stage") < 0)
		goto cleanup;
	sqlite3_bind_int64(s, 1, as_of);
	size_t k = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(s, 0);
		const char *st = (const char *)sqlite3_column_text(s, 1);
		bool is_lost = false;
		for (size_t i = 0; i < nlost; i++)
			is_lost |= !strcmp(lost[i], st);
		while (k < d.no && strcmp(d.o[k].id, id) < 0)
			k++;
		if (k == d.no)
			break;
		if (is_lost || strcmp(d.o[k].id, id))
			continue;
		int si = -1;
		for (size_t i = 0; i < nnames && si < 0; i++)
			if (!strcmp(names[i].name, st))
				si = (int)i;
		if (si < 0) {
			names = cc_xrealloc(names, (nnames + 1) * sizeof(*names));
			names[nnames] = (struct stage_name){cc_xstrdup(st), 0, 0, 0};
			si = (int)nnames++;
		}
		hist[k] = cc_xrealloc(hist[k], (nhist[k] + 1) * sizeof(**hist));
		hist[k][nhist[k]++] = (struct stage_entry){si, sqlite3_column_int64(s, 2)};
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		cc_db_error(db, "reading opportunity history");
		goto cleanup;
	}
	/* Funnel order: each stage's mean position in the histories. */
	for (size_t o = 0; o < d.no; o++)
		for (size_t i = 0; i < nhist[o]; i++) {
			names[hist[o][i].stage].rank_sum += (double)i;
			names[hist[o][i].stage].seen++;
		}
	for (size_t i = 0; i < nnames; i++)
		names[i].order = (int)i;
	if (nnames)
		qsort(names, nnames, sizeof(*names), cmp_stage_name);
	order = cc_xmalloc((nnames ? nnames : 1) * sizeof(int)); /* old index → funnel position */
	for (size_t i = 0; i < nnames; i++)
		order[names[i].order] = (int)i;
	out->funnel = cc_xcalloc(nnames ? nnames : 1, sizeof(char *));
	out->nfunnel = nnames;
	for (size_t i = 0; i < nnames; i++)
		out->funnel[i] = cc_xstrdup(names[i].name);

	size_t F = nnames, A = d.npaths;
	size_t *n_at = cc_xcalloc(F + 1, sizeof(size_t)), *r_at = cc_xcalloc(F + 1, sizeof(size_t));
	size_t *n1 = cc_xcalloc(A * F + 1, sizeof(size_t)), *k1 = cc_xcalloc(A * F + 1, sizeof(size_t));
	size_t *stamp = cc_xcalloc(A * F + 1, sizeof(size_t)), *sopps = cc_xcalloc(A * F + 1, sizeof(size_t));
	double *score = cc_xcalloc(A * F + 1, sizeof(double));
	size_t *cnt = cc_xcalloc(A + 1, sizeof(size_t));
	int64_t *entry = cc_xmalloc((F + 1) * sizeof(int64_t));

	for (size_t o = 0; o < d.no; o++) {
		const struct opp *op = &d.o[o];
		if (op->created > as_of || (since != INT64_MIN && op->created < since))
			continue;
		bool closed = op->closed && op->close >= 0 && op->close <= as_of;
		int64_t end = closed ? op->close : as_of;
		if (end < op->created)
			end = op->created;
		size_t n = journey(&d, op, op->created - cfg->influence.lookback_days, end, &jt, &jalloc);
		if (!n)
			continue;
		int64_t first = floor_day((int64_t)jt[0]->ts + d.base_ts);
		if (first <= op->created) {
			struct cc_quarter q;
			if (cc_quarter_of(&q, op->created, cfg->calendar.fiscal_year_start, cfg->calendar.week_start) == 0) {
				struct vq *v = NULL;
				for (size_t i = 0; i < nq && !v; i++)
					if (qs[i].fy == q.fy && qs[i].q == q.q)
						v = &qs[i];
				if (!v) {
					qs = cc_xrealloc(qs, (nq + 1) * sizeof(*qs));
					v = &qs[nq++];
					memset(v, 0, sizeof(*v));
					v->fy = q.fy, v->q = q.q;
				}
				CC_GROW(v->v, v->alloc, v->n + 1);
				v->v[v->n++] = op->created - first;
			}
		}
		if (!nhist[o])
			continue;
		for (size_t f = 0; f < F; f++)
			entry[f] = INT64_MIN;
		for (size_t i = 0; i < nhist[o]; i++) {
			int f = order[hist[o][i].stage];
			if (entry[f] == INT64_MIN || hist[o][i].day < entry[f])
				entry[f] = hist[o][i].day;
		}
		for (size_t f = 0; f < F; f++) {
			if (entry[f] == INT64_MIN)
				continue;
			int64_t eS = entry[f], after = INT64_MAX;
			for (size_t g = f + 1; g < F; g++)
				if (entry[g] != INT64_MIN && entry[g] >= eS && entry[g] < after)
					after = entry[g];
			/* Stage score: the asset's share of the touches up to entering S. */
			size_t total = 0;
			for (size_t i = 0; i < n && floor_day((int64_t)jt[i]->ts + d.base_ts) <= eS; i++) {
				cnt[jt[i]->asset]++;
				total++;
			}
			for (size_t i = 0; i < total; i++) {
				uint32_t a = jt[i]->asset;
				if (!cnt[a])
					continue;
				size_t cell = (size_t)a * F + f;
				score[cell] += (double)cnt[a] / (double)total;
				sopps[cell]++;
				cnt[a] = 0;
			}
			/* Progression: only where the outcome is known. */
			if (f + 1 >= F)
				continue;
			bool reached = after != INT64_MAX && after - eS <= N;
			if (!reached && eS + N > as_of)
				continue;
			n_at[f]++;
			r_at[f] += reached;
			int64_t hi = reached ? after - 1 : eS + N;
			for (size_t i = 0; i < n; i++) {
				int64_t day = floor_day((int64_t)jt[i]->ts + d.base_ts);
				if (day < eS || day > hi)
					continue;
				size_t cell = (size_t)jt[i]->asset * F + f;
				if (stamp[cell] == o + 1)
					continue;
				stamp[cell] = o + 1;
				n1[cell]++;
				k1[cell] += reached;
			}
		}
	}
	/* Velocity per quarter, and its trend. */
	if (nq)
		qsort(qs, nq, sizeof(*qs), cmp_vq);
	out->velocity = cc_xcalloc(nq ? nq : 1, sizeof(*out->velocity));
	double sx = 0, sy = 0, sxx = 0, sxy = 0;
	for (size_t i = 0; i < nq; i++) {
		struct cc_velocity *v = &out->velocity[out->nvelocity++];
		struct cc_quarter q;
		cc_quarter_make(&q, qs[i].fy, qs[i].q, cfg->calendar.fiscal_year_start, cfg->calendar.week_start);
		cc_quarter_name(&q, v->quarter);
		qsort(qs[i].v, qs[i].n, sizeof(int64_t), cmp_i64);
		v->n = qs[i].n;
		v->median = cc_quantile(qs[i].v, qs[i].n, 0.5);
		v->q1 = cc_quantile(qs[i].v, qs[i].n, 0.25);
		v->q3 = cc_quantile(qs[i].v, qs[i].n, 0.75);
		double x = (double)((qs[i].fy - qs[0].fy) * 4 + qs[i].q - qs[0].q);
		sx += x, sy += v->median, sxx += x * x, sxy += x * v->median;
	}
	if (nq >= 2 && nq * sxx - sx * sx > 0) {
		out->slope = ((double)nq * sxy - sx * sy) / ((double)nq * sxx - sx * sx);
		out->trend = cc_xstrdup(out->slope <= -1 ? "shrinking" : out->slope >= 1 ? "growing" : "flat");
	} else {
		out->trend = cc_xstrdup("unknown");
	}
	/* Declared intent assets. */
	char **declared = NULL;
	size_t ndeclared = 0;
	if (cc_db_prepare(db, &s, "SELECT DISTINCT a.path FROM assets a JOIN asset_fields f ON f.asset = a.id "
				  "WHERE f.key = 'intent' AND lower(f.value_text) IN ('true', 'yes') ORDER BY a.path") == 0) {
		while (sqlite3_step(s) == SQLITE_ROW) {
			declared = cc_xrealloc(declared, (ndeclared + 1) * sizeof(char *));
			declared[ndeclared++] = cc_xstrdup((const char *)sqlite3_column_text(s, 0));
		}
		sqlite3_finalize(s);
	}
	bool *measured = cc_xcalloc(ndeclared + 1, sizeof(bool));
	for (size_t a = 1; a < A; a++) {
		if (!d.paths[a])
			continue;
		bool is_declared = false;
		size_t di = 0;
		for (size_t i = 0; i < ndeclared; i++)
			if (!strcmp(declared[i], d.paths[a]))
				is_declared = true, di = i;
		for (size_t f = 0; f < F; f++) {
			size_t cell = a * F + f;
			if (sopps[cell]) {
				out->scores = cc_xrealloc(out->scores, (out->nscores + 1) * sizeof(*out->scores));
				out->scores[out->nscores++] = (struct cc_stage_score){d.paths[a], cc_xstrdup(out->funnel[f]), score[cell], sopps[cell]};
			}
			if (f + 1 >= F || !n1[cell])
				continue;
			struct cc_progression *p;
			out->prog = cc_xrealloc(out->prog, (out->nprog + 1) * sizeof(*out->prog));
			p = &out->prog[out->nprog++];
			memset(p, 0, sizeof(*p));
			p->asset = d.paths[a];
			p->stage = cc_xstrdup(out->funnel[f]);
			p->next = cc_xstrdup(out->funnel[f + 1]);
			p->n1 = n1[cell], p->k1 = k1[cell];
			p->n0 = n_at[f] - n1[cell], p->k0 = r_at[f] - k1[cell];
			cc_wilson(p->k1, p->n1, &p->lo1, &p->hi1);
			cc_wilson(p->k0, p->n0, &p->lo0, &p->hi0);
			p->intent = p->n1 >= (size_t)out->min_sample && p->n0 >= (size_t)out->min_sample && p->lo1 > p->hi0;
			p->declared = is_declared;
			if (p->intent && is_declared)
				measured[di] = true;
		}
	}
	for (size_t i = 0; i < ndeclared; i++) {
		if (measured[i]) {
			free(declared[i]);
			continue;
		}
		out->declared_only = cc_xrealloc(out->declared_only, (out->ndeclared_only + 1) * sizeof(char *));
		out->declared_only[out->ndeclared_only++] = declared[i];
	}
	free(declared);
	free(measured);
	/* Sort by funnel position: each stage name is prefixed with its
	 * position for the sort, and the prefix removed after. */
	for (size_t i = 0; i < out->nprog; i++)
		for (size_t f = 0; f < F; f++)
			if (!strcmp(out->prog[i].stage, out->funnel[f])) {
				/* prefix the stage with its position for a stable sort, then strip */
				struct cc_buf b = CC_BUF_INIT;
				cc_buf_addf(&b, "%04zu%s", f, out->prog[i].stage);
				free(out->prog[i].stage);
				out->prog[i].stage = cc_buf_detach(&b, NULL);
				break;
			}
	if (out->nprog)
		qsort_r(out->prog, out->nprog, sizeof(*out->prog), cmp_prog, out->funnel);
	for (size_t i = 0; i < out->nprog; i++)
		memmove(out->prog[i].stage, out->prog[i].stage + 4, strlen(out->prog[i].stage + 4) + 1);
	free(n_at), free(r_at), free(n1), free(k1), free(stamp), free(sopps), free(score);
	free(cnt), free(entry);
	ret = 0;
cleanup:
	if (!out->paths) {
		for (size_t i = 0; i < d.npaths; i++)
			free(d.paths ? d.paths[i] : NULL);
		free(d.paths);
	}
	for (size_t o = 0; o < d.no && hist; o++)
		free(hist[o]);
	free(hist);
	free(nhist);
	data_release(&d);
	for (size_t i = 0; i < nq; i++)
		free(qs[i].v);
	free(qs);
	for (size_t i = 0; i < nnames; i++)
		free(names[i].name);
	free(names);
	for (size_t i = 0; i < nlost; i++)
		free(lost[i]);
	free(lost);
	free(order);
	free(jt);
	return ret;
}

void cc_nurture_result_release(struct cc_nurture_result *r)
{
	free(r->velocity);
	free(r->trend);
	for (size_t i = 0; i < r->nfunnel; i++)
		free(r->funnel[i]);
	free(r->funnel);
	for (size_t i = 0; i < r->nprog; i++) {
		free(r->prog[i].stage);
		free(r->prog[i].next);
	}
	free(r->prog);
	for (size_t i = 0; i < r->nscores; i++)
		free(r->scores[i].stage);
	free(r->scores);
	for (size_t i = 0; i < r->ndeclared_only; i++)
		free(r->declared_only[i]);
	free(r->declared_only);
	for (size_t i = 0; i < r->npaths; i++)
		free(r->paths[i]);
	free(r->paths);
	memset(r, 0, sizeof(*r));
}

void cc_nurture_write_json(struct cc_buf *b, const struct cc_nurture_result *r)
{
	json_t *doc = json_object(), *vel = json_array(), *prog = json_array(), *sc = json_array();
	json_t *funnel = json_array(), *decl = json_array();
	json_object_set_new(doc, "since", r->since == INT64_MIN ? json_null() : json_day(r->since));
	json_object_set_new(doc, "as_of", json_day(r->as_of));
	for (size_t i = 0; i < r->nvelocity; i++) {
		const struct cc_velocity *v = &r->velocity[i];
		json_array_append_new(vel, json_pack("{s:s, s:I, s:f, s:f, s:f}", "quarter", v->quarter, "opportunities",
						     (json_int_t)v->n, "median_days", v->median, "q1_days", v->q1,
						     "q3_days", v->q3));
	}
	json_object_set_new(doc, "velocity", vel);
	json_object_set_new(doc, "velocity_trend", json_pack("{s:s, s:f}", "trend", r->trend, "median_change_per_quarter_days", r->slope));
	for (size_t i = 0; i < r->nfunnel; i++)
		json_array_append_new(funnel, json_string(r->funnel[i]));
	json_object_set_new(doc, "funnel", funnel);
	json_object_set_new(doc, "progression_days", json_integer(r->progression_days));
	json_object_set_new(doc, "min_sample", json_integer(r->min_sample));
	for (size_t i = 0; i < r->nprog; i++) {
		const struct cc_progression *p = &r->prog[i];
		json_array_append_new(
			prog, json_pack("{s:s, s:s, s:s, s:{s:I, s:I, s:f, s:f}, s:{s:I, s:I, s:f, s:f}, s:b, s:b}",
					"asset", p->asset, "stage", p->stage, "next", p->next, "consumed", "n",
					(json_int_t)p->n1, "reached", (json_int_t)p->k1, "ci_low", p->lo1, "ci_high",
					p->hi1, "not_consumed", "n", (json_int_t)p->n0, "reached", (json_int_t)p->k0,
					"ci_low", p->lo0, "ci_high", p->hi0, "intent", p->intent, "declared",
					p->declared));
	}
	json_object_set_new(doc, "progression", prog);
	for (size_t i = 0; i < r->ndeclared_only; i++)
		json_array_append_new(decl, json_string(r->declared_only[i]));
	json_object_set_new(doc, "declared_not_measured", decl);
	for (size_t i = 0; i < r->nscores; i++)
		json_array_append_new(sc, json_pack("{s:s, s:s, s:f, s:I}", "asset", r->scores[i].asset, "stage",
						    r->scores[i].stage, "score", r->scores[i].score, "opportunities",
						    (json_int_t)r->scores[i].opps));
	json_object_set_new(doc, "stage_scores", sc);
	char *s = json_dumps(doc, JSON_INDENT(2) | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	cc_buf_adds(b, s);
	cc_buf_addch(b, '\n');
	free(s);
	json_decref(doc);
}

void cc_nurture_write_text(struct cc_buf *b, const struct cc_nurture_result *r)
{
	cc_buf_adds(b, "nurture velocity: days from an account's first content touch to opportunity creation\n");
	cc_buf_adds(b, "quarter      opps   median       q1       q3\n");
	for (size_t i = 0; i < r->nvelocity; i++) {
		const struct cc_velocity *v = &r->velocity[i];
		cc_buf_addf(b, "%-10s %6zu %8.1f %8.1f %8.1f\n", v->quarter, v->n, v->median, v->q1, v->q3);
	}
	cc_buf_addf(b, "trend: %s (median %+.1f days per quarter)\n", r->trend, r->slope);
	if (!r->nfunnel) {
		cc_buf_adds(b, "\nno opportunity history: import a salesforce-opportunity-history export for stage progression\n");
		return;
	}
	cc_buf_adds(b, "\nfunnel:");
	for (size_t i = 0; i < r->nfunnel; i++) {
		cc_buf_adds(b, i ? " > " : " ");
		cc_buf_add_safe(b, r->funnel[i], false);
	}
	cc_buf_addf(b, "\n\nstage progression: reached the next stage within %d days (95%% Wilson intervals)\n",
		    r->progression_days);
	for (size_t i = 0; i < r->nprog; i++) {
		const struct cc_progression *p = &r->prog[i];
		if (p->n1 < (size_t)r->min_sample && !p->declared)
			continue;
		cc_buf_add_safe(b, p->asset, false);
		cc_buf_adds(b, " at ");
		cc_buf_add_safe(b, p->stage, false);
		cc_buf_addf(b, ": %zu/%zu consumed [%.2f, %.2f] vs %zu/%zu not [%.2f, %.2f]%s%s\n", p->k1, p->n1,
			    p->lo1, p->hi1, p->k0, p->n0, p->lo0, p->hi0, p->intent ? "  INTENT ASSET" : "",
			    p->declared ? (p->intent ? " (declared)" : "  (declared intent)") : "");
	}
	if (r->ndeclared_only) {
		cc_buf_adds(b, "\ndeclared intent: true but no measured lift:\n");
		for (size_t i = 0; i < r->ndeclared_only; i++) {
			cc_buf_adds(b, "  ");
			cc_buf_add_safe(b, r->declared_only[i], false);
			cc_buf_addch(b, '\n');
		}
	}
	cc_buf_adds(b, "\nstage scores: each asset's share of the content touches up to each stage, summed over opportunities\n");
	for (size_t f = 0; f < r->nfunnel; f++) {
		size_t shown = 0;
		cc_buf_add_safe(b, r->funnel[f], false);
		cc_buf_adds(b, ":\n");
		/* the five highest scores of the stage */
		bool *done = cc_xcalloc(r->nscores + 1, sizeof(bool));
		for (; shown < 5; shown++) {
			size_t best = r->nscores;
			for (size_t i = 0; i < r->nscores; i++)
				if (!done[i] && !strcmp(r->scores[i].stage, r->funnel[f]) &&
				    (best == r->nscores || r->scores[i].score > r->scores[best].score))
					best = i;
			if (best == r->nscores)
				break;
			done[best] = true;
			cc_buf_addf(b, "  %8.2f  %4zu opps  ", r->scores[best].score, r->scores[best].opps);
			cc_buf_add_safe(b, r->scores[best].asset, false);
			cc_buf_addch(b, '\n');
		}
		free(done);
	}
}

/* ---- feeds ---- */

int cc_influence_feed(struct cc_db *db, const struct cc_config *cfg, int64_t as_of,
		      struct cc_relevance_set *set)
{
	struct cc_influence_result r;
	double w = cfg->influence.relevance_weight;
	int m = cfg->influence.model;
	if (w <= 0)
		return 0;
	if (cc_influence_load(&r, db, cfg, as_of, m) < 0) {
		cc_influence_result_release(&r);
		return -1;
	}
	for (size_t i = 0; i < set->n; i++) {
		struct cc_relevance *a = &set->v[i];
		size_t lo = 0, hi = r.n;
		while (lo < hi) { /* rows are sorted by path */
			size_t mid = lo + (hi - lo) / 2;
			int c = strcmp(r.rows[mid].key, a->path);
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == r.n || strcmp(r.rows[lo].key, a->path) || !r.rows[lo].pipeline[m])
			continue;
		a->terms = cc_xrealloc(a->terms, (a->nterms + 1) * sizeof(*a->terms));
		struct cc_relevance_term *t = &a->terms[a->nterms++];
		memset(t, 0, sizeof(*t));
		t->metric = cc_xstrdup("influenced-pipeline");
		t->raw = t->decayed = (double)r.rows[lo].pipeline[m] / 100.0;
		t->weight = w;
		t->weighted = true;
		a->has_data = true;
	}
	cc_influence_result_release(&r);
	return 0;
}
