/* meta.c: an article's metadata (title, byline, published date, site name, language and
 * canonical URL) from <meta> tags, <link rel=canonical>, <time>, <h1> and visible bylines such
 * as "PV| 25/05/2020 16:20". */
#include "meta.h"

#include "cues.h"
#include "dom.h"
#include "internal.h"
#include "text.h"

#include <ctype.h>
#include <json-c/json.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <libxml/xmlmemory.h>
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The <meta> keys baonoi reads, in order of preference within each field. */
enum meta_key {
	M_DC_TITLE,
	M_OG_TITLE,
	M_TWITTER_TITLE,
	M_PARSELY_TITLE,
	M_PUBLISHED,
	M_ITEMPROP_PUBLISHED,
	M_PUBDATE,
	M_DC_CREATOR,
	M_AUTHOR,
	M_PARSELY_AUTHOR,
	M_ARTICLE_AUTHOR,
	M_SITE_NAME,
	M_APP_NAME,
	M_OG_URL,
	M_OG_LOCALE,
	M_LANGUAGE,
	M_KEY_COUNT
};

static const struct {
	const char *name;
	enum meta_key key;
} meta_names[] = {
        {"dc:title", M_DC_TITLE},
        {"dc.title", M_DC_TITLE},
        {"dcterm:title", M_DC_TITLE},
        {"dcterms.title", M_DC_TITLE},
        {"og:title", M_OG_TITLE},
        {"twitter:title", M_TWITTER_TITLE},
        {"parsely-title", M_PARSELY_TITLE},
        {"article:published_time", M_PUBLISHED},
        {"og:article:published_time", M_PUBLISHED},
        {"datepublished", M_ITEMPROP_PUBLISHED},
        {"pubdate", M_PUBDATE},
        {"publishdate", M_PUBDATE},
        {"publish-date", M_PUBDATE},
        {"dc.date.issued", M_PUBDATE},
        {"dc.date", M_PUBDATE},
        {"date", M_PUBDATE},
        {"dc:creator", M_DC_CREATOR},
        {"dc.creator", M_DC_CREATOR},
        {"dcterm:creator", M_DC_CREATOR},
        {"author", M_AUTHOR},
        {"parsely-author", M_PARSELY_AUTHOR},
        {"parsely-pub-date", M_PUBDATE},
        {"article:author", M_ARTICLE_AUTHOR},
        {"og:site_name", M_SITE_NAME},
        {"application-name", M_APP_NAME},
        {"og:url", M_OG_URL},
        {"og:locale", M_OG_LOCALE},
        {"content-language", M_LANGUAGE},
        {"language", M_LANGUAGE},
};

/* Remember the first content seen for each known <meta> key. */
static void read_meta_tags(xmlNode *root, const char *values[M_KEY_COUNT], const char **canonical,
                           const char **html_lang, xmlNode **title_node)
{
	int by_property[M_KEY_COUNT] = {0};
	for (xmlNode *n = root; n; n = bn_dom_next(n, root)) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (bn_dom_is(n, "html") && !*html_lang)
			*html_lang = bn_dom_attr(n, "lang");
		if (bn_dom_is(n, "title") && !*title_node && !bn_dom_inside(n, "svg", NULL))
			*title_node = n;
		if (bn_dom_is(n, "link") && !*canonical) {
			const char *rel = bn_dom_attr(n, "rel");
			if (rel && bn_ascii_casecmp(rel, "canonical") == 0)
				*canonical = bn_dom_attr(n, "href");
		}
		if (!bn_dom_is(n, "meta"))
			continue;
		const char *key = bn_dom_attr(n, "property");
		int property = key != NULL;
		if (!key)
			key = bn_dom_attr(n, "name");
		if (!key)
			key = bn_dom_attr(n, "itemprop");
		if (!key)
			key = bn_dom_attr(n, "http-equiv");
		const char *content = bn_dom_attr(n, "content");
		if (!key || !content || !*content)
			continue;
		/* RDFa allows several properties at once: property="og:title twitter:title". */
		for (const char *k = key; *k;) {
			k += strspn(k, " \t\n");
			size_t len = strcspn(k, " \t\n");
			/* The first value of a key wins, but a property (RDFa) over a name. */
			for (size_t i = 0; len && i < BN_ARRAY_LEN(meta_names); i++)
				if (strlen(meta_names[i].name) == len &&
				    bn_ascii_ncasecmp(k, meta_names[i].name, len) == 0 &&
				    (!values[meta_names[i].key] ||
				     (property && !by_property[meta_names[i].key]))) {
					values[meta_names[i].key] = content;
					by_property[meta_names[i].key] = property;
				}
			k += len;
		}
	}
}

