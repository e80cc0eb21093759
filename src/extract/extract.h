/* extract.h: what the extract stage offers the rest of baonoi beyond baonoi.h: plain-text
 * documents and the article's language. */
#ifndef BN_EXTRACT_H
#define BN_EXTRACT_H

#include "baonoi.h"

/* Settle the article's language from its text where the page's declaration is missing or
 * plainly wrong: Vietnamese letters make it "vi" (many Vietnamese pages declare "en"); a long
 * text with none, undeclared or declared Vietnamese, is "en" when it has no accented letter. */
void bn_article_settle_language(bn_article *a);

/* The article in a plain-text document: the first paragraph is the title (plaintext.c). */
bn_status bn_extract_text(const bn_document *doc, bn_article **out, bn_error *err);

#endif
