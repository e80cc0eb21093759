/* normalize.c: turns a written sentence into the words eSpeak NG should say: numbers, dates,
 * times, percentages, ranges, ordinals, Roman numerals after words that call for them,
 * acronyms from the lexicon or spelled letter by letter, and symbols. Everything else passes
 * through unchanged (in NFC); punctuation stays so that eSpeak NG pauses on it. */
#include "internal.h"
#include "text.h"
#include "vi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

struct bn_normalizer {
	bn_region region;
	bn_lexicon *lexicon;
	bn_lexicon *user; /* the user's own pronunciations, consulted first; may be NULL */
	int plain;        /* the voice is not Vietnamese: text passes as written */
};

bn_status bn_normalizer_new(const bn_voice *voice, const char *lexicon_path, bn_normalizer **out,
                            bn_error *err)
{
	*out = NULL;
	char path[4096];
	if (!lexicon_path) {
		snprintf(path, sizeof path, "%s/voices/acronyms.txt", bn_data_dir());
		lexicon_path = path;
	}
	bn_normalizer *n = calloc(1, sizeof *n);
	if (!n)
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	n->region = voice ? voice->region : BN_REGION_NORTH;
	/* Vietnamese reading rules are for a Vietnamese voice: an article in another language
	 * is spoken by eSpeak NG's voice for it, which reads its own numbers. */
	n->plain = voice && voice->espeak[0] && bn_ascii_ncasecmp(voice->espeak, "vi", 2) != 0;
	bn_status st = bn_lexicon_load(lexicon_path, &n->lexicon, err);
	if (st != BN_OK) {
		free(n);
		return st;
	}
	*out = n;
	return BN_OK;
}

void bn_normalizer_free(bn_normalizer *n)
{
	if (!n)
		return;
	bn_lexicon_free(n->lexicon);
	bn_lexicon_free(n->user);
	free(n);
}

bn_status bn_normalizer_add_lexicon(bn_normalizer *n, const char *path, bn_error *err)
{
	bn_lexicon *lex = NULL;
	bn_status st = bn_lexicon_load(path, &lex, err);
	if (st != BN_OK)
		return st;
	bn_lexicon_free(n->user);
	n->user = lex;
	return BN_OK;
}

/* A word's entry: the user's lexicon for any word, then baonoi's for acronyms (words with no
 * lower-case letter). */
static const char *lexicon_find(const bn_normalizer *n, const char *w, size_t len, int lowers)
{
	const char *spoken = bn_lexicon_find(n->user, w, len);
	return spoken || lowers ? spoken : bn_lexicon_find(n->lexicon, w, len);
}

/* ---- scanning helpers -------------------------------------------------------------------- */

typedef struct scan {
	const bn_normalizer *nz;
	const char *s; /* the sentence, NFC */
	size_t len;
	bn_buf *out;
} scan;

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static size_t digits_at(const scan *sc, size_t i)
{
	size_t k = 0;
	while (i + k < sc->len && is_digit(sc->s[i + k]))
		k++;
	return k;
}

static int32_t cp_at(const scan *sc, size_t i, size_t *next)
{
	const char *p = sc->s + i;
	int32_t cp = i < sc->len ? bn_utf8_next(&p, sc->s + sc->len) : 0;
	if (next)
		*next = (size_t)(p - sc->s);
	return cp;
}

static int is_letter(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	/* Latin-1 and Latin Extended letters, and the precomposed Vietnamese ones. */
	if ((cp >= 0xC0 && cp < 0x250 && cp != 0xD7 && cp != 0xF7) || (cp >= 0x1E00 && cp < 0x1F00))
		return 1;
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL ||
	       c == UTF8PROC_CATEGORY_LT || c == UTF8PROC_CATEGORY_LM ||
	       c == UTF8PROC_CATEGORY_LO || c == UTF8PROC_CATEGORY_MN;
}

/* 1 when the byte before i is part of a word (a letter or digit). */
static int word_before(const scan *sc, size_t i)
{
	if (i == 0)
		return 0;
	size_t j = i - 1;
	while (j > 0 && ((unsigned char)sc->s[j] & 0xC0) == 0x80)
		j--;
	int32_t cp = cp_at(sc, j, NULL);
	return is_letter(cp) || (cp >= '0' && cp <= '9');
}

