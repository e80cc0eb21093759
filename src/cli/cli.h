/* cli.h: what the baonoi command's parts share: its options (cli_options.c parses them from
 * the defaults file and the command line), and its progress line (cli_progress.c). Not part
 * of libbaonoi. */
#ifndef BN_CLI_H
#define BN_CLI_H

#include "baonoi.h"

#include <stdint.h>
#include <stdio.h>

typedef enum command {
	CMD_READ,
	CMD_TEXT,
	CMD_JSON,
	CMD_SENTENCES,
	CMD_SPOKEN,
	CMD_SPLIT,
	CMD_NORMALIZE
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
} options;

/* Fill o from the defaults file ($XDG_CONFIG_HOME/baonoi/config, else
 * ~/.config/baonoi/config) and then the command line, which wins. Returns -1 to go on, or the
 * status to exit with (0 after --help or --version; 2 after a usage error, reported). */
int cli_parse(int argc, char **argv, options *o);
void cli_usage(FILE *f);
/* Report a usage error on one line: "baonoi: MESSAGE (see baonoi --help)"; returns 2. */
int cli_usage_error(const char *fmt, const char *arg);

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
