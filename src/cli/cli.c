/* cli.c: the baonoi command: reads an article aloud or into an audio file, and shows each
 * pipeline stage's output (text, json, sentences, spoken) or filters standard input (split,
 * normalize). A thin layer over libbaonoi: parse options, run the stages, report errors. */
#include "cli.h"
#include "baonoi.h"
#include "lines.h"
#include "reader.h"
#include "sink.h"
#include "speech.h"
#include "text.h"

#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EXAMPLE_ARTICLE "examples/ictvietnam-2020-05-25.html"
/* The rate eSpeak NG synthesises its voices at: the player opens at it before eSpeak NG starts. */
#define ESPEAK_RATE 22050

/* The signal that asked the run to stop, 0 while none has. */
volatile sig_atomic_t cli_interrupted;

static void on_signal(int sig)
{
	cli_interrupted = sig;
}

/* Every signal whose default is to end the process ends a run the same way: the work stops,
 * nothing half-written is left, and the status is 128 + the signal's number. SIGXFSZ (a file
 * size limit) is ignored instead, so that the write fails and says why. */
void cli_catch_terminating_signals(void)
{
	static const int signals[] = {SIGINT,  SIGTERM, SIGHUP,    SIGQUIT, SIGUSR1,
	                              SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU};
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESETHAND; /* a second Ctrl-C ends at once */
	for (size_t i = 0; i < sizeof signals / sizeof *signals; i++)
		sigaction(signals[i], &sa, NULL);
	signal(SIGXFSZ, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
}

/* The status of a run whose standard output was closed by its reader (| head): 128 + SIGPIPE,
 * what the shell reports for cat or grep in the same place. */
#define STATUS_PIPE_CLOSED 141

/* Whether the command's output goes to standard output (a verb, or -o -). */
static int writes_stdout;

/* Whether standard output is a pipe or socket whose reader has gone: the normal end of a Unix
 * filter, not an error. */
static int stdout_reader_gone(void)
{
	struct pollfd p = {STDOUT_FILENO, POLLOUT, 0};
	return writes_stdout && poll(&p, 1, 0) == 1 && (p.revents & (POLLERR | POLLHUP));
}

/* The command's advice after a library message: what to type instead. */
static int report_hint(const bn_error *err, const char *hint)
{
	fprintf(stderr, "baonoi: %s (%s)\n", err->message, hint);
	return err->status ? (int)err->status : 1;
}

/* Report an error on one line and return its status; a reader that stopped reading standard
 * output ends the run quietly. */
int cli_report(const bn_error *err)
{
	if (err->status == BN_ERR_OUTPUT && stdout_reader_gone())
		return STATUS_PIPE_CLOSED;
	if (err->status == BN_ERR_UNSUPPORTED && strstr(err->message, "to the private address"))
		return report_hint(err, "--allow-private follows it");
	fprintf(stderr, "baonoi: %s\n", err->message);
	return err->status ? (int)err->status : 1;
}

/* An error of reading aloud: playback errors point to -o FILE (and --list-devices when a
 * device was named), a bad voice to --list-voices. */
int cli_report_read(const bn_error *err, const char *device)
{
	if (err->status == BN_ERR_AUDIO)
		return report_hint(err, device ? "see baonoi --list-devices, or use -o FILE to "
		                                 "write a file"
		                               : "use -o FILE to write a file");
	return cli_report(err);
}

/* A failed write to standard output: quiet when its reader has gone. */
static int stdout_error(void)
{
	if (stdout_reader_gone())
		return STATUS_PIPE_CLOSED;
	fprintf(stderr, "baonoi: standard output: write error\n");
	return BN_ERR_OUTPUT;
}

static int print_voice(const bn_voice *v, void *user)
{
	(void)user;
	printf("%-12s %s\n", v->name, v->description);
	return 0;
}

static int print_device(int index, const char *name, const char *api, int is_default, void *user)
{
	++*(int *)user;
	printf("%3d%s %s (%s)\n", index, is_default ? "*" : " ", name, api);
	return 0;
}

/* Whether s ends with suffix. */
static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Load the voice and apply the command-line overrides; a name not found gets the command's
 * advice. */
bn_status cli_load_voice(const options *o, bn_voice *v, bn_error *err)
{
	bn_status st = bn_voice_load(o->voice ? o->voice : "northern", NULL, v, err);
	if (st == BN_ERR_USAGE && err && strlen(err->message) + 32 < sizeof err->message &&
	    (ends_with(err->message, "no such voice") ||
	     ends_with(err->message, "not a voice name")))
		strcat(err->message, " (see baonoi --list-voices)");
	if (st != BN_OK)
		return st;
	if (o->rate >= 0)
		v->rate = o->rate;
	if (o->pitch >= 0)
		v->pitch = o->pitch;
	if (o->volume >= 0)
		v->volume = o->volume;
	return BN_OK;
}

/* The language the article is read in: --lang, else the article's own (from the page, checked
 * against its text); NULL for Vietnamese. */
static const char *foreign_language(const options *o, const bn_article *a)
{
	const char *lang = o->lang ? o->lang : a ? a->lang : NULL;
	return lang && *lang && bn_ascii_ncasecmp(lang, "vi", 2) != 0 ? lang : NULL;
}

/* An article in another language is read by eSpeak NG's voice for it ("de" for "de-DE"), its
 * text as written (no Vietnamese reading rules: the normalizer follows the voice). 1 when the
 * voice changed. */
int cli_voice_for_language(const options *o, const bn_article *a, bn_voice *v)
{
	const char *lang = foreign_language(o, a);
	if (!lang)
		return 0;
	size_t n = strcspn(lang, "-_");
	if (n == 0 || n >= sizeof v->espeak)
		return 0;
	for (size_t i = 0; i < n; i++)
		v->espeak[i] = (char)(lang[i] >= 'A' && lang[i] <= 'Z' ? lang[i] + 32 : lang[i]);
	v->espeak[n] = '\0';
	return 1;
}

/* The sentences to read aloud: the title, the byline and date unless --no-meta (or the
 * article is not Vietnamese: the line is said in Vietnamese), the blocks. */
bn_status cli_spoken_sentences(const options *o, const bn_article *a, bn_sentences **out,
                               bn_error *err)
{
	char *meta = o->no_meta || foreign_language(o, a) ? NULL : bn_article_meta_sentence(a);
	bn_status st = bn_segment_article_with_meta(a, meta, out, err);
	free(meta);
	return st;
}

/* The normalizer for the voice, with the user's own pronunciations first; a bad lexicon of
 * the user's is a usage error. */
bn_status cli_new_normalizer(const options *o, const bn_voice *voice, bn_normalizer **nz,
                             bn_error *err)
{
	bn_status st = bn_normalizer_new(voice, NULL, nz, err);
	if (st != BN_OK || !o->lexicon)
		return st;
	st = bn_normalizer_add_lexicon(*nz, o->lexicon, err);
	if (st != BN_OK) {
		bn_normalizer_free(*nz);
		*nz = NULL;
		err->status = st = BN_ERR_USAGE;
	}
	return st;
}

/* Fetch, extract and (when wanted) segment the source into the sentences read aloud. */
static bn_status load_article(const options *o, bn_article **article, bn_sentences **sentences,
                              bn_error *err)
{
	bn_document *doc = NULL;
	bn_status st = bn_fetch(o->source, &o->fetch, &doc, err);
	if (st != BN_OK)
		return st;
	bn_extract_options xo = {sizeof xo, o->captions};
	st = bn_extract(doc, &xo, article, err);
	bn_document_free(doc);
	if (st != BN_OK || !sentences)
		return st;
	st = cli_spoken_sentences(o, *article, sentences, err);
	if (st != BN_OK) {
		bn_article_free(*article);
		*article = NULL;
	}
	return st;
}

/* Write a whole string to standard output; 0 on success. */
static int put(const char *s)
{
	return fputs(s, stdout) < 0 ? -1 : 0;
}

static int finish_stdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout))
		return stdout_error();
	return 0;
}

