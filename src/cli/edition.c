/* edition.c: `baonoi edition`: the day's articles from feeds, lists of URLs and pages become an
 * audio edition in a folder: one audio file per article with its timings and metadata, a
 * playlist, a podcast feed and (--combined) one file for the whole edition. The pages are
 * fetched together (bn_fetch_batch); each article is then read into its file in feed order
 * with one speaker and its workers. Reruns are incremental: a page the server says is
 * unchanged, or whose text and reading settings hash as before, keeps its files. One failed
 * article is reported and skipped; the status then says that some failed. */
#include "edition.h"
#include "cli.h"

#include "buf.h"
#include "fetch.h"
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

/* Where lossy editions keep each article's lossless audio (for the combined file). */
#define CACHE_DIR ".baonoi/cache"

/* Pages fetched at a time (then read, then the next ones). */
#define FETCH_WINDOW 32

/* The exit status of an edition some of whose articles failed (the rest were built). */
#define STATUS_SOME_FAILED 13

/* The edition being built. */
typedef struct edition {
	const options *o;
	ed_item *items;
	size_t count, cap;
	char *feed_title, *feed_link; /* of the first feed */
	json_object *order;           /* the edition's URLs in order, every shard's included */
	json_object *state;
	/* reading */
	bn_voice voice; /* the edition's (Vietnamese) voice */
	bn_normalizer *nz;
	struct reader *readers; /* --jobs of them, started when the first article needs one */
	int nreaders;
	int rate;
	size_t done, failed, kept, made;
	double audio_seconds;
	time_t started;
} edition;

/* ---- progress --------------------------------------------------------------------------- */

/* A JSON string (quotes and escapes) into b. */
static void put_json_string(bn_buf *b, const char *s)
{
	bn_buf_putc(b, '"');
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			bn_buf_printf(b, "\\%c", c);
		else if (c < 0x20)
			bn_buf_printf(b, "\\u%04x", c);
		else
			bn_buf_putc(b, (char)c);
	}
	bn_buf_putc(b, '"');
}

/* One event of the run: a JSON line on standard output (--progress=json), or the progress
 * line on a terminal's standard error. what: "fetched", "kept", "synthesised", "failed",
 * "duplicate". */
static void progress(edition *e, const char *what, const ed_item *it)
{
	const options *o = e->o;
	if (o->progress_json) {
		bn_buf b = BN_BUF_INIT;
		bn_buf_printf(&b, "{\"event\":\"%s\",\"url\":", what);
		put_json_string(&b, it ? it->url : NULL);
		if (it && it->slug) {
			bn_buf_printf(&b, ",\"file\":\"%s.%s\",\"duration\":%.2f", it->slug,
			              o->format, it->duration);
		}
		if (it && it->status != BN_OK) {
			bn_buf_printf(&b, ",\"status\":%d,\"message\":", (int)it->status);
			put_json_string(&b, it->message);
		}
		bn_buf_printf(&b, ",\"done\":%zu,\"total\":%zu,\"audio_seconds\":%.1f}\n", e->done,
		              e->count, e->audio_seconds);
		if (!b.failed) {
			fputs(b.data, stdout);
			fflush(stdout);
		}
		bn_buf_free(&b);
		return;
	}
	if (o->quiet || !isatty(STDERR_FILENO))
		return;
	double elapsed = difftime(time(NULL), e->started);
	double eta = e->done ? elapsed / (double)e->done * (double)(e->count - e->done) : 0;
	fprintf(stderr, "\r\033[K%zu/%zu articles, %.1f min of audio, %zu failed", e->done,
	        e->count, e->audio_seconds / 60, e->failed);
	if (e->done && e->done < e->count)
		fprintf(stderr, ", about %.0f s left", eta);
}

/* An article left out: its one line on standard error (always: the newsroom must know). */
static void report_failure(edition *e, ed_item *it)
{
	e->failed++;
	if (!e->o->quiet && !e->o->progress_json && isatty(STDERR_FILENO))
		fputs("\r\033[K", stderr);
	fprintf(stderr, "baonoi: %s\n", it->message);
}

/* ---- the items -------------------------------------------------------------------------- */

/* A new item at the end of the edition, with a copy of url; NULL when out of memory. */
static ed_item *add_item(edition *e, const char *url)
{
	if (e->count == e->cap) {
		size_t n = e->cap ? e->cap * 2 : 32;
		ed_item *items = realloc(e->items, n * sizeof *items);
		if (!items)
			return NULL;
		e->items = items;
		e->cap = n;
	}
	ed_item *it = &e->items[e->count];
	memset(it, 0, sizeof *it);
	it->time = -1;
	if (!(it->url = strdup(url)))
		return NULL;
	e->count++;
	return it;
}

