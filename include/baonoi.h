/*
 * baonoi.h: the public interface of libbaonoi, which reads Vietnamese news articles aloud.
 *
 * Data flows one way through five stages, each a plain struct handed to the next:
 *
 *   source --bn_fetch--> bn_document --bn_extract--> bn_article --bn_segment_article-->
 *   bn_sentences --bn_normalize--> spoken text --bn_speaker_say--> PCM --> bn_sink
 *
 * bn_render() runs the last three stages over a whole article, blocking; a bn_session does the
 * same in steps from the caller's own event loop (poll, GLib, libuv), for readers that move
 * and interrupt at will.
 *
 * Conventions:
 * - Functions that can fail return a bn_status and, when err is not NULL, fill it with a one-line
 *   message that names the input and the cause ("page.html: no article found").
 * - Every bn_X_new()/bn_X_open() result is released by the matching bn_X_free()/bn_X_close();
 *   functions returning char * give the caller a malloc'd string to free().
 * - All text is UTF-8 in Unicode NFC.
 * - Option structs begin with their own size: set it to sizeof the struct (as the program was
 *   built), so that a later library, which may add fields at their end, reads only those the
 *   program knows. An options pointer may be NULL for the defaults.
 * - Objects are used from one thread at a time; separate objects may be used from separate
 *   threads at once (synthesis runs in engine processes, one per speaker), except synthesis in
 *   the caller's own process (bn_speaker_say, and bn_render or a session without workers):
 *   eSpeak NG keeps global state, so one such speaker at a time.
 * - The library installs no signal handler and calls no exit(); cancellation is a flag the caller
 *   sets (for example from its own SIGINT handler).
 */
#ifndef BAONOI_H
#define BAONOI_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

/* Fallible calls: their status must be looked at (GCC and Clang warn otherwise). */
#if defined(__GNUC__) || defined(__clang__)
#define BN_WARN_UNUSED __attribute__((warn_unused_result))
#else
#define BN_WARN_UNUSED
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define BN_VERSION "0.1.0"

/* Status codes; the command-line tool uses them as its exit statuses. */
typedef enum bn_status {
	BN_OK = 0,
	BN_ERR_INTERNAL = 1,     /* out of memory, or a bug */
	BN_ERR_USAGE = 2,        /* bad option or argument */
	BN_ERR_INPUT = 3,        /* file missing or unreadable */
	BN_ERR_NETWORK = 4,      /* host unreachable, DNS, TLS, timeout, bad URL */
	BN_ERR_HTTP = 5,         /* the server answered with an HTTP error status */
	BN_ERR_UNSUPPORTED = 6,  /* binary or non-HTML, non-text document */
	BN_ERR_NO_ARTICLE = 7,   /* the page holds no article text */
	BN_ERR_ENCODING = 8,     /* invalid UTF-8 or an unknown charset */
	BN_ERR_TOO_LARGE = 9,    /* the document exceeds the size cap */
	BN_ERR_SPEECH = 10,      /* eSpeak NG or the voice profile failed */
	BN_ERR_AUDIO = 11,       /* no audio output device, or playback failed */
	BN_ERR_OUTPUT = 12,      /* the output file could not be written */
	BN_ERR_INTERRUPTED = 130 /* cancelled by the caller (Ctrl-C in the tool) */
} bn_status;

/* An error report: the status and a one-line message naming the input and the cause. */
typedef struct bn_error {
	bn_status status;
	char message[512];
} bn_error;

/* A short lower-case name for a status ("no article", "http error"). */
const char *bn_status_name(bn_status status);

/* ---- fetch: a source (URL, file, "-" for stdin) into a UTF-8 document -------------------- */

typedef enum bn_doc_kind {
	BN_DOC_HTML, /* an HTML or XHTML page */
	BN_DOC_TEXT /* plain text: the first paragraph is the title, paragraphs split by blank lines */
} bn_doc_kind;

typedef struct bn_fetch_options {
	size_t size;             /* sizeof(bn_fetch_options) */
	size_t max_bytes;        /* cap on the document, after decompression; 0: 16 MiB */
	long connect_timeout_ms; /* 0: 10 s */
	long timeout_ms;         /* whole transfer; 0: 60 s */
	const char *user_agent;  /* NULL: "baonoi/VERSION" */
	int allow_private;       /* follow redirects from a public address to a private or
	                          * loopback one (refused by default: a page must not make the
	                          * reader probe the user's network) */
} bn_fetch_options;

