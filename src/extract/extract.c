/* extract.c: finds the article in an HTML page. It parses with libxml2, prunes what is never
 * article text (scripts, hidden and navigation elements, boilerplate boxes, captions), scores
 * the remaining paragraphs' containers the way Readability does, joins the best container
 * with its article-like siblings and the lead before it, and emits the blocks in order. */
#include "extract.h"
#include "cues.h"
#include "dom.h"
#include "internal.h"
#include "meta.h"
#include "preparse.h"
#include "text.h"

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EMIT_DEPTH 400

/* What the extractor knows about one element; hung on the node's _private. */
typedef struct stats {
	size_t order;  /* pre-order position, for document-order comparisons */
	size_t text;   /* visible characters (not spaces) under the element */
	size_t link;   /* of which inside <a> */
	size_t ptext;  /* characters in paragraph elements (<p>, <pre>, <td>) under it */
	double score;  /* content score (Readability) */
	int candidate; /* score has been initialised */
	int included;  /* chosen for output */
	unsigned cues; /* BN_CUE_* bits, once CUE_KNOWN is set */
} stats;

/* Set in stats.cues once bn_cue_flags has been asked for the element (its BN_CUE_* bits). */
#define CUE_KNOWN 0x100u

typedef struct extractor {
	xmlDoc *doc;
	xmlNode *body;
	stats *st;
	size_t nst;
	size_t total_ptext;
	int keep_captions;
	const char *title;
	bn_block *blocks;
	size_t nblocks, capblocks;
	char *signature;   /* the author's name signed at the end, if any */
	int link_headings; /* headings that are links: a list of articles, not one */
	int lead_apart;    /* the lead was found apart and read first */
	char *headline;    /* a block found to be the title without the site's parts */
	int failed;
} extractor;

static stats *S(const xmlNode *n)
{
	return n && n->type == XML_ELEMENT_NODE ? (stats *)n->_private : NULL;
}

/* Count visible characters in UTF-8 text: code points that are not ASCII white space. */
static size_t visible_chars(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80 && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' &&
		    *p != '\f')
			n++;
	return n;
}

static const char *const paragraph_tags[] = {"p", "pre", "td", NULL};

/* Compute text, link and paragraph-text counts for every element under the body, bottom up,
 * and hang them on _private. Returns -1 when out of memory. */
static int compute_stats(extractor *x)
{
	size_t count = 0;
	for (xmlNode *n = x->body; n; n = bn_dom_next(n, x->body))
		if (n->type == XML_ELEMENT_NODE)
			count++;
	xmlNode **order = malloc(count * sizeof *order);
	stats *st = calloc(count ? count : 1, sizeof *st);
	if (!order || !st) {
		free(order);
		free(st);
		return -1;
	}
	free(x->st);
	x->st = st;
	x->nst = count;
	size_t i = 0;
	for (xmlNode *n = x->body; n; n = bn_dom_next(n, x->body)) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		st[i].order = i;
		n->_private = &st[i];
		order[i++] = n;
	}
	/* Reverse pre-order visits children before their parents. */
	while (i-- > 0) {
		xmlNode *n = order[i];
		stats *s = &st[i];
		for (xmlNode *c = n->children; c; c = c->next) {
			if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
				s->text += c->content ? visible_chars((const char *)c->content) : 0;
			} else if (c->type == XML_ELEMENT_NODE) {
				stats *cs = S(c);
				s->text += cs->text;
				s->link += cs->link;
				s->ptext += cs->ptext;
			}
		}
		if (bn_dom_is(n, "a"))
			s->link = s->text;
		if (bn_dom_is_any(n, paragraph_tags))
			s->ptext = s->text;
	}
	x->total_ptext = S(x->body)->ptext;
	free(order);
	return 0;
}

/* 1 when n (an element) has the cue (a BN_CUE_* bit): what its names say is worked out once
 * per element, all cues at once. Elements outside the counted tree are asked directly. */
static int has_cue(const xmlNode *n, unsigned cue)
{
	stats *st = S(n);
	if (!st)
		return (bn_cue_flags(n) & cue) != 0;
	if (!(st->cues & CUE_KNOWN))
		st->cues = CUE_KNOWN | bn_cue_flags(n);
	return (st->cues & cue) != 0;
}

static double link_density(const stats *s)
{
	return s->text ? (double)s->link / (double)s->text : 0.0;
}

/* 1 when n is hidden from readers: the hidden attribute, aria-hidden, or an inline style. */
static int is_hidden(const xmlNode *n)
{
	if (bn_dom_attr(n, "hidden"))
		return 1;
	const char *aria = bn_dom_attr(n, "aria-hidden");
	if (aria && bn_ascii_casecmp(aria, "true") == 0)
		return 1;
	const char *style = bn_dom_attr(n, "style");
	if (!style)
		return 0;
	char squashed[256];
	size_t k = 0;
	for (const char *p = style; *p && k + 1 < sizeof squashed; p++)
		if (*p != ' ' && *p != '\t' && *p != '\n')
			squashed[k++] = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
	squashed[k] = '\0';
	return strstr(squashed, "display:none") || strstr(squashed, "visibility:hidden");
}

/* Remove what is never article text, whatever its place: code, media, forms' widgets, hidden
 * elements. Done before the counts so that their text does not weigh. */
static void prune_invisible(extractor *x)
{
	static const char *const never[] = {
	        "script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
	        "canvas", "input", "select",   "textarea", "button", "video",  "audio", "map",
	        "link",   "meta",  "dialog",   "head",     "title",  "source", "track", NULL};
	for (xmlNode *n = x->body; n;) {
		if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE ||
		    (n != x->body && n->type == XML_ELEMENT_NODE &&
		     (bn_dom_is_any(n, never) || is_hidden(n)))) {
			xmlNode *next = bn_dom_skip(n, x->body);
			bn_dom_remove(n);
			n = next;
			continue;
		}
		n = bn_dom_next(n, x->body);
	}
}

/* The share of the page's paragraph text under n. */
static double ptext_share(const extractor *x, const xmlNode *n)
{
	return x->total_ptext ? (double)S(n)->ptext / (double)x->total_ptext : 0.0;
}

/* 1 when some element under n (or n) has a lead cue. */
static int holds_lead(const xmlNode *n)
{
	for (const xmlNode *c = n; c; c = bn_dom_next((xmlNode *)c, n))
		if (c->type == XML_ELEMENT_NODE && has_cue(c, BN_CUE_LEAD))
			return 1;
	return 0;
}

