/* lines.h: reading a text file line by line within limits (voice profiles, key files, the
 * defaults file, reading positions, standard input for split and normalize). */
#ifndef BN_LINES_H
#define BN_LINES_H

#include "baonoi.h"

#include <stdio.h>

typedef struct bn_lines {
	FILE *f;
	const char *name; /* the file as messages name it */
	size_t max_line;  /* bytes one line may hold */
	size_t max_total; /* bytes the whole file may hold (0: no limit) */
	bn_status status; /* the status of the errors it reports; BN_OK: by cause */
	size_t lineno;    /* of the current line, from 1 */
	size_t total;     /* bytes read so far */
	char *line;       /* the current line, NUL-terminated, without its line end; owned */
	size_t len, cap;
} bn_lines;

/* Start reading f, named name in messages, with those limits; errors carry status, or with
 * BN_OK one by cause (too large, encoding for a NUL byte, input for a read error). */
void bn_lines_init(bn_lines *r, FILE *f, const char *name, size_t max_line, size_t max_total,
                   bn_status status);
/* Read the next line into r->line (r->len bytes; "\n" or "\r\n" removed). 1 when there is one,
 * 0 at the end of the file, -1 with err filled ("NAME:LINE: ...") when the line is longer
 * than max_line, holds a NUL byte, the file is longer than max_total, or reading failed. */
int bn_lines_next(bn_lines *r, bn_error *err);
/* Free the line buffer (the file is the caller's to close). */
void bn_lines_free(bn_lines *r);

#endif
