/*
 * index.c — `contentcal index`: bring the index up to date.
 */
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"

static struct {
	const char *rev;
	long threads;
	bool worktree, full_text, require_history, check, quiet;
} a;

static const struct cc_option options[] = {
	CC_OPT_STRING(0, "rev", &a.rev, "REV", "revision to index (default: HEAD)"),
	CC_OPT_FLAG(0, "worktree", &a.worktree, "index the working tree instead, uncommitted drafts included"),
	CC_OPT_FLAG(0, "full-text", &a.full_text, "also build the full-text index that search uses, even when\n"
		    "the index is up to date (search.full_text: true does it\n"
		    "on every run)"),
	CC_OPT_INT(0, "threads", &a.threads, "N", "parser threads (default: one per core)", 1, INT_MAX),
	CC_OPT_FLAG(0, "require-history", &a.require_history, "fail (exit 2) on a shallow clone instead of warning"),
	CC_OPT_FLAG(0, "check", &a.check, "first verify the index file (PRAGMA integrity_check); a\n"
		    "damaged one is moved to PATH.corrupt and rebuilt"),
	CC_OPT_FLAG('q', "quiet", &a.quiet, "print nothing unless something fails"),
	CC_OPT_END(),
};

const struct cc_help cmd_index_help = {
	"usage: contentcal index [--rev REV] [--worktree] [--full-text] [--threads N]\n"
	"                        [--require-history] [--quiet]\n"
	"\n"
	"Brings the index up to date with a revision: parses only files whose blob\n"
	"changed since the last run, drops removed files, and walks only the commits\n"
	"that are new for history dates. Prints '+N added ~N changed -N removed,\n"
	"N problems' to stderr. Every read command does this first, silently.\n",
	options, NULL};

struct progress {
	struct timespec start;
	bool shown;
};

static void on_progress(size_t done, size_t total, void *payload)
{
	struct progress *p = payload;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double elapsed = (double)(now.tv_sec - p->start.tv_sec) + (now.tv_nsec - p->start.tv_nsec) / 1e9;
	if (elapsed < 1.0 && !p->shown)
		return;
	p->shown = true;
	fprintf(stderr, "\rindexing: %zu/%zu files (%.0f%%)", done, total, total ? 100.0 * done / total : 100.0);
	if (done == total)
		fputs("\r\033[K", stderr);
}

int cmd_index(int argc, char **argv, struct cc_env *env)
{
	struct cc_index_options o = CC_INDEX_OPTIONS_INIT;
	struct cc_index_stats st;
	struct progress prog = {0};

	memset(&a, 0, sizeof(a));
	if (cc_parse_only(env, argc, argv, options))
		return CC_EXIT_ERROR;
	o.rev = a.rev ? a.rev : env->g.rev;
	o.worktree = a.worktree || env->g.worktree;
	o.threads = a.threads ? (int)a.threads : env->g.threads;
	o.full_text = a.full_text;
	o.require_history = a.require_history;
	bool quiet = a.quiet;
	if (!quiet && isatty(STDERR_FILENO)) {
		clock_gettime(CLOCK_MONOTONIC, &prog.start);
		o.progress = on_progress;
		o.payload = &prog;
	}
	if (a.check) {
		/* Damage that no query has touched yet goes unnoticed by normal
		 * runs (a full check reads every page, too slow for every command). */
		int ok = cc_ctx_open_db(env->ctx, 0) == 0 ? cc_db_check(env->ctx->db) : -1;
		if (ok < 0 && !cc_db_corrupt(env->ctx->db))
			return cc_fail_lib();
		if (ok != 1) {
			fprintf(stderr, "contentcal: warning: the index '%s' is damaged (%s); moving it to "
					"'%s.corrupt' and rebuilding it from git\n", env->ctx->db_path,
				cc_error_last(), env->ctx->db_path);
			if (cc_ctx_set_aside_db(env->ctx) < 0)
				return cc_fail_lib();
		} else if (!quiet) {
			fputs("index check: ok\n", stderr);
		}
	}
	if (cc_index_update(env->ctx, &o, &st) < 0)
		return cc_fail_lib();
	if (!quiet) {
		if (st.shallow)
			fputs("contentcal: warning: shallow clone; created and updated dates from git history "
			      "are unreliable (fetch with fetch-depth: 0, or git fetch --unshallow)\n", stderr);
		fprintf(stderr, "+%zu added ~%zu changed -%zu removed, %zu problems%s\n", st.added, st.changed,
			st.removed, st.problems, st.up_to_date ? " (up to date)" : "");
		if (st.exports)
			fprintf(stderr, "%zu committed engagement export%s, %zu read\n", st.exports,
				st.exports == 1 ? "" : "s", st.exports_read);
	}
	return 0;
}
