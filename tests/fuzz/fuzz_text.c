/* fuzz_text.c: any line of text through what `split` and `normalize` do: validation, sentence
 * splitting, the spoken form with each region's reading rules. The spoken form is valid
 * UTF-8 with no digit left in it (every number is read as words). */
#include "fuzz.h"

#include "baonoi.h"
#include "text.h"

static bn_normalizer *normalizers[3];

/* One normalizer per region, made once: the lexicon loads from the data directory. */
static void init(void)
{
	static const char *const voices[] = {"northern", "central", "southern"};
	for (int i = 0; i < 3; i++) {
		bn_voice v;
		bn_error err;
		if (bn_voice_load(voices[i], NULL, &v, &err) != BN_OK ||
		    bn_normalizer_new(&v, NULL, &normalizers[i], &err) != BN_OK) {
			fprintf(stderr, "fuzz_text: %s\n", err.message);
			abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!normalizers[0])
		init();
	if (size > 1 << 16 || !bn_utf8_valid((const char *)data, size, NULL) ||
	    memchr(data, '\0', size))
		return 0; /* refused before here, as the command refuses it */
	char *line = malloc(size + 1);
	if (!line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	bn_sentences *ss = bn_sentences_new();
	bn_error err;
	if (ss && bn_segment_text(line, 1, BN_BLOCK_PARAGRAPH, ss, &err) == BN_OK) {
		for (size_t i = 0; i < ss->count; i++) {
			const char *s = ss->items[i].text;
			FUZZ_ASSERT(bn_utf8_valid(s, strlen(s), NULL));
			char *spoken = bn_normalize(normalizers[i % 3], s);
			FUZZ_ASSERT(spoken && bn_utf8_valid(spoken, strlen(spoken), NULL));
			FUZZ_ASSERT(!strpbrk(spoken, "0123456789"));
			free(spoken);
		}
	}
	bn_sentences_free(ss);
	free(line);
	return 0;
}