/* A clean NFC copy of an attribute value, or NULL when empty. */
static char *clean_value(const char *s)
{
	if (!s)
		return NULL;
	char *c = bn_clean_text(s, strlen(s));
	if (c && !*c) {
		free(c);
		return NULL;
	}
	return c;
}

/* Compare two titles ignoring case of ASCII letters and white space differences. */
static int same_text(const char *a, const char *b)
{
	return a && b && bn_ascii_casecmp(a, b) == 0;
}

/* title with a trailing " - Site name" (or " | ", " – ", " — ", " :: ", " » ") removed when the
 * suffix is the site's name or the page's host; malloc'd. */
static char *strip_site_suffix(const char *title, const char *site, const char *host)
{
	static const char *const seps[] = {" - ", " | ", " – ", " — ", " :: ", " » ", " · "};
	const char *cut = NULL;
	for (size_t i = 0; i < BN_ARRAY_LEN(seps); i++) {
		const char *p = title, *last = NULL;
		while ((p = strstr(p, seps[i]))) {
			last = p;
			p += strlen(seps[i]);
		}
		if (!last)
			continue;
		const char *suffix = last + strlen(seps[i]);
		int is_site = (site && bn_ascii_casecmp(suffix, site) == 0) ||
		              (host && bn_ascii_casecmp(suffix, host) == 0);
		/* Host names appear as "VnExpress.net" or "vnexpress": compare the first label. */
		if (!is_site && host) {
			size_t label = strcspn(host, ".");
			is_site = label > 2 && bn_ascii_ncasecmp(suffix, host, label) == 0 &&
			          strlen(suffix) <= strlen(host) + 8;
		}
		if (is_site && (!cut || last < cut))
			cut = last;
	}
	return cut ? bn_strndup(title, (size_t)(cut - title)) : strdup(title);
}

/* Whether title is heading followed by a separator (" - ", " | ", " – ", " — ", " · ", or "_"
 * as Chinese sites write it) and more parts: the site's name, a section ("Giá vàng tăng – Kinh
 * tế – Báo X"). */
int bn_meta_heading_then_parts(const char *title, const char *heading)
{
	static const char *const seps[] = {" - ", " | ", " – ", " — ", " · ", " :: ", " » ", "_"};
	size_t n = heading ? strlen(heading) : 0;
	if (!title || !n || bn_ascii_ncasecmp(title, heading, n) != 0)
		return 0;
	for (size_t i = 0; i < BN_ARRAY_LEN(seps); i++)
		if (strncmp(title + n, seps[i], strlen(seps[i])) == 0)
			return 1;
	return 0;
}

/* The host of a URL without "www.", malloc'd, or NULL. */
static char *url_host(const char *url)
{
	if (!url)
		return NULL;
	const char *p = strstr(url, "://");
	if (!p)
		return NULL;
	p += 3;
	size_t n = strcspn(p, "/:?#");
	if (n > 4 && bn_ascii_ncasecmp(p, "www.", 4) == 0) {
		p += 4;
		n -= 4;
	}
	return n ? bn_strndup(p, n) : NULL;
}

/* A page with nothing but its <title> ("Lorem ipsum dolor sit amet – My website"): the part
 * before the last separator when it has four words or more and the part after it three at
 * most (a site's name); malloc'd. A headline with a dash inside ("Hà Nội - Hải Phòng") keeps
 * its words: the part before is then short. */
