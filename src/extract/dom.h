/* dom.h: walking and reading libxml2's HTML tree: a pre-order iterator, tag and attribute
 * tests, and text gathering. */
#ifndef BN_DOM_H
#define BN_DOM_H

#include "buf.h"

#include <libxml/tree.h>
#include <stddef.h>

/* The node after n in document order within root (descending into n's children). */
xmlNode *bn_dom_next(xmlNode *n, const xmlNode *root);
/* The node after n in document order within root, skipping n's children. */
xmlNode *bn_dom_skip(xmlNode *n, const xmlNode *root);
/* 1 when n is an element named tag (lower case). */
int bn_dom_is(const xmlNode *n, const char *tag);
/* 1 when n is an element and its name is one of the NULL-terminated list. */
int bn_dom_is_any(const xmlNode *n, const char *const *tags);
/* An attribute's value, borrowed from the tree (no allocation), or NULL. */
const char *bn_dom_attr(const xmlNode *n, const char *name);
/* 1 when n or an ancestor (up to, not including, stop) is an element named tag. */
int bn_dom_inside(const xmlNode *n, const char *tag, const xmlNode *stop);
/* 1 when n is h1-h6. */
int bn_dom_is_heading(const xmlNode *n);
/* 1 when n is a block-level element (its text starts a new line). */
int bn_dom_is_block(const xmlNode *n);
/* Append the text under n to b, with a space for each <br> and block boundary. */
void bn_dom_text(const xmlNode *n, bn_buf *b);
/* The text under n as one clean NFC line (malloc'd), or NULL when out of memory. */
char *bn_dom_clean_text(const xmlNode *n);
/* Unlink and free n. */
void bn_dom_remove(xmlNode *n);

#endif
