/* test_preparse.c: the script and style bodies found before parsing (preparse.c). Each span must be
 * exactly the text libxml2 itself gives a script or style element of the full page, in order;
 * on constructs two HTML parsers could read differently the scan must stop. */
#include "unit.h"

#include "buf.h"
#include "preparse.h"

#include "../../fuzz/tree.h"

#include <dirent.h>
#include <libxml/HTMLparser.h>
#include <strings.h>

/* The scan without attribute dropping: script and style bodies only. */
static int bodies_of(const char *s, size_t len, bn_span **out, size_t *count)
{
	return bn_preparse(s, len, NULL, out, count);
}

/* The spans of s (a NUL-terminated page), as a malloc'd array; *n their number. */
static bn_span *spans_of(const char *s, size_t *n)
{
	bn_span *sp = NULL;
	assert_int_equal(bodies_of(s, strlen(s), &sp, n), 0);
	return sp;
}

/* 1 when text is the bytes body[0..n) without the control characters XML has no room for
 * (libxml2 drops them from a script's text; the extractor drops the whole text anyway). */
static int same_but_controls(const char *text, const char *body, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)body[i];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			continue;
		if (*text++ != body[i])
			return 0;
	}
	return *text == '\0';
}

/* 1 when every span is the whole text of a script or style element of the page as libxml2
 * parses it in full, the spans in document order and each element used once. */
