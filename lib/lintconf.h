/*
 * lintconf.h — what the config says about findings: lint rule levels
 * (`lint.rules`), path overrides (`overrides:`) for lint rules and for the
 * per-asset gap kinds (overdue, stale), and the problems `lint` reports.
 *
 * A level is a severity (CC_SEV_INFO … CC_SEV_ERROR) or CC_LEVEL_OFF. The
 * level of a rule for a path is the rule's own severity, replaced by
 * lint.rules when it names the rule, then by every override whose paths
 * match (globs relative to the config directory; a later override wins).
 * Problems of the config file itself are never turned off: a broken
 * config must not be silenced by itself.
 */
#ifndef CC_LINTCONF_H
#define CC_LINTCONF_H

#include <stdbool.h>

#include "config.h"
#include "db.h"
#include "problem.h"

/* Every rule lint can report, NULL-terminated (docs/config.md lists them). */
extern const char *const cc_lint_rule_names[];

/* Whether repository-relative path matches glob (relative to cfg->dir). */
bool cc_config_glob_match(const struct cc_config *cfg, const char *glob, const char *path);

/* The level of lint rule `rule` for path, starting from def (its own severity). */
int cc_lint_level(const struct cc_config *cfg, const char *path, const char *rule, int def);

/* The level of the gap kind "overdue" or "stale" for an asset at path, from def. */
int cc_gap_level(const struct cc_config *cfg, const char *path, const char *kind, int def);

/*
 * Appends the problems recorded in the index to out, at their configured
 * levels (off ones left out). With only (not NULL), only problems of those
 * repository-relative paths, or of paths under one that names a directory
 * (no trailing '/' needed), are kept; duplicates between files are still
 * judged against the whole repository, since the index records them so,
 * and a duplicate (one problem for every file at one URL) is kept when
 * any of its files is.
 * config_path (repository-relative, or NULL) is the config file, whose
 * problems keep their levels. root (the work tree, or NULL) is where
 * internal links are looked up: links that lead nowhere are rule
 * "broken-link" (links.h), a warning by default. Returns 0, or -1 with
 * cc_error.
 */
int cc_lint_collect(struct cc_problems *out, struct cc_db *db, const struct cc_config *cfg,
		    const struct cc_strlist *only, const char *config_path, const char *root);

#endif