/* 1 when the code point at i is a letter (so a number there is glued to a word). */
static int letter_at(const scan *sc, size_t i)
{
	return i < sc->len && is_letter(cp_at(sc, i, NULL));
}

/* The word (letters only) ending just before i, skipping spaces, casefolded into buf. */
static const char *prev_word(const scan *sc, size_t i, char *buf, size_t size)
{
	size_t end = i;
	while (end > 0 && sc->s[end - 1] == ' ')
		end--;
	size_t start = end;
	while (start > 0 && end - start < size) { /* a longer word is no context word */
		size_t j = start - 1;
		while (j > 0 && ((unsigned char)sc->s[j] & 0xC0) == 0x80)
			j--;
		if (!is_letter(cp_at(sc, j, NULL)))
			break;
		start = j;
	}
	buf[0] = '\0';
	if (start == end || end - start >= size)
		return buf;
	/* Lower case, letter by letter (the text is NFC, and Vietnamese letters' lower-case forms
	 * are single code points of at most three bytes, like their capitals). */
	size_t k = 0;
	for (const char *p = sc->s + start, *e = sc->s + end; p < e && k + 4 < size;)
		k += bn_utf8_encode(utf8proc_tolower(bn_utf8_next(&p, e)), buf + k);
	buf[k] = '\0';
	return buf;
}

static int in_list(const char *w, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(w, *list) == 0)
			return 1;
	return 0;
}

/* Append a word with a space before it when needed. */
/* Start a new word: a space unless at the start or after a space or an opening bracket. */
static void word_break(scan *sc)
{
	char last = bn_buf_last(sc->out);
	if (sc->out->len && last != ' ' && last != '(' && last != '[')
		bn_buf_putc(sc->out, ' ');
}

/* Append a word. */
static void say(scan *sc, const char *w)
{
	word_break(sc);
	bn_buf_puts(sc->out, w);
}

static void say_number(scan *sc, const char *digits, size_t n)
{
	word_break(sc);
	vi_say_cardinal(sc->out, digits, n, sc->nz->region);
}

