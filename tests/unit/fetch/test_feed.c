/* test_feed.c: feed parsing (src/fetch/feed.c): each kind of feed, relative and unsafe
 * URLs, dates in the forms feeds write, encodings, and what is not a feed. */
#include "../unit.h"

/* Parse text as a feed from base; fails the test unless it parses. */
static bn_feed *parse(const char *text, const char *base)
{
	bn_feed *f = NULL;
	bn_error err;
	bn_status st = bn_feed_parse("test", text, strlen(text), base, &f, &err);
	if (st != BN_OK)
		fail_msg("%s", err.message);
	return f;
}

static void test_rss(void **state)
{
	(void)state;
	bn_feed *f =
	        parse("<?xml version=\"1.0\"?>\n<rss version=\"2.0\" "
	              "xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel>"
	              "<title>Thời sự</title><atom:link rel=\"self\" href=\"/rss\"/>"
	              "<link>https://example.vn/</link>"
	              "<item><title>Tin &amp; bài</title><link>https://example.vn/a.htm</link>"
	              "<pubDate>Mon, 30 Nov 2026 08:00:00 +0700</pubDate></item>"
	              "<item><title><![CDATA[Tin <b>hai</b>]]></title><link>\n  /b.htm\n  "
	              "</link></item>"
	              "<item><guid>https://example.vn/c.htm</guid></item>"
	              "<item><guid isPermaLink=\"false\">https://example.vn/d.htm</guid></item>"
	              "<item><link>javascript:alert(1)</link></item>"
	              "<item><link>file:///etc/passwd</link></item>"
	              "</channel></rss>",
	              "https://example.vn/rss/thoi-su.rss");
	assert_int_equal(f->kind, BN_FEED_RSS);
	assert_string_equal(f->title, "Thời sự");
	assert_string_equal(f->link, "https://example.vn/");
	assert_int_equal(f->count, 3);
	assert_string_equal(f->items[0].url, "https://example.vn/a.htm");
	assert_string_equal(f->items[0].title, "Tin & bài");
	assert_string_equal(f->items[0].published, "2026-11-30T01:00:00Z");
	assert_int_equal(f->items[0].time, 1796000400);
	assert_string_equal(f->items[1].url, "https://example.vn/b.htm");
	assert_string_equal(f->items[1].title, "Tin <b>hai</b>");
	assert_null(f->items[1].published);
	assert_int_equal(f->items[1].time, -1);
	assert_string_equal(f->items[2].url, "https://example.vn/c.htm"); /* a permalink guid */
	bn_feed_free(f);
}

static void test_rss1_rdf(void **state)
{
	(void)state;
	bn_feed *f = parse("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
	                   "xmlns=\"http://purl.org/rss/1.0/\" "
	                   "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
	                   "<channel><title>RDF</title><link>http://x.vn/</link></channel>"
	                   "<item><title>Một</title><link>http://x.vn/1</link>"
	                   "<dc:date>2026-11-29T23:30:00Z</dc:date></item></rdf:RDF>",
	                   NULL);
	assert_int_equal(f->kind, BN_FEED_RSS);
	assert_string_equal(f->title, "RDF");
	assert_int_equal(f->count, 1);
	assert_string_equal(f->items[0].published, "2026-11-29T23:30:00Z");
	bn_feed_free(f);
}

static void test_atom(void **state)
{
	(void)state;
	bn_feed *f = parse("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Atom</title>"
	                   "<link rel=\"self\" href=\"/feed.atom\"/>"
	                   "<link rel=\"alternate\" href=\"https://a.vn/\"/>"
	                   "<entry><title type=\"html\">Bài một</title>"
	                   "<link rel=\"edit\" href=\"/edit/1\"/>"
	                   "<link rel=\"alternate\" type=\"text/html\" href=\"/bai-1\"/>"
	                   "<published>2026-11-30T08:00:00.123+07:00</published>"
	                   "<updated>2026-11-30T09:00:00Z</updated></entry>"
	                   "<entry><title>Hai</title><link href=\"https://a.vn/bai-2\"/>"
	                   "<updated>2026-11-30</updated></entry></feed>",
	                   "https://a.vn/feed.atom");
	assert_int_equal(f->kind, BN_FEED_ATOM);
	assert_string_equal(f->link, "https://a.vn/");
	assert_int_equal(f->count, 2);
	assert_string_equal(f->items[0].url, "https://a.vn/bai-1");
	assert_string_equal(f->items[0].published, "2026-11-30T01:00:00Z");
	assert_string_equal(f->items[1].url, "https://a.vn/bai-2");
	assert_string_equal(f->items[1].published, "2026-11-30T00:00:00Z");
	bn_feed_free(f);
}

static void test_json_feed(void **state)
{
	(void)state;
	bn_feed *f = parse("  {\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": "
	                   "\"JSON\", \"home_page_url\": \"https://j.vn/\", \"items\": ["
	                   "{\"id\": \"1\", \"url\": \"/a\", \"title\": \"A\", "
	                   "\"date_published\": \"2026-11-30T10:00:00Z\"},"
	                   "{\"id\": \"2\", \"external_url\": \"https://other.vn/b\"},"
	                   "{\"id\": \"3\"}, 42, {\"url\": 7}]}",
	                   "https://j.vn/feed.json");
	assert_int_equal(f->kind, BN_FEED_JSON);
	assert_string_equal(f->title, "JSON");
	assert_int_equal(f->count, 2);
	assert_string_equal(f->items[0].url, "https://j.vn/a");
	assert_string_equal(f->items[0].published, "2026-11-30T10:00:00Z");
	assert_string_equal(f->items[1].url, "https://other.vn/b");
	bn_feed_free(f);
}

