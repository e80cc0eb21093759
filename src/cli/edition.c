/* edition.c: `baonoi edition`: the day's articles from feeds, lists of URLs and pages become an
 * audio edition in a folder: one audio file per article with its timings and metadata, a
 * playlist, a podcast feed and (--combined) one file for the whole edition. Sources are read
 * and parsed as feeds (bn_feed_parse) or kept as pages; the items chosen (--since, --limit,
 * --shard); their pages fetched a window at a time (bn_fetch_batch) and each article extracted
 * and hashed here, then read by edition_read.c. Reruns are incremental: a page the server
 * says is unchanged, or whose text and reading settings hash as before, keeps its files. One
 * failed article is reported and skipped; the status then says that some failed. --merge
 * joins the folders of shards into one edition. */
#include "edition.h"
#include "cli.h"

#include "buf.h"
#include "fetch.h"
#include "internal.h"
#include "pending.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Pages fetched at a time (then read, then the next ones). */
#define FETCH_WINDOW 32

/* The exit status of an edition some of whose articles failed (the rest were built). */
#define STATUS_SOME_FAILED 13

/* ---- progress --------------------------------------------------------------------------- */

/* One event of the run: a JSON line on standard output (--progress=json), or the progress
 * line on a terminal's standard error. what: "fetched", "kept", "synthesised", "failed",
 * "duplicate". */
