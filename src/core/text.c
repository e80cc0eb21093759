/* text.c: UTF-8 decoding and validation, NFC, and whitespace cleaning of extracted text. */
#include "text.h"

#include "buf.h"
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

int32_t bn_utf8_next(const char **p, const char *end)
{
	const unsigned char *s = (const unsigned char *)*p;
	unsigned char c = s[0];
	if (c < 0x80) { /* most of any text */
		(*p)++;
		return c;
	}
	/* Vietnamese letters are two or three bytes: decoded here when well formed (no overlong
	 * form, no surrogate); anything else goes to utf8proc, which validates every case. */
	if (c >= 0xC2 && c < 0xE0 && end - *p >= 2 && (s[1] & 0xC0) == 0x80) {
		*p += 2;
		return (int32_t)((c & 0x1F) << 6 | (s[1] & 0x3F));
	}
	if (c >= 0xE0 && c < 0xF0 && end - *p >= 3 && (s[1] & 0xC0) == 0x80 &&
	    (s[2] & 0xC0) == 0x80) {
		int32_t cp3 = (c & 0x0F) << 12 | (s[1] & 0x3F) << 6 | (s[2] & 0x3F);
		if (cp3 >= 0x800 && (cp3 < 0xD800 || cp3 > 0xDFFF)) {
			*p += 3;
			return cp3;
		}
	}
	utf8proc_int32_t cp;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)*p, end - *p, &cp);
	if (n <= 0) {
		(*p)++;
		return 0xFFFD;
	}
	*p += n;
	return cp;
}

size_t bn_utf8_encode(int32_t cp, char *out)
{
	if (cp >= 0x80 && cp < 0x800) { /* the common case, as in bn_utf8_next */
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0x800 && cp < 0x10000 && (cp < 0xD800 || cp > 0xDFFF)) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	utf8proc_ssize_t n = utf8proc_encode_char(cp, (utf8proc_uint8_t *)out);
	return n > 0 ? (size_t)n : 0;
}

int bn_utf8_valid(const char *s, size_t n, size_t *bad)
{
	const char *p = s, *end = s + n;
	while (p < end) {
		/* Eight ASCII bytes at a time: most of a page is markup. */
		uint64_t word;
		if ((size_t)(end - p) >= sizeof word) {
			memcpy(&word, p, sizeof word);
			if (!(word & 0x8080808080808080u)) {
				p += sizeof word;
				continue;
			}
		}
		if ((unsigned char)*p < 0x80) {
			p++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)p, end - p, &cp);
		if (k <= 0) {
			if (bad)
				*bad = (size_t)(p - s);
			return 0;
		}
		p += k;
	}
	return 1;
}

int bn_is_space(int32_t cp)
{
	if (cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xA0)
		return 1;
	if (cp < 0x1000)
		return 0;
	if (cp == 0x200B || cp == 0x2028 || cp == 0x2029 || cp == 0x3000)
		return 1;
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

int bn_is_ignorable(int32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return !(cp >= 0x09 && cp <= 0x0D) && cp != 0x85;
	return cp == 0xAD || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF ||
	       (cp >= 0x200E && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E);
}

/* 1 when cp is in NFC whatever surrounds it, as far as a cheap test can tell: Latin below the
 * combining marks (U+0300), the precomposed Vietnamese letters (U+1E00-U+1EFF), general
 * punctuation and currency signs. No canonical composition joins two such characters, and none
 * of them decomposes under NFC, so text made only of them is already NFC. */
static int stable_in_nfc(int32_t cp)
{
	return cp < 0x300 || (cp >= 0x1E00 && cp < 0x1F00) || (cp >= 0x2010 && cp < 0x2070) ||
	       (cp >= 0x20A0 && cp < 0x20C1);
}

char *bn_nfc(const char *s)
{
	const char *p = s, *end = s + strlen(s);
	while (p < end && stable_in_nfc(bn_utf8_next(&p, end)))
		;
	if (p == end && bn_utf8_valid(s, (size_t)(end - s), NULL))
		return bn_strndup(s, (size_t)(end - s));
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
	                                  UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n < 0)
		return NULL;
	return (char *)out;
}

char *bn_clean_text(const char *s, size_t n)
{
	/* Written straight into one buffer: this runs over every byte of every page. */
	size_t cap = n + 8, len = 0;
	char *out = malloc(cap);
	if (!out)
		return NULL;
	const char *p = s, *end = s + n;
	int pending_space = 0, stable = 1;
	while (p < end) {
		int32_t cp = (unsigned char)*p < 0x80 ? (unsigned char)*p++ : bn_utf8_next(&p, end);
		if (bn_is_space(cp)) {
			pending_space = len > 0;
			continue;
		}
		if (bn_is_ignorable(cp))
			continue;
		if (len + 5 >= cap) { /* invalid bytes grow into U+FFFD */
			char *bigger = realloc(out, cap *= 2);
			if (!bigger) {
				free(out);
				return NULL;
			}
			out = bigger;
		}
		if (pending_space)
			out[len++] = ' ';
		pending_space = 0;
		if (cp < 0x80) {
			out[len++] = (char)cp;
			continue;
		}
		stable &= stable_in_nfc(cp);
		len += bn_utf8_encode(cp, out + len);
	}
	out[len] = '\0';
	if (stable)
		return out;
	char *nfc = bn_nfc(out);
	free(out);
	return nfc;
}

char *bn_trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}