static int value_of(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n && i < 9; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* Months are read "tháng một" ... except April, "tháng tư". */
static void say_month(scan *sc, const char *d, size_t n)
{
	int m = value_of(d, n);
	if (m == 4)
		say(sc, "tư");
	else
		say_number(sc, d, n);
}

/* ---- dates and times ---------------------------------------------------------------------- */

static const char *const date_context[] = {"ngày", "hôm", "sáng", "trưa", "chiều", "tối",
                                           "đêm",  "từ",  "đến",  "tới",  "mùng",  "mồng",
                                           "rạng", "qua", "và",   "nay",  NULL};

/* "ngày D tháng M", without a second "ngày" when the text has one before the date (pw). */
static void say_day_month(scan *sc, const char *pw, const char *d, size_t dn, const char *m,
                          size_t mn)
{
	/* "sáng 18/3" is read "sáng mười tám tháng ba": the time of day stands for "ngày". */
	static const char *const day_words[] = {"ngày", "mùng", "mồng", "sáng", "trưa", "chiều",
	                                        "tối",  "đêm",  "hôm",  "rạng", NULL};
	if (!in_list(pw, day_words))
		say(sc, "ngày");
	say_number(sc, d, dn);
	say(sc, "tháng");
	say_month(sc, m, mn);
}

/* A date at i: D/M/YYYY, D-M-YYYY, D.M.YYYY, D/M, M/YYYY. Returns bytes consumed or 0. */
static size_t try_date(scan *sc, size_t i)
{
	char pw[64];
	prev_word(sc, i, pw, sizeof pw);
	size_t a = digits_at(sc, i);
	if (a < 1 || a > 2 || i + a >= sc->len)
		return 0;
	char sep = sc->s[i + a];
	if (sep != '/' && sep != '-' && sep != '.')
		return 0;
	size_t j = i + a + 1;
	size_t b = digits_at(sc, j);
	int av = value_of(sc->s + i, a);
	/* M/YYYY */
	if (b == 4 && sep == '/' && av >= 1 && av <= 12 && !is_digit(sc->s[j + b]) &&
	    !letter_at(sc, j + b) && (j + b >= sc->len || sc->s[j + b] != '/')) {
		if (strcmp(pw, "tháng") != 0)
			say(sc, "tháng");
		say_month(sc, sc->s + i, a);
		say(sc, "năm");
		say_number(sc, sc->s + j, b);
		return j + b - i;
	}
	if (b < 1 || b > 2)
		return 0;
	int bv = value_of(sc->s + j, b);
	if (av < 1 || av > 31 || bv < 1 || bv > 12)
		return 0;
	size_t k = j + b, c = 0;
	if (k + 1 < sc->len && sc->s[k] == sep && (c = digits_at(sc, k + 1)) == 4) {
		size_t end = k + 1 + c;
		if (end < sc->len && (is_digit(sc->s[end]) || letter_at(sc, end)))
			return 0;
		say_day_month(sc, pw, sc->s + i, a, sc->s + j, b);
		say(sc, "năm");
		say_number(sc, sc->s + k + 1, c);
		return end - i;
	}
	/* D/M without a year: a date only with '/' and when the context says so. */
	if (sep != '/' ||
	    (k < sc->len && (is_digit(sc->s[k]) || letter_at(sc, k) || sc->s[k] == '/')))
		return 0;
	int looks_date = in_list(pw, date_context) || (a == 2 && sc->s[i] == '0') ||
	                 (b == 2 && sc->s[j] == '0');
	if (!looks_date)
		return 0;
	say_day_month(sc, pw, sc->s + i, a, sc->s + j, b);
	return k - i;
}

/* A time at i: HH:MM, HH:MM:SS, 16h20, 7h, 16g30. Returns bytes consumed or 0. */
static size_t try_time(scan *sc, size_t i)
{
	size_t a = digits_at(sc, i);
	if (a < 1 || a > 2 || i + a >= sc->len)
		return 0;
	int h = value_of(sc->s + i, a);
	if (h > 24)
		return 0;
	char sep = sc->s[i + a];
	size_t j = i + a + 1;
	size_t b = j <= sc->len ? digits_at(sc, j) : 0;
	if (sep == ':') {
		if (b != 2 || value_of(sc->s + j, 2) > 59)
			return 0;
		size_t end = j + 2, c = 0;
		int has_seconds = end + 2 < sc->len && sc->s[end] == ':' &&
		                  (c = digits_at(sc, end + 1)) == 2 &&
		                  value_of(sc->s + end + 1, 2) < 60;
		say_number(sc, sc->s + i, a);
		say(sc, "giờ");
		say_number(sc, sc->s + j, 2);
		say(sc, "phút");
		if (has_seconds) {
			say_number(sc, sc->s + end + 1, 2);
			say(sc, "giây");
			end += 3;
		}
		return end - i;
	}
	if (sep != 'h' && sep != 'g' && sep != 'H')
		return 0;
	if (b != 0 && (b != 2 || value_of(sc->s + j, 2) > 59))
		return 0;
	size_t end = j + b;
	/* "7h" must not be the start of a word ("7ha"); "16h20'" is fine. */
	if (letter_at(sc, end)) {
		char next[64];
		size_t k = end;
		size_t n = 0;
		while (k < sc->len && letter_at(sc, k) && n + 4 < sizeof next) {
			size_t nk;
			cp_at(sc, k, &nk);
			memcpy(next + n, sc->s + k, nk - k);
			n += nk - k;
			k = nk;
		}
		next[n] = '\0';
		if (strcmp(next, "p") != 0 && strcmp(next, "ph") != 0)
			return 0;
		end = k;
	}
	say_number(sc, sc->s + i, a);
	say(sc, "giờ");
	if (b) {
		say_number(sc, sc->s + j, 2);
		/* "phút" unless the text says it. */
		size_t k = end;
		while (k < sc->len && sc->s[k] == ' ')
			k++;
		size_t m = k;
		while (m < sc->len && letter_at(sc, m)) {
			size_t nm;
			cp_at(sc, m, &nm);
			m = nm;
		}
		if (!(m - k == strlen("phút") && memcmp(sc->s + k, "phút", m - k) == 0))
			say(sc, "phút");
	}
	return end - i;
}

/* ---- numbers ---------------------------------------------------------------------------- */

/* A number at i: digits with '.' thousands separators and a ',' decimal part, then '%', and
 * a range "-" to another number. Returns bytes consumed. */
static size_t read_number(scan *sc, size_t i, int allow_range)
{
	char digits[64];
	size_t nd = 0, k = i;
	size_t first = digits_at(sc, k);
	int grouped = 0;
	int too_long = 0;
	/* Integer part: a leading run, then ".ddd" groups when the run is 1-3 digits. */
	for (size_t t = 0; t < first; t++) {
		if (nd + 1 < sizeof digits)
			digits[nd++] = sc->s[k + t];
		else
			too_long = 1;
	}
	k += first;
	if (first <= 3) {
		while (k + 3 < sc->len && sc->s[k] == '.' && digits_at(sc, k + 1) == 3) {
			for (size_t t = 1; t <= 3; t++)
				if (nd + 1 < sizeof digits)
					digits[nd++] = sc->s[k + t];
			k += 4;
			grouped = 1;
		}
	}
	char pw[64];
	prev_word(sc, i, pw, sizeof pw);
	if (too_long || (first > VI_MAX_CARDINAL_DIGITS && !grouped)) {
		word_break(sc);
		vi_say_digits(sc->out, sc->s + i, first);
		return first;
	}
	int value = nd <= 9 ? value_of(digits, nd) : -1;
	if (!grouped && nd > 1 && digits[0] == '0') {
		/* A code or phone number: digit by digit. */
		word_break(sc);
		vi_say_digits(sc->out, digits, nd);
	} else if (strcmp(pw, "thứ") == 0 && (value == 1 || value == 4)) {
		say(sc, value == 1 ? "nhất" : "tư");
	} else if (strcmp(pw, "tháng") == 0 && value == 4 && !grouped) {
		say(sc, "tư");
	} else {
		say_number(sc, digits, nd);
	}
	/* Decimal part: ",d+" (or ".d+" that is not a thousands group). */
	if (k + 1 < sc->len && (sc->s[k] == ',' || (sc->s[k] == '.' && !grouped)) &&
	    is_digit(sc->s[k + 1])) {
		size_t f = digits_at(sc, k + 1);
		if (!(sc->s[k] == '.' && f == 3)) {
			say(sc, "phẩy");
			word_break(sc);
			vi_say_fraction_digits(sc->out, sc->s + k + 1, f, sc->nz->region);
			k += 1 + f;
		}
	}
	if (k < sc->len && sc->s[k] == '%') {
		say(sc, "phần trăm");
		k++;
	}
	/* A range: 5-7, 10-15%, 2019-2020. */
	if (allow_range && k + 1 < sc->len && (sc->s[k] == '-') && is_digit(sc->s[k + 1])) {
		say(sc, "đến");
		k++;
		k += read_number(sc, k, 0);
	} else if (allow_range && k + 4 <= sc->len && memcmp(sc->s + k, "–", 3) == 0 &&
	           is_digit(sc->s[k + 3])) {
		say(sc, "đến");
		k += 3;
		k += read_number(sc, k, 0);
	}
	return k - i;
}

/* A fraction 1/3 (when try_date did not take it as a date). */
static size_t try_fraction(scan *sc, size_t i)
{
	size_t a = digits_at(sc, i);
	if (a == 0 || a > 6 || i + a + 1 >= sc->len || sc->s[i + a] != '/')
		return 0;
	size_t b = digits_at(sc, i + a + 1);
	if (b == 0 || b > 6 || letter_at(sc, i + a + 1 + b))
		return 0;
	say_number(sc, sc->s + i, a);
	say(sc, "phần");
	if (b == 1 && sc->s[i + a + 1] == '4')
		say(sc, "tư"); /* "ba phần tư" */
	else
		say_number(sc, sc->s + i + a + 1, b);
	return a + 1 + b;
}

/* ---- words -------------------------------------------------------------------------------- */

static const char *const roman_context[] = {"thế", "kỷ",   "kỉ",     "khóa",  "khoá", "đại", "hội",
                                            "quý", "phần", "chương", "hạng",  "lần",  "thứ", "tập",
                                            "vua", "giáo", "hoàng",  "nhiệm", "kỳ",   NULL};

/* Spell the letters and read the digits of an acronym-like word ("U23", "F0", "CNTT"). */
static void spell_word(scan *sc, const char *w, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (is_digit(w[i])) {
			size_t d = 0;
			while (i + d < n && is_digit(w[i + d]))
				d++;
			say_number(sc, w + i, d);
			i += d;
			continue;
		}
		const char *p = w + i;
		int32_t cp = bn_utf8_next(&p, w + n);
		if (cp != '.' && cp != '-' && cp != '&')
			vi_say_letter(sc->out, cp);
		else if (cp == '&')
			say(sc, "và");
		i = (size_t)(p - w);
	}
}