typedef struct bn_document {
	char *source;     /* the source as given */
	char *url;        /* the final URL after redirects; NULL for files and stdin */
	char *data;       /* the document decoded to UTF-8, NUL-terminated */
	size_t len;       /* bytes in data, without the NUL */
	bn_doc_kind kind; /* from the Content-Type, the file name and the content */
	char *charset;    /* the charset it was decoded from ("utf-8", "windows-1258") */
} bn_document;

/* Read source into *out (free with bn_document_free). opts may be NULL for the defaults.
 * Only http and https URLs are fetched, redirects included; TLS is verified. */
BN_WARN_UNUSED bn_status bn_fetch(const char *source, const bn_fetch_options *opts,
                                  bn_document **out, bn_error *err);
/* Build a document from bytes already in memory, decoded as bn_fetch would: name is for
 * messages, content_type a Content-Type value ("text/html; charset=...") or NULL to sniff. */
BN_WARN_UNUSED bn_status bn_document_from_bytes(const char *name, const char *bytes, size_t len,
                                                const char *content_type, bn_document **out,
                                                bn_error *err);
void bn_document_free(bn_document *doc);

/* ---- feeds and batches: the many articles of an audio edition --------------------------- */

typedef enum bn_feed_kind {
	BN_FEED_RSS,     /* RSS 2.0, or RSS 1.0 (RDF) */
	BN_FEED_ATOM,    /* Atom 1.0 */
	BN_FEED_JSON,    /* JSON Feed 1 or 1.1 */
	BN_FEED_SITEMAP, /* a sitemap <urlset>, news sitemaps' titles and dates included */
	BN_FEED_URLS     /* a text file of http(s) URLs, one a line, # comments */
} bn_feed_kind;

/* The name of a feed kind ("rss", "atom", "json", "sitemap", "urls"). */
const char *bn_feed_kind_name(bn_feed_kind kind);

typedef struct bn_feed_item {
	char *url;       /* absolute http or https URL; never NULL */
	char *title;     /* or NULL */
	char *published; /* ISO 8601 in UTC ("2026-11-30T08:00:00Z"), or NULL */
	int64_t time;    /* the same in seconds since the epoch; -1 when unknown */
} bn_feed_item;

typedef struct bn_feed {
	bn_feed_kind kind;
	char *title;         /* or NULL */
	char *link;          /* the site's home page, or NULL */
	bn_feed_item *items; /* in the feed's order */
	size_t count;
} bn_feed;

/* Parse a feed from its bytes as received (XML feeds may declare their own encoding): item
 * URLs made absolute against base_url (the feed's own URL, or NULL), those not http(s)
 * dropped, at most 10,000 items. BN_ERR_UNSUPPORTED when the bytes are no feed of a kind
 * above (a web page, for example). XML is read without network access or entity
 * expansion. Free with bn_feed_free. */
BN_WARN_UNUSED bn_status bn_feed_parse(const char *name, const char *bytes, size_t len,
                                       const char *base_url, bn_feed **out, bn_error *err);
void bn_feed_free(bn_feed *feed);
/* Seconds since the epoch of a date as feeds write it: RFC 3339 / W3C (Atom, JSON Feed,
 * sitemaps) or RFC 822 (RSS); -1 when it is neither. */
int64_t bn_feed_parse_date(const char *date);

/* One URL of a batch, with the validators of the copy the caller already has, if any: the
 * server then answers "not modified" when that copy is current. */
typedef struct bn_fetch_request {
	const char *url;
	const char *etag;          /* sent as If-None-Match; or NULL */
	const char *last_modified; /* sent as If-Modified-Since; or NULL */
} bn_fetch_request;

/* The outcome of one request, handed to the batch's callback as each transfer ends. */
typedef struct bn_fetch_reply {
	size_t index;             /* of the request */
	bn_status status;         /* BN_OK, or the failure as bn_fetch would report it */
	const bn_error *error;    /* its one-line message when status is not BN_OK */
	int not_modified;         /* the server answered 304: the caller's copy is current */
	char *bytes;              /* the body (decompressed, not decoded), NUL-terminated, or
	                           * NULL; the callback may keep it (and set this to NULL),
	                           * else it is freed */
	size_t len;               /* bytes in it */
	const char *url;          /* the final URL, after redirects */
	const char *content_type; /* or NULL */
	const char *etag;         /* the validators to send next time, or NULL */
	const char *last_modified;
} bn_fetch_reply;

