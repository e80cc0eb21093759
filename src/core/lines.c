/* lines.c: a text file line by line within limits. A line is read whole, however long it is
 * up to the limit (a long comment cannot spill its tail into a line of its own), and a file
 * of endless bytes (/dev/zero, a stuck pipe) ends in an error at the limit instead of growing
 * without bound. */
#include "lines.h"

#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void bn_lines_init(bn_lines *r, FILE *f, const char *name, size_t max_line, size_t max_total,
                   bn_status status)
{
	memset(r, 0, sizeof *r);
	r->f = f;
	r->name = name;
	r->max_line = max_line;
	r->max_total = max_total;
	r->status = status;
}

/* The status of an error of this cause: the reader's own, or by cause when it has none. */
static bn_status status_of(const bn_lines *r, bn_status by_cause)
{
	return r->status != BN_OK ? r->status : by_cause;
}

/* Append c to the line, growing it; -1 when out of memory. */
static int append(bn_lines *r, char c)
{
	if (r->len + 1 >= r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 128;
		char *t = realloc(r->line, cap);
		if (!t)
			return -1;
		r->line = t;
		r->cap = cap;
	}
	r->line[r->len++] = c;
	return 0;
}

int bn_lines_next(bn_lines *r, bn_error *err)
{
	r->len = 0;
	int c = EOF;
	size_t lineno = r->lineno + 1;
	while ((c = getc(r->f)) != EOF && c != '\n') {
		if (r->max_total && ++r->total > r->max_total) {
			bn_fail(err, status_of(r, BN_ERR_TOO_LARGE), "%s: longer than %zu bytes",
			        r->name, r->max_total);
			return -1;
		}
		if (c == '\0') {
			bn_fail(err, status_of(r, BN_ERR_ENCODING),
			        "%s:%zu: a NUL byte: not a text file", r->name, lineno);
			return -1;
		}
		if (r->len >= r->max_line) {
			bn_fail(err, status_of(r, BN_ERR_TOO_LARGE),
			        "%s:%zu: line longer than %zu bytes", r->name, lineno, r->max_line);
			return -1;
		}
		if (append(r, (char)c) != 0) {
			bn_fail(err, BN_ERR_INTERNAL, "out of memory");
			return -1;
		}
	}
	if (ferror(r->f)) {
		bn_fail(err, status_of(r, BN_ERR_INPUT), "%s: cannot read: %s", r->name,
		        strerror(errno));
		return -1;
	}
	if (c == EOF && r->len == 0)
		return 0;
	if (c == '\n' && r->max_total)
		r->total++;
	r->lineno = lineno;
	if (r->len && r->line[r->len - 1] == '\r')
		r->len--;
	if (append(r, '\0') != 0) {
		bn_fail(err, BN_ERR_INTERNAL, "out of memory");
		return -1;
	}
	r->len--;
	return 1;
}

void bn_lines_free(bn_lines *r)
{
	free(r->line);
	r->line = NULL;
	r->len = r->cap = 0;
}
