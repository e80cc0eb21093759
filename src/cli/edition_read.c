/* edition_read.c: the reading side of `baonoi edition`: --jobs readers (each an engine per
 * voice with one worker) reading articles at once through sessions, handed out in feed order
 * as they come free; each article's audio written to a lossless file first (its own, or the
 * cache's copy for a lossy format, encoded from it), its timings beside it, both or neither;
 * and the combined file, its introduction and announcements spoken, the articles' audio read
 * back, a titled chapter each. */
#include "cli.h"
#include "edition.h"

#include "buf.h"
#include "internal.h"
#include "pending.h"
#include "sink.h"
#include "speech.h"

#include <errno.h>
#include <poll.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Where each sentence falls in the audio. */
typedef struct timings {
	uint64_t *starts, *ends;
} timings;

static void on_sentence(size_t index, uint64_t start, uint64_t end, void *user)
{
	timings *t = user;
	t->starts[index] = start;
	t->ends[index] = end;
}

/* The article's length in seconds, read back from its lossless audio (libsndfile's MP3
 * reader trips over the UTF-8 tags it did not write), and its audio file's size in bytes. */
static void measure(const char *clean, const char *audio, double *seconds, long long *bytes)
{
	struct stat st;
	*bytes = stat(audio, &st) == 0 ? (long long)st.st_size : 0;
	SF_INFO info;
	memset(&info, 0, sizeof info);
	SNDFILE *f = sf_open(clean, SFM_READ, &info);
	*seconds = f && info.samplerate > 0 ? (double)info.frames / info.samplerate : 0;
	if (f)
		sf_close(f);
}

/* An engine speaking one voice, with one worker. */
typedef struct voiced {
	bn_voice voice;
	bn_speaker *speaker;
	bn_workers *workers;
	unsigned long used; /* when it last read (the least recently used goes first) */
} voiced;

/* Voices a reader keeps warm at once: Vietnamese and the languages an edition mixes in. */
#define READER_VOICES 3

/* One reader, reading one article at a time. An edition runs --jobs readers at once: its
 * articles are many and short, and a core each reading an article of its own stays busy to
 * the end of every article, where workers sharing one article would wait for its last
 * paragraph. A reader keeps an engine per voice it speaks (an article in another language
 * gets its own): switching one engine's voice there and back would leave eSpeak NG in another
 * state than a fresh start, and an article's audio must not depend on which reader read what
 * before it (any --jobs, any shard: the same files). */
typedef struct ed_reader {
	voiced voices[READER_VOICES];
	voiced *now; /* the voice of the current article */
	ed_job *job; /* the article it reads, or NULL */
} reader;

static void free_voiced(voiced *v)
{
	bn_workers_free(v->workers);
	bn_speaker_free(v->speaker);
	memset(v, 0, sizeof *v);
}

/* Start the readers, once, when the first article needs one: their engines start together,
 * in the edition's voice. */
static bn_status start_readers(edition *e, bn_error *err)
{
	if (e->readers)
		return BN_OK;
	if (!e->nz) { /* the normalizer too, when the first article needs reading */
		bn_status st = cli_new_normalizer(e->o, &e->voice, &e->nz, err);
		if (st != BN_OK)
			return st;
	}
	int n = e->o->jobs > 0 ? e->o->jobs : 1;
	reader *rs = calloc((size_t)n, sizeof *rs);
	speaker_start *starts = calloc((size_t)n, sizeof *starts);
	if (!rs || !starts) {
		free(rs);
		free(starts);
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	}
	for (int i = 0; i < n; i++)
		cli_begin_speaker(&starts[i], &e->voice);
	bn_status st = BN_OK;
	for (int i = 0; i < n; i++) {
		bn_error why = {BN_OK, ""};
		voiced *v = &rs[i].voices[0];
		v->speaker = cli_end_speaker(&starts[i], &why);
		v->voice = e->voice;
		rs[i].now = v;
		if (!v->speaker && st == BN_OK) {
			*err = why;
			st = why.status;
		}
		if (v->speaker && st == BN_OK)
			st = bn_workers_new(v->speaker, 1, &v->workers, err);
	}
	free(starts);
	e->readers = rs;
	e->nreaders = n;
	if (st == BN_OK)
		e->rate = bn_speaker_sample_rate(rs[0].voices[0].speaker);
	return st;
}

