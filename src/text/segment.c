/* segment.c: splits an article's blocks into sentences. A sentence ends at '.', '?', '!' or
 * '…' (with any closing quotes and brackets after them) when the next word starts a sentence,
 * not after an abbreviation or an initial, and not inside a short quotation whose closing
 * mark the paragraph has (a stray quote mark is ignored; a long quotation is split like any
 * text); sentences too long to listen to comfortably are split again at clause boundaries. */
#include "internal.h"
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Longest sentence, in code points, before it is split at a clause boundary (; : and dashes). */
#define LONG_SENTENCE 400
/* Longest sentence, in code points, when it has no clause boundary: then commas and spaces. */
#define HARD_SENTENCE 1000
/* Longest quotation, in bytes, kept whole: sentences inside a longer one are split. */
#define LONG_QUOTE 240
/* Deepest nesting of curly quotes or guillemets followed. */
#define QUOTE_DEPTH 8

/* Abbreviations written with a final '.', case-sensitive, without that dot. */
static const char *const abbreviations[] = {
        "TP",    "Tp",      "Q",    "P",      "TX",      "TT",  "H",   "X",    "TS",   "GS",
        "PGS",   "ThS",     "Th.S", "BS",     "KS",      "CN",  "NXB", "NSƯT", "NSND", "PGS.TS",
        "GS.TS", "GS.TSKH", "TSKH", "ThS.BS", "BS.CKII", "v.v", "vv",  "tr",   "St",   "Mr",
        "Mrs",   "Ms",      "Dr",   "Prof",   "Jr",      "Sr",  "Co",  "Inc",  "Ltd",  "Corp",
        "vs",    "No",      "Ths",  "Đ/c",    "đ/c",     "Tr",  "ĐT",  "Sđd",  "tp",   NULL};

bn_sentences *bn_sentences_new(void)
{
	return calloc(1, sizeof(bn_sentences));
}

void bn_sentences_free(bn_sentences *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->count; i++)
		free(s->items[i].text);
	free(s->items);
	free(s);
}

/* Append a copy of text[0..n), trimmed, as the next sentence of the block. */
static int add_sentence(bn_sentences *into, const char *text, size_t n, size_t block,
                        bn_block_type type, size_t *index)
{
	while (n && text[0] == ' ') {
		text++;
		n--;
	}
	while (n && text[n - 1] == ' ')
		n--;
	if (!n)
		return 0;
	/* Capacity is implicit: 16, then doubled each time count reaches a power of two. */
	size_t c = into->count;
	if (c == 0 || (c >= 16 && (c & (c - 1)) == 0)) {
		bn_sentence *items = realloc(into->items, (c ? 2 * c : 16) * sizeof *items);
		if (!items)
			return -1;
		into->items = items;
	}
	char *copy = bn_strndup(text, n);
	if (!copy)
		return -1;
	bn_sentence *s = &into->items[into->count++];
	s->text = copy;
	s->block = block;
	s->index = (*index)++;
	s->type = type;
	return 0;
}

static int is_closer(int32_t cp)
{
	return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D || cp == 0x2019 ||
	       cp == 0xBB || cp == 0x203A;
}

static int is_opener(int32_t cp)
{
	return cp == '"' || cp == '\'' || cp == '(' || cp == '[' || cp == 0x201C || cp == 0x2018 ||
	       cp == 0xAB || cp == '-' || cp == 0x2013 || cp == 0x2014;
}

/* 1 when the word ending just before text[dot] (a '.') is an abbreviation or an initial. */
static int ends_abbreviation(const char *text, size_t dot)
{
	size_t start = dot;
	while (start > 0 && text[start - 1] != ' ')
		start--;
	/* Ignore brackets and quotes before the word. */
	while (start < dot && strchr("(\"'[", text[start]))
		start++;
	size_t n = dot - start;
	if (n == 0)
		return 0;
	const char *w = text + start;
	for (size_t i = 0; abbreviations[i]; i++)
		if (strlen(abbreviations[i]) == n && memcmp(abbreviations[i], w, n) == 0)
			return 1;
	/* A temperature's unit ends a sentence: "xuống 5 độ C." */
	static const char degree[] = "độ ";
	if (n == 1 && (w[0] == 'C' || w[0] == 'F') && start >= sizeof degree - 1 &&
	    memcmp(text + start - (sizeof degree - 1), degree, sizeof degree - 1) == 0)
		return 0;
	/* An initial: one capital letter without tone marks ("anh H.", "Nguyễn V. A"); "Ừ." and
	 * "Ồ." are words. */
	return (n == 1 && w[0] >= 'A' && w[0] <= 'Z') || (n == 2 && memcmp(w, "Đ", 2) == 0);
}

/* 1 when a straight quote at text[i] opens a quotation: at the start or after a space or an
 * opening bracket, and before a non-space. */
