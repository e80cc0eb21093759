/* plaintext.c: the article in a plain-text document. Paragraphs are separated by blank
 * lines; the first is the title; lines within a paragraph are joined. */
#include "extract.h"
#include "internal.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

/* Find the next paragraph at or after *p: its start and length; advance *p past it. */
static int next_paragraph(const char **p, const char *end, const char **start, size_t *len)
{
	const char *s = *p;
	/* Skip blank lines. */
	for (;;) {
		const char *q = s;
		while (q < end && (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\f'))
			q++;
		if (q < end && *q == '\n') {
			s = q + 1;
			continue;
		}
		if (q >= end)
			return 0;
		break;
	}
	const char *e = s;
	while (e < end) {
		const char *nl = memchr(e, '\n', (size_t)(end - e));
		if (!nl) {
			e = end;
			break;
		}
		const char *q = nl + 1;
		while (q < end && (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\f'))
			q++;
		if (q >= end || *q == '\n') {
			e = nl;
			break;
		}
		e = nl + 1;
	}
	*start = s;
	*len = (size_t)(e - s);
	*p = e;
	return 1;
}

bn_status bn_extract_text(const bn_document *doc, bn_article **out, bn_error *err)
{
	*out = NULL;
	bn_article *a = calloc(1, sizeof *a);
	if (!a)
		return bn_fail(err, BN_ERR_INTERNAL, "%s: out of memory", doc->source);
	size_t cap = 0;
	const char *p = doc->data, *end = doc->data + doc->len, *start;
	size_t len;
	while (next_paragraph(&p, end, &start, &len)) {
		char *t = bn_clean_text(start, len);
		if (!t)
			goto oom;
		if (!*t) {
			free(t);
			continue;
		}
		if (!a->title) {
			a->title = t;
			continue;
		}
		if (a->nblocks == cap) {
			size_t ncap = cap ? 2 * cap : 16;
			bn_block *b = realloc(a->blocks, ncap * sizeof *b);
			if (!b) {
				free(t);
				goto oom;
			}
			a->blocks = b;
			cap = ncap;
		}
		a->blocks[a->nblocks].type = BN_BLOCK_PARAGRAPH;
		a->blocks[a->nblocks++].text = t;
	}
	if (!a->title) {
		bn_article_free(a);
		return bn_fail(err, BN_ERR_NO_ARTICLE, "%s: no article found (no text)",
		               doc->source);
	}
	*out = a;
	return BN_OK;
oom:
	bn_article_free(a);
	return bn_fail(err, BN_ERR_INTERNAL, "%s: out of memory", doc->source);
}
