/*
 * index.c — incremental indexing of a git revision (see index.h).
 *
 * Plan of a run:
 *   1. list the content files of the revision (tree walk, or the git index
 *      plus status for --worktree) with their blob ids, sorted by path;
 *   2. merge with the paths and blob ids already indexed: unchanged blobs
 *      are skipped, removed paths deleted, new and changed ones queued;
 *   3. parse the queue on worker threads; the calling thread writes results
 *      in queue order (so row ids do not depend on thread timing) inside
 *      one transaction; a bounded window of CC_WINDOW results keeps memory
 *      flat whatever the repository size;
 *   4. cross-file checks (duplicate slugs), repository problems, history,
 *      meta; commit.
 */
#include "index.h"
#include "engagement.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "asset.h"
#include "buf.h"
#include "date.h"
#include "glob.h"
#include "history.h"
#include "fulltext.h"
#include "slugs.h"
#include "text.h"

#define CC_WINDOW 256

struct entry {
	char *path;
	char oid[41];
	int64_t id;    /* existing asset id, 0 for new */
	/* When the work tree may hold this very blob (see mark_worktree_copies):
	 * what the git index recorded of the file, to check with lstat. */
	bool wt_candidate;
	int64_t wt_size;
	int64_t wt_sec;
	int32_t wt_nsec;
};

struct entries {
	struct entry *v;
	size_t n, alloc;
};

struct repo_problem {
	char *path;
	const char *rule;
	const char *message;
};

struct walk {
	const struct cc_ctx *ctx;
	struct entries *out;
	struct cc_problems *problems;
	const char *prefix; /* tree path prefix of the walked subtree */
	struct entries *exports; /* committed engagement exports (engagement.files) */
};

/* True when path (repository-relative) is a committed export under engagement.files. */
static bool is_export(const struct cc_ctx *ctx, const char *path)
{
	const struct cc_config *cfg = &ctx->cfg;
	size_t dl = strlen(cfg->dir);
	if (dl && (strncmp(path, cfg->dir, dl) || path[dl] != '/'))
		return false;
	for (size_t i = 0; i < cfg->engagement.files.n; i++)
		if (cc_glob_match(cfg->engagement.files.v[i], dl ? path + dl + 1 : path))
			return true;
	return false;
}

bool cc_index_is_content(const struct cc_ctx *ctx, const char *path)
{
	const struct cc_config *cfg = &ctx->cfg;
	const char *rel = path;
	size_t dl = strlen(cfg->dir);
	bool match = false;

	if (dl) {
		if (strncmp(path, cfg->dir, dl) || path[dl] != '/')
			return false;
		rel = path + dl + 1;
	}
	for (size_t i = 0; i < cfg->content.n && !match; i++)
		match = cc_glob_match(cfg->content.v[i], rel);
	for (size_t i = 0; i < cfg->exclude.n && match; i++)
		if (cc_glob_match(cfg->exclude.v[i], rel))
			match = false;
	return match;
}

static void entries_add(struct entries *e, const char *path, const git_oid *oid)
{
	CC_GROW(e->v, e->alloc, e->n + 1);
	struct entry *x = &e->v[e->n++];
	memset(x, 0, sizeof(*x));
	x->path = cc_xstrdup(path);
	git_oid_tostr(x->oid, sizeof(x->oid), oid);
}

static void entries_release(struct entries *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->v[i].path);
	free(e->v);
	memset(e, 0, sizeof(*e));
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->path, ((const struct entry *)b)->path);
}

/* One non-tree entry of a content tree, at its repository path. */
static void walk_entry(struct walk *w, const char *path, const git_tree_entry *te)
{
	git_filemode_t mode = git_tree_entry_filemode(te);

	if (mode == GIT_FILEMODE_COMMIT) {
		cc_problems_add(w->problems, path, 0, 0, CC_SEV_WARNING, "submodule-not-followed",
				"submodule is not indexed; contentcal does not follow submodules");
	} else if (cc_index_is_content(w->ctx, path)) {
		if (mode == GIT_FILEMODE_LINK)
			cc_problems_add(w->problems, path, 0, 0, CC_SEV_WARNING, "symlink-not-followed",
					"symbolic link is not indexed; contentcal never follows links");
		else
			entries_add(w->out, path, git_tree_entry_id(te));
	} else if (w->exports && mode != GIT_FILEMODE_LINK && is_export(w->ctx, path)) {
		entries_add(w->exports, path, git_tree_entry_id(te));
	}
}

/*
 * Every entry below tree, depth first in tree order. The walk keeps its own
 * stack of open trees and one path buffer, where git_tree_walk recurses once
 * per level: a crafted repository nests trees deeper than any C stack (75,000
 * levels overflowed it), and git's own cap (core.maxTreeDepth) is a setting.
 */
struct walk_frame {
	git_tree *tree; /* owned, except the root */
	size_t i;       /* next entry */
	size_t len;     /* length of the path buffer holding this tree's directory */
};

static int walk_tree(struct walk *w, git_tree *root)
{
	struct walk_frame *stack = NULL;
	size_t depth = 0, alloc = 0;
	struct cc_buf path = CC_BUF_INIT;
	int error = 0;

	cc_buf_adds(&path, w->prefix);
	CC_GROW(stack, alloc, 1);
	stack[depth++] = (struct walk_frame){root, 0, path.len};
	while (depth && !error) {
		struct walk_frame *f = &stack[depth - 1];
		if (f->i == git_tree_entrycount(f->tree)) {
			if (depth > 1)
				git_tree_free(f->tree);
			depth--;
			continue;
		}
		const git_tree_entry *te = git_tree_entry_byindex(f->tree, f->i++);
		cc_buf_setlen(&path, f->len);
		cc_buf_adds(&path, git_tree_entry_name(te));
		if (git_tree_entry_filemode(te) != GIT_FILEMODE_TREE) {
			walk_entry(w, path.buf, te);
			continue;
		}
		git_tree *sub = NULL;
		if ((error = git_tree_lookup(&sub, w->ctx->repo, git_tree_entry_id(te))) < 0)
			break;
		cc_buf_addch(&path, '/');
		CC_GROW(stack, alloc, depth + 1);
		stack[depth++] = (struct walk_frame){sub, 0, path.len};
	}
	while (depth > 1)
		git_tree_free(stack[--depth].tree);
	free(stack);
	cc_buf_release(&path);
	return error;
}

/*
 * The tree holding the content: the config's directory in the commit, or
 * the root tree. *out is NULL when the directory is not in the revision.
 * tree_hex receives its id, or "none".
 */
