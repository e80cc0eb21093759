/* rawtext.h: the bodies of a page's scripts and styles, found before parsing, so that the
 * parser is not made to read them (the extractor drops them; they are often most of a page). */
#ifndef BN_RAWTEXT_H
#define BN_RAWTEXT_H

#include <stddef.h>

/* A range of bytes [start, end) of a page. */
typedef struct bn_span {
	size_t start, end;
} bn_span;

/* The bodies of the scripts (JSON data aside) and styles of html, in document order, in a
 * malloc'd array *out of *count spans (NULL and 0 when there are none). Only bodies on which
 * HTML parsers agree are given: the scan stops at the first construct that libxml2 2.9's parser
 * and the HTML5 tokenizer (libxml2 2.14 and later) could read differently. Returns 0, or -1
 * when out of memory. */
int bn_raw_bodies(const char *html, size_t len, bn_span **out, size_t *count);

#endif
