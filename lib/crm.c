/*
 * crm.c — the CRM database (attach, key, schema) and the import of CRM
 * exports with libcsv, personal data hashed with mbedTLS (see crm.h).
 */
#include "crm.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <mbedtls/md.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "date.h"
#include "text.h"

static const char crm_schema[] =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;\n"
	"CREATE TABLE people(id INTEGER PRIMARY KEY, hash BLOB NOT NULL UNIQUE);\n"
	"CREATE TABLE contacts(person INTEGER PRIMARY KEY, canonical INTEGER NOT NULL,\n"
	"  account INTEGER NOT NULL, created INTEGER);\n"
	"CREATE TABLE accounts(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);\n"
	"CREATE TABLE assets(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE);\n"
	"CREATE TABLE touches(person INTEGER NOT NULL, ts INTEGER NOT NULL, asset INTEGER NOT NULL,\n"
	"  channel TEXT NOT NULL, account INTEGER NOT NULL, batch INTEGER NOT NULL,\n"
	"  PRIMARY KEY(person, ts, asset, channel)) WITHOUT ROWID;\n"
	"CREATE TABLE opportunities(id TEXT PRIMARY KEY, account INTEGER NOT NULL,\n"
	"  amount INTEGER NOT NULL, created INTEGER NOT NULL, close INTEGER, stage TEXT NOT NULL,\n"
	"  closed INTEGER NOT NULL, won INTEGER NOT NULL, batch INTEGER NOT NULL) WITHOUT ROWID;\n"
	"CREATE TABLE stages(opp TEXT NOT NULL, stage TEXT NOT NULL, day INTEGER NOT NULL,\n"
	"  PRIMARY KEY(opp, day, stage)) WITHOUT ROWID;\n"
	"CREATE TABLE roles(opp TEXT NOT NULL, person INTEGER NOT NULL,\n"
	"  PRIMARY KEY(opp, person)) WITHOUT ROWID;\n"
	"CREATE TABLE unmatched(name TEXT NOT NULL, kind TEXT NOT NULL, file TEXT NOT NULL,\n"
	"  line INTEGER NOT NULL, rows INTEGER NOT NULL, PRIMARY KEY(name, kind)) WITHOUT ROWID;\n"
	"CREATE TABLE imports(id INTEGER PRIMARY KEY, file TEXT NOT NULL, preset TEXT NOT NULL,\n"
	"  at TEXT NOT NULL, rows INTEGER NOT NULL, added INTEGER NOT NULL, updated INTEGER NOT NULL,\n"
	"  unchanged INTEGER NOT NULL, unknown INTEGER NOT NULL);\n";

static const char *const crm_has[] = {"people", "touches", "opportunities", NULL};
static const char *const crm_lacks[] = {NULL};
const struct cc_db_kind cc_crm_kind = {
	CC_CRM_APPLICATION_ID, "CRM file", CC_CRM_VERSION, crm_has, crm_lacks,
};

static const char *const preset_names[CC_CRM_PRESET_COUNT] = {
	[CC_CRM_SF_OPPORTUNITY] = "salesforce-opportunity",
	[CC_CRM_HUBSPOT_DEALS] = "hubspot-deals",
	[CC_CRM_SF_OPP_HISTORY] = "salesforce-opportunity-history",
	[CC_CRM_SF_CONTACT_ROLE] = "salesforce-contact-role",
	[CC_CRM_SF_CAMPAIGN_MEMBER] = "salesforce-campaign-member",
	[CC_CRM_HUBSPOT_FORMS] = "hubspot-forms",
	[CC_CRM_HUBSPOT_ACTIVITY] = "hubspot-activity",
	[CC_CRM_CONTACTS] = "contacts",
	[CC_CRM_TOUCHES] = "touches",
};

const char *cc_crm_preset_name(int preset)
{
	return preset >= 0 && preset < CC_CRM_PRESET_COUNT ? preset_names[preset] : NULL;
}

int cc_crm_preset_parse(const char *s)
{
	for (int i = 0; i < CC_CRM_PRESET_COUNT; i++)
		if (!strcmp(s, preset_names[i]))
			return i;
	return -1;
}

char *cc_crm_path(const char *index_path)
{
	return cc_db_sibling_path(index_path, "crm");
}

char *cc_crm_key_path(const char *crm_path)
{
	struct cc_buf b = CC_BUF_INIT;
	size_t n = strlen(crm_path);
	if (n > 3 && !strcmp(crm_path + n - 3, ".db"))
		n -= 3;
	cc_buf_add(&b, crm_path, n);
	cc_buf_adds(&b, ".key");
	return cc_buf_detach(&b, NULL);
}

/* ---- the key and the hash ---- */

static void hmac(unsigned char out[32], const struct cc_crm_key *key, const void *data, size_t len)
{
	const mbedtls_md_info_t *md = mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);
	mbedtls_md_hmac(md, key->k, sizeof(key->k), data, len, out);
}

void cc_crm_hash(unsigned char out[CC_CRM_HASH_BYTES], const struct cc_crm_key *key,
		 const char *kind, const char *value)
{
	struct cc_buf b = CC_BUF_INIT;
	unsigned char full[32];
	cc_buf_adds(&b, kind);
	cc_buf_addch(&b, ':');
	cc_buf_adds(&b, value);
	hmac(full, key, b.buf, b.len);
	memcpy(out, full, CC_CRM_HASH_BYTES);
	cc_buf_release(&b);
}

static void key_check(char out[17], const struct cc_crm_key *key)
{
	static const char tag[] = "contentcal crm key check";
	unsigned char full[32];
	hmac(full, key, tag, sizeof(tag) - 1);
	for (int i = 0; i < 8; i++)
		snprintf(out + 2 * i, 3, "%02x", full[i]);
}

/* Reads the key file: 0, 1 when it does not exist, -1 with cc_error. */
static int key_read(const char *path, struct cc_crm_key *key)
{
	struct stat sb;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 1;
		return cc_error("cannot read the CRM key '%s': %s", path, strerror(errno));
	}
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) || sb.st_size != CC_CRM_KEY_BYTES) {
		close(fd);
		return cc_error("'%s' is not a contentcal CRM key (%d bytes expected)", path,
				CC_CRM_KEY_BYTES);
	}
	if (sb.st_mode & 077) {
		close(fd);
		return cc_error("the CRM key '%s' is readable by others; run: chmod 600 '%s'", path, path);
	}
	ssize_t n = read(fd, key->k, sizeof(key->k));
	close(fd);
	if (n != (ssize_t)sizeof(key->k))
		return cc_error("cannot read the CRM key '%s'", path);
	return 0;
}