static char *without_short_tail(const char *title)
{
	static const char *const seps[] = {" - ", " | ", " – ", " — ", " · "};
	const char *cut = NULL;
	size_t cut_len = 0;
	for (size_t i = 0; i < BN_ARRAY_LEN(seps); i++)
		for (const char *p = strstr(title, seps[i]); p; p = strstr(p + 1, seps[i]))
			if (p > cut) {
				cut = p;
				cut_len = strlen(seps[i]);
			}
	if (!cut)
		return strdup(title);
	size_t head = 1, tail = 1;
	for (const char *p = title; p < cut; p++)
		head += *p == ' ';
	for (const char *p = cut + cut_len; *p; p++)
		tail += *p == ' ';
	return head >= 4 && tail <= 3 ? bn_strndup(title, (size_t)(cut - title)) : strdup(title);
}

/* Pick the title: an <h1> that matches the page's declared titles, else og:title or <title>
 * without the site suffix, else the first <h1>. */
static char *choose_title(xmlNode *root, const char *og, const char *title_tag, const char *site,
                          const char *host)
{
	char *og_clean = clean_value(og), *tag_clean = clean_value(title_tag);
	char *og_stripped = og_clean ? strip_site_suffix(og_clean, site, host) : NULL;
	char *tag_stripped = tag_clean ? strip_site_suffix(tag_clean, site, host) : NULL;

	char *first_h1 = NULL, *chosen = NULL;
	for (xmlNode *n = root; n && !chosen; n = bn_dom_next(n, root)) {
		if (!bn_dom_is(n, "h1"))
			continue;
		char *t = bn_dom_clean_text(n);
		if (!t || !*t) {
			free(t);
			continue;
		}
		if (same_text(t, og_clean) || same_text(t, og_stripped) ||
		    same_text(t, tag_clean) || same_text(t, tag_stripped) ||
		    /* "New Zealand - Wikipedia" over an <h1> "New Zealand": whatever the parts
		     * after it name, the heading the page shows is the title. */
		    bn_meta_heading_then_parts(og_clean, t) ||
		    bn_meta_heading_then_parts(tag_clean, t)) {
			chosen = t;
		} else if (!first_h1) {
			first_h1 = t;
		} else {
			free(t);
		}
	}
	if (!chosen && og_stripped && *og_stripped)
		chosen = strdup(og_stripped);
	if (!chosen && tag_stripped && *tag_stripped)
		chosen = first_h1 ? strdup(tag_stripped) : without_short_tail(tag_stripped);
	if (!chosen && first_h1) {
		chosen = first_h1;
		first_h1 = NULL;
	}
	free(og_clean);
	free(tag_clean);
	free(og_stripped);
	free(tag_stripped);
	free(first_h1);
	return chosen ? chosen : strdup("");
}

/* Read up to n digits at *p into *out; 1 on success. */
static int read_digits(const char **p, int min, int max, int *out)
{
	int v = 0, k = 0;
	while (k < max && isdigit((unsigned char)**p)) {
		v = v * 10 + (**p - '0');
		(*p)++;
		k++;
	}
	*out = v;
	return k >= min;
}

/* A date written "dd/mm/yyyy[, ] hh:mm" or "dd-mm-yyyy" somewhere in s, as ISO 8601 in
 * Vietnam's time zone (UTC+7, the whole country's only zone) when vietnamese, else local. */