static int content_tree(struct cc_ctx *ctx, git_commit *commit, git_tree **out, char tree_hex[41])
{
	git_tree *tree = NULL;
	git_tree_entry *te = NULL;
	int error;

	*out = NULL;
	snprintf(tree_hex, 41, "none");
	if ((error = git_commit_tree(&tree, commit)) < 0)
		return cc_git_error("cannot read the commit's tree");
	if (!*ctx->cfg.dir) {
		*out = tree;
		git_oid_tostr(tree_hex, 41, git_tree_id(tree));
		return 0;
	}
	error = git_tree_entry_bypath(&te, tree, ctx->cfg.dir);
	if (error == GIT_ENOTFOUND || (!error && git_tree_entry_type(te) != GIT_OBJECT_TREE))
		error = 0; /* the content folder is not in this revision: nothing to index */
	else if (error < 0)
		cc_git_error("cannot read the content folder");
	else if ((error = git_tree_lookup(out, ctx->repo, git_tree_entry_id(te))) < 0)
		cc_git_error("cannot read the content folder");
	else
		git_oid_tostr(tree_hex, 41, git_tree_id(*out));
	git_tree_entry_free(te);
	git_tree_free(tree);
	return error < 0 ? -1 : 0;
}

/* Lists content blobs of a content tree (see content_tree). */
static int list_tree(struct cc_ctx *ctx, git_tree *tree, struct entries *out,
		     struct entries *exports, struct cc_problems *problems)
{
	struct walk w = {ctx, out, problems, "", exports};
	struct cc_buf prefix = CC_BUF_INIT;
	int error = 0;

	if (!tree)
		return 0;
	if (*ctx->cfg.dir) {
		cc_buf_addf(&prefix, "%s/", ctx->cfg.dir);
		w.prefix = prefix.buf;
	}
	if ((error = walk_tree(&w, tree)) < 0)
		cc_git_error("cannot walk the tree");
	cc_buf_release(&prefix);
	return error < 0 ? -1 : 0;
}

/*
 * Lists content files of the working tree: the git index's entries, with
 * the status list (which uses the index's stat cache, like git status)
 * telling which ones differ on disk and which untracked files exist.
 */
static int list_worktree(struct cc_ctx *ctx, struct entries *out, struct cc_problems *problems)
{
	git_index *index = NULL;
	git_status_list *status = NULL;
	git_status_options so = GIT_STATUS_OPTIONS_INIT;
	struct cc_buf full = CC_BUF_INIT;
	int error;

	if ((error = git_repository_index(&index, ctx->repo)) < 0)
		return cc_git_error("cannot read the git index");
	so.show = GIT_STATUS_SHOW_WORKDIR_ONLY;
	so.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
		   GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	if ((error = git_status_list_new(&status, ctx->repo, &so)) < 0) {
		cc_git_error("cannot read the working tree status");
		goto cleanup;
	}
	/* Tracked files as the index has them. */
	size_t n = git_index_entrycount(index);
	for (size_t i = 0; i < n; i++) {
		const git_index_entry *ie = git_index_get_byindex(index, i);
		if (git_index_entry_stage(ie) != 0 || !cc_index_is_content(ctx, ie->path))
			continue;
		if (ie->mode == GIT_FILEMODE_LINK) {
			cc_problems_add(problems, ie->path, 0, 0, CC_SEV_WARNING, "symlink-not-followed",
					"symbolic link is not indexed; contentcal never follows links");
			continue;
		}
		if (ie->mode == GIT_FILEMODE_COMMIT)
			continue;
		entries_add(out, ie->path, &ie->id);
	}
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_entry);
	/* What differs on disk: rehash it; deleted files go; untracked files join. */
	n = git_status_list_entrycount(status);
	for (size_t i = 0; i < n; i++) {
		const git_status_entry *se = git_status_byindex(status, i);
		const git_diff_delta *d = se->index_to_workdir;
		struct entry key, *hit;
		git_oid oid;
		struct stat st;

		if (!d || !cc_index_is_content(ctx, d->new_file.path))
			continue;
		key.path = (char *)d->new_file.path;
		hit = out->n ? bsearch(&key, out->v, out->n, sizeof(*out->v), cmp_entry) : NULL;
		if (se->status & GIT_STATUS_WT_DELETED) {
			if (hit)
				hit->oid[0] = '\0'; /* dropped below */
			continue;
		}
		cc_buf_reset(&full);
		cc_buf_addf(&full, "%s/%s", ctx->root, d->new_file.path);
		if (lstat(full.buf, &st) < 0 || !S_ISREG(st.st_mode)) {
			if (S_ISLNK(st.st_mode))
				cc_problems_add(problems, d->new_file.path, 0, 0, CC_SEV_WARNING,
						"symlink-not-followed",
						"symbolic link is not indexed; contentcal never follows links");
			if (hit)
				hit->oid[0] = '\0';
			continue;
		}
		if (git_odb_hashfile(&oid, full.buf, GIT_OBJECT_BLOB) < 0)
			continue;
		if (hit)
			git_oid_tostr(hit->oid, sizeof(hit->oid), &oid);
		else
			entries_add(out, d->new_file.path, &oid);
	}
	/* Drop deleted entries, restore order. */
	size_t k = 0;
	for (size_t i = 0; i < out->n; i++) {
		if (out->v[i].oid[0])
			out->v[k++] = out->v[i];
		else
			free(out->v[i].path);
	}
	out->n = k;
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_entry);
cleanup:
	git_status_list_free(status);
	git_index_free(index);
	cc_buf_release(&full);
	return error < 0 ? -1 : 0;
}

/* ---- parsing on worker threads ---------------------------------------- */

/* A front-matter value flattened to one asset_fields row. */
struct field_row {
	char *key;
	int idx;
	char *text;    /* NULL for null values */
	double num;
	bool has_num;
	char day[11];  /* "" unless the value is a date */
};

/*
 * One parse result. Workers also flatten the fields and serialise them, so
 * that the single writer thread only binds and steps statements; the memory
 * is released by the worker that next reuses the slot.
 */
struct slot {
	struct cc_asset asset;
	struct field_row *rows;
	size_t nrows, rows_alloc;
	char *fields_json;
	char *headings_json; /* [{line, level, text}], lines in the file */
	char *links_json;    /* [{line, url, text, internal}] */
	bool filled;   /* asset and rows hold data to release */
	int state;     /* 0 empty, 1 done, 2 failed */
	char *error;
};

/*
 * Keys (dotted paths) longer than this are not flattened, nor anything under
 * them: every row copies its key, so a long key over a large value would
 * cost key length × elements (a 1 MB key over 50000 items was 50 GB).
 */
#define FIELD_MAX_KEY 256

