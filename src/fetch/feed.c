/* feed.c: the lists of articles an audio edition is made from: RSS 2.0 and RSS 1.0 (RDF),
 * Atom, JSON Feed, sitemaps (news sitemaps' titles and dates included) and plain lists of
 * URLs, each parsed into the same bn_feed: item URLs made absolute against the feed's own,
 * only http(s) kept, titles and publication times where the feed gives them. XML is parsed
 * by libxml2 without network access or entity expansion; JSON by json-c. */
#include "baonoi.h"

#include "buf.h"
#include "internal.h"
#include "text.h"

#include <ctype.h>
#include <json-c/json.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A feed may not make the parser hold more than this many items. */
#define MAX_ITEMS 10000

const char *bn_feed_kind_name(bn_feed_kind kind)
{
	switch (kind) {
	case BN_FEED_RSS: return "rss";
	case BN_FEED_ATOM: return "atom";
	case BN_FEED_JSON: return "json";
	case BN_FEED_SITEMAP: return "sitemap";
	case BN_FEED_URLS: return "urls";
	}
	return "unknown";
}

/* Days from 1970-01-01 to the given civil date (proleptic Gregorian), without timegm's
 * dependence on the time zone machinery. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Read up to max digits at *p into *v; the count read. */
static int digits(const char **p, int max, int *v)
{
	int n = 0;
	*v = 0;
	while (n < max && isdigit((unsigned char)**p)) {
		*v = *v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n;
}

/* A time-zone offset at p ("Z", "+07:00", "+0700", "GMT", "UT", "EST"...) in seconds east of
 * UTC; 0 for none or one unknown. */
static long zone_offset(const char *p)
{
	while (*p == ' ')
		p++;
	if (*p == '+' || *p == '-') {
		int sign = *p == '-' ? -1 : 1, h = 0, m = 0;
		p++;
		if (digits(&p, 2, &h) != 2)
			return 0;
		if (*p == ':')
			p++;
		digits(&p, 2, &m);
		return sign * (h * 3600L + m * 60L);
	}
	static const struct {
		const char *name;
		int hours;
	} zones[] = {{"EST", -5}, {"EDT", -4}, {"CST", -6}, {"CDT", -5},
	             {"MST", -7}, {"MDT", -6}, {"PST", -8}, {"PDT", -7}};
	for (size_t i = 0; i < BN_ARRAY_LEN(zones); i++)
		if (strncmp(p, zones[i].name, 3) == 0)
			return zones[i].hours * 3600L;
	return 0; /* Z, GMT, UT and the unknown */
}

/* Seconds since the epoch of a feed date: RFC 3339 / W3C ("2026-11-30", "2026-11-30T08:00Z",
 * "2026-11-30T08:00:00.5+07:00") as Atom, JSON Feed and sitemaps write them, or RFC 822 ("Mon,
 * 30 Nov 2026 08:00:00 +0700", two-digit years too) as RSS does. -1 when it is neither. */
int64_t bn_feed_parse_date(const char *s)
{
	if (!s)
		return -1;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, se = 0;
	if (digits(&p, 4, &y) == 4 && *p == '-') { /* RFC 3339 */
		p++;
		if (digits(&p, 2, &mo) != 2 || *p++ != '-' || digits(&p, 2, &d) != 2)
			return -1;
		if (*p == 'T' || *p == 't' || *p == ' ') {
			p++;
			if (digits(&p, 2, &h) != 2 || *p++ != ':' || digits(&p, 2, &mi) != 2)
				return -1;
			if (*p == ':') {
				p++;
				digits(&p, 2, &se);
			}
			if (*p == '.')
				for (p++; isdigit((unsigned char)*p); p++)
					;
		}
	} else { /* RFC 822: [Day,] DD Mon YYYY HH:MM[:SS] zone */
		static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
		p = s;
		const char *comma = strchr(p, ',');
		if (comma && comma - p <= 10)
			p = comma + 1;
		while (*p == ' ')
			p++;
		if (digits(&p, 2, &d) < 1)
			return -1;
		while (*p == ' ')
			p++;
		mo = 0;
		for (int i = 0; i < 12; i++)
			if (bn_ascii_ncasecmp(p, months + 3 * i, 3) == 0)
				mo = i + 1;
		if (!mo)
			return -1;
		while (*p && *p != ' ')
			p++;
		while (*p == ' ')
			p++;
		int n = digits(&p, 4, &y);
		if (n == 2)
			y += y < 50 ? 2000 : 1900;
		else if (n != 4)
			return -1;
		while (*p == ' ')
			p++;
		if (digits(&p, 2, &h) >= 1 && *p == ':') {
			p++;
			digits(&p, 2, &mi);
			if (*p == ':') {
				p++;
				digits(&p, 2, &se);
			}
		}
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || se > 60)
		return -1;
	return days_from_civil(y, mo, d) * 86400 + h * 3600L + mi * 60L + se - zone_offset(p);
}

/* Append an item for url (taken: freed on failure). 0 with *out the new item; 1 when the
 * feed has all the items it may hold (the rest are dropped); -1 when out of memory. */
static int add_item(bn_feed *f, size_t *cap, char *url, bn_feed_item **out)
{
	if (f->count >= MAX_ITEMS) {
		free(url);
		return 1;
	}
	if (f->count == *cap) {
		size_t n = *cap ? *cap * 2 : 16;
		bn_feed_item *items = realloc(f->items, n * sizeof *items);
		if (!items) {
			free(url);
			return -1;
		}
		f->items = items;
		*cap = n;
	}
	bn_feed_item *it = &f->items[f->count++];
	memset(it, 0, sizeof *it);
	it->url = url;
	it->time = -1;
	*out = it;
	return 0;
}

/* s as one clean line (bn_clean_text: NFC, invisible characters dropped, white space
 * collapsed, invalid UTF-8 replaced); malloc'd, NULL for NULL or an empty result. */
static char *one_line(const char *s)
{
	if (!s)
		return NULL;
	char *t = bn_clean_text(s, strlen(s));
	if (t && !*t) {
		free(t);
		t = NULL;
	}
	return t;
}

/* url made absolute against base, when the result is http or https; malloc'd, else NULL. */
static char *absolute_url(const char *url, const char *base)
{
	char *u = one_line(url);
	if (!u)
		return NULL;
	xmlChar *abs = xmlBuildURI((const xmlChar *)u, (const xmlChar *)(base ? base : ""));
	free(u);
	if (!abs)
		return NULL;
	char *out = NULL;
	const char *a = (const char *)abs;
	if ((bn_ascii_ncasecmp(a, "http://", 7) == 0 && a[7]) ||
	    (bn_ascii_ncasecmp(a, "https://", 8) == 0 && a[8]))
		if (strlen(a) <= 8192 && !strpbrk(a, " \t\r\n") && (out = strdup(a)))
			for (char *p = out; *p != ':'; p++) /* the scheme in lower case */
				*p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	xmlFree(abs);
	return out;
}

/* Set item's time and its ISO 8601 form from a date string, when it parses. */
static void set_date(bn_feed_item *it, const char *date)
{
	int64_t t = bn_feed_parse_date(date);
	if (t < 0 || it->published)
		return;
	time_t tt = (time_t)t;
	struct tm tm;
	char iso[32];
	if (!gmtime_r(&tt, &tm) || !strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return;
	it->time = t;
	it->published = strdup(iso);
}

/* The element's local name is name (namespaces aside). */
static int named(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The first child element called name, or NULL. */
static xmlNode *child(const xmlNode *n, const char *name)
{
	for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (named(c, name))
			return c;
	return NULL;
}

/* Append the text inside n to b: text and CDATA, through child elements; entity references
 * are not expanded (a feed's own entities could make a title of any size). */
static void gather_text(const xmlNode *n, bn_buf *b)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
			bn_buf_puts(b, (const char *)c->content);
		else if (c->type == XML_ELEMENT_NODE)
			gather_text(c, b);
		if (b->len > 65536)
			return;
	}
}

/* The text of n on one line, malloc'd; NULL when empty. */
static char *node_text(const xmlNode *n)
{
	bn_buf b = BN_BUF_INIT;
	gather_text(n, &b);
	char *s = b.failed ? NULL : one_line(b.data ? b.data : "");
	bn_buf_free(&b);
	return s;
}

/* The text of the first child element called name (NULL when none): malloc'd. */
static char *child_text(const xmlNode *n, const char *name)
{
	xmlNode *c = child(n, name);
	return c ? node_text(c) : NULL;
}

/* An item's link: RSS <link>, else a permalink <guid>, else Atom's <link rel="alternate"
 * href> (or one without rel). */
static char *item_link(const xmlNode *n, const char *base)
{
	char *url = NULL;
	for (xmlNode *c = n->children; c && !url; c = c->next) {
		if (!named(c, "link"))
			continue;
		xmlChar *href = xmlGetProp(c, (const xmlChar *)"href");
		xmlChar *rel = xmlGetProp(c, (const xmlChar *)"rel");
		if (href && (!rel || strcmp((const char *)rel, "alternate") == 0))
			url = absolute_url((const char *)href, base);
		else if (!href) {
			char *t = node_text(c);
			url = absolute_url(t, base);
			free(t);
		}
		xmlFree(href);
		xmlFree(rel);
	}
	xmlNode *guid = url ? NULL : child(n, "guid");
	if (guid) {
		xmlChar *perma = xmlGetProp(guid, (const xmlChar *)"isPermaLink");
		if (!perma || strcmp((const char *)perma, "false") != 0) {
			char *t = node_text(guid);
			url = absolute_url(t, base);
			free(t);
		}
		xmlFree(perma);
	}
	return url;
}

/* The items of an XML feed: the entries under root (RSS's channel, RSS 1.0's rdf:RDF, Atom's
 * feed, a sitemap's urlset) called item_name. */
static bn_status xml_items(bn_feed *f, const xmlNode *parent, const char *item_name,
                           const char *base, const char *name, bn_error *err)
{
	size_t cap = 0;
	for (xmlNode *n = parent->children; n; n = n->next) {
		if (!named(n, item_name))
			continue;
		char *url;
		xmlNode *news = NULL;
		if (f->kind == BN_FEED_SITEMAP) {
			char *loc = child_text(n, "loc");
			url = absolute_url(loc, base);
			free(loc);
			news = child(n, "news");
		} else {
			url = item_link(n, base);
		}
		if (!url)
			continue;
		bn_feed_item *it;
		int full = add_item(f, &cap, url, &it);
		if (full < 0)
			return bn_fail(err, BN_ERR_INTERNAL, "%s: out of memory", name);
		if (full)
			break;
		const xmlNode *meta = news ? news : n;
		it->title = child_text(meta, "title");
		static const char *const dates[] = {"pubDate", "published", "updated",
		                                    "date",    "issued",    "publication_date",
		                                    "lastmod"};
		for (size_t k = 0; k < BN_ARRAY_LEN(dates) && !it->published; k++) {
			char *d = child_text(meta, dates[k]);
			if (!d && meta != n)
				d = child_text(n, dates[k]);
			set_date(it, d);
			free(d);
		}
	}
	return BN_OK;
}

/* An XML feed: RSS 2.0, RSS 1.0, Atom or a sitemap. */
static bn_status parse_xml(bn_feed *f, const char *bytes, size_t len, const char *base,
                           const char *name, bn_error *err)
{
	if (len > (size_t)1 << 30)
		return bn_fail(err, BN_ERR_TOO_LARGE, "%s: feed too large", name);
	/* No network, no entity expansion, no DTD loading: a feed cannot reach anything. */
	xmlDoc *doc = xmlReadMemory(bytes, (int)len, base, NULL,
	                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	                                    XML_PARSE_RECOVER | XML_PARSE_NOCDATA);
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	bn_status st = BN_OK;
	const xmlNode *parent = NULL;
	const char *item = NULL;
	if (named(root, "rss")) {
		f->kind = BN_FEED_RSS;
		parent = child(root, "channel");
		item = "item";
	} else if (named(root, "RDF")) {
		f->kind = BN_FEED_RSS;
		parent = root; /* RSS 1.0 puts items beside its channel */
		item = "item";
	} else if (named(root, "feed")) {
		f->kind = BN_FEED_ATOM;
		parent = root;
		item = "entry";
	} else if (named(root, "urlset")) {
		f->kind = BN_FEED_SITEMAP;
		parent = root;
		item = "url";
	}
	if (!parent) {
		st = bn_fail(err, BN_ERR_UNSUPPORTED,
		             "%s: not a feed (no RSS, Atom or sitemap root element)", name);
	} else {
		const xmlNode *head = f->kind == BN_FEED_RSS ? child(root, "channel") : root;
		if (head) {
			f->title = child_text(head, "title");
			/* Atom's link rel=alternate; RSS's text link (not an atom:link). */
			f->link = item_link(head, base);
		}
		st = xml_items(f, parent, item, base, name, err);
	}
	xmlFreeDoc(doc);
	return st;
}

/* A string member of a JSON object, or NULL. */
static const char *json_string(json_object *o, const char *key)
{
	json_object *v;
	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* A JSON Feed (jsonfeed.org, versions 1 and 1.1). */
static bn_status parse_json(bn_feed *f, const char *bytes, size_t len, const char *base,
                            const char *name, bn_error *err)
{
	json_tokener *tok = json_tokener_new_ex(64);
	if (!tok)
		return bn_fail(err, BN_ERR_INTERNAL, "%s: out of memory", name);
	json_object *root = len <= INT32_MAX ? json_tokener_parse_ex(tok, bytes, (int)len) : NULL;
	json_tokener_free(tok);
	const char *version = root ? json_string(root, "version") : NULL;
	json_object *items;
	if (!version || !strstr(version, "jsonfeed.org") ||
	    !json_object_object_get_ex(root, "items", &items) ||
	    !json_object_is_type(items, json_type_array)) {
		json_object_put(root);
		return bn_fail(err, BN_ERR_UNSUPPORTED,
		               "%s: not a feed (JSON, but not a JSON Feed)", name);
	}
	f->kind = BN_FEED_JSON;
	f->title = one_line(json_string(root, "title"));
	f->link = absolute_url(json_string(root, "home_page_url"), base);
	size_t cap = 0, n = json_object_array_length(items);
	bn_status st = BN_OK;
	for (size_t i = 0; i < n && st == BN_OK; i++) {
		json_object *o = json_object_array_get_idx(items, i);
		if (!json_object_is_type(o, json_type_object))
			continue;
		char *url = absolute_url(json_string(o, "url"), base);
		if (!url)
			url = absolute_url(json_string(o, "external_url"), base);
		if (!url)
			continue;
		bn_feed_item *it;
		int full = add_item(f, &cap, url, &it);
		if (full < 0)
			st = bn_fail(err, BN_ERR_INTERNAL, "%s: out of memory", name);
		if (full)
			break;
		it->title = one_line(json_string(o, "title"));
		set_date(it, json_string(o, "date_published"));
		set_date(it, json_string(o, "date_modified"));
	}
	json_object_put(root);
	return st;
}

/* A text file of URLs, one a line; blank lines and # comments skipped. Every other line must
 * be an http(s) URL, else it is not such a list. */
static bn_status parse_urls(bn_feed *f, const char *bytes, size_t len, const char *base,
                            const char *name, bn_error *err)
{
	size_t cap = 0;
	f->kind = BN_FEED_URLS;
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(bytes + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - bytes) : len;
		char *line = bn_strndup(bytes + i, end - i);
		i = end + 1;
		if (!line)
			return bn_fail(err, BN_ERR_INTERNAL, "%s: out of memory", name);
		char *t = bn_trim(line);
		if (!*t || *t == '#') {
			free(line);
			continue;
		}
		char *url = NULL;
		if (bn_ascii_ncasecmp(t, "http://", 7) == 0 ||
		    bn_ascii_ncasecmp(t, "https://", 8) == 0)
			url = absolute_url(t, base);
		free(line);
		if (!url)
			return bn_fail(err, BN_ERR_UNSUPPORTED,
			               "%s: not a feed (a line that is not an http(s) URL)", name);
		bn_feed_item *it;
		int full = add_item(f, &cap, url, &it);
		if (full < 0)
			return bn_fail(err, BN_ERR_INTERNAL, "%s: out of memory", name);
		if (full)
			break;
	}
	if (!f->count)
		return bn_fail(err, BN_ERR_UNSUPPORTED, "%s: not a feed (no URL in it)", name);
	return BN_OK;
}

bn_status bn_feed_parse(const char *name, const char *bytes, size_t len, const char *base_url,
                        bn_feed **out, bn_error *err)
{
	*out = NULL;
	bn_feed *f = calloc(1, sizeof *f);
	if (!f)
		return bn_fail(err, BN_ERR_INTERNAL, "%s: out of memory", name);
	size_t i = 0;
	if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0)
		i = 3; /* a UTF-8 byte order mark */
	while (i < len && isspace((unsigned char)bytes[i]))
		i++;
	bn_status st;
	if (i < len && bytes[i] == '{')
		st = parse_json(f, bytes + i, len - i, base_url, name, err);
	else if (i < len && bytes[i] == '<')
		st = parse_xml(f, bytes, len, base_url, name, err);
	else if (i < len && memchr(bytes, '\0', len) == NULL)
		st = parse_urls(f, bytes + i, len - i, base_url, name, err);
	else
		st = bn_fail(err, BN_ERR_UNSUPPORTED, "%s: not a feed", name);
	if (st != BN_OK) {
		bn_feed_free(f);
		return st;
	}
	*out = f;
	return BN_OK;
}

void bn_feed_free(bn_feed *feed)
{
	if (!feed)
		return;
	for (size_t i = 0; i < feed->count; i++) {
		free(feed->items[i].url);
		free(feed->items[i].title);
		free(feed->items[i].published);
	}
	free(feed->items);
	free(feed->title);
	free(feed->link);
	free(feed);
}