/* Creates the key file (mode 0600, never over an existing one). */
static int key_create(const char *path, struct cc_crm_key *key)
{
	size_t got = 0;
	while (got < sizeof(key->k)) {
		ssize_t n = getrandom(key->k + got, sizeof(key->k) - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return cc_error("cannot draw a random CRM key: %s", strerror(errno));
		got += (size_t)n;
	}
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return cc_error("cannot create the CRM key '%s': %s", path, strerror(errno));
	if (write(fd, key->k, sizeof(key->k)) != (ssize_t)sizeof(key->k) || fsync(fd) < 0) {
		int e = errno;
		close(fd);
		unlink(path);
		return cc_error("cannot write the CRM key '%s': %s", path, strerror(e));
	}
	close(fd);
	return 0;
}

/* ---- attach ---- */

int cc_crm_attach(struct cc_db *db, const char *path, bool create, struct cc_crm_key *key)
{
	int version = 0, owner, kr;
	char *key_path = cc_crm_key_path(path);
	struct cc_crm_key k;
	bool new_key = false;

	if (cc_db_attached(db, "crm")) {
		kr = key && create ? key_read(key_path, key) : 0;
		free(key_path);
		return kr < 0 ? -1 : kr == 1 ? cc_error("the CRM key is missing") : 0;
	}
	owner = cc_db_identify(path, &cc_crm_kind);
	if (owner < 0)
		goto fail;
	if (owner == CC_DB_UNKNOWN || owner == CC_DB_LEGACY) {
		cc_error("'%s' is not a contentcal CRM database; it was left untouched", path);
		goto fail;
	}
	if (owner == CC_DB_ABSENT && !create) {
		cc_error("no CRM data yet ('%s' does not exist); import exports with "
			 "'contentcal crm import'", path);
		goto fail;
	}
	if ((kr = key_read(key_path, &k)) < 0)
		goto fail;
	if (owner == CC_DB_ABSENT) {
		/* The key first, then the file, created whole and linked into place. */
		char check[17];
		if (kr == 1) {
			if (key_create(key_path, &k) < 0)
				goto fail;
			new_key = true;
			kr = 0;
		}
		key_check(check, &k);
		struct cc_buf schema = CC_BUF_INIT;
		cc_buf_addf(&schema, "%sINSERT INTO meta(key, value) VALUES ('key_check', '%s');", crm_schema, check);
		int r = cc_db_create_owned(path, &cc_crm_kind, schema.buf, "CRM", false, &owner);
		cc_buf_release(&schema);
		if (r < 0) {
			if (new_key)
				unlink(key_path);
			goto fail;
		}
	} else if (kr == 1 && create) {
		cc_error("the CRM key '%s' is missing: the hashed contacts in '%s' can no longer be "
			 "matched; restore the key, or move '%s' aside to start again", key_path, path,
			 path);
		goto fail;
	}
	if (cc_db_attach_file(db, path, "crm", &cc_crm_kind, &version) < 0)
		goto fail;
	if (kr == 0) {
		/* The key must be the one the hashes were made with. */
		char check[17], *stored = NULL;
		key_check(check, &k);
		sqlite3_stmt *q = NULL;
		if (cc_db_prepare(db, &q, "SELECT value FROM crm.meta WHERE key = 'key_check'") < 0)
			goto detach;
		if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
			stored = cc_xstrdup((const char *)sqlite3_column_text(q, 0));
		sqlite3_finalize(q);
		bool ok = stored && !strcmp(stored, check);
		free(stored);
		if (!ok) {
			cc_error("the CRM key '%s' is not the key of '%s' (its hashes were made with "
				 "another); restore the right key", key_path, path);
			goto detach;
		}
	}
	/* Future versions migrate here, in place, one step at a time, never dropping rows. */
	if (key && create)
		*key = k;
	free(key_path);
	return 0;
detach:
	cc_db_detach(db, "crm");
fail:
	free(key_path);
	return -1;
}

/* ---- cells ---- */

static const char sf_checksum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

char *cc_crm_id(const char *s)
{
	size_t n;
	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 18) {
		bool ok = true;
		for (size_t i = 0; i < 15 && ok; i++)
			ok = isalnum((unsigned char)s[i]);
		for (int c = 0; c < 3 && ok; c++) {
			int bits = 0;
			for (int i = 0; i < 5; i++)
				if (s[c * 5 + i] >= 'A' && s[c * 5 + i] <= 'Z')
					bits |= 1 << i;
			ok = s[15 + c] == sf_checksum[bits];
		}
		if (ok)
			n = 15;
	}
	return cc_xstrndup(s, n);
}

int cc_crm_parse_amount(const char *s, int64_t *cents)
{
	int64_t whole = 0, frac = 0;
	int digits = 0, fdigits = 0;
	while (*s == ' ' || *s == '\t')
		s++;
	for (; *s >= '0' && *s <= '9'; s++, digits++) {
		if (whole > (INT64_MAX / 100 - 9) / 10)
			return -1;
		whole = whole * 10 + (*s - '0');
	}
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++, fdigits++) {
			if (fdigits < 2)
				frac = frac * 10 + (*s - '0');
			else if (*s != '0')
				return -1; /* a fraction of a cent */
		}
		if (fdigits == 1)
			frac *= 10;
	}
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s || (!digits && !fdigits))
		return -1;
	*cents = whole * 100 + frac;
	return 0;
}

/* A boolean cell: 1, 0, or -1. */
static int parse_bool(const char *s)
{
	while (*s == ' ')
		s++;
	if (!strcasecmp(s, "true") || !strcmp(s, "1") || !strcasecmp(s, "yes"))
		return 1;
	if (!strcasecmp(s, "false") || !strcmp(s, "0") || !strcasecmp(s, "no"))
		return 0;
	return -1;
}

static bool blank(const char *s)
{
	return !s[strspn(s, " \t")];
}

/* ---- presets: which header names fill which role ---- */

enum role {
	R_CONTACT, /* a contact (or lead) id: hashed */
	R_LEAD,    /* a lead id, when the contact id is empty: hashed */
	R_EMAIL,   /* hashed */
	R_ACCOUNT,
	R_DATE,    /* touch date or timestamp */
	R_ASSET,
	R_CHANNEL,
	R_CAMPAIGN,
	R_RESPONDED,
	R_OPP,
	R_AMOUNT,
	R_CREATED,
	R_CLOSE,
	R_STAGE,
	R_CLOSED,
	R_WON,
	R_CONTACTS, /* ';'-separated contact ids (HubSpot associations) */
	R_COUNT
};

struct role_spec {
	int role;
	const char *names; /* '|'-separated, compared without case */
	int required;      /* 1 required; 2 one of the 2s required */
};

struct preset_spec {
	const struct role_spec *roles;
};

