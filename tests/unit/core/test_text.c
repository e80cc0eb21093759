/* test_text.c: the inline UTF-8 decoder and encoder agree with utf8proc on every one-, two- and
 * three-byte sequence (well formed, overlong, surrogate, truncated, stray continuation). */
#include "unit.h"

#include "text.h"

#include <utf8proc.h>

/* What bn_utf8_next must return: utf8proc's reading, U+FFFD and one byte when invalid. */
static int32_t reference(const unsigned char *s, size_t n, size_t *used)
{
	if (s[0] < 0x80) {
		*used = 1;
		return s[0];
	}
	utf8proc_int32_t cp;
	utf8proc_ssize_t k = utf8proc_iterate(s, (utf8proc_ssize_t)n, &cp);
	if (k <= 0) {
		*used = 1;
		return 0xFFFD;
	}
	*used = (size_t)k;
	return cp;
}

static void check(const unsigned char *s, size_t n)
{
	size_t want_used;
	int32_t want = reference(s, n, &want_used);
	const char *p = (const char *)s;
	int32_t got = bn_utf8_next(&p, (const char *)s + n);
	if (got != want || (size_t)(p - (const char *)s) != want_used)
		fail_msg("%02x %02x %02x (n=%zu): got U+%04X/%td, want U+%04X/%zu", s[0],
		         n > 1 ? s[1] : 0, n > 2 ? s[2] : 0, n, (unsigned)got, p - (const char *)s,
		         (unsigned)want, want_used);
}

static void test_decoder_matches_utf8proc(void **state)
{
	(void)state;
	static const unsigned char tails[] = {0x00, 0x41, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
	for (unsigned a = 0; a < 256; a++) {
		unsigned char one[1] = {(unsigned char)a};
		check(one, 1);
		for (unsigned b = 0; b < 256; b++) {
			unsigned char two[2] = {(unsigned char)a, (unsigned char)b};
			check(two, 2);
			for (size_t t = 0; t < sizeof tails; t++) {
				unsigned char three[3] = {(unsigned char)a, (unsigned char)b,
				                          tails[t]};
				check(three, 3);
			}
		}
	}
}

static void test_encoder_round_trip(void **state)
{
	(void)state;
	for (int32_t cp = 0x80; cp < 0x10000; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		char out[8];
		size_t n = bn_utf8_encode(cp, out);
		utf8proc_uint8_t ref[8];
		utf8proc_ssize_t k = utf8proc_encode_char(cp, ref);
		assert_int_equal(n, (size_t)k);
		assert_memory_equal(out, ref, n);
		const char *p = out;
		assert_int_equal(bn_utf8_next(&p, out + n), cp);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_decoder_matches_utf8proc),
	        cmocka_unit_test(test_encoder_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
