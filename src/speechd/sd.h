/* sd.h: sd_baonoi, baonoi as a Speech Dispatcher output module. The server starts the module
 * and speaks to it on its standard input and output (the module protocol of speech-dispatcher
 * 0.10+: INIT, AUDIO, LOGLEVEL, SET, SPEAK, CHAR, KEY, SOUND_ICON, STOP, PAUSE, LIST VOICES,
 * DEBUG, QUIT; events 700-706). main.c reads the commands, reply.c writes answers and events,
 * ssml.c turns a message into text and index marks, names.c gives characters, keys and
 * punctuation their Vietnamese names, settings.c keeps SET's values and the module's
 * configuration file, and say.c speaks on a thread of its own so that STOP is heard at once. */
#ifndef BN_SD_H
#define BN_SD_H

#include "baonoi.h"

#include <stddef.h>
#include <stdint.h>

/* ---- messages: text and index marks in speaking order (ssml.c) ----------------------- */

typedef enum sd_piece_kind { SD_TEXT, SD_MARK, SD_SPELL } sd_piece_kind;

typedef struct sd_piece {
	sd_piece_kind kind;
	char *text; /* the text, the mark's name, or the characters to spell */
} sd_piece;

typedef enum sd_msgtype { SD_MSG_TEXT, SD_MSG_CHAR, SD_MSG_KEY, SD_MSG_ICON } sd_msgtype;

typedef struct sd_message {
	sd_msgtype type;
	sd_piece *pieces;
	size_t count;
} sd_message;

/* A message from SSML (or plain text when it does not start with '<'): text, <mark name=…/>
 * as marks, <say-as interpret-as="characters"> as spelled text; other markup is dropped and
 * its text kept. Never fails but for memory (NULL). */
sd_message *sd_message_from_ssml(const char *text, size_t len);
/* A message of one piece of the given kind (CHAR, KEY, SOUND_ICON). */
sd_message *sd_message_single(sd_msgtype type, const char *text);
void sd_message_free(sd_message *msg);

/* ---- settings: what SET and the configuration file give (settings.c) ------------------ */

typedef enum sd_punct { SD_PUNCT_NONE, SD_PUNCT_SOME, SD_PUNCT_MOST, SD_PUNCT_ALL } sd_punct;

typedef struct sd_settings {
	int rate, pitch, pitch_range, volume; /* -100..100, 0 is the voice's own */
	sd_punct punctuation;
	int spelling;        /* spelling_mode=on: every character by name */
	int cap_let;         /* cap_let_recogn=spell: capitals announced when spelled */
	char voice_type[32]; /* "male1" ... */
	char language[32];   /* "vi", "en", "en-us" ... */
	char synthesis_voice[128];
} sd_settings;

/* The module's configuration file (baonoi.conf). */
typedef struct sd_config {
	char voice[256];   /* BaonoiVoice: the default voice profile ("northern" or a path) */
	char lexicon[512]; /* BaonoiLexicon: the user's own pronunciations, or "" */
	char device[256];  /* BaonoiAudioDevice: playback device when the module plays, or "" */
	char playback[16]; /* BaonoiPlayback: "server" (the default) or "module" */
	int own_playback;  /* "module": server-side audio refused, the module plays */
} sd_config;

void sd_settings_default(sd_settings *s);
/* Take one "name=value" of SET: 0 when understood, -1 for a bad value or unknown name. */
int sd_settings_set(sd_settings *s, const char *name, const char *value);
/* Read the configuration file into cfg (defaults first); -1 with a message in why when the
 * file cannot be read. path may be NULL (defaults). */
int sd_config_read(const char *path, sd_config *cfg, char *why, size_t why_size);

/* A message's text pieces joined into one text, and where its marks fall in it. */
typedef struct sd_text {
	char *text;         /* NFC; spelled pieces spelled, punctuation named as asked */
	size_t *at;         /* each mark's byte offset in text */
	const char **names; /* ... and its name (the message's own string) */
	size_t count;
} sd_text;

