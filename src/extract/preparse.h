/* preparse.h: the bodies of a page's scripts and styles, found before parsing, so that the
 * parser is not made to read them (the extractor drops them; they are often most of a page). */
#ifndef BN_PREPARSE_H
#define BN_PREPARSE_H

#include <stddef.h>

/* A range of bytes [start, end) of a page. */
typedef struct bn_span {
	size_t start, end;
} bn_span;

/* 1 when the extractor reads the attribute named name (len bytes, any case). */
typedef int (*bn_attribute_wanted)(const char *name, size_t len);

/* The bytes of html the parser need not read, in document order and disjoint, in a malloc'd
 * array *out of *count spans (NULL and 0 when there are none): the bodies of scripts (JSON-LD
 * aside) and styles, and the attributes wanted does not want (each with the blanks before it).
 * Only spans on which HTML parsers agree are given: the scan stops at the first construct that
 * libxml2 2.9's parser and the HTML5 tokenizer (libxml2 2.14 and later) could read
 * differently, and leaves alone the attributes of a tag they could split differently. Returns
 * 0, or -1 when out of memory. */
int bn_preparse(const char *html, size_t len, bn_attribute_wanted wanted, bn_span **out,
                size_t *count);

#endif
