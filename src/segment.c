/* segment.c: splits an article's blocks into sentences. A sentence ends at '.', '?', '!' or
 * '…' (with any closing quotes and brackets after them) when the next word starts a sentence,
 * and not after an abbreviation or an initial; sentences too long to listen to comfortably are
 * split again at clause boundaries. */
#include "internal.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Longest sentence, in code points, before it is split at a clause boundary. */
#define LONG_SENTENCE 300

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
	/* An initial: one capital letter without tone marks ("anh H.", "Nguyễn V. A"); "Ừ." and
	 * "Ồ." are words. */
	return (n == 1 && w[0] >= 'A' && w[0] <= 'Z') || (n == 2 && memcmp(w, "Đ", 2) == 0);
}

/* Quotation marks seen so far: curly and guillemet depth, a straight-quote toggle, and where
 * the innermost open quote began. */
typedef struct quotes {
	int depth;
	int straight;
	size_t opened;
} quotes;

static void track_quote(quotes *q, int32_t cp, size_t at)
{
	if (cp == 0x201C || cp == 0xAB) {
		if (q->depth++ == 0 && !q->straight)
			q->opened = at;
	} else if ((cp == 0x201D || cp == 0xBB) && q->depth > 0) {
		q->depth--;
	} else if (cp == '"') {
		q->straight = !q->straight;
		if (q->straight && q->depth == 0)
			q->opened = at;
	}
}

/* 1 when a quotation is open at at: no sentence ends inside it. A quote left open for more
 * than a long sentence is taken as unbalanced and ignored. */
static int quote_open(const quotes *q, size_t at)
{
	return (q->depth > 0 || q->straight) && at - q->opened < 400;
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

/* 1 when the code point at text[i] can start a sentence. */
static int starts_sentence(const char *text, size_t i, size_t len)
{
	const char *p = text + i;
	int32_t cp = bn_utf8_next(&p, text + len);
	return utf8proc_isupper(cp) || (cp >= '0' && cp <= '9') || is_opener(cp);
}

/* Split one over-long sentence at clause boundaries and add the parts. */
static int add_long_sentence(bn_sentences *into, const char *text, size_t n, size_t block,
                             bn_block_type type, size_t *index)
{
	static const char *const cuts[] = {"; ", ": ", " - ", " – ", ", ", " "};
	while (n > 0) {
		/* The byte offset of the LONG_SENTENCE-th code point. */
		size_t limit = 0, cps = 0;
		while (limit < n && cps < LONG_SENTENCE) {
			limit++;
			while (limit < n && ((unsigned char)text[limit] & 0xC0) == 0x80)
				limit++;
			cps++;
		}
		if (limit >= n)
			return add_sentence(into, text, n, block, type, index);
		size_t cut = 0;
		for (size_t c = 0; c < BN_ARRAY_LEN(cuts) && !cut; c++) {
			size_t cl = strlen(cuts[c]);
			for (size_t i = limit; i > limit / 4; i--)
				if (i + cl <= n && memcmp(text + i, cuts[c], cl) == 0) {
					/* Keep the punctuation with the first part. */
					cut = cuts[c][0] == ' ' && cl > 1 ? i : i + 1;
					break;
				}
		}
		if (!cut)
			cut = limit;
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
	quotes q = {0, 0, 0};
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)text[i];
		int is_end = c == '.' || c == '?' || c == '!' ||
		             (c == 0xE2 && i + 2 < len && (unsigned char)text[i + 1] == 0x80 &&
		              (unsigned char)text[i + 2] == 0xA6);
		if (!is_end) {
			const char *p = text + i;
			track_quote(&q, bn_utf8_next(&p, text + len), i);
			i = (size_t)(p - text);
			continue;
		}
		size_t first = i;
		/* The run of terminators and closing marks. */
		size_t j = i;
		int dots = 0, others = 0;
		for (;;) {
			if (j < len && (text[j] == '.' || text[j] == '?' || text[j] == '!')) {
				dots += text[j] == '.';
				others += text[j] != '.';
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
		for (;;) {
			const char *p = text + j;
			if (j >= len)
				break;
			int32_t cp = bn_utf8_next(&p, text + len);
			if (!is_closer(cp))
				break;
			track_quote(&q, cp, j);
			j = (size_t)(p - text);
		}
		int boundary = 0;
		if (j >= len)
			boundary = 1;
		else if (text[j] == ' ' && j + 1 < len && starts_sentence(text, j + 1, len))
			boundary = !(dots == 1 && others == 0 &&
			             (ends_abbreviation(text, first) ||
			              is_list_marker(text, first))) &&
			           !quote_open(&q, j);
		if (boundary) {
			if (add_long_sentence(into, text + start, j - start, block, type, &index) <
			    0)
				return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
			start = j;
		}
		i = j > i ? j : i + 1;
	}
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