/* A word at i (letters and digits, with inner dots or '&' between capitals: TP.HCM, TT&TT).
 * Returns bytes consumed. */
static size_t read_word(scan *sc, size_t i)
{
	size_t k = i, uppers = 0, lowers = 0, digits = 0;
	for (;;) {
		size_t next;
		int32_t cp = cp_at(sc, k, &next);
		if (k < sc->len && (is_letter(cp) || (cp >= '0' && cp <= '9'))) {
			uppers += utf8proc_isupper(cp) != 0;
			lowers += utf8proc_islower(cp) != 0;
			digits += cp >= '0' && cp <= '9';
			k = next;
			continue;
		}
		/* Join "TP.HCM", "GS.TS", "TT&TT", "KT-XH" when the lexicon knows the joined form. */
		if ((cp == '.' || cp == '&' || cp == '-') && uppers && !lowers && k + 1 < sc->len &&
		    utf8proc_isupper(cp_at(sc, k + 1, NULL))) {
			size_t e = k + 1;
			while (e < sc->len) {
				size_t ne;
				int32_t c2 = cp_at(sc, e, &ne);
				if (!(is_letter(c2) || (c2 >= '0' && c2 <= '9')))
					break;
				e = ne;
			}
			if (lexicon_find(sc->nz, sc->s + i, e - i, 0)) {
				k = e;
				continue;
			}
		}
		break;
	}
	const char *w = sc->s + i;
	size_t n = k - i;
	const char *spoken = lexicon_find(sc->nz, w, n, lowers != 0);
	if (spoken) {
		say(sc, spoken);
		return n;
	}
	char pw[64] = "";
	int roman = !lowers && !digits ? vi_roman_value(w, n) : 0;
	if (roman)
		prev_word(sc, i, pw, sizeof pw);
	if (roman && in_list(pw, roman_context) && (n > 1 || strcmp(pw, "thứ") != 0)) {
		char num[8];
		int len = snprintf(num, sizeof num, "%d", roman);
		if (strcmp(pw, "thứ") == 0 && roman == 1)
			say(sc, "nhất");
		else if (strcmp(pw, "thứ") == 0 && roman == 4)
			say(sc, "tư");
		else
			say_number(sc, num, (size_t)len);
		return n;
	}
	/* Capitals then digits with the capitals in the lexicon: "COVID19". */
	if (digits && !lowers) {
		size_t letters_end = 0;
		while (letters_end < n && !is_digit(w[letters_end]))
			letters_end++;
		const char *head = lexicon_find(sc->nz, w, letters_end, 0);
		if (head && digits_at(sc, i + letters_end) == n - letters_end) {
			say(sc, head);
			say_number(sc, w + letters_end, n - letters_end);
			return n;
		}
	}
	/* All capitals (two or more letters), or capitals with digits: spell it. */
	if ((uppers >= 2 && !lowers) || (uppers >= 1 && !lowers && digits)) {
		spell_word(sc, w, n);
		return n;
	}
	bn_buf_append(sc->out, w, n);
	return n;
}

