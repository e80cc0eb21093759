/* article.c: the article struct's lifetime and its two printed forms, the plain text of
 * `baonoi text` and the JSON of `baonoi json`. */
#include "buf.h"
#include "extract.h"
#include "internal.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

const char *bn_block_type_name(bn_block_type type)
{
	switch (type) {
	case BN_BLOCK_PARAGRAPH: return "paragraph";
	case BN_BLOCK_HEADING: return "heading";
	case BN_BLOCK_QUOTE: return "quote";
	case BN_BLOCK_LIST_ITEM: return "list_item";
	case BN_BLOCK_CAPTION: return "caption";
	case BN_BLOCK_TITLE: return "title";
	}
	return "paragraph";
}

void bn_article_free(bn_article *a)
{
	if (!a)
		return;
	free(a->url);
	free(a->title);
	free(a->byline);
	free(a->published);
	free(a->site_name);
	free(a->lang);
	for (size_t i = 0; i < a->nblocks; i++)
		free(a->blocks[i].text);
	free(a->blocks);
	free(a);
}

char *bn_article_to_text(const bn_article *a)
{
	bn_buf b = BN_BUF_INIT;
	bn_buf_puts(&b, a->title ? a->title : "");
	bn_buf_putc(&b, '\n');
	for (size_t i = 0; i < a->nblocks; i++) {
		bn_buf_putc(&b, '\n');
		bn_buf_puts(&b, a->blocks[i].text);
		bn_buf_putc(&b, '\n');
	}
	return bn_buf_take(&b);
}

/* Append s as a JSON string, or null. */
static void json_string(bn_buf *b, const char *s)
{
	if (!s) {
		bn_buf_puts(b, "null");
		return;
	}
	bn_buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': bn_buf_puts(b, "\\\""); break;
		case '\\': bn_buf_puts(b, "\\\\"); break;
		case '\n': bn_buf_puts(b, "\\n"); break;
		case '\r': bn_buf_puts(b, "\\r"); break;
		case '\t': bn_buf_puts(b, "\\t"); break;
		default:
			if (*p < 0x20)
				bn_buf_printf(b, "\\u%04x", *p);
			else
				bn_buf_putc(b, (char)*p);
		}
	}
	bn_buf_putc(b, '"');
}

char *bn_article_to_json(const bn_article *a)
{
	bn_buf b = BN_BUF_INIT;
	const char *keys[] = {"url", "title", "byline", "published", "site_name", "lang"};
	const char *values[] = {a->url, a->title, a->byline, a->published, a->site_name, a->lang};
	bn_buf_putc(&b, '{');
	for (size_t i = 0; i < BN_ARRAY_LEN(keys); i++) {
		bn_buf_printf(&b, "\"%s\":", keys[i]);
		json_string(&b, values[i]);
		bn_buf_putc(&b, ',');
	}
	bn_buf_puts(&b, "\"blocks\":[");
	for (size_t i = 0; i < a->nblocks; i++) {
		bn_buf_puts(&b, i ? ",{\"type\":" : "{\"type\":");
		json_string(&b, bn_block_type_name(a->blocks[i].type));
		bn_buf_puts(&b, ",\"text\":");
		json_string(&b, a->blocks[i].text);
		bn_buf_putc(&b, '}');
	}
	bn_buf_puts(&b, "]}\n");
	return bn_buf_take(&b);
}

char *bn_article_meta_sentence(const bn_article *a)
{
	int y = 0, m = 0, d = 0;
	int has_date = a->published && sscanf(a->published, "%4d-%2d-%2d", &y, &m, &d) == 3 &&
	               m >= 1 && m <= 12 && d >= 1 && d <= 31;
	int has_byline = a->byline && *a->byline;
	if (!has_date && !has_byline)
		return NULL;
	bn_buf b = BN_BUF_INIT;
	if (has_byline)
		bn_buf_puts(&b, a->byline);
	if (has_date)
		bn_buf_printf(&b, "%sgày %d/%d/%d", has_byline ? ", n" : "N", d, m, y);
	/* A sentence of its own: end it unless the byline already does. */
	char last = bn_buf_last(&b);
	if (last != '.' && last != '!' && last != '?')
		bn_buf_putc(&b, '.');
	return bn_buf_take(&b);
}

/* Letters that only Vietnamese writes among the Latin scripts: đ, ă, ơ, ư and the vowels with
 * tone marks of Latin Extended Additional (ạ, ả, ấ ... ỹ). */
static int vietnamese_letter(int32_t c)
{
	return c == 0x0110 || c == 0x0111 || c == 0x0102 || c == 0x0103 || c == 0x01A0 ||
	       c == 0x01A1 || c == 0x01AF || c == 0x01B0 || (c >= 0x1EA0 && c <= 0x1EF9);
}

/* Count letters, Vietnamese letters and ASCII letters in text. */
static void count_letters(const char *text, size_t *letters, size_t *vietnamese, size_t *ascii)
{
	const char *p = text, *end = text + strlen(text);
	while (p < end) {
		int32_t c = bn_utf8_next(&p, end);
		if (c < 0)
			continue;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			++*letters, ++*ascii;
		else if (c >= 0xC0 && utf8proc_isupper(c) + utf8proc_islower(c))
			++*letters, *vietnamese += vietnamese_letter(c);
	}
}

void bn_article_settle_language(bn_article *a)
{
	size_t letters = 0, vietnamese = 0, ascii = 0;
	if (a->title)
		count_letters(a->title, &letters, &vietnamese, &ascii);
	for (size_t i = 0; i < a->nblocks && letters < 20000; i++)
		count_letters(a->blocks[i].text, &letters, &vietnamese, &ascii);
	int declared_vi = !a->lang || bn_ascii_ncasecmp(a->lang, "vi", 2) == 0;
	/* Vietnamese text has a letter of its own in every few words (a fifth of all letters is
	 * usual): one in a hundred is Vietnamese whatever the page declares (templates often
	 * say lang="en"); a few stray ones are names quoted in another language. */
	const char *lang = NULL;
	if (letters && vietnamese * 100 >= letters)
		lang = declared_vi && a->lang ? NULL : "vi";
	else if (letters >= 200 && vietnamese * 1000 < letters && declared_vi)
		lang = ascii * 1000 >= letters * 995 ? "en" : NULL; /* no accents at all: English */
	if (!lang)
		return;
	char *copy = bn_strndup(lang, strlen(lang));
	if (!copy)
		return;
	free(a->lang);
	a->lang = copy;
}