typedef int (*bn_fetch_reply_fn)(bn_fetch_reply *reply, void *user);

typedef struct bn_batch_options {
	size_t size;                         /* sizeof(bn_batch_options) */
	int per_host;                        /* connections to one host at once; 0: 2 */
	int total;                           /* transfers at once; 0: 8 */
	int retries;                         /* tries again after 429 or 503 when the server
	                                      * says when (Retry-After, up to 2 minutes); 0: 2,
	                                      * -1: none */
	const volatile sig_atomic_t *cancel; /* stop when it becomes non-zero; may be NULL */
} bn_batch_options;

/* Fetch count URLs through one libcurl multi handle, several at once and few per host, each
 * with bn_fetch's limits (size, time, schemes, private addresses). fn gets every reply as it
 * comes, in any order; a non-zero return stops the batch. BN_OK when every request has had
 * its reply (each may have failed on its own); BN_ERR_INTERRUPTED when cancelled or stopped. */
BN_WARN_UNUSED bn_status bn_fetch_batch(const bn_fetch_request *requests, size_t count,
                                        const bn_fetch_options *fetch, const bn_batch_options *opts,
                                        bn_fetch_reply_fn fn, void *user, bn_error *err);

/* ---- extract: a document into an article ------------------------------------------------ */

typedef enum bn_block_type {
	BN_BLOCK_PARAGRAPH,
	BN_BLOCK_HEADING,
	BN_BLOCK_QUOTE,
	BN_BLOCK_LIST_ITEM,
	BN_BLOCK_CAPTION, /* only with bn_extract_options.keep_captions */
	BN_BLOCK_TITLE    /* never in bn_article.blocks; marks the title's sentences */
} bn_block_type;

/* The name of a block type as baonoi json prints it ("paragraph", "heading", ...). */
const char *bn_block_type_name(bn_block_type type);

typedef struct bn_block {
	bn_block_type type;
	char *text; /* one line: no newline, single spaces, trimmed */
} bn_block;

typedef struct bn_article {
	char *url;       /* canonical URL, or NULL */
	char *title;     /* never NULL; may be "" for text without a title */
	char *byline;    /* author, or NULL */
	char *published; /* ISO 8601, or NULL */
	char *site_name; /* or NULL */
	char *lang;      /* BCP 47 tag such as "vi", or NULL */
	bn_block *blocks;
	size_t nblocks;
} bn_article;

typedef struct bn_extract_options {
	size_t size;       /* sizeof(bn_extract_options) */
	int keep_captions; /* keep image captions as BN_BLOCK_CAPTION blocks instead of dropping them */
} bn_extract_options;

/* Find the article in doc. Fails with BN_ERR_NO_ARTICLE when there is none. */
BN_WARN_UNUSED bn_status bn_extract(const bn_document *doc, const bn_extract_options *opts,
                                    bn_article **out, bn_error *err);
void bn_article_free(bn_article *article);
/* The article as `baonoi text` prints it: title, blank line, blocks separated by blank lines. */
char *bn_article_to_text(const bn_article *article);
/* The article as `baonoi json` prints it, one JSON object ending in a newline. */
char *bn_article_to_json(const bn_article *article);

/* ---- segment: sentences in reading order ------------------------------------------------ */

typedef struct bn_sentence {
	char *text;         /* the written sentence */
	size_t block;       /* 0: the title; k >= 1: article->blocks[k - 1] */
	size_t index;       /* position of the sentence within its block, from 0 */
	bn_block_type type; /* the block's type (BN_BLOCK_TITLE for the title) */
} bn_sentence;

typedef struct bn_sentences {
	bn_sentence *items;
	size_t count;
} bn_sentences;

/* Split the title and every block of article into sentences. */
BN_WARN_UNUSED bn_status bn_segment_article(const bn_article *article, bn_sentences **out,
                                            bn_error *err);
/* The same, with meta (bn_article_meta_sentence, or NULL) read after the title, in block 0. */
BN_WARN_UNUSED bn_status bn_segment_article_with_meta(const bn_article *article, const char *meta,
                                                      bn_sentences **out, bn_error *err);
/* Split one block of text; every sentence gets the given block number and type. */
BN_WARN_UNUSED bn_status bn_segment_text(const char *text, size_t block, bn_block_type type,
                                         bn_sentences *into, bn_error *err);