/* text, json, sentences, spoken. */
static int run_show(const options *o)
{
	bn_error err;
	bn_article *article = NULL;
	bn_sentences *sentences = NULL;
	int want_sentences = o->cmd == CMD_SENTENCES || o->cmd == CMD_SPOKEN;
	if (load_article(o, &article, want_sentences ? &sentences : NULL, &err) != BN_OK)
		return cli_report(&err);
	int rc = 0;
	if (o->cmd == CMD_TEXT || o->cmd == CMD_JSON) {
		char *s = o->cmd == CMD_TEXT ? bn_article_to_text(article)
		                             : bn_article_to_json(article);
		rc = s ? put(s) : -1;
		free(s);
	} else if (o->cmd == CMD_SENTENCES) {
		for (size_t i = 0; i < sentences->count && rc == 0; i++)
			rc = put(sentences->items[i].text) || put("\n") ? -1 : 0;
	} else {
		bn_voice voice;
		bn_normalizer *nz = NULL;
		bn_status vs = cli_load_voice(o, &voice, &err);
		if (vs == BN_OK) {
			cli_voice_for_language(o, article, &voice);
			vs = cli_new_normalizer(o, &voice, &nz, &err);
		}
		if (vs != BN_OK) {
			bn_sentences_free(sentences);
			bn_article_free(article);
			return cli_report(&err);
		}
		for (size_t i = 0; i < sentences->count && rc == 0; i++) {
			char *s = bn_normalize_sentence(nz, &sentences->items[i]);
			rc = !s || put(s) || put("\n") ? -1 : 0;
			free(s);
		}
		bn_normalizer_free(nz);
	}
	bn_sentences_free(sentences);
	bn_article_free(article);
	return rc ? stdout_error() : finish_stdout();
}