/* The text of n if it is short enough to be a label (a heading or a leaf-like element),
 * malloc'd; NULL otherwise. */
static char *label_text(const xmlNode *n)
{
	if (S(n)->text == 0 || S(n)->text > 80)
		return NULL;
	for (const xmlNode *c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && bn_dom_is_block(c) && !bn_dom_is_heading(c) &&
		    S(c)->text > 0 && !bn_dom_is(c, "div") && !bn_dom_is(c, "span"))
			return NULL;
	/* Most short texts cannot be a label by their first letter: skip their cleaning. */
	for (const xmlNode *c = n; c; c = bn_dom_next((xmlNode *)c, n))
		if (c->type == XML_TEXT_NODE && c->content) {
			const char *t = (const char *)c->content;
			t += strspn(t, " \t\r\n");
			if (*t)
				return bn_cue_label_may_start((unsigned char)*t)
				               ? bn_dom_clean_text(n)
				               : NULL;
		}
	return NULL;
}

/* The box a label heads: its ancestors while they hold under half the page's paragraph text
 * and are not the page's main containers. */
static xmlNode *box_of_label(const extractor *x, xmlNode *label)
{
	xmlNode *box = label;
	for (xmlNode *p = label->parent; p && p != x->body; p = p->parent) {
		if (p->type != XML_ELEMENT_NODE || bn_dom_is(p, "article") || bn_dom_is(p, "main"))
			break;
		if (ptext_share(x, p) >= 0.5 ||
		    (x->total_ptext == 0 && S(p)->text > 4 * S(label)->text + 400))
			break;
		if (has_cue(p, BN_CUE_POSITIVE) && ptext_share(x, p) > 0.2)
			break;
		box = p;
	}
	return box;
}

/* Remove a label that sits inside the article's text, with the run of links after it. */
static xmlNode *remove_inline_label(xmlNode *label)
{
	xmlNode *next = bn_dom_skip(label, NULL);
	while (next && next->parent == label->parent && next->type == XML_ELEMENT_NODE &&
	       (bn_dom_is(next, "ul") || bn_dom_is(next, "ol") ||
	        (S(next) && S(next)->text > 0 && link_density(S(next)) > 0.6))) {
		xmlNode *after = next->next;
		bn_dom_remove(next);
		next = after;
	}
	return label;
}

static int is_signature(const xmlNode *n);

/* 1 when n is a word inside a sentence: an inline element with text beside it ("advances in
 * <a class="keywords">neuroscience</a>, it has"). Its name (a glossary link, a popup note)
 * says nothing of a box: it is read with the sentence. */
static int in_running_text(const xmlNode *n)
{
	if (bn_dom_is_block(n))
		return 0;
	for (const xmlNode *s = n->prev; s; s = s->prev)
		if (s->type == XML_TEXT_NODE && s->content &&
		    visible_chars((const char *)s->content))
			return 1;
	for (const xmlNode *s = n->next; s; s = s->next)
		if (s->type == XML_TEXT_NODE && s->content &&
		    visible_chars((const char *)s->content))
			return 1;
	return 0;
}

/* 1 when n holds an <h1>: the page's own heading is not inside a box. */
static int holds_title(const xmlNode *n)
{
	for (const xmlNode *c = n; c; c = bn_dom_next((xmlNode *)c, n))
		if (c->type == XML_ELEMENT_NODE && bn_dom_is(c, "h1"))
			return 1;
	return 0;
}

/* Remove boilerplate: navigation, page headers, footers and asides outside the article,
 * elements whose names say they are not the article, boxes headed by a related/promo label,
 * and captions (kept and marked when the caller wants them). Counts must be current. */
static void prune_boilerplate(extractor *x)
{
	for (xmlNode *n = x->body->children; n;) {
		if (n->type != XML_ELEMENT_NODE) {
			n = bn_dom_next(n, x->body);
			continue;
		}
		xmlNode *victim = NULL;
		double share = ptext_share(x, n);
		if (bn_dom_is(n, "nav")) {
			victim = n;
		} else if (bn_dom_is(n, "form") && share < 0.1 && S(n)->text < 500) {
			/* A small form is a sign-up, search or comment box; a form around the
			 * whole page (ASP.NET sites) holds the article and stays. */
			victim = n;
		} else if (bn_dom_is(n, "header") || bn_dom_is(n, "footer") ||
		           bn_dom_is(n, "aside")) {
			int in_article = bn_dom_inside(n->parent, "article", x->body) ||
			                 bn_dom_inside(n->parent, "main", x->body);
			if (in_article ? (!bn_dom_is(n, "header") && share < 0.2)
			               : (share < 0.5 && !holds_lead(n)))
				victim = n;
		} else if (has_cue(n, BN_CUE_NEGATIVE) && share < 0.5 && !holds_lead(n) &&
		           !in_running_text(n)) {
			/* An author's signature named "author": its name is the byline. */
			if (!x->signature && is_signature(n))
				x->signature = bn_dom_clean_text(n);
			victim = n;
		} else if (has_cue(n, BN_CUE_CAPTION) && !x->keep_captions && S(n)->text < 400 &&
		           share < 0.1) {
			victim = n;
		} else if (!x->keep_captions && has_cue(n, BN_CUE_GALLERY) && !holds_lead(n) &&
		           !holds_title(n)) {
			/* A gallery's text is its photos' captions, however long; a photo story
			 * made of one is read on the retry with captions (bn_extract). */
			victim = n;
		} else if (S(n)->text <= 80) {
			char *label = label_text(n);
			if (label && bn_cue_box_label(label)) {
				xmlNode *box = box_of_label(x, n);
				victim = box == n && share == 0.0 ? remove_inline_label(n) : box;
			}
			free(label);
		}
		if (!victim) {
			n = bn_dom_next(n, x->body);
			continue;
		}
		xmlNode *next = bn_dom_skip(victim, x->body);
		bn_dom_remove(victim);
		n = next;
	}
}

/* Readability's starting score for a container, by tag and by name. */
static double initial_score(const xmlNode *n)
{
	static const char *const plus5[] = {"div", "article", "main", "section", NULL};
	static const char *const plus3[] = {"pre", "td", "blockquote", NULL};
	static const char *const minus3[] = {"address", "ol", "ul",   "dl", "dd",
	                                     "dt",      "li", "form", NULL};
	static const char *const minus5[] = {"h1", "h2", "h3", "h4", "h5", "h6", "th", NULL};
	double s = 0;
	if (bn_dom_is_any(n, plus5))
		s = 5;
	else if (bn_dom_is_any(n, plus3))
		s = 3;
	else if (bn_dom_is_any(n, minus3))
		s = -3;
	else if (bn_dom_is_any(n, minus5))
		s = -5;
	if (has_cue(n, BN_CUE_POSITIVE))
		s += 25;
	if (has_cue(n, BN_CUE_NEGATIVE))
		s -= 25;
	return s;
}