static void test_news_sitemap(void **state)
{
	(void)state;
	bn_feed *f = parse(
	        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><urlset "
	        "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
	        "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">"
	        "<url><loc>https://s.vn/1.htm</loc><news:news><news:publication><news:name>S"
	        "</news:name></news:publication><news:title>Tin một</news:title>"
	        "<news:publication_date>2026-11-30T07:00:00+07:00</news:publication_date>"
	        "</news:news></url>"
	        "<url><loc>https://s.vn/2.htm</loc><lastmod>2026-11-29</lastmod></url></urlset>",
	        NULL);
	assert_int_equal(f->kind, BN_FEED_SITEMAP);
	assert_int_equal(f->count, 2);
	assert_string_equal(f->items[0].title, "Tin một");
	assert_string_equal(f->items[0].published, "2026-11-30T00:00:00Z");
	assert_null(f->items[1].title);
	assert_string_equal(f->items[1].published, "2026-11-29T00:00:00Z");
	bn_feed_free(f);
}

static void test_url_list(void **state)
{
	(void)state;
	bn_feed *f = parse("# hôm nay\nhttps://a.vn/1\r\n\n  http://b.vn/2  \n", NULL);
	assert_int_equal(f->kind, BN_FEED_URLS);
	assert_int_equal(f->count, 2);
	assert_string_equal(f->items[1].url, "http://b.vn/2");
	bn_feed_free(f);
}

/* A feed holds at most 10,000 items: the rest are dropped, not an error. */
static void test_item_cap(void **state)
{
	(void)state;
	size_t n = 10050, len = 0;
	char *text = malloc(n * 32);
	assert_non_null(text);
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(text + len, "https://a.vn/%zu\n", i);
	bn_feed *f = parse(text, NULL);
	assert_int_equal(f->count, 10000);
	assert_string_equal(f->items[9999].url, "https://a.vn/9999");
	bn_feed_free(f);
	free(text);
}

/* An RSS feed in a legacy encoding, declared in its XML declaration. */
static void test_declared_encoding(void **state)
{
	(void)state;
	const char *latin1 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel>"
	                     "<title>Caf\xe9</title><item><link>http://c.fr/1</link></item>"
	                     "</channel></rss>";
	bn_feed *f = parse(latin1, NULL);
	assert_string_equal(f->title, "Café");
	bn_feed_free(f);
}

/* Not feeds: a web page, other JSON, other XML, text, nothing. Entities are not expanded
 * and nothing is fetched. */
static void test_not_feeds(void **state)
{
	(void)state;
	static const char *const cases[] = {
	        UNIT_SHORT_PAGE,
	        "{\"version\": 1, \"items\": []}",
	        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
	        "Hà Nội hôm nay\n\nTrời nắng.",
	        "https://a.vn/1\nnot a url\n",
	        "",
	        "   \n",
	        "<?xml version=\"1.0\"?><!DOCTYPE rss SYSTEM \"http://127.0.0.1:9/x.dtd\"><html/>",
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		bn_feed *f = NULL;
		bn_error err;
		bn_status st =
		        bn_feed_parse("page.html", cases[i], strlen(cases[i]), NULL, &f, &err);
		assert_int_equal(st, BN_ERR_UNSUPPORTED);
		assert_null(f);
		assert_non_null(strstr(err.message, "page.html: not a feed"));
	}
	/* An entity defined in the document is not expanded into the title. */
	bn_feed *f = parse("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY e \"EXPANDED\">]>"
	                   "<rss><channel><title>a&e;b</title><item><link>http://a.vn/</link>"
	                   "</item></channel></rss>",
	                   NULL);
	assert_null(strstr(f->title ? f->title : "", "EXPANDED"));
	bn_feed_free(f);
}

static void test_dates(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		int64_t out;
	} cases[] = {
	        {"Mon, 30 Nov 2026 08:00:00 +0700", 1796000400},
	        {"30 Nov 2026 01:00:00 GMT", 1796000400},
	        {"Mon, 30 Nov 26 01:00 UT", 1796000400},
	        {"Sun, 29 Nov 2026 20:00:00 EST", 1796000400},
	        {"2026-11-30T01:00:00Z", 1796000400},
	        {"2026-11-30T08:00:00+07:00", 1796000400},
	        {"2026-11-30t01:00:00.999z", 1796000400},
	        {"2026-11-30 01:00", 1796000400},
	        {"1970-01-01", 0},
	        {"2000-02-29T00:00:00Z", 951782400},
	        {"hôm qua", -1},
	        {"2026-13-01", -1},
	        {"Mon, 30 Foo 2026", -1},
	        {"", -1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		if (bn_feed_parse_date(cases[i].in) != cases[i].out)
			fail_msg("%s: %lld, not %lld", cases[i].in,
			         (long long)bn_feed_parse_date(cases[i].in),
			         (long long)cases[i].out);
	assert_int_equal(bn_feed_parse_date(NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_rss),
	        cmocka_unit_test(test_rss1_rdf),
	        cmocka_unit_test(test_atom),
	        cmocka_unit_test(test_json_feed),
	        cmocka_unit_test(test_news_sitemap),
	        cmocka_unit_test(test_url_list),
	        cmocka_unit_test(test_declared_encoding),
	        cmocka_unit_test(test_not_feeds),
	        cmocka_unit_test(test_dates),
	        cmocka_unit_test(test_item_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
