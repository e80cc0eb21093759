/* unit.h: what every unit test includes: cmocka, the public header, and helpers for
 * table-driven string tests. */
#ifndef BN_UNIT_H
#define BN_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "baonoi.h"

/* A short article page (a heading and two paragraphs with a date, a time, numbers and
 * acronyms), for tests that run the whole path and must stay quick under valgrind. */
#define UNIT_SHORT_PAGE                                                                              \
	"<html><head><title>Thử nghiệm</title></head><body><article>"                            \
	"<h1>Hội đồng Bảo an họp ngày 22/5/2020</h1>"                                      \
	"<p>Lúc 16:20, TP.HCM ghi nhận 1.000 ca, tăng 3,5%. PGS.TS Nguyễn Văn A "             \
	"cho biết HĐBA LHQ sẽ họp lại.</p>"                                                 \
	"<p>Giá vàng tăng mạnh, có lúc vượt mốc 50 triệu đồng một lượng vào " \
	"chiều nay.</p></article></body></html>"

/* Read a whole file into a malloc'd NUL-terminated string (fails the test if it cannot). */
static inline char *unit_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *s = malloc((size_t)n + 1);
	assert_non_null(s);
	assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return s;
}

#endif