static int opens_straight(const char *text, size_t i, size_t len)
{
	int before = i == 0 || strchr(" ([{:", text[i - 1]) != NULL;
	return before && i + 1 < len && text[i + 1] != ' ';
}

/* Mark quoted[a..b) (a quotation from its opening to its closing mark) when it is short
 * enough to be kept whole. */
static void mark_quote(unsigned char *quoted, size_t a, size_t b)
{
	if (b - a <= LONG_QUOTE)
		memset(quoted + a, 1, b - a);
}

/* The bytes of text inside a short quotation whose both marks are in the paragraph, as a
 * malloc'd map of len bytes (1 inside), or NULL when out of memory. Curly quotes and
 * guillemets pair by nesting; a straight quote pairs with the next one that can close it.
 * An opening mark never closed, or a closing mark never opened, is ignored. */
static unsigned char *quoted_map(const char *text, size_t len)
{
	unsigned char *quoted = calloc(len ? len : 1, 1);
	if (!quoted)
		return NULL;
	size_t stack[QUOTE_DEPTH];
	int32_t closer[QUOTE_DEPTH];
	int depth = 0;
	size_t straight = SIZE_MAX; /* where an open straight quote began */
	for (size_t i = 0; i < len;) {
		/* Quote marks are '"' or start with 0xE2 (“ ”) or 0xC2 (« »): skip other bytes. */
		unsigned char b = (unsigned char)text[i];
		if (b != '"' && b != 0xE2 && b != 0xC2) {
			i++;
			continue;
		}
		const char *p = text + i;
		int32_t cp = bn_utf8_next(&p, text + len);
		size_t next = (size_t)(p - text);
		if (cp == 0x201C || cp == 0xAB) {
			if (depth == QUOTE_DEPTH) { /* too deep: forget the oldest */
				depth--;
				memmove(stack, stack + 1, (size_t)depth * sizeof *stack);
				memmove(closer, closer + 1, (size_t)depth * sizeof *closer);
			}
			stack[depth] = i;
			closer[depth++] = cp == 0x201C ? 0x201D : 0xBB;
		} else if (cp == 0x201D || cp == 0xBB) {
			/* Close the innermost quotation this mark closes; marks opened inside it
			 * and never closed are dropped. */
			int d = depth;
			while (d > 0 && closer[d - 1] != cp)
				d--;
			if (d > 0) {
				mark_quote(quoted, stack[d - 1], next);
				depth = d - 1;
			}
		} else if (cp == '"') {
			if (straight == SIZE_MAX) {
				if (opens_straight(text, i, len))
					straight = i;
			} else if (i > 0 && text[i - 1] != ' ') {
				mark_quote(quoted, straight, next);
				straight = SIZE_MAX;
			} else if (opens_straight(text, i, len)) {
				straight = i; /* the earlier mark was stray */
			}
		}
		i = next;
	}
	return quoted;
}
/* 1 when the '.' at text[dot] ends a list marker inside a sentence ("gồm: 1. Hà Nội; 2. Huế"):
 * one or two digits after a colon, semicolon, comma or bracket, or at the start. */
static int is_list_marker(const char *text, size_t dot)
{
	size_t d = dot;
	while (d > 0 && text[d - 1] >= '0' && text[d - 1] <= '9')
		d--;
	if (dot - d == 0 || dot - d > 2)
		return 0;
	if (d > 0 && text[d - 1] != ' ' && text[d - 1] != '(')
		return 0; /* part of a longer number or a time: "16:20." */
	size_t b = d;
	while (b > 0 && text[b - 1] == ' ')
		b--;
	return b == 0 || strchr(":;,(", text[b - 1]) != NULL;
}

/* 1 when the code point at text[i] can start a sentence: a capital, an opening mark, or a
 * digit unless after an ellipsis ("Đào hầm suốt... 15 năm." is one sentence). A dash
 * before a lower-case word is an attribution ("…cứu…" - anh A kể.), not a new sentence. */
static int starts_sentence(const char *text, size_t i, size_t len, int after_ellipsis)
{
	const char *p = text + i;
	int32_t cp = bn_utf8_next(&p, text + len);
	if (cp == '-' || cp == 0x2013 || cp == 0x2014) {
		const char *q = p;
		while (q < text + len && *q == ' ')
			q++;
		int32_t word = q < text + len ? bn_utf8_next(&q, text + len) : 0;
		return !utf8proc_islower(word);
	}
	return utf8proc_isupper(cp) || (!after_ellipsis && cp >= '0' && cp <= '9') || is_opener(cp);
}

/* The byte offset of the max-th code point of text[0..n), or n. */
static size_t cp_offset(const char *text, size_t n, size_t max)
{
	size_t at = 0, cps = 0;
	while (at < n && cps < max) {
		at++;
		while (at < n && ((unsigned char)text[at] & 0xC0) == 0x80)
			at++;
		cps++;
	}
	return at;
}

/* Where to cut text[0..n) at or before limit (and after its first quarter): at the last of
 * the first kind of separator in cuts found there, keeping punctuation with the first part;
 * 0 when there is none. */