/* Make the reader speak with the voice: its engine for it, started when it has none (in
 * place of the voice it used least recently). */
static bn_status set_reader_voice(reader *r, const bn_voice *voice, bn_error *err)
{
	static unsigned long clock;
	voiced *pick = NULL;
	for (int i = 0; i < READER_VOICES && !pick; i++)
		if (r->voices[i].speaker && memcmp(&r->voices[i].voice, voice, sizeof *voice) == 0)
			pick = &r->voices[i];
	if (!pick) {
		pick = &r->voices[0];
		for (int i = 1; i < READER_VOICES; i++)
			if (!r->voices[i].speaker ||
			    (pick->speaker && r->voices[i].used < pick->used))
				pick = &r->voices[i];
		free_voiced(pick);
		speaker_start start;
		cli_begin_speaker(&start, voice);
		pick->speaker = cli_end_speaker(&start, err);
		if (!pick->speaker)
			return err->status;
		bn_status st = bn_workers_new(pick->speaker, 1, &pick->workers, err);
		if (st != BN_OK) {
			free_voiced(pick);
			return st;
		}
		pick->voice = *voice;
	}
	pick->used = ++clock;
	r->now = pick;
	return BN_OK;
}

void ed_free_readers(edition *e)
{
	for (int i = 0; i < e->nreaders; i++)
		for (int k = 0; k < READER_VOICES; k++)
			free_voiced(&e->readers[i].voices[k]);
	free(e->readers);
	e->readers = NULL;
	e->nreaders = 0;
}

/* Whether the format keeps every sample: the edition then reads its own files back for the
 * combined file; lossy formats keep a lossless copy in DIR/.baonoi/cache/ for that. */
int ed_lossless(const char *format)
{
	return strcmp(format, "wav") == 0 || strcmp(format, "flac") == 0;
}

/* The lossless audio of an article: its file, or the cache's copy. malloc'd. */
static char *lossless_path(const options *o, const char *slug)
{
	if (ed_lossless(o->format))
		return ed_file_path(o, slug, o->format);
	size_t n = strlen(o->dir) + strlen(slug) + 32;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/" ED_CACHE_DIR "/%s.flac", o->dir, slug);
	return p;
}

/* Whether the article's lossless audio is there. */
int ed_lossless_exists(const options *o, const char *slug)
{
	char *p = lossless_path(o, slug);
	int ok = p && access(p, F_OK) == 0;
	free(p);
	return ok;
}

/* Append the audio of the file at path (16-bit mono at rate) to sink. */
static bn_status copy_audio(const char *path, bn_sink *sink, int rate, bn_error *err)
{
	SF_INFO info;
	memset(&info, 0, sizeof info);
	SNDFILE *f = sf_open(path, SFM_READ, &info);
	if (!f)
		return bn_fail(err, BN_ERR_INPUT, "%s: %s", path, sf_strerror(NULL));
	bn_status st = BN_OK;
	if (info.channels != 1 || info.samplerate != rate)
		st = bn_fail(err, BN_ERR_INPUT, "%s: not %d Hz mono audio", path, rate);
	int16_t buf[8192];
	sf_count_t n;
	while (st == BN_OK && (n = sf_read_short(f, buf, BN_ARRAY_LEN(buf))) > 0) {
		st = bn_sink_write(sink, buf, (size_t)n, err);
		if (st == BN_OK && cli_interrupted)
			st = BN_ERR_INTERRUPTED;
	}
	sf_close(f);
	return st;
}

/* Make dir/.baonoi/cache. */
bn_status ed_make_cache_dir(const options *o, bn_error *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/.baonoi", o->dir);
	if (mkdir(path, 0777) != 0 && errno != EEXIST)
		return bn_fail(err, BN_ERR_OUTPUT, "%s: %s", path, strerror(errno));
	snprintf(path, sizeof path, "%s/" ED_CACHE_DIR, o->dir);
	if (mkdir(path, 0777) != 0 && errno != EEXIST)
		return bn_fail(err, BN_ERR_OUTPUT, "%s: %s", path, strerror(errno));
	return BN_OK;
}

