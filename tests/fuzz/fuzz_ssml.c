/* fuzz_ssml.c: any bytes as a message from Speech Dispatcher, through what sd_baonoi does
 * with one before synthesis: SSML to pieces, then each piece's text named as typing echo
 * (CHAR, KEY), spelled, and with its punctuation read in each mode; then the pieces joined with
 * their marks' offsets and turned back into SSML for eSpeak NG. Marks have names and offsets
 * in order within the text; every result exists; valid UTF-8 in gives valid UTF-8 out. */
#include "fuzz.h"

#include "sd.h"
#include "text.h"

/* Stop at once when a result is missing or, from valid input, not valid UTF-8. */
static void check(char *s, int valid_in)
{
	if (!s || (valid_in && !bn_utf8_valid(s, strlen(s), NULL)))
		abort();
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 16)
		return 0;
	sd_message *m = sd_message_from_ssml((const char *)data, size);
	if (!m)
		abort();
	int valid = bn_utf8_valid((const char *)data, size, NULL);
	for (size_t i = 0; i < m->count; i++) {
		const sd_piece *p = &m->pieces[i];
		if (!p->text || (p->kind == SD_MARK && !*p->text))
			abort();
		if (p->kind == SD_MARK)
			continue;
		/* libxml2 hands out UTF-8 whatever came in; the text of a message it could not
		 * read is the input's own bytes. */
		int v = valid || bn_utf8_valid(p->text, strlen(p->text), NULL);
		check(sd_char_spoken(p->text, 1), v);
		check(sd_key_spoken(p->text), v);
		check(sd_spell_all(p->text, 1), v);
		check(sd_name_punctuation(p->text, SD_PUNCT_ALL), v);
		check(sd_name_punctuation(p->text, SD_PUNCT_SOME), v);
	}
	/* Joined, with every mark at an offset within the text, and back to SSML for eSpeak NG. */
	for (int vi = 0; vi < 2; vi++) {
		sd_text t;
		if (sd_text_join(m, SD_PUNCT_ALL, 1, vi, &t) != 0)
			abort();
		size_t len = strlen(t.text);
		for (size_t k = 0; k < t.count; k++)
			if (t.at[k] > len || (k && t.at[k] < t.at[k - 1]))
				abort();
		check(sd_ssml_at_offsets(&t, 0, len), 0);
		size_t words[4] = {0, 1, 2, 1000};
		check(sd_ssml_after_words(t.text, words, 0, 4), 0);
		sd_text_free(&t);
	}
	sd_message_free(m);
	return 0;
}
