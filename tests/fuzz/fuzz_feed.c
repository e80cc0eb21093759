/* fuzz_feed.c: any bytes as a feed (RSS, Atom, JSON Feed, sitemap, a list of URLs): each
 * parses or is refused with a message naming it; every item's URL is an absolute http(s) URL
 * on one line, titles and dates are valid UTF-8, and nothing crashes, leaks or reads outside
 * a buffer. */
#include "fuzz.h"

#include "baonoi.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bn_feed *f = NULL;
	bn_error err;
	bn_status st = bn_feed_parse("feed.xml", (const char *)data, size,
	                             "https://example.vn/rss/feed.xml", &f, &err);
	FUZZ_ASSERT(st == BN_OK || strstr(err.message, "feed.xml"));
	if (st != BN_OK) {
		FUZZ_ASSERT(f == NULL);
		return 0;
	}
	FUZZ_ASSERT(f->count <= 10000);
	for (size_t i = 0; i < f->count; i++) {
		const bn_feed_item *it = &f->items[i];
		FUZZ_ASSERT(strncmp(it->url, "http://", 7) == 0 ||
		            strncmp(it->url, "https://", 8) == 0);
		FUZZ_ASSERT(!strpbrk(it->url, " \t\r\n"));
		FUZZ_ASSERT(!it->title || bn_utf8_valid(it->title, strlen(it->title), NULL));
		FUZZ_ASSERT(!it->published || strlen(it->published) == 20);
		FUZZ_ASSERT((it->published != NULL) == (it->time >= 0));
	}
	FUZZ_ASSERT(!f->title || bn_utf8_valid(f->title, strlen(f->title), NULL));
	bn_feed_free(f);
	return 0;
}
