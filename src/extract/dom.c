/* dom.c: walking and reading libxml2's HTML tree, iteratively so that deeply nested pages
 * cannot exhaust the stack. */
#include "dom.h"

#include "internal.h"
#include "text.h"

#include <string.h>

xmlNode *bn_dom_skip(xmlNode *n, const xmlNode *root)
{
	while (n && n != root) {
		if (n->next)
			return n->next;
		n = n->parent;
	}
	return NULL;
}

xmlNode *bn_dom_next(xmlNode *n, const xmlNode *root)
{
	if (n->children && n->type == XML_ELEMENT_NODE)
		return n->children;
	return bn_dom_skip(n, root);
}

int bn_dom_is(const xmlNode *n, const char *tag)
{
	return n && n->type == XML_ELEMENT_NODE && n->name[0] == (xmlChar)tag[0] &&
	       strcmp((const char *)n->name, tag) == 0;
}

int bn_dom_is_any(const xmlNode *n, const char *const *tags)
{
	if (!n || n->type != XML_ELEMENT_NODE)
		return 0;
	const char *name = (const char *)n->name;
	for (; *tags; tags++)
		if (name[0] == (*tags)[0] && strcmp(name, *tags) == 0)
			return 1;
	return 0;
}

const char *bn_dom_attr(const xmlNode *n, const char *name)
{
	if (!n || n->type != XML_ELEMENT_NODE)
		return NULL;
	int first = name[0] | 32;
	for (xmlAttr *a = n->properties; a; a = a->next) {
		if ((a->name[0] | 32) != first ||
		    bn_ascii_casecmp((const char *)a->name, name) != 0)
			continue;
		if (a->children && a->children->type == XML_TEXT_NODE && a->children->content)
			return (const char *)a->children->content;
		return "";
	}
	return NULL;
}

int bn_dom_inside(const xmlNode *n, const char *tag, const xmlNode *stop)
{
	for (; n && n != stop; n = n->parent)
		if (bn_dom_is(n, tag))
			return 1;
	return 0;
}

int bn_dom_is_heading(const xmlNode *n)
{
	static const char *const h[] = {"h1", "h2", "h3", "h4", "h5", "h6", NULL};
	return bn_dom_is_any(n, h);
}

int bn_dom_is_block(const xmlNode *n)
{
	static const char *const blocks[] = {
	        "p",      "div",     "section",    "article", "main",       "header",  "footer",
	        "aside",  "nav",     "ul",         "ol",      "li",         "dl",      "dt",
	        "dd",     "table",   "tr",         "td",      "th",         "tbody",   "thead",
	        "tfoot",  "caption", "blockquote", "pre",     "h1",         "h2",      "h3",
	        "h4",     "h5",      "h6",         "figure",  "figcaption", "address", "hr",
	        "center", "form",    "fieldset",   "body",    "details",    "summary", NULL};
	return bn_dom_is_any(n, blocks);
}

void bn_dom_text(const xmlNode *n, bn_buf *b)
{
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content)
			bn_buf_puts(b, (const char *)n->content);
		return;
	}
	if (n->type != XML_ELEMENT_NODE)
		return;
	const xmlNode *root = n;
	for (xmlNode *c = n->children; c;) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content)
				bn_buf_puts(b, (const char *)c->content);
		} else if (bn_dom_is(c, "br") || bn_dom_is_block(c)) {
			bn_buf_putc(b, ' ');
		}
		/* Descend into elements; on the way back up, a closing block also breaks words. */
		if (c->type == XML_ELEMENT_NODE && c->children) {
			c = c->children;
			continue;
		}
		while (c && c != root && !c->next) {
			c = c->parent;
			if (c != root && bn_dom_is_block(c))
				bn_buf_putc(b, ' ');
		}
		c = (c && c != root) ? c->next : NULL;
	}
}

char *bn_dom_clean_text(const xmlNode *n)
{
	bn_buf b = BN_BUF_INIT;
	bn_dom_text(n, &b);
	if (b.failed) {
		bn_buf_free(&b);
		return NULL;
	}
	char *s = bn_clean_text(b.data ? b.data : "", b.len);
	bn_buf_free(&b);
	return s;
}

void bn_dom_remove(xmlNode *n)
{
	xmlUnlinkNode(n);
	xmlFreeNode(n);
}