static void flatten(struct slot *slot, const char *prefix, json_t *v, int idx)
{
	if (strnlen(prefix, FIELD_MAX_KEY + 1) > FIELD_MAX_KEY)
		return;
	if (json_is_object(v)) {
		const char *k;
		json_t *child;
		json_object_foreach(v, k, child) {
			struct cc_buf key = CC_BUF_INIT;
			if (*prefix)
				cc_buf_addf(&key, "%s.%s", prefix, k);
			else
				cc_buf_adds(&key, k);
			flatten(slot, key.buf, child, 0);
			cc_buf_release(&key);
		}
		return;
	}
	if (json_is_array(v)) {
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e)
			flatten(slot, prefix, e, (int)i);
		return;
	}
	CC_GROW(slot->rows, slot->rows_alloc, slot->nrows + 1);
	struct field_row *r = &slot->rows[slot->nrows++];
	struct cc_date d;
	r->key = cc_xstrdup(prefix);
	r->idx = idx;
	r->text = cc_json_scalar_text(v);
	r->has_num = json_is_number(v);
	r->num = r->has_num ? json_number_value(v) : 0;
	r->day[0] = '\0';
	if (json_is_string(v) && cc_date_parse(&d, json_string_value(v)) == 0)
		cc_day_format(r->day, cc_date_days(&d));
}

/* Headings and links as JSON arrays (one column each, not one row each:
 * a third of the writer's work went into those rows). */
static void serialise_md(struct slot *slot)
{
	const struct cc_asset *a = &slot->asset;
	struct cc_buf b = CC_BUF_INIT;

	cc_buf_addch(&b, '[');
	for (size_t i = 0; i < a->md.nheadings; i++) {
		cc_buf_addf(&b, "%s{\"line\":%d,\"level\":%d,\"text\":", i ? "," : "",
			    a->md.headings[i].line + a->body_line - 1, a->md.headings[i].level);
		cc_buf_add_json_string(&b, a->md.headings[i].text);
		cc_buf_addch(&b, '}');
	}
	cc_buf_addch(&b, ']');
	slot->headings_json = cc_buf_detach(&b, NULL);
	cc_buf_addch(&b, '[');
	for (size_t i = 0; i < a->md.nlinks; i++) {
		cc_buf_addf(&b, "%s{\"line\":%d,\"url\":", i ? "," : "",
			    a->md.links[i].line + a->body_line - 1);
		cc_buf_add_json_string(&b, a->md.links[i].url);
		cc_buf_adds(&b, ",\"text\":");
		cc_buf_add_json_string(&b, a->md.links[i].text);
		cc_buf_addf(&b, ",\"internal\":%s}", a->md.links[i].internal ? "true" : "false");
	}
	cc_buf_addch(&b, ']');
	slot->links_json = cc_buf_detach(&b, NULL);
}

static void slot_release(struct slot *slot)
{
	if (slot->filled) {
		cc_asset_release(&slot->asset);
		for (size_t i = 0; i < slot->nrows; i++) {
			free(slot->rows[i].key);
			free(slot->rows[i].text);
		}
		slot->nrows = 0;
		free(slot->fields_json);
		free(slot->headings_json);
		free(slot->links_json);
		slot->fields_json = slot->headings_json = slot->links_json = NULL;
		slot->filled = false;
	}
	free(slot->error);
	slot->error = NULL;
}

struct pool {
	struct cc_ctx *ctx;
	bool worktree;
	struct entry **jobs;
	size_t njobs;
	size_t next;    /* next job to hand out */
	size_t written; /* results consumed by the writer */
	int64_t index_sec;  /* modification time of the git index file */
	int32_t index_nsec;
	struct slot slots[CC_WINDOW];
	pthread_mutex_t lock;
	pthread_cond_t produced, consumed;
	bool stop;
	bool writer_waiting; /* the writer sleeps until slot writer_wait is done */
	size_t writer_wait;
	int workers_waiting; /* workers sleeping until the window moves */
};

/*
 * Opens root/rel for reading one component at a time, each with
 * O_NOFOLLOW: a symbolic link anywhere on the way (a directory of the work
 * tree replaced by a link that leaves the repository) fails with ELOOP or
 * ENOTDIR instead of being followed. Returns the descriptor, or -1 with
 * errno set.
 */
static int open_beneath(const char *root, const char *rel)
{
	int dir = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC), fd = -1;
	const char *p = rel;
	char comp[NAME_MAX + 1];

	if (dir < 0)
		return -1;
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		if (!n || n > NAME_MAX || (n == 2 && p[0] == '.' && p[1] == '.') || (n == 1 && p[0] == '.')) {
			close(dir);
			errno = EINVAL;
			return -1;
		}
		memcpy(comp, p, n);
		comp[n] = '\0';
		if (!slash) {
			fd = openat(dir, comp, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
			break;
		}
		int next = openat(dir, comp, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
		close(dir);
		if (next < 0)
			return -1;
		dir = next;
		p = slash + 1;
	}
	int e = errno;
	close(dir);
	errno = e;
	return fd;
}

