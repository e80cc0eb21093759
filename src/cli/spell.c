/* spell.c: a sentence's written form, to be read aloud as written: ordinary words are read,
 * everything else (numbers, acronyms, symbols, punctuation) is spelled character by
 * character, so that a listener learns exactly how a name, a figure or a code is written. */
#include "buf.h"
#include "reader.h"
#include "text.h"
#include "vi.h"

#include <string.h>
#include <utf8proc.h>

static int is_letter(int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL;
}

static int is_upper(int32_t cp)
{
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
}

/* 1 when the word w[0..n) is read as it is: letters only, in lower case or capitalised. */
static int ordinary_word(const char *w, size_t n)
{
	const char *p = w, *end = w + n;
	int first = 1;
	while (p < end) {
		int32_t cp = bn_utf8_next(&p, end);
		if (!is_letter(cp) || (!first && is_upper(cp)))
			return 0;
		first = 0;
	}
	return 1;
}

/* 1 for the punctuation that clings to a word's ends ("họp.", "(Reuters)"). */
static int clinging(int32_t cp)
{
	return cp == '.' || cp == ',' || cp == ';' || cp == ':' || cp == '!' || cp == '?' ||
	       cp == '"' || cp == '\'' || cp == '(' || cp == ')' || cp == 0x2026 || cp == 0x201C ||
	       cp == 0x201D;
}

/* Append a piece: a word as it is, or spelled; spelled pieces are set apart by commas (short
 * pauses). */
static void emit(bn_buf *b, const char *s, size_t n, int spelled, int *last_spelled)
{
	if (b->len)
		bn_buf_puts(b, spelled || *last_spelled ? ", " : " ");
	if (spelled) {
		const char *q = s;
		while (q < s + n)
			vi_say_char(b, bn_utf8_next(&q, s + n));
	} else {
		bn_buf_append(b, s, n);
	}
	*last_spelled = spelled;
}

char *bn_spell_written(const char *sentence)
{
	bn_buf b = {0};
	bn_buf_reserve(&b, 0);
	int last_spelled = 0;
	const char *p = sentence, *end = sentence + strlen(sentence);
	while (p < end) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\n'))
			p++;
		const char *w = p;
		while (p < end && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
		if (p == w)
			break;
		/* Punctuation at the word's ends is spelled apart from the word. */
		const char *core = w, *core_end, *q = w;
		while (q < p && clinging(bn_utf8_next(&q, p)))
			core = q;
		for (const char *r = w; r < core;) {
			const char *c = r;
			bn_utf8_next(&r, core);
			emit(&b, c, (size_t)(r - c), 1, &last_spelled);
		}
		/* The trailing punctuation: scan back over clinging characters. */
		const char *tail = p;
		while (tail > core) {
			const char *c = tail - 1;
			while (c > core && ((unsigned char)*c & 0xC0) == 0x80)
				c--;
			const char *t = c;
			if (!clinging(bn_utf8_next(&t, tail)))
				break;
			tail = c;
		}
		core_end = tail;
		if (core < core_end)
			emit(&b, core, (size_t)(core_end - core),
			     !ordinary_word(core, (size_t)(core_end - core)), &last_spelled);
		for (const char *r = core_end; r < p;) {
			const char *c = r;
			bn_utf8_next(&r, p);
			emit(&b, c, (size_t)(r - c), 1, &last_spelled);
		}
	}
	return bn_buf_take(&b);
}
