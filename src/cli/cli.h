/* cli.h: what the baonoi command's parts share: its options (cli_options.c parses them from
 * the defaults file and the command line), and its progress line (cli_progress.c). Not part
 * of libbaonoi. */
#ifndef BN_CLI_H
#define BN_CLI_H

#include "baonoi.h"

#include <signal.h>
#include <stdint.h>
#include <stdio.h>

typedef enum command {
	CMD_READ,
	CMD_TEXT,
	CMD_JSON,
	CMD_SENTENCES,
	CMD_SPOKEN,
	CMD_SPLIT,
	CMD_NORMALIZE,
	CMD_EDITION
} command;

typedef struct options {
	command cmd;
	const char *source;
	const char *output;
	const char *voice;
	const char *device;
	int rate, pitch, volume; /* -1: the voice's */
	int captions;
	int no_meta;         /* do not read the byline and date after the title */
	int jobs;            /* synthesis worker processes */
	const char *format;  /* audio file format, or NULL for the file name's */
	const char *timings; /* .vtt or .srt to write */
	int interactive;     /* -i: keys move through the article */
	int show;            /* print each sentence as it is read (-i) */
	int resume;          /* start where the last -i session stopped */
	const char *keys;    /* key file for -i */
	const char *lexicon; /* the user's pronunciations, or NULL */
	const char *lang;    /* --lang: the article's language, whatever the page says */
	int quiet;           /* -q: no progress line, no summary */
	int force;           /* -f: replace a read-only output file */
	int list_voices, list_devices;
	bn_fetch_options fetch;
	/* baonoi edition */
	char **sources; /* the sources (feeds, lists, pages), or the folders with --merge */
	int nsources;
	const char *dir;      /* -d/--dir: the edition's folder */
	int64_t since;        /* --since: items published before this time (seconds since the
	                      * epoch) are left out; 0: none is */
	int limit;            /* --limit: at most this many articles; 0: all */
	int combined;         /* --combined: one file for the whole edition too */
	const char *base_url; /* --base-url: where the folder is served, for the podcast feed */
	int progress_json;    /* --progress=json: one JSON line per event on standard output */
	int shard, shards;    /* --shard I/N: 1-based I; 0/0: no sharding */
	int merge;            /* --merge: build the playlist, feed and combined file from folders */
} options;

/* Fill o from the defaults file ($XDG_CONFIG_HOME/baonoi/config, else
 * ~/.config/baonoi/config) and then the command line, which wins. Returns -1 to go on, or the
 * status to exit with (0 after --help or --version; 2 after a usage error, reported). */
int cli_parse(int argc, char **argv, options *o);
void cli_usage(FILE *f);
/* Report a usage error on one line: "baonoi: MESSAGE (see baonoi --help)"; returns 2. */
int cli_usage_error(const char *fmt, const char *arg);

/* The signal that asked the run to stop, 0 while none has. */
extern volatile sig_atomic_t cli_interrupted;
/* Every terminating signal ends a run alike (cli_interrupted set, nothing half-written left). */
void cli_catch_terminating_signals(void);
/* Report an error on one line and return its status (cli_report_read adds playback advice). */
int cli_report(const bn_error *err);
int cli_report_read(const bn_error *err, const char *device);
/* The voice the options name, their rate, pitch and volume applied. */
bn_status cli_load_voice(const options *o, bn_voice *v, bn_error *err);
/* Switch the voice to eSpeak NG's for an article in another language; 1 when it changed. */
int cli_voice_for_language(const options *o, const bn_article *a, bn_voice *v);
/* The sentences read aloud: the title, the byline and date (unless --no-meta), the blocks. */
bn_status cli_spoken_sentences(const options *o, const bn_article *a, bn_sentences **out,
                               bn_error *err);
/* The normalizer for the voice, with the user's lexicon first. */
bn_status cli_new_normalizer(const options *o, const bn_voice *voice, bn_normalizer **nz,
                             bn_error *err);
/* Refuse an output file before any work (a directory, read-only without --force...). */
bn_status cli_check_output(const char *path, int force, bn_error *err);

/* A speaker whose engine starts now and is waited for later. */
typedef struct speaker_start {
	bn_speaker *speaker;
	bn_status status;
	bn_error err;
} speaker_start;
void cli_begin_speaker(speaker_start *s, const bn_voice *voice);
/* The speaker, once its engine is ready; NULL (and *err) on failure. */
bn_speaker *cli_end_speaker(speaker_start *s, bn_error *err);

/* baonoi edition (edition.c): build or merge an audio edition; the exit status. */
int cli_edition(const options *o);

/* A progress line on standard error while an audio file is written, and a summary after. */
typedef struct cli_progress cli_progress;
/* A progress line for writing sentences to output, when standard error is a terminal and
 * quiet is 0; NULL otherwise (then every call below does nothing). */
cli_progress *cli_progress_new(const bn_sentences *sentences, const char *output, int rate,
                               int quiet);
/* Sentence i is written; its audio ends at sample end. */
void cli_progress_sentence(cli_progress *p, size_t i, uint64_t end);
/* The file is complete (ok) or not: clear the line, and print the summary when ok. */
void cli_progress_end(cli_progress *p, int ok);

#endif
