/*
 * history.c — one-pass history attribution (see history.h).
 */
#include "history.h"

#include <search.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "frontmatter.h"
#include "problem.h"

struct author {
	char *name, *email;
	long commits;
};

struct rec {
	char *path;      /* current (indexed) path */
	char *origin;    /* the oldest name seen for it in the walked range */
	long commits;
	int64_t created, updated; /* author time, seconds */
	int created_off, updated_off; /* minutes */
	bool seen;
	/* The newest commit that changed the body (not only the front matter). */
	int64_t revised;
	int revised_off;
	bool body_seen;
	struct author *authors;
	size_t nauthors, aalloc;
};

/* A name at some point in history: which record it belongs to (NULL: none). */
struct alias {
	char *name;
	struct rec *rec;
};

/*
 * Parsed trees of the last two commits walked. Walking newest first, a
 * commit's parent is the next commit walked, so the trees read as "old"
 * side now are the "new" side next time: with this, each tree is parsed
 * once. (libgit2's object cache keeps only trees under 4 KiB by default;
 * raising that limit thrashed its cache and tripled run time.)
 */
/* The trees one commit read, by id: a tsearch tree of struct cached_tree. */
struct cached_tree {
	git_oid id;
	git_tree *tree;
};

struct tree_cache {
	void *root;
};

struct state {
	struct tree_cache gen[2]; /* [0] this commit, [1] the previous one */
	struct rec **recs; /* sorted by path after a bulk load; in load order when lazy */
	size_t nrecs, alloc;
	void *aliases;     /* tsearch tree of struct alias */
	/*
	 * Lazy mode (a few new commits): instead of loading every indexed
	 * path, each changed path is looked up in the index when first seen;
	 * `known` caches the answers (struct alias with rec NULL = not an asset).
	 */
	sqlite3_stmt *exists;
	void *known;
	size_t walked;
	void *bodies; /* tsearch tree of struct body: blob id → body hash */
};

/* A blob's body hash: front matter cut off (cc_fm_parse's split), the rest hashed. */
struct body {
	git_oid id;
	uint64_t hash;
};

static int cmp_body(const void *a, const void *b)
{
	return git_oid_cmp(&((const struct body *)a)->id, &((const struct body *)b)->id);
}

static int body_hash(struct state *s, git_repository *repo, const git_oid *id, uint64_t *out)
{
	struct body key, *b, **found;
	git_blob *blob = NULL;
	key.id = *id;
	if ((found = tfind(&key, &s->bodies, cmp_body))) {
		*out = (*found)->hash;
		return 0;
	}
	if (git_blob_lookup(&blob, repo, id) < 0)
		return -1;
	const char *text = git_blob_rawcontent(blob);
	size_t len = (size_t)git_blob_rawsize(blob);
	struct cc_fm fm;
	struct cc_problems ignore = CC_PROBLEMS_INIT;
	cc_fm_parse(&fm, text, len, "", &ignore);
	size_t off = fm.body_offset <= len ? fm.body_offset : len;
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = off; i < len; i++)
		h = (h ^ (unsigned char)text[i]) * 1099511628211ULL;
	cc_fm_release(&fm);
	cc_problems_release(&ignore);
	git_blob_free(blob);
	b = cc_xmalloc(sizeof(*b));
	b->id = *id;
	b->hash = h;
	tsearch(b, &s->bodies, cmp_body);
	*out = h;
	return 0;
}

/*
 * Walking newest first, the first commit seen to change a path's body
 * (added it, or changed the bytes after the front matter) is its revision.
 * Commits that only retag (front matter) do not count. Each blob's body is
 * hashed once; paths already revised are not looked at again.
 */
static int note_body(struct state *s, git_repository *repo, struct rec *r, const git_oid *old_id,
		     const git_oid *new_id, const git_signature *sig)
{
	uint64_t a, b;
	if (r->body_seen)
		return 0;
	if (old_id && new_id) {
		if (body_hash(s, repo, old_id, &a) < 0 || body_hash(s, repo, new_id, &b) < 0)
			return -1;
		if (a == b)
			return 0;
	}
	r->body_seen = true;
	r->revised = sig->when.time;
	r->revised_off = sig->when.offset;
	return 0;
}

