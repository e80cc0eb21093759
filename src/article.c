/* article.c: the article struct's lifetime and its two printed forms, the plain text of
 * `baonoi text` and the JSON of `baonoi json`. */
#include "buf.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