bn_sentences *bn_sentences_new(void);
void bn_sentences_free(bn_sentences *sentences);

/* ---- voices ------------------------------------------------------------------------------ */

typedef enum bn_region { BN_REGION_NORTH, BN_REGION_CENTRAL, BN_REGION_SOUTH } bn_region;

/* A voice profile, read from a voices/NAME.voice file (format: README, voices/README.md). */
typedef struct bn_voice {
	char name[64]; /* "northern" */
	char description[128];
	char espeak[64];     /* eSpeak NG voice: "vi", "vi-vn-x-central", "vi-vn-x-south" */
	bn_region region;    /* reading conventions: linh/nghìn (north), lẻ/ngàn (south) */
	int rate;            /* words per minute, 80-900 */
	int pitch;           /* 0-100 */
	int range;           /* pitch range 0-100 */
	int volume;          /* 0-200, 100 normal */
	int word_gap;        /* extra gap between words, in units of 10 ms */
	int pause_paragraph; /* silence after a paragraph, ms (beyond the sentence pause) */
	int pause_heading;   /* silence after the title and headings, ms */
} bn_voice;

/* Load a voice by name (searched in the voice directories) or by path (contains a '/' or ends
 * in .voice). data_dir may be NULL for the default search (bn_data_dir). */
BN_WARN_UNUSED bn_status bn_voice_load(const char *name_or_path, const char *data_dir,
                                       bn_voice *out, bn_error *err);
/* Call fn for each voice found, in name order; stops early when fn returns non-zero. */
BN_WARN_UNUSED bn_status bn_voice_list(const char *data_dir,
                                       int (*fn)(const bn_voice *voice, void *user), void *user,
                                       bn_error *err);
/* The directory holding voices/ and examples/: $BAONOI_DATA_DIR, else next to the program
 * (source tree or PREFIX/share/baonoi), else the compiled-in one. Static string. */
const char *bn_data_dir(void);

/* ---- normalize: written text to the words eSpeak NG should say ------------------------- */

typedef struct bn_normalizer bn_normalizer;

/* A normalizer for the voice's region, with the acronym lexicon at lexicon_path (NULL: the
 * lexicon in bn_data_dir()/voices). */
BN_WARN_UNUSED bn_status bn_normalizer_new(const bn_voice *voice, const char *lexicon_path,
                                           bn_normalizer **out, bn_error *err);
/* Add the user's own pronunciations (lines "written<TAB>spoken", as voices/acronyms.txt; #
 * comments): any word written so, acronym or name, is read as given, before baonoi's lexicon
 * and rules. A second call replaces the first. */
BN_WARN_UNUSED bn_status bn_normalizer_add_lexicon(bn_normalizer *normalizer, const char *path,
                                                   bn_error *err);
/* The spoken form of one sentence or line; NULL only when out of memory. */
char *bn_normalize(const bn_normalizer *normalizer, const char *text);
/* The spoken form of a sentence of an article, announced as its block needs: a caption's
 * first sentence is introduced by "Ảnh:". NULL only when out of memory. */
char *bn_normalize_sentence(const bn_normalizer *normalizer, const bn_sentence *sentence);
void bn_normalizer_free(bn_normalizer *normalizer);

/* ---- speak: eSpeak NG ------------------------------------------------------------------- */

typedef struct bn_speaker bn_speaker;

/* Receives synthesised samples; return non-zero to stop the synthesis. */
typedef int (*bn_pcm_fn)(const int16_t *samples, size_t count, void *user);

/* A speaker with the voice. It starts the synthesis engine (the baonoi-engine program, with
 * posix_spawn: the caller is never forked), which loads eSpeak NG in its own process while the
 * caller goes on; eSpeak NG is loaded into the caller's process only by bn_speaker_say, for
 * one such speaker at a time. */
BN_WARN_UNUSED bn_status bn_speaker_new(const bn_voice *voice, bn_speaker **out, bn_error *err);
/* Samples per second of the speaker's output (22050 for eSpeak NG), mono 16-bit; waits for
 * the engine to have started. */
int bn_speaker_sample_rate(bn_speaker *speaker);
/* Synthesise spoken text (plain text, never SSML), ending with a sentence pause, and hand
 * the samples to fn as they come. BN_ERR_INTERRUPTED when fn asked to stop. */
BN_WARN_UNUSED bn_status bn_speaker_say(bn_speaker *speaker, const char *text, bn_pcm_fn fn,
                                        void *user, bn_error *err);