static const struct role_spec p_sf_opp[] = {
	{R_OPP, "Id|Opportunity ID", 1},
	{R_ACCOUNT, "AccountId|Account ID", 1},
	{R_AMOUNT, "Amount", 1},
	{R_CREATED, "CreatedDate|Created Date", 1},
	{R_CLOSE, "CloseDate|Close Date", 1},
	{R_STAGE, "StageName|Stage", 1},
	{R_CLOSED, "IsClosed|Closed", 1},
	{R_WON, "IsWon|Won", 1},
	{-1, NULL, 0},
};
static const struct role_spec p_hs_deals[] = {
	{R_OPP, "Record ID|Deal ID|Deal Record ID", 1},
	{R_STAGE, "Deal Stage", 1},
	{R_AMOUNT, "Amount", 1},
	{R_CREATED, "Create Date|Created Date", 1},
	{R_CLOSE, "Close Date", 1},
	{R_ACCOUNT, "Associated Company IDs|Associated Company ID|Associated Company IDs (Primary)|"
		    "Company ID|Associated Company", 0},
	{R_CONTACTS, "Associated Contact IDs|Associated Contact ID", 0},
	{-1, NULL, 0},
};
static const struct role_spec p_sf_hist[] = {
	{R_OPP, "OpportunityId|Opportunity ID", 1},
	{R_STAGE, "StageName|Stage Name|To Stage", 1},
	{R_CREATED, "CreatedDate|Created Date|Last Modified|Edit Date", 1},
	{-1, NULL, 0},
};
static const struct role_spec p_sf_role[] = {
	{R_OPP, "OpportunityId|Opportunity ID", 1},
	{R_CONTACT, "ContactId|Contact ID", 1},
	{-1, NULL, 0},
};
static const struct role_spec p_sf_cm[] = {
	{R_CAMPAIGN, "CampaignId|Campaign ID|Campaign Name|Campaign", 1},
	{R_CONTACT, "ContactId|Contact ID|LeadOrContactId|Lead/Contact ID", 2},
	{R_LEAD, "LeadId|Lead ID", 2},
	{R_EMAIL, "Email", 0},
	{R_DATE, "FirstRespondedDate|First Responded Date", 1},
	{R_CREATED, "CreatedDate|Created Date|Member First Associated Date", 0},
	{R_RESPONDED, "HasResponded|Responded", 0},
	{R_ACCOUNT, "AccountId|Account ID", 0},
	{-1, NULL, 0},
};
static const struct role_spec p_hs_forms[] = {
	{R_EMAIL, "Email", 1},
	{R_DATE, "Conversion Date|Submitted At|Submission Date|Date Submitted|Submitted on", 1},
	{R_ASSET, "Page URL|Conversion Page|Page", 1},
	{R_ACCOUNT, "Associated Company ID|Company ID", 0},
	{-1, NULL, 0},
};
static const struct role_spec p_hs_activity[] = {
	{R_CONTACT, "Record ID|Contact ID|Contact Record ID", 2},
	{R_EMAIL, "Email", 2},
	{R_DATE, "Activity Date|Event Date|Timestamp", 1},
	{R_ASSET, "URL|Page URL|Page|Asset", 1},
	{R_CHANNEL, "Activity Type|Event Type", 1},
	{R_ACCOUNT, "Associated Company ID|Associated Company IDs|Company ID", 0},
	{-1, NULL, 0},
};
static const struct role_spec p_contacts[] = {
	{R_CONTACT, "Id|Record ID|Contact ID|ContactId", 2},
	{R_EMAIL, "Email", 2},
	{R_ACCOUNT, "AccountId|Account ID|Associated Company IDs|Associated Company ID|Company ID", 0},
	{R_CREATED, "CreatedDate|Create Date|Created Date", 1},
	{-1, NULL, 0},
};
static const struct role_spec p_touches[] = {
	{R_CONTACT, "contact|contact_id|contactid|contact id", 2},
	{R_EMAIL, "email|e-mail", 2},
	{R_ACCOUNT, "account|account_id|accountid|account id", 0},
	{R_DATE, "date|timestamp|time|day", 1},
	{R_ASSET, "asset|url|page|path|slug", 1},
	{R_CHANNEL, "channel", 0},
	{-1, NULL, 0},
};

static const struct role_spec *const presets[CC_CRM_PRESET_COUNT] = {
	[CC_CRM_SF_OPPORTUNITY] = p_sf_opp,      [CC_CRM_HUBSPOT_DEALS] = p_hs_deals,
	[CC_CRM_SF_OPP_HISTORY] = p_sf_hist,     [CC_CRM_SF_CONTACT_ROLE] = p_sf_role,
	[CC_CRM_SF_CAMPAIGN_MEMBER] = p_sf_cm,   [CC_CRM_HUBSPOT_FORMS] = p_hs_forms,
	[CC_CRM_HUBSPOT_ACTIVITY] = p_hs_activity, [CC_CRM_CONTACTS] = p_contacts,
	[CC_CRM_TOUCHES] = p_touches,
};

/* Maps the header onto a preset's roles: 0 when the required ones are there. */
static int map_header(int preset, char **cols, size_t ncols, int map[R_COUNT], struct cc_buf *missing)
{
	const struct role_spec *r;
	bool used[256] = {0};
	int any2 = 0, have2 = 0;
	for (int i = 0; i < R_COUNT; i++)
		map[i] = -1;
	for (r = presets[preset]; r->names; r++) {
		/* The first name listed wins over later ones. */
		const char *names = r->names;
		while (*names && map[r->role] < 0) {
			size_t k = strcspn(names, "|");
			for (size_t c = 0; c < ncols && c < 256; c++)
				if (!used[c] && strlen(cols[c]) == k && !strncasecmp(cols[c], names, k)) {
					map[r->role] = (int)c;
					used[c] = true;
					break;
				}
			names += k + (names[k] == '|');
		}
		if (r->required == 2) {
			any2 = 1;
			have2 |= map[r->role] >= 0;
		}
		if (r->required == 1 && map[r->role] < 0 && missing) {
			if (missing->len)
				cc_buf_adds(missing, ", ");
			cc_buf_addf(missing, "%.*s", (int)strcspn(r->names, "|"), r->names);
		}
	}
	if (any2 && !have2 && missing) {
		if (missing->len)
			cc_buf_adds(missing, ", ");
		cc_buf_adds(missing, "one of ");
		bool first = true;
		for (r = presets[preset]; r->names; r++)
			if (r->required == 2) {
				cc_buf_addf(missing, "%s%.*s", first ? "" : " or ",
					    (int)strcspn(r->names, "|"), r->names);
				first = false;
			}
	}
	for (r = presets[preset]; r->names; r++)
		if (r->required == 1 && map[r->role] < 0)
			return -1;
	return any2 && !have2 ? -1 : 0;
}

/* ---- small maps: 16-byte hashes and strings to ids ---- */

struct idmap {
	char **keys; /* owned; for hashes, 16 bytes */
	int64_t *vals;
	size_t cap, n;
	size_t klen; /* 0: NUL-terminated strings; else fixed length */
};

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static size_t idmap_slot(const struct idmap *m, const char *k, size_t n)
{
	size_t i = hash_bytes(k, n) & (m->cap - 1);
	while (m->keys[i] && (m->klen ? memcmp(m->keys[i], k, n)
				      : (strncmp(m->keys[i], k, n) || m->keys[i][n])))
		i = (i + 1) & (m->cap - 1);
	return i;
}

static int64_t idmap_get(const struct idmap *m, const char *k)
{
	size_t n = m->klen ? m->klen : strlen(k);
	if (!m->cap)
		return 0;
	size_t s = idmap_slot(m, k, n);
	return m->keys[s] ? m->vals[s] : 0;
}

static void idmap_put(struct idmap *m, const char *k, int64_t v)
{
	size_t n = m->klen ? m->klen : strlen(k);
	if ((m->n + 1) * 2 > m->cap) {
		struct idmap big = {NULL, NULL, m->cap ? m->cap * 2 : 1024, 0, m->klen};
		big.keys = cc_xcalloc(big.cap, sizeof(*big.keys));
		big.vals = cc_xcalloc(big.cap, sizeof(*big.vals));
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->keys[i])
				continue;
			size_t s = idmap_slot(&big, m->keys[i], m->klen ? m->klen : strlen(m->keys[i]));
			big.keys[s] = m->keys[i];
			big.vals[s] = m->vals[i];
			big.n++;
		}
		free(m->keys);
		free(m->vals);
		*m = big;
	}
	size_t s = idmap_slot(m, k, n);
	if (!m->keys[s]) {
		m->keys[s] = m->klen ? memcpy(cc_xmalloc(n), k, n) : cc_xstrdup(k);
		m->n++;
	}
	m->vals[s] = v;
}