/* 1 when n is a <div> or similar whose own text makes it a paragraph (no block children). */
static int is_text_container(const xmlNode *n)
{
	static const char *const divs[] = {"div", "section", "article", NULL};
	if (!bn_dom_is_any(n, divs))
		return 0;
	int has_text = 0;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE && bn_dom_is_block(c))
			return 0;
		if (c->type == XML_TEXT_NODE && c->content &&
		    visible_chars((const char *)c->content))
			has_text = 1;
	}
	return has_text;
}

/* Commas in the text under n (Latin and full-width). */
static size_t count_commas(const xmlNode *n)
{
	size_t k = 0;
	for (const xmlNode *c = n; c; c = bn_dom_next((xmlNode *)c, n))
		if (c->type == XML_TEXT_NODE && c->content)
			for (const char *p = (const char *)c->content; *p; p++)
				k += *p == ',';
	return k;
}

/* Containers ranked next after the best one, and how close (score share) they must come. */
#define RIVALS      4
#define RIVAL_SHARE 0.75
/* Close rivals that must share an ancestor with the best container for it to be taken. */
#define RIVALS_SHARING 3

/* 1 when a is an ancestor of n. */
static int is_ancestor(const xmlNode *a, const xmlNode *n)
{
	for (const xmlNode *p = n->parent; p; p = p->parent)
		if (p == a)
			return 1;
	return 0;
}

/* 1 when a and b are the same kind of container: the same tag and first class name (the
 * sections of one article are; a live feed's items beside the article are not). */
static int same_kind(const xmlNode *a, const xmlNode *b)
{
	if (strcmp((const char *)a->name, (const char *)b->name) != 0)
		return 0;
	const char *ca = bn_dom_attr(a, "class"), *cb = bn_dom_attr(b, "class");
	ca = ca ? ca + strspn(ca, " \t") : "";
	cb = cb ? cb + strspn(cb, " \t") : "";
	size_t na = strcspn(ca, " \t"), nb = strcspn(cb, " \t");
	return na == nb && strncmp(ca, cb, na) == 0;
}

/* The number of <h1> elements under n. */
static size_t count_h1(const xmlNode *n)
{
	size_t k = 0;
	for (const xmlNode *c = n; c; c = bn_dom_next((xmlNode *)c, n))
		k += c->type == XML_ELEMENT_NODE && bn_dom_is(c, "h1");
	return k;
}

/* The article split into sections of equal weight (steps of a how-to, chapters each in a
 * wrapper of its own) scores its sections alike: when several containers come close to the
 * best one, the nearest ancestor of the best that holds at least RIVALS_SHARING of them is
 * the article (Readability's rule). Otherwise top itself. */
static xmlNode *common_ancestor(extractor *x, xmlNode *top, double best)
{
	xmlNode *rival[RIVALS];
	size_t nrival = 0;
	for (xmlNode *n = x->body; n; n = bn_dom_next(n, x->body)) {
		stats *s = S(n);
		if (n == top || !s || !s->candidate || s->score < best * RIVAL_SHARE ||
		    !same_kind(n, top))
			continue;
		/* Keep the RIVALS best, in score order. */
		size_t at = nrival;
		while (at > 0 && S(rival[at - 1])->score < s->score)
			at--;
		if (at >= RIVALS)
			continue;
		if (nrival < RIVALS)
			nrival++;
		memmove(rival + at + 1, rival + at, (nrival - at - 1) * sizeof *rival);
		rival[at] = n;
	}
	if (nrival < RIVALS_SHARING)
		return top;
	for (xmlNode *a = top->parent; a && a != x->body; a = a->parent) {
		size_t holding = 0;
		for (size_t i = 0; i < nrival; i++)
			holding += is_ancestor(a, rival[i]);
		if (holding >= RIVALS_SHARING)
			return count_h1(a) <= 1 ? a : top;
		/* Never beyond the article's own element, into a page of several. */
		if (bn_dom_is(a, "article"))
			break;
	}
	return top;
}

/* Score paragraphs into their ancestors and return the best container, or NULL. */
static xmlNode *find_top_candidate(extractor *x)
{
	xmlNode *top = NULL;
	for (xmlNode *n = x->body; n; n = bn_dom_next(n, x->body)) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		/* With captions kept, a caption's text counts like a paragraph's: in a photo story
		 * the captions are the text. */
		if (!bn_dom_is_any(n, paragraph_tags) && !is_text_container(n) &&
		    !(x->keep_captions && bn_dom_is(n, "figcaption")))
			continue;
		if (!S(n) || S(n)->text < 25)
			continue;
		double content = 1.0 + (double)count_commas(n);
		double len = (double)S(n)->text / 100.0;
		content += len < 3 ? len : 3;
		int level = 0;
		for (xmlNode *a = n->parent; a && a->type == XML_ELEMENT_NODE && level < 5;
		     a = a->parent, level++) {
			stats *s = S(a);
			if (!s)
				break;
			if (!s->candidate) {
				s->candidate = 1;
				s->score = initial_score(a);
			}
			double divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;
			s->score += content / divider;
		}
	}
	double best = 0;
	for (xmlNode *n = x->body; n; n = bn_dom_next(n, x->body)) {
		stats *s = S(n);
		if (!s || !s->candidate)
			continue;
		double score = s->score * (1.0 - link_density(s));
		s->score = score;
		if (!top || score > best) {
			top = n;
			best = score;
		}
	}
	top = common_ancestor(x, top, best);
	/* A container holding nearly all the same text is the better choice: Readability's
	 * climb, so that a body split over several wrappers is taken whole. */
	while (top && top->parent && top->parent != x->body && S(top->parent) &&
	       S(top)->ptext > 0 && S(top->parent)->ptext <= S(top)->ptext &&
	       S(top->parent)->text < S(top)->text * 1.3 && !bn_dom_is(top->parent, "body"))
		top = top->parent;
	return top;
}

/* 1 when n is a heading or holds one. */
static int holds_heading(xmlNode *n)
{
	for (xmlNode *c = n; c; c = bn_dom_next(c, n))
		if (bn_dom_is_heading(c))
			return 1;
	return 0;
}

