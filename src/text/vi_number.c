/* vi_number.c: how Vietnamese reads numbers aloud: digits, cardinals of any size with the
 * standard rules (mười/mươi, mốt, tư, lăm, linh/lẻ, không trăm), decimal fractions, letter
 * names and Roman numerals. */
#include "vi.h"

#include "text.h"

#include <string.h>

static const char *const digit_names[] = {"không", "một", "hai", "ba",  "bốn",
                                          "năm",   "sáu", "bảy", "tám", "chín"};

const char *vi_digit_name(int d)
{
	return d >= 0 && d <= 9 ? digit_names[d] : "";
}

/* Append a word, with a space before it unless the buffer is empty or ends in a space or an
 * opening bracket. */
static void word(bn_buf *b, const char *w)
{
	char last = bn_buf_last(b);
	if (b->len && last != ' ' && last != '(' && last != '[')
		bn_buf_putc(b, ' ');
	bn_buf_puts(b, w);
}

void vi_say_digits(bn_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] >= '0' && s[i] <= '9')
			word(b, digit_names[s[i] - '0']);
}

/* Read a group of three digits h t u. full: the group follows a higher group (so "không trăm"
 * and "linh" are needed even without hundreds). */
static void say_group(bn_buf *b, int h, int t, int u, int full, bn_region region)
{
	if (h || full) {
		word(b, digit_names[h]);
		word(b, "trăm");
	}
	if (t == 0) {
		if (u && (h || full))
			word(b, region == BN_REGION_SOUTH ? "lẻ" : "linh");
	} else if (t == 1) {
		word(b, "mười");
	} else {
		word(b, digit_names[t]);
		word(b, "mươi");
	}
	if (u == 0)
		return;
	if (u == 1 && t >= 2)
		word(b, "mốt");
	else if (u == 4 && t >= 2)
		word(b, "tư");
	else if (u == 5 && t >= 1)
		word(b, "lăm");
	else
		word(b, digit_names[u]);
}

void vi_say_cardinal(bn_buf *b, const char *s, size_t n, bn_region region)
{
	while (n > 1 && *s == '0') {
		s++;
		n--;
	}
	if (n == 0)
		return;
	if (n > VI_MAX_CARDINAL_DIGITS) {
		vi_say_digits(b, s, n);
		return;
	}
	if (n == 1 && *s == '0') {
		word(b, "không");
		return;
	}
	/* Group names by position (groups of three from the right). */
	const char *thousand = region == BN_REGION_SOUTH ? "ngàn" : "nghìn";
	const char *scales[5] = {"", thousand, "triệu", "tỷ", NULL};
	size_t groups = (n + 2) / 3;
	size_t first = n - (groups - 1) * 3; /* digits in the leading group */
	int said = 0;
	for (size_t g = 0; g < groups; g++) {
		size_t start = g == 0 ? 0 : first + (g - 1) * 3;
		size_t len = g == 0 ? first : 3;
		int d[3] = {0, 0, 0};
		for (size_t i = 0; i < len; i++)
			d[3 - len + i] = s[start + i] - '0';
		size_t pos = groups - 1 - g; /* 0: units, 1: thousands, ... */
		if (d[0] || d[1] || d[2]) {
			say_group(b, d[0], d[1], d[2], said, region);
			said = 1;
			if (pos % 3 == 1)
				word(b, scales[1]);
			else if (pos % 3 == 2)
				word(b, scales[2]);
		}
		/* Every third group is a multiple of a billion: "tỷ" even after empty groups. */
		if (pos && pos % 3 == 0 && said)
			word(b, scales[3]);
	}
}

void vi_say_fraction_digits(bn_buf *b, const char *s, size_t n, bn_region region)
{
	while (n > 0 && *s == '0') {
		word(b, "không");
		s++;
		n--;
	}
	if (n > 3)
		vi_say_digits(b, s, n);
	else if (n)
		vi_say_cardinal(b, s, n, region);
}

/* Vietnamese names of the Latin letters, as a newsreader spells an acronym. */
static const char *const letter_names[26] = {"a",   "bê",     "xê",     "dê",    "e",  "ép", "giê",
                                             "hát", "i",      "gi",     "ca",    "lờ", "mờ", "nờ",
                                             "o",   "pê",     "quy",    "rờ",    "ét", "tê", "u",
                                             "vê",  "vê kép", "ích xì", "i dài", "dét"};

void vi_say_letter(bn_buf *b, int32_t cp)
{
	if (cp >= 'a' && cp <= 'z')
		cp -= 32;
	if (cp >= 'A' && cp <= 'Z') {
		word(b, letter_names[cp - 'A']);
		return;
	}
	if (cp == 0x110 || cp == 0x111) { /* Đ đ */
		word(b, "đê");
		return;
	}
	char enc[8];
	enc[bn_utf8_encode(cp, enc)] = '\0';
	word(b, enc);
}

int vi_roman_value(const char *s, size_t n)
{
	if (n == 0 || n > 15)
		return 0;
	int total = 0, prev = 0;
	for (size_t i = n; i-- > 0;) {
		int v;
		switch (s[i]) {
		case 'I': v = 1; break;
		case 'V': v = 5; break;
		case 'X': v = 10; break;
		case 'L': v = 50; break;
		case 'C': v = 100; break;
		case 'D': v = 500; break;
		case 'M': v = 1000; break;
		default: return 0;
		}
		total += v < prev ? -v : v;
		if (v > prev)
			prev = v;
	}
	if (total <= 0 || total > 3999)
		return 0;
	/* Only canonical numerals: write the value back and compare. */
	static const int vals[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
	static const char *const syms[] = {"M",  "CM", "D",  "CD", "C",  "XC", "L",
	                                   "XL", "X",  "IX", "V",  "IV", "I"};
	char canon[32];
	size_t k = 0;
	int v = total;
	for (size_t i = 0; i < 13; i++)
		while (v >= vals[i] && k + 2 < sizeof canon) {
			for (const char *p = syms[i]; *p; p++)
				canon[k++] = *p;
			v -= vals[i];
		}
	return k == n && memcmp(canon, s, n) == 0 ? total : 0;
}
