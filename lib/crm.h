/*
 * crm.h — CRM exports (touches, opportunities, contacts) imported into the
 * CRM database, with personal data replaced by keyed hashes.
 *
 * The CRM database is primary data, like engagement: its own SQLite file
 * beside the index (cc_crm_path: "crm.db" for "index.db"), attached to the
 * index connection as schema "crm", never in git, never rebuilt. It carries
 * PRAGMA application_id CC_CRM_APPLICATION_ID (db.h) and its own
 * user_version; it is recognised and created with cc_db_identify and
 * cc_db_create_file (cc_crm_kind), so a file that is not a contentcal CRM
 * database, a link, or a newer version is never written.
 *
 * E-mail addresses and contact (and lead) ids never reach the database:
 * each is replaced on import by HMAC-SHA-256 (mbedTLS) under a 32-byte
 * per-repository secret, the key file beside the database (cc_crm_key_path:
 * "crm.key"), created mode 0600 from getrandom(2) on the first import. The
 * database keeps a check value of the key, so a lost or foreign key is
 * refused instead of silently splitting people in two. Names are never
 * read. Account and opportunity ids are company records and kept.
 *
 * Tables (docs/influence.md):
 *   crm.people(id, hash)                     a 16-byte hash per e-mail or contact id
 *   crm.contacts(person, canonical, account, created)  from a contacts export
 *   crm.accounts(id, name)  crm.assets(id, path)
 *   crm.touches(person, ts, asset, channel, account, batch)
 *   crm.opportunities(id, account, amount, created, close, stage, closed, won, batch)
 *   crm.stages(opp, stage, day)   crm.roles(opp, person)
 *   crm.unmatched(name, kind, file, line, rows)  touches naming no known asset
 *   crm.imports(id, file, preset, at, rows, added, updated, unchanged, unknown)
 *   crm.meta(key, value)
 * Days are days since 1970-01-01, ts seconds since the epoch (UTC), amounts
 * integer cents.
 */
#ifndef CC_CRM_H
#define CC_CRM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "db.h"
#include "engagement.h"
#include "problem.h"

#define CC_CRM_VERSION 1
#define CC_CRM_KEY_BYTES 32
#define CC_CRM_HASH_BYTES 16

enum cc_crm_preset {
	CC_CRM_SF_OPPORTUNITY,
	CC_CRM_HUBSPOT_DEALS,
	CC_CRM_SF_OPP_HISTORY,
	CC_CRM_SF_CONTACT_ROLE,
	CC_CRM_SF_CAMPAIGN_MEMBER,
	CC_CRM_HUBSPOT_FORMS,
	CC_CRM_HUBSPOT_ACTIVITY,
	CC_CRM_CONTACTS,
	CC_CRM_TOUCHES,
	CC_CRM_PRESET_COUNT
};

/* How a CRM file is recognised. */
extern const struct cc_db_kind cc_crm_kind;

/* "salesforce-opportunity", … "touches"; NULL when out of range. */
const char *cc_crm_preset_name(int preset);
/* The preset named s, or -1. */
int cc_crm_preset_parse(const char *s);

/* The CRM file for an index path (as cc_engagement_path, with "crm"). New string. */
char *cc_crm_path(const char *index_path);
/* The key file for a CRM file: ".db" replaced by ".key". New string. */
char *cc_crm_key_path(const char *crm_path);

struct cc_crm_key {
	unsigned char k[CC_CRM_KEY_BYTES];
};

/*
 * Attaches the CRM file at path to db as schema "crm". With create, a
 * missing file and key are created (the key 0600, never overwritten) and
 * *key is filled; without, a missing file is an error ("no CRM data") and
 * key may be NULL. Returns 0, or -1 with cc_error; the files are then left
 * as they were.
 */
int cc_crm_attach(struct cc_db *db, const char *path, bool create, struct cc_crm_key *key);

/*
 * Attaches the CRM file beside the index at index_path (cc_crm_path) when
 * there is one, as cc_crm_attach without create; no file is no CRM data and
 * not an error. Returns 1 attached (or already), 0 none, -1 with cc_error
 * (a file that is not ours, a wrong key check).
 */
int cc_crm_attach_present(struct cc_db *db, const char *index_path);

/*
 * A version of the attached CRM data for cache keys: it changes with every
 * import that stores anything. *out is NULL when no CRM file is attached.
 * Returns 0, or -1 with cc_error.
 */
int cc_crm_version(struct cc_db *db, char **out);

/* The keyed hash of a normalised value of a kind ("email", "id"). */
void cc_crm_hash(unsigned char out[CC_CRM_HASH_BYTES], const struct cc_crm_key *key,
		 const char *kind, const char *value);

/*
 * A Salesforce id as one spelling: an 18-character id whose last three
 * characters are its case checksum becomes its 15-character form; any
 * other value is returned trimmed. New string.
 */
char *cc_crm_id(const char *s);

/* Parses an amount ("1234", "1234.5", "1234.56"; blanks around) into cents; 0 or -1. */
int cc_crm_parse_amount(const char *s, int64_t *cents);

struct cc_crm_stats {
	int preset;       /* the preset used */
	size_t rows;      /* data records read */
	size_t added;     /* records new to the database */
	size_t updated;   /* records that changed an earlier one */
	size_t unchanged; /* records equal to what was stored */
	size_t skipped;   /* records that are not touches (a campaign member who never responded) */
	size_t unknown;   /* touches naming no known asset (kept in crm.unmatched) */
	size_t bad;       /* records rejected */
	bool committed;
};

/*
 * Imports one CSV export into the attached CRM database in one
 * transaction. preset -1 detects it from the header. Every bad record is
 * added to bad (file:line, rule "bad-row"; header problems "bad-header"),
 * every unknown asset once to unknown ("unknown-asset"). Returns 0 when
 * stored, 1 when bad rows or a bad header made it fail (nothing stored),
 * -1 with cc_error on a file or database error (nothing stored).
 */
int cc_crm_import(struct cc_db *db, const struct cc_config *cfg, const struct cc_asset_names *names,
		  const struct cc_crm_key *key, const char *path, const char *display, int preset,
		  struct cc_crm_stats *stats, struct cc_problems *bad, struct cc_problems *unknown);

#endif
