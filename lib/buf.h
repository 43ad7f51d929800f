/*
 * buf.h — a growable byte buffer in the spirit of git's strbuf.
 *
 * Invariant: after cc_buf_init(), b->buf is never NULL and b->buf[b->len]
 * is always '\0', so b->buf can be used as a C string at any time.
 * Allocation failure aborts (there is nothing sensible to do without memory).
 */
#ifndef CC_BUF_H
#define CC_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct cc_buf {
	char *buf;    /* never NULL; NUL-terminated */
	size_t len;   /* bytes used, not counting the terminator */
	size_t alloc; /* bytes allocated; 0 while buf points at the shared empty string */
};

#define CC_BUF_INIT {cc_buf_empty_, 0, 0}
extern char cc_buf_empty_[];

void cc_buf_init(struct cc_buf *b);
/* Frees the memory and leaves b empty and reusable. */
void cc_buf_release(struct cc_buf *b);
/* Empties b but keeps its memory. */
void cc_buf_reset(struct cc_buf *b);
void cc_buf_grow(struct cc_buf *b, size_t extra);
void cc_buf_add(struct cc_buf *b, const void *data, size_t len);
void cc_buf_adds(struct cc_buf *b, const char *s);
void cc_buf_addch(struct cc_buf *b, int c);
void cc_buf_addf(struct cc_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cc_buf_vaddf(struct cc_buf *b, const char *fmt, va_list ap);
void cc_buf_setlen(struct cc_buf *b, size_t len);

/* The next buffer of a growing array v[0..*n) (one CSV record's fields),
 * emptied; buffers past *n keep their memory for the next record. */
struct cc_buf *cc_bufs_next(struct cc_buf **v, size_t *n, size_t *alloc);
/* Removes trailing white space. */
void cc_buf_rtrim(struct cc_buf *b);
/* Hands the string over to the caller, who must free() it; b is left empty. */
char *cc_buf_detach(struct cc_buf *b, size_t *len);

/* Small helpers used across the library. All abort on allocation failure. */
void *cc_xmalloc(size_t n);
void *cc_xcalloc(size_t n, size_t size);
void *cc_xrealloc(void *p, size_t n);
char *cc_xstrdup(const char *s);
char *cc_xstrndup(const char *s, size_t n);
/* Grows *v (of *alloc elements of size sz) to hold at least n elements. */
void cc_grow_array(void **v, size_t *alloc, size_t n, size_t sz);
#define CC_GROW(v, alloc, n) cc_grow_array((void **)&(v), &(alloc), (n), sizeof(*(v)))

#endif