/* split and normalize: line by line from standard input, each line checked as text (valid
 * UTF-8, no NUL byte) and no longer than the size cap of a document. */
static int run_filter(const options *o)
{
	bn_error err;
	bn_normalizer *nz = NULL;
	bn_voice voice;
	if (o->cmd == CMD_NORMALIZE && (cli_load_voice(o, &voice, &err) != BN_OK ||
	                                cli_new_normalizer(o, &voice, &nz, &err) != BN_OK))
		return cli_report(&err);
	bn_lines in;
	bn_lines_init(&in, stdin, "standard input",
	              o->fetch.max_bytes ? o->fetch.max_bytes : 16u << 20, 0, BN_OK);
	int rc = 0, got = 0;
	bn_status st = BN_OK;
	while (rc == 0 && st == BN_OK && (got = bn_lines_next(&in, &err)) == 1) {
		size_t bad;
		if (!bn_utf8_valid(in.line, in.len, &bad)) {
			st = bn_fail(&err, BN_ERR_ENCODING,
			             "standard input:%zu: invalid UTF-8 at byte %zu", in.lineno,
			             bad + 1);
			break;
		}
		if (o->cmd == CMD_NORMALIZE) {
			char *s = bn_normalize(nz, in.line);
			rc = !s || put(s) || put("\n") ? -1 : 0;
			free(s);
			continue;
		}
		bn_sentences *ss = bn_sentences_new();
		if (!ss ||
		    bn_segment_text(in.line, in.lineno, BN_BLOCK_PARAGRAPH, ss, &err) != BN_OK) {
			st = ss ? err.status : bn_fail(&err, BN_ERR_INTERNAL, "out of memory");
			bn_sentences_free(ss);
			break;
		}
		for (size_t i = 0; i < ss->count && rc == 0; i++)
			rc = put(ss->items[i].text) || put("\n") ? -1 : 0;
		bn_sentences_free(ss);
	}
	if (got < 0)
		st = err.status;
	bn_lines_free(&in);
	bn_normalizer_free(nz);
	if (st != BN_OK)
		return cli_report(&err);
	return rc ? stdout_error() : finish_stdout();
}

/* Where each sentence falls in the audio, for --timings (NULL without), and the progress
 * line. */
typedef struct timings {
	uint64_t *starts, *ends;
	cli_progress *progress;
} timings;

static void on_sentence(size_t index, uint64_t start, uint64_t end, void *user)
{
	timings *t = user;
	if (t->starts) {
		t->starts[index] = start;
		t->ends[index] = end;
	}
	cli_progress_sentence(t->progress, index, end);
}

