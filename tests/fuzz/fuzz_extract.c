/* fuzz_extract.c: any bytes as a web page: decoding (charset sniffing), parsing, extraction,
 * metadata, the article as text and as sentences. Nothing may crash, leak or read outside a
 * buffer; the text that comes out is valid UTF-8. */
#include "fuzz.h"

#include "baonoi.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bn_document *doc = NULL;
	bn_error err;
	/* The first byte picks how the document presents itself. */
	static const char *const types[] = {"text/html", "text/html; charset=windows-1258",
	                                    "text/plain", NULL};
	const char *type = size ? types[data[0] % 4] : NULL;
	if (bn_document_from_bytes("fuzz", (const char *)data, size, type, &doc, &err) != BN_OK)
		return 0;
	for (int captions = 0; captions < 2; captions++) {
		bn_extract_options opts = {sizeof opts, captions};
		bn_article *a = NULL;
		if (bn_extract(doc, &opts, &a, &err) != BN_OK)
			continue;
		char *text = bn_article_to_text(a);
		FUZZ_ASSERT(text && bn_utf8_valid(text, strlen(text), NULL));
		free(text);
		bn_sentences *ss = NULL;
		if (bn_segment_article(a, &ss, &err) == BN_OK)
			for (size_t i = 0; i < ss->count; i++)
				FUZZ_ASSERT(ss->items[i].text && *ss->items[i].text);
		bn_sentences_free(ss);
		bn_article_free(a);
	}
	bn_document_free(doc);
	return 0;
}