/* An article being read: its sentences, the files it becomes, its session on a reader. */
struct ed_job {
	ed_item *it;
	bn_sentences *ss;
	bn_voice voice;
	bn_normalizer *nz;           /* its own for an article in another language, else NULL */
	char *title, *artist, *date; /* the audio file's tags */
	char *audio, *clean, *vtt;   /* the file, its lossless copy (the same for WAV/FLAC) */
	timings t;
	bn_sink *sink;
	bn_session *session;
};

static void free_job(ed_job *j)
{
	if (!j)
		return;
	bn_session_free(j->session);
	if (j->sink)
		bn_sink_abort(j->sink);
	bn_sentences_free(j->ss);
	bn_normalizer_free(j->nz);
	free(j->title);
	free(j->artist);
	free(j->date);
	free(j->audio);
	free(j->clean);
	free(j->vtt);
	free(j->t.starts);
	free(j->t.ends);
	free(j);
}

/* A copy of s, NULL for NULL; *failed set when out of memory. */
static char *copy_or_null(const char *s, int *failed)
{
	char *c = s ? strdup(s) : NULL;
	*failed |= s && !c;
	return c;
}

/* The job of reading article a (of item it): its sentences, voice and files' names. */
bn_status ed_new_job(edition *e, ed_item *it, const bn_article *a, ed_job **out, bn_error *err)
{
	const options *o = e->o;
	ed_job *j = calloc(1, sizeof *j);
	if (!j)
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	j->it = it;
	j->voice = e->voice;
	bn_status st = cli_spoken_sentences(o, a, &j->ss, err);
	/* An article in another language: eSpeak NG's voice for it, its text as written. */
	if (st == BN_OK && cli_voice_for_language(o, a, &j->voice))
		st = cli_new_normalizer(o, &j->voice, &j->nz, err);
	if (st == BN_OK && !ed_lossless(o->format))
		st = ed_make_cache_dir(o, err);
	int failed = 0;
	if (st == BN_OK) {
		j->title = copy_or_null(a->title, &failed);
		j->artist = copy_or_null(a->byline ? a->byline : a->site_name, &failed);
		j->date = copy_or_null(a->published, &failed);
		j->audio = ed_file_path(o, it->slug, o->format);
		j->clean = lossless_path(o, it->slug);
		j->vtt = ed_file_path(o, it->slug, "vtt");
		j->t.starts = calloc(j->ss->count + 1, sizeof(uint64_t));
		j->t.ends = calloc(j->ss->count + 1, sizeof(uint64_t));
		if (failed || !j->audio || !j->clean || !j->vtt || !j->t.starts || !j->t.ends)
			st = bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	}
	if (st != BN_OK) {
		free_job(j);
		return st;
	}
	*out = j;
	return BN_OK;
}

/* The audio file's tags. */
static bn_file_options job_tags(const edition *e, const ed_job *j)
{
	bn_file_options fo = {sizeof fo, e->o->format, j->title,
	                      j->artist, j->date,      j->it->canonical};
	return fo;
}

/* Start reading the job on reader r: into the lossless file, through a session. */
static bn_status start_job(edition *e, reader *r, ed_job *j, bn_error *err)
{
	bn_status st = set_reader_voice(r, &j->voice, err);
	bn_file_options fo = job_tags(e, j);
	bn_file_options cache = {sizeof cache, "flac", NULL, NULL, NULL, NULL};
	if (st == BN_OK)
		st = bn_sink_open_file_with(
		        j->clean, e->rate, ed_lossless(e->o->format) ? &fo : &cache, &j->sink, err);
	bn_session_options so = {sizeof so, &j->voice, 0, 0, on_sentence, &j->t};
	if (st == BN_OK)
		st = bn_session_start(r->now->speaker, j->nz ? j->nz : e->nz, j->sink, &so,
		                      r->now->workers, &j->session, err);
	if (st == BN_OK)
		st = bn_session_speak(j->session, j->ss, err);
	if (st == BN_OK)
		r->job = j;
	return st;
}

/* The job's audio is all written: its files put in place, both or neither (the timings are
 * written first and renamed last; a lossy file is encoded from the lossless copy). */
