/* meta.h: an article's metadata from the page around it. */
#ifndef BN_META_H
#define BN_META_H

#include "baonoi.h"

#include <libxml/tree.h>

/* Fill a's title (never NULL after this), byline, published, site_name, lang and url from doc;
 * doc_url is the address the page came from, or NULL. */
void bn_meta_read(xmlDoc *doc, const char *doc_url, bn_article *a);

/* 1 when title is heading followed by a separator (" - ", " | ", "_"...) and more parts: the
 * page's title with its section and site names after the headline. */
int bn_meta_heading_then_parts(const char *title, const char *heading);

#endif