/* Mark top and those of its siblings that read as part of the article. */
static void choose_siblings(extractor *x, xmlNode *top)
{
	stats *ts = S(top);
	ts->included = 1;
	if (!top->parent || top->parent == x->body->parent)
		return;
	double threshold = ts->score * 0.2;
	if (threshold < 10)
		threshold = 10;
	const char *top_class = bn_dom_attr(top, "class");
	for (xmlNode *s = top->parent->children; s; s = s->next) {
		if (s == top || s->type != XML_ELEMENT_NODE)
			continue;
		stats *ss = S(s);
		double bonus = 0;
		const char *cls = bn_dom_attr(s, "class");
		if (top_class && cls && *cls && strcmp(cls, top_class) == 0)
			bonus = ts->score * 0.2;
		int take = 0;
		if (ss->candidate && ss->score + bonus >= threshold)
			take = 1;
		else if (bn_dom_is(s, "p")) {
			double ld = link_density(ss);
			if (ss->text > 80 && ld < 0.25)
				take = 1;
			else if (ss->text > 0 && ss->text <= 80 && ld == 0) {
				char *t = bn_dom_clean_text(s);
				size_t n = t ? strlen(t) : 0;
				take = n > 0 &&
				       (t[n - 1] == '.' || t[n - 1] == '!' || t[n - 1] == '?');
				free(t);
			}
		}
		ss->included = take;
	}
	/* Subheadings between chosen siblings belong to the article, bare or wrapped. */
	int seen_included = 0;
	for (xmlNode *s = top->parent->children; s; s = s->next) {
		if (s->type != XML_ELEMENT_NODE)
			continue;
		stats *ss = S(s);
		if (ss->included) {
			seen_included = 1;
			continue;
		}
		if (!seen_included || ss->text == 0 || ss->text > 150 || ss->link > 0 ||
		    !holds_heading(s))
			continue;
		for (xmlNode *t = s->next; t; t = t->next)
			if (t->type == XML_ELEMENT_NODE && S(t)->included) {
				ss->included = 1;
				break;
			}
	}
}

/* The lead (sapo) before the chosen text, near it in the page, or NULL. */
static xmlNode *find_lead(extractor *x, xmlNode *top)
{
	xmlNode *scope = top;
	for (int i = 0; i < 2 && scope->parent && scope->parent != x->body->parent; i++)
		scope = scope->parent;
	for (xmlNode *n = scope; n; n = bn_dom_next(n, scope)) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (S(n)->order >= S(top)->order)
			break;
		if (has_cue(n, BN_CUE_LEAD) && S(n)->text >= 30 && link_density(S(n)) < 0.5)
			return n;
	}
	return NULL;
}

/* ---- emitting blocks ---------------------------------------------------------------------- */

/* Text gathered for the block being built, with how much of it sits in links. */
typedef struct run {
	bn_buf text;
	size_t link_chars;
	bn_block_type type;
	int data_cell; /* a table cell of a row of data: its links are data, not navigation */
} run;

static void add_block(extractor *x, bn_block_type type, char *text)
{
	if (!text) {
		x->failed = 1;
		return;
	}
	if (type == BN_BLOCK_CAPTION) {
		/* What the caption says, without its photo credit; nothing when it is all credit. */
		size_t end = bn_cue_credit_start(text);
		while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == ','))
			end--;
		text[end] = '\0';
		if (end == 0) {
			free(text);
			return;
		}
	}
	if (x->nblocks == x->capblocks) {
		size_t cap = x->capblocks ? 2 * x->capblocks : 32;
		bn_block *b = realloc(x->blocks, cap * sizeof *b);
		if (!b) {
			free(text);
			x->failed = 1;
			return;
		}
		x->blocks = b;
		x->capblocks = cap;
	}
	x->blocks[x->nblocks].type = type;
	x->blocks[x->nblocks].text = text;
	x->nblocks++;
}

/* 1 when text is only a date line ("10/05/2024 14:05 GMT+7", "Thứ hai, 18/3/2024, 08:15"):
 * short, with a day/month/year in it. */
/* 1 when text is a copyright line ("© 2024 Báo X. All rights reserved", "Bản quyền thuộc về
 * ... 2023"): it starts as one and holds a year or a reservation of rights, in a short block. */
static int is_copyright(const char *t)
{
	static const char *const starts[] = {"©",    "Copyright", "COPYRIGHT", "(c) ",
	                                     "(C) ", "Bản quyền", "BẢN QUYỀN"};
	if (strlen(t) > 200)
		return 0;
	int start = 0;
	for (size_t i = 0; i < BN_ARRAY_LEN(starts) && !start; i++)
		start = strncmp(t, starts[i], strlen(starts[i])) == 0;
	if (!start)
		return 0;
	if (strstr(t, "rights reserved") || strstr(t, "Rights Reserved") || strstr(t, "bảo lưu") ||
	    strstr(t, "giữ bản quyền"))
		return 1;
	for (const char *p = t; *p; p++)
		if ((p[0] == '1' || p[0] == '2') && (p[1] == '9' || p[1] == '0') && p[2] >= '0' &&
		    p[2] <= '9' && p[3] >= '0' && p[3] <= '9' &&
		    (p == t || p[-1] < '0' || p[-1] > '9'))
			return 1;
	return 0;
}

/* 1 when a short line holds an English date ("April 28, 2023", "28 April 2023"): an agency
 * and date line ("Associated Press April 28, 2023 GMT"), not prose. */
/* 1 when every word of t is a word of a date line ("Published Thursday 27 July 2017",
 * "Updated Thu 27 Jul 2017 10:15 GMT") and it names a year: a month, a weekday, a number, a
 * time, or one of the few words around them. */
static int only_date_words(const char *t)
{
	static const char *const known[] = {
	        "january", "february",  "march",    "april",    "may",      "june",      "july",
	        "august",  "september", "october",  "november", "december", "jan",       "feb",
	        "mar",     "apr",       "jun",      "jul",      "aug",      "sep",       "sept",
	        "oct",     "nov",       "dec",      "monday",   "tuesday",  "wednesday", "thursday",
	        "friday",  "saturday",  "sunday",   "mon",      "tue",      "tues",      "wed",
	        "thu",     "thurs",     "fri",      "sat",      "sun",      "published", "updated",
	        "posted",  "last",      "modified", "on",       "at",       "am",        "pm",
	        "gmt",     "utc",       "bst",      "est",      "edt",      "pst",       "pdt",
	        "cet",     "|",         "-",        NULL};
	int year = 0, month = 0;
	for (const char *p = t; *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *w = p;
		while (*p && *p != ' ' && *p != ',')
			p++;
		size_t n = (size_t)(p - w);
		if (!n)
			continue;
		if (strspn(w, "0123456789:") >= n) {
			int v = atoi(w);
			year |= n == 4 && v >= 1900 && v <= 2100;
			continue;
		}
		int hit = 0;
		for (size_t i = 0; known[i] && !hit; i++)
			if (strlen(known[i]) == n && bn_ascii_ncasecmp(w, known[i], n) == 0) {
				hit = 1;
				month |= i < 24;
			}
		if (!hit)
			return 0;
	}
	return year && month;
}