static bn_status finish_job(edition *e, ed_job *j, bn_error *err)
{
	const options *o = e->o;
	bn_session_free(j->session);
	j->session = NULL;
	bn_pending cues = {-1, NULL, NULL};
	bn_status st =
	        bn_timings_prepare(j->vtt, j->ss, j->t.starts, j->t.ends, e->rate, &cues, err);
	bn_sink *sink = j->sink;
	j->sink = NULL;
	if (st == BN_OK)
		st = bn_sink_close(sink, err);
	else
		bn_sink_abort(sink);
	if (st == BN_OK && !ed_lossless(o->format)) {
		bn_file_options fo = job_tags(e, j);
		sink = NULL;
		st = bn_sink_open_file_with(j->audio, e->rate, &fo, &sink, err);
		if (st == BN_OK)
			st = copy_audio(j->clean, sink, e->rate, err);
		if (sink && st == BN_OK)
			st = bn_sink_close(sink, err);
		else if (sink)
			bn_sink_abort(sink);
	}
	if (st == BN_OK && bn_pending_commit(&cues) != 0)
		st = bn_fail(err, BN_ERR_OUTPUT, "%s: cannot put the finished file in place: %s",
		             j->vtt, strerror(errno));
	if (st != BN_OK && cues.fd >= 0)
		bn_pending_abort(&cues);
	if (st == BN_OK) {
		measure(j->clean, j->audio, &j->it->duration, &j->it->bytes_on_disk);
		st = ed_write_metadata(o->dir, j->it,
		                       &(ed_meta){NULL, NULL, o->base_url, o->format, NULL}, err);
	}
	return st;
}

/* ---- the combined file ----------------------------------------------------------------- */

/* Speak text (one block of the edition's own words) into sink. */
static bn_status say(edition *e, const char *text, bn_sink *sink, bn_error *err)
{
	reader *r = &e->readers[0];
	bn_status st = set_reader_voice(r, &e->voice, err);
	if (st != BN_OK)
		return st;
	bn_sentences *ss = bn_sentences_new();
	if (!ss)
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	st = bn_segment_text(text, 0, BN_BLOCK_HEADING, ss, err);
	if (st == BN_OK) {
		bn_render_options ro = {sizeof ro,       &e->voice, &cli_interrupted,
		                        r->now->workers, NULL,      NULL};
		st = bn_render(ss, e->nz, r->now->speaker, sink, &ro, err);
	}
	bn_sentences_free(ss);
	return st;
}

/* DIR/edition.EXT: a spoken introduction ("Bản tin ... ngày 30 tháng 11 năm 2026, gồm 12
 * bài."), then each article announced by its number and title and read; a chapter at the
 * introduction and at each article, with its title (WAV: labelled cue points; MP3: ID3v2
 * CHAP frames; players and ffprobe list both as chapters). */
bn_status ed_write_combined(edition *e, bn_error *err)
{
	const options *o = e->o;
	size_t n = 0;
	for (size_t i = 0; i < e->count; i++)
		n += e->items[i].status == BN_OK;
	if (n == 0)
		return BN_OK;
	bn_status st = start_readers(e, err);
	if (st != BN_OK)
		return st;
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	char title[600];
	snprintf(title, sizeof title, "Bản tin %s%sngày %d tháng %d năm %d",
	         e->feed_title ? e->feed_title : "", e->feed_title ? " " : "", tm.tm_mday,
	         tm.tm_mon + 1, tm.tm_year + 1900);
	char name[32];
	snprintf(name, sizeof name, "edition");
	char *path = ed_file_path(o, name, o->format);
	if (!path)
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	char date[16];
	strftime(date, sizeof date, "%Y-%m-%d", &tm);
	bn_file_options fo = {sizeof fo, o->format, title, e->feed_title, date, e->feed_link};
	bn_sink *sink = NULL;
	st = bn_sink_open_file_with(path, e->rate, &fo, &sink, err);
	bn_buf line = BN_BUF_INIT;
	if (st == BN_OK) {
		bn_sink_chapter(sink, title);
		bn_buf_printf(&line, "%s, gồm %zu bài.", title, n);
		st = line.failed ? bn_fail(err, BN_ERR_INTERNAL, "out of memory")
		                 : say(e, line.data, sink, err);
	}
	for (size_t i = 0, k = 0; i < e->count && st == BN_OK; i++) {
		ed_item *it = &e->items[i];
		if (it->status != BN_OK)
			continue;
		bn_sink_chapter(sink, it->title ? it->title : "");
		bn_buf_truncate(&line, 0);
		bn_buf_printf(&line, "Bài %zu: %s.", ++k, it->title ? it->title : "");
		st = line.failed ? bn_fail(err, BN_ERR_INTERNAL, "out of memory")
		                 : say(e, line.data, sink, err);
		char *src = st == BN_OK ? lossless_path(o, it->slug) : NULL;
		if (st == BN_OK)
			st = src ? copy_audio(src, sink, e->rate, err)
			         : bn_fail(err, BN_ERR_INTERNAL, "out of memory");
		free(src);
	}
	bn_buf_free(&line);
	if (st == BN_OK && cli_interrupted)
		st = BN_ERR_INTERRUPTED;
	if (sink && st == BN_OK)
		st = bn_sink_close(sink, err);
	else if (sink)
		bn_sink_abort(sink);
	free(path);
	return st;
}