/* Open the output: a file (with the article's tags) or the player. */
static bn_status open_sink(const options *o, const bn_article *a, int rate, bn_sink **sink,
                           bn_error *err)
{
	if (!o->output)
		return bn_sink_open_player(o->device, rate,
		                           o->interactive ? NULL : &cli_interrupted, sink, err);
	bn_file_options fo = {sizeof fo,    o->format,
	                      a->title,     a->byline ? a->byline : a->site_name,
	                      a->published, a->url};
	return bn_sink_open_file_with(o->output, rate, &fo, sink, err);
}

/* Where -i remembers its place: the article's canonical URL, else its file's full path. */
static char *position_key(const options *o, const bn_article *a)
{
	if (a->url && *a->url)
		return bn_strndup(a->url, strlen(a->url));
	if (!o->source || strcmp(o->source, "-") == 0)
		return NULL; /* standard input has no lasting name */
	char full[PATH_MAX];
	const char *key = realpath(o->source, full) ? full : o->source;
	return bn_strndup(key, strlen(key));
}

/* Read the article under the keyboard's control (-i); takes the player. */
static int run_interactive(const options *o, const bn_voice *voice, bn_article *article,
                           bn_sink *player)
{
	bn_error err = {0, ""};
	bn_sentences *sentences = NULL;
	bn_status st = cli_spoken_sentences(o, article, &sentences, &err);
	char *key = position_key(o, article);
	if (st == BN_OK) {
		bn_reader_options ro = {voice,     o->device, o->jobs, o->show,
		                        o->resume, o->keys,   key,     strcmp(o->source, "-") == 0,
		                        o->lexicon};
		st = bn_read_interactive(article, sentences, player, &ro, &cli_interrupted, &err);
	} else {
		bn_sink_abort(player);
	}
	free(key);
	bn_sentences_free(sentences);
	bn_article_free(article);
	if (st == BN_ERR_INTERRUPTED || (st == BN_OK && cli_interrupted))
		return BN_ERR_INTERRUPTED;
	return st == BN_OK ? 0 : cli_report_read(&err, o->device);
}

/* The speaker starts its engine at once (eSpeak NG loads in the engine's process while the
 * article is fetched and split); its failure, if any, shows when it is waited for. */

void cli_begin_speaker(speaker_start *s, const bn_voice *voice)
{
	memset(s, 0, sizeof *s);
	s->status = bn_speaker_new(voice, &s->speaker, &s->err);
}

/* The speaker, once its engine is ready; NULL (and *err) on failure. */
bn_speaker *cli_end_speaker(speaker_start *s, bn_error *err)
{
	if (s->status == BN_OK)
		s->status = bn_speaker_ready(s->speaker, &s->err);
	if (s->status != BN_OK) {
		bn_speaker_free(s->speaker);
		s->speaker = NULL;
		if (err)
			*err = s->err;
	}
	return s->speaker;
}

/* Refuse an output file before any work rather than after minutes of synthesis: a directory,
 * a read-only file without --force (cp would not replace it either), or a directory that
 * cannot take a new file. Devices and FIFOs are written as they are. */
bn_status cli_check_output(const char *path, int force, bn_error *err)
{
	if (!path || strcmp(path, "-") == 0)
		return BN_OK;
	struct stat st;
	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return bn_fail(err, BN_ERR_OUTPUT, "%s: cannot create: it is a directory",
			               path);
		if (!S_ISREG(st.st_mode))
			return BN_OK;
		/* Write-protected: no write permission for us, or none at all (as rm sees it,
		 * for root too). */
		if (!force &&
		    (access(path, W_OK) != 0 || !(st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH))))
			return bn_fail(err, BN_ERR_OUTPUT,
			               "%s: the file is read-only (--force replaces it)", path);
	}
	const char *slash = strrchr(path, '/');
	char *dir = slash ? bn_strndup(path, slash == path ? 1 : (size_t)(slash - path))
	                  : bn_strndup(".", 1);
	if (!dir)
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	int ok = access(dir, W_OK | X_OK) == 0;
	int e = errno;
	free(dir);
	if (!ok)
		return bn_fail(err, BN_ERR_OUTPUT, "%s: cannot create: %s", path, strerror(e));
	return BN_OK;
}