static int cmp_alias(const void *a, const void *b)
{
	return strcmp(((const struct alias *)a)->name, ((const struct alias *)b)->name);
}

static int cmp_rec_path(const void *key, const void *r)
{
	return strcmp(key, (*(struct rec *const *)r)->path);
}

static struct rec *new_rec(struct state *s, const char *path)
{
	struct rec *r = cc_xcalloc(1, sizeof(*r));
	r->path = cc_xstrdup(path);
	r->origin = NULL; /* NULL: the same as path */
	CC_GROW(s->recs, s->alloc, s->nrecs + 1);
	s->recs[s->nrecs++] = r;
	return r;
}

static void set_alias(struct state *s, const char *name, struct rec *rec)
{
	struct alias key = {(char *)name, NULL}, **found;
	found = tfind(&key, &s->aliases, cmp_alias);
	if (found) {
		(*found)->rec = rec;
		return;
	}
	struct alias *a = cc_xmalloc(sizeof(*a));
	a->name = cc_xstrdup(name);
	a->rec = rec;
	tsearch(a, &s->aliases, cmp_alias);
}

/* The record a name refers to at the current point of the walk. */
static struct rec *lookup(struct state *s, const char *name)
{
	struct alias key = {(char *)name, NULL}, **found;
	if (s->aliases && (found = tfind(&key, &s->aliases, cmp_alias)))
		return (*found)->rec;
	if (!s->exists) {
		struct rec **hit = s->nrecs ? bsearch(name, s->recs, s->nrecs, sizeof(*s->recs), cmp_rec_path)
					    : NULL;
		return hit ? *hit : NULL;
	}
	if (s->known && (found = tfind(&key, &s->known, cmp_alias)))
		return (*found)->rec;
	struct alias *a = cc_xmalloc(sizeof(*a));
	a->name = cc_xstrdup(name);
	a->rec = NULL;
	sqlite3_bind_text(s->exists, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(s->exists) == SQLITE_ROW)
		a->rec = new_rec(s, name);
	sqlite3_reset(s->exists);
	tsearch(a, &s->known, cmp_alias);
	return a->rec;
}

static void attribute(struct rec *r, const git_signature *sig)
{
	int64_t t = sig->when.time;
	r->commits++;
	if (!r->seen || t > r->updated) {
		r->updated = t;
		r->updated_off = sig->when.offset;
	}
	if (!r->seen || t <= r->created) {
		r->created = t;
		r->created_off = sig->when.offset;
	}
	r->seen = true;
	for (size_t i = 0; i < r->nauthors; i++) {
		if (!strcmp(r->authors[i].email, sig->email ? sig->email : "") &&
		    !strcmp(r->authors[i].name, sig->name ? sig->name : "")) {
			r->authors[i].commits++;
			return;
		}
	}
	CC_GROW(r->authors, r->aalloc, r->nauthors + 1);
	struct author *a = &r->authors[r->nauthors++];
	a->name = cc_xstrdup(sig->name ? sig->name : "");
	a->email = cc_xstrdup(sig->email ? sig->email : "");
	a->commits = 1;
}

static int cmp_cached_tree(const void *a, const void *b)
{
	return git_oid_cmp(&((const struct cached_tree *)a)->id, &((const struct cached_tree *)b)->id);
}

static void tree_cache_put(struct tree_cache *c, const git_oid *id, git_tree *tree)
{
	struct cached_tree *t = cc_xmalloc(sizeof(*t));
	git_oid_cpy(&t->id, id);
	t->tree = tree;
	if (!tsearch(t, &c->root, cmp_cached_tree))
		abort(); /* out of memory: as cc_xmalloc */
}

/*
 * Looks a tree up through the two-commit cache; the result is borrowed.
 * A search tree, not a list: one commit can touch every folder of a big
 * site (or a crafted one nested 100,000 deep), and a list made that
 * quadratic.
 */
static int tree_get(git_tree **out, struct state *s, git_repository *repo, const git_oid *id)
{
	struct cached_tree key, **hit;
	git_oid_cpy(&key.id, id);
	if ((hit = tfind(&key, &s->gen[0].root, cmp_cached_tree))) {
		*out = (*hit)->tree;
		return 0;
	}
	if ((hit = tfind(&key, &s->gen[1].root, cmp_cached_tree))) {
		*out = (*hit)->tree;
		git_tree *dup;
		git_tree_dup(&dup, *out); /* keep it for one more commit */
		tree_cache_put(&s->gen[0], id, dup);
		return 0;
	}
	int error = git_tree_lookup(out, repo, id);
	if (error < 0)
		return error;
	tree_cache_put(&s->gen[0], id, *out);
	return 0;
}