static int is_english_dateline(const char *t)
{
	static const char *const months[] = {"January",   "February", "March",    "April",
	                                     "May",       "June",     "July",     "August",
	                                     "September", "October",  "November", "December"};
	size_t len = strlen(t), words = 1;
	if (len > 60 || strchr(t, '.'))
		return 0;
	for (const char *p = t; *p; p++)
		words += *p == ' ';
	if (words > 8)
		return only_date_words(t);
	for (size_t m = 0; m < BN_ARRAY_LEN(months); m++) {
		const char *p = strstr(t, months[m]);
		if (!p)
			continue;
		const char *q = p + strlen(months[m]);
		int d = 0, y = 0;
		if (sscanf(q, " %d, %d", &d, &y) == 2 ||
		    (p > t && sscanf(t, "%d", &d) == 1 && sscanf(q, " %d", &y) == 1))
			if (d >= 1 && d <= 31 && y >= 1900 && y <= 2100)
				return 1;
	}
	return only_date_words(t);
}

static int is_dateline(const char *t)
{
	size_t len = strlen(t), words = 1;
	if (len > 60)
		return 0;
	for (const char *p = t; *p; p++)
		words += *p == ' ';
	if (words > 8)
		return 0;
	for (const char *p = t; *p; p++) {
		int d1 = 0, d2 = 0, d3 = 0;
		const char *q = p;
		while (*q >= '0' && *q <= '9')
			q++, d1++;
		if (!d1 || d1 > 4 || (*q != '/' && *q != '-'))
			continue;
		char sep = *q++;
		while (*q >= '0' && *q <= '9')
			q++, d2++;
		if (!d2 || d2 > 2 || *q != sep)
			continue;
		q++;
		while (*q >= '0' && *q <= '9')
			q++, d3++;
		if (d3 && (d1 == 4 || d3 == 4 || d3 == 2))
			return 1;
	}
	return 0;
}

/* End the current run: keep it as a block unless it reads as boilerplate. */
static void flush_run(extractor *x, run *r)
{
	if (r->text.failed)
		x->failed = 1;
	if (r->text.len == 0)
		return;
	char *t = bn_clean_text(r->text.data, r->text.len);
	size_t total = r->text.data ? visible_chars(r->text.data) : 0;
	bn_buf_truncate(&r->text, 0);
	size_t links = r->link_chars;
	r->link_chars = 0;
	if (!t) {
		x->failed = 1;
		return;
	}
	bn_block_type type = r->type;
	int drop = *t == '\0';
	/* A list item with words of its own around its links is prose ("Thanks to <a>evilpie</a>,
	 * users can now <a>import logins</a>"); a teaser list's items are links alone. */
	double most = type == BN_BLOCK_LIST_ITEM ? 0.85 : 0.5;
	if (!drop && total && (double)links / (double)total > most && !r->data_cell) {
		/* Headings that are links are the story titles of a list of articles. */
		if (type == BN_BLOCK_HEADING)
			x->link_headings++;
		else
			drop = 1;
	}
	/* A date in a table's cell is data (a release table), not the article's date line. */
	if (!drop && (bn_cue_box_label(t) || is_copyright(t) ||
	              (!r->data_cell && (is_dateline(t) || is_english_dateline(t)))))
		drop = 1;
	if (!drop && bn_cue_caption_text(t)) {
		if (x->keep_captions)
			type = BN_BLOCK_CAPTION;
		else
			drop = 1;
	}
	if (drop) {
		free(t);
		return;
	}
	add_block(x, type, t);
}

static void emit_node(extractor *x, xmlNode *n, run *r, int depth, int in_link);

/* Emit the children of n into the run, or as blocks of the given type. */
static void emit_children(extractor *x, xmlNode *n, run *r, int depth, int in_link)
{
	int brs = 0;
	for (xmlNode *c = n->children; c; c = c->next) {
		if (bn_dom_is(c, "br")) {
			if (++brs >= 2)
				flush_run(x, r);
			else
				bn_buf_putc(&r->text, ' ');
			continue;
		}
		if (c->type == XML_TEXT_NODE && c->content &&
		    visible_chars((const char *)c->content) == 0) {
			bn_buf_putc(&r->text, ' ');
			continue;
		}
		brs = 0;
		emit_node(x, c, r, depth + 1, in_link);
	}
}

/* A MathML formula as words: its alttext when the page gives one, else its tokens (the text
 * of <mi>, <mn>, <mo>...) apart, "a x 2 + b x + c = 0", not run together. */
static void emit_math(const xmlNode *n, run *r)
{
	const char *alt = bn_dom_attr(n, "alttext");
	bn_buf_putc(&r->text, ' ');
	if (alt && *alt) {
		bn_buf_puts(&r->text, alt);
	} else {
		for (const xmlNode *c = n; c; c = bn_dom_next((xmlNode *)c, n))
			if (c->type == XML_TEXT_NODE && c->content &&
			    visible_chars((const char *)c->content)) {
				bn_buf_puts(&r->text, (const char *)c->content);
				bn_buf_putc(&r->text, ' ');
			}
	}
	bn_buf_putc(&r->text, ' ');
}

/* 1 when n is a cell of a table row that is mostly not links: a film's linked title beside
 * its year and synopsis is data, where a row of links is a menu. */
static int is_data_cell(const xmlNode *n)
{
	if (!(bn_dom_is(n, "td") || bn_dom_is(n, "th")) || !n->parent ||
	    !bn_dom_is(n->parent, "tr"))
		return 0;
	const stats *row = S(n->parent);
	return row && row->text > 0 && link_density(row) < 0.5;
}

/* Emit one block element as blocks of type, flushing what came before and after it. */
static void emit_block(extractor *x, xmlNode *n, run *r, bn_block_type type, int depth)
{
	flush_run(x, r);
	bn_block_type saved = r->type;
	int saved_cell = r->data_cell;
	r->type = type;
	r->data_cell = is_data_cell(n);
	emit_children(x, n, r, depth, 0);
	flush_run(x, r);
	r->type = saved;
	r->data_cell = saved_cell;
}