/* Read the article aloud, or into the output file. */
static int run_read(const options *o)
{
	bn_error err = {0, ""};
	bn_voice voice;
	if (cli_check_output(o->output, o->force, &err) != BN_OK ||
	    cli_check_output(o->timings, o->force, &err) != BN_OK ||
	    cli_load_voice(o, &voice, &err) != BN_OK)
		return cli_report_read(&err, o->device);
	bn_sink *sink = NULL;
	/* The player starts first, so that PortAudio's start-up overlaps all that follows. */
	if (!o->output && open_sink(o, NULL, ESPEAK_RATE, &sink, &err) != BN_OK)
		return cli_report_read(&err, o->device);
	speaker_start starting;
	if (!o->interactive)
		cli_begin_speaker(&starting, &voice);
	bn_article *article = NULL;
	bn_sentences *sentences = NULL;
	if (load_article(o, &article, NULL, &err) != BN_OK) {
		if (!o->interactive)
			bn_speaker_free(cli_end_speaker(&starting, NULL));
		bn_sink_abort(sink);
		return cli_report_read(&err, o->device);
	}
	if (o->interactive) {
		cli_voice_for_language(o, article, &voice);
		return run_interactive(o, &voice, article, sink);
	}
	bn_normalizer *nz = NULL;
	bn_speaker *speaker = NULL;
	bn_workers *workers = NULL;
	timings t = {NULL, NULL, NULL};
	bn_status st = cli_spoken_sentences(o, article, &sentences, &err);
	if (st == BN_OK && o->timings) {
		t.starts = calloc(sentences->count + 1, sizeof *t.starts);
		t.ends = calloc(sentences->count + 1, sizeof *t.ends);
		if (!t.starts || !t.ends)
			st = BN_ERR_INTERNAL;
	}
	int foreign = st == BN_OK && cli_voice_for_language(o, article, &voice);
	if (st == BN_OK)
		st = cli_new_normalizer(o, &voice, &nz, &err);
	speaker = cli_end_speaker(&starting, st == BN_OK ? &err : NULL);
	if (st == BN_OK && !speaker)
		st = err.status;
	/* The speaker started with the Vietnamese voice: the article's language takes over. */
	if (st == BN_OK && foreign)
		st = bn_speaker_set_voice(speaker, &voice, &err);
	if (st == BN_OK)
		st = bn_workers_new(speaker, o->jobs, &workers, &err);
	if (st == BN_OK && sink && bn_speaker_sample_rate(speaker) != ESPEAK_RATE) {
		bn_sink_abort(sink); /* not eSpeak NG's usual rate: start again */
		sink = NULL;
	}
	if (st == BN_OK && !sink)
		st = open_sink(o, article, bn_speaker_sample_rate(speaker), &sink, &err);
	if (st == BN_OK) {
		t.progress = cli_progress_new(sentences, o->output, bn_speaker_sample_rate(speaker),
		                              o->quiet);
		bn_render_options ro = {sizeof ro,
		                        &voice,
		                        &cli_interrupted,
		                        workers,
		                        o->timings || t.progress ? on_sentence : NULL,
		                        &t};
		st = bn_render(sentences, nz, speaker, sink, &ro, &err);
		if (st == BN_OK && cli_interrupted)
			st = BN_ERR_INTERRUPTED;
		/* The audio and its timings come as a pair or not at all: the timings are
		 * written first, and put in place only once the audio is. */
		bn_pending timings_file = {-1, NULL, NULL};
		if (st == BN_OK && o->timings)
			st = bn_timings_prepare(o->timings, sentences, t.starts, t.ends,
			                        bn_speaker_sample_rate(speaker), &timings_file,
			                        &err);
		if (st == BN_OK)
			st = bn_sink_close(sink, &err);
		else
			bn_sink_abort(sink);
		sink = NULL;
		if (st == BN_OK && o->timings && bn_pending_commit(&timings_file) != 0)
			st = bn_fail(&err, BN_ERR_OUTPUT,
			             "%s: cannot put the finished file in place: %s", o->timings,
			             strerror(errno));
		if (st != BN_OK && timings_file.fd >= 0)
			bn_pending_abort(&timings_file);
	}
	cli_progress_end(t.progress, st == BN_OK && !cli_interrupted);
	if (sink)
		bn_sink_abort(sink);
	bn_workers_free(workers);
	bn_speaker_free(speaker);
	bn_normalizer_free(nz);
	bn_sentences_free(sentences);
	bn_article_free(article);
	free(t.starts);
	free(t.ends);
	if (st == BN_ERR_INTERRUPTED || (st == BN_OK && cli_interrupted))
		return BN_ERR_INTERRUPTED; /* the user knows: no message */
	if (st == BN_ERR_INTERNAL && !err.message[0])
		snprintf(err.message, sizeof err.message, "out of memory");
	return st == BN_OK ? 0 : cli_report_read(&err, o->device);
}