static void free_cached_tree(void *p)
{
	struct cached_tree *t = p;
	git_tree_free(t->tree);
	free(t);
}

static void tree_cache_clear(struct tree_cache *c)
{
	tdestroy(c->root, free_cached_tree);
	c->root = NULL;
}

/* Moves on to the next commit: the older generation is dropped. */
static void tree_cache_next(struct state *s)
{
	tree_cache_clear(&s->gen[1]);
	s->gen[1] = s->gen[0];
	s->gen[0].root = NULL;
}

/* ---- tree comparison ------------------------------------------------- */

/*
 * What changed between two trees, as git log --name-only sees it without
 * rename detection. libgit2's git_diff_tree_to_tree does the same and more
 * (iterators, pathspecs, delta objects), and on a repository with one big
 * folder it cost ~4M instructions a commit, three times git log; this walk
 * compares tree entries by id with the tree API and descends only into
 * subtrees whose ids differ. Commits that both add and delete files still go
 * through git_diff_find_similar for rename detection (see walk_commit).
 */
struct change {
	char *path;
	bool added; /* else modified */
	git_oid old_id, new_id;
};

struct changes {
	struct change *v;
	size_t n, alloc;
	bool deleted; /* something was deleted */
	bool added;
};

/* git's tree order: names compare as if trees ended in '/'. One pass. */
static int entry_cmp(const git_tree_entry *a, const git_tree_entry *b)
{
	const unsigned char *x = (const unsigned char *)git_tree_entry_name(a);
	const unsigned char *y = (const unsigned char *)git_tree_entry_name(b);
	size_t k = 0;
	while (x[k] && x[k] == y[k])
		k++;
	if (!x[k] && !y[k])
		return 0;
	unsigned cx = x[k] ? x[k] : git_tree_entry_type(a) == GIT_OBJECT_TREE ? '/' : 0;
	unsigned cy = y[k] ? y[k] : git_tree_entry_type(b) == GIT_OBJECT_TREE ? '/' : 0;
	return cx < cy ? -1 : cx > cy;
}

static void add_change(struct changes *ch, const char *dir, const char *name, bool added,
		       const git_tree_entry *o, const git_tree_entry *n)
{
	struct cc_buf p = CC_BUF_INIT;
	cc_buf_addf(&p, "%s%s%s", dir, *dir ? "/" : "", name);
	CC_GROW(ch->v, ch->alloc, ch->n + 1);
	ch->v[ch->n].path = cc_buf_detach(&p, NULL);
	ch->v[ch->n].added = added;
	memset(&ch->v[ch->n].old_id, 0, sizeof(git_oid));
	if (o)
		ch->v[ch->n].old_id = *git_tree_entry_id(o);
	ch->v[ch->n].new_id = *git_tree_entry_id(n);
	ch->n++;
	ch->added |= added;
}

/*
 * One level of the two-tree walk: the pair of trees and how far each has been
 * read. The walk keeps these on an explicit stack, so a tree nested however
 * deep (git itself accepts 4096 levels by default) costs heap, never C stack.
 */
struct tree_pair {
	git_tree *old, *new; /* borrowed from the tree cache; either may be NULL */
	size_t i, j;
	size_t len; /* length of the shared path buffer holding this pair's directory */
};

/*
 * One differing pair of entries. Returns 1 with *down set when the pair is a
 * subtree to descend into, 0 when handled here, or a libgit2 error.
 */
static int compare_entries(struct state *s, git_repository *repo, const git_tree_entry *o,
			   const git_tree_entry *n, struct cc_buf *dir, struct changes *ch,
			   struct tree_pair *down)
{
	bool otree = o && git_tree_entry_type(o) == GIT_OBJECT_TREE;
	bool ntree = n && git_tree_entry_type(n) == GIT_OBJECT_TREE;
	git_tree *ot = NULL, *nt = NULL;
	int error;

