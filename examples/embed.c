/* embed.c: a minimal program embedding libbaonoi: prints the spoken form of each sentence of
 * an article (a URL, a file, or - for standard input), as `baonoi spoken` does.
 * Build: cc embed.c $(pkg-config --cflags --libs baonoi) -o embed */
#include <baonoi.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s SOURCE\n", argv[0]);
		return 2;
	}
	bn_error err;
	bn_document *doc = NULL;
	bn_article *article = NULL;
	bn_sentences *sentences = NULL;
	bn_normalizer *normalizer = NULL;
	bn_voice voice;
	if (bn_fetch(argv[1], NULL, &doc, &err) != BN_OK ||
	    bn_extract(doc, NULL, &article, &err) != BN_OK ||
	    bn_segment_article(article, &sentences, &err) != BN_OK ||
	    bn_voice_load("northern", NULL, &voice, &err) != BN_OK ||
	    bn_normalizer_new(&voice, NULL, &normalizer, &err) != BN_OK) {
		fprintf(stderr, "embed: %s\n", err.message);
		bn_sentences_free(sentences);
		bn_article_free(article);
		bn_document_free(doc);
		return err.status;
	}
	for (size_t i = 0; i < sentences->count; i++) {
		char *spoken = bn_normalize(normalizer, sentences->items[i].text);
		if (spoken)
			puts(spoken);
		free(spoken);
	}
	bn_normalizer_free(normalizer);
	bn_sentences_free(sentences);
	bn_article_free(article);
	bn_document_free(doc);
	return 0;
}
