/* vi.h: Vietnamese number reading, character names and the acronym lexicon, used by the
 * normalizer, the spelling of the reader and the Speech Dispatcher module. */
#ifndef BN_VI_H
#define BN_VI_H

#include "baonoi.h"
#include "buf.h"

#include <stddef.h>

/* Longest digit string read as a number; longer ones are read digit by digit. */
#define VI_MAX_CARDINAL_DIGITS 15

/* The name of digit d (0-9): "không", "một", ... */
const char *vi_digit_name(int d);
/* Append the digits of s[0..n) one by one ("không chín một ..."). */
void vi_say_digits(bn_buf *b, const char *s, size_t n);
/* Append the cardinal reading of the digit string s[0..n) ("hai nghìn không trăm hai mươi mốt");
 * strings longer than VI_MAX_CARDINAL_DIGITS are read digit by digit. */
void vi_say_cardinal(bn_buf *b, const char *s, size_t n, bn_region region);
/* Append the reading of a decimal fraction's digits after "phẩy": leading zeros one by one,
 * the rest as a number ("05" -> "không năm", "92" -> "chín mươi hai"). */
void vi_say_fraction_digits(bn_buf *b, const char *s, size_t n, bn_region region);
/* Append the Vietnamese name of a Latin letter (A -> "a", L -> "lờ" ...). */
void vi_say_letter(bn_buf *b, int32_t cp);
/* The Vietnamese name of a symbol or punctuation mark ('%' -> "phần trăm"), or NULL. */
const char *vi_symbol_name(int32_t cp);
/* Append the name of one character: a digit, a symbol, "cách" for a space, or a letter's
 * name (vi_say_letter, lower case), after a space when b does not end in one. */
void vi_say_char(bn_buf *b, int32_t cp);
/* The value of a Roman numeral s[0..n) in 1..3999, or 0 when s is not one. */
int vi_roman_value(const char *s, size_t n);

/* An acronym lexicon: acronym -> spoken form, case-sensitive. */
typedef struct bn_lexicon bn_lexicon;
bn_status bn_lexicon_load(const char *path, bn_lexicon **out, bn_error *err);
/* The spoken form of s[0..n), or NULL. */
const char *bn_lexicon_find(const bn_lexicon *lex, const char *s, size_t n);
void bn_lexicon_free(bn_lexicon *lex);

#endif