	if (o && n && git_oid_equal(git_tree_entry_id(o), git_tree_entry_id(n)) &&
	    git_tree_entry_filemode(o) == git_tree_entry_filemode(n))
		return 0;
	if (o && !ntree && !otree && n) {
		add_change(ch, dir->buf, git_tree_entry_name(n), false, o, n);
		return 0;
	}
	/* Deletions are only noted: no path of the current revision can be one. */
	if (o && (!n || otree != ntree))
		ch->deleted = true;
	if (!n)
		return 0;
	if (!ntree) {
		if (git_tree_entry_type(n) == GIT_OBJECT_BLOB)
			add_change(ch, dir->buf, git_tree_entry_name(n), true, NULL, n);
		return 0;
	}
	if ((otree && (error = tree_get(&ot, s, repo, git_tree_entry_id(o))) < 0) ||
	    (error = tree_get(&nt, s, repo, git_tree_entry_id(n))) < 0)
		return error;
	cc_buf_addf(dir, "%s%s", dir->len ? "/" : "", git_tree_entry_name(n));
	*down = (struct tree_pair){.old = ot, .new = nt, .len = dir->len};
	return 1;
}

/*
 * The changed blobs between two trees, depth first in tree order, as a
 * merge of the two sorted entry lists. Unchanged subtrees are skipped by id.
 */
static int compare_trees(struct state *s, git_repository *repo, git_tree *old, git_tree *new,
			 const char *dir, struct changes *ch)
{
	struct tree_pair *stack = NULL;
	size_t depth = 0, alloc = 0;
	struct cc_buf path = CC_BUF_INIT;
	int error = 0;

	cc_buf_adds(&path, dir);
	CC_GROW(stack, alloc, 1);
	stack[depth++] = (struct tree_pair){.old = old, .new = new, .len = path.len};
	while (depth && !error) {
		struct tree_pair *t = &stack[depth - 1];
		size_t no = t->old ? git_tree_entrycount(t->old) : 0;
		size_t nn = t->new ? git_tree_entrycount(t->new) : 0;
		if (t->i >= no && t->j >= nn) {
			depth--;
			continue;
		}
		const git_tree_entry *o = t->i < no ? git_tree_entry_byindex(t->old, t->i) : NULL;
		const git_tree_entry *n = t->j < nn ? git_tree_entry_byindex(t->new, t->j) : NULL;
		/* Most entries are unchanged: same id, same mode, same name. */
		if (o && n && git_oid_equal(git_tree_entry_id(o), git_tree_entry_id(n)) &&
		    git_tree_entry_filemode(o) == git_tree_entry_filemode(n) &&
		    !strcmp(git_tree_entry_name(o), git_tree_entry_name(n))) {
			t->i++, t->j++;
			continue;
		}
		int c = !o ? 1 : !n ? -1 : entry_cmp(o, n);
		if (c < 0)
			n = NULL, t->i++;
		else if (c > 0)
			o = NULL, t->j++;
		else
			t->i++, t->j++;
		struct tree_pair down;
		cc_buf_setlen(&path, t->len);
		error = compare_entries(s, repo, o, n, &path, ch, &down);
		if (error == 1) {
			error = 0;
			CC_GROW(stack, alloc, depth + 1);
			stack[depth++] = down;
		}
	}
	free(stack);
	cc_buf_release(&path);
	return error;
}

static void changes_release(struct changes *ch)
{
	for (size_t i = 0; i < ch->n; i++)
		free(ch->v[i].path);
	free(ch->v);
	memset(ch, 0, sizeof(*ch));
}

/* The tree at prefix inside tree (borrowed from the cache), or NULL when absent. */
static int subtree(git_tree **out, struct state *s, git_repository *repo, git_tree *tree,
		   const char *prefix)
{
	git_tree_entry *e = NULL;
	int error;
	*out = NULL;
	if (!tree)
		return 0;
	if (!*prefix) {
		*out = tree;
		return 0;
	}
	error = git_tree_entry_bypath(&e, tree, prefix);
	if (error == GIT_ENOTFOUND)
		return 0;
	if (error < 0)
		return error;
	if (git_tree_entry_type(e) == GIT_OBJECT_TREE)
		error = tree_get(out, s, repo, git_tree_entry_id(e));
	git_tree_entry_free(e);
	return error;
}

