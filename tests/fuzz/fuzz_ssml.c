/* fuzz_ssml.c: any bytes as a message from Speech Dispatcher, through what sd_baonoi does
 * with one before synthesis: SSML to pieces, then each piece's text named as typing echo
 * (CHAR, KEY), spelled, and with its punctuation read in each mode. Marks have names; every
 * result exists; valid UTF-8 in gives valid UTF-8 out. */
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
	sd_message_free(m);
	return 0;
}
