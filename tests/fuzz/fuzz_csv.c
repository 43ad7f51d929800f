/*
 * fuzz_csv.c — engagement CSV import (cc_engagement_ingest) with the
 * default configuration, against an index that holds three assets.
 *
 * cc_engagement_ingest reads a path, so each input is written to one file
 * made at start-up; the index and engagement databases live beside it and
 * the engagement tables are emptied after every input. Promises checked:
 * the return is 0 (stored), 1 (bad rows: nothing stored) or -1 (a message,
 * nothing stored); every bad row is reported at a line of the file; the
 * counts add up; every stored value is finite and not negative, for a
 * known asset, on a day that formats back to a date. (FUZZ_CSV_SKIP_FINITE
 * set in the environment skips the finite check, to explore past the
 * known 1e308 + 1e308 = inf finding until it is fixed.)
 */
#include <fcntl.h>
#include <git2.h>
#include <math.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "db.h"
#include "engagement.h"
#include "fuzz.h"

static char dir[64], file[96];
static struct cc_db *db;
static struct cc_config cfg;
static int fd = -1;

static void cleanup(void)
{
	char p[128];
	cc_db_close(db);
	cc_config_release(&cfg);
	unlink(file);
	snprintf(p, sizeof(p), "%s/index.db", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/engagement.db", dir);
	unlink(p);
	rmdir(dir);
}

static long count(const char *sql)
{
	sqlite3_stmt *st = NULL;
	long n = -1;
	FUZZ_ASSERT(sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) == SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void setup(void)
{
	char p[128];
	/* /dev/shm and no fsync: a transaction per input, thousands a second */
	snprintf(dir, sizeof(dir), "%s/cc-fuzz-csv-%ld", access("/dev/shm", W_OK) ? "/tmp" : "/dev/shm",
		 (long)getpid());
	FUZZ_ASSERT(mkdir(dir, 0700) == 0);
	snprintf(file, sizeof(file), "%s/in.csv", dir);
	fd = open(file, O_RDWR | O_CREAT | O_TRUNC, 0600);
	FUZZ_ASSERT(fd >= 0);
	atexit(cleanup);
	git_libgit2_init();
	cc_config_defaults(&cfg);
	snprintf(p, sizeof(p), "%s/index.db", dir);
	FUZZ_ASSERT(cc_db_open(&db, p, 0) == 0);
	FUZZ_ASSERT(cc_db_exec(db,
			       "INSERT INTO assets(path, blob, fm_kind, fm_ok, slug, title, summary, "
			       "status, format, author, url, words, reading_minutes, body_line, "
			       "slug_line, slug_col, slug_declared, fields, headings, links) VALUES "
			       "('content/alpha.md', 'x', 'yaml', 1, 'alpha', 'Alpha', '', 'published', "
			       "'', '', 'https://example.com/blog/alpha/', 1, 1, 1, 0, 0, 0, '{}', '[]', '[]'),"
			       "('content/beta.md', 'y', 'yaml', 1, 'beta', 'Beta', '', 'published', "
			       "'', '', '', 1, 1, 1, 0, 0, 0, '{}', '[]', '[]'),"
			       "('content/x/gamma.md', 'z', 'yaml', 1, 'gamma', 'Gamma', '', 'draft', "
			       "'', '', '/x/gamma', 1, 1, 1, 0, 0, 0, '{}', '[]', '[]')") == 0);
	snprintf(p, sizeof(p), "%s/engagement.db", dir);
	FUZZ_ASSERT(cc_engagement_attach(db, p) == 0);
	FUZZ_ASSERT(cc_db_exec(db, "PRAGMA main.synchronous = OFF; PRAGMA eng.synchronous = OFF") == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cc_ingest_options o = {.source = "fuzz", .display_path = "in.csv"};
	struct cc_ingest_stats st;
	struct cc_problems bad = CC_PROBLEMS_INIT, unknown = CC_PROBLEMS_INIT;
	long lines = 1;

	if (!db)
		setup();
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n' || (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n'));
	FUZZ_ASSERT(ftruncate(fd, 0) == 0);
	FUZZ_ASSERT(pwrite(fd, data, size, 0) == (ssize_t)size);
	/* Odd sizes also try --skip-bad. */
	o.skip_bad = size & 1;
	cc_error_clear();
	int rc = cc_engagement_ingest(db, &cfg, file, &o, &st, &bad, &unknown);
	long stored = count("SELECT count(*) FROM eng.engagement");

	FUZZ_ASSERT(rc >= -1 && rc <= 1);
	if (rc < 0) {
		FUZZ_ASSERT(cc_error_last() && *cc_error_last());
		FUZZ_ASSERT(!st.committed && stored == 0);
	} else if (rc == 1) {
		FUZZ_ASSERT(!o.skip_bad || !st.committed);
		FUZZ_ASSERT(bad.n > 0 && !st.committed && stored == 0);
	} else {
		FUZZ_ASSERT(st.committed);
		FUZZ_ASSERT(stored >= 0 && (size_t)stored <= st.values);
		FUZZ_ASSERT(st.stored + st.replaced + st.unchanged <= st.values);
	}
	FUZZ_ASSERT(st.bad <= st.rows && st.unknown <= st.rows);
	fuzz_check_problems(&bad);
	fuzz_check_problems(&unknown);
	for (size_t i = 0; i < bad.n; i++) {
		FUZZ_ASSERT(!strcmp(bad.v[i].path, "in.csv"));
		FUZZ_ASSERT(bad.v[i].line >= 1 && bad.v[i].line <= lines);
	}
	for (size_t i = 0; i < unknown.n; i++)
		FUZZ_ASSERT(unknown.v[i].line >= 1 && unknown.v[i].line <= lines);
	/* What was stored is sane: finite, not negative, a known asset, a real day. */
	FUZZ_ASSERT(count("SELECT count(*) FROM eng.engagement WHERE NOT (typeof(value) IN "
			  "('real', 'integer') AND value >= 0 AND value <= 1.7976931348623157e308)") == 0 || getenv("FUZZ_CSV_SKIP_FINITE"));
	FUZZ_ASSERT(count("SELECT count(*) FROM eng.engagement e LEFT JOIN eng.assets a ON "
			  "a.id = e.asset WHERE a.path IS NULL OR a.path NOT IN ('content/alpha.md', "
			  "'content/beta.md', 'content/x/gamma.md')") == 0);
	FUZZ_ASSERT(count("SELECT count(*) FROM eng.engagement WHERE typeof(day) != 'integer' OR "
			  "date(day * 86400, 'unixepoch') IS NULL") == 0);
	FUZZ_ASSERT(cc_db_exec(db, "DELETE FROM eng.engagement; DELETE FROM eng.unmatched; "
				   "DELETE FROM eng.imports") == 0);
	cc_problems_release(&bad);
	cc_problems_release(&unknown);
	return 0;
}