/* 1 when n is the author's signature that ends many Vietnamese articles: a short paragraph,
 * right-aligned or named as the author, and the last element of its container. */
static int is_signature(const xmlNode *n)
{
	if (!(bn_dom_is(n, "p") || bn_dom_is(n, "div")) || !S(n) || S(n)->text == 0 ||
	    S(n)->text > 60)
		return 0;
	for (const xmlNode *c = n->next; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && S(c) && S(c)->text > 0)
			return 0;
	const char *style = bn_dom_attr(n, "style");
	const char *cls = bn_dom_attr(n, "class");
	char squashed[128];
	size_t k = 0;
	for (const char *p = style ? style : ""; *p && k + 1 < sizeof squashed; p++)
		if (*p != ' ')
			squashed[k++] = *p;
	squashed[k] = '\0';
	if (strstr(squashed, "text-align:right"))
		return 1;
	static const char *const names[] = {"right",  "author", "credit", "signature",
	                                    "tacgia", "nguon",  "source", NULL};
	for (size_t i = 0; cls && names[i]; i++)
		if (strstr(cls, names[i]))
			return 1;
	/* A lone bold name of a few words. */
	const xmlNode *only = NULL;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE && c->content &&
		    visible_chars((const char *)c->content))
			return 0;
		if (c->type == XML_ELEMENT_NODE) {
			if (only)
				return 0;
			only = c;
		}
	}
	return only && (bn_dom_is(only, "strong") || bn_dom_is(only, "b")) && S(n)->text <= 30;
}

static void emit_node(extractor *x, xmlNode *n, run *r, int depth, int in_link)
{
	if (depth > MAX_EMIT_DEPTH)
		return;
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (!n->content)
			return;
		bn_buf_puts(&r->text, (const char *)n->content);
		if (in_link)
			r->link_chars += visible_chars((const char *)n->content);
		return;
	}
	if (n->type != XML_ELEMENT_NODE)
		return;
	if (bn_dom_is(n, "a")) {
		emit_children(x, n, r, depth, 1);
		return;
	}
	if (bn_dom_is(n, "math")) {
		emit_math(n, r);
		return;
	}
	if (!bn_dom_is_block(n)) {
		emit_children(x, n, r, depth, in_link);
		return;
	}
	if (has_cue(n, BN_CUE_CAPTION) && S(n) && S(n)->text < 400) {
		if (x->keep_captions)
			emit_block(x, n, r, BN_BLOCK_CAPTION, depth);
		return;
	}
	if (bn_dom_is(n, "figcaption")) {
		if (x->keep_captions)
			emit_block(x, n, r, BN_BLOCK_CAPTION, depth);
		return;
	}
	if (is_signature(n)) {
		flush_run(x, r);
		if (!x->signature)
			x->signature = bn_dom_clean_text(n);
		return;
	}
	bn_block_type type = r->type;
	if (has_cue(n, BN_CUE_LEAD))
		type = BN_BLOCK_PARAGRAPH; /* a sapo set as <h2> is read as the lead paragraph */
	else if (bn_dom_is_heading(n))
		type = BN_BLOCK_HEADING;
	else if (bn_dom_is(n, "blockquote"))
		type = BN_BLOCK_QUOTE;
	else if (bn_dom_is(n, "li") || bn_dom_is(n, "dd") || bn_dom_is(n, "dt"))
		type = type == BN_BLOCK_QUOTE ? type : BN_BLOCK_LIST_ITEM;
	emit_block(x, n, r, type, depth);
}

/* Emit the blocks of the chosen elements, in document order. */
static void emit_article(extractor *x, xmlNode *lead, xmlNode *top)
{
	run r = {BN_BUF_INIT, 0, BN_BLOCK_PARAGRAPH, 0};
	/* A "lead" around the chosen text (a wrapper named "intro") holds the article: read it
	 * once, whole. */
	if (lead && is_ancestor(lead, top)) {
		emit_block(x, lead, &r, BN_BLOCK_PARAGRAPH, 0);
		bn_buf_free(&r.text);
		return;
	}
	/* The lead comes first, unless a chosen container around it reads it in place. */
	int lead_done = 0;
	if (lead) {
		int inside = 0;
		for (xmlNode *a = lead->parent; a; a = a->parent)
			if (S(a) && S(a)->included)
				inside = 1;
		if (!inside) {
			emit_block(x, lead, &r, BN_BLOCK_PARAGRAPH, 0);
			lead_done = 1;
			x->lead_apart = x->nblocks > 0;
		}
	}
	/* The body itself, or top among its chosen siblings. */
	xmlNode *parent = top == x->body ? NULL : top->parent;
	for (xmlNode *s = parent ? parent->children : top; s; s = s->next) {
		if (s->type != XML_ELEMENT_NODE || !S(s) || !S(s)->included)
			continue;
		if (s == lead && lead_done)
			continue;
		r.type = BN_BLOCK_PARAGRAPH;
		if (bn_dom_is_heading(s) || bn_dom_is(s, "blockquote") || bn_dom_is(s, "li") ||
		    bn_dom_is(s, "p"))
			emit_node(x, s, &r, 0, 0);
		else
			emit_block(x, s, &r, BN_BLOCK_PARAGRAPH, 0);
		if (!parent)
			break;
	}
	flush_run(x, &r);
	bn_buf_free(&r.text);
}

/* 1 when two texts are the same once case and punctuation at the ends are ignored. */
static int same_as_title(const char *title, const char *text)
{
	if (!title || !*title)
		return 0;
	char *a = bn_casefold(title), *b = bn_casefold(text);
	int same = a && b && strcmp(a, b) == 0;
	free(a);
	free(b);
	return same;
}

/* A block of prose: a paragraph (not a heading) of this many words at least. A list of
 * articles has teasers of a line or two under its linked titles; an article has paragraphs. */
#define PROSE_WORDS 30

/* Words (runs of non-space characters) in s. */
static size_t word_count(const char *s)
{
	size_t words = 0;
	int in_word = 0;
	for (const char *p = s; *p; p++) {
		int space = *p == ' ' || *p == '\n' || *p == '\t';
		words += !space && !in_word;
		in_word = !space;
	}
	return words;
}

/* Blocks shorter than this before the title's repetition are its furniture (a section
 * kicker "Biz & IT —", a date line), not the body: the repetition is still the heading. */
#define KICKER_WORDS 12

/* Drop the title where the body repeats it above its first real paragraph, and a repeat of
 * the lead or of a short block at once. */
