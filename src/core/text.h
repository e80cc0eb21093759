/* text.h: UTF-8 decoding and validation, NFC, and whitespace cleaning of extracted text. */
#ifndef BN_TEXT_H
#define BN_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Decode the code point at *p (before end) and advance *p; invalid bytes give U+FFFD and
 * advance by one byte. */
int32_t bn_utf8_next(const char **p, const char *end);
/* Encode cp into out (4 bytes at most); returns the length. */
size_t bn_utf8_encode(int32_t cp, char *out);
/* 1 when s[0..n) is valid UTF-8; otherwise 0 and *bad (if not NULL) is the offending offset. */
int bn_utf8_valid(const char *s, size_t n, size_t *bad);

/* Unicode white space, including no-break and zero-width spaces. */
int bn_is_space(int32_t cp);
/* Characters to drop from text entirely: controls, soft hyphen, zero-width joiners, BOM. */
int bn_is_ignorable(int32_t cp);

/* The text s[0..n) as one clean line in NFC: invisible characters dropped, white-space runs
 * collapsed to one space, ends trimmed. Malloc'd; NULL when out of memory. */
char *bn_clean_text(const char *s, size_t n);
/* s in NFC (malloc'd), NULL when out of memory or s is not valid UTF-8. */
char *bn_nfc(const char *s);

#endif