/* Units and currencies read after a number, longest first where one is a prefix of another. */
static const struct unit {
	const char *written;
	const char *spoken;
} units[] = {
        {"km/h", "ki lô mét một giờ"},
        {"km²", "ki lô mét vuông"},
        {"km2", "ki lô mét vuông"},
        {"km", "ki lô mét"},
        {"kg", "ki lô gam"},
        {"kWh", "ki lô oát giờ"},
        {"kW", "ki lô oát"},
        {"MW", "mê ga oát"},
        {"GW", "gi ga oát"},
        {"MWh", "mê ga oát giờ"},
        {"m²", "mét vuông"},
        {"m2", "mét vuông"},
        {"m³", "mét khối"},
        {"m3", "mét khối"},
        {"mm", "mi li mét"},
        {"cm", "xăng ti mét"},
        {"ml", "mi li lít"},
        {"mg", "mi li gam"},
        {"m/s", "mét một giây"},
        {"m", "mét"},
        {"ha", "héc ta"},
        {"°C", "độ C"},
        {"°F", "độ F"},
        {"°", "độ"},
        {"GB", "gi ga bai"},
        {"MB", "mê ga bai"},
        {"TB", "tê ra bai"},
        {"GHz", "gi ga héc"},
        {"MHz", "mê ga héc"},
        {"Hz", "héc"},
        {"g", "gam"},
        {"l", "lít"},
        {"USD", "đô la Mỹ"},
        {"$", "đô la"},
        {"€", "ơ rô"},
        {"VNĐ", "đồng"},
        {"VND", "đồng"},
        {"đ", "đồng"},
        {"tr", "triệu"},
        {"h", "giờ"},
};