static void free_item(ed_item *it)
{
	free(it->url);
	free(it->title);
	free(it->published);
	free(it->bytes);
	free(it->content_type);
	free(it->etag);
	free(it->last_modified);
	free(it->canonical);
	free(it->byline);
	free(it->lead);
	free(it->slug);
}

/* Whether url (its part before any #fragment) is listed already. */
static int listed(const edition *e, const char *url)
{
	size_t n = strcspn(url, "#");
	for (size_t i = 0; i < e->count; i++)
		if (strcspn(e->items[i].url, "#") == n && strncmp(e->items[i].url, url, n) == 0)
			return 1;
	return 0;
}

/* What fetching one source gathers. */
typedef struct fetched {
	char *bytes;
	size_t len;
	char *url, *content_type;
	bn_status status;
	bn_error err;
} fetched;

static int keep_reply(bn_fetch_reply *r, void *user)
{
	fetched *f = user;
	f->status = r->status;
	if (r->status != BN_OK) {
		f->err = *r->error;
		return 0;
	}
	f->bytes = r->bytes;
	f->len = r->len;
	r->bytes = NULL;
	f->url = strdup(r->url);
	f->content_type = r->content_type ? strdup(r->content_type) : NULL;
	return 0;
}

/* Read one source (a URL or a file) as it is, not yet decoded. */
static bn_status read_source(const options *o, const char *src, fetched *f, bn_error *err)
{
	memset(f, 0, sizeof *f);
	if (strstr(src, "://")) {
		bn_fetch_request req = {src, NULL, NULL};
		bn_batch_options bo = {sizeof bo, 2, 1, 0, &cli_interrupted};
		bn_status st = bn_fetch_batch(&req, 1, &o->fetch, &bo, keep_reply, f, err);
		if (st == BN_OK && f->status != BN_OK) {
			*err = f->err;
			st = f->status;
		}
		return st;
	}
	bn_buf b = BN_BUF_INIT;
	bn_status st =
	        bn_read_file(src, o->fetch.max_bytes ? o->fetch.max_bytes : 16u << 20, &b, err);
	if (st != BN_OK)
		return st;
	f->bytes = b.data ? b.data : calloc(1, 1);
	f->len = b.len;
	return f->bytes ? BN_OK : bn_fail(err, BN_ERR_INTERNAL, "out of memory");
}

/* Add a source's articles: a feed's items in its order, or the source itself as one page. */
static bn_status add_source(edition *e, const char *src, bn_error *err)
{
	fetched f;
	bn_status st = read_source(e->o, src, &f, err);
	if (st != BN_OK)
		return st;
	bn_feed *feed = NULL;
	bn_error ferr;
	st = bn_feed_parse(src, f.bytes, f.len, f.url, &feed, &ferr);
	if (st == BN_OK) {
		if (!e->feed_title && feed->title)
			e->feed_title = strdup(feed->title);
		if (!e->feed_link && feed->link)
			e->feed_link = strdup(feed->link);
		for (size_t i = 0; i < feed->count && st == BN_OK; i++) {
			const bn_feed_item *fi = &feed->items[i];
			if (listed(e, fi->url))
				continue;
			ed_item *it = add_item(e, fi->url);
			if (!it) {
				st = bn_fail(err, BN_ERR_INTERNAL, "out of memory");
				break;
			}
			it->title = fi->title ? strdup(fi->title) : NULL;
			it->published = fi->published ? strdup(fi->published) : NULL;
			it->time = fi->time;
		}
		bn_feed_free(feed);
	} else if (st == BN_ERR_UNSUPPORTED) {
		/* Not a feed: the source is an article page, already in hand. */
		st = BN_OK;
		const char *url = f.url ? f.url : src;
		ed_item *it = listed(e, url) ? NULL : add_item(e, url);
		if (it) {
			it->bytes = f.bytes;
			it->len = f.len;
			it->content_type = f.content_type;
			f.bytes = f.content_type = NULL;
		}
	} else {
		*err = ferr;
	}
	free(f.bytes);
	free(f.url);
	free(f.content_type);
	return st;
}

/* A stable number for an item, for --shard: the same on every machine and run. */
static unsigned shard_of(const char *url, int shards)
{
	/* FNV's low bits follow the URL's last bytes closely: mixed (splitmix64's finaliser)
	 * so that URLs that differ in a digit spread over the shards. */
	uint64_t h = ed_hash(ED_HASH_INIT, url);
	h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
	h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
	h ^= h >> 31;
	return (unsigned)(h % (uint64_t)shards);
}