static void tidy_blocks(extractor *x)
{
	size_t k = 0;
	int in_head = 1;
	for (size_t i = 0; i < x->nblocks; i++) {
		bn_block *b = &x->blocks[i];
		/* A repeat at once of the lead, or of a short line, is the page's doing (a sapo
		 * also set in the body, a label twice); a paragraph of prose may be written twice. */
		/* A heading the page's title starts with ("Headline_Section_Site", no <h1>
		 * on the page) is the headline: the title, read once. */
		if (in_head && !x->headline && bn_meta_heading_then_parts(x->title, b->text)) {
			x->headline = b->text;
			continue;
		}
		int dup = (in_head && same_as_title(x->title, b->text)) ||
		          (k > 0 && strcmp(x->blocks[k - 1].text, b->text) == 0 &&
		           ((k == 1 && x->lead_apart) || word_count(b->text) < PROSE_WORDS));
		if (in_head && word_count(b->text) >= KICKER_WORDS)
			in_head = 0;
		if (dup) {
			free(b->text);
			continue;
		}
		x->blocks[k++] = *b;
	}
	x->nblocks = k;
}

/* Attributes the extractor or the metadata reader look at; the parser drops the others
 * (image sources, event handlers, tracking data), which are much of a page's tree. */
static int attribute_wanted(const char *name, size_t len)
{
	static const char *const keep[] = {"class",       "id",         "style",   "role",
	                                   "type",        "itemprop",   "hidden",  "content",
	                                   "property",    "name",       "rel",     "href",
	                                   "datetime",    "lang",       "charset", "http-equiv",
	                                   "aria-hidden", "aria-label", "alttext", NULL};
	static const char *const data[] = {"data-component", "data-testid", "data-gu-name",
	                                   "data-role", NULL};
	const char *const *list = len > 5 && bn_ascii_ncasecmp(name, "data-", 5) == 0 ? data : keep;
	for (size_t i = 0; list[i]; i++)
		if ((name[0] | 32) == list[i][0] && bn_ascii_ncasecmp(name, list[i], len) == 0 &&
		    list[i][len] == '\0')
			return 1;
	return 0;
}

static startElementSAXFunc sax2_start_element;
static charactersSAXFunc sax2_characters;

/* SAX start of an element: build it with only the attributes wanted. */
static void start_element(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	const xmlChar *kept[64];
	size_t k = 0;
	for (size_t i = 0; atts && atts[i] && k + 3 < BN_ARRAY_LEN(kept); i += 2)
		if (attribute_wanted((const char *)atts[i], strlen((const char *)atts[i]))) {
			kept[k++] = atts[i];
			kept[k++] = atts[i + 1];
		}
	kept[k] = NULL;
	sax2_start_element(ctx, name, k ? kept : NULL);
}

/* SAX text: dropped inside scripts and styles, whose text is never read and is often most of
 * a page's bytes; JSON-LD scripts are kept for the metadata. */
static void characters(void *ctx, const xmlChar *ch, int len)
{
	xmlNode *node = ((htmlParserCtxtPtr)ctx)->node;
	if (node && (bn_dom_is(node, "style") ||
	             (bn_dom_is(node, "script") &&
	              !(bn_dom_attr(node, "type") &&
	                bn_ascii_casecmp(bn_dom_attr(node, "type"), "application/ld+json") == 0))))
		return;
	sax2_characters(ctx, ch, len);
}

/* Where libxml2 reads the document from: the caller's buffer, in pieces, so that the parser
 * keeps only a small window of it rather than a copy of the whole page, and without the bodies
 * of scripts and styles and the attributes characters() and start_element() would drop
 * (preparse.c). */
typedef struct reader {
	const char *data;
	size_t len, pos;
	const bn_span *skip; /* in order */
	size_t nskip, next;
} reader;

static int read_piece(void *ctx, char *out, int len)
{
	reader *r = ctx;
	size_t done = 0;
	while (done < (size_t)len && r->pos < r->len) {
		if (r->next < r->nskip && r->pos >= r->skip[r->next].start) {
			r->pos = r->skip[r->next++].end;
			continue;
		}
		size_t stop = r->next < r->nskip ? r->skip[r->next].start : r->len;
		size_t n = stop - r->pos < (size_t)len - done ? stop - r->pos : (size_t)len - done;
		memcpy(out + done, r->data + r->pos, n);
		r->pos += n;
		done += n;
	}
	return (int)done;
}

static int close_reader(void *ctx)
{
	(void)ctx;
	return 0;
}

/* Once per process: libxml2 set up (xmlInitParser is not reentrant: a library called from
 * several threads must call it once), and its default HTML handlers kept for ours to call. */
static pthread_once_t libxml_once = PTHREAD_ONCE_INIT;

static void init_libxml(void)
{
	xmlInitParser();
	htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
	if (!ctxt)
		return;
	sax2_start_element = ctxt->sax->startElement;
	sax2_characters = ctxt->sax->characters;
	htmlFreeParserCtxt(ctxt);
}

/* Parse doc, keeping only the attributes and text the extractor uses. NULL when nothing could
 * be parsed. */
static htmlDocPtr parse_html(const bn_document *doc, int flags)
{
	pthread_once(&libxml_once, init_libxml);
	if (!sax2_start_element || !sax2_characters)
		return NULL;
	htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
	if (!ctxt)
		return NULL;
	ctxt->sax->startElement = start_element;
	ctxt->sax->characters = characters;
	ctxt->sax->cdataBlock = characters;
	bn_span *skip = NULL;
	size_t nskip = 0;
	if (bn_preparse(doc->data, doc->len, attribute_wanted, &skip, &nskip) != 0) {
		htmlFreeParserCtxt(ctxt);
		return NULL;
	}
	reader r = {doc->data, doc->len, 0, skip, nskip, 0};
	/* The document is UTF-8 already; the page's own <meta charset> is ignored. */
	htmlDocPtr hdoc =
	        htmlCtxtReadIO(ctxt, read_piece, close_reader, &r, doc->url, "UTF-8", flags);
	htmlFreeParserCtxt(ctxt);
	free(skip);
	return hdoc;
}

/* Fewer visible characters than this in the body's paragraphs is not an article. */
#define MIN_ARTICLE_CHARS 80

/* The article's blocks of prose (PROSE_WORDS words or more, headings aside). */
static size_t prose_blocks(const bn_article *a)
{
	size_t n = 0;
	for (size_t i = 0; i < a->nblocks; i++) {
		if (a->blocks[i].type == BN_BLOCK_HEADING)
			continue;
		n += word_count(a->blocks[i].text) >= PROSE_WORDS;
	}
	return n;
}