/* The unit written at i (right after a number, or after one space), ending where a word
 * would: its entry, with *len the bytes it takes. */
static const struct unit *unit_at(const scan *sc, size_t i, size_t *len)
{
	for (size_t u = 0; u < BN_ARRAY_LEN(units); u++) {
		size_t n = strlen(units[u].written);
		if (i + n > sc->len || memcmp(sc->s + i, units[u].written, n) != 0)
			continue;
		if (i + n < sc->len && (letter_at(sc, i + n) || is_digit(sc->s[i + n])))
			continue;
		*len = n;
		return &units[u];
	}
	return NULL;
}

/* A phone number at i: 0 and 9 to 11 digits in groups split by spaces or dots ("024 3000
 * 0000", "0912.345.678"); read digit by digit. Returns bytes consumed or 0. */
static size_t try_phone(scan *sc, size_t i)
{
	if (sc->s[i] != '0')
		return 0;
	size_t k = i, digits = 0, end = i;
	while (k < sc->len) {
		size_t d = digits_at(sc, k);
		if (d == 0 || d > 4 + (k == i ? 7 : 0) || digits + d > 11)
			break;
		digits += d;
		k += d;
		end = k;
		if (k + 1 < sc->len && (sc->s[k] == ' ' || sc->s[k] == '.') &&
		    is_digit(sc->s[k + 1]))
			k++;
		else
			break;
	}
	if (digits < 9 || digits > 11 || (end < sc->len && letter_at(sc, end)))
		return 0;
	word_break(sc);
	vi_say_digits(sc->out, sc->s + i, end - i);
	return end - i;
}

static int is_url_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) ||
	       strchr("._-/@:%?=&#~+", c);
}

/* A web address or an e-mail address at i ("vnexpress.net", "https://x.vn/a-b",
 * "toasoan@ictvietnam.vn"), read part by part: "chấm", "a còng", "gạch chéo". Returns bytes
 * consumed or 0. */
