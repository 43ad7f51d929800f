/*
 * safefile.c — work-tree files read and replaced through O_NOFOLLOW (see safefile.h).
 */
#include "safefile.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "problem.h"

/* Opens the directory holding rel; *base points at rel's last component. */
static int open_parent(const char *root, const char *rel, const char **base)
{
	if (!*rel || rel[0] == '/')
		return cc_error("'%s' is not a path inside the repository", rel);
	for (const char *p = rel; *p;) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (!n || (n == 1 && p[0] == '.') || (n == 2 && !strncmp(p, "..", 2)) ||
		    (n == 4 && !strncmp(p, ".git", 4)))
			return cc_error("'%s' is not a path inside the repository's work tree", rel);
		p += n + (e ? 1 : 0);
		if (e && !*p)
			return cc_error("'%s' names a directory", rel);
	}
	int dfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return cc_error("cannot open '%s': %s", root, strerror(errno));
	const char *p = rel;
	for (const char *e; (e = strchr(p, '/'));) {
		char *part = cc_xstrndup(p, (size_t)(e - p));
		int sub = openat(dfd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		int err = errno;
		free(part);
		close(dfd);
		if (sub < 0)
			return cc_error("cannot open the directory of '%s'%s: %s", rel,
					err == ELOOP || err == ENOTDIR ? " (a symbolic link?)" : "", strerror(err));
		dfd = sub;
		p = e + 1;
	}
	*base = p;
	return dfd;
}