static size_t find_cut(const char *text, size_t n, size_t limit, const char *const *cuts)
{
	for (const char *const *c = cuts; *c; c++) {
		size_t cl = strlen(*c);
		for (size_t i = limit; i > limit / 4; i--)
			if (i + cl <= n && memcmp(text + i, *c, cl) == 0)
				return (*c)[0] == ' ' && cl > 1 ? i : i + 1;
	}
	return 0;
}

/* Split one over-long sentence at clause boundaries and add the parts. */
static int add_long_sentence(bn_sentences *into, const char *text, size_t n, size_t block,
                             bn_block_type type, size_t *index)
{
	static const char *const clauses[] = {"; ", ": ", " — ", " – ", " - ", NULL};
	static const char *const last_resort[] = {", ", " ", NULL};
	while (n > 0) {
		size_t limit = cp_offset(text, n, LONG_SENTENCE);
		if (limit >= n)
			return add_sentence(into, text, n, block, type, index);
		size_t cut = find_cut(text, n, limit, clauses);
		if (!cut) {
			/* No clause boundary: a long sentence is kept whole up to HARD_SENTENCE. */
			size_t hard = cp_offset(text, n, HARD_SENTENCE);
			if (hard >= n)
				return add_sentence(into, text, n, block, type, index);
			cut = find_cut(text, n, hard, last_resort);
			if (!cut)
				cut = hard;
		}
		if (add_sentence(into, text, cut, block, type, index) < 0)
			return -1;
		text += cut;
		n -= cut;
	}
	return 0;
}

bn_status bn_segment_text(const char *text, size_t block, bn_block_type type, bn_sentences *into,
                          bn_error *err)
{
	size_t len = strlen(text), start = 0, index = 0;
	unsigned char *quoted = quoted_map(text, len);
	if (!quoted)
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)text[i];
		int is_end = c == '.' || c == '?' || c == '!' ||
		             (c == 0xE2 && i + 2 < len && (unsigned char)text[i + 1] == 0x80 &&
		              (unsigned char)text[i + 2] == 0xA6);
		if (!is_end) {
			i++;
			continue;
		}
		size_t first = i;
		/* The run of terminators and closing marks. */
		size_t j = i;
		int dots = 0, others = 0, asks = 0;
		for (;;) {
			if (j < len && (text[j] == '.' || text[j] == '?' || text[j] == '!')) {
				dots += text[j] == '.';
				others += text[j] != '.';
				asks += text[j] != '.';
				j++;
				continue;
			}
			if (j + 2 < len && (unsigned char)text[j] == 0xE2 &&
			    (unsigned char)text[j + 1] == 0x80 &&
			    (unsigned char)text[j + 2] == 0xA6) {
				others++;
				j += 3;
				continue;
			}
			break;
		}
		/* An ellipsis alone ("...", "…"): a pause more than an end. */
		int ellipsis = !asks && (dots >= 3 || others > 0);
		for (;;) {
			const char *p = text + j;
			if (j >= len)
				break;
			int32_t cp = bn_utf8_next(&p, text + len);
			if (!is_closer(cp))
				break;
			j = (size_t)(p - text);
		}
		int boundary = 0;
		if (j >= len)
			boundary = 1;
		else if (text[j] == ' ' && j + 1 < len &&
		         starts_sentence(text, j + 1, len, ellipsis))
			boundary = !(dots == 1 && others == 0 &&
			             (ends_abbreviation(text, first) ||
			              is_list_marker(text, first))) &&
			           !quoted[j];
		if (boundary) {
			if (add_long_sentence(into, text + start, j - start, block, type, &index) <
			    0) {
				free(quoted);
				return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
			}
			start = j;
		}
		i = j > i ? j : i + 1;
	}
	free(quoted);
	if (start < len &&
	    add_long_sentence(into, text + start, len - start, block, type, &index) < 0)
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	return BN_OK;
}

bn_status bn_segment_article_with_meta(const bn_article *article, const char *meta,
                                       bn_sentences **out, bn_error *err)
{
	*out = NULL;
	bn_sentences *s = bn_sentences_new();
	if (!s)
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	bn_status st =
	        bn_segment_text(article->title ? article->title : "", 0, BN_BLOCK_TITLE, s, err);
	if (st == BN_OK && meta)
		st = bn_segment_text(meta, 0, BN_BLOCK_TITLE, s, err);
	for (size_t i = 0; st == BN_OK && i < article->nblocks; i++)
		st = bn_segment_text(article->blocks[i].text, i + 1, article->blocks[i].type, s,
		                     err);
	if (st != BN_OK) {
		bn_sentences_free(s);
		return st;
	}
	*out = s;
	return BN_OK;
}

bn_status bn_segment_article(const bn_article *article, bn_sentences **out, bn_error *err)
{
	return bn_segment_article_with_meta(article, NULL, out, err);
}