static size_t try_address(scan *sc, size_t i)
{
	static const char *const tlds[] = {"vn",  "com", "net", "org", "gov", "edu", "info", "io",
	                                   "int", "uk",  "us",  "fr",  "jp",  "cn",  NULL};
	/* Addresses are short; a longer run is not one (and is not rescanned at every letter). */
	size_t end = i;
	while (end < sc->len && end - i < 256 && is_url_char(sc->s[end]))
		end++;
	if (end - i == 256)
		return 0;
	while (end > i && strchr(".,:;?!-/", sc->s[end - 1])) /* sentence punctuation */
		end--;
	const char *t = sc->s + i;
	size_t n = end - i;
	int scheme = n > 7 && (strncmp(t, "http://", 7) == 0 || strncmp(t, "https://", 8) == 0);
	const char *at = memchr(t, '@', n);
	/* A host: the last dot-separated label before any '/' is a known top-level domain. */
	size_t host_end = n;
	const char *slash = scheme ? memchr(t + 8, '/', n - 8) : memchr(t, '/', n);
	if (slash)
		host_end = (size_t)(slash - t);
	const char *dot = NULL;
	for (size_t k = 0; k < host_end; k++)
		if (t[k] == '.')
			dot = t + k;
	int known_tld = 0;
	if (dot) {
		size_t tl = host_end - (size_t)(dot + 1 - t);
		for (size_t k = 0; tlds[k] && !known_tld; k++)
			known_tld = strlen(tlds[k]) == tl &&
			            bn_ascii_ncasecmp(dot + 1, tlds[k], tl) == 0;
	}
	if (!(scheme || (at && dot > at) || known_tld))
		return 0;
	size_t k = 0;
	if (scheme)
		k = t[4] == 's' ? 8 : 7;
	if (n - k > 4 && bn_ascii_ncasecmp(t + k, "www.", 4) == 0)
		k += 4;
	/* A listener needs the site, not the path after it. */
	size_t stop = at ? n : host_end;
	while (k < stop) {
		char c = t[k];
		if (is_digit(c)) {
			size_t d = 0;
			while (k + d < stop && is_digit(t[k + d]))
				d++;
			word_break(sc);
			vi_say_digits(sc->out, t + k, d);
			k += d;
			continue;
		}
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			size_t w = 0;
			while (k + w < stop && ((t[k + w] | 32) >= 'a' && (t[k + w] | 32) <= 'z'))
				w++;
			word_break(sc);
			bn_buf_append(sc->out, t + k, w);
			k += w;
			continue;
		}
		const char *name = c == '.'   ? "chấm"
		                   : c == '@' ? "a còng"
		                   : c == '/' ? "gạch chéo"
		                   : c == '-' ? "gạch ngang"
		                   : c == '_' ? "gạch dưới"
		                              : NULL;
		if (name)
			say(sc, name);
		k++;
	}
	return n;
}

