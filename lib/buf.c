/*
 * buf.c — growable byte buffer and allocation helpers (see buf.h).
 */
#include "buf.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char cc_buf_empty_[1];

static void die_oom(void)
{
	fputs("contentcal: out of memory\n", stderr);
	abort();
}

void *cc_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom();
	return p;
}

void *cc_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		die_oom();
	return p;
}

void *cc_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die_oom();
	return p;
}

char *cc_xstrdup(const char *s)
{
	return cc_xstrndup(s, strlen(s));
}

char *cc_xstrndup(const char *s, size_t n)
{
	char *p = cc_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void cc_grow_array(void **v, size_t *alloc, size_t n, size_t sz)
{
	size_t a = *alloc;
	if (n <= a)
		return;
	a = a ? a : 8;
	while (a < n)
		a = a + a / 2 + 8;
	*v = cc_xrealloc(*v, a * sz);
	*alloc = a;
}

void cc_buf_init(struct cc_buf *b)
{
	b->buf = cc_buf_empty_;
	b->len = 0;
	b->alloc = 0;
}

void cc_buf_release(struct cc_buf *b)
{
	if (b->alloc)
		free(b->buf);
	cc_buf_init(b);
}

void cc_buf_reset(struct cc_buf *b)
{
	cc_buf_setlen(b, 0);
}

void cc_buf_grow(struct cc_buf *b, size_t extra)
{
	size_t want = b->len + extra + 1;
	if (want <= b->alloc)
		return;
	size_t a = b->alloc ? b->alloc : 64;
	while (a < want)
		a *= 2;
	if (!b->alloc) {
		b->buf = cc_xmalloc(a);
		b->buf[0] = '\0';
		b->len = 0;
	} else {
		b->buf = cc_xrealloc(b->buf, a);
	}
	b->alloc = a;
}

void cc_buf_setlen(struct cc_buf *b, size_t len)
{
	if (!b->alloc) {
		if (len)
			abort();
		return;
	}
	b->len = len;
	b->buf[len] = '\0';
}

void cc_buf_add(struct cc_buf *b, const void *data, size_t len)
{
	if (!len)
		return;
	cc_buf_grow(b, len);
	memcpy(b->buf + b->len, data, len);
	cc_buf_setlen(b, b->len + len);
}

void cc_buf_adds(struct cc_buf *b, const char *s)
{
	cc_buf_add(b, s, strlen(s));
}

void cc_buf_addch(struct cc_buf *b, int c)
{
	cc_buf_grow(b, 1);
	b->buf[b->len] = (char)c;
	cc_buf_setlen(b, b->len + 1);
}

void cc_buf_vaddf(struct cc_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	/* Format into the free space first; only a result that does not fit
	 * is formatted a second time. */
	if (b->alloc - b->len < 64)
		cc_buf_grow(b, 64);
	va_copy(cp, ap);
	n = vsnprintf(b->buf + b->len, b->alloc - b->len, fmt, cp);
	va_end(cp);
	if (n <= 0) {
		b->buf[b->len] = '\0';
		return;
	}
	if ((size_t)n >= b->alloc - b->len) {
		cc_buf_grow(b, (size_t)n);
		vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	}
	cc_buf_setlen(b, b->len + (size_t)n);
}

void cc_buf_addf(struct cc_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cc_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void cc_buf_rtrim(struct cc_buf *b)
{
	size_t n = b->len;
	while (n && isspace((unsigned char)b->buf[n - 1]))
		n--;
	if (n != b->len)
		cc_buf_setlen(b, n);
}

char *cc_buf_detach(struct cc_buf *b, size_t *len)
{
	char *s;
	if (len)
		*len = b->len;
	if (!b->alloc)
		s = cc_xstrdup("");
	else
		s = b->buf;
	cc_buf_init(b);
	return s;
}

struct cc_buf *cc_bufs_next(struct cc_buf **v, size_t *n, size_t *alloc)
{
	if (*n == *alloc) {
		size_t old = *alloc;
		CC_GROW(*v, *alloc, *n + 1);
		for (size_t i = old; i < *alloc; i++)
			cc_buf_init(&(*v)[i]);
	}
	struct cc_buf *f = &(*v)[(*n)++];
	cc_buf_reset(f);
	return f;
}
