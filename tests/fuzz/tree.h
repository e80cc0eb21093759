/* tree.h: the property the pre-parse scan must keep (preparse.c): a page without its spans
 * parses, in libxml2, to the same tree as the whole page once the attributes the extractor does
 * not read and the text of scripts and styles are set aside. Shared by the unit test
 * (test_preparse.c) and the fuzz target (fuzz_preparse.c). */
#ifndef BN_TEST_TREE_H
#define BN_TEST_TREE_H

#include "buf.h"
#include "preparse.h"

#include <libxml/HTMLparser.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The attributes the tests treat as wanted: a few the extractor reads. */
static int test_wanted(const char *name, size_t len)
{
	static const char *const keep[] = {"class", "id", "href", "type", "content", "name", NULL};
	for (size_t i = 0; keep[i]; i++)
		if (strlen(keep[i]) == len && strncasecmp(keep[i], name, len) == 0)
			return 1;
	return 0;
}

/* Append to b a text form of the tree under n: names, wanted attributes, text and comments;
 * a script's text only when it is JSON-LD (kept by the scan), a style's never. */
static void tree_text(const xmlNode *n, int in_raw, bn_buf *b)
{
	for (; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE) {
			bn_buf_printf(b, "<%s", (const char *)n->name);
			int script = xmlStrEqual(n->name, BAD_CAST "script");
			int raw = script || xmlStrEqual(n->name, BAD_CAST "style");
			for (const xmlAttr *a = n->properties; a; a = a->next) {
				if (!test_wanted((const char *)a->name,
				                 strlen((const char *)a->name)))
					continue;
				xmlChar *v = xmlNodeGetContent((const xmlNode *)a);
				bn_buf_printf(b, " %s=[%s]", (const char *)a->name,
				              v ? (char *)v : "");
				/* Only a script's JSON-LD is metadata (a style typed so is not). */
				if (script && xmlStrEqual(a->name, BAD_CAST "type") && v &&
				    strstr((char *)v, "ld+json"))
					raw = 0;
				xmlFree(v);
			}
			bn_buf_puts(b, ">");
			tree_text(n->children, raw, b);
			bn_buf_printf(b, "</%s>", (const char *)n->name);
		} else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
		           !in_raw) {
			bn_buf_printf(b, "%s", n->content ? (const char *)n->content : "");
		} else if (n->type == XML_COMMENT_NODE) {
			bn_buf_printf(b, "<!--%s-->", n->content ? (const char *)n->content : "");
		}
	}
}

/* The text form of html as libxml2 parses it (malloc'd). */
static char *parsed_tree(const char *html, size_t len)
{
	htmlDocPtr doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
	                                HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
	                                        HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	bn_buf b = BN_BUF_INIT;
	bn_buf_puts(&b, "");
	if (doc)
		tree_text(doc->children, 0, &b);
	xmlFreeDoc(doc);
	if (b.failed)
		abort();
	return b.data;
}

/* 1 when the page without the spans (test_wanted's attributes dropped) parses to the same tree
 * as the whole page, unwanted attributes and script text set aside. */
static int same_tree(const char *s, size_t len)
{
	bn_span *sp = NULL;
	size_t n;
	if (bn_preparse(s, len, test_wanted, &sp, &n) != 0)
		abort();
	char *reduced = malloc(len + 1);
	if (!reduced)
		abort();
	size_t r = 0, from = 0;
	for (size_t k = 0; k < n; k++) {
		if (!(sp[k].start >= from && sp[k].end >= sp[k].start && sp[k].end <= len))
			abort(); /* spans out of order or outside the page */
		memcpy(reduced + r, s + from, sp[k].start - from);
		r += sp[k].start - from;
		from = sp[k].end;
	}
	memcpy(reduced + r, s + from, len - from);
	r += len - from;
	char *whole = parsed_tree(s, len), *part = parsed_tree(reduced, r);
	int same = strcmp(whole, part) == 0;
	free(whole);
	free(part);
	free(reduced);
	free(sp);
	return same;
}

#endif