/* Keep the items --since, --shard and --limit select, in order. The limit counts the
 * edition's articles, whichever shard builds them: the shards together make the edition a
 * single run would. */
static void select_items(edition *e)
{
	const options *o = e->o;
	size_t k = 0, in_edition = 0;
	for (size_t i = 0; i < e->count; i++) {
		ed_item *it = &e->items[i];
		int keep = !(o->since && it->time >= 0 && it->time < o->since) &&
		           !(o->limit && in_edition >= (size_t)o->limit);
		in_edition += keep;
		if (keep)
			json_object_array_add(e->order, json_object_new_string(it->url));
		int mine = !o->shards || shard_of(it->url, o->shards) == (unsigned)(o->shard - 1);
		if (keep && mine)
			e->items[k++] = *it;
		else
			free_item(it);
	}
	e->count = k;
}

/* ---- fetching the pages ----------------------------------------------------------------- */

static int on_page(bn_fetch_reply *r, void *user)
{
	edition *e = user;
	ed_item *it = &e->items[r->index];
	it->status = r->status;
	if (r->status != BN_OK) {
		snprintf(it->message, sizeof it->message, "%s", r->error->message);
		return 0;
	}
	it->not_modified = r->not_modified;
	if (!r->not_modified) {
		it->bytes = r->bytes;
		it->len = r->len;
		r->bytes = NULL;
		free(it->content_type);
		it->content_type = r->content_type ? strdup(r->content_type) : NULL;
		free(it->etag);
		free(it->last_modified);
		it->etag = r->etag ? strdup(r->etag) : NULL;
		it->last_modified = r->last_modified ? strdup(r->last_modified) : NULL;
	}
	return 0;
}

/* The path dir/slug.ext; malloc'd. */
static char *file_path(const options *o, const char *slug, const char *ext)
{
	size_t n = strlen(o->dir) + strlen(slug) + strlen(ext) + 3;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s.%s", o->dir, slug, ext);
	return p;
}

static int file_exists(const options *o, const char *slug, const char *ext)
{
	char *p = file_path(o, slug, ext);
	int ok = p && access(p, F_OK) == 0;
	free(p);
	return ok;
}

/* Fetch the pages of items [from, to) not in hand, asking only for changes where the folder
 * has the article. */
static bn_status fetch_pages(edition *e, size_t from, size_t to, bn_error *err)
{
	bn_fetch_request *reqs = calloc(to - from + 1, sizeof *reqs);
	size_t *which = calloc(to - from + 1, sizeof *which);
	if (!reqs || !which) {
		free(reqs);
		free(which);
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	}
	size_t n = 0;
	for (size_t i = from; i < to; i++) {
		ed_item *it = &e->items[i];
		if (it->bytes || !strstr(it->url, "://"))
			continue;
		json_object *entry = ed_state_entry(e->state, it->url);
		const char *etag = NULL, *lm = NULL;
		if (entry) {
			ed_state_get(entry, it);
			if (it->slug && file_exists(e->o, it->slug, e->o->format)) {
				etag = it->etag;
				lm = it->last_modified;
			}
		}
		reqs[n].url = it->url;
		reqs[n].etag = etag;
		reqs[n].last_modified = lm;
		which[n++] = i;
	}
	/* Replies name the request's index: map them back to the items. */
	ed_item *saved = e->items;
	ed_item *view = calloc(n ? n : 1, sizeof *view);
	bn_status st = view ? BN_OK : bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	if (st == BN_OK && n) {
		for (size_t k = 0; k < n; k++)
			view[k] = saved[which[k]];
		e->items = view;
		bn_batch_options bo = {sizeof bo, 2, 8, 0, &cli_interrupted};
		st = bn_fetch_batch(reqs, n, &e->o->fetch, &bo, on_page, e, err);
		e->items = saved;
		for (size_t k = 0; k < n; k++)
			saved[which[k]] = view[k];
	}
	free(view);
	free(reqs);
	free(which);
	return st;
}

/* ---- reading an article into its files ----------------------------------------------- */

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

