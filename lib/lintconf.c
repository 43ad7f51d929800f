/*
 * lintconf.c — lint rule levels, path overrides and lint's problems (see lintconf.h).
 */
#include "lintconf.h"

#include "links.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "glob.h"

const char *const cc_lint_rule_names[] = {
	"binary-file",       "duplicate-key",      "duplicate-slug",         "empty-file",
	"file-too-large",    "invalid-date",       "invalid-front-matter",   "invalid-json",
	"invalid-value",     "invalid-yaml",       "lagging-translation",    "lfs-pointer",
	"missing-field",     "no-commits",         "shallow-clone",          "submodule-not-followed",
	"symlink-not-followed", "unknown-status",  "unknown-value",          "unsupported-toml",
	"unterminated-front-matter", "unknown-config-key", NULL,
};

bool cc_config_glob_match(const struct cc_config *cfg, const char *glob, const char *path)
{
	size_t n = cfg->dir ? strlen(cfg->dir) : 0;
	if (n) {
		if (strncmp(path, cfg->dir, n) || path[n] != '/')
			return false;
		path += n + 1;
	}
	return cc_glob_match(glob, path);
}

static bool override_matches(const struct cc_config *cfg, const struct cc_override *o, const char *path)
{
	for (size_t i = 0; i < o->paths.n; i++)
		if (cc_config_glob_match(cfg, o->paths.v[i], path))
			return true;
	return false;
}

static int rule_level(const struct cc_rule_levels *l, const char *rule, int level)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].rule, rule))
			level = l->v[i].level;
	return level;
}

int cc_lint_level(const struct cc_config *cfg, const char *path, const char *rule, int def)
{
	int level = rule_level(&cfg->lint.rules, rule, def);
	for (size_t i = 0; i < cfg->noverrides; i++)
		if (override_matches(cfg, &cfg->overrides[i], path))
			level = rule_level(&cfg->overrides[i].rules, rule, level);
	return level;
}

int cc_gap_level(const struct cc_config *cfg, const char *path, const char *kind, int def)
{
	int level = def;
	bool stale = !strcmp(kind, "stale");
	for (size_t i = 0; i < cfg->noverrides; i++) {
		const struct cc_override *o = &cfg->overrides[i];
		int l = stale ? o->stale : o->overdue;
		if (l != CC_LEVEL_UNSET && override_matches(cfg, o, path))
			level = l;
	}
	return level;
}

static bool wanted(const struct cc_strlist *only, const char *path)
{
	if (!only)
		return true;
	for (size_t i = 0; i < only->n; i++) {
		const char *o = only->v[i];
		size_t n = strlen(o);
		while (n && o[n - 1] == '/')
			n--;
		if (!n || (!strncmp(path, o, n) && (path[n] == '\0' || path[n] == '/')))
			return true;
	}
	return false;
}

int cc_lint_collect(struct cc_problems *out, struct cc_db *db, const struct cc_config *cfg,
		    const struct cc_strlist *only, const char *config_path, const char *root)
{
	sqlite3_stmt *st = NULL;
	int rc;
	/* A duplicate is one problem for all the files at one URL: wanted when any of them is. */
	if (cc_db_prepare(db, &st,
			  "SELECT p.path, p.line, p.col, p.severity, p.rule, p.message, "
			  "  CASE WHEN p.rule = 'duplicate-slug' AND ?1 THEN (SELECT json_group_array(b.path) "
			  "    FROM assets a JOIN assets b ON b.site_url = a.site_url AND b.lang = a.lang "
			  "    WHERE a.id = p.asset) END "
			  "FROM problems p") < 0)
		return -1;
	sqlite3_bind_int(st, 1, only != NULL);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *path = (const char *)sqlite3_column_text(st, 0);
		const char *rule = (const char *)sqlite3_column_text(st, 4);
		int level = sqlite3_column_int(st, 3);
		if (!path || !rule)
			continue;
		bool want = wanted(only, path);
		const char *group = (const char *)sqlite3_column_text(st, 6);
		if (!want && group) {
			json_t *g = json_loads(group, 0, NULL);
			size_t i;
			json_t *e;
			json_array_foreach(g, i, e)
				if (json_is_string(e) && wanted(only, json_string_value(e)))
					want = true;
			json_decref(g);
		}
		if (!want)
			continue;
		if (!config_path || strcmp(path, config_path))
			level = cc_lint_level(cfg, path, rule, level);
		if (level == CC_LEVEL_OFF)
			continue;
		cc_problems_add(out, path, sqlite3_column_int(st, 1), sqlite3_column_int(st, 2),
				(enum cc_severity)level, rule, "%s", (const char *)sqlite3_column_text(st, 5));
	}
	int ret = rc == SQLITE_DONE ? 0 : cc_db_error(db, "reading problems");
	sqlite3_finalize(st);
	if (ret < 0)
		return ret;
	/* Links are checked across assets (links.h), so here rather than file by file at index time. */
	struct cc_link_refs broken = {0};
	if (cc_links_check(db, root, &broken, NULL) < 0)
		return -1;
	for (size_t i = 0; i < broken.n; i++) {
		const struct cc_link_ref *b = &broken.v[i];
		int level = cc_lint_level(cfg, b->path, "broken-link", CC_SEV_WARNING);
		if (!wanted(only, b->path) || level == CC_LEVEL_OFF)
			continue;
		cc_problems_add(out, b->path, b->line, 1, (enum cc_severity)level, "broken-link",
				"link to '%s' leads to no asset or file", b->url);
	}
	cc_link_refs_release(&broken);
	return 0;
}