bool cc_safe_same(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

int cc_safe_read(struct cc_buf *out, struct stat *stp, const char *root, const char *rel)
{
	const char *base;
	struct stat st;
	int dfd = open_parent(root, rel, &base), fd, ret = -1;
	if (dfd < 0)
		return -1;
	fd = openat(dfd, base, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		int err = errno;
		cc_error("cannot open '%s'%s: %s", rel, err == ELOOP ? " (a symbolic link; not followed)" : "",
			 strerror(err));
		goto out;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		cc_error("'%s' is not a regular file", rel);
		goto out;
	}
	*stp = st;
	char chunk[65536];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		cc_buf_add(out, chunk, (size_t)n);
	if (n < 0) {
		cc_error("cannot read '%s': %s", rel, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	close(dfd);
	return ret;
}

/* Writes data to a new temporary file beside base in dfd; its name goes to tmp. */
static int write_temp(int dfd, const char *rel, const char *base, const char *data, size_t len,
		      const struct stat *read, char tmp[300], bool flush)
{
	struct stat st;
	mode_t mode = read->st_mode & 07777;
	int fd = -1;
	if (fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode))
		return cc_error("'%s' is not a regular file (a symbolic link is never written through)", rel);
	if (!cc_safe_same(&st, read))
		return cc_error("'%s' changed since contentcal read it; left as it is", rel);
	if (strlen(base) > 200)
		return cc_error("'%s': file name too long for a temporary name beside it", rel);
	static unsigned counter;
	for (int attempt = 0; attempt < 100 && fd < 0; attempt++) {
		snprintf(tmp, 300, ".%s.contentcal-%ld-%u", base, (long)getpid(),
			 (unsigned)(++counter * 2654435761u ^ (unsigned)time(NULL)) & 0xffffff);
		fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode & 07777);
		if (fd < 0 && errno != EEXIST)
			return cc_error("cannot create a temporary file beside '%s': %s", rel, strerror(errno));
	}
	if (fd < 0)
		return cc_error("cannot create a temporary file beside '%s'", rel);
	for (size_t off = 0; off < len;) {
		ssize_t n = write(fd, data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		off += (size_t)n;
	}
	if (fchmod(fd, mode & 07777) < 0 || (flush && fsync(fd) < 0))
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	return 0;
fail:
	cc_error("cannot write '%s': %s", rel, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlinkat(dfd, tmp, 0);
	return -1;
}

int cc_safe_replace(const char *root, const char *rel, const char *data, size_t len, const struct stat *read)
{
	const char *base;
	char tmp[300];
	struct stat now;
	int dfd = open_parent(root, rel, &base), ret = -1;
	if (dfd < 0)
		return -1;
	if (write_temp(dfd, rel, base, data, len, read, tmp, true) < 0)
		goto out;
	if (fstatat(dfd, base, &now, AT_SYMLINK_NOFOLLOW) < 0 || !cc_safe_same(&now, read)) {
		cc_error("'%s' changed since contentcal read it; left as it is", rel);
		unlinkat(dfd, tmp, 0);
		goto out;
	}
	if (renameat(dfd, tmp, dfd, base) < 0) {
		cc_error("cannot replace '%s': %s", rel, strerror(errno));
		unlinkat(dfd, tmp, 0);
		goto out;
	}
	fsync(dfd);
	ret = 0;
out:
	close(dfd);
	return ret;
}

int cc_safe_stage(struct cc_safe_tmp *t, const char *root, const char *rel, const char *data, size_t len,
		  const struct stat *read)
{
	const char *base;
	char tmp[300];
	int dfd = open_parent(root, rel, &base), ret = -1;
	t->rel = cc_xstrdup(rel);
	t->name = NULL;
	t->read = *read;
	if (dfd < 0)
		return -1;
	if (write_temp(dfd, rel, base, data, len, read, tmp, false) == 0) {
		t->name = cc_xstrdup(tmp);
		ret = 0;
	}
	close(dfd);
	return ret;
}

int cc_safe_sync(const char *root)
{
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int ret = fd >= 0 && syncfs(fd) == 0 ? 0 : cc_error("cannot flush the files under '%s': %s", root, strerror(errno));
	if (fd >= 0)
		close(fd);
	return ret;
}

int cc_safe_commit(struct cc_safe_tmp *t, const char *root)
{
	const char *base;
	struct stat st;
	int dfd, ret = -1;
	if (!t->name)
		return 0;
	if ((dfd = open_parent(root, t->rel, &base)) < 0)
		return -1;
	if (fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode))
		cc_error("'%s' is no longer a regular file; left as it was", t->rel);
	else if (!cc_safe_same(&st, &t->read))
		cc_error("'%s' changed since contentcal read it; left as it is", t->rel);
	else if (renameat(dfd, t->name, dfd, base) < 0)
		cc_error("cannot replace '%s': %s", t->rel, strerror(errno));
	else
		ret = 0;
	if (ret < 0)
		unlinkat(dfd, t->name, 0);
	close(dfd);
	free(t->name);
	t->name = NULL;
	return ret;
}

void cc_safe_abort(struct cc_safe_tmp *t, const char *root)
{
	const char *base;
	int dfd;
	if (t->name && (dfd = open_parent(root, t->rel, &base)) >= 0) {
		unlinkat(dfd, t->name, 0);
		close(dfd);
	}
	free(t->name);
	free(t->rel);
	t->name = t->rel = NULL;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int cc_safe_write_file(const char *path, const char *display, const char *data, size_t len)
{
	struct stat st;
	struct cc_buf tmp = CC_BUF_INIT;
	int fd = -1, ret = -1;

	if (lstat(path, &st) == 0) {
		if (S_ISLNK(st.st_mode))
			return cc_error("'%s' is a symbolic link; not writing through it", display);
		if (!S_ISREG(st.st_mode))
			return cc_error("'%s' exists and is not a regular file", display);
	} else if (errno != ENOENT) {
		return cc_error("cannot write '%s': %s", display, strerror(errno));
	}
	const char *slash = strrchr(path, '/');
	if (slash)
		cc_buf_add(&tmp, path, (size_t)(slash - path) + 1);
	cc_buf_adds(&tmp, ".contentcal-write.XXXXXX");
	if ((fd = mkostemp(tmp.buf, O_CLOEXEC)) < 0) {
		cc_error("cannot write '%s': %s", display, strerror(errno));
		goto cleanup;
	}
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) < 0 || write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		cc_error("cannot write '%s': %s", display, strerror(errno));
		goto cleanup;
	}
	if (close(fd) < 0) {
		fd = -1;
		cc_error("cannot write '%s': %s", display, strerror(errno));
		goto cleanup;
	}
	fd = -1;
	if (rename(tmp.buf, path) < 0) {
		cc_error("cannot write '%s': %s", display, strerror(errno));
		goto cleanup;
	}
	cc_buf_reset(&tmp);
	ret = 0;
cleanup:
	if (fd >= 0)
		close(fd);
	if (tmp.len)
		unlink(tmp.buf);
	cc_buf_release(&tmp);
	return ret;
}
