/* spell.c: a sentence's written form, to be read aloud as written: ordinary words are read,
 * everything else (numbers, acronyms, symbols, punctuation) is spelled character by
 * character, so that a listener learns exactly how a name, a figure or a code is written. */
#include "buf.h"
#include "reader.h"
#include "text.h"
#include "vi.h"

#include <string.h>
#include <utf8proc.h>

/* Vietnamese names of the symbols a news sentence holds. */
static const struct {
	int32_t cp;
	const char *name;
} symbols[] = {
        {'.', "chấm"},
        {',', "phẩy"},
        {';', "chấm phẩy"},
        {':', "hai chấm"},
        {'!', "chấm than"},
        {'?', "chấm hỏi"},
        {'/', "gạch chéo"},
        {'\\', "gạch chéo ngược"},
        {'-', "gạch ngang"},
        {'_', "gạch dưới"},
        {'(', "mở ngoặc"},
        {')', "đóng ngoặc"},
        {'[', "mở ngoặc vuông"},
        {']', "đóng ngoặc vuông"},
        {'"', "ngoặc kép"},
        {'\'', "nháy đơn"},
        {'%', "phần trăm"},
        {'&', "và"},
        {'@', "a còng"},
        {'#', "thăng"},
        {'+', "cộng"},
        {'=', "bằng"},
        {'*', "sao"},
        {'$', "đô la"},
        {'<', "nhỏ hơn"},
        {'>', "lớn hơn"},
        {0x2026, "ba chấm"},
        {0x201C, "mở ngoặc kép"},
        {0x201D, "đóng ngoặc kép"},
        {0x2013, "gạch ngang"},
        {0x2014, "gạch ngang"},
        {0x20AC, "ơ rô"},
        {0xB0, "độ"},
};

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

/* Append the name of one character. */
static void say_char(bn_buf *b, int32_t cp)
{
	if (b->len && bn_buf_last(b) != ' ')
		bn_buf_putc(b, ' ');
	if (cp >= '0' && cp <= '9') {
		bn_buf_puts(b, vi_digit_name(cp - '0'));
		return;
	}
	for (size_t i = 0; i < BN_ARRAY_LEN(symbols); i++)
		if (symbols[i].cp == cp) {
			bn_buf_puts(b, symbols[i].name);
			return;
		}
	/* Letters by their names, as a newsreader spells (capitals are not announced). */
	vi_say_letter(b, is_letter(cp) ? (int32_t)utf8proc_tolower(cp) : cp);
}

char *bn_spell_written(const char *sentence)
{
	bn_buf b = {0};
	const char *p = sentence, *end = sentence + strlen(sentence);
	while (p < end) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\n'))
			p++;
		const char *w = p;
		while (p < end && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
		if (p == w)
			break;
		if (ordinary_word(w, (size_t)(p - w))) {
			if (b.len)
				bn_buf_putc(&b, ' ');
			bn_buf_append(&b, w, (size_t)(p - w));
			continue;
		}
		/* Spelled, set apart by commas (short pauses). */
		if (b.len)
			bn_buf_puts(&b, ", ");
		const char *q = w;
		while (q < p)
			say_char(&b, bn_utf8_next(&q, p));
		bn_buf_putc(&b, ',');
	}
	return bn_buf_take(&b);
}
