/* vi_spell.c: the Vietnamese names of single characters (digits, letters, symbols), for
 * spelling a sentence as written, reading punctuation aloud and typing echo. */
#include "buf.h"
#include "internal.h"
#include "vi.h"

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

const char *vi_symbol_name(int32_t cp)
{
	for (size_t i = 0; i < BN_ARRAY_LEN(symbols); i++)
		if (symbols[i].cp == cp)
			return symbols[i].name;
	return NULL;
}

void vi_say_char(bn_buf *b, int32_t cp)
{
	if (b->len && bn_buf_last(b) != ' ')
		bn_buf_putc(b, ' ');
	if (cp >= '0' && cp <= '9') {
		bn_buf_puts(b, vi_digit_name(cp - '0'));
		return;
	}
	if (cp == ' ') {
		bn_buf_puts(b, "cách");
		return;
	}
	const char *name = vi_symbol_name(cp);
	if (name) {
		bn_buf_puts(b, name);
		return;
	}
	/* Letters by their names, as a newsreader spells (capitals are not announced). */
	utf8proc_category_t c = utf8proc_category(cp);
	int letter = c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL;
	vi_say_letter(b, letter ? (int32_t)utf8proc_tolower(cp) : cp);
}
