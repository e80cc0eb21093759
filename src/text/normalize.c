/* normalize.c: turns a written sentence into the words eSpeak NG should say: numbers, dates,
 * times, percentages, ranges, ordinals, Roman numerals after words that call for them,
 * acronyms from the lexicon or spelled letter by letter, and symbols. Everything else passes
 * through unchanged (in NFC); punctuation stays so that eSpeak NG pauses on it. */
#include "cues.h"
#include "internal.h"
#include "text.h"
#include "vi.h"

#include <stdint.h>
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
	size_t num_end; /* where the last number read (with its unit) ends, or 0 */
	int score;      /* that number follows a word of a score ("thắng 3-1") */
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

static const char *const date_context[] = {"ngày", "hôm",  "sáng",  "trưa", "chiều", "tối",
                                           "đêm",  "từ",   "đến",   "tới",  "mùng",  "mồng",
                                           "rạng", "qua",  "và",    "nay",  "lễ",    "dịp",
                                           "tết",  "niệm", "đường", "phố",  NULL};
/* Words before an address's number: "hẻm 12/3" is not a date but "mười hai trên ba". */
static const char *const address_words[] = {"số", "hẻm", "ngõ", "ngách", "kiệt", "nhà", NULL};
/* Words before N/YYYY that make N a period of the year, not a month: "quý 2/2024". */
static const char *const period_context[] = {"quý", "tuần", "kỳ", "kì", "đợt", "số", "phiên", NULL};
/* Words before a score: "thắng 3-1", "tỷ số 2-0". */
static const char *const score_context[] = {"thắng", "thua", "hòa",  "hoà", "số",
                                            "bại",   "biệt", "cuộc", NULL};

/* "ngày D tháng M" (or "ngày D" when m is NULL), without a second "ngày" when the text has
 * one before the date (pw). */
static void say_day_month(scan *sc, const char *pw, const char *d, size_t dn, const char *m,
                          size_t mn)
{
	/* "sáng 18/3" is read "sáng mười tám tháng ba": the time of day stands for "ngày". */
	static const char *const day_words[] = {"ngày",  "mùng", "mồng", "sáng", "trưa",
	                                        "chiều", "tối",  "đêm",  "hôm",  "rạng",
	                                        "đường", "phố",  "lễ",   "tết",  NULL};
	if (!in_list(pw, day_words))
		say(sc, "ngày");
	say_number(sc, d, dn);
	if (!m)
		return;
	say(sc, "tháng");
	say_month(sc, m, mn);
}

/* A range of days at i: "25-26/5", "3-5/9/2024" read "ngày 25 đến 26 tháng 5". Returns
 * bytes consumed or 0. */