/* The MIME type of the edition's audio files. */
static const char *mime_type(const char *format)
{
	if (strcmp(format, "mp3") == 0)
		return "audio/mpeg";
	if (strcmp(format, "ogg") == 0 || strcmp(format, "oga") == 0)
		return "audio/ogg";
	if (strcmp(format, "opus") == 0)
		return "audio/ogg; codecs=opus";
	if (strcmp(format, "flac") == 0)
		return "audio/flac";
	return "audio/wav";
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
typedef struct reader {
	voiced voices[READER_VOICES];
	voiced *now;     /* the voice of the current article */
	struct job *job; /* the article it reads, or NULL */
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

static void free_readers(edition *e)
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
static int lossless(const char *format)
{
	return strcmp(format, "wav") == 0 || strcmp(format, "flac") == 0;
}

/* The lossless audio of an article: its file, or the cache's copy. malloc'd. */
static char *lossless_path(const options *o, const char *slug)
{
	if (lossless(o->format))
		return file_path(o, slug, o->format);
	size_t n = strlen(o->dir) + strlen(slug) + 32;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/" CACHE_DIR "/%s.flac", o->dir, slug);
	return p;
}

/* Whether the article's lossless audio is there. */
static int lossless_exists(const options *o, const char *slug)
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
static bn_status make_cache_dir(const options *o, bn_error *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/.baonoi", o->dir);
	if (mkdir(path, 0777) != 0 && errno != EEXIST)
		return bn_fail(err, BN_ERR_OUTPUT, "%s: %s", path, strerror(errno));
	snprintf(path, sizeof path, "%s/" CACHE_DIR, o->dir);
	if (mkdir(path, 0777) != 0 && errno != EEXIST)
		return bn_fail(err, BN_ERR_OUTPUT, "%s: %s", path, strerror(errno));
	return BN_OK;
}

/* An article being read: its sentences, the files it becomes, its session on a reader. */
typedef struct job {
	ed_item *it;
	bn_sentences *ss;
	bn_voice voice;
	bn_normalizer *nz;           /* its own for an article in another language, else NULL */
	char *title, *artist, *date; /* the audio file's tags */
	char *audio, *clean, *vtt;   /* the file, its lossless copy (the same for WAV/FLAC) */
	timings t;
	bn_sink *sink;
	bn_session *session;
} job;

static void free_job(job *j)
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
static bn_status new_job(edition *e, ed_item *it, const bn_article *a, job **out, bn_error *err)
{
	const options *o = e->o;
	job *j = calloc(1, sizeof *j);
	if (!j)
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	j->it = it;
	j->voice = e->voice;
	bn_status st = cli_spoken_sentences(o, a, &j->ss, err);
	/* An article in another language: eSpeak NG's voice for it, its text as written. */
	if (st == BN_OK && cli_voice_for_language(o, a, &j->voice))
		st = cli_new_normalizer(o, &j->voice, &j->nz, err);
	if (st == BN_OK && !lossless(o->format))
		st = make_cache_dir(o, err);
	int failed = 0;
	if (st == BN_OK) {
		j->title = copy_or_null(a->title, &failed);
		j->artist = copy_or_null(a->byline ? a->byline : a->site_name, &failed);
		j->date = copy_or_null(a->published, &failed);
		j->audio = file_path(o, it->slug, o->format);
		j->clean = lossless_path(o, it->slug);
		j->vtt = file_path(o, it->slug, "vtt");
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
static bn_file_options job_tags(const edition *e, const job *j)
{
	bn_file_options fo = {sizeof fo, e->o->format, j->title,
	                      j->artist, j->date,      j->it->canonical};
	return fo;
}

/* Start reading the job on reader r: into the lossless file, through a session. */
static bn_status start_job(edition *e, reader *r, job *j, bn_error *err)
{
	bn_status st = set_reader_voice(r, &j->voice, err);
	bn_file_options fo = job_tags(e, j);
	bn_file_options cache = {sizeof cache, "flac", NULL, NULL, NULL, NULL};
	if (st == BN_OK)
		st = bn_sink_open_file_with(j->clean, e->rate,
		                            lossless(e->o->format) ? &fo : &cache, &j->sink, err);
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
static bn_status finish_job(edition *e, job *j, bn_error *err)
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
	if (st == BN_OK && !lossless(o->format)) {
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

/* Whether another article of the edition already took slug (in this run or an earlier). */
static int slug_taken(const edition *e, const ed_item *self, const char *slug)
{
	for (size_t i = 0; i < e->count; i++)
		if (&e->items[i] != self && e->items[i].slug && strcmp(e->items[i].slug, slug) == 0)
			return 1;
	json_object *articles;
	if (!json_object_object_get_ex(e->state, "articles", &articles))
		return 0;
	json_object_object_foreach(articles, url, entry)
	{
		json_object *s;
		if (strcmp(url, self->url) != 0 && json_object_object_get_ex(entry, "slug", &s) &&
		    json_object_is_type(s, json_type_string) &&
		    strcmp(json_object_get_string(s), slug) == 0)
			return 1;
	}
	return 0;
}

/* Give the item a slug of its own: the title's, made unique with -2, -3... */
static bn_status name_item(edition *e, ed_item *it, bn_error *err)
{
	if (it->slug)
		return BN_OK;
	char *base = ed_slug(it->title);
	if (!base)
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	/* Six hex digits of the URL's hash make two articles of one title two names in any
	 * shard, without knowing the others' titles: shards name files as one machine would. */
	char name[96];
	snprintf(name, sizeof name, "%s-%06llx", base,
	         (unsigned long long)(ed_hash(ED_HASH_INIT, it->url) & 0xffffff));
	free(base);
	base = strdup(name);
	if (!base)
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	for (int k = 2; slug_taken(e, it, name); k++)
		snprintf(name, sizeof name, "%s-%d", base, k);
	free(base);
	it->slug = strdup(name);
	return it->slug ? BN_OK : bn_fail(err, BN_ERR_INTERNAL, "out of memory");
}

/* The hash that says whether an article must be read again: its text and every setting that
 * changes the audio. */
static void hash_article(const edition *e, const bn_article *a, char out[17])
{
	const options *o = e->o;
	char *text = bn_article_to_text(a);
	char settings[512];
	snprintf(settings, sizeof settings, "%s|%s|%d|%d|%d|%d|%d|%d|%s|%s|%s", BN_VERSION,
	         e->voice.name, e->voice.rate, e->voice.pitch, e->voice.volume, o->no_meta,
	         o->captions, (int)e->voice.region, o->format, o->lexicon ? o->lexicon : "",
	         o->lang ? o->lang : "");
	uint64_t h = ed_hash(ed_hash(ED_HASH_INIT, text), settings);
	h = ed_hash(h, a->byline);
	h = ed_hash(h, a->published);
	h = ed_hash(h, a->lang);
	free(text);
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* The article's first paragraph, cut near 300 bytes at a space: the podcast's description. */
static char *lead_of(const bn_article *a)
{
	for (size_t i = 0; i < a->nblocks; i++) {
		if (a->blocks[i].type != BN_BLOCK_PARAGRAPH)
			continue;
		const char *s = a->blocks[i].text;
		size_t n = strlen(s);
		if (n > 300) {
			n = 300;
			while (n > 200 && s[n] != ' ')
				n--;
		}
		return bn_strndup(s, n);
	}
	return NULL;
}

/* Whether an article earlier in the edition has the same canonical URL. */
static int duplicate(const edition *e, const ed_item *it)
{
	for (const ed_item *p = e->items; p < it; p++)
		if (p->status == BN_OK && p->canonical && strcmp(p->canonical, it->canonical) == 0)
			return 1;
	return 0;
}

/* Look at one fetched item: keep its files when nothing changed (BN_OK, *out NULL), or make
 * the job of reading it (*out); else the item's failure. */
static bn_status prepare_item(edition *e, ed_item *it, job **out)
{
	*out = NULL;
	const options *o = e->o;
	bn_error err = {BN_OK, ""};
	/* fetch_pages took what the folder's state knows of the article (slug, validators...). */
	json_object *entry = ed_state_entry(e->state, it->url);
	if (it->not_modified && entry && it->slug && file_exists(o, it->slug, o->format))
		return BN_OK; /* the server says nothing changed */
	bn_document *doc = NULL;
	bn_article *a = NULL;
	bn_status st =
	        bn_document_from_bytes(it->url, it->bytes, it->len, it->content_type, &doc, &err);
	if (st == BN_OK) {
		if (!doc->url && strstr(it->url, "://"))
			doc->url = strdup(it->url);
		bn_extract_options xo = {sizeof xo, o->captions};
		st = bn_extract(doc, &xo, &a, &err);
	}
	bn_document_free(doc);
	free(it->bytes);
	it->bytes = NULL;
	if (st != BN_OK) {
		snprintf(it->message, sizeof it->message, "%s", err.message);
		return st;
	}
	free(it->canonical);
	it->canonical = strdup(a->url && *a->url ? a->url : it->url);
	if (a->title && *a->title) {
		free(it->title);
		it->title = strdup(a->title);
	}
	if (!it->published && a->published) {
		it->published = strdup(a->published);
		it->time = bn_feed_parse_date(a->published);
	}
	free(it->byline);
	it->byline = a->byline ? strdup(a->byline) : NULL;
	free(it->lead);
	it->lead = lead_of(a);
	hash_article(e, a, it->hash);
	if (duplicate(e, it)) {
		bn_article_free(a);
		snprintf(it->message, sizeof it->message, "%s: the same article as one before it",
		         it->url);
		return BN_ERR_USAGE; /* left out, not failed: see build() */
	}
	st = name_item(e, it, &err);
	json_object *h;
	int same = st == BN_OK && entry && json_object_object_get_ex(entry, "hash", &h) &&
	           strcmp(json_object_get_string(h), it->hash) == 0 &&
	           file_exists(o, it->slug, o->format) && file_exists(o, it->slug, "vtt") &&
	           lossless_exists(o, it->slug);
	if (st == BN_OK && !same)
		st = new_job(e, it, a, out, &err);
	else if (st == BN_OK)
		st = ed_write_metadata(o->dir, it,
		                       &(ed_meta){NULL, NULL, o->base_url, o->format, NULL}, &err);
	bn_article_free(a);
	if (st != BN_OK)
		snprintf(it->message, sizeof it->message, "%s", err.message);
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
static bn_status write_combined(edition *e, bn_error *err)
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
	char *path = file_path(o, name, o->format);
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

/* ---- the run ----------------------------------------------------------------------------- */

static void free_edition(edition *e)
{
	for (size_t i = 0; i < e->count; i++)
		free_item(&e->items[i]);
	free(e->items);
	free(e->feed_title);
	free(e->feed_link);
	json_object_put(e->order);
	json_object_put(e->state);
	free_readers(e);
	bn_normalizer_free(e->nz);
}

/* The folder, made if need be, and its state; 0 or the exit status after a message. */
static int open_folder(edition *e)
{
	const options *o = e->o;
	bn_error err = {BN_OK, ""};
	if (mkdir(o->dir, 0777) != 0 && errno != EEXIST) {
		bn_fail(&err, BN_ERR_OUTPUT, "%s: cannot create the folder: %s", o->dir,
		        strerror(errno));
		return cli_report(&err);
	}
	struct stat sb;
	if (stat(o->dir, &sb) != 0 || !S_ISDIR(sb.st_mode) || access(o->dir, W_OK | X_OK) != 0) {
		bn_fail(&err, BN_ERR_OUTPUT, "%s: not a folder this user can write to", o->dir);
		return cli_report(&err);
	}
	if (!(e->state = ed_state_load(o->dir, &err)))
		return cli_report(&err);
	if (!(e->order = json_object_new_array()))
		return BN_ERR_INTERNAL;
	if (cli_load_voice(o, &e->voice, &err) != BN_OK)
		return cli_report(&err);
	/* The lexicon is read now: a bad one is a usage error before any work. */
	if (o->lexicon && cli_new_normalizer(o, &e->voice, &e->nz, &err) != BN_OK)
		return cli_report(&err);
	return 0;
}

/* The files made of the whole edition: the state (with the edition's order, for --merge),
 * the playlist, the podcast feed, the combined file; then the summary. The exit status. */
static int finish(edition *e)
{
	const options *o = e->o;
	bn_error err = {BN_OK, ""};
	if (cli_interrupted)
		return BN_ERR_INTERRUPTED;
	json_object_object_add(e->state, "order", json_object_get(e->order));
	json_object_object_del(e->state, "title");
	json_object_object_del(e->state, "link");
	if (e->feed_title)
		json_object_object_add(e->state, "title", json_object_new_string(e->feed_title));
	if (e->feed_link)
		json_object_object_add(e->state, "link", json_object_new_string(e->feed_link));
	ed_meta m = {e->feed_title, e->feed_link, o->base_url, o->format, mime_type(o->format)};
	if (ed_state_save(o->dir, e->state, &err) != BN_OK ||
	    ed_write_playlist(o->dir, e->items, e->count, &m, &err) != BN_OK ||
	    ed_write_podcast(o->dir, e->items, e->count, &m, &err) != BN_OK ||
	    (o->combined && write_combined(e, &err) != BN_OK))
		return cli_interrupted ? BN_ERR_INTERRUPTED : cli_report(&err);
	if (!o->quiet && !o->progress_json && isatty(STDERR_FILENO))
		fputs("\r\033[K", stderr);
	if (!o->quiet)
		fprintf(stderr,
		        "baonoi: %s: %zu articles (%zu read, %zu unchanged), %.1f min of audio\n",
		        o->dir, e->made + e->kept, e->made, e->kept, e->audio_seconds / 60);
	if (e->failed) {
		fprintf(stderr, "baonoi: %zu of %zu articles failed:\n", e->failed, e->count);
		for (size_t i = 0; i < e->count; i++)
			if (e->items[i].status != BN_OK && e->items[i].status != BN_ERR_USAGE)
				fprintf(stderr, "  %s\n", e->items[i].url);
		return STATUS_SOME_FAILED;
	}
	return 0;
}

/* Note a built or kept article in the run's counts, the state and the progress. */
static void account(edition *e, ed_item *it)
{
	e->audio_seconds += it->duration;
	if (it->synthesised)
		e->made++;
	else
		e->kept++;
	ed_state_put(e->state, it, e->o->format);
	progress(e, it->synthesised ? "synthesised" : "kept", it);
}

/* An item is done: counted, reported, recorded. */
static void conclude(edition *e, ed_item *it)
{
	e->done++;
	if (it->status == BN_ERR_USAGE) { /* a duplicate: left out quietly */
		progress(e, "duplicate", it);
	} else if (it->status != BN_OK) {
		report_failure(e, it);
		progress(e, "failed", it);
	} else {
		account(e, it);
	}
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
static void prepare_next(edition *e, size_t *next, size_t to, job **ready)
{
	while (!*ready && *next < to) {
		ed_item *it = &e->items[(*next)++];
		if (it->status == BN_OK)
			it->status = prepare_item(e, it, ready);
		if (!*ready)
			conclude(e, it);
	}
}

/* Read the articles of items [from, to) into their files, --jobs at once, handed out in feed
 * order as readers come free; the rest kept or reported. 1 when interrupted (nothing
 * half-written left). */
static int read_articles(edition *e, size_t from, size_t to)
{
	size_t next = from;
	int active = 0;
	job *ready = NULL; /* the next article, prepared while the readers are busy */
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
				conclude(e, it);
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
			job *j = e->readers[k].job;
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
			conclude(e, j->it);
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

/* Build the edition; the exit status. */
static int build(edition *e)
{
	const options *o = e->o;
	bn_error err = {BN_OK, ""};
	int rc = open_folder(e);
	if (rc)
		return rc;
	for (int i = 0; i < o->nsources; i++)
		if (add_source(e, o->sources[i], &err) != BN_OK)
			return cli_interrupted ? BN_ERR_INTERRUPTED : cli_report(&err);
	select_items(e);
	/* A window of pages at a time: memory stays flat however many articles there are. */
	for (size_t from = 0; from < e->count; from += FETCH_WINDOW) {
		size_t to = from + FETCH_WINDOW < e->count ? from + FETCH_WINDOW : e->count;
		if (fetch_pages(e, from, to, &err) != BN_OK)
			return cli_interrupted ? BN_ERR_INTERRUPTED : cli_report(&err);
		if (read_articles(e, from, to))
			return BN_ERR_INTERRUPTED;
	}
	return finish(e);
}

/* Copy dir/name into the edition's folder (under a temporary name, renamed when complete). */
static bn_status copy_file(const char *from_dir, const char *to_dir, const char *name,
                           bn_error *err)
{
	char from[4096], to[4096];
	snprintf(from, sizeof from, "%s/%s", from_dir, name);
	snprintf(to, sizeof to, "%s/%s", to_dir, name);
	FILE *in = fopen(from, "rb");
	if (!in)
		return bn_fail(err, BN_ERR_INPUT, "%s: %s", from, strerror(errno));
	bn_pending p;
	if (bn_pending_open(&p, to) != 0) {
		fclose(in);
		return bn_fail(err, BN_ERR_OUTPUT, "%s: cannot create: %s", to, strerror(errno));
	}
	char buf[65536];
	size_t n;
	bn_status st = BN_OK;
	while (st == BN_OK && (n = fread(buf, 1, sizeof buf, in)) > 0)
		if (bn_write_all(p.fd, buf, n) != 0)
			st = bn_fail(err, BN_ERR_OUTPUT, "%s: %s", to, strerror(errno));
	if (st == BN_OK && ferror(in))
		st = bn_fail(err, BN_ERR_INPUT, "%s: read error", from);
	fclose(in);
	if (st != BN_OK)
		bn_pending_abort(&p);
	else if (bn_pending_commit(&p) != 0)
		st = bn_fail(err, BN_ERR_OUTPUT, "%s: cannot put the finished file in place: %s",
		             to, strerror(errno));
	return st;
}

/* The same folder (by device and inode)? */
static int same_folder(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/* Take one article from a shard's folder into the edition's: its files, its state. */
static bn_status take_article(edition *e, const char *shard, ed_item *it, bn_error *err)
{
	const options *o = e->o;
	if (same_folder(shard, o->dir))
		return BN_OK;
	static const char *const exts[] = {NULL, "vtt", "json"};
	char name[256];
	bn_status st = BN_OK;
	for (size_t k = 0; k < BN_ARRAY_LEN(exts) && st == BN_OK; k++) {
		snprintf(name, sizeof name, "%s.%s", it->slug, exts[k] ? exts[k] : o->format);
		st = copy_file(shard, o->dir, name, err);
	}
	if (st == BN_OK && !lossless(o->format)) {
		snprintf(name, sizeof name, CACHE_DIR "/%s.flac", it->slug);
		st = make_cache_dir(o, err);
		if (st == BN_OK)
			st = copy_file(shard, o->dir, name, err);
	}
	return st;
}

/* A string member of the state, or NULL. */
static const char *state_string(json_object *state, const char *key)
{
	json_object *v;
	return json_object_object_get_ex(state, key, &v) && json_object_is_type(v, json_type_string)
	               ? json_object_get_string(v)
	               : NULL;
}

/* --merge: the edition from the folders of its shards, in the edition's order. */
static int merge(edition *e)
{
	const options *o = e->o;
	bn_error err = {BN_OK, ""};
	int rc = open_folder(e);
	if (rc)
		return rc;
	json_object **shards = calloc((size_t)o->nsources, sizeof *shards);
	if (!shards)
		return BN_ERR_INTERNAL;
	for (int i = 0; i < o->nsources && !rc; i++) {
		struct stat sb;
		if (stat(o->sources[i], &sb) != 0 || !S_ISDIR(sb.st_mode)) {
			bn_fail(&err, BN_ERR_INPUT, "%s: not a folder", o->sources[i]);
			rc = cli_report(&err);
		} else if (!(shards[i] = ed_state_load(o->sources[i], &err))) {
			rc = cli_report(&err);
		}
	}
	/* The order: the first shard's (every shard lists the whole edition). */
	json_object *order = NULL;
	for (int i = 0; i < o->nsources && !rc && !order; i++)
		if (json_object_object_get_ex(shards[i], "order", &order) &&
		    !json_object_is_type(order, json_type_array))
			order = NULL;
	if (!rc && !order) {
		bn_fail(&err, BN_ERR_INPUT, "%s: no edition built in this folder", o->sources[0]);
		rc = cli_report(&err);
	}
	if (!rc) {
		const char *t = state_string(shards[0], "title"),
		           *l = state_string(shards[0], "link");
		e->feed_title = t ? strdup(t) : NULL;
		e->feed_link = l ? strdup(l) : NULL;
	}
	size_t n = order && !rc ? json_object_array_length(order) : 0;
	for (size_t k = 0; k < n && !rc && !cli_interrupted; k++) {
		const char *url = json_object_get_string(json_object_array_get_idx(order, k));
		json_object_array_add(e->order, json_object_new_string(url));
		int found = 0;
		for (int i = 0; i < o->nsources && !found; i++) {
			json_object *entry = ed_state_entry(shards[i], url);
			const char *fmt = entry ? state_string(entry, "format") : NULL;
			if (!entry || !fmt || strcmp(fmt, o->format) != 0)
				continue;
			ed_item *it = add_item(e, url);
			if (!it) {
				rc = BN_ERR_INTERNAL;
				break;
			}
			found = 1;
			ed_state_get(entry, it);
			it->time = bn_feed_parse_date(it->published);
			if (it->canonical && duplicate(e, it)) {
				/* Two shards read one article under two URLs: once here. */
				it->status = BN_ERR_USAGE;
				e->done++;
				progress(e, "duplicate", it);
				break;
			}
			if (!it->slug || strcspn(it->slug, "/.") != strlen(it->slug)) {
				snprintf(it->message, sizeof it->message, "%s: no files in %s", url,
				         o->sources[i]);
				it->status = BN_ERR_INPUT;
			} else if (take_article(e, o->sources[i], it, &err) != BN_OK) {
				snprintf(it->message, sizeof it->message, "%s", err.message);
				it->status = err.status;
			}
			e->done++;
			if (it->status != BN_OK) {
				report_failure(e, it);
				progress(e, "failed", it);
			} else {
				account(e, it);
			}
		}
		/* An article no shard built (it failed there): failed here too. */
		ed_item *it = found || rc ? NULL : add_item(e, url);
		if (it) {
			snprintf(it->message, sizeof it->message,
			         "%s: in no shard's folder (it failed there, or its shard did not "
			         "run)",
			         url);
			it->status = BN_ERR_INPUT;
			e->done++;
			report_failure(e, it);
			progress(e, "failed", it);
		}
	}
	for (int i = 0; i < o->nsources; i++)
		json_object_put(shards[i]);
	free(shards);
	return rc ? rc : finish(e);
}

int cli_edition(const options *o)
{
	edition e;
	memset(&e, 0, sizeof e);
	e.o = o;
	e.started = time(NULL);
	int rc = o->merge ? merge(&e) : build(&e);
	free_edition(&e);
	return rc;
}