static int spans_are_bodies(const char *s, size_t len, const bn_span *sp, size_t n)
{
	htmlDocPtr doc = htmlReadMemory(s, (int)len, NULL, "UTF-8",
	                                HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
	                                        HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	if (!doc)
		return n == 0;
	size_t k = 0;
	xmlNode *root = xmlDocGetRootElement(doc), *node = root;
	while (node && k < n) {
		if (node->type == XML_ELEMENT_NODE && (xmlStrEqual(node->name, BAD_CAST "script") ||
		                                       xmlStrEqual(node->name, BAD_CAST "style"))) {
			xmlChar *text = xmlNodeGetContent(node);
			if (text && same_but_controls((const char *)text, s + sp[k].start,
			                              sp[k].end - sp[k].start))
				k++;
			xmlFree(text);
		}
		/* Next in document order. */
		if (node->children && node->type == XML_ELEMENT_NODE) {
			node = node->children;
			continue;
		}
		while (node && !node->next && node != root)
			node = node->parent;
		node = node && node != root ? node->next : NULL;
	}
	xmlFreeDoc(doc);
	return k == n;
}

/* The bodies of ordinary scripts and styles are found; JSON-LD is kept for the metadata. */
static void test_plain_bodies(void **state)
{
	(void)state;
	const char *page = "<html><head><style>p{color:red}</style>"
	                   "<script type=\"application/ld+json\">{\"a\":1}</script>"
	                   "<script type=\"APPLICATION/LD+JSON\">{\"b\":2}</script>"
	                   "<script src=x.js></script></head><body><p>Hi</p>"
	                   "<SCRIPT>if (a < b && c > d) x = '</div>';</SCRIPT>"
	                   "<p title='a > b'>x</p><script>y()</script></body></html>";
	size_t n;
	bn_span *sp = spans_of(page, &n);
	assert_int_equal(n, 3);
	assert_memory_equal(page + sp[0].start, "p{color:red}", 12);
	assert_memory_equal(page + sp[1].start, "if (a < b", 9);
	assert_memory_equal(page + sp[2].start, "y()", 3);
	assert_true(spans_are_bodies(page, strlen(page), sp, n));
	free(sp);
}

/* Markup that looks like a script but is not one to a parser is not skipped over. */
static void test_not_scripts(void **state)
{
	(void)state;
	const char *page = "<p><!-- <script> --> text <a title=\"<script>\">link</a> &lt;script&gt;"
	                   " a < script b</p><script>z</script><p>after</p>";
	size_t n;
	bn_span *sp = spans_of(page, &n);
	assert_int_equal(n, 1);
	assert_memory_equal(page + sp[0].start, "z", 1);
	assert_true(spans_are_bodies(page, strlen(page), sp, n));
	free(sp);
}

/* Constructs two parsers read differently stop the scan: nothing after them is skipped. */
static void test_stops_where_parsers_differ(void **state)
{
	(void)state;
	static const char *const pages[] = {
	        "<script/>text<script>a</script>",              /* empty to 2.9, open to HTML5 */
	        "<!-->x<script>a</script>",                     /* a comment closed only in HTML5 */
	        "<!-- a --!> <script>a</script> -->",           /* ditto */
	        "<textarea><script>a</script></textarea>",      /* text to HTML5 */
	        "<title>a<script>b</script></title>",           /* ditto */
	        "<plaintext><script>a</script>",                /* ditto */
	        "<div @click=\"a>b\"><script>a</script></div>", /* 2.9 ends the tag at a>b */
	        "<a /href=\"x>y\"><script>a</script>",          /* ditto */
	        "<div a\"=\"b>\"><script>a</script>",           /* HTML5 ends it later */
	        "</div class=\"a>b\"><script>a</script>",       /* quotes in an end tag */
	        "<!DOCTYPE html PUBLIC \"a>b\"><script>a</script>", /* '>' in an identifier */
	        "<script>document.write('<!--<script>x</script>-->');</script><script>a</script>",
	        "<script>a</scripts>b</script><script>c</script>", /* 2.9 ends at "</scripts" */
	        "<div\fclass=x><script>a</script>", /* form feed: a blank to HTML5 only */
	        "<![CDATA[ x ]]><script>a</script>",
	        "<script></x>y</script><script>a</script>", /* 2.9: an end tag before the body */
	        "<style><p>x</style><script>a</script>",    /* 2.9: a start tag before it */
	        NULL};
	for (size_t i = 0; pages[i]; i++) {
		size_t n;
		bn_span *sp = spans_of(pages[i], &n);
		if (n != 0)
			fail_msg("page %zu: %zu spans: %s", i, n, pages[i]);
		free(sp);
	}
}

/* What both read alike is passed over: a doctype with identifiers, an XML declaration,
 * comments, text-only elements without markup, "<!--" in a script without "<script". */
static void test_goes_on_where_parsers_agree(void **state)
{
	(void)state;
	const char *page = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
	                   "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"x.dtd\">"
	                   "<html><head><title>A &amp; B</title><!-- c --><!---->"
	                   "<script>\n<!-- old(); //--></script></head><body>"
	                   "<iframe src=a></iframe><noscript><img src=b></noscript>"
	                   "<div :class=\"x\" data-x='1' hidden>t</div><br/>"
	                   "<script>last()</script></body></html>";
	size_t n;
	bn_span *sp = spans_of(page, &n);
	assert_int_equal(n, 2);
	assert_memory_equal(page + sp[1].start, "last()", 6);
	assert_true(spans_are_bodies(page, strlen(page), sp, n));
	free(sp);
}

/* A NUL byte, a page that ends inside a tag or a comment: no span past what is certain. */
static void test_truncated_pages(void **state)
{
	(void)state;
	const char nul[] = "<script>a</script>\0<script>b</script>";
	bn_span *sp = NULL;
	size_t n;
	assert_int_equal(bodies_of(nul, sizeof nul - 1, &sp, &n), 0);
	assert_int_equal(n, 0);
	free(sp);
	static const char *const pages[] = {"<script>a", "<script", "<script a=\"",
	                                    "<!-- x",    "<",       "<script>a</script",
	                                    "</",        "<!",      NULL};
	for (size_t i = 0; pages[i]; i++) {
		sp = spans_of(pages[i], &n);
		assert_int_equal(n, 0);
		free(sp);
	}
}

/* Attributes the extractor does not read are skipped, with the blanks before them; a tag the
 * two tokenizers could split differently keeps them all. */
static void test_attributes(void **state)
{
	(void)state;
	const char *page = "<div class=\"a\" data-x=\"1 > 2\" src='b' id=c hidden>t</div>"
	                   "<div data-y=y/>u</div><img src=x /><p data-z=1>v</p>";
	size_t n;
	bn_span *sp = NULL;
	assert_int_equal(bn_preparse(page, strlen(page), test_wanted, &sp, &n), 0);
	assert_int_equal(n, 6);
	assert_memory_equal(page + sp[0].start, " data-x=\"1 > 2\"", sp[0].end - sp[0].start);
	assert_memory_equal(page + sp[1].start, " src='b'", sp[1].end - sp[1].start);
	assert_memory_equal(page + sp[2].start, " hidden", sp[2].end - sp[2].start);
	assert_memory_equal(page + sp[3].start, " data-y=y/", sp[3].end - sp[3].start);
	assert_memory_equal(page + sp[4].start, " src=x", sp[4].end - sp[4].start);
	assert_memory_equal(page + sp[5].start, " data-z=1", sp[5].end - sp[5].start);
	free(sp);
	assert_true(same_tree(page, strlen(page)));
	static const char *const whole[] = {
	        "<div data-x=\"1\"class=a>t</div>",     /* no blank between them */
	        "<div @click=\"f()\" data-x=1>t</div>", /* a name libxml2 2.9 does not read */
	        "<div data-x=1 a\"b=2>t</div>",         /* a quote in a name */
	        "<div/ data-x=1>t</div>",               /* a '/' that HTML5 drops */
	        NULL};
	for (size_t i = 0; whole[i]; i++) {
		assert_int_equal(bn_preparse(whole[i], strlen(whole[i]), test_wanted, &sp, &n), 0);
		if (n != 0)
			fail_msg("%s: %zu spans", whole[i], n);
		free(sp);
		assert_true(same_tree(whole[i], strlen(whole[i])));
	}
}

/* Every fixture page (real pages of many sites): each span is a body libxml2 agrees on. */
static void test_fixture_pages(void **state)
{
	(void)state;
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/tests/fixtures", bn_data_dir());
	DIR *d = opendir(dir);
	assert_non_null(d);
	size_t pages = 0, spans = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l < 5 || strcmp(e->d_name + l - 5, ".html") != 0)
			continue;
		char path[8192];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		size_t len;
		char *page = unit_read_file(path, &len);
		bn_span *sp = NULL;
		size_t n;
		assert_int_equal(bodies_of(page, len, &sp, &n), 0);
		if (!spans_are_bodies(page, len, sp, n))
			fail_msg("%s: a span is not a script or style body", e->d_name);
		if (!same_tree(page, len))
			fail_msg("%s: parses differently without its spans", e->d_name);
		pages++;
		spans += n;
		free(sp);
		free(page);
	}
	closedir(d);
	assert_true(pages >= 10);
	assert_true(spans >= 5); /* the pages that kept their scripts: the scan does find them */
}

/* With pages named on the command line (the Readability corpus, mutated pages), check those
 * instead: "PAGE<TAB>spans" for each, exit status 1 at the first page whose spans are wrong. */
static int check_pages(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		size_t len;
		char *page = unit_read_file(argv[i], &len);
		bn_span *sp = NULL;
		size_t n;
		if (bodies_of(page, len, &sp, &n) != 0 || !spans_are_bodies(page, len, sp, n) ||
		    !same_tree(page, len)) {
			printf("%s\tWRONG\n", argv[i]);
			return 1;
		}
		printf("%s\t%zu\n", argv[i], n);
		free(sp);
		free(page);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1)
		return check_pages(argc, argv);
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_plain_bodies),
	        cmocka_unit_test(test_not_scripts),
	        cmocka_unit_test(test_stops_where_parsers_differ),
	        cmocka_unit_test(test_goes_on_where_parsers_agree),
	        cmocka_unit_test(test_truncated_pages),
	        cmocka_unit_test(test_attributes),
	        cmocka_unit_test(test_fixture_pages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