static char *parse_visible_date(const char *s, int vietnamese)
{
	for (const char *p = s; *p; p++) {
		if (!isdigit((unsigned char)*p) || (p > s && isdigit((unsigned char)p[-1])))
			continue;
		const char *q = p;
		int d, m, y, hh = -1, mm = 0;
		if (!read_digits(&q, 1, 2, &d) || (*q != '/' && *q != '-' && *q != '.'))
			continue;
		char sep = *q++;
		if (!read_digits(&q, 1, 2, &m) || *q++ != sep || !read_digits(&q, 4, 4, &y))
			continue;
		if (d < 1 || d > 31 || m < 1 || m > 12 || y < 1900 || y > 2200)
			continue;
		/* A time may come before or after: "16:20 25/05/2020" or "25/05/2020 16:20". */
		const char *t = q;
		while (*t == ' ' || *t == ',' || *t == '-' || *t == '|')
			t++;
		int h2, m2;
		if (read_digits(&t, 1, 2, &h2) && (*t == ':' || *t == 'h' || *t == 'g')) {
			t++;
			if (read_digits(&t, 2, 2, &m2) && h2 < 24 && m2 < 60) {
				hh = h2;
				mm = m2;
			}
		}
		if (hh < 0) {
			/* Look back for "hh:mm " right before the date. */
			const char *b = p;
			while (b > s &&
			       (b[-1] == ' ' || b[-1] == ',' || b[-1] == '-' || b[-1] == '|'))
				b--;
			if (b - s >= 5 && b[-3] == ':' && isdigit((unsigned char)b[-1]) &&
			    isdigit((unsigned char)b[-2]) && isdigit((unsigned char)b[-4])) {
				const char *hs = (b - s >= 5 && isdigit((unsigned char)b[-5]))
				                         ? b - 5
				                         : b - 4;
				int h3 = atoi(hs), m3 = atoi(b - 2);
				if (h3 < 24 && m3 < 60) {
					hh = h3;
					mm = m3;
				}
			}
		}
		char out[40];
		if (hh < 0)
			snprintf(out, sizeof out, "%04d-%02d-%02d", y, m, d);
		else
			snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:00%s", y, m, d, hh, mm,
			         vietnamese ? "+07:00" : "");
		return strdup(out);
	}
	return NULL;
}

/* A date-time attribute already in ISO 8601 form (starts YYYY-MM-DD), trimmed; else NULL. */
static char *iso_value(const char *s)
{
	if (!s)
		return NULL;
	while (*s == ' ')
		s++;
	if (!(isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
	      isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]) && s[4] == '-'))
		return NULL;
	size_t n = strcspn(s, " \t\r\n");
	/* "2020-05-25 16:20:00" is common: make it ISO with a 'T'. */
	if (s[n] == ' ' && isdigit((unsigned char)s[n + 1]) && s[n + 3] == ':') {
		char buf[64];
		size_t m = strcspn(s + n + 1, " \t\r\n");
		snprintf(buf, sizeof buf, "%.*sT%.*s", (int)n, s, (int)m, s + n + 1);
		return strdup(buf);
	}
	return bn_strndup(s, n);
}

/* The cues (lower case) that the element's class, id, itemprop, data-role, data-component,
 * data-testid or rel contain, case aside: bit i for cues[i]. Its attributes are read once. */
static unsigned names_contain(const xmlNode *n, const char *const *cues)
{
	static const char *const attrs[] = {
	        "class", "id", "itemprop", "data-role", "data-component", "data-testid", "rel"};
	unsigned found = 0;
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		size_t k = 0;
		while (k < BN_ARRAY_LEN(attrs) &&
		       ((a->name[0] | 32) != attrs[k][0] ||
		        bn_ascii_casecmp((const char *)a->name, attrs[k])))
			k++;
		const char *v = k < BN_ARRAY_LEN(attrs) && a->children
		                        ? (const char *)a->children->content
		                        : NULL;
		for (const char *p = v; p && *p; p++)
			for (unsigned c = 0; cues[c]; c++)
				if ((*p | 32) == cues[c][0] &&
				    bn_ascii_ncasecmp(p, cues[c], strlen(cues[c])) == 0)
					found |= 1u << c;
	}
	return found;
}

/* A visible publication date: <time datetime>, itemprop=datePublished, or an element named
 * for a date or time whose text holds "dd/mm/yyyy". */
static char *visible_date(xmlNode *root, int vietnamese)
{
	static const char *const cues[] = {"datepublished", "date", "time", "publish", NULL};
	for (xmlNode *n = root; n; n = bn_dom_next(n, root)) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		unsigned named = n->properties ? names_contain(n, cues) : 0;
		if (bn_dom_is(n, "time") || (named & 1)) {
			char *v = iso_value(bn_dom_attr(n, "datetime"));
			if (!v)
				v = iso_value(bn_dom_attr(n, "content"));
			if (v)
				return v;
		}
		if (named) {
			char *t = bn_dom_clean_text(n);
			char *v = t && strlen(t) < 120 ? parse_visible_date(t, vietnamese) : NULL;
			free(t);
			if (v)
				return v;
		}
	}
	return NULL;
}