/* Change the speaking rate (80-900 words per minute); workers started after take it. */
BN_WARN_UNUSED bn_status bn_speaker_set_rate(bn_speaker *speaker, int words_per_minute,
                                             bn_error *err);
void bn_speaker_free(bn_speaker *speaker);

/* ---- sinks: where the samples go -------------------------------------------------------- */

typedef struct bn_sink bn_sink;

/* An audio file at path ("-" for standard output, as a stream). The file is written under a
 * temporary name and renamed by bn_sink_close; bn_sink_abort removes it. */
BN_WARN_UNUSED bn_status bn_sink_open_file(const char *path, int sample_rate, bn_sink **out,
                                           bn_error *err);

/* How an audio file is written. */
typedef struct bn_file_options {
	size_t size;        /* sizeof(bn_file_options) */
	const char *format; /* "wav", "flac", "ogg", "opus", "mp3" or "raw" (16-bit little-endian
	                      * PCM); NULL: from the file name, WAV for "-" */
	const char *title;  /* tags, written where the format has them; each may be NULL */
	const char *artist;
	const char *date;
	const char *comment;
} bn_file_options;

/* bn_sink_open_file with a format and tags. Opus, whose codec takes only 8, 12, 16, 24 or
 * 48 kHz, gets the audio resampled to 24 kHz (libsamplerate). */
BN_WARN_UNUSED bn_status bn_sink_open_file_with(const char *path, int sample_rate,
                                                const bn_file_options *opts, bn_sink **out,
                                                bn_error *err);
/* Mark the current position as a paragraph start: WAV files get a cue point there. */
void bn_sink_mark(bn_sink *sink);
/* Playback through PortAudio on device (a name, an index from bn_list_devices, or NULL for
 * the default), in a player process started now (posix_spawn, no fork of the caller):
 * PortAudio starts while the caller goes on, and the caller hosts no audio thread. Device errors show on the next
 * write or the close. cancel, when not NULL, is polled while waiting for the player. */
BN_WARN_UNUSED bn_status bn_sink_open_player(const char *device, int sample_rate,
                                             const volatile sig_atomic_t *cancel, bn_sink **out,
                                             bn_error *err);
/* Append samples; blocks while a player's buffer is full. */
BN_WARN_UNUSED bn_status bn_sink_write(bn_sink *sink, const int16_t *samples, size_t count,
                                       bn_error *err);
/* Finish: drain playback or complete and rename the file; then free the sink. */
BN_WARN_UNUSED bn_status bn_sink_close(bn_sink *sink, bn_error *err);
/* Stop at once: silence playback or delete the partial file; then free the sink. */
void bn_sink_abort(bn_sink *sink);
/* Players (no effect on files): drop everything queued and silence the device at once, later
 * writes playing straight away; the samples played since the last flush (handed to the
 * device, which adds its latency). */
void bn_sink_flush(bn_sink *sink);
uint64_t bn_sink_played(const bn_sink *sink);
/* Call fn for each output device PortAudio offers. */
BN_WARN_UNUSED bn_status bn_list_devices(int (*fn)(int index, const char *name,
                                                   const char *host_api, int is_default,
                                                   void *user),
                                         void *user, bn_error *err);

/* ---- render: a whole article through normalize, speak and a sink ------------------------ */

/* Synthesis in worker processes, each with its own eSpeak NG, so that sentences are
 * synthesised in parallel while the audio stays in order. Sentences go in units of about a
 * paragraph, each synthesised from the same eSpeak NG state, so the audio is identical for
 * any number of workers (in-process synthesis carries state from sentence to sentence and can
 * differ slightly). */
typedef struct bn_workers bn_workers;

/* Start jobs workers that synthesise with speaker's voice and rate: lanes of the speaker's
 * engine, forked there from its warm state (never from the caller). They may be freed and
 * started again, as often as needed (the interactive reader does so at every move). */
BN_WARN_UNUSED bn_status bn_workers_new(bn_speaker *speaker, int jobs, bn_workers **out,
                                        bn_error *err);
/* Stop the workers at once (even mid-sentence) and wait for them. */
void bn_workers_free(bn_workers *workers);

/* Called once a sentence's audio is written: its index in the sentences, the sample where its
 * sound begins, and its one-past-last sample in the output (pauses between blocks fall
 * outside both). */
typedef void (*bn_sentence_fn)(size_t index, uint64_t start, uint64_t end, void *user);