static void progress(edition *e, const char *what, const ed_item *it)
{
	const options *o = e->o;
	if (o->progress_json) {
		json_object *j = json_object_new_object();
		json_object_object_add(j, "event", json_object_new_string(what));
		json_object_object_add(j, "url", it ? json_object_new_string(it->url) : NULL);
		if (it && it->slug) {
			char file[128];
			snprintf(file, sizeof file, "%s.%s", it->slug, o->format);
			json_object_object_add(j, "file", json_object_new_string(file));
			json_object_object_add(j, "duration", json_object_new_double(it->duration));
		}
		if (it && it->status != BN_OK) {
			json_object_object_add(j, "status", json_object_new_int((int)it->status));
			json_object_object_add(j, "message", json_object_new_string(it->message));
		}
		json_object_object_add(j, "done", json_object_new_int64((int64_t)e->done));
		json_object_object_add(j, "total", json_object_new_int64((int64_t)e->count));
		json_object_object_add(j, "audio_seconds",
		                       json_object_new_double(e->audio_seconds));
		puts(json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN |
		                                               JSON_C_TO_STRING_NOSLASHESCAPE));
		fflush(stdout);
		json_object_put(j);
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

/* A batch of pages: the edition, and the item each request is for. */
typedef struct page_batch {
	edition *e;
	const size_t *which;
} page_batch;

static int on_page(bn_fetch_reply *r, void *user)
{
	page_batch *b = user;
	ed_item *it = &b->e->items[b->which[r->index]];
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
char *ed_file_path(const options *o, const char *slug, const char *ext)
{
	size_t n = strlen(o->dir) + strlen(slug) + strlen(ext) + 3;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s.%s", o->dir, slug, ext);
	return p;
}

static int file_exists(const options *o, const char *slug, const char *ext)
{
	char *p = ed_file_path(o, slug, ext);
	int ok = p && access(p, F_OK) == 0;
	free(p);
	return ok;
}

/* Whether the folder holds the article's files, made with the settings of this run. */
static int files_current(const edition *e, json_object *entry, const ed_item *it)
{
	const options *o = e->o;
	json_object *v;
	return entry && it->slug && json_object_object_get_ex(entry, "settings", &v) &&
	       strcmp(json_object_get_string(v), e->settings) == 0 &&
	       file_exists(o, it->slug, o->format) && file_exists(o, it->slug, "vtt") &&
	       ed_lossless_exists(o, it->slug);
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
			if (files_current(e, entry, it)) { /* else the page is read again anyway */
				etag = it->etag;
				lm = it->last_modified;
			}
		}
		reqs[n].url = it->url;
		reqs[n].etag = etag;
		reqs[n].last_modified = lm;
		which[n++] = i;
	}
	bn_status st = BN_OK;
	if (n) {
		page_batch b = {e, which};
		bn_batch_options bo = {sizeof bo, 2, 8, 0, &cli_interrupted};
		st = bn_fetch_batch(reqs, n, &e->o->fetch, &bo, on_page, &b, err);
	}
	free(reqs);
	free(which);
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

/* The hash that says whether an article must be read again: its text and the settings. */
static void hash_article(const edition *e, const bn_article *a, char out[17])
{
	char *text = bn_article_to_text(a);
	uint64_t h = ed_hash(ed_hash(ED_HASH_INIT, text), e->settings);
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
bn_status ed_prepare_item(edition *e, ed_item *it, ed_job **out)
{
	*out = NULL;
	const options *o = e->o;
	bn_error err = {BN_OK, ""};
	/* fetch_pages took what the folder's state knows of the article (slug, validators...). */
	json_object *entry = ed_state_entry(e->state, it->url);
	if (it->not_modified && files_current(e, entry, it))
		return BN_OK; /* the server says nothing changed */
	if (!it->bytes) {     /* "not modified" for a copy the folder no longer has */
		bn_fail(&err, BN_ERR_HTTP,
		        "%s: the server said not modified, but %s lacks the article's files: run "
		        "again",
		        it->url, o->dir);
		snprintf(it->message, sizeof it->message, "%s", err.message);
		return BN_ERR_HTTP;
	}
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
	int same = st == BN_OK && files_current(e, entry, it) &&
	           json_object_object_get_ex(entry, "hash", &h) &&
	           strcmp(json_object_get_string(h), it->hash) == 0;
	if (st == BN_OK && !same)
		st = ed_new_job(e, it, a, out, &err);
	else if (st == BN_OK)
		st = ed_write_metadata(o->dir, it,
		                       &(ed_meta){NULL, NULL, o->base_url, o->format, NULL}, &err);
	bn_article_free(a);
	if (st != BN_OK)
		snprintf(it->message, sizeof it->message, "%s", err.message);
	return st;
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
	ed_free_readers(e);
	bn_normalizer_free(e->nz);
}

/* Every setting that changes the audio, hashed: the version, the voice profile and the
 * options, the format, the user's lexicon (its size and time, so that an edit counts). */
static void hash_settings(edition *e)
{
	const options *o = e->o;
	const bn_voice *v = &e->voice;
	struct stat lx = {0};
	if (o->lexicon)
		stat(o->lexicon, &lx);
	char s[1024];
	snprintf(s, sizeof s, "%s|%s|%s|%d|%d|%d|%d|%d|%d|%d|%d|%d|%d|%d|%s|%s|%lld|%lld|%s",
	         BN_VERSION, v->name, v->espeak, (int)v->region, v->rate, v->pitch, v->range,
	         v->volume, v->word_gap, v->pause_paragraph, v->pause_heading, o->no_meta,
	         o->captions, 0, o->format, o->lexicon ? o->lexicon : "", (long long)lx.st_size,
	         (long long)lx.st_mtime, o->lang ? o->lang : "");
	snprintf(e->settings, sizeof e->settings, "%016llx",
	         (unsigned long long)ed_hash(ED_HASH_INIT, s));
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
	hash_settings(e);
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
	    (o->combined && ed_write_combined(e, &err) != BN_OK))
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
	ed_state_put(e->state, it, e->o->format, e->settings);
	progress(e, it->synthesised ? "synthesised" : "kept", it);
}

/* An item is done: counted, reported, recorded. */
void ed_conclude(edition *e, ed_item *it)
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
		if (ed_read_articles(e, from, to))
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
	if (st == BN_OK && !ed_lossless(o->format)) {
		snprintf(name, sizeof name, ED_CACHE_DIR "/%s.flac", it->slug);
		st = ed_make_cache_dir(o, err);
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
