/*
 * change.c — the paths a change touches, the day of a commit (see change.h).
 */
#include "change.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "context.h"
#include "date.h"

static int resolve_commit(git_commit **out, git_repository *repo, const char *rev, const char *what)
{
	git_object *obj = NULL;
	*out = NULL;
	if (git_revparse_single(&obj, repo, rev) < 0) {
		const git_error *e = git_error_last();
		return cc_error("%s '%s' is not a revision: %s", what, rev, e && e->message ? e->message : "not found");
	}
	int err = git_object_peel((git_object **)out, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	if (err < 0)
		return cc_error("%s '%s' does not name a commit", what, rev);
	return 0;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int cc_change_paths(struct cc_strlist *out, git_repository *repo, const char *since, const char *rev,
		    bool worktree)
{
	git_commit *base = NULL, *head = NULL, *mb = NULL;
	git_tree *base_tree = NULL, *head_tree = NULL;
	git_diff *diff = NULL;
	git_diff_options dopts = GIT_DIFF_OPTIONS_INIT;
	git_oid oid;
	int ret = -1;
	size_t start = out->n;

	if (resolve_commit(&base, repo, since, "--since") < 0 || resolve_commit(&head, repo, rev ? rev : "HEAD", "revision") < 0)
		goto cleanup;
	if (git_merge_base(&oid, repo, git_commit_id(base), git_commit_id(head)) == 0 &&
	    git_commit_lookup(&mb, repo, &oid) == 0) {
		git_commit_free(base);
		base = mb;
		mb = NULL;
	}
	if (git_commit_tree(&base_tree, base) < 0) {
		cc_git_error("reading the base tree");
		goto cleanup;
	}
	dopts.flags |= GIT_DIFF_SKIP_BINARY_CHECK;
	if (worktree) {
		dopts.flags |= GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;
		if (git_diff_tree_to_workdir_with_index(&diff, repo, base_tree, &dopts) < 0) {
			cc_git_error("comparing the work tree with the base");
			goto cleanup;
		}
	} else {
		if (git_commit_tree(&head_tree, head) < 0 ||
		    git_diff_tree_to_tree(&diff, repo, base_tree, head_tree, &dopts) < 0) {
			cc_git_error("comparing the revision with the base");
			goto cleanup;
		}
	}
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		if (d->new_file.path)
			cc_strlist_add(out, d->new_file.path);
		if (d->old_file.path && (!d->new_file.path || strcmp(d->old_file.path, d->new_file.path)))
			cc_strlist_add(out, d->old_file.path);
	}
	if (out->n > start) {
		qsort(out->v + start, out->n - start, sizeof(char *), str_cmp);
		size_t w = start + 1;
		for (size_t r = start + 1; r < out->n; r++) {
			if (!strcmp(out->v[r], out->v[w - 1]))
				free(out->v[r]);
			else
				out->v[w++] = out->v[r];
		}
		out->n = w;
	}
	ret = 0;
cleanup:
	git_diff_free(diff);
	git_tree_free(base_tree);
	git_tree_free(head_tree);
	git_commit_free(mb);
	git_commit_free(base);
	git_commit_free(head);
	return ret;
}

int cc_change_base(char out[41], git_repository *repo, const char *since, const char *rev)
{
	git_commit *base = NULL, *head = NULL;
	git_oid oid;
	int ret = -1;
	if (resolve_commit(&base, repo, since, "--since") < 0 ||
	    resolve_commit(&head, repo, rev ? rev : "HEAD", "revision") < 0)
		goto cleanup;
	if (git_merge_base(&oid, repo, git_commit_id(base), git_commit_id(head)) < 0)
		git_oid_cpy(&oid, git_commit_id(base));
	git_oid_tostr(out, 41, &oid);
	ret = 0;
cleanup:
	git_commit_free(base);
	git_commit_free(head);
	return ret;
}

int cc_commit_day(int64_t *out, git_repository *repo, const char *rev)
{
	git_commit *c = NULL;
	if (resolve_commit(&c, repo, rev ? rev : "HEAD", "revision") < 0)
		return -1;
	const git_signature *s = git_commit_committer(c);
	int64_t t = (int64_t)s->when.time + (int64_t)s->when.offset * 60;
	/* floor division: a day before 1970 is negative */
	*out = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	git_commit_free(c);
	return 0;
}