/* A visible byline: an element named for the author (else for the byline) whose short text
 * holds no date or link. */
static char *visible_byline(xmlNode *root)
{
	static const char *const cues[] = {"author", "byline", NULL};
	for (unsigned c = 0; cues[c]; c++) {
		for (xmlNode *n = root; n; n = bn_dom_next(n, root)) {
			if (n->type != XML_ELEMENT_NODE || !n->properties ||
			    !(names_contain(n, cues) & (1u << c)))
				continue;
			char *t = bn_dom_clean_text(n);
			if (t && *t && strlen(t) <= 80 && !strpbrk(t, "/0123456789@") &&
			    !strstr(t, "http") && !bn_cue_box_label(t))
				return t;
			free(t);
		}
	}
	return NULL;
}

/* A JSON-LD object that describes the article: an Article type of schema.org (NewsArticle,
 * BlogPosting, ReportageNewsArticle...), or any object with a publication date. */
static int is_article_object(json_object *o)
{
	json_object *type, *date;
	if (json_object_object_get_ex(o, "datePublished", &date))
		return 1;
	if (!json_object_object_get_ex(o, "@type", &type))
		return 0;
	if (json_object_is_type(type, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(type); i++) {
			const char *t = json_object_get_string(json_object_array_get_idx(type, i));
			if (t && (strstr(t, "Article") || strstr(t, "Posting")))
				return 1;
		}
		return 0;
	}
	const char *t = json_object_get_string(type);
	return t && (strstr(t, "Article") || strstr(t, "Posting"));
}

/* Append an author's name to b: a string, an object with "name", or an array of those. */
static void append_authors(bn_buf *b, json_object *a)
{
	if (json_object_is_type(a, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(a); i++)
			append_authors(b, json_object_array_get_idx(a, i));
		return;
	}
	json_object *name = NULL;
	if (json_object_is_type(a, json_type_object) &&
	    !json_object_object_get_ex(a, "name", &name))
		return;
	const char *s = json_object_get_string(name ? name : a);
	if (!json_object_is_type(name ? name : a, json_type_string) || !s || !*s)
		return;
	bn_buf_puts(b, b->len ? ", " : "");
	bn_buf_puts(b, s);
}

/* Author and date from the article object found in a JSON-LD value: the value itself, an
 * array of values, or an object's "@graph". */
static void read_ld_value(json_object *v, char **author, char **published, char **headline,
                          int depth)
{
	if (!v || depth > 8 || (*author && *published && *headline))
		return;
	if (json_object_is_type(v, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(v); i++)
			read_ld_value(json_object_array_get_idx(v, i), author, published, headline,
			              depth + 1);
		return;
	}
	if (!json_object_is_type(v, json_type_object))
		return;
	json_object *graph;
	if (json_object_object_get_ex(v, "@graph", &graph))
		read_ld_value(graph, author, published, headline, depth + 1);
	if (!is_article_object(v))
		return;
	json_object *date, *a, *h;
	if (!*headline && json_object_object_get_ex(v, "headline", &h) &&
	    json_object_is_type(h, json_type_string))
		*headline = strdup(json_object_get_string(h));
	if (!*published && json_object_object_get_ex(v, "datePublished", &date) &&
	    json_object_is_type(date, json_type_string))
		*published = strdup(json_object_get_string(date));
	if (!*author && json_object_object_get_ex(v, "author", &a)) {
		bn_buf b = BN_BUF_INIT;
		append_authors(&b, a);
		*author = b.len && !b.failed ? bn_buf_take(&b) : NULL;
		bn_buf_free(&b);
	}
}

/* The "C" locale, as this thread's while json-c parses: json-c copies the calling thread's
 * locale (duplocale), and the global one may be changing meanwhile (eSpeak NG sets it while
 * it starts, on another thread: valgrind saw the copy overrun). */