/* Join msg's text (Vietnamese: spelled pieces by their names, punctuation named for mode;
 * otherwise as they are, spelled ones letter by letter): 0, or -1 when out of memory. */
int sd_text_join(const sd_message *msg, sd_punct mode, int cap_let, int vietnamese, sd_text *out);
void sd_text_free(sd_text *t);
/* SSML for eSpeak NG of t->text[from..to), escaped, with <mark name="K"/> (K: the mark's
 * index in t) at each mark in that range; malloc'd. */
char *sd_ssml_at_offsets(const sd_text *t, size_t from, size_t to);
/* SSML for eSpeak NG of spoken text, with mark first + k after words[k] of its words (words
 * non-decreasing); malloc'd. */
char *sd_ssml_after_words(const char *spoken, const size_t *words, size_t first, size_t n);
/* The number of space-separated words in s. */
size_t sd_word_count(const char *s);

/* ---- names (names.c) ------------------------------------------------------------------- */

/* The Vietnamese name of a character (CHAR: "a", "cách", "chấm phẩy"), a capital's followed
 * by "hoa" when cap_let; malloc'd, NULL when out of memory. */
char *sd_char_spoken(const char *text, int cap_let);
/* The Vietnamese name of a key (KEY: "a", "shift_a", "control_alt_delete", "kp-enter",
 * "f5"); malloc'd, NULL when out of memory. */
char *sd_key_spoken(const char *text);
/* Every character of text by name, separated by pauses (spelling mode); malloc'd. */
char *sd_spell_all(const char *text, int cap_let);
/* text with its punctuation and symbols named as the mode asks ("all": every mark read,
 * sentence punctuation kept after its name for the intonation; "some"/"most": the symbols
 * baonoi would not otherwise read); malloc'd, NULL when out of memory. */
char *sd_name_punctuation(const char *text, sd_punct mode);

/* ---- replies and events to the server (reply.c) ---------------------------------------- */

/* Write a line (or lines) to the server, whole, between other threads' writes. */
void sd_reply(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The log (DEBUG ON FILE, or stderr, which the server keeps in its module log) at level. */
void sd_log(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sd_log_level(int level);
/* DEBUG ON path / DEBUG OFF: 0, or -1 when the file cannot be opened. */
int sd_log_file(const char *path);

/* Lock held while a whole event sequence goes out (say.c keeps an audio chunk and the
 * check that it is still wanted together). */
void sd_reply_lock(void);
void sd_reply_unlock(void);
/* sd_reply for a caller holding the lock. */
void sd_reply_locked(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Audio to the server (event 705), escaped as the protocol asks, for a caller holding the
 * lock; -1 when the server is gone. */
int sd_reply_audio_locked(const int16_t *samples, size_t count, int rate);

/* ---- speech on its own thread (say.c) --------------------------------------------------- */

typedef struct sd_speech sd_speech;

/* Load the voice and eSpeak NG (INIT): NULL with a message in why on failure. */
sd_speech *sd_speech_new(const sd_config *cfg, char *why, size_t why_size);
/* Audio goes to the server (1) or is played by the module on the device (0); -1 with why when
 * the device cannot be opened. */
int sd_speech_audio(sd_speech *sp, int to_server, const char *device, char *why, size_t why_size);
/* Speak msg (taken over) with the settings: what was being spoken stops first (its STOP
 * event sent). */
void sd_speech_speak(sd_speech *sp, sd_message *msg, const sd_settings *settings);
/* Silence now: the message in progress ends with event 703. */
void sd_speech_stop(sd_speech *sp);
/* Stop at the next index mark, with event 704. */
void sd_speech_pause(sd_speech *sp);
/* The voices offered (LIST VOICES): fn per name and language. */
void sd_speech_voices(sd_speech *sp, void (*fn)(const char *name, const char *lang, void *user),
                      void *user);
void sd_speech_free(sd_speech *sp);

#endif
