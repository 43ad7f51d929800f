/*
 * safefile.h — reading and replacing files of the work tree without ever
 * leaving it.
 *
 * Paths are repository-relative ("content/blog/x.md"): no leading '/', no
 * "." or ".." component, no empty component, never inside ".git". Every
 * directory on the way is opened with O_NOFOLLOW from the work-tree root,
 * and so is the file itself, so a symbolic link anywhere on the path is
 * refused rather than followed. A replacement is written to a new file in
 * the same directory (O_EXCL, the old file's permission bits), flushed, and
 * renamed over the old one: a reader sees the old bytes or the new, never a
 * mix, and a kill leaves at most a stray ".NAME.contentcal-*" file. A
 * file changed since it was read (inode, size or modification time) is
 * never replaced.
 */
#ifndef CC_SAFEFILE_H
#define CC_SAFEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "buf.h"

/* Reads root/rel into out (appending) and its status (permission bits,
 * inode, size, modification time) into *st. Returns 0, or -1 with cc_error
 * (a symbolic link, not a regular file, …). */
int cc_safe_read(struct cc_buf *out, struct stat *st, const char *root, const char *rel);

/* Is the file still the one that was read (same inode, size and modification time)? */
bool cc_safe_same(const struct stat *a, const struct stat *b);

/* Replaces the existing regular file root/rel with data[0..len), atomically,
 * with the permission bits of *read (its status when it was read); a file
 * changed since then is left alone. Returns 0, or -1 with cc_error; on
 * failure the old file is untouched. */
int cc_safe_replace(const char *root, const char *rel, const char *data, size_t len, const struct stat *read);

/*
 * The two halves of cc_safe_replace, for many files at once: stage writes
 * the new bytes to a temporary file beside root/rel (not yet flushed) and
 * records its name in *t; after every file is staged, cc_safe_sync flushes
 * the file system once, and cc_safe_commit renames each temporary file
 * over its target (checking again that the target is a regular file, not
 * a link). cc_safe_abort removes a staged file that will not be committed.
 * All return 0, or -1 with cc_error.
 */
struct cc_safe_tmp {
	char *rel;  /* the target */
	char *name; /* the temporary file's name in the target's directory; NULL when none */
	struct stat read; /* the target's status when it was read: commit refuses a file changed since */
};

int cc_safe_stage(struct cc_safe_tmp *t, const char *root, const char *rel, const char *data, size_t len,
		  const struct stat *read);
int cc_safe_sync(const char *root);
int cc_safe_commit(struct cc_safe_tmp *t, const char *root);
void cc_safe_abort(struct cc_safe_tmp *t, const char *root);

/*
 * Writes data[0..len) to path (any path: an output file the user named,
 * shown as display in messages) atomically: a temporary file beside it
 * (".contentcal-write.XXXXXX", O_EXCL), flushed, renamed over it. A path
 * that is a symbolic link or not a regular file is refused. Returns 0, or
 * -1 with cc_error; on failure no temporary file is left.
 */
int cc_safe_write_file(const char *path, const char *display, const char *data, size_t len);

#endif