static void idmap_release(struct idmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

/* ---- the import ---- */

enum {
	Q_PERSON_NEW, Q_ACCOUNT_NEW, Q_ASSET_NEW,
	Q_TOUCH,
	Q_OPP_INSERT, Q_OPP_UPDATE,
	Q_STAGE, Q_ROLE,
	Q_CONTACT_INSERT, Q_CONTACT_UPDATE,
	Q_UNMATCHED,
	Q_COUNT
};

static const char *const q_sql[Q_COUNT] = {
	[Q_PERSON_NEW] = "INSERT INTO crm.people(hash) VALUES (?1)",
	[Q_ACCOUNT_NEW] = "INSERT INTO crm.accounts(name) VALUES (?1)",
	[Q_ASSET_NEW] = "INSERT INTO crm.assets(path) VALUES (?1)",
	[Q_TOUCH] = "INSERT OR IGNORE INTO crm.touches(person, ts, asset, channel, account, batch) "
		    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[Q_OPP_INSERT] = "INSERT OR IGNORE INTO crm.opportunities(id, account, amount, created, close, "
			 "stage, closed, won, batch) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[Q_OPP_UPDATE] = "UPDATE crm.opportunities SET account = ?2, amount = ?3, created = ?4, "
			 "close = ?5, stage = ?6, closed = ?7, won = ?8, batch = ?9 WHERE id = ?1 AND "
			 "(account, amount, created, close, stage, closed, won) IS NOT "
			 "(?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[Q_STAGE] = "INSERT OR IGNORE INTO crm.stages(opp, stage, day) VALUES (?1, ?2, ?3)",
	[Q_ROLE] = "INSERT OR IGNORE INTO crm.roles(opp, person) VALUES (?1, ?2)",
	[Q_CONTACT_INSERT] = "INSERT OR IGNORE INTO crm.contacts(person, canonical, account, created) "
			     "VALUES (?1, ?2, ?3, ?4)",
	[Q_CONTACT_UPDATE] = "UPDATE crm.contacts SET canonical = ?2, account = ?3, created = ?4 "
			     "WHERE person = ?1 AND (canonical, account, created) IS NOT (?2, ?3, ?4)",
	[Q_UNMATCHED] = "INSERT INTO crm.unmatched(name, kind, file, line, rows) VALUES "
			"(?1, ?2, ?3, ?4, ?5) ON CONFLICT DO UPDATE SET file = excluded.file, "
			"line = excluded.line, rows = excluded.rows",
};

struct pending_touch {
	int64_t person, ts, asset, account;
	uint32_t channel; /* index into the import's channels */
};

struct unknown_name {
	char *name;
	const char *kind;
	int line;
	size_t rows;
};

struct import {
	struct cc_db *db;
	const struct cc_config *cfg;
	const struct cc_asset_names *names;
	const struct cc_crm_key *key;
	const char *file;
	int preset;
	int64_t batch;
	sqlite3_stmt *q[Q_COUNT];
	struct cc_crm_stats *st;
	struct cc_problems *bad;

	struct cc_buf *fields;
	size_t nfields, afields;
	int line, rec_line;
	bool header_done;
	int fail; /* 1 database error, 2 bad header */
	char **cols;
	size_t ncols;
	int map[R_COUNT];
	int forced; /* the preset asked for, or -1 */

	struct idmap people, accounts, assets, unknown_idx;
	struct idmap seen; /* "kind:value" → person, in memory only, so a value is hashed once */
	struct pending_touch *pending;
	size_t npending, apending;
	char **channels;
	size_t nchannels, achannels;
	struct idmap channel_idx;
	mbedtls_md_context_t md; /* HMAC keyed once per import */
	bool md_ready;
	struct unknown_name *unknown;
	size_t nunknown, aunknown;
};

static void bad_row(struct import *im, int col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void bad_row(struct import *im, int col, const char *fmt, ...)
{
	va_list ap;
	struct cc_buf b = CC_BUF_INIT;
	va_start(ap, fmt);
	cc_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	cc_problems_add(im->bad, im->file, im->rec_line, col, CC_SEV_ERROR, "bad-row", "%s", b.buf);
	cc_buf_release(&b);
	im->st->bad++;
}

/* A cell as messages may show it: one that looks like an e-mail address
 * (columns swapped, a stray export) is never echoed. */
static const char *shown(const char *s)
{
	return strchr(s, '@') ? "(hidden: looks like an e-mail)" : s;
}

static const char *cell(struct import *im, int role)
{
	int c = im->map[role];
	return c >= 0 ? im->fields[c].buf : "";
}

static int step_done(sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The id of a row in a (key → id) table, inserted when new; 0 on error. */
static int64_t intern(struct import *im, struct idmap *m, int q, const void *k, size_t klen)
{
	int64_t id = idmap_get(m, k);
	if (id)
		return id;
	sqlite3_stmt *s = im->q[q];
	if (klen)
		sqlite3_bind_blob(s, 1, k, (int)klen, SQLITE_STATIC);
	else
		sqlite3_bind_text(s, 1, k, -1, SQLITE_STATIC);
	if (step_done(s) < 0)
		return 0;
	id = sqlite3_last_insert_rowid(im->db->db);
	idmap_put(m, k, id);
	return id;
}

static int load_idmap(struct import *im, struct idmap *m, const char *sql)
{
	sqlite3_stmt *s = NULL;
	int rc;
	if (cc_db_prepare(im->db, &s, sql) < 0)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (m->klen) {
			if (sqlite3_column_bytes(s, 1) != (int)m->klen)
				continue;
			idmap_put(m, sqlite3_column_blob(s, 1), sqlite3_column_int64(s, 0));
		} else {
			idmap_put(m, (const char *)sqlite3_column_text(s, 1), sqlite3_column_int64(s, 0));
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : cc_db_error(im->db, "reading the CRM database");
}

/* The person id for a hashed e-mail or contact id; 0 on error. */
static int64_t person(struct import *im, const char *kind, const char *value)
{
	unsigned char h[CC_CRM_HASH_BYTES];
	char *norm;
	if (!strcmp(kind, "email")) {
		norm = cc_xstrdup(value + strspn(value, " \t"));
		size_t n = strlen(norm);
		while (n && (norm[n - 1] == ' ' || norm[n - 1] == '\t'))
			norm[--n] = '\0';
		for (char *p = norm; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	} else {
		norm = cc_crm_id(value);
	}
	struct cc_buf seen_key = CC_BUF_INIT;
	cc_buf_addf(&seen_key, "%s:%s", kind, norm);
	int64_t known = idmap_get(&im->seen, seen_key.buf);
	if (known) {
		cc_buf_release(&seen_key);
		free(norm);
		return known;
	}
	if (im->md_ready) {
		unsigned char full[32];
		mbedtls_md_hmac_reset(&im->md);
		mbedtls_md_hmac_update(&im->md, (const unsigned char *)kind, strlen(kind));
		mbedtls_md_hmac_update(&im->md, (const unsigned char *)":", 1);
		mbedtls_md_hmac_update(&im->md, (const unsigned char *)norm, strlen(norm));
		mbedtls_md_hmac_finish(&im->md, full);
		memcpy(h, full, sizeof(h));
	} else {
		cc_crm_hash(h, im->key, kind, norm);
	}
	free(norm);
	int64_t id = intern(im, &im->people, Q_PERSON_NEW, h, sizeof(h));
	if (id)
		idmap_put(&im->seen, seen_key.buf, id);
	/* The clear value is wiped from memory with the map at the end. */
	cc_buf_release(&seen_key);
	return id;
}

static int64_t account(struct import *im, const char *value)
{
	char *id = cc_crm_id(value);
	/* HubSpot lists several associations "123;456": the first is the primary. */
	id[strcspn(id, ";")] = '\0';
	int64_t a = *id ? intern(im, &im->accounts, Q_ACCOUNT_NEW, id, 0) : 0;
	free(id);
	return a;
}

/* A date cell: days and seconds; 0, or -1 (reported). */
static int parse_when(struct import *im, int role, const char *what, int64_t *day, int64_t *ts)
{
	const char *s = cell(im, role);
	struct cc_date d;
	if (blank(s)) {
		bad_row(im, im->map[role] + 1, "missing %s", what);
		return -1;
	}
	if (cc_engagement_parse_day(s, day) == 0 && !strpbrk(s, "T:")) {
		if (ts)
			*ts = *day * 86400;
		return 0;
	}
	if (cc_date_parse(&d, s) < 0) {
		bad_row(im, im->map[role] + 1, "bad %s '%.40s'", what, shown(s));
		return -1;
	}
	int64_t e = cc_date_epoch(&d);
	/* A day is the UTC day of the moment. */
	*day = e >= 0 ? e / 86400 : -((-e + 86399) / 86400);
	if (ts)
		*ts = e;
	return 0;
}

static void note_unknown(struct import *im, const char *name, const char *kind)
{
	/* Query strings and fragments may carry personal data: never kept. */
	char *clean = cc_xstrndup(name, strcspn(name, "?#"));
	if (strchr(clean, '@')) {
		free(clean);
		clean = cc_xstrdup("(hidden: a value that looks like an e-mail address)");
	}
	int64_t k = idmap_get(&im->unknown_idx, clean);
	im->st->unknown++;
	if (k) {
		im->unknown[k - 1].rows++;
		free(clean);
		return;
	}
	CC_GROW(im->unknown, im->aunknown, im->nunknown + 1);
	struct unknown_name *u = &im->unknown[im->nunknown++];
	u->name = clean;
	u->kind = kind;
	u->line = im->rec_line;
	u->rows = 1;
	idmap_put(&im->unknown_idx, clean, (int64_t)im->nunknown);
}

static void count_change(struct import *im, bool inserted, bool updated)
{
	if (inserted)
		im->st->added++;
	else if (updated)
		im->st->updated++;
	else
		im->st->unchanged++;
}

static void row_touch(struct import *im)
{
	int64_t day, ts, who = 0, acct = 0;
	const char *name = NULL, *channel = "";
	char *campaign_asset = NULL;

	if (im->preset == CC_CRM_SF_CAMPAIGN_MEMBER) {
		if (im->map[R_RESPONDED] >= 0) {
			int r = parse_bool(cell(im, R_RESPONDED));
			if (r < 0) {
				bad_row(im, im->map[R_RESPONDED] + 1, "bad HasResponded '%.20s' (true or false)",
					shown(cell(im, R_RESPONDED)));
				return;
			}
			if (!r) {
				im->st->skipped++;
				return;
			}
		}
		if (blank(cell(im, R_DATE)) && im->map[R_CREATED] >= 0) {
			if (parse_when(im, R_CREATED, "date", &day, &ts) < 0)
				return;
		} else if (blank(cell(im, R_DATE)) && im->map[R_RESPONDED] < 0) {
			im->st->skipped++; /* no response date: the member never responded */
			return;
		} else if (parse_when(im, R_DATE, "date", &day, &ts) < 0) {
			return;
		}
		const char *camp = cell(im, R_CAMPAIGN);
		char *id = cc_crm_id(camp);
		if (!*id) {
			free(id);
			bad_row(im, im->map[R_CAMPAIGN] + 1, "missing campaign");
			return;
		}
		const struct cc_strlist *ids = &im->cfg->influence.campaign_ids;
		for (size_t i = 0; i < ids->n && !campaign_asset; i++) {
			char *cid = cc_crm_id(ids->v[i]);
			if (!strcmp(cid, id) || !strcasecmp(ids->v[i], camp + strspn(camp, " ")))
				campaign_asset = cc_xstrdup(im->cfg->influence.campaign_assets.v[i]);
			free(cid);
		}
		channel = "campaign";
		if (!campaign_asset) {
			note_unknown(im, id, "campaign");
			free(id);
			return;
		}
		free(id);
		name = campaign_asset;
	} else {
		if (parse_when(im, R_DATE, "date", &day, &ts) < 0)
			return;
		name = cell(im, R_ASSET);
		if (blank(name)) {
			bad_row(im, im->map[R_ASSET] + 1, "missing asset");
			return;
		}
		if (im->preset == CC_CRM_HUBSPOT_FORMS)
			channel = "form";
		else if (im->map[R_CHANNEL] >= 0)
			channel = cell(im, R_CHANNEL);
	}
	/* Who: the contact id, else the lead id, else the e-mail. */
	const char *cid = cell(im, R_CONTACT);
	if (blank(cid))
		cid = cell(im, R_LEAD);
	bool by_id = !blank(cid);
	if (!by_id && blank(cell(im, R_EMAIL))) {
		bad_row(im, 0, "no contact: neither a contact id nor an e-mail address");
		goto done;
	}
	if (!by_id && !strchr(cell(im, R_EMAIL), '@')) {
		bad_row(im, im->map[R_EMAIL] + 1, "not an e-mail address in column '%s'",
			im->cols[im->map[R_EMAIL]]);
		goto done;
	}
	bool ambiguous = false;
	const char *path = cc_asset_names_resolve(im->names, name, &ambiguous);
	if (!path) {
		note_unknown(im, name, ambiguous ? "ambiguous" : "asset");
		goto done;
	}
	who = by_id ? person(im, "id", cid) : person(im, "email", cell(im, R_EMAIL));
	if (!who)
		goto fail;
	if (im->map[R_ACCOUNT] >= 0 && !blank(cell(im, R_ACCOUNT)) && !(acct = account(im, cell(im, R_ACCOUNT))))
		goto fail;
	int64_t asset = intern(im, &im->assets, Q_ASSET_NEW, path, 0);
	if (!asset)
		goto fail;
	/* Kept, then stored in key order at the end of the file: the touch
	 * table is written page after page instead of all over. */
	char *ch = cc_vocab_clean(channel);
	int64_t chi = idmap_get(&im->channel_idx, ch);
	if (!chi) {
		CC_GROW(im->channels, im->achannels, im->nchannels + 1);
		im->channels[im->nchannels++] = cc_xstrdup(ch);
		chi = (int64_t)im->nchannels;
		idmap_put(&im->channel_idx, ch, chi);
	}
	free(ch);
	CC_GROW(im->pending, im->apending, im->npending + 1);
	im->pending[im->npending++] = (struct pending_touch){who, ts, asset, acct, (uint32_t)(chi - 1)};
	goto done;
fail:
	im->fail = 1;
done:
	free(campaign_asset);
}

/* HubSpot's deal stages: closedwon / closedlost and their labels. */
static void deal_stage(const char *stage, int *closed, int *won)
{
	char *c = cc_vocab_clean(stage);
	char *p = c, *q = c;
	for (; *p; p++)
		if (*p != '-')
			*q++ = *p;
	*q = '\0';
	*won = !strcmp(c, "closedwon") || !strcmp(c, "won");
	*closed = *won || !strcmp(c, "closedlost") || !strcmp(c, "lost");
	free(c);
}

static void row_opportunity(struct import *im)
{
	int64_t amount = 0, created, close = 0, acct = 0, dummy;
	int closed, won;
	bool has_close = !blank(cell(im, R_CLOSE));
	char *id = cc_crm_id(cell(im, R_OPP));
	char *stage = NULL;

	if (!*id) {
		bad_row(im, im->map[R_OPP] + 1, "missing opportunity id");
		goto done;
	}
	if (!blank(cell(im, R_AMOUNT)) && cc_crm_parse_amount(cell(im, R_AMOUNT), &amount) < 0) {
		bad_row(im, im->map[R_AMOUNT] + 1,
			"bad amount '%.40s' (a number of at most 2 decimals, no currency sign)",
			shown(cell(im, R_AMOUNT)));
		goto done;
	}
	if (parse_when(im, R_CREATED, "creation date", &created, &dummy) < 0)
		goto done;
	if (has_close && parse_when(im, R_CLOSE, "close date", &close, &dummy) < 0)
		goto done;
	stage = cc_xstrdup(cell(im, R_STAGE) + strspn(cell(im, R_STAGE), " "));
	if (im->preset == CC_CRM_HUBSPOT_DEALS) {
		deal_stage(stage, &closed, &won);
	} else {
		closed = parse_bool(cell(im, R_CLOSED));
		won = parse_bool(cell(im, R_WON));
		if (closed < 0 || won < 0) {
			int r = closed < 0 ? R_CLOSED : R_WON;
			bad_row(im, im->map[r] + 1, "bad %s '%.20s' (true or false)", im->cols[im->map[r]],
				shown(cell(im, r)));
			goto done;
		}
		if (won && !closed) {
			bad_row(im, im->map[R_WON] + 1, "won but not closed");
			goto done;
		}
	}
	if (closed && !has_close) {
		bad_row(im, im->map[R_CLOSE] >= 0 ? im->map[R_CLOSE] + 1 : 0, "closed without a close date");
		goto done;
	}
	if (has_close && close < created && closed) {
		bad_row(im, im->map[R_CLOSE] + 1, "closed before it was created");
		goto done;
	}
	if (im->map[R_ACCOUNT] >= 0 && !blank(cell(im, R_ACCOUNT)) && !(acct = account(im, cell(im, R_ACCOUNT))))
		goto fail;
	sqlite3_stmt *s[2] = {im->q[Q_OPP_INSERT], im->q[Q_OPP_UPDATE]};
	bool changed[2];
	for (int k = 0; k < 2; k++) {
		sqlite3_bind_text(s[k], 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s[k], 2, acct);
		sqlite3_bind_int64(s[k], 3, amount);
		sqlite3_bind_int64(s[k], 4, created);
		if (has_close)
			sqlite3_bind_int64(s[k], 5, close);
		else
			sqlite3_bind_null(s[k], 5);
		sqlite3_bind_text(s[k], 6, stage, -1, SQLITE_STATIC);
		sqlite3_bind_int(s[k], 7, closed);
		sqlite3_bind_int(s[k], 8, won);
		sqlite3_bind_int64(s[k], 9, im->batch);
		if (step_done(s[k]) < 0)
			goto fail;
		changed[k] = sqlite3_changes(im->db->db) > 0;
		if (changed[0])
			break;
	}
	count_change(im, changed[0], !changed[0] && changed[1]);
	/* The stage the opportunity was created in is not known; its current
	 * stage is reached no later than today, recorded from history. */
	if (im->preset == CC_CRM_HUBSPOT_DEALS && im->map[R_CONTACTS] >= 0) {
		const char *p = cell(im, R_CONTACTS);
		while (*p) {
			size_t n = strcspn(p, ";,");
			char *one = cc_xstrndup(p, n);
			if (!blank(one)) {
				int64_t who = person(im, "id", one);
				sqlite3_stmt *r = im->q[Q_ROLE];
				sqlite3_bind_text(r, 1, id, -1, SQLITE_STATIC);
				sqlite3_bind_int64(r, 2, who);
				if (!who || step_done(r) < 0) {
					free(one);
					goto fail;
				}
			}
			free(one);
			p += n + (p[n] != '\0');
		}
	}
	goto done;
fail:
	im->fail = 1;
done:
	free(stage);
	free(id);
}

static void row_history(struct import *im)
{
	int64_t day, dummy;
	char *id = cc_crm_id(cell(im, R_OPP));
	const char *stage = cell(im, R_STAGE);
	if (!*id) {
		bad_row(im, im->map[R_OPP] + 1, "missing opportunity id");
	} else if (blank(stage)) {
		bad_row(im, im->map[R_STAGE] + 1, "missing stage");
	} else if (parse_when(im, R_CREATED, "date", &day, &dummy) == 0) {
		sqlite3_stmt *s = im->q[Q_STAGE];
		char *st = cc_xstrdup(stage + strspn(stage, " "));
		sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, st, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, day);
		if (step_done(s) < 0)
			im->fail = 1;
		else
			count_change(im, sqlite3_changes(im->db->db) > 0, false);
		free(st);
	}
	free(id);
}

static void row_role(struct import *im)
{
	char *id = cc_crm_id(cell(im, R_OPP));
	if (!*id) {
		bad_row(im, im->map[R_OPP] + 1, "missing opportunity id");
	} else if (blank(cell(im, R_CONTACT))) {
		bad_row(im, im->map[R_CONTACT] + 1, "missing contact id");
	} else {
		int64_t who = person(im, "id", cell(im, R_CONTACT));
		sqlite3_stmt *s = im->q[Q_ROLE];
		sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, who);
		if (!who || step_done(s) < 0)
			im->fail = 1;
		else
			count_change(im, sqlite3_changes(im->db->db) > 0, false);
	}
	free(id);
}

static int upsert_contact(struct import *im, int64_t who, int64_t canon, int64_t acct, bool has_created,
			  int64_t created, bool *inserted, bool *updated)
{
	sqlite3_stmt *s[2] = {im->q[Q_CONTACT_INSERT], im->q[Q_CONTACT_UPDATE]};
	for (int k = 0; k < 2; k++) {
		sqlite3_bind_int64(s[k], 1, who);
		sqlite3_bind_int64(s[k], 2, canon);
		sqlite3_bind_int64(s[k], 3, acct);
		if (has_created)
			sqlite3_bind_int64(s[k], 4, created);
		else
			sqlite3_bind_null(s[k], 4);
		if (step_done(s[k]) < 0)
			return -1;
		bool ch = sqlite3_changes(im->db->db) > 0;
		if (k == 0 && ch) {
			*inserted = true;
			return 0;
		}
		if (k == 1 && ch)
			*updated = true;
	}
	return 0;
}

static void row_contact(struct import *im)
{
	int64_t created = 0, dummy, id_p = 0, mail_p = 0, acct = 0;
	const char *cid = cell(im, R_CONTACT), *mail = cell(im, R_EMAIL);
	bool has_created = !blank(cell(im, R_CREATED)), ins = false, upd = false;

	if (blank(cid) && blank(mail)) {
		bad_row(im, 0, "no contact: neither a contact id nor an e-mail address");
		return;
	}
	if (!blank(mail) && !strchr(mail, '@')) {
		bad_row(im, im->map[R_EMAIL] + 1, "not an e-mail address in column '%s'",
			im->cols[im->map[R_EMAIL]]);
		return;
	}
	if (has_created && parse_when(im, R_CREATED, "creation date", &created, &dummy) < 0)
		return;
	if (!blank(cell(im, R_ACCOUNT)) && !(acct = account(im, cell(im, R_ACCOUNT))))
		goto fail;
	if (!blank(cid) && !(id_p = person(im, "id", cid)))
		goto fail;
	if (!blank(mail) && !(mail_p = person(im, "email", mail)))
		goto fail;
	int64_t canon = id_p ? id_p : mail_p;
	if (id_p && upsert_contact(im, id_p, canon, acct, has_created, created, &ins, &upd) < 0)
		goto fail;
	if (mail_p && upsert_contact(im, mail_p, canon, acct, has_created, created, &ins, &upd) < 0)
		goto fail;
	count_change(im, ins, upd);
	return;
fail:
	im->fail = 1;
}

static int header(struct import *im)
{
	struct cc_buf missing = CC_BUF_INIT;
	im->ncols = im->nfields;
	im->cols = cc_xcalloc(im->ncols ? im->ncols : 1, sizeof(char *));
	for (size_t i = 0; i < im->nfields; i++) {
		struct cc_buf *f = &im->fields[i];
		cc_buf_rtrim(f);
		im->cols[i] = cc_xstrdup(f->buf + strspn(f->buf, " \t"));
	}
	if (im->ncols > 256) {
		cc_problems_add(im->bad, im->file, im->rec_line, 0, CC_SEV_ERROR, "bad-header",
				"%zu columns: more than 256 is not a CRM export", im->ncols);
		return -1;
	}
	if (im->forced >= 0) {
		if (map_header(im->forced, im->cols, im->ncols, im->map, &missing) < 0) {
			cc_problems_add(im->bad, im->file, im->rec_line, 0, CC_SEV_ERROR, "bad-header",
					"not a %s export: missing column%s %s", preset_names[im->forced],
					strchr(missing.buf, ',') ? "s" : "", missing.buf);
			cc_buf_release(&missing);
			return -1;
		}
		im->preset = im->forced;
		return 0;
	}
	for (int p = 0; p < CC_CRM_PRESET_COUNT; p++)
		if (map_header(p, im->cols, im->ncols, im->map, NULL) == 0) {
			im->preset = p;
			im->st->preset = p;
			return 0;
		}
	cc_problems_add(im->bad, im->file, im->rec_line, 0, CC_SEV_ERROR, "bad-header",
			"the header fits no CRM export contentcal knows (a touches file needs contact "
			"or email, date and asset columns; see 'contentcal help crm'); name one with "
			"--preset to see what is missing");
	return -1;
}

static void record(struct import *im)
{
	if (im->fail)
		return;
	if (!im->header_done) {
		im->header_done = true;
		if (header(im) < 0)
			im->fail = 2;
		im->st->preset = im->preset;
		return;
	}
	if (im->nfields == 1 && blank(im->fields[0].buf) && im->ncols > 1)
		return; /* a blank line */
	im->st->rows++;
	if (im->nfields != im->ncols) {
		if (im->nfields < im->ncols)
			bad_row(im, 0, "missing column '%s' (%zu of %zu fields)", im->cols[im->nfields],
				im->nfields, im->ncols);
		else
			bad_row(im, 0, "%zu fields, the header has %zu", im->nfields, im->ncols);
		return;
	}
	switch (im->preset) {
	case CC_CRM_SF_OPPORTUNITY:
	case CC_CRM_HUBSPOT_DEALS:
		row_opportunity(im);
		break;
	case CC_CRM_SF_OPP_HISTORY:
		row_history(im);
		break;
	case CC_CRM_SF_CONTACT_ROLE:
		row_role(im);
		break;
	case CC_CRM_CONTACTS:
		row_contact(im);
		break;
	default:
		row_touch(im);
	}
}

static void on_field(void *data, size_t len, void *ctx)
{
	struct import *im = ctx;
	struct cc_buf *f = cc_bufs_next(&im->fields, &im->nfields, &im->afields);
	if (data)
		cc_buf_add(f, data, len);
}

static void on_record(int c, void *ctx)
{
	struct import *im = ctx;
	(void)c;
	if (im->nfields == 1 && !im->fields[0].len && !im->header_done) {
		im->nfields = 0;
		return;
	}
	record(im);
	im->nfields = 0;
}

static int read_all(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct cc_buf b = CC_BUF_INIT;
	char chunk[65536];
	size_t n;
	if (!f)
		return cc_error("cannot read '%s': %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		cc_buf_add(&b, chunk, n);
	if (ferror(f)) {
		int e = errno;
		fclose(f);
		cc_buf_release(&b);
		return cc_error("cannot read '%s': %s", path, strerror(e));
	}
	fclose(f);
	*out = cc_buf_detach(&b, len);
	return 0;
}

static int cmp_pending(const void *a, const void *b, void *ctx)
{
	const struct pending_touch *x = a, *y = b;
	char **channels = ctx;
	if (x->person != y->person)
		return x->person < y->person ? -1 : 1;
	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	if (x->asset != y->asset)
		return x->asset < y->asset ? -1 : 1;
	return strcmp(channels[x->channel], channels[y->channel]);
}

/* Stores the touches kept by row_touch, in primary key order; -1 on a database error. */
static int flush_touches(struct import *im)
{
	sqlite3_stmt *s = im->q[Q_TOUCH];
	if (im->npending)
		qsort_r(im->pending, im->npending, sizeof(*im->pending), cmp_pending, im->channels);
	for (size_t i = 0; i < im->npending; i++) {
		const struct pending_touch *t = &im->pending[i];
		sqlite3_bind_int64(s, 1, t->person);
		sqlite3_bind_int64(s, 2, t->ts);
		sqlite3_bind_int64(s, 3, t->asset);
		sqlite3_bind_text(s, 4, im->channels[t->channel], -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 5, t->account);
		sqlite3_bind_int64(s, 6, im->batch);
		if (step_done(s) < 0)
			return -1;
		count_change(im, sqlite3_changes(im->db->db) > 0, false);
	}
	return 0;
}

int cc_crm_import(struct cc_db *db, const struct cc_config *cfg, const struct cc_asset_names *names,
		  const struct cc_crm_key *key, const char *path, const char *display, int preset,
		  struct cc_crm_stats *stats, struct cc_problems *bad, struct cc_problems *unknown)
{
	struct import im = {0};
	struct csv_parser p;
	char *text = NULL;
	size_t len = 0;
	int ret = -1;
	bool in_tx = false, parser = false;

	memset(stats, 0, sizeof(*stats));
	stats->preset = -1;
	im.db = db;
	im.cfg = cfg;
	im.names = names;
	im.key = key;
	im.file = display ? display : path;
	im.st = stats;
	im.bad = bad;
	im.forced = preset;
	im.preset = -1;
	im.people.klen = CC_CRM_HASH_BYTES;

	if (read_all(path, &text, &len) < 0)
		return -1;
	mbedtls_md_init(&im.md);
	im.md_ready = mbedtls_md_setup(&im.md, mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), 1) == 0 &&
		      mbedtls_md_hmac_starts(&im.md, key->k, sizeof(key->k)) == 0;
	int uline, ucol;
	if (!cc_utf8_check(text, len, &uline, &ucol)) {
		cc_error("%s:%d:%d: not valid UTF-8 (export the file as UTF-8)", im.file, uline, ucol);
		goto cleanup;
	}
	/* A large import touches pages all over the touch table: 64 MiB of cache. */
	if (cc_db_exec(db, "PRAGMA crm.cache_size = -65536") < 0 || cc_db_begin(db) < 0)
		goto cleanup;
	in_tx = true;
	for (int k = 0; k < Q_COUNT; k++)
		if (cc_db_prepare(db, &im.q[k], q_sql[k]) < 0)
			goto cleanup;
	if (load_idmap(&im, &im.people, "SELECT id, hash FROM crm.people") < 0 ||
	    load_idmap(&im, &im.accounts, "SELECT id, name FROM crm.accounts") < 0 ||
	    load_idmap(&im, &im.assets, "SELECT id, path FROM crm.assets") < 0)
		goto cleanup;
	{
		sqlite3_stmt *s = NULL;
		char at[32];
		time_t now = time(NULL);
		struct tm tm;
		gmtime_r(&now, &tm);
		strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
		if (cc_db_prepare(db, &s, "INSERT INTO crm.imports(file, preset, at, rows, added, updated, "
					  "unchanged, unknown) VALUES (?1, '', ?2, 0, 0, 0, 0, 0)") < 0)
			goto cleanup;
		sqlite3_bind_text(s, 1, im.file, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, at, -1, SQLITE_STATIC);
		int rc = sqlite3_step(s);
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE) {
			cc_db_error(db, "recording the import");
			goto cleanup;
		}
		im.batch = sqlite3_last_insert_rowid(db->db);
	}
	if (csv_init(&p, CSV_APPEND_NULL) != 0) {
		cc_error("cannot set up the CSV parser");
		goto cleanup;
	}
	parser = true;
	size_t off = len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3) ? 3 : 0;
	while (off < len && !im.fail) {
		const char *nl = memchr(text + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (text + off)) + 1 : len - off;
		im.line++;
		if (p.pstate == 0)
			im.rec_line = im.line;
		if (csv_parse(&p, text + off, n, on_field, on_record, &im) != n) {
			cc_error("%s:%d: %s", im.file, im.line, csv_strerror(csv_error(&p)));
			goto cleanup;
		}
		off += n;
	}
	if (!im.fail && p.pstate == 2 && p.quoted) {
		cc_problems_add(bad, im.file, im.rec_line, 0, CC_SEV_ERROR, "bad-row",
				"a quoted field opened here is never closed");
		stats->rows++;
		stats->bad++;
	} else if (!im.fail) {
		csv_fini(&p, on_field, on_record, &im);
	}
	if (im.fail == 1) {
		cc_db_error(db, "storing CRM data");
		goto cleanup;
	}
	if (im.fail == 2 || !im.header_done) {
		if (!im.header_done)
			cc_problems_add(bad, im.file, 1, 0, CC_SEV_ERROR, "bad-header", "the file is empty");
		stats->bad = stats->rows = 0;
		ret = 1;
		goto cleanup;
	}
	for (size_t i = 0; i < im.nunknown; i++) {
		struct unknown_name *u = &im.unknown[i];
		struct cc_buf m = CC_BUF_INIT;
		if (!strcmp(u->kind, "campaign"))
			cc_buf_addf(&m, "campaign '%s' has no asset in influence.campaigns", u->name);
		else
			cc_buf_addf(&m, "'%s' %s", u->name,
				    !strcmp(u->kind, "ambiguous") ? "names several assets" : "names no known asset");
		cc_buf_addf(&m, " (%zu row%s kept aside in the unmatched table)", u->rows,
			    u->rows == 1 ? "" : "s");
		cc_problems_add(unknown, im.file, u->line, 0, CC_SEV_WARNING, "unknown-asset", "%s", m.buf);
		cc_buf_release(&m);
		sqlite3_stmt *s = im.q[Q_UNMATCHED];
		sqlite3_bind_text(s, 1, u->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, u->kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, im.file, -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 4, u->line);
		sqlite3_bind_int64(s, 5, (sqlite3_int64)u->rows);
		if (step_done(s) < 0) {
			cc_db_error(db, "storing unmatched rows");
			goto cleanup;
		}
	}
	if (stats->bad) {
		ret = 1;
		goto cleanup;
	}
	if (flush_touches(&im) < 0) {
		cc_db_error(db, "storing touches");
		goto cleanup;
	}
	{
		sqlite3_stmt *s = NULL;
		if (cc_db_prepare(db, &s, "UPDATE crm.imports SET preset = ?2, rows = ?3, added = ?4, "
					  "updated = ?5, unchanged = ?6, unknown = ?7 WHERE id = ?1") < 0)
			goto cleanup;
		sqlite3_bind_int64(s, 1, im.batch);
		sqlite3_bind_text(s, 2, preset_names[im.preset], -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, (sqlite3_int64)stats->rows);
		sqlite3_bind_int64(s, 4, (sqlite3_int64)stats->added);
		sqlite3_bind_int64(s, 5, (sqlite3_int64)stats->updated);
		sqlite3_bind_int64(s, 6, (sqlite3_int64)stats->unchanged);
		sqlite3_bind_int64(s, 7, (sqlite3_int64)stats->unknown);
		int rc = sqlite3_step(s);
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE) {
			cc_db_error(db, "recording the import");
			goto cleanup;
		}
	}
	if (cc_db_commit(db) < 0)
		goto cleanup;
	in_tx = false;
	stats->committed = true;
	ret = 0;
cleanup:
	for (int k = 0; k < Q_COUNT; k++)
		sqlite3_finalize(im.q[k]);
	if (in_tx)
		cc_db_rollback(db);
	if (parser)
		csv_free(&p);
	for (size_t i = 0; i < im.afields; i++)
		cc_buf_release(&im.fields[i]);
	free(im.fields);
	for (size_t i = 0; i < im.ncols; i++)
		free(im.cols[i]);
	free(im.cols);
	for (size_t i = 0; i < im.nunknown; i++)
		free(im.unknown[i].name);
	free(im.unknown);
	idmap_release(&im.people);
	idmap_release(&im.accounts);
	idmap_release(&im.assets);
	idmap_release(&im.unknown_idx);
	for (size_t i = 0; i < im.seen.cap; i++)
		if (im.seen.keys[i])
			explicit_bzero(im.seen.keys[i], strlen(im.seen.keys[i]));
	idmap_release(&im.seen);
	free(im.pending);
	for (size_t i = 0; i < im.nchannels; i++)
		free(im.channels[i]);
	free(im.channels);
	idmap_release(&im.channel_idx);
	mbedtls_md_free(&im.md);
	free(text);
	return ret;
}

int cc_crm_attach_present(struct cc_db *db, const char *index_path)
{
	struct stat sb;
	if (cc_db_attached(db, "crm"))
		return 1;
	char *path = cc_crm_path(index_path);
	int r = lstat(path, &sb) == 0 ? (cc_crm_attach(db, path, false, NULL) < 0 ? -1 : 1) : 0;
	free(path);
	return r;
}

int cc_crm_version(struct cc_db *db, char **out)
{
	sqlite3_stmt *st = NULL;
	*out = NULL;
	if (!cc_db_attached(db, "crm"))
		return 0;
	/* An import is one transaction that adds its imports row; a failed one leaves none. */
	if (cc_db_prepare(db, &st, "SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(max(at), '') || "
				   "':' || coalesce((SELECT value FROM crm.meta WHERE key = 'key_check'), '') "
				   "FROM crm.imports") < 0)
		return -1;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = cc_xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : cc_db_error(db, "reading the CRM imports");
}