/* Rename detection for one commit: libgit2's diff with similarity search. */
static int walk_renames(struct state *s, git_repository *repo, git_tree *ptree, git_tree *tree,
			const char *prefix, const git_signature *sig)
{
	git_diff *diff = NULL;
	git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
	git_diff_find_options fo = GIT_DIFF_FIND_OPTIONS_INIT;
	char *spec = NULL;
	int error;

	opts.flags = GIT_DIFF_SKIP_BINARY_CHECK;
	if (*prefix) {
		spec = cc_xstrdup(prefix);
		opts.pathspec.strings = &spec;
		opts.pathspec.count = 1;
	}
	fo.flags = GIT_DIFF_FIND_RENAMES;
	if ((error = git_diff_tree_to_tree(&diff, repo, ptree, tree, &opts)) < 0 ||
	    (error = git_diff_find_similar(diff, &fo)) < 0)
		goto cleanup;
	size_t n = git_diff_num_deltas(diff);
	for (size_t i = 0; i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		if (d->status == GIT_DELTA_DELETED)
			continue;
		struct rec *r = lookup(s, d->new_file.path);
		if (!r)
			continue;
		attribute(r, sig);
		if ((error = note_body(s, repo, r, d->status == GIT_DELTA_ADDED ? NULL : &d->old_file.id,
				       &d->new_file.id, sig)) < 0)
			goto cleanup;
		if (d->status == GIT_DELTA_RENAMED && strcmp(d->old_file.path, d->new_file.path)) {
			/* Older commits know this file by its old name; the new
			 * name, before this commit, was some other file (or none). */
			set_alias(s, d->new_file.path, NULL);
			set_alias(s, d->old_file.path, r);
			free(r->origin);
			r->origin = cc_xstrdup(d->old_file.path);
		}
	}
cleanup:
	free(spec);
	git_diff_free(diff);
	return error;
}

static int walk_commit(struct state *s, git_repository *repo, git_commit *c, const char *prefix)
{
	git_tree *tree = NULL, *ptree = NULL, *sub = NULL, *psub = NULL;
	git_commit *parent = NULL;
	struct changes ch = {0};
	int error = 0;

	if (git_commit_parentcount(c) > 1)
		return 0; /* merges: not counted, as in git log -- path */
	if ((error = tree_get(&tree, s, repo, git_commit_tree_id(c))) < 0)
		goto cleanup;
	if (git_commit_parentcount(c) == 1) {
		if ((error = git_commit_parent(&parent, c, 0)) < 0 ||
		    (error = tree_get(&ptree, s, repo, git_commit_tree_id(parent))) < 0)
			goto cleanup;
	}
	if ((error = subtree(&sub, s, repo, tree, prefix)) < 0 ||
	    (error = subtree(&psub, s, repo, ptree, prefix)) < 0)
		goto cleanup;
	if (!sub && !psub)
		goto cleanup;
	if (sub && psub && git_oid_equal(git_tree_id(sub), git_tree_id(psub)))
		goto cleanup;
	if ((error = compare_trees(s, repo, psub, sub, prefix, &ch)) < 0)
		goto cleanup;
	const git_signature *sig = git_commit_author(c);
	if (ch.added && ch.deleted) {
		error = walk_renames(s, repo, ptree, tree, prefix, sig);
		goto cleanup;
	}
	for (size_t i = 0; i < ch.n && !error; i++) {
		struct rec *r = lookup(s, ch.v[i].path);
		if (r) {
			attribute(r, sig);
			error = note_body(s, repo, r, ch.v[i].added ? NULL : &ch.v[i].old_id,
					  &ch.v[i].new_id, sig);
		}
	}
cleanup:
	changes_release(&ch);
	git_commit_free(parent);
	tree_cache_next(s);
	return error < 0 ? cc_error("history: %s", git_error_last() ? git_error_last()->message : "git error")
			 : 0;
}

static void format_time(char *out, size_t n, int64_t t, int off)
{
	int64_t local = t + (int64_t)off * 60;
	int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
	int64_t secs = local - days * 86400;
	int y, m, d;
	cc_civil_from_days(days, &y, &m, &d);
	snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y, m, d, (int)(secs / 3600),
		 (int)(secs / 60 % 60), (int)(secs % 60), off < 0 ? '-' : '+', abs(off) / 60, abs(off) % 60);
}