static size_t try_day_range(scan *sc, size_t i, const char *pw)
{
	size_t a = digits_at(sc, i), j = i + a + 1, b = digits_at(sc, j);
	size_t k = j + b, m = k + 1 < sc->len && sc->s[k] == '/' ? digits_at(sc, k + 1) : 0;
	if (m < 1 || m > 2)
		return 0;
	int d1 = value_of(sc->s + i, a), d2 = value_of(sc->s + j, b),
	    mv = value_of(sc->s + k + 1, m);
	size_t end = k + 1 + m, y = 0;
	if (end + 1 < sc->len && sc->s[end] == '/')
		y = digits_at(sc, end + 1);
	if (d1 < 1 || d2 > 31 || d1 >= d2 || mv < 1 || mv > 12 || (y && y != 4))
		return 0;
	size_t stop = y ? end + 1 + y : end;
	if (stop < sc->len && (is_digit(sc->s[stop]) || letter_at(sc, stop) || sc->s[stop] == '/'))
		return 0;
	say_day_month(sc, pw, sc->s + i, a, NULL, 0);
	say(sc, "đến");
	say_number(sc, sc->s + j, b);
	say(sc, "tháng");
	say_month(sc, sc->s + k + 1, m);
	if (y) {
		say(sc, "năm");
		say_number(sc, sc->s + end + 1, y);
	}
	return stop - i;
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
	if (sep == '-' && b >= 1 && b <= 2) {
		size_t used = try_day_range(sc, i, pw);
		if (used)
			return used;
	}
	/* M/YYYY, or a quarter, week or issue of a year: "quý 2/2024" */
	if (b == 4 && sep == '/' && av >= 1 && !is_digit(sc->s[j + b]) && !letter_at(sc, j + b) &&
	    (j + b >= sc->len || sc->s[j + b] != '/')) {
		if (in_list(pw, period_context) && av <= 53) {
			say_number(sc, sc->s + i, a);
		} else if (av <= 12) {
			if (strcmp(pw, "tháng") != 0)
				say(sc, "tháng");
			say_month(sc, sc->s + i, a);
		} else {
			return 0;
		}
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
	if (sep != '/' || in_list(pw, address_words) ||
	    (k < sc->len && (is_digit(sc->s[k]) || letter_at(sc, k) || sc->s[k] == '/')))
		return 0;
	/* A day after its month ("30/4", "đường 3/2") is a date: such fractions are rare. */
	int looks_date = in_list(pw, date_context) || (a == 2 && sc->s[i] == '0') ||
	                 (b == 2 && sc->s[j] == '0') || (av > bv && !in_list(pw, score_context));
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
		/* "1:50.000" is a scale, not a time. */
		if (j + 3 < sc->len && sc->s[j + 2] == '.' && digits_at(sc, j + 3) == 3)
			return 0;
		size_t end = j + 2, c = 0;
		int has_seconds = end + 2 < sc->len && sc->s[end] == ':' &&
		                  (c = digits_at(sc, end + 1)) == 2 &&
		                  value_of(sc->s + end + 1, 2) < 60;
		say_number(sc, sc->s + i, a);
		say(sc, "giờ");
		/* "8:00" is "tám giờ": no "không phút". */
		int whole = memcmp(sc->s + j, "00", 2) == 0 &&
		            (!has_seconds || memcmp(sc->s + end + 1, "00", 2) == 0);
		if (!whole) {
			say_number(sc, sc->s + j, 2);
			say(sc, "phút");
		}
		if (has_seconds) {
			if (!whole) {
				say_number(sc, sc->s + end + 1, 2);
				say(sc, "giây");
			}
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
	if (b && memcmp(sc->s + j, "00", 2) != 0) {
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

/* 1 when the word before i is in Latin letters with a capital ("Boeing", "Airbus"): with
 * the digits' shape (read_number), a number after it with a dash is a model ("787-9"). */
static int after_latin_name(const scan *sc, size_t i)
{
	size_t end = i;
	while (end > 0 && sc->s[end - 1] == ' ')
		end--;
	size_t start = end;
	while (start > 0 && ((sc->s[start - 1] | 32) >= 'a' && (sc->s[start - 1] | 32) <= 'z'))
		start--;
	if (end - start < 2 || !(sc->s[start] >= 'A' && sc->s[start] <= 'Z'))
		return 0;
	return start == 0 || sc->s[start - 1] == ' ' || sc->s[start - 1] == '(';
}

/* A number at i: digits with '.' thousands separators and a ',' decimal part, then '%', and
 * a range "-" to another number. Returns bytes consumed. */
static size_t read_number(scan *sc, size_t i, int allow_range)
{
	char digits[64];
	size_t nd = 0, k = i;
	size_t first = digits_at(sc, k);
	int grouped = 0;
	int too_long = 0;
	/* Integer part: a leading run, then groups of three when the run is 1-3 digits. */
	for (size_t t = 0; t < first; t++) {
		if (nd + 1 < sizeof digits)
			digits[nd++] = sc->s[k + t];
		else
			too_long = 1;
	}
	k += first;
	if (first <= 3) {
		/* Groups of three digits set apart by dots ("1.000.000") or by spaces ("10 000
		 * người", "2 500 000 đồng"), one kind throughout. A group after a space must not
		 * run into a word, nor the first one into a date or a time. */
		char sep = 0;
		while (k + 3 < sc->len && (sc->s[k] == '.' || sc->s[k] == ' ') &&
		       (!sep || sc->s[k] == sep) && digits_at(sc, k + 1) == 3) {
			if (sc->s[k] == ' ' && (letter_at(sc, k + 4) ||
			                        (!sep && k + 4 < sc->len &&
			                         (sc->s[k + 4] == '/' || sc->s[k + 4] == ':'))))
				break;
			for (size_t t = 1; t <= 3; t++)
				if (nd + 1 < sizeof digits)
					digits[nd++] = sc->s[k + t];
			sep = sc->s[k];
			k += 4;
		}
		grouped = sep != 0;
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
	/* A range: 5-7, 10-15%, 2019-2020; a score after "thắng" ("3-1" read "ba - một"); a
	 * model after a Latin name ("Boeing 787-9"). */
	if (allow_range && k + 1 < sc->len && (sc->s[k] == '-') && is_digit(sc->s[k + 1])) {
		size_t second = digits_at(sc, k + 1);
		int model = first >= 3 && second < first && after_latin_name(sc, i);
		say(sc, model ? "gạch" : in_list(pw, score_context) ? "-" : "đến");
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
	/* An address "123/45 Lê Lợi", "hẻm 12/3": "trên". */
	char pw[64];
	prev_word(sc, i, pw, sizeof pw);
	size_t after = i + a + 1 + b;
	while (after < sc->len && sc->s[after] == ' ')
		after++;
	int32_t next = cp_at(sc, after, NULL);
	if (in_list(pw, address_words) ||
	    (after > i + a + 1 + b && is_letter(next) && utf8proc_isupper(next))) {
		say_number(sc, sc->s + i, a);
		say(sc, "trên");
		say_number(sc, sc->s + i + a + 1, b);
		return a + 1 + b;
	}
	say_number(sc, sc->s + i, a);
	say(sc, "phần");
	if (b == 1 && sc->s[i + a + 1] == '4')
		say(sc, "tư"); /* "ba phần tư" */
	else
		say_number(sc, sc->s + i + a + 1, b);
	return a + 1 + b;
}

/* ---- words -------------------------------------------------------------------------------- */

static const char *const roman_context[] = {
        "thế",  "kỷ",  "kỉ",   "khóa",  "khoá", "hội", "quý",  "phần", "chương", "hạng", "lần",
        "thứ",  "tập", "vua",  "nhiệm", "kỳ",   "kì",  "mục",  "lục",  "điều",   "cấp",  "bậc",
        "quân", "khu", "vùng", "tiết",  "lớp",  "mức", "nhóm", "loại", "đoạn",   NULL};

/* Spell the letters and read the digits of an acronym-like word ("U23", "F0", "CNTT"). */
static void spell_word(scan *sc, const char *w, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (is_digit(w[i])) {
			size_t d = 0;
			while (i + d < n && is_digit(w[i + d]))
				d++;
			if (d > 1 && w[i] == '0') { /* "C03": a code's digits one by one */
				word_break(sc);
				vi_say_digits(sc->out, w + i, d);
			} else {
				say_number(sc, w + i, d);
			}
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

/* A word of small letters and digits no rule knows ("v2", "iPhone15", "e10"): its letters as
 * written, each run of digits as a number (digit by digit when it starts with 0 or is longer
 * than a number is read), so that no digit is left for eSpeak NG to read its own way. */
static void say_mixed_word(scan *sc, const char *w, size_t n)
{
	for (size_t t = 0; t < n;) {
		size_t run = t;
		int digit = is_digit(w[t]);
		while (run < n && is_digit(w[run]) == digit)
			run++;
		word_break(sc);
		if (!digit)
			bn_buf_append(sc->out, w + t, run - t);
		else if (w[t] == '0' || run - t > 12)
			vi_say_digits(sc->out, w + t, run - t);
		else
			vi_say_cardinal(sc->out, w + t, run - t, sc->nz->region);
		t = run;
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
		/* Join "TP.HCM", "GS.TS", "TT&TT", "LĐ-TB&XH" when the lexicon knows the joined
		 * form: the longest such form, over any number of joiners. */
		if ((cp == '.' || cp == '&' || cp == '-') && uppers && !lowers && k + 1 < sc->len &&
		    utf8proc_isupper(cp_at(sc, k + 1, NULL))) {
			size_t ends[8], nends = 0, e = k;
			while (e < sc->len && nends < BN_ARRAY_LEN(ends)) {
				int32_t j = cp_at(sc, e, NULL);
				if (!((j == '.' || j == '&' || j == '-') && e + 1 < sc->len &&
				      utf8proc_isupper(cp_at(sc, e + 1, NULL))))
					break;
				e++;
				while (e < sc->len) {
					size_t ne;
					int32_t c2 = cp_at(sc, e, &ne);
					if (!(is_letter(c2) || (c2 >= '0' && c2 <= '9')))
						break;
					e = ne;
				}
				ends[nends++] = e;
			}
			size_t joined = 0;
			while (nends && !joined) {
				nends--;
				if (lexicon_find(sc->nz, sc->s + i, ends[nends] - i, 0))
					joined = ends[nends];
			}
			if (joined) {
				k = joined;
				continue;
			}
		}
		break;
	}
	const char *w = sc->s + i;
	size_t n = k - i;
	/* A Roman numeral after a word that calls for one wins over an acronym ("thế kỉ XX"),
	 * in capitals or in small letters ("phần ix"). */
	char pw[64] = "";
	int roman = 0;
	if (!digits && n <= 15 && (!lowers || (!uppers && n > 1)) &&
	    strspn(w, "IVXLCDMivxlcdm") >= n) {
		char upper[16];
		for (size_t t = 0; t < n; t++)
			upper[t] = (char)(w[t] >= 'a' && w[t] <= 'z' ? w[t] - 32 : w[t]);
		/* One letter is a numeral only as I, V or X: "Hoàng D", "Lê Thị C" are names. */
		roman = n == 1 && !strchr("IVX", upper[0]) ? 0 : vi_roman_value(upper, n);
		if (roman)
			prev_word(sc, i, pw, sizeof pw);
		if (roman && !in_list(pw, roman_context))
			roman = 0;
	}
	if (roman) {
		char num[8];
		int len = snprintf(num, sizeof num, "%d", roman);
		if (strcmp(pw, "thứ") == 0 && roman == 1)
			say(sc, "nhất");
		else if (strcmp(pw, "thứ") == 0 && roman == 4)
			say(sc, "tư");
		else
			say_number(sc, num, (size_t)len);
		/* "Quý III/2024": the quarter of a year. */
		size_t y = k + 1 < sc->len && sc->s[k] == '/' ? digits_at(sc, k + 1) : 0;
		if (y == 4 && !letter_at(sc, k + 1 + y)) {
			say(sc, "năm");
			say_number(sc, sc->s + k + 1, y);
			return n + 1 + y;
		}
		return n;
	}
	/* A capital alone before a dot is an initial ("anh H. cho biết"): places ("Q.1") were
	 * taken before (try_dotted). */
	int initial = uppers == 1 && n <= 2 && !digits && k < sc->len && sc->s[k] == '.';
	const char *spoken = initial ? NULL : lexicon_find(sc->nz, w, n, lowers != 0);
	if (spoken) {
		say(sc, spoken);
		return n;
	}
	/* Capitals then digits with the capitals in the lexicon: "COVID19". */
	if (digits && !lowers) {
		size_t letters_end = 0;
		while (letters_end < n && !is_digit(w[letters_end]))
			letters_end++;
		/* A flight or a code: two letters and three or four digits, "VN123", "VJ1234":
		 * letter by letter and digit by digit. */
		if (letters_end == 2 && uppers == 2 &&
		    (n - letters_end == 3 || n - letters_end == 4) &&
		    digits_at(sc, i + letters_end) == n - letters_end) {
			vi_say_letter(sc->out, (unsigned char)w[0]);
			vi_say_letter(sc->out, (unsigned char)w[1]);
			word_break(sc);
			vi_say_digits(sc->out, w + 2, n - 2);
			return n;
		}
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
	if (digits) {
		say_mixed_word(sc, w, n);
		return n;
	}
	bn_buf_append(sc->out, w, n);
	return n;
}

/* A written form, how it is read, and flags on where it may be read: the units, currencies
 * and dotted abbreviations below. */
struct unit {
	const char *written;
	const char *spoken;
	int flags;
};

/* Units and currencies read after a number. An entry matches only where a word would end,
 * so its place in the list does not matter. GLUED: only right after the digits ("30k",
 * "1p", "7h"); MORE: the digits that may follow are part of the amount ("1tr2", "2t3"). */
enum { GLUED = 1, MORE = 2 };
static const struct unit units[] = {
        {"km/h", "ki lô mét một giờ", 0},
        {"km²", "ki lô mét vuông", 0},
        {"km2", "ki lô mét vuông", 0},
        {"km", "ki lô mét", 0},
        {"kg", "ki lô gam", 0},
        {"kWh", "ki lô oát giờ", 0},
        {"kW", "ki lô oát", 0},
        {"MW", "mê ga oát", 0},
        {"GW", "gi ga oát", 0},
        {"MWh", "mê ga oát giờ", 0},
        {"m²", "mét vuông", 0},
        {"m2", "mét vuông", 0},
        {"m³", "mét khối", 0},
        {"m3", "mét khối", 0},
        {"cm²", "xăng ti mét vuông", 0},
        {"cm2", "xăng ti mét vuông", 0},
        {"cm³", "xăng ti mét khối", 0},
        {"cm3", "xăng ti mét khối", 0},
        {"mm²", "mi li mét vuông", 0},
        {"dm³", "đề xi mét khối", 0},
        {"mm", "mi li mét", 0},
        {"cm", "xăng ti mét", 0},
        {"ml", "mi li lít", 0},
        {"mg", "mi li gam", 0},
        {"m/s", "mét một giây", 0},
        {"m", "mét", 0},
        {"ha", "héc ta", 0},
        {"°C", "độ C", 0},
        {"°c", "độ C", 0},
        {"°F", "độ F", 0},
        {"°", "độ", 0},
        {"atm", "át mốt phe", 0},
        {"mAh", "mi li am pe giờ", 0},
        {"GB", "gi ga bai", 0},
        {"MB", "mê ga bai", 0},
        {"TB", "tê ra bai", 0},
        {"KB", "ki lô bai", 0},
        {"gb", "gi ga bai", 0},
        {"mb", "mê ga bai", 0},
        {"tb", "tê ra bai", 0},
        {"kb", "ki lô bai", 0},
        {"Gb", "gi ga bít", 0},
        {"Mb", "mê ga bít", 0},
        {"Kb", "ki lô bít", 0},
        {"Gbps", "gi ga bít trên giây", 0},
        {"Mbps", "mê ga bít trên giây", 0},
        {"GHz", "gi ga héc", 0},
        {"MHz", "mê ga héc", 0},
        {"Hz", "héc", 0},
        {"g", "gam", 0},
        {"l", "lít", 0},
        {"USD", "đô la Mỹ", 0},
        {"usd", "đô la Mỹ", 0},
        {"$", "đô la", 0},
        {"€", "ơ rô", 0},
        {"EUR", "ơ rô", 0},
        {"£", "bảng Anh", 0},
        {"GBP", "bảng Anh", 0},
        {"¥", "yên", 0},
        {"JPY", "yên", 0},
        {"CNY", "nhân dân tệ", 0},
        {"NDT", "nhân dân tệ", 0},
        {"₹", "ru pi", 0},
        {"₫", "đồng", 0},
        {"VNĐ", "đồng", 0},
        {"VND", "đồng", 0},
        {"vnđ", "đồng", 0},
        {"đ", "đồng", 0},
        {"tr.đ", "triệu đồng", 0},
        {"trđ", "triệu đồng", 0},
        {"tr", "triệu", MORE},
        {"t", "tỷ", GLUED | MORE},
        {"k", "nghìn", GLUED | MORE},
        {"p", "phút", GLUED},
        {"h", "giờ", GLUED},
};

/* Currencies written before their number: "$20", "€15", "US$5". */
static const struct unit currencies_before[] = {
        {"US$", "đô la Mỹ", 0}, {"$", "đô la", 0}, {"€", "ơ rô", 0},
        {"£", "bảng Anh", 0},   {"¥", "yên", 0},   {"₹", "ru pi", 0},
};

/* The unit written at i (right after a number, or after one space), ending where a word
 * would: its entry, with *len the bytes it takes. A GLUED unit is matched only when glued. */
static const struct unit *unit_at(const scan *sc, size_t i, size_t *len, int glued)
{
	if (i >= sc->len)
		return NULL;
	for (size_t u = 0; u < BN_ARRAY_LEN(units); u++) {
		if (units[u].written[0] != sc->s[i]) /* most words: ruled out at the first byte */
			continue;
		size_t n = strlen(units[u].written);
		if (i + n > sc->len || memcmp(sc->s + i, units[u].written, n) != 0)
			continue;
		if ((units[u].flags & GLUED) && !glued)
			continue;
		/* "2t3": a MORE unit may be followed by digits; "t" only then. */
		int digit_after = i + n < sc->len && is_digit(sc->s[i + n]);
		if (i + n < sc->len &&
		    (letter_at(sc, i + n) || (digit_after && !(units[u].flags & MORE))))
			continue;
		if (strcmp(units[u].written, "t") == 0 && !digit_after)
			continue;
		*len = n;
		return &units[u];
	}
	return NULL;
}

/* A currency written before a number at i: its entry and *len, or NULL. */
static const struct unit *currency_before(const scan *sc, size_t i, size_t *len)
{
	for (size_t u = 0; u < BN_ARRAY_LEN(currencies_before); u++) {
		if (currencies_before[u].written[0] != sc->s[i])
			continue;
		size_t n = strlen(currencies_before[u].written);
		if (i + n < sc->len && memcmp(sc->s + i, currencies_before[u].written, n) == 0 &&
		    is_digit(sc->s[i + n])) {
			*len = n;
			return &currencies_before[u];
		}
	}
	return NULL;
}

/* The digits from i in groups split by single spaces or dots, up to max digits in all and
 * group digits in each group after the first: the bytes they take, and their count in *count. */
static size_t digit_run(const scan *sc, size_t i, size_t max, size_t group, size_t *count)
{
	size_t k = i, end = i, total = 0;
	while (k < sc->len) {
		size_t d = digits_at(sc, k);
		if (d == 0 || total + d > max || (k > i && d > group))
			break;
		total += d;
		k += d;
		end = k;
		if (k + 1 < sc->len && (sc->s[k] == ' ' || sc->s[k] == '.') &&
		    is_digit(sc->s[k + 1]))
			k++;
		else
			break;
	}
	*count = total;
	return end - i;
}

/* A phone number at i: 0 and 9 to 11 digits in groups split by spaces or dots ("024 3000
 * 0000", "0912.345.678"); read digit by digit. Returns bytes consumed or 0. */
static size_t try_phone(scan *sc, size_t i)
{
	if (sc->s[i] != '0')
		return 0;
	size_t digits, n = digit_run(sc, i, 11, 4, &digits);
	if (digits < 9 || letter_at(sc, i + n))
		return 0;
	word_break(sc);
	vi_say_digits(sc->out, sc->s + i, n);
	return n;
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

/* A ratio "1:2", "1:50.000" (a time when it can be one, tried first): "một trên hai"; a
 * score after "tỷ số" ("2:1"): "hai - một". Returns bytes consumed or 0. */
static size_t try_ratio(scan *sc, size_t i, const char *pw)
{
	size_t a = digits_at(sc, i);
	if (a == 0 || a > 6 || i + a + 1 >= sc->len || sc->s[i + a] != ':' ||
	    !is_digit(sc->s[i + a + 1]))
		return 0;
	say_number(sc, sc->s + i, a);
	say(sc, in_list(pw, score_context) ? "-" : "trên");
	return a + 1 + read_number(sc, i + a + 1, 0);
}

/* A dash at i between a number just read (and its unit) and another number: the bytes to
 * skip (the dash and one space after it), or 0. "10$-20$", "8h-10h", "20 - 30 triệu". */
static size_t range_dash(const scan *sc, size_t i)
{
	if (!sc->num_end || !(i == sc->num_end || (i == sc->num_end + 1 && sc->s[i - 1] == ' ')))
		return 0;
	size_t n = sc->s[i] == '-'                                        ? 1
	           : (i + 3 <= sc->len && memcmp(sc->s + i, "–", 3) == 0) ? 3
	                                                                  : 0;
	if (!n)
		return 0;
	size_t k = i + n;
	if (k < sc->len && sc->s[k] == ' ' && i > 0 && sc->s[i - 1] == ' ')
		k++;
	size_t clen;
	if (k < sc->len && (is_digit(sc->s[k]) || currency_before(sc, k, &clen)))
		return k - i;
	return 0;
}

/* Abbreviations written with dots, or in mixed case, that the acronym lexicon (capitals
 * only) cannot hold: read as words, their dots not left for eSpeak NG to pause on or spell.
 * PLACE: a one-letter place abbreviation, taken only before a name or a number ("Q.1",
 * "P. Bến Nghé"), never before a lower-case word ("anh H. cho biết"). */
enum { PLACE = 1 };
static const struct unit dotted[] = {
        {"SARS-CoV-2", "sát cô vi hai", 0},
        {"Th.S.", "thạc sĩ", 0},
        {"Th.S", "thạc sĩ", 0},
        {"ThS.", "thạc sĩ", 0},
        {"ThS", "thạc sĩ", 0},
        {"Ths.", "thạc sĩ", 0},
        {"PGS.", "phó giáo sư", 0},
        {"GS.", "giáo sư", 0},
        {"TS.", "tiến sĩ", 0},
        {"BS.", "bác sĩ", 0},
        {"KS.", "kỹ sư", 0},
        {"NSND.", "nghệ sĩ nhân dân", 0},
        {"NSƯT.", "nghệ sĩ ưu tú", 0},
        {"T.Ư.", "trung ương", 0},
        {"T.Ư", "trung ương", 0},
        {"T.W", "trung ương", 0},
        {"Tp.", "thành phố", 0},
        {"TP.", "thành phố", 0},
        {"tp.", "thành phố", 0},
        {"TX.", "thị xã", PLACE},
        {"TT.", "thị trấn", PLACE},
        {"Q.", "quận", PLACE},
        {"P.", "phường", PLACE},
        {"H.", "huyện", PLACE},
        {"X.", "xã", PLACE},
};

/* A dotted or mixed-case abbreviation at i (a word's start): its spoken form said, the bytes
 * taken (with one space after a final dot), or 0. */
static size_t try_dotted(scan *sc, size_t i)
{
	/* The first letters of the forms below: most words are ruled out at once. */
	if (!strchr("STPGBKNQHXt", sc->s[i]))
		return 0;
	for (size_t d = 0; d < BN_ARRAY_LEN(dotted); d++) {
		if (dotted[d].written[0] != sc->s[i])
			continue;
		size_t n = strlen(dotted[d].written);
		if (i + n > sc->len || memcmp(sc->s + i, dotted[d].written, n) != 0)
			continue;
		int dot = dotted[d].written[n - 1] == '.';
		/* What follows: a word may not go on ("TSKH"), a dot must be followed by a
		 * name, a number or a letter glued to it. */
		if (!dot && (letter_at(sc, i + n) || (i + n < sc->len && is_digit(sc->s[i + n]))))
			continue;
		size_t k = i + n;
		int spaced = k < sc->len && sc->s[k] == ' ';
		size_t w = spaced ? k + 1 : k;
		int32_t next = cp_at(sc, w, NULL);
		int name = is_letter(next) && utf8proc_isupper(next);
		int number = w < sc->len && is_digit(sc->s[w]);
		if (dot && !(name || number || (!spaced && is_letter(next))))
			continue;
		if ((dotted[d].flags & PLACE) && spaced && !name && !number)
			continue;
		/* A joined form the acronym lexicon knows is its business: "TP.HCM", "GS.TS". */
		if (dot && !spaced && name) {
			size_t e = k;
			while (e < sc->len) {
				size_t ne;
				int32_t c2 = cp_at(sc, e, &ne);
				if (!(is_letter(c2) || (c2 >= '0' && c2 <= '9')))
					break;
				e = ne;
			}
			if (lexicon_find(sc->nz, sc->s + i, e - i, 0))
				return 0;
		}
		say(sc, dotted[d].spoken);
		if (!spaced)
			bn_buf_putc(sc->out, ' '); /* "P.Bến Nghé": the name is a word of its own */
		return n;
	}
	return 0;
}

/* A parenthesis at i that only repeats, as an acronym, what was just read in full: "Hội đồng
 * Bảo an Liên Hợp Quốc (HĐBA LHQ)". The bytes to skip, or 0. */
static size_t repeated_acronym(scan *sc, size_t i)
{
	const char *close = memchr(sc->s + i, ')', sc->len - i < 64 ? sc->len - i : 64);
	if (!close)
		return 0;
	bn_buf spoken = BN_BUF_INIT;
	size_t k = i + 1, end = (size_t)(close - sc->s);
	int ok = 1;
	while (ok && k < end) {
		while (k < end && sc->s[k] == ' ')
			k++;
		size_t e = k;
		while (e < end && sc->s[e] != ' ')
			e++;
		if (e == k)
			break;
		const char *exp = lexicon_find(sc->nz, sc->s + k, e - k, 0);
		ok = exp != NULL;
		if (ok) {
			bn_buf_puts(&spoken, spoken.len ? " " : "");
			bn_buf_puts(&spoken, exp);
		}
		k = e;
	}
	size_t skip = 0;
	if (ok && spoken.len && !spoken.failed) {
		/* The output ends with the same words, case aside? */
		size_t have = sc->out->len, n = spoken.len;
		while (have && sc->out->data[have - 1] == ' ')
			have--;
		if (have >= n) {
			char *a = bn_strndup(sc->out->data + have - n, n);
			char *b = bn_buf_take(&spoken);
			char *fa = a ? bn_casefold(a) : NULL, *fb = b ? bn_casefold(b) : NULL;
			if (fa && fb && strcmp(fa, fb) == 0 &&
			    (have == n || sc->out->data[have - n - 1] == ' '))
				skip = end + 1 - i;
			free(a);
			free(b);
			free(fa);
			free(fb);
		}
	}
	bn_buf_free(&spoken);
	return skip;
}

/* Comparison signs and arrows between spaces: "x < y", "a --> b", "≥ 18 tuổi". The bytes
 * taken, or 0. */
static size_t try_sign(scan *sc, size_t i)
{
	static const struct {
		const char *written, *spoken;
	} signs[] = {{"-->", "đến"},
	             {"->", "đến"},
	             {"=>", "đến"},
	             {"→", "đến"},
	             {"<=", "nhỏ hơn hoặc bằng"},
	             {">=", "lớn hơn hoặc bằng"},
	             {"≤", "nhỏ hơn hoặc bằng"},
	             {"≥", "lớn hơn hoặc bằng"},
	             {"<", "nhỏ hơn"},
	             {">", "lớn hơn"},
	             {"≠", "khác"}};
	if (i > 0 && sc->s[i - 1] != ' ')
		return 0;
	for (size_t k = 0; k < BN_ARRAY_LEN(signs); k++) {
		size_t n = strlen(signs[k].written);
		if (i + n <= sc->len && memcmp(sc->s + i, signs[k].written, n) == 0 &&
		    (i + n == sc->len || sc->s[i + n] == ' ' || is_digit(sc->s[i + n]))) {
			say(sc, signs[k].spoken);
			return n;
		}
	}
	return 0;
}

/* Read digits in groups as they are written (spaces or dots between), digit by digit. */
static void say_digit_groups(scan *sc, const char *t, size_t n)
{
	for (size_t k = 0; k < n;) {
		size_t d = 0;
		while (k + d < n && is_digit(t[k + d]))
			d++;
		if (d) {
			word_break(sc);
			vi_say_digits(sc->out, t + k, d);
		}
		k += d ? d : 1;
	}
}

/* A hotline ("1900 1234", "1800.6789", "19001234"): 1800 or 1900 then 4 or 6 digits; or a
 * number written in international form, "+84 912 345 678" ("cộng tám tư ..."): digit by
 * digit. Returns bytes consumed or 0. */
static size_t try_hotline(scan *sc, size_t i)
{
	size_t count, n;
	if (sc->s[i] == '+') {
		n = digit_run(sc, i + 1, 13, SIZE_MAX, &count);
		if (count < 9 || count > 13 || letter_at(sc, i + 1 + n))
			return 0;
		say(sc, "cộng");
		say_digit_groups(sc, sc->s + i + 1, n);
		return 1 + n;
	}
	if (i + 4 > sc->len ||
	    (memcmp(sc->s + i, "1800", 4) != 0 && memcmp(sc->s + i, "1900", 4) != 0))
		return 0;
	n = digit_run(sc, i, 10, SIZE_MAX, &count);
	if ((count != 8 && count != 10) || letter_at(sc, i + n) ||
	    (i + n < sc->len && is_digit(sc->s[i + n])))
		return 0;
	say_digit_groups(sc, sc->s + i, n);
	return n;
}

/* Words before a short code or number read digit by digit: "gửi 8088", "gọi 113". */
static const char *const code_context[] = {"gửi", "nhắn", "soạn", "hotline", "đài",
                                           "gọi", "bấm",  "mã",   "tổng",    NULL};

/* A short code after a word that calls for one: 3 to 5 digits, digit by digit. */
static size_t try_short_code(scan *sc, size_t i, const char *pw)
{
	/* A code in parts, "mã 2024-01-15": digit by digit, "gạch" between the parts. */
	size_t first = digits_at(sc, i);
	if (in_list(pw, code_context) && first && i + first + 1 < sc->len &&
	    sc->s[i + first] == '-' && is_digit(sc->s[i + first + 1])) {
		size_t k = i;
		while (k < sc->len) {
			size_t d = digits_at(sc, k);
			word_break(sc);
			vi_say_digits(sc->out, sc->s + k, d);
			k += d;
			if (k + 1 < sc->len && sc->s[k] == '-' && is_digit(sc->s[k + 1])) {
				say(sc, "gạch");
				k++;
			} else {
				break;
			}
		}
		return k - i;
	}
	size_t d = digits_at(sc, i);
	if (d < 3 || d > 5 || !in_list(pw, code_context) || letter_at(sc, i + d) ||
	    (i + d < sc->len && (sc->s[i + d] == '.' || sc->s[i + d] == ',') &&
	     i + d + 1 < sc->len && is_digit(sc->s[i + d + 1])))
		return 0;
	word_break(sc);
	vi_say_digits(sc->out, sc->s + i, d);
	return d;
}

/* A legal document's number: "100/2019/NĐ-CP", "01/2024/TT-BGDĐT", "15/2023/QH15",
 * "123/UBND-KT": the number, "năm" and the year, then the issuing code letter by letter
 * (never expanded as if its parts were words of the sentence). Returns bytes consumed or 0. */
static size_t try_document_number(scan *sc, size_t i)
{
	size_t a = digits_at(sc, i);
	if (a < 1 || a > 4 || i + a + 3 >= sc->len || sc->s[i + a] != '/')
		return 0;
	size_t y = i + a + 1;
	int year = digits_at(sc, y) == 4 && sc->s[y + 4] == '/';
	size_t c = year ? y + 5 : y, e = c;
	int letters = 0;
	while (e < sc->len) {
		size_t ne;
		int32_t cp = cp_at(sc, e, &ne);
		/* Capitals, digits and dashes; a small letter inside a code ("QĐ-TTg"). */
		if (!(is_letter(cp) || is_digit((char)cp) || cp == '-') ||
		    (e == c && !utf8proc_isupper(cp)))
			break;
		letters += is_letter(cp);
		e = ne;
	}
	while (e > c && sc->s[e - 1] == '-')
		e--;
	/* Without a year, the code must have a dash ("123/UBND-KT"): "5/LHQ" is no document. */
	if (letters < 2 || letter_at(sc, e) || (!year && !memchr(sc->s + c, '-', e - c)))
		return 0;
	say_number(sc, sc->s + i, a);
	if (year) {
		say(sc, "năm");
		say_number(sc, sc->s + y, 4);
	}
	word_break(sc);
	spell_word(sc, sc->s + c, e - c);
	return e - i;
}

/* ---- the dispatcher: one reader per class of written form ------------------------------- */

/* A dash right after a number (and its unit), before another: a range ("10$-20$", "8h-10h",
 * "20 - 30 triệu"), or a score ("thắng 3 - 1"). */
static size_t read_range(scan *sc, size_t i)
{
	size_t dash = range_dash(sc, i);
	if (dash)
		say(sc, sc->score ? "-" : "đến");
	return dash;
}

/* A negative number's sign: "-5", "−3,2". */
static size_t read_minus(scan *sc, size_t i)
{
	unsigned char c = (unsigned char)sc->s[i];
	size_t minus = (c == '-' && i + 1 < sc->len && is_digit(sc->s[i + 1])) ? 1
	               : (c == 0xE2 && i + 3 < sc->len && memcmp(sc->s + i, "−", 3) == 0 &&
	                  is_digit(sc->s[i + 3]))
	                       ? 3
	                       : 0;
	if (!minus || word_before(sc, i))
		return 0;
	say(sc, "âm");
	return minus;
}

/* A currency written before its number ("$20", "€15", "US$5 tỷ"): said after the amount and
 * its magnitude. */
static size_t read_currency_first(scan *sc, size_t i)
{
	unsigned char c = (unsigned char)sc->s[i];
	size_t clen = 0;
	if (!(c == '$' || c == 'U' || c == 0xE2 || c == 0xC2) || word_before(sc, i))
		return 0;
	const struct unit *cur = currency_before(sc, i, &clen);
	if (!cur)
		return 0;
	size_t k = i + clen;
	k += read_number(sc, k, 0);
	/* Written after the amount, in words or glued letters ("£3m", "$5bn", "$30k"). */
	static const char *const magnitudes[][2] = {
	        {" tỷ", "tỷ"},     {" triệu", "triệu"}, {" nghìn", "nghìn"}, {" ngàn", "ngàn"},
	        {" trăm", "trăm"}, {"bn", "tỷ"},        {"m", "triệu"},      {"k", "nghìn"}};
	for (size_t m = 0; m < BN_ARRAY_LEN(magnitudes); m++) {
		size_t ml = strlen(magnitudes[m][0]);
		if (k + ml <= sc->len && memcmp(sc->s + k, magnitudes[m][0], ml) == 0 &&
		    !letter_at(sc, k + ml)) {
			say(sc, magnitudes[m][1]);
			k += ml;
			break;
		}
	}
	say(sc, cur->spoken);
	sc->num_end = k;
	sc->score = 0;
	return k - i;
}

/* A number in international form: "+84 912 345 678". */
static size_t read_international(scan *sc, size_t i)
{
	if (sc->s[i] != '+' || word_before(sc, i) || i + 1 >= sc->len || !is_digit(sc->s[i + 1]))
		return 0;
	return try_hotline(sc, i);
}

/* A unit or currency right after an amount (or after one space: "100km", "30 °C"), with the
 * rest of a shorthand amount ("1tr2"); or capitals glued to a number, spelled ("5G"). */
static size_t read_unit_after(scan *sc, size_t i)
{
	size_t ulen = 0, at = i < sc->len && sc->s[i] == ' ' ? i + 1 : i;
	const struct unit *u = unit_at(sc, at, &ulen, at == i);
	if (u) {
		say(sc, u->spoken);
		size_t k = at + ulen;
		size_t more = (u->flags & MORE) ? digits_at(sc, k) : 0;
		if (more && !letter_at(sc, k + more)) {
			say_number(sc, sc->s + k, more);
			k += more;
		}
		return k - i;
	}
	if (!letter_at(sc, i))
		return 0;
	size_t e = i, caps = 0;
	while (e < sc->len && letter_at(sc, e) && utf8proc_isupper(cp_at(sc, e, NULL))) {
		size_t ne;
		cp_at(sc, e, &ne);
		e = ne;
		caps++;
	}
	/* "12A1": the class's letter and number after it. */
	if (caps && caps <= 3 && !letter_at(sc, e))
		e += digits_at(sc, e);
	if (caps && caps <= 3 && !letter_at(sc, e)) {
		spell_word(sc, sc->s + i, e - i);
		return e - i;
	}
	bn_buf_putc(sc->out, ' ');
	return 0;
}

/* A number and what it is: a document number, a hotline, a phone number, a code, a ratio, a
 * date, a time, a fraction or an amount, then its unit. */
static size_t read_numeric(scan *sc, size_t i)
{
	if (!is_digit(sc->s[i]) || word_before(sc, i))
		return 0;
	char pw[64];
	prev_word(sc, i, pw, sizeof pw);
	size_t used = try_document_number(sc, i);
	if (!used)
		used = try_hotline(sc, i);
	if (!used)
		used = try_phone(sc, i);
	if (!used)
		used = try_short_code(sc, i, pw);
	/* After "tỷ lệ" or "tỷ số", "1:20" is a ratio or a score, not a time. */
	if (!used && (strcmp(pw, "lệ") == 0 || strcmp(pw, "số") == 0))
		used = try_ratio(sc, i, pw);
	if (!used)
		used = try_date(sc, i);
	if (!used)
		used = try_time(sc, i);
	if (!used)
		used = try_ratio(sc, i, pw);
	if (!used)
		used = try_fraction(sc, i);
	if (!used)
		used = read_number(sc, i, 1);
	/* Dimensions and products: "3x4 m", "2 x 3 = 6", "4×4" read "nhân". */
	for (size_t k = i + used;;) {
		size_t x = k < sc->len && sc->s[k] == ' ' ? k + 1 : k;
		size_t xl = x < sc->len && sc->s[x] == 'x'                      ? 1
		            : x + 1 < sc->len && memcmp(sc->s + x, "×", 2) == 0 ? 2
		                                                                : 0;
		size_t y = xl && x + xl < sc->len && sc->s[x + xl] == ' ' && x > k ? x + xl + 1
		                                                                   : x + xl;
		if (!xl || y >= sc->len || !is_digit(sc->s[y]) || (x > k) != (y > x + xl))
			break;
		say(sc, "nhân");
		k = y + read_number(sc, y, 0);
		used = k - i;
	}
	used += read_unit_after(sc, i + used);
	sc->num_end = i + used;
	sc->score = in_list(pw, score_context);
	return used;
}

/* A unit after "/" glued to an amount or a currency: "20 USD/m2", "30.000 đồng/kg". */
static size_t read_per_unit(scan *sc, size_t i)
{
	if (sc->s[i] != '/' || i == 0 || sc->s[i - 1] == ' ')
		return 0;
	size_t ulen = 0;
	const struct unit *u = unit_at(sc, i + 1, &ulen, 0);
	if (!u || !letter_at(sc, i + 1) || strcmp(u->written, "đ") == 0)
		return 0;
	say(sc, "một");
	say(sc, u->spoken);
	return 1 + ulen;
}

/* A unit after "mỗi" ("mỗi kg"), and a road's chainage ("km 15+500", "Km15+500"). */
static size_t read_unit_word(scan *sc, size_t i)
{
	static const char each[] = "mỗi ";
	unsigned char c = (unsigned char)sc->s[i];
	int after_each = i >= sizeof each - 1 &&
	                 memcmp(sc->s + i - (sizeof each - 1), each, sizeof each - 1) == 0;
	if (!after_each && c != 'k' && c != 'K')
		return 0;
	size_t ulen = 0;
	const struct unit *u = unit_at(sc, i, &ulen, 0);
	int before_number = i + ulen + 1 < sc->len &&
	                    (is_digit(sc->s[i + ulen]) ||
	                     (sc->s[i + ulen] == ' ' && is_digit(sc->s[i + ulen + 1])));
	if (u && ulen >= 2 &&
	    (after_each ||
	     (before_number && bn_ascii_ncasecmp(sc->s + i, "km", 2) == 0 && ulen == 2))) {
		say(sc, u->spoken);
		return ulen;
	}
	int km = !u && bn_ascii_ncasecmp(sc->s + i, "km", 2) == 0 && !letter_at(sc, i + 2) &&
	         i + 3 < sc->len &&
	         (is_digit(sc->s[i + 2]) || (sc->s[i + 2] == ' ' && is_digit(sc->s[i + 3])));
	if (!km)
		return 0;
	say(sc, "ki lô mét");
	size_t k = i + 2;
	if (is_digit(sc->s[k])) {
		k += read_number(sc, k, 1);
		sc->num_end = k;
		sc->score = 0;
	}
	return k - i;
}

/* The forms a word can start: dotted abbreviations, units after "mỗi", web and e-mail
 * addresses, then the word itself (acronyms, Roman numerals, codes). */
static size_t read_word_forms(scan *sc, size_t i)
{
	unsigned char c = (unsigned char)sc->s[i];
	int32_t cp = cp_at(sc, i, NULL);
	if (!(is_letter(cp) || is_digit((char)c)))
		return 0;
	size_t used = 0;
	if (is_letter(cp) && !word_before(sc, i)) {
		used = try_dotted(sc, i);
		if (!used)
			used = read_unit_word(sc, i);
		if (!used && c < 0x80)
			used = try_address(sc, i);
	}
	return used ? used : read_word(sc, i);
}

/* A parenthesis that only repeats, as an acronym, what was just read in full. */
static size_t read_parenthesis(scan *sc, size_t i)
{
	if (sc->s[i] != '(')
		return 0;
	size_t skip = repeated_acronym(sc, i);
	/* No space left before the punctuation after it: "Quốc (LHQ), cùng". */
	while (skip && sc->out->len && sc->out->data[sc->out->len - 1] == ' ' &&
	       i + skip < sc->len && strchr(",.;:!?)", sc->s[i + skip]))
		bn_buf_truncate(sc->out, sc->out->len - 1);
	return skip;
}

/* Comparison signs and arrows between spaces. */
static size_t read_sign(scan *sc, size_t i)
{
	unsigned char c = (unsigned char)sc->s[i];
	return c == '<' || c == '>' || c == '-' || c == '=' || c >= 0xE2 ? try_sign(sc, i) : 0;
}

/* A slash between words: "học sinh/lớp" is "trên"; before a unit of time or a counted thing
 * it is "một": "8 triệu đồng/tháng", "6%/năm", "200k/lượng". */
static size_t read_slash(scan *sc, size_t i)
{
	if (sc->s[i] != '/' || !(word_before(sc, i) || (i > 0 && sc->s[i - 1] == '%')) ||
	    !letter_at(sc, i + 1))
		return 0;
	static const char *const per[] = {"năm",   "tháng", "ngày",  "tuần", "giờ",
	                                  "quý",   "lượng", "người", "lượt", "suất",
	                                  "chiếc", "con",   "lít",   "kỳ",   NULL};
	size_t e = i + 1;
	while (e < sc->len && letter_at(sc, e)) {
		size_t ne;
		cp_at(sc, e, &ne);
		e = ne;
	}
	char word[32] = "";
	if (e - i - 1 < sizeof word) {
		memcpy(word, sc->s + i + 1, e - i - 1);
		word[e - i - 1] = '\0';
	}
	say(sc, in_list(word, per) ? "một" : "trên");
	bn_buf_putc(sc->out, ' ');
	return 1;
}

/* A hyphen between a word and a number: "COVID-19", "U-23": a space; after a model's code
 * that ends in digits, "A321-200": "gạch". */
static size_t read_word_hyphen(scan *sc, size_t i)
{
	if (sc->s[i] != '-' || !word_before(sc, i) || i + 1 >= sc->len || !is_digit(sc->s[i + 1]))
		return 0;
	if (is_digit(sc->s[i - 1]))
		say(sc, "gạch");
	bn_buf_putc(sc->out, ' ');
	return 1;
}

/* Any other character: symbols read as words, dashes as a pause, quotes and decoration
 * dropped, the rest as written. Always takes one character. */
static size_t read_symbol(scan *sc, size_t i)
{
	size_t next;
	int32_t cp = cp_at(sc, i, &next);
	const char *word = NULL;
	switch (cp) {
	case '&': word = "và"; break;
	case '+': word = "cộng"; break;
	case '%': word = "phần trăm"; break;
	case '@': word = "a còng"; break;
	case '=': word = "bằng"; break;
	case 0x2013:
	case 0x2014: /* dashes: a pause */
		if (bn_buf_last(sc->out) == ' ')
			bn_buf_truncate(sc->out, sc->out->len - 1);
		bn_buf_puts(sc->out, ",");
		return next - i;
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
	case '>': return next - i; /* quotes and decoration are not read */
	default: bn_buf_append(sc->out, sc->s + i, next - i); return next - i;
	}
	say(sc, word);
	bn_buf_putc(sc->out, ' ');
	return next - i;
}

/* The readers, tried in this order at each place of the sentence: the first that knows the
 * written form there says it and returns the bytes it took; read_symbol takes what is left. */
static size_t (*const readers[])(scan *, size_t) = {
        read_range,   read_minus,    read_currency_first, read_international,
        read_numeric, read_per_unit, read_word_forms,     read_parenthesis,
        read_sign,    read_slash,    read_word_hyphen,
};

char *bn_normalize(const bn_normalizer *nz, const char *text)
{
	char *clean = bn_clean_text(text, strlen(text));
	if (!clean || nz->plain)
		return clean;
	bn_buf out = BN_BUF_INIT;
	scan sc = {nz, clean, strlen(clean), &out, 0, 0};
	for (size_t i = 0; i < sc.len;) {
		unsigned char c = (unsigned char)clean[i];
		size_t used = 0;
		/* Most of a sentence is spaces and words: a space is itself, and a letter other
		 * than 'U' (US$) or a character whose first byte starts no symbol of the readers
		 * (0xC2, 0xE2) can only begin a word. */
		if (c == ' ') {
			bn_buf_putc(&out, ' ');
			i++;
			continue;
		}
		if ((((c | 32) >= 'a' && (c | 32) <= 'z') && c != 'U') || (c >= 0xC3 && c != 0xE2))
			used = read_word_forms(&sc, i);
		for (size_t r = 0; r < BN_ARRAY_LEN(readers) && !used; r++)
			used = readers[r](&sc, i);
		i += used ? used : read_symbol(&sc, i);
	}
	free(clean);
	/* Collapse the spaces the readers may have doubled, and trim; the text stays NFC (NFC
	 * pieces joined at spaces). */
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