char *bn_normalize(const bn_normalizer *nz, const char *text)
{
	char *clean = bn_clean_text(text, strlen(text));
	if (!clean || nz->plain)
		return clean;
	bn_buf out = BN_BUF_INIT;
	scan sc = {nz, clean, strlen(clean), &out};
	size_t i = 0;
	while (i < sc.len) {
		unsigned char c = (unsigned char)clean[i];
		/* A negative number: "-5", "−3,2". */
		int minus = (c == '-' && i + 1 < sc.len && is_digit(clean[i + 1])) ? 1
		            : (i + 3 < sc.len && memcmp(clean + i, "−", 3) == 0 &&
		               is_digit(clean[i + 3]))
		                    ? 3
		                    : 0;
		if (minus && !word_before(&sc, i)) {
			say(&sc, "âm");
			i += (size_t)minus;
			continue;
		}
		/* "$20": the currency follows the number when spoken. */
		if (c == '$' && i + 1 < sc.len && is_digit(clean[i + 1])) {
			i += 1 + read_number(&sc, i + 1, 1);
			say(&sc, "đô la");
			continue;
		}
		if (is_digit((char)c) && !word_before(&sc, i)) {
			size_t used = try_phone(&sc, i);
			if (!used)
				used = try_date(&sc, i);
			if (!used)
				used = try_time(&sc, i);
			if (!used)
				used = try_fraction(&sc, i);
			if (!used)
				used = read_number(&sc, i, 1);
			i += used;
			/* A unit or currency right after it, or after one space: "100km", "30 °C". */
			size_t ulen = 0, at = i < sc.len && clean[i] == ' ' ? i + 1 : i;
			const struct unit *u = unit_at(&sc, at, &ulen);
			if (u && (at == i || strcmp(u->written, "h") != 0)) {
				say(&sc, u->spoken);
				i = at + ulen;
			} else if (i < sc.len && letter_at(&sc, i)) {
				/* Capitals glued to a number are spelled: "5G", "3D". */
				size_t e = i, caps = 0;
				while (e < sc.len && letter_at(&sc, e) &&
				       utf8proc_isupper(cp_at(&sc, e, NULL))) {
					size_t ne;
					cp_at(&sc, e, &ne);
					e = ne;
					caps++;
				}
				if (caps && caps <= 3 && !letter_at(&sc, e)) {
					spell_word(&sc, clean + i, e - i);
					i = e;
				} else {
					bn_buf_putc(&out, ' ');
				}
			}
			continue;
		}
		size_t next;
		int32_t cp = cp_at(&sc, i, &next);
		if (is_letter(cp) && !word_before(&sc, i) && (c < 0x80)) {
			size_t used = try_address(&sc, i);
			if (used) {
				i += used;
				continue;
			}
		}
		if (is_letter(cp) || is_digit((char)c)) {
			i += read_word(&sc, i);
			continue;
		}
		/* A slash between words: "học sinh/lớp" is "trên". */
		if (c == '/' && word_before(&sc, i) && letter_at(&sc, i + 1)) {
			say(&sc, "trên");
			bn_buf_putc(&out, ' ');
			i++;
			continue;
		}
		/* A hyphen between a word and a number: "COVID-19", "U-23". */
		if (c == '-' && word_before(&sc, i) && i + 1 < sc.len && is_digit(clean[i + 1])) {
			bn_buf_putc(&out, ' ');
			i++;
			continue;
		}
		switch (cp) {
		case '&': say(&sc, "và"); break;
		case '+': say(&sc, "cộng"); break;
		case '%': say(&sc, "phần trăm"); break;
		case '@': say(&sc, "a còng"); break;
		case '=': say(&sc, "bằng"); break;
		case 0x2013:
		case 0x2014: /* dashes: a pause */
			if (bn_buf_last(&out) == ' ')
				bn_buf_truncate(&out, out.len - 1);
			bn_buf_puts(&out, ",");
			break;
		case '"':
		case 0x201C:
		case 0x201D:
		case '*':
		case '#':
		case '_':
		case '~':
		case '^':
		case '|':
		case '<':
		case '>': break; /* quotes and decoration are not read */
		default:
			bn_buf_append(&out, clean + i, next - i);
			i = next;
			continue;
		}
		if (cp == '&' || cp == '+' || cp == '%' || cp == '@' || cp == '=')
			bn_buf_putc(&out, ' ');
		i = next;
	}
	free(clean);
	/* Collapse the spaces the rules above may have doubled, and trim; the text stays NFC
	 * (NFC pieces joined at spaces). */
	char *spoken = bn_buf_take(&out);
	if (!spoken)
		return NULL;
	size_t k = 0;
	for (size_t j = 0; spoken[j]; j++)
		if (spoken[j] != ' ' || (k > 0 && spoken[k - 1] != ' '))
			spoken[k++] = spoken[j];
	while (k > 0 && spoken[k - 1] == ' ')
		k--;
	spoken[k] = '\0';
	return spoken;
}

char *bn_normalize_sentence(const bn_normalizer *nz, const bn_sentence *sentence)
{
	const char *text = sentence->text;
	if (sentence->type != BN_BLOCK_CAPTION || sentence->index != 0 || nz->plain ||
	    strncmp(text, "Ảnh", strlen("Ảnh")) == 0)
		return bn_normalize(nz, text);
	size_t n = strlen(text);
	char *announced = malloc(n + sizeof "Ảnh: ");
	if (!announced)
		return NULL;
	memcpy(announced, "Ảnh: ", sizeof "Ảnh: " - 1);
	memcpy(announced + sizeof "Ảnh: " - 1, text, n + 1);
	char *spoken = bn_normalize(nz, announced);
	free(announced);
	return spoken;
}