/* Reads the work tree's file rel (repository-relative) in full; path is its name in messages. */
static int read_file(const char *root, const char *rel, const char *path, char **out, size_t *len)
{
	int fd = open_beneath(root, rel);
	struct stat st;
	size_t n = 0;
	char *buf;

	if (fd < 0)
		return cc_error("cannot read '%s': %s", path, errno == ELOOP || errno == ENOTDIR
				? "a symbolic link on the way (not followed)" : strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return cc_error("cannot read '%s': not a regular file", path);
	}
	buf = cc_xmalloc((size_t)st.st_size + 1);
	while (n < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + n, (size_t)st.st_size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (n != (size_t)st.st_size) {
		free(buf);
		return cc_error("cannot read '%s': it changed while being read", path);
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

/*
 * Reads the work tree's copy of a blob when it is certainly the same bytes:
 * the git index recorded this blob id for the path, the file's size and
 * modification time are still what the index recorded (git status's stat
 * check), the entry is not "racily clean" (modified in the same instant
 * the index was written), and the blob has the file's size (so no
 * end-of-line or other filter changed the checked-out bytes). Reading a
 * file costs a fraction of inflating the blob. Returns 0 with *data set,
 * or -1 to fall back to the object store.
 */
static int read_worktree_copy(struct pool *p, git_odb *odb, const struct entry *job, char **data,
			      size_t *len)
{
	struct cc_buf full = CC_BUF_INIT;
	struct stat st;
	git_oid oid;
	git_object_t type;
	size_t blob_len;
	int ret = -1;

	if (!job->wt_candidate || !odb)
		return -1;
	cc_buf_addf(&full, "%s/%s", p->ctx->root, job->path);
	if (lstat(full.buf, &st) == 0 && S_ISREG(st.st_mode) && (int64_t)st.st_size == job->wt_size &&
	    (int64_t)st.st_mtim.tv_sec == job->wt_sec && (int32_t)st.st_mtim.tv_nsec == job->wt_nsec &&
	    (job->wt_sec < p->index_sec || (job->wt_sec == p->index_sec && job->wt_nsec < p->index_nsec)) &&
	    git_oid_fromstr(&oid, job->oid) == 0 && git_odb_read_header(&blob_len, &type, odb, &oid) == 0 &&
	    (int64_t)blob_len == job->wt_size && read_file(p->ctx->root, job->path, full.buf, data, len) == 0 &&
	    *len == blob_len)
		ret = 0;
	else if (ret < 0 && *data) {
		free(*data);
		*data = NULL;
	}
	cc_buf_release(&full);
	return ret;
}

/* Parses one job into its slot; returns the slot's new state (1 done, 2 failed). */
static int parse_job(struct pool *p, git_repository *repo, git_odb *odb, struct entry *job,
		     struct slot *slot)
{
	git_oid oid;
	git_blob *blob = NULL;
	char *data = NULL;
	size_t len = 0;
	int ret = -1;

	memset(&slot->asset, 0, sizeof(slot->asset));

	if (!p->worktree && read_worktree_copy(p, odb, job, &data, &len) == 0) {
		ret = cc_asset_parse(&slot->asset, &p->ctx->cfg, job->path, data, len);
		free(data);
	} else if (p->worktree) {
		struct cc_buf full = CC_BUF_INIT;
		cc_buf_addf(&full, "%s/%s", p->ctx->root, job->path);
		if (read_file(p->ctx->root, job->path, job->path, &data, &len) == 0)
			ret = cc_asset_parse(&slot->asset, &p->ctx->cfg, job->path, data, len);
		free(data);
		cc_buf_release(&full);
	} else if (git_oid_fromstr(&oid, job->oid) < 0 || git_blob_lookup(&blob, repo, &oid) < 0) {
		cc_git_error(job->path);
	} else {
		ret = cc_asset_parse(&slot->asset, &p->ctx->cfg, job->path, git_blob_rawcontent(blob),
				     (size_t)git_blob_rawsize(blob));
		git_blob_free(blob);
	}
	slot->filled = true;
	if (ret == 0) {
		snprintf(slot->asset.blob, sizeof(slot->asset.blob), "%s", job->oid);
		flatten(slot, "", slot->asset.fields, 0);
		slot->fields_json = json_dumps(slot->asset.fields, JSON_COMPACT | JSON_SORT_KEYS);
		serialise_md(slot);
		return 1;
	}
	slot->error = cc_xstrdup(cc_error_last());
	return 2;
}

static void *worker(void *arg)
{
	struct pool *p = arg;
	git_repository *repo = NULL;
	git_odb *odb = NULL;

	pthread_setname_np(pthread_self(), "contentcal-parse");
	if (!p->worktree && git_repository_open(&repo, p->ctx->git_dir) < 0)
		repo = NULL;
	if (repo && git_repository_odb(&odb, repo) < 0)
		odb = NULL;
	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (!p->stop && p->next < p->njobs && p->next >= p->written + CC_WINDOW) {
			p->workers_waiting++;
			pthread_cond_wait(&p->consumed, &p->lock);
			p->workers_waiting--;
		}
		if (p->stop || p->next >= p->njobs)
			break;
		size_t j = p->next++;
		pthread_mutex_unlock(&p->lock);
		struct slot *slot = &p->slots[j % CC_WINDOW];
		int state;
		slot_release(slot);
		if (!p->worktree && !repo) {
			slot->error = cc_xstrdup("cannot open the repository in a worker thread");
			state = 2;
		} else {
			state = parse_job(p, repo, odb, p->jobs[j], slot);
		}
		pthread_mutex_lock(&p->lock);
		slot->state = state;
		/* Wake the writer only when it waits for this very result. */
		if (p->writer_waiting && p->writer_wait == j)
			pthread_cond_signal(&p->produced);
	}
	pthread_mutex_unlock(&p->lock);
	git_odb_free(odb);
	git_repository_free(repo);
	return NULL;
}

/* ---- writing ---------------------------------------------------------- */

enum {
	S_INS_ASSET, S_UPD_ASSET, S_DEL_ASSET,
	S_DEL_TAGS, S_DEL_FIELDS, S_DEL_PROBLEMS, S_DEL_TEXT,
	S_INS_TAG, S_INS_FIELD, S_INS_PROBLEM, S_INS_TEXT, S_UPD_TEXT,
	S_COUNT
};

#define ASSET_COLS "blob, fm_kind, fm_ok, slug, title, summary, status, format, author, url, " \
		   "date, date_full, due, review_by, expires, words, reading_minutes, body_line, " \
		   "slug_line, slug_col, slug_declared, fields, headings, links, date_line, due_line, review_line, " \
		   "expires_line, revised"

static const char *const stmt_sql[S_COUNT] = {
	[S_INS_ASSET] = "INSERT INTO assets(path, " ASSET_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
			"?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?24, ?22, ?25, ?26, ?27, ?28, ?29, ?30, ?31)",
	[S_UPD_ASSET] = "UPDATE assets SET (" ASSET_COLS ") = (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
			"?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?24, ?22, ?25, ?26, ?27, ?28, ?29, ?30, ?31) WHERE id = ?23",
	[S_DEL_ASSET] = "DELETE FROM assets WHERE id = ?1",
	[S_DEL_TAGS] = "DELETE FROM asset_tags WHERE asset = ?1",
	[S_DEL_FIELDS] = "DELETE FROM asset_fields WHERE asset = ?1",
	[S_DEL_PROBLEMS] = "DELETE FROM problems WHERE asset = ?1",
	[S_DEL_TEXT] = "DELETE FROM asset_text WHERE asset = ?1",
	[S_INS_TAG] = "INSERT OR IGNORE INTO asset_tags(asset, dimension, value, ord) VALUES (?1, ?2, ?3, ?4)",
	[S_INS_FIELD] = "INSERT INTO asset_fields(asset, key, idx, value_text, value_num, value_date) "
			"VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[S_INS_PROBLEM] = "INSERT INTO problems(asset, path, line, col, severity, rule, message) "
			  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[S_INS_TEXT] = "INSERT INTO asset_text(asset, title, summary, body) VALUES (?1, ?2, ?3, ?4)",
	[S_UPD_TEXT] = "UPDATE asset_text SET title = ?2, summary = ?3, body = ?4 WHERE asset = ?1",
};

static const char drop_indexes_sql[] =
	"DROP INDEX IF EXISTS asset_tags_value; DROP INDEX IF EXISTS asset_fields_asset;"
	"DROP INDEX IF EXISTS problems_asset; DROP INDEX IF EXISTS assets_id_path_format;";

struct writer {
	struct cc_db *db;
	sqlite3_stmt *st[S_COUNT];
	bool text; /* maintain asset_text (full-text source) */
};

static int step(struct writer *w, int which)
{
	sqlite3_stmt *s = w->st[which];
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return cc_error("writing the index: %s", sqlite3_errmsg(w->db->db));
	return 0;
}

static void bind_opt(sqlite3_stmt *s, int i, const char *v)
{
	if (v && *v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

static int write_fields(struct writer *w, int64_t id, const struct slot *slot)
{
	sqlite3_stmt *s = w->st[S_INS_FIELD];
	for (size_t i = 0; i < slot->nrows; i++) {
		const struct field_row *r = &slot->rows[i];
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_text(s, 2, r->key, -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 3, r->idx);
		bind_opt(s, 4, r->text);
		if (r->has_num)
			sqlite3_bind_double(s, 5, r->num);
		bind_opt(s, 6, r->day);
		if (step(w, S_INS_FIELD) < 0)
			return -1;
	}
	return 0;
}

static int write_asset(struct writer *w, struct entry *e, const struct slot *slot)
{
	const struct cc_asset *a = &slot->asset;
	sqlite3_stmt *s = w->st[e->id ? S_UPD_ASSET : S_INS_ASSET];
	const char *fields = slot->fields_json;
	int64_t id = e->id;

	if (id) {
		static const int dels[] = {S_DEL_TAGS, S_DEL_FIELDS, S_DEL_PROBLEMS};
		for (size_t i = 0; i < sizeof(dels) / sizeof(dels[0]); i++) {
			sqlite3_bind_int64(w->st[dels[i]], 1, id);
			if (step(w, dels[i]) < 0)
				goto fail;
		}
		sqlite3_bind_int64(s, 23, id);
	}
	sqlite3_bind_text(s, 1, a->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, a->blob, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, cc_fm_kind_name(a->fm_kind), -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, a->fm_ok);
	sqlite3_bind_text(s, 5, a->slug, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, a->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, a->summary, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, a->status, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, a->format, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, a->author, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 11, a->url, -1, SQLITE_STATIC);
	bind_opt(s, 12, a->date);
	bind_opt(s, 13, a->date_full);
	bind_opt(s, 14, a->due);
	bind_opt(s, 15, a->review_by);
	bind_opt(s, 16, a->expires);
	sqlite3_bind_int64(s, 17, (sqlite3_int64)a->md.words);
	sqlite3_bind_int(s, 18, a->md.reading_minutes);
	sqlite3_bind_int(s, 19, a->body_line);
	sqlite3_bind_int(s, 20, a->slug_line);
	sqlite3_bind_int(s, 21, a->slug_col);
	sqlite3_bind_text(s, 22, fields ? fields : "{}", -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 24, a->slug_declared);
	sqlite3_bind_text(s, 25, slot->headings_json ? slot->headings_json : "[]", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 26, slot->links_json ? slot->links_json : "[]", -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 27, a->date_line);
	sqlite3_bind_int(s, 28, a->due_line);
	sqlite3_bind_int(s, 29, a->review_line);
	sqlite3_bind_int(s, 30, a->expires_line);
	bind_opt(s, 31, a->revised);
	if (step(w, e->id ? S_UPD_ASSET : S_INS_ASSET) < 0)
		goto fail;
	if (!id)
		id = sqlite3_last_insert_rowid(w->db->db);

	for (int d = 0; d < CC_DIM_COUNT; d++) {
		for (size_t i = 0; i < a->tags[d].n; i++) {
			s = w->st[S_INS_TAG];
			sqlite3_bind_int64(s, 1, id);
			sqlite3_bind_text(s, 2, cc_dim_name((enum cc_dim)d), -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 3, a->tags[d].v[i], -1, SQLITE_STATIC);
			sqlite3_bind_int(s, 4, (int)i);
			if (step(w, S_INS_TAG) < 0)
				goto fail;
		}
	}
	{
		const struct cc_strlist *people[] = {&a->authors, &a->owners};
		const char *role[] = {CC_PEOPLE_AUTHOR, CC_PEOPLE_OWNER};
		for (int k = 0; k < 2; k++) {
			for (size_t i = 0; i < people[k]->n; i++) {
				s = w->st[S_INS_TAG];
				sqlite3_bind_int64(s, 1, id);
				sqlite3_bind_text(s, 2, role[k], -1, SQLITE_STATIC);
				sqlite3_bind_text(s, 3, people[k]->v[i], -1, SQLITE_STATIC);
				sqlite3_bind_int(s, 4, (int)i);
				if (step(w, S_INS_TAG) < 0)
					goto fail;
			}
		}
	}
	if (write_fields(w, id, slot) < 0)
		goto fail;
	for (size_t i = 0; i < a->problems.n; i++) {
		const struct cc_problem *p = &a->problems.v[i];
		s = w->st[S_INS_PROBLEM];
		sqlite3_bind_int64(s, 1, id);
		cc_db_bind_problem(s, 2, p);
		if (step(w, S_INS_PROBLEM) < 0)
			goto fail;
	}
	if (w->text) {
		int which = e->id ? S_UPD_TEXT : S_INS_TEXT;
		s = w->st[which];
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_text(s, 2, a->title, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, a->summary, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, a->md.plain, -1, SQLITE_STATIC);
		if (step(w, which) < 0)
			goto fail;
		if (e->id && sqlite3_changes(w->db->db) == 0) {
			s = w->st[S_INS_TEXT];
			sqlite3_bind_int64(s, 1, id);
			sqlite3_bind_text(s, 2, a->title, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 3, a->summary, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 4, a->md.plain, -1, SQLITE_STATIC);
			if (step(w, S_INS_TEXT) < 0)
				goto fail;
		}
	}
	return 0;
fail:
	return -1;
}

static int run_pool(struct cc_ctx *ctx, const struct cc_index_options *o, struct writer *w,
		    struct entry **jobs, size_t njobs, const struct stat *index_st)
{
	struct pool *p = cc_xcalloc(1, sizeof(*p));
	int nthreads = o->threads > 0 ? o->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
	pthread_t *tids;
	int started = 0, ret = 0;

	if (nthreads < 1)
		nthreads = 1;
	if ((size_t)nthreads > njobs)
		nthreads = njobs ? (int)njobs : 1;
	p->ctx = ctx;
	p->worktree = o->worktree;
	if (index_st) {
		p->index_sec = (int64_t)index_st->st_mtim.tv_sec;
		p->index_nsec = (int32_t)index_st->st_mtim.tv_nsec;
	}
	p->jobs = jobs;
	p->njobs = njobs;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->produced, NULL);
	pthread_cond_init(&p->consumed, NULL);
	tids = cc_xcalloc((size_t)nthreads, sizeof(*tids));
	for (int i = 0; i < nthreads && njobs; i++)
		if (pthread_create(&tids[i], NULL, worker, p) == 0)
			started++;
	if (njobs && !started)
		ret = cc_error("cannot start parser threads");

	for (size_t i = 0; i < njobs && !ret; i++) {
		struct slot *slot = &p->slots[i % CC_WINDOW];
		pthread_mutex_lock(&p->lock);
		while (!slot->state) {
			p->writer_waiting = true;
			p->writer_wait = i;
			pthread_cond_wait(&p->produced, &p->lock);
		}
		p->writer_waiting = false;
		pthread_mutex_unlock(&p->lock);
		if (slot->state == 2)
			ret = cc_error("%s", slot->error);
		else
			ret = write_asset(w, jobs[i], slot);
		pthread_mutex_lock(&p->lock);
		slot->state = 0;
		p->written = i + 1;
		if (ret)
			p->stop = true;
		if (p->workers_waiting || ret)
			pthread_cond_broadcast(&p->consumed);
		pthread_mutex_unlock(&p->lock);
		if (o->progress && ((i + 1) % 256 == 0 || i + 1 == njobs))
			o->progress(i + 1, njobs, o->payload);
	}
	for (int i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	/* Results parsed but not written (after a failure). */
	for (size_t i = 0; i < CC_WINDOW; i++) {
		slot_release(&p->slots[i]);
		free(p->slots[i].rows);
	}
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->produced);
	pthread_cond_destroy(&p->consumed);
	free(tids);
	free(p);
	return ret;
}

/*
 * When the indexed commit is the checked-out HEAD, notes for each job what
 * the git index knows of the file in the work tree, so that the workers can
 * read clean files from disk instead of inflating blobs (read_worktree_copy
 * makes the final check). Returns true and fills *index_st when there is a
 * usable git index.
 */
static bool mark_worktree_copies(struct cc_ctx *ctx, git_commit *commit, struct entry **jobs,
				 size_t njobs, struct stat *index_st)
{
	git_oid head;
	git_index *index = NULL;
	struct cc_buf path = CC_BUF_INIT;
	bool ok = false;

	if (!commit || njobs < 64 ||
	    git_reference_name_to_id(&head, ctx->repo, "HEAD") < 0 ||
	    !git_oid_equal(&head, git_commit_id(commit)))
		return false;
	cc_buf_addf(&path, "%s/index", ctx->git_dir);
	if (stat(path.buf, index_st) == 0 && git_repository_index(&index, ctx->repo) == 0) {
		for (size_t i = 0; i < njobs; i++) {
			const git_index_entry *ie = git_index_get_bypath(index, jobs[i]->path, 0);
			char hex[41];
			if (!ie || ie->mode != GIT_FILEMODE_BLOB)
				continue;
			git_oid_tostr(hex, sizeof(hex), &ie->id);
			if (strcmp(hex, jobs[i]->oid))
				continue;
			jobs[i]->wt_candidate = true;
			jobs[i]->wt_size = ie->file_size;
			jobs[i]->wt_sec = ie->mtime.seconds;
			jobs[i]->wt_nsec = (int32_t)ie->mtime.nanoseconds;
		}
		ok = true;
	}
	git_index_free(index);
	cc_buf_release(&path);
	return ok;
}

static int write_repo_problems(struct cc_db *db, const struct cc_problems *list)
{
	if (cc_db_exec(db, "DELETE FROM problems WHERE asset IS NULL") < 0)
		return -1;
	return cc_db_problems_store(db, "problems", list, "writing problems");
}

static bool index_is_empty(struct cc_db *db)
{
	sqlite3_stmt *s = NULL;
	bool empty = false;
	if (cc_db_prepare(db, &s, "SELECT 1 FROM assets LIMIT 1") == 0)
		empty = sqlite3_step(s) == SQLITE_DONE;
	sqlite3_finalize(s);
	return empty;
}

static int load_indexed(struct cc_db *db, struct entries *out)
{
	sqlite3_stmt *s = NULL;
	int rc;
	if (cc_db_prepare(db, &s, "SELECT id, path, blob FROM assets ORDER BY path") < 0)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		CC_GROW(out->v, out->alloc, out->n + 1);
		struct entry *e = &out->v[out->n++];
		e->id = sqlite3_column_int64(s, 0);
		e->path = cc_xstrdup((const char *)sqlite3_column_text(s, 1));
		snprintf(e->oid, sizeof(e->oid), "%s", (const char *)sqlite3_column_text(s, 2));
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : cc_db_error(db, "reading the index");
}

/* A committed export's blob from the object store (engagement.h, cc_blob_source). */
static int blob_read(void *arg, const struct cc_committed_file *f, const void **data, size_t *len, void **handle)
{
	git_oid oid;
	git_blob *blob = NULL;
	if (git_oid_fromstr(&oid, f->oid) < 0 || git_blob_lookup(&blob, arg, &oid) < 0)
		return -1;
	*data = git_blob_rawcontent(blob);
	*len = (size_t)git_blob_rawsize(blob);
	*handle = blob;
	return 0;
}

static void blob_done(void *handle)
{
	git_blob_free(handle);
}

/* Committed exports (engagement.files): read again only when their blob changed. */
static int update_exports(struct cc_ctx *ctx, struct entries *exports, struct cc_problems *problems,
			  struct cc_index_stats *st)
{
	struct cc_committed_file *f;
	int r;
	if (!exports->n && !cc_engagement_committed_present(ctx->db))
		return 0;
	if (exports->n)
		qsort(exports->v, exports->n, sizeof(*exports->v), cmp_entry);
	f = cc_xcalloc(exports->n ? exports->n : 1, sizeof(*f));
	for (size_t i = 0; i < exports->n; i++) {
		f[i].path = exports->v[i].path;
		memcpy(f[i].oid, exports->v[i].oid, sizeof(f[i].oid));
	}
	struct cc_blob_source blobs = {blob_read, blob_done, ctx->repo};
	r = cc_engagement_committed_update(ctx->db, &ctx->cfg, &blobs, f, exports->n, problems,
					   &st->exports_read);
	st->exports = exports->n;
	free(f);
	return r;
}

/* One index run: what index_update's steps share. */
struct run {
	struct cc_ctx *ctx;
	const struct cc_index_options *o;
	struct cc_index_stats *st;
	struct entries now, old, exports;  /* files at the revision; in the index; committed exports */
	struct cc_problems repo_problems; /* problems of no one file (shallow clone, no commits…) */
	struct writer w;
	struct cc_buf key;                /* cc_index_key of this run */
	struct entry **jobs;              /* the files to parse: into now */
	size_t njobs;
	git_object *obj;
	git_commit *commit;               /* NULL: an unborn HEAD */
	git_tree *ctree;                  /* the content tree of commit */
	char tree_hex[41], commit_hex[41];
	char *old_text;                   /* meta "text" before this run */
	bool in_tx, full, same_tree, journal_switched;
};

static void run_release(struct run *r)
{
	if (r->in_tx)
		cc_db_rollback(r->ctx->db);
	for (int k = 0; k < S_COUNT; k++)
		sqlite3_finalize(r->w.st[k]);
	if (r->journal_switched)
		sqlite3_exec(r->ctx->db->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	free(r->jobs);
	entries_release(&r->now);
	entries_release(&r->old);
	entries_release(&r->exports);
	cc_problems_release(&r->repo_problems);
	cc_buf_release(&r->key);
	free(r->old_text);
	git_tree_free(r->ctree);
	git_commit_free(r->commit);
	git_object_free(r->obj);
}

/* Which commit? An unborn HEAD (no commits yet) indexes nothing, with a warning. Shallow clones warn. */
static int pick_commit(struct run *r)
{
	struct cc_ctx *ctx = r->ctx;
	const struct cc_index_options *o = r->o;
	if (o->rev || !git_repository_head_unborn(ctx->repo)) {
		const char *rev = o->rev ? o->rev : "HEAD";
		if (git_revparse_single(&r->obj, ctx->repo, rev) < 0 ||
		    git_object_peel((git_object **)&r->commit, r->obj, GIT_OBJECT_COMMIT) < 0)
			return cc_error("unknown revision '%s'", rev);
		git_oid_tostr(r->commit_hex, sizeof(r->commit_hex), git_commit_id(r->commit));
	} else if (!o->worktree) {
		cc_problems_add(&r->repo_problems, "", 0, 0, CC_SEV_WARNING, "no-commits",
				"the repository has no commits yet; commit content or use --worktree");
	}
	r->st->shallow = git_repository_is_shallow(ctx->repo) == 1;
	if (r->st->shallow && o->require_history)
		return cc_error("'%s' is a shallow clone: history dates would be wrong; fetch full history "
				"(git fetch --unshallow, or fetch-depth: 0 in CI)", ctx->root);
	if (r->st->shallow)
		cc_problems_add(&r->repo_problems, "", 0, 0, CC_SEV_WARNING, "shallow-clone",
				"shallow clone: created and updated dates from git history are unreliable; "
				"fetch full history (git fetch --unshallow, or fetch-depth: 0 in CI)");
	return r->commit ? content_tree(ctx, r->commit, &r->ctree, r->tree_hex) : 0;
}

/*
 * Up to date? Decided from the meta values alone, before any tree walk
 * and without the write lock, so a read command on an unchanged
 * repository costs a few queries. 1 when current (stats filled), 0 when
 * there is work (the write lock then held), -1 on error.
 */
static int is_current(struct run *r)
{
	struct cc_ctx *ctx = r->ctx;
	char *old_key = NULL, *old_tree = NULL, *old_head = NULL;
	int ret = -1;
	for (int pass = 0; pass < 2; pass++) {
		free(old_key), free(old_tree), free(r->old_text), free(old_head);
		old_key = old_tree = r->old_text = old_head = NULL;
		if (cc_db_meta_get(ctx->db, "key", &old_key) < 0 ||
		    cc_db_meta_get(ctx->db, "tree", &old_tree) < 0 ||
		    cc_db_meta_get(ctx->db, "text", &r->old_text) < 0 ||
		    cc_db_meta_get(ctx->db, "history_head", &old_head) < 0)
			goto done;
		/*
		 * The plain text behind full-text search is always kept (about 2%
		 * of a cold run's CPU); what stays lazy is the FTS5 index over it
		 * (lib/fulltext.c), built the first time search needs it, so that
		 * build is SQLite's tokenizing alone, with nothing to re-parse.
		 */
		r->w.text = true;
		cc_buf_reset(&r->key);
		cc_index_key(ctx, r->w.text, &r->key);
		r->full = !old_key || strcmp(old_key, r->key.buf) != 0;
		r->same_tree = !r->o->worktree && !r->full && old_tree && !strcmp(old_tree, r->tree_hex);
		if (r->same_tree && (!r->commit || (old_head && !strcmp(old_head, r->commit_hex)))) {
			r->st->up_to_date = true;
			cc_index_stats_current(ctx->db, r->st);
			if (r->in_tx)
				cc_db_rollback(ctx->db);
			r->in_tx = false;
			ret = 1;
			goto done;
		}
		if (pass == 0) {
			/*
			 * A cold build into an empty index writes every page once:
			 * through the WAL that is twice (the log, then the checkpoint),
			 * a fifth of the run for a large repository. A rollback journal
			 * costs nothing when there is nothing to roll back to, and is
			 * just as crash-safe. Only possible with no other connection
			 * open; otherwise the WAL stays.
			 */
			if (index_is_empty(ctx->db) &&
			    sqlite3_exec(ctx->db->db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) == SQLITE_OK)
				r->journal_switched = true;
			/* Something to do: take the write lock, then look again (a
			 * concurrent run may have done it meanwhile). */
			if (cc_db_begin(ctx->db) < 0)
				goto done;
			r->in_tx = true;
		}
	}
	ret = 0;
done:
	free(old_key);
	free(old_tree);
	free(old_head);
	return ret;
}

/* Merges the sorted file lists: new and changed files become jobs, removed ones leave the index. */
static int merge_lists(struct run *r)
{
	struct cc_index_stats *st = r->st;
	struct entries *now = &r->now, *old = &r->old;
	sqlite3_stmt *del = NULL;
	size_t i = 0, j = 0;
	int ret = 0;

	if (now->n)
		qsort(now->v, now->n, sizeof(*now->v), cmp_entry);
	st->files = now->n;
	if (load_indexed(r->ctx->db, old) < 0)
		return -1;
	r->jobs = cc_xcalloc(now->n ? now->n : 1, sizeof(*r->jobs));
	if (cc_db_prepare(r->ctx->db, &del, "DELETE FROM assets WHERE id = ?1") < 0)
		return -1;
	while ((i < now->n || j < old->n) && !ret) {
		int c = i >= now->n ? 1 : j >= old->n ? -1 : strcmp(now->v[i].path, old->v[j].path);
		if (c < 0) {
			r->jobs[r->njobs++] = &now->v[i++];
			st->added++;
		} else if (c > 0) {
			sqlite3_bind_int64(del, 1, old->v[j++].id);
			if (sqlite3_step(del) != SQLITE_DONE)
				ret = cc_db_error(r->ctx->db, "removing an asset");
			sqlite3_reset(del);
			st->removed++;
		} else {
			now->v[i].id = old->v[j].id;
			if (strcmp(now->v[i].oid, old->v[j].oid)) {
				r->jobs[r->njobs++] = &now->v[i];
				st->changed++;
			} else {
				if (r->full) /* same blob, new config: derive again */
					r->jobs[r->njobs++] = &now->v[i];
				st->unchanged++;
			}
			i++, j++;
		}
	}
	sqlite3_finalize(del);
	return ret;
}

/* Parses the jobs on the worker threads and writes them. */
static int parse_jobs(struct run *r)
{
	struct cc_ctx *ctx = r->ctx;
	for (int k = 0; k < S_COUNT; k++)
		if (cc_db_prepare(ctx->db, &r->w.st[k], stmt_sql[k]) < 0)
			return -1;
	/* Full text switched on: every asset is being re-parsed (the key changed). */
	if (r->w.text && (!r->old_text || strcmp(r->old_text, "1")) && cc_db_exec(ctx->db, "DELETE FROM asset_text") < 0)
		return -1;
	/* A cold build fills empty tables: building the secondary indexes once
	 * afterwards is cheaper than maintaining them row by row. */
	bool cold = r->old.n == 0 && r->njobs > 1000;
	if (cold && cc_db_exec(ctx->db, drop_indexes_sql) < 0)
		return -1;
	struct stat index_st;
	bool from_disk = !r->o->worktree && mark_worktree_copies(ctx, r->commit, r->jobs, r->njobs, &index_st);
	if (run_pool(ctx, r->o, &r->w, r->jobs, r->njobs, from_disk ? &index_st : NULL) < 0)
		return -1;
	return cold ? cc_db_exec(ctx->db, cc_db_index_sql) : 0;
}

/* What depends on every asset: URLs and duplicates, committed exports, problems of no file. */
static int derive_all(struct run *r)
{
	/* The URL pass need not look at every asset when only the contents of some changed. */
	int64_t *ids = cc_xcalloc(r->njobs + 1, sizeof(*ids));
	for (size_t k = 0; k < r->njobs; k++)
		ids[k] = r->jobs[k]->id;
	/* URLs first: committed exports are matched to assets on them. */
	int ret = cc_slugs_check(r->ctx->db, &r->ctx->cfg, ids, r->njobs, r->full || r->st->added || r->st->removed);
	if (ret == 0 && r->commit && !r->o->worktree)
		ret = update_exports(r->ctx, &r->exports, &r->repo_problems, r->st);
	free(ids);
	if (ret < 0 || write_repo_problems(r->ctx->db, &r->repo_problems) < 0)
		return -1;
	return 0;
}

/* History moves on to the commit; then what depends on it, and the meta values of this run. */
static int finish_run(struct run *r)
{
	struct cc_ctx *ctx = r->ctx;
	if (r->commit) {
		size_t walked = 0;
		if (cc_history_update(ctx->db, ctx->repo, r->commit, ctx->cfg.dir, &walked) < 0)
			return -1;
		if ((r->st->removed || r->full) && cc_history_prune(ctx->db) < 0)
			return -1;
		r->st->commits = walked;
	}
	if (cc_translations_check(ctx->db, &ctx->cfg) < 0)
		return -1;
	if (cc_db_meta_set(ctx->db, "key", r->key.buf) < 0 ||
	    cc_db_meta_set(ctx->db, "tree", r->o->worktree ? "worktree" : r->commit ? r->tree_hex : "none") < 0 ||
	    cc_db_meta_set(ctx->db, "commit", r->commit_hex) < 0 ||
	    cc_db_meta_set(ctx->db, "text", r->w.text ? "1" : "0") < 0 ||
	    cc_db_meta_set(ctx->db, "shallow", r->st->shallow ? "1" : "0") < 0 ||
	    /* A new run id: derived data keyed by it (search priors) is stale. */
	    cc_db_exec(ctx->db, "INSERT OR REPLACE INTO meta(key, value) VALUES ('run', lower(hex(randomblob(8))))") < 0)
		return -1;
	r->st->problems = cc_index_count(ctx->db, "problems");
	if (cc_db_commit(ctx->db) < 0)
		return -1;
	r->in_tx = false;
	return 0;
}

static int index_update(struct cc_ctx *ctx, const struct cc_index_options *o, struct cc_index_stats *st)
{
	struct run r = {.ctx = ctx, .o = o, .st = st, .repo_problems = CC_PROBLEMS_INIT, .key = CC_BUF_INIT};
	int ret = -1, current;

	memset(st, 0, sizeof(*st));
	if (cc_ctx_open_db(ctx, 0) < 0)
		return -1;
	r.w.db = ctx->db;
	if (pick_commit(&r) < 0 || (current = is_current(&r)) < 0)
		goto cleanup;
	if (current) {
		ret = 0;
		goto cleanup;
	}
	if (r.same_tree) {
		/* Same content, new commits: only history moves on. */
		st->files = st->unchanged = cc_index_count(ctx->db, "assets");
	} else {
		if (o->worktree ? list_worktree(ctx, &r.now, &r.repo_problems) < 0
		    : r.commit && list_tree(ctx, r.ctree, &r.now, &r.exports, &r.repo_problems) < 0)
			goto cleanup;
		if (merge_lists(&r) < 0 || parse_jobs(&r) < 0 || derive_all(&r) < 0)
			goto cleanup;
		/* The file lists are done with; history holds its own per path. */
		free(r.jobs);
		r.jobs = NULL;
		entries_release(&r.now);
		entries_release(&r.old);
	}
	if (finish_run(&r) < 0)
		goto cleanup;
	ret = 0;
cleanup:
	run_release(&r);
	return ret;
}

/*
 * After a run through libgit2 for HEAD, records what decided discovery
 * (cc_ctx_git_stamp) when it changed, so that the next search may prove the
 * index current without libgit2. Best effort: a busy or read-only index
 * only loses the shortcut.
 */
static void record_stamp(struct cc_ctx *ctx, const struct cc_index_options *o)
{
	struct cc_buf stamp = CC_BUF_INIT;
	char *old = NULL;
	if (!o->rev && !o->worktree && ctx->repo && cc_ctx_git_stamp(&stamp, ctx->git_dir, ctx->root) == 0 &&
	    cc_db_meta_get(ctx->db, "git_stamp", &old) == 0 && (!old || strcmp(old, stamp.buf)) &&
	    sqlite3_db_readonly(ctx->db->db, "main") == 0) {
		/* never waits: a writer at work will record it itself */
		sqlite3_busy_timeout(ctx->db->db, 0);
		if (sqlite3_exec(ctx->db->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK) {
			if (cc_db_meta_set(ctx->db, "git_stamp", stamp.buf) == 0)
				cc_db_commit(ctx->db);
			else
				cc_db_rollback(ctx->db);
		}
		sqlite3_busy_timeout(ctx->db->db, CC_BUSY_TIMEOUT_MS);
	}
	free(old);
	cc_buf_release(&stamp);
}

int cc_index_update(struct cc_ctx *ctx, const struct cc_index_options *o, struct cc_index_stats *st)
{
	if (ctx->proven_current && !o->rev && !o->worktree)
		return cc_index_use_current(ctx, o, st);
	if (!ctx->repo)
		return cc_error("internal error: no repository to index");
	if (index_update(ctx, o, st) < 0)
		return -1;
	record_stamp(ctx, o);
	return cc_index_ensure_text(ctx, o);
}
