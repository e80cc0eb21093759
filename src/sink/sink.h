/* sink.h: the interface every audio sink implements (a file, or PortAudio playback). */
#ifndef BN_SINK_H
#define BN_SINK_H

#include "baonoi.h"
#include "pending.h"

typedef struct bn_sink_ops {
	bn_status (*write)(bn_sink *sink, const int16_t *samples, size_t count, bn_error *err);
	bn_status (*close)(bn_sink *sink, bn_error *err); /* finish and free */
	void (*abort)(bn_sink *sink);                     /* discard and free */
	void (*mark)(bn_sink *sink);                      /* a cue point here; may be NULL */
	/* Players only (NULL otherwise): */
	void (*flush)(bn_sink *sink);            /* drop what is queued, silence now */
	uint64_t (*played)(const bn_sink *sink); /* samples played since the last flush */
	int (*opening)(const bn_sink *sink);     /* still opening its device */
	uint64_t (*heard)(const bn_sink *sink);  /* of those, heard by now (less the device's
	                                          * buffer); NULL: all that was played */
	/* Take what goes in without waiting, *taken samples (0 when full: then the descriptor
	 * from wait_fd becomes writable when there is room). NULL: write, which never waits
	 * for long (a file). */
	bn_status (*write_some)(bn_sink *sink, const int16_t *samples, size_t count, size_t *taken,
	                        bn_error *err);
	int (*wait_fd)(const bn_sink *sink);
	void (*chapter)(bn_sink *sink, const char *title); /* files: a chapter here; may be NULL */
} bn_sink_ops;

/* Every sink struct starts with this header. */
struct bn_sink {
	const bn_sink_ops *ops;
};

/* Write the tags of the finished MP3 file at path (named name in messages) as ID3v2.4, UTF-8
 * (tags_id3.c). */
bn_status bn_tag_mp3(const char *path, const char *name, const bn_file_options *o, bn_error *err);

/* A chapter starts here, called title: WAV files get a labelled cue point, MP3 files an
 * ID3v2 chapter (CHAP, listed in a CTOC); other sinks ignore it. */
void bn_sink_chapter(bn_sink *sink, const char *title);

/* A chapter of an audio file: where it starts (samples at the sink's rate) and its title. */
typedef struct bn_chapter {
	uint64_t at;
	char *title;
} bn_chapter;

/* Add ID3v2 chapters (CTOC and CHAP frames, with TIT2 titles) to the tagged MP3 file at path
 * (named name in messages), n chapters at rate samples a second in total samples of audio
 * (tags_id3.c). */
bn_status bn_id3_chapters(const char *path, const char *name, const bn_chapter *chapters, size_t n,
                          int rate, uint64_t total, bn_error *err);

/* Add chapters to the finished Ogg Vorbis or Ogg Opus file at path as Vorbis comments
 * (CHAPTER001=HH:MM:SS.mmm, CHAPTER001NAME=title), positions at rate samples a second
 * (tags_ogg.c). */
bn_status bn_ogg_chapters(const char *path, const char *name, const bn_chapter *chapters, size_t n,
                          int rate, bn_error *err);

/* Samples heard since the last flush: those played less what the device still holds. */
uint64_t bn_sink_heard(const bn_sink *sink);

/* Append what goes in without waiting (sink.h's write_some): all of it for a file. */
bn_status bn_sink_write_some(bn_sink *sink, const int16_t *samples, size_t count, size_t *taken,
                             bn_error *err);
/* The descriptor that becomes writable when a full sink has room again; -1 for a sink that is
 * never full. */
int bn_sink_wait_fd(const bn_sink *sink);
/* Whether the sink plays (a player counts what it has played) rather than stores. */
int bn_sink_plays(const bn_sink *sink);

/* Whether the sink is still opening its device (a player starting up): 0 for files. */
int bn_sink_opening(const bn_sink *sink);

/* bn_timings_write without the last step: the timings written to *out, a pending file not yet
 * in place (pending.h), for a caller that puts it in place only once the audio is. */
bn_status bn_timings_prepare(const char *path, const bn_sentences *sentences,
                             const uint64_t *starts, const uint64_t *ends, int rate,
                             bn_pending *out, bn_error *err);

/* The helper programs behind playback, run by baonoi-engine (src/engine/main.c): the player
 * (argv: baonoi-engine player RATE [DEVICE]; the caller's socket as descriptor 3, the shared
 * memory as 4, the eventfd a flush writes as 5) and the device lister (its pipe as 3). They
 * return only on bad arguments. */
int bn_player_main(int argc, char **argv);
int bn_devices_main(void);

#endif