static void free_alias(void *p)
{
	struct alias *a = p;
	free(a->name);
	free(a);
}

static int load_paths(struct cc_db *db, struct state *s)
{
	sqlite3_stmt *st = NULL;
	int rc;
	if (cc_db_prepare(db, &st, "SELECT path FROM assets ORDER BY path") < 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		new_rec(s, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : cc_db_error(db, "reading paths");
}

/* Writes one record, merged with what the index knew of its origin path. */
static int save(struct cc_db *db, struct rec *r, sqlite3_stmt *get, sqlite3_stmt *put,
		sqlite3_stmt *mvauth, sqlite3_stmt *addauth, sqlite3_stmt *delhist)
{
	char created[40], updated[40], revised[40];
	const char *base_created = NULL;
	long base_commits = 0;
	int ret = 0;

	format_time(created, sizeof(created), r->created, r->created_off);
	format_time(updated, sizeof(updated), r->updated, r->updated_off);
	if (r->body_seen)
		format_time(revised, sizeof(revised), r->revised, r->revised_off);
	const char *origin = r->origin ? r->origin : r->path;
	sqlite3_bind_text(get, 1, origin, -1, SQLITE_STATIC);
	char *keep = NULL, *keep_revised = NULL;
	if (sqlite3_step(get) == SQLITE_ROW) {
		if (sqlite3_column_text(get, 0))
			keep = cc_xstrdup((const char *)sqlite3_column_text(get, 0));
		base_commits = sqlite3_column_int(get, 1);
		if (sqlite3_column_text(get, 2))
			keep_revised = cc_xstrdup((const char *)sqlite3_column_text(get, 2));
	}
	sqlite3_reset(get);
	base_created = keep;
	if (strcmp(origin, r->path)) {
		/* Renamed within the walked range: carry the old name's history over. */
		sqlite3_bind_text(mvauth, 1, r->path, -1, SQLITE_STATIC);
		sqlite3_bind_text(mvauth, 2, origin, -1, SQLITE_STATIC);
		if (sqlite3_step(mvauth) != SQLITE_DONE)
			ret = cc_db_error(db, "moving history");
		sqlite3_reset(mvauth);
		sqlite3_bind_text(delhist, 1, origin, -1, SQLITE_STATIC);
		if (sqlite3_step(delhist) != SQLITE_DONE)
			ret = cc_db_error(db, "moving history");
		sqlite3_reset(delhist);
	}
	sqlite3_bind_text(put, 1, r->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(put, 2, base_created ? base_created : created, -1, SQLITE_STATIC);
	sqlite3_bind_text(put, 3, updated, -1, SQLITE_STATIC);
	sqlite3_bind_int64(put, 4, base_commits + r->commits);
	/* No body change in the walked commits: the revision stays what it was. */
	if (r->body_seen)
		sqlite3_bind_text(put, 5, revised, -1, SQLITE_STATIC);
	else if (keep_revised)
		sqlite3_bind_text(put, 5, keep_revised, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(put, 5);
	if (sqlite3_step(put) != SQLITE_DONE)
		ret = cc_db_error(db, "writing history");
	sqlite3_reset(put);
	for (size_t i = 0; i < r->nauthors && !ret; i++) {
		sqlite3_bind_text(addauth, 1, r->path, -1, SQLITE_STATIC);
		sqlite3_bind_text(addauth, 2, r->authors[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_text(addauth, 3, r->authors[i].email, -1, SQLITE_STATIC);
		sqlite3_bind_int64(addauth, 4, r->authors[i].commits);
		if (sqlite3_step(addauth) != SQLITE_DONE)
			ret = cc_db_error(db, "writing authors");
		sqlite3_reset(addauth);
	}
	free(keep);
	free(keep_revised);
	return ret;
}

int cc_history_update(struct cc_db *db, git_repository *repo, git_commit *head, const char *prefix,
		      size_t *walked)
{
	struct state s = {0};
	git_revwalk *walk = NULL;
	char *old = NULL;
	char head_hex[41];
	git_oid old_oid, oid;
	bool incremental = false;
	sqlite3_stmt *get = NULL, *put = NULL, *mvauth = NULL, *addauth = NULL, *delhist = NULL;
	int ret = -1;

	*walked = 0;
	git_oid_tostr(head_hex, sizeof(head_hex), git_commit_id(head));
	if (cc_db_meta_get(db, "history_head", &old) < 0)
		return -1;
	if (old && !strcmp(old, head_hex)) {
		free(old);
		return 0;
	}
	if (old && git_oid_fromstr(&old_oid, old) == 0 &&
	    git_graph_descendant_of(repo, git_commit_id(head), &old_oid) == 1)
		incremental = true;
	if (!incremental && cc_db_exec(db, "DELETE FROM history; DELETE FROM history_authors;") < 0)
		goto cleanup;
	if (incremental ? cc_db_prepare(db, &s.exists, "SELECT 1 FROM assets WHERE path = ?1") < 0
			: load_paths(db, &s) < 0)
		goto cleanup;

	if (git_revwalk_new(&walk, repo) < 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME) < 0 ||
	    git_revwalk_push(walk, git_commit_id(head)) < 0 ||
	    (incremental && git_revwalk_hide(walk, &old_oid) < 0)) {
		cc_error("history: %s", git_error_last() ? git_error_last()->message : "revwalk failed");
		goto cleanup;
	}
	while (git_revwalk_next(&oid, walk) == 0) {
		git_commit *c = NULL;
		if (git_commit_lookup(&c, repo, &oid) < 0) {
			cc_error("history: cannot read commit %s", git_oid_tostr_s(&oid));
			goto cleanup;
		}
		int r = walk_commit(&s, repo, c, prefix);
		git_commit_free(c);
		if (r < 0)
			goto cleanup;
		s.walked++;
	}

	if (cc_db_prepare(db, &get, "SELECT created, commits, revised FROM history WHERE path = ?1") < 0 ||
	    cc_db_prepare(db, &put, "INSERT OR REPLACE INTO history(path, created, updated, commits, "
				    "revised) VALUES (?1, ?2, ?3, ?4, ?5)") < 0 ||
	    cc_db_prepare(db, &mvauth, "INSERT INTO history_authors(path, name, email, commits) "
				       "SELECT ?1, name, email, commits FROM history_authors WHERE path = ?2 "
				       "ON CONFLICT DO UPDATE SET commits = commits + excluded.commits") < 0 ||
	    cc_db_prepare(db, &addauth, "INSERT INTO history_authors(path, name, email, commits) "
					"VALUES (?1, ?2, ?3, ?4) "
					"ON CONFLICT DO UPDATE SET commits = commits + excluded.commits") < 0 ||
	    cc_db_prepare(db, &delhist, "DELETE FROM history WHERE path = ?1") < 0)
		goto cleanup;
	for (size_t i = 0; i < s.nrecs; i++)
		if (s.recs[i]->seen && save(db, s.recs[i], get, put, mvauth, addauth, delhist) < 0)
			goto cleanup;
	if (cc_db_meta_set(db, "history_head", head_hex) < 0)
		goto cleanup;
	*walked = s.walked;
	ret = 0;
cleanup:
	sqlite3_finalize(get);
	sqlite3_finalize(put);
	sqlite3_finalize(mvauth);
	sqlite3_finalize(addauth);
	sqlite3_finalize(delhist);
	git_revwalk_free(walk);
	tdestroy(s.aliases, free_alias);
	for (int g = 0; g < 2; g++)
		tree_cache_clear(&s.gen[g]);
	for (size_t i = 0; i < s.nrecs; i++) {
		struct rec *r = s.recs[i];
		free(r->path);
		free(r->origin);
		for (size_t k = 0; k < r->nauthors; k++) {
			free(r->authors[k].name);
			free(r->authors[k].email);
		}
		free(r->authors);
		free(r);
	}
	sqlite3_finalize(s.exists);
	tdestroy(s.known, free_alias);
	tdestroy(s.bodies, free);
	free(s.recs);
	free(old);
	return ret;
}

int cc_history_prune(struct cc_db *db)
{
	return cc_db_exec(db, "DELETE FROM history WHERE path NOT IN (SELECT path FROM assets);"
			      "DELETE FROM history_authors WHERE path NOT IN (SELECT path FROM assets);");
}