/* Visible characters in the article's non-heading blocks. */
static size_t body_chars(const bn_article *a)
{
	size_t n = 0;
	for (size_t i = 0; i < a->nblocks; i++)
		if (a->blocks[i].type != BN_BLOCK_HEADING)
			n += visible_chars(a->blocks[i].text);
	return n;
}

/* 1 when a page's title says it is an error page. */
static int is_error_title(const char *title)
{
	static const char *const cues[] = {"404",       "không tìm thấy", "page not found",
	                                   "not found", "lỗi 404",        "trang không tồn tại",
	                                   NULL};
	char *t = bn_casefold(title);
	int hit = 0;
	for (size_t i = 0; t && cues[i] && !hit; i++)
		hit = strncmp(t, cues[i], strlen(cues[i])) == 0 ||
		      (strlen(t) < 40 && strstr(t, cues[i]) != NULL);
	free(t);
	return hit;
}

static bn_status extract_html(const bn_document *doc, int keep_captions, bn_article **out,
                              bn_error *err);

/* Captions a photo story must have for its captions to be read as the story. */
#define PHOTO_STORY_CAPTIONS 3

bn_status bn_extract(const bn_document *doc, const bn_extract_options *opts, bn_article **out,
                     bn_error *err)
{
	*out = NULL;
	bn_extract_options o;
	if (bn_options_copy(&o, sizeof o, opts, BN_OPTIONS_V1(bn_extract_options, keep_captions)) !=
	    0)
		return bn_fail(err, BN_ERR_USAGE, "%s: extract options of an unknown version",
		               doc->source ? doc->source : "document");
	if (doc->kind == BN_DOC_TEXT) {
		bn_status text_st = bn_extract_text(doc, out, err);
		if (text_st == BN_OK)
			bn_article_settle_language(*out);
		return text_st;
	}
	int keep = o.keep_captions;
	bn_error first = {BN_OK, ""};
	bn_status st = extract_html(doc, keep, out, &first);
	if (st == BN_OK)
		bn_article_settle_language(*out);
	if (st != BN_OK && err)
		*err = first;
	if (st != BN_ERR_NO_ARTICLE || keep || strstr(first.message, "list of articles"))
		return st;
	/* No body text without the captions: a photo story or gallery, whose captions are the
	 * story. Read them (announced "Ảnh:", as with --captions) when there are several. */
	bn_error again;
	bn_article *a = NULL;
	if (extract_html(doc, 1, &a, &again) != BN_OK)
		return st;
	size_t captions = 0;
	for (size_t i = 0; i < a->nblocks; i++)
		captions += a->blocks[i].type == BN_BLOCK_CAPTION;
	/* Prose found only now was inside a gallery (a story told in its slides). */
	if (captions < PHOTO_STORY_CAPTIONS && prose_blocks(a) == 0) {
		bn_article_free(a);
		return st;
	}
	bn_article_settle_language(a);
	*out = a;
	return BN_OK;
}

/* The article of an HTML page, its captions kept when asked. */
static bn_status extract_html(const bn_document *doc, int keep_captions, bn_article **out,
                              bn_error *err)
{
	*out = NULL;
	if (doc->len > (size_t)INT32_MAX)
		return bn_fail(err, BN_ERR_TOO_LARGE, "%s: page too large to parse", doc->source);
	int flags = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	            HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_NOBLANKS |
	            HTML_PARSE_IGNORE_ENC;
	htmlDocPtr hdoc = parse_html(doc, flags);
	if (!hdoc)
		return bn_fail(err, BN_ERR_NO_ARTICLE,
		               "%s: no article found (the page could not be parsed)", doc->source);
	bn_article *a = calloc(1, sizeof *a);
	if (!a) {
		xmlFreeDoc(hdoc);
		return bn_fail(err, BN_ERR_INTERNAL, "%s: out of memory", doc->source);
	}
	bn_meta_read(hdoc, doc->url, a);
	if (!a->title)
		a->title = bn_strndup("", 0);
	extractor x = {0};
	x.doc = hdoc;
	x.keep_captions = keep_captions;
	x.title = a->title;
	xmlNode *root = xmlDocGetRootElement(hdoc);
	for (xmlNode *n = root; n; n = bn_dom_next(n, root))
		if (bn_dom_is(n, "body")) {
			x.body = n;
			break;
		}
	bn_status status = BN_OK;
	if (x.body) {
		prune_invisible(&x);
		if (compute_stats(&x) == 0) {
			prune_boilerplate(&x);
			if (compute_stats(&x) == 0) {
				xmlNode *top = find_top_candidate(&x);
				if (top) {
					choose_siblings(&x, top);
					xmlNode *lead = find_lead(&x, top);
					emit_article(&x, lead, top);
					tidy_blocks(&x);
				}
			} else {
				x.failed = 1;
			}
		} else {
			x.failed = 1;
		}
	}
	for (xmlNode *n = root; n; n = bn_dom_next(n, root))
		n->_private = NULL;
	free(x.st);
	xmlFreeDoc(hdoc);
	a->blocks = x.blocks;
	a->nblocks = x.nblocks;
	if (x.headline) {
		free(a->title);
		a->title = x.headline;
	}
	if (!a->byline && x.signature && *x.signature) {
		a->byline = x.signature;
		x.signature = NULL;
	}
	free(x.signature);
	if (x.failed || !a->title)
		status = bn_fail(err, BN_ERR_INTERNAL, "%s: out of memory", doc->source);
	else if (a->nblocks > 0 && x.link_headings >= 3 && prose_blocks(a) < 3)
		/* Linked titles, and no prose: an index page. With paragraphs of prose, linked
		 * headings are a table of contents or a box the article keeps: read it. */
		status = bn_fail(err, BN_ERR_NO_ARTICLE,
		                 "%s: no article found (the page is a list of articles)",
		                 doc->source);
	else if (a->nblocks > 0 && (is_error_title(a->title) || body_chars(a) < MIN_ARTICLE_CHARS))
		status = bn_fail(err, BN_ERR_NO_ARTICLE,
		                 "%s: no article found (too little text: an error or empty page)",
		                 doc->source);
	else if (a->nblocks == 0)
		status = bn_fail(err, BN_ERR_NO_ARTICLE, "%s: no article found (no body text)",
		                 doc->source);
	if (status != BN_OK) {
		bn_article_free(a);
		return status;
	}
	*out = a;
	return BN_OK;
}