static char *example_path(void)
{
	const char *dir = bn_data_dir();
	size_t n = strlen(dir) + sizeof EXAMPLE_ARTICLE + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", dir, EXAMPLE_ARTICLE);
	return p;
}

int main(int argc, char **argv)
{
	/* Big buffers (a page, its decoded copy) are mapped and given back when freed, rather than
	 * kept in the heap for the parse tree to grow over: peak memory stays near what is live. */
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
	/* JACK must not start a server just because PortAudio probes for one. */
	setenv("JACK_NO_START_SERVER", "1", 0);
	/* The data may be beside this program (a build tree, PREFIX/bin): the command knows its
	 * own path; the library does not look it up for a host. */
	char exe[PATH_MAX];
	ssize_t exe_len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (exe_len > 0) {
		exe[exe_len] = '\0';
		bn_data_dir_beside(exe);
	}
	options o;
	int rc = cli_parse(argc, argv, &o);
	if (rc >= 0)
		return rc;
	bn_error err;
	if (o.list_voices)
		return bn_voice_list(NULL, print_voice, NULL, &err) == BN_OK ? finish_stdout()
		                                                             : cli_report(&err);
	if (o.list_devices) {
		int devices = 0;
		if (bn_list_devices(print_device, &devices, &err) != BN_OK)
			return cli_report_read(&err, NULL);
		/* None is an empty list, not an error; a person at a terminal is told why. */
		if (devices == 0 && isatty(STDOUT_FILENO))
			fputs("baonoi: no audio output device (use -o FILE to write a file)\n",
			      stderr);
		return finish_stdout();
	}
	char *lexicon = NULL;
	if (!o.lexicon) { /* the user's own, when there is one */
		lexicon = bn_user_path("XDG_CONFIG_HOME", ".config", "lexicon");
		if (lexicon && access(lexicon, F_OK) == 0)
			o.lexicon = lexicon;
	}
	if (o.cmd == CMD_SPLIT || o.cmd == CMD_NORMALIZE) {
		writes_stdout = 1;
		rc = run_filter(&o);
		free(lexicon);
		return rc;
	}
	if (o.cmd == CMD_EDITION) {
		cli_catch_terminating_signals();
		setenv("PULSE_SERVER", "unix:/dev/null", 1); /* files only: no sound server */
		rc = cli_edition(&o);
		free(lexicon);
		if (rc == BN_ERR_INTERRUPTED && cli_interrupted)
			rc = 128 + cli_interrupted;
		return rc;
	}
	char *example = NULL;
	if (!o.source) {
		example = example_path();
		if (!example) {
			free(lexicon);
			return BN_ERR_INTERNAL;
		}
		o.source = example;
	}
	cli_catch_terminating_signals();
	/* Writing a file needs no sound server, but eSpeak NG 1.51 probes PulseAudio as it
	 * starts (and libpulse then makes ~/.config/pulse and /tmp/pulse-*): point it at none.
	 * Set before any thread starts; playback is left as the user's environment says. */
	if (o.cmd == CMD_READ && o.output)
		setenv("PULSE_SERVER", "unix:/dev/null", 1);
	writes_stdout = o.cmd != CMD_READ || (o.output && strcmp(o.output, "-") == 0);
	rc = o.cmd == CMD_READ ? run_read(&o) : run_show(&o);
	free(example);
	free(lexicon);
	if (rc == BN_ERR_INTERRUPTED && cli_interrupted)
		rc = 128 + cli_interrupted;
	return rc;
}
