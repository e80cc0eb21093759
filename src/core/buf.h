/* buf.h: a growable byte buffer for building strings; a failed allocation sticks, so callers
 * append freely and check once. */
#ifndef BN_BUF_H
#define BN_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

typedef struct bn_buf {
	char *data; /* NUL-terminated whenever len > 0 or after bn_buf_reserve */
	size_t len;
	size_t cap;
	int failed; /* an allocation failed: contents are incomplete */
} bn_buf;

#define BN_BUF_INIT                                                                                \
	{                                                                                          \
		NULL, 0, 0, 0                                                                      \
	}

/* Make room for n more bytes plus a NUL; 0 on success, -1 (and failed set) otherwise. */
int bn_buf_reserve(bn_buf *b, size_t n);

/* Append n bytes. Inline, as text is built a character at a time: when the bytes fit, this
 * is a copy. */
static inline void bn_buf_append(bn_buf *b, const char *s, size_t n)
{
	if (b->cap - b->len <= n && bn_buf_reserve(b, n) < 0)
		return;
	if (n)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static inline void bn_buf_putc(bn_buf *b, char c)
{
	bn_buf_append(b, &c, 1);
}

void bn_buf_puts(bn_buf *b, const char *s);
void bn_buf_printf(bn_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Drop bytes from the end. */
void bn_buf_truncate(bn_buf *b, size_t len);
/* The last byte, or 0 when empty. */
char bn_buf_last(const bn_buf *b);
/* Hand the string to the caller (free() it) and reset b; "" for an empty buffer; NULL when an
 * allocation failed. */
char *bn_buf_take(bn_buf *b);
void bn_buf_free(bn_buf *b);

#endif
