/* cues.h: what the extractor knows about news pages' markup and wording. */
#ifndef BN_CUES_H
#define BN_CUES_H

#include <libxml/tree.h>

/* What an element's class, id, component name, role, type and itemprop say of it, as bits,
 * all at once (each name read once):
 * NEGATIVE  a box that is not the article (navigation, share bars, related, ads, comments);
 * POSITIVE  the article's own container (articleBody, fck_detail, singular-content);
 * CAPTION   an image caption or photo credit (figcaption, PhotoCMS_Caption, p.Image);
 * LEAD      a lead paragraph (sapo, lead, summary);
 * GALLERY   a photo gallery or slideshow (not the page's own frame): its text is captions. */
enum {
	BN_CUE_NEGATIVE = 1,
	BN_CUE_POSITIVE = 2,
	BN_CUE_CAPTION = 4,
	BN_CUE_LEAD = 8,
	BN_CUE_GALLERY = 16
};
unsigned bn_cue_flags(const xmlNode *n);
/* 1 when text is the label of a related, promo, follow or comment box ("Tin liên quan",
 * "Đừng bỏ lỡ", "Theo dõi X trên", "Read more"). */
int bn_cue_box_label(const char *text);
/* 0 when no box label can start with this byte (the first of a text): most texts are ruled
 * out before they are cleaned and casefolded. */
int bn_cue_label_may_start(unsigned char first);
/* 1 when text is an image caption or photo credit by its wording ("Ảnh: ...", "- Ảnh 1."). */
int bn_cue_caption_text(const char *text);
/* Where a caption's trailing photo credit begins ("... họp. (Ảnh: dangcongsan.vn)", "...
 * - Ảnh: Ngọc Thắng", "... Photo: AP"), or strlen(text) when it has none: the credit is not
 * part of what the caption says. */
size_t bn_cue_credit_start(const char *text);
/* s casefolded and in NFC (malloc'd), NULL when out of memory or invalid. */
char *bn_casefold(const char *s);

#endif