typedef struct bn_render_options {
	size_t size;                         /* sizeof(bn_render_options) */
	const bn_voice *voice;               /* pauses after paragraphs and headings */
	const volatile sig_atomic_t *cancel; /* stop when it becomes non-zero; may be NULL */
	bn_workers *workers;                 /* synthesise in these workers; NULL: in-process */
	bn_sentence_fn on_sentence;          /* timings; may be NULL */
	void *user;                          /* for on_sentence */
} bn_render_options;

/* Write sentence timings as WebVTT (path ending in .vtt) or SubRip (.srt): cue k spans
 * starts[k]..ends[k] (samples at rate) with sentences->items[k].text, the written sentence.
 * Written to a temporary name and renamed when complete. */
BN_WARN_UNUSED bn_status bn_timings_write(const char *path, const bn_sentences *sentences,
                                          const uint64_t *starts, const uint64_t *ends, int rate,
                                          bn_error *err);

/* The article's byline and date as one sentence to read after the title ("PV, ngày
 * 25/05/2020."), or NULL when it has neither; malloc'd. */
char *bn_article_meta_sentence(const bn_article *article);

/* Speak every sentence in order into sink, with the voice's pauses between blocks. The sink
 * is left open: the caller closes or aborts it. */
BN_WARN_UNUSED bn_status bn_render(const bn_sentences *sentences, const bn_normalizer *normalizer,
                                   bn_speaker *speaker, bn_sink *sink,
                                   const bn_render_options *opts, bn_error *err);

/* ---- sessions: speech driven from the caller's own event loop ----------------------------- */

/* A session speaks a plan of sentences into a sink without ever blocking its caller: it owns
 * the scheduling (synthesis ahead in workers, audio written in order as the sink takes it,
 * pauses, timings), and exposes one descriptor for poll/epoll/GLib/libuv. Whenever the
 * descriptor is readable, call bn_session_step: it does what can be done and returns. A new
 * plan (bn_session_speak) or bn_session_stop silences what was playing at once. bn_render is
 * this loop, blocking. One session per speaker; the sink stays the caller's (close it to let
 * playback finish, abort it to silence). */
typedef struct bn_session bn_session;

typedef struct bn_session_options {
	size_t size;                /* sizeof(bn_session_options): the caller's version of it */
	const bn_voice *voice;      /* pauses after paragraphs and headings; NULL: none */
	int jobs;                   /* synthesis workers (1-64), restarted with every plan; 0:
	                             * in this process, a step then synthesising a sentence */
	unsigned ahead_ms;          /* a player gets audio at most this far ahead of what it has
	                             * played (a reader's moves then waste little); 0: no limit */
	bn_sentence_fn on_sentence; /* each sentence's place in the audio once written; or NULL */
	void *user;                 /* for on_sentence */
} bn_session_options;

/* A session speaking with speaker and normalizer into sink; opts may be NULL (no pauses,
 * synthesis in this process). Nothing is spoken before bn_session_speak. */
BN_WARN_UNUSED bn_status bn_session_new(bn_speaker *speaker, const bn_normalizer *normalizer,
                                        bn_sink *sink, const bn_session_options *opts,
                                        bn_session **out, bn_error *err);
/* Speak sentences from the first (they must stay valid until the next plan, a stop or the
 * free), after silencing what was being spoken. Takes the first step. */
BN_WARN_UNUSED bn_status bn_session_speak(bn_session *session, const bn_sentences *sentences,
                                          bn_error *err);
/* Silence the sink and stop synthesis; the session waits for a new plan. */
void bn_session_stop(bn_session *session);
/* The descriptor to watch for input (POLLIN): it becomes readable when a step has work. */
int bn_session_fd(const bn_session *session);
/* Do what can be done now without waiting. A failure ends the plan. */
BN_WARN_UNUSED bn_status bn_session_step(bn_session *session, bn_error *err);
/* 1 when all of the plan's audio is in the sink (or there is no plan). */
int bn_session_written(const bn_session *session);
/* The sentence of the plan being heard now (for a player: less what the device still holds;
 * for a file: the one being written); the plan's count once all is heard; SIZE_MAX with no
 * plan. */
size_t bn_session_heard(const bn_session *session);
/* Free the session (stopping its synthesis; the sink is left to the caller). */
void bn_session_free(bn_session *session);

#ifdef __cplusplus
}
#endif

#endif /* BAONOI_H */