/* An idle reader (the readers started if need be); NULL when all are busy, or when they
 * could not start (*st, *err). */
static reader *idle_reader(edition *e, bn_status *st, bn_error *err)
{
	*st = start_readers(e, err);
	for (int k = 0; *st == BN_OK && k < e->nreaders; k++)
		if (!e->readers[k].job)
			return &e->readers[k];
	return NULL;
}

/* Prepare the items from *next on until one needs reading (*ready) or none is left before
 * to; those with nothing to read (kept, failed, duplicates) end here. */
static void prepare_next(edition *e, size_t *next, size_t to, ed_job **ready)
{
	while (!*ready && *next < to) {
		ed_item *it = &e->items[(*next)++];
		if (it->status == BN_OK)
			it->status = ed_prepare_item(e, it, ready);
		if (!*ready)
			ed_conclude(e, it);
	}
}

/* Read the articles of items [from, to) into their files, --jobs at once, handed out in feed
 * order as readers come free; the rest kept or reported. 1 when interrupted (nothing
 * half-written left). */
int ed_read_articles(edition *e, size_t from, size_t to)
{
	size_t next = from;
	int active = 0;
	ed_job *ready = NULL; /* the next article, prepared while the readers are busy */
	while (!cli_interrupted && (next < to || active || ready)) {
		/* Prepare the next article (those with nothing to read end here), and hand it to
		 * an idle reader; one is kept ready while all are busy. */
		prepare_next(e, &next, to, &ready);
		while (ready) {
			bn_error err = {BN_OK, ""};
			bn_status st;
			reader *r = idle_reader(e, &st, &err);
			if (r && st == BN_OK)
				st = start_job(e, r, ready, &err);
			if (r && st == BN_OK) {
				active++;
				ready = NULL;
			} else if (st != BN_OK) {
				if (r)
					r->job = NULL;
				ed_item *it = ready->it;
				free_job(ready);
				ready = NULL;
				it->status = st;
				snprintf(it->message, sizeof it->message, "%s", err.message);
				ed_conclude(e, it);
			} else {
				break; /* every reader busy */
			}
			prepare_next(e, &next, to, &ready);
		}
		if (!active)
			continue;
		struct pollfd fds[64];
		nfds_t nfds = 0;
		for (int k = 0; k < e->nreaders && nfds < 64; k++)
			if (e->readers[k].job)
				fds[nfds++] = (struct pollfd){
				        bn_session_fd(e->readers[k].job->session), POLLIN, 0};
		poll(fds, nfds, 100); /* at most 100 ms: a look at the interrupt flag */
		for (int k = 0; k < e->nreaders; k++) {
			ed_job *j = e->readers[k].job;
			if (!j)
				continue;
			bn_error err = {BN_OK, ""};
			bn_status st = bn_session_step(j->session, &err);
			if (st == BN_OK && !bn_session_written(j->session))
				continue;
			if (st == BN_OK)
				st = finish_job(e, j, &err);
			j->it->status = st;
			j->it->synthesised = st == BN_OK;
			if (st != BN_OK)
				snprintf(j->it->message, sizeof j->it->message, "%s", err.message);
			ed_conclude(e, j->it);
			free_job(j);
			e->readers[k].job = NULL;
			active--;
		}
	}
	free_job(ready);
	for (int k = 0; k < e->nreaders; k++) {
		free_job(e->readers[k].job);
		e->readers[k].job = NULL;
	}
	return cli_interrupted != 0;
}