static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void make_c_locale(void)
{
	c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

/* s without the "<![CDATA[" ... "]]>" (each perhaps after "//") some pages wrap their
 * JSON-LD in, cut in place: the JSON inside. */
static char *without_cdata(char *s)
{
	char *p = s + strspn(s, " \t\r\n");
	if (strncmp(p, "//", 2) == 0)
		p += 2;
	if (strncmp(p, "<![CDATA[", 9) != 0)
		return s;
	p += 9;
	char *end = strstr(p, "]]>");
	if (end) {
		while (end > p && (end[-1] == '/' || end[-1] == ' ' || end[-1] == '\n' ||
		                   end[-1] == '\r' || end[-1] == '\t'))
			end--;
		*end = '\0';
	}
	return p;
}

/* Author, publication date and headline from JSON-LD (<script type="application/ld+json">), parsed
 * with json-c: escapes (\u1ec5) decoded, @graph and arrays of authors followed. */
static void read_json_ld(xmlNode *root, char **author, char **published, char **headline)
{
	for (xmlNode *n = root; n && !(*author && *published && *headline);
	     n = bn_dom_next(n, root)) {
		const char *type = bn_dom_attr(n, "type");
		if (!bn_dom_is(n, "script") || !type ||
		    bn_ascii_casecmp(type, "application/ld+json"))
			continue;
		xmlChar *text = xmlNodeGetContent(n);
		if (!text)
			continue;
		pthread_once(&c_locale_once, make_c_locale);
		locale_t old = c_locale ? uselocale(c_locale) : (locale_t)0;
		json_object *v = json_tokener_parse(without_cdata((char *)text));
		if (c_locale)
			uselocale(old);
		xmlFree(text);
		read_ld_value(v, author, published, headline, 0);
		json_object_put(v);
	}
}

/* 1 when a headline is missing or ends in an ellipsis: cut to a search engine's length. */
static int is_cut_short(const char *s)
{
	if (!s || !*s)
		return 1;
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ')
		n--;
	return (n >= 3 && strncmp(s + n - 3, "...", 3) == 0) ||
	       (n >= 3 && strncmp(s + n - 3, "\xe2\x80\xa6", 3) == 0);
}

/* s without a leading "By " or "Bởi " (in place). */
static void strip_by(char *s)
{
	static const char *const prefixes[] = {"By ",  "by ",  "BY ",  "Bởi ", "bởi ", "Par ",
	                                       "par ", "Por ", "por ", "Von ", "von "};
	for (size_t i = 0; s && i < BN_ARRAY_LEN(prefixes); i++) {
		size_t n = strlen(prefixes[i]);
		if (strncmp(s, prefixes[i], n) == 0) {
			memmove(s, s + n, strlen(s + n) + 1);
			return;
		}
	}
}

/* og:locale "vi_VN" and Content-Language "vi-VN, en" as a BCP 47 tag: "vi-VN". */
static char *language_tag(const char *s)
{
	if (!s)
		return NULL;
	while (*s == ' ')
		s++;
	size_t n = strcspn(s, " ,;");
	if (n == 0 || n > 35)
		return NULL;
	char *t = bn_strndup(s, n);
	for (char *p = t; p && *p; p++)
		if (*p == '_')
			*p = '-';
	return t;
}

/* url (owned, may be NULL) made absolute against the page's own URL ("/bai-viet.html" on
 * https://x.vn/a/b becomes https://x.vn/bai-viet.html), as libxml2 resolves references; NULL
 * when it is relative and the page has no URL (a file), or cannot be resolved. It keys the
 * reading position and goes into the audio's tags, so it must name the page anywhere. */
static char *resolve_url(char *url, const char *doc_url)
{
	if (!url)
		return NULL;
	const char *colon = strstr(url, "://");
	int absolute =
	        colon && colon > url &&
	        strspn(url, "abcdefghijklmnopqrstuvwxyz"
	                    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-") == (size_t)(colon - url);
	if (absolute)
		return url;
	char *resolved = NULL;
	if (doc_url) {
		xmlChar *u = xmlBuildURI((const xmlChar *)url, (const xmlChar *)doc_url);
		if (u && strstr((const char *)u, "://"))
			resolved = strdup((const char *)u);
		if (u)
			xmlFree(u);
	}
	free(url);
	return resolved;
}

/* A canonical URL this long is no one's address: it would key --resume and fill tags. */
#define MAX_URL 2048

/* 1 when url is an http or https URL of a sensible length. */
static int web_url(const char *url)
{
	return url && strlen(url) <= MAX_URL &&
	       (bn_ascii_ncasecmp(url, "http://", 7) == 0 ||
	        bn_ascii_ncasecmp(url, "https://", 8) == 0);
}

/* url (taken) made absolute against doc_url; NULL when it is not a web address (javascript:,
 * data:, a file) or is longer than MAX_URL. */
static char *absolute_url(char *url, const char *doc_url)
{
	url = resolve_url(url, doc_url);
	if (url && !web_url(url)) {
		free(url);
		url = NULL;
	}
	return url;
}

void bn_meta_read(xmlDoc *doc, const char *doc_url, bn_article *a)
{
	xmlNode *root = xmlDocGetRootElement(doc);
	const char *values[M_KEY_COUNT] = {0};
	const char *canonical = NULL, *html_lang = NULL;
	xmlNode *title_node = NULL;
	if (!root)
		return;
	read_meta_tags(root, values, &canonical, &html_lang, &title_node);

	a->lang = language_tag(html_lang);
	if (!a->lang)
		a->lang = language_tag(values[M_OG_LOCALE]);
	if (!a->lang)
		a->lang = language_tag(values[M_LANGUAGE]);
	int vietnamese = a->lang && bn_ascii_ncasecmp(a->lang, "vi", 2) == 0;

	a->url = absolute_url(clean_value(canonical), doc_url);
	if (!a->url)
		a->url = absolute_url(clean_value(values[M_OG_URL]), doc_url);
	if (!a->url && doc_url)
		a->url = strdup(doc_url);

	a->site_name = clean_value(values[M_SITE_NAME]);
	if (!a->site_name)
		a->site_name = clean_value(values[M_APP_NAME]);

	char *ld_author = NULL, *ld_published = NULL, *ld_headline = NULL;
	read_json_ld(root, &ld_author, &ld_published, &ld_headline);

	/* The declared title: the article's JSON-LD headline (unless cut short for search
	 * engines), Dublin Core, Open Graph, Twitter, Parse.ly, in that order. */
	char *host = url_host(a->url ? a->url : doc_url);
	char *tag_text = title_node ? bn_dom_clean_text(title_node) : NULL;
	const char *declared = is_cut_short(ld_headline) ? NULL : ld_headline;
	for (int k = M_DC_TITLE; !declared && k <= M_PARSELY_TITLE; k++)
		declared = values[k];
	a->title = choose_title(root, declared, tag_text, a->site_name, host);
	free(tag_text);
	free(host);
	free(ld_headline);

	a->published = iso_value(values[M_PUBLISHED]);
	if (!a->published)
		a->published = iso_value(values[M_ITEMPROP_PUBLISHED]);
	if (!a->published)
		a->published = iso_value(values[M_PUBDATE]);
	if (!a->published)
		a->published = iso_value(ld_published);
	if (!a->published)
		a->published = visible_date(root, vietnamese);

	const char *author = values[M_DC_CREATOR];
	if (!author)
		author = values[M_AUTHOR];
	if (!author)
		author = values[M_PARSELY_AUTHOR];
	if (author && (strstr(author, "://") || same_text(author, a->site_name)))
		author = NULL;
	a->byline = clean_value(author);
	if (!a->byline && ld_author && !same_text(ld_author, a->site_name))
		a->byline = clean_value(ld_author);
	if (!a->byline)
		a->byline = visible_byline(root);
	if (a->byline && same_text(a->byline, a->site_name)) {
		free(a->byline); /* a site signing as itself names no author */
		a->byline = NULL;
	}
	strip_by(a->byline);
	free(ld_author);
	free(ld_published);
}
