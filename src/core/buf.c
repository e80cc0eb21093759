/* buf.c: a growable byte buffer for building strings. */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Grow geometrically so that appending n bytes costs amortised O(n). */
int bn_buf_reserve(bn_buf *b, size_t n)
{
	if (b->failed)
		return -1;
	if (n > (size_t)-1 / 2 - b->len) {
		b->failed = 1;
		return -1;
	}
	size_t need = b->len + n + 1;
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	char *p = realloc(b->data, cap);
	if (!p) {
		b->failed = 1;
		return -1;
	}
	b->data = p;
	b->cap = cap;
	b->data[b->len] = '\0';
	return 0;
}

void bn_buf_puts(bn_buf *b, const char *s)
{
	bn_buf_append(b, s, strlen(s));
}

void bn_buf_printf(bn_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || bn_buf_reserve(b, (size_t)n) < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void bn_buf_truncate(bn_buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->data[len] = '\0';
	}
}

char bn_buf_last(const bn_buf *b)
{
	return b->len ? b->data[b->len - 1] : '\0';
}

char *bn_buf_take(bn_buf *b)
{
	if (b->failed) {
		bn_buf_free(b);
		return NULL;
	}
	char *s = b->data ? b->data : strdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

void bn_buf_free(bn_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}
