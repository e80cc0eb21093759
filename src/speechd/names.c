/* names.c: what a screen reader's typing echo and punctuation settings need said in
 * Vietnamese: a character's name (CHAR), a key's name (KEY, with Speech Dispatcher's key
 * names and their combinations, "shift_a"), every character spelled (spelling mode), and the
 * punctuation read aloud (punctuation mode). Characters are named as `baonoi -i` spells. */
#include "buf.h"
#include "sd.h"
#include "text.h"
#include "vi.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Append one character's name, with "hoa" after a capital when cap_let. */
static void say_char(bn_buf *b, int32_t cp, int cap_let)
{
	vi_say_char(b, cp);
	if (cap_let && utf8proc_category(cp) == UTF8PROC_CATEGORY_LU)
		bn_buf_puts(b, " hoa");
}

char *sd_char_spoken(const char *text, int cap_let)
{
	bn_buf b = {0};
	bn_buf_reserve(&b, 0);
	const char *p = text, *end = text + strlen(text);
	if (!strcmp(text, "space"))
		bn_buf_puts(&b, "cách");
	while (b.len == 0 && p < end) /* the first character (one is sent) */
		say_char(&b, bn_utf8_next(&p, end), cap_let);
	return bn_buf_take(&b);
}

char *sd_spell_all(const char *text, int cap_let)
{
	bn_buf b = {0};
	bn_buf_reserve(&b, 0);
	const char *p = text, *end = text + strlen(text);
	while (p < end) {
		int32_t cp = bn_utf8_next(&p, end);
		if (cp == '\n' || cp == '\t' || cp == '\r')
			cp = ' ';
		if (b.len)
			bn_buf_puts(&b, ", ");
		say_char(&b, cp, cap_let);
	}
	return bn_buf_take(&b);
}

/* Speech Dispatcher's key names (SSIP's KEY) and what they are called. */
static const struct {
	const char *key, *spoken;
} keys[] = {
        {"space", "cách"},
        {"underscore", "gạch dưới"},
        {"double-quote", "ngoặc kép"},
        {"alt", "an"},
        {"control", "con trôn"},
        {"hyper", "hai pơ"},
        {"meta", "mê ta"},
        {"shift", "síp"},
        {"super", "phím cửa sổ"},
        {"window", "phím cửa sổ"},
        {"backspace", "xóa lùi"},
        {"break", "brếch"},
        {"delete", "xóa"},
        {"down", "mũi tên xuống"},
        {"end", "en"},
        {"enter", "en tơ"},
        {"return", "en tơ"},
        {"escape", "thoát"},
        {"home", "hôm"},
        {"insert", "chèn"},
        {"left", "mũi tên trái"},
        {"right", "mũi tên phải"},
        {"up", "mũi tên lên"},
        {"menu", "mê nu"},
        {"next", "xuống trang"},
        {"prior", "lên trang"},
        {"num-lock", "khóa số"},
        {"caps-lock", "khóa chữ hoa"},
        {"scroll-lock", "khóa cuộn"},
        {"pause", "tạm dừng"},
        {"print", "in màn hình"},
        {"tab", "táp"},
        {"kp-enter", "en tơ bàn phím số"},
};

/* Append the name of one key (no modifiers). */
static void say_key(bn_buf *b, const char *k)
{
	if (b->len)
		bn_buf_putc(b, ' ');
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (!strcmp(k, keys[i].key)) {
			bn_buf_puts(b, keys[i].spoken);
			return;
		}
	if ((k[0] == 'f' || k[0] == 'F') && k[1] >= '1' && k[1] <= '9' && strlen(k) <= 3) {
		vi_say_letter(b, 'f');
		bn_buf_putc(b, ' ');
		vi_say_cardinal(b, k + 1, strlen(k + 1), BN_REGION_NORTH);
		return;
	}
	if (!strncmp(k, "kp-", 3) && k[3]) {
		bn_buf_puts(b, "bàn phím số");
		k += 3;
	}
	const char *p = k, *end = k + strlen(k);
	while (p < end)
		say_char(b, bn_utf8_next(&p, end), 1);
}

char *sd_key_spoken(const char *text)
{
	bn_buf b = {0};
	bn_buf_reserve(&b, 0);
	/* "shift_a", "control_alt_delete": modifiers and a key, joined by '_' (a lone "_" is the
	 * underscore key itself). */
	char *copy = strdup(text);
	if (!copy)
		return NULL;
	char *part = copy, *next;
	while (part && *part) {
		next = strchr(part + 1, '_');
		if (next)
			*next++ = '\0';
		say_key(&b, part);
		part = next;
	}
	free(copy);
	return bn_buf_take(&b);
}

/* 1 for the sentence punctuation kept after its name, for the intonation. */
static int sentence_mark(int32_t cp)
{
	return cp == '.' || cp == ',' || cp == ';' || cp == ':' || cp == '!' || cp == '?';
}

/* 1 for the symbols "some" punctuation reads: those baonoi's reading says nothing of. */
static int some_symbol(int32_t cp)
{
	return cp == '@' || cp == '#' || cp == '*' || cp == '_' || cp == '\\' || cp == '<' ||
	       cp == '>' || cp == '~' || cp == '^' || cp == '|' || cp == '=' || cp == '+';
}

static int is_digit(int32_t cp)
{
	return cp >= '0' && cp <= '9';
}

char *sd_name_punctuation(const char *text, sd_punct mode)
{
	bn_buf b = {0};
	bn_buf_reserve(&b, 0);
	const char *p = text, *end = text + strlen(text);
	int32_t prev = 0;
	while (p < end) {
		const char *at = p;
		int32_t cp = bn_utf8_next(&p, end);
		const char *after = p;
		int32_t next = p < end ? bn_utf8_next(&after, end) : 0;
		const char *name = mode == SD_PUNCT_NONE ? NULL : vi_symbol_name(cp);
		/* The separators of a number (1.000, 3,5, 22/5) are part of it. */
		int in_number = (cp == '.' || cp == ',' || cp == '/' || cp == ':') &&
		                is_digit(prev) && is_digit(next);
		if (!name || in_number || (mode != SD_PUNCT_ALL && !some_symbol(cp))) {
			bn_buf_append(&b, at, (size_t)(p - at));
		} else {
			bn_buf_putc(&b, ' ');
			bn_buf_puts(&b, name);
			if (sentence_mark(cp))
				bn_buf_append(&b, at, (size_t)(p - at));
			bn_buf_putc(&b, ' ');
		}
		prev = cp;
	}
	return bn_buf_take(&b);
}
