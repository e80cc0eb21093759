/* reader.h: the interactive reader (reader.c) and its helpers: reading positions kept between
 * sessions (positions.c), and sentences spelled as written (spell.c). */
#ifndef BN_READER_H
#define BN_READER_H

#include "buf.h"
#include "internal.h"

#include <signal.h>

typedef struct bn_reader_options {
	const bn_voice *voice;
	const char *device;       /* PortAudio device, or NULL */
	int jobs;                 /* synthesis workers */
	int show;                 /* print each sentence as it is read */
	int resume;               /* start where the last session stopped */
	const char *key_file;     /* NULL: $XDG_CONFIG_HOME/baonoi/keys, if any */
	const char *position_key; /* the article's canonical URL or file path */
	int stdin_is_source;      /* the article came on standard input: keys from /dev/tty */
	const char *lexicon; /* the user's pronunciations (bn_normalizer_add_lexicon), or NULL */
} bn_reader_options;

/* Read the sentences aloud under the keys of the terminal (or of a pipe on standard input), on the player sink (which the
 * reader takes over and closes), until the user quits or *quit becomes non-zero. */
bn_status bn_read_interactive(const bn_article *article, const bn_sentences *sentences,
                              bn_sink *player, const bn_reader_options *opts,
                              volatile sig_atomic_t *quit, bn_error *err);

/* The sentence where the article with this key was left, or -1. */
long bn_position_load(const char *key);
/* Remember that the article with this key was left at sentence (of count). */
bn_status bn_position_save(const char *key, size_t sentence, size_t count, bn_error *err);

/* The sentence's written form for reading aloud: ordinary words as they are, numbers,
 * acronyms and symbols spelled character by character (malloc'd; NULL when out of memory). */
char *bn_spell_written(const char *sentence);

#endif
