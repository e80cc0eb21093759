/* edition.h: what the parts of `baonoi edition` share: one article of the edition as it goes
 * from its feed item to its files, the folder's state (what earlier runs made), the files
 * made from the whole edition (edition_files.c), the run (edition.c) and its reading
 * (edition_read.c). Not part of libbaonoi. */
#ifndef BN_EDITION_H
#define BN_EDITION_H

#include "baonoi.h"
#include "cli.h"

#include <json-c/json.h>
#include <stdint.h>
#include <time.h>

/* Where lossy editions keep each article's lossless audio (for the combined file). */
#define ED_CACHE_DIR ".baonoi/cache"

/* One article of the edition. Every string is malloc'd and owned by the item. */
typedef struct ed_item {
	char *url;       /* as the feed lists it (or the file a page came from) */
	char *title;     /* the feed's title, then the article's */
	char *published; /* ISO 8601, from the feed, else the article */
	int64_t time;    /* the same in seconds since the epoch; -1 unknown */
	char *bytes;     /* the page, once in hand (NULL when not modified) */
	size_t len;
	char *content_type;
	char *etag, *last_modified; /* the page's validators, for the next run */
	int not_modified;           /* the server said our copy is current */
	bn_status status;           /* BN_OK, or why the article is left out */
	char message[512];
	char *canonical; /* the article's canonical URL (duplicates are read once) */
	char *byline;
	char *lead;              /* the first paragraph, for the podcast feed's description */
	char *slug;              /* the files' name, without extension: stable across runs */
	char hash[17];           /* of the article's text and the reading settings */
	double duration;         /* seconds of audio */
	long long bytes_on_disk; /* of the audio file */
	int synthesised;         /* made in this run (else kept from an earlier one) */
} ed_item;

/* The ASCII slug of a title ("Hà Nội mưa to" -> "ha-noi-mua-to"), at most 60 bytes, "bai"
 * for a title with no letter or digit; malloc'd. */
char *ed_slug(const char *title);
/* 64-bit FNV-1a, as 16 hex digits into out (17 bytes), over a string and a running value. */
uint64_t ed_hash(uint64_t h, const char *s);
#define ED_HASH_INIT 1469598103934665603ull

/* Write data to dir/name under a temporary name and rename it into place. */
bn_status ed_write_file(const char *dir, const char *name, const char *data, size_t len,
                        bn_error *err);

/* The folder's state (DIR/.baonoi/state.json): an object of articles by URL; a new, empty
 * one when there is none. NULL when it cannot be read (err set). */
json_object *ed_state_load(const char *dir, bn_error *err);
bn_status ed_state_save(const char *dir, json_object *state, bn_error *err);
/* The state's entry for url, or NULL. */
json_object *ed_state_entry(json_object *state, const char *url);
/* Record item in the state (by its URL). */
void ed_state_put(json_object *state, const ed_item *item, const char *format,
                  const char *settings);
/* Fill item from its state entry (slug, hash, validators, duration, title...). */
void ed_state_get(json_object *entry, ed_item *item);

/* What the whole edition is called and where it is served. */
typedef struct ed_meta {
	const char *title;    /* the first feed's title, or "baonoi" */
	const char *link;     /* the first feed's site, or NULL */
	const char *base_url; /* --base-url, or NULL (enclosures relative) */
	const char *format;   /* the audio files' extension */
	const char *mime;     /* their type */
} ed_meta;

/* index.m3u8 and feed.xml (a podcast RSS 2.0 feed) for items[0..n) that are BN_OK. */
bn_status ed_write_playlist(const char *dir, const ed_item *items, size_t n, const ed_meta *m,
                            bn_error *err);
bn_status ed_write_podcast(const char *dir, const ed_item *items, size_t n, const ed_meta *m,
                           bn_error *err);
/* The article's metadata beside its audio: DIR/SLUG.json. */
bn_status ed_write_metadata(const char *dir, const ed_item *item, const ed_meta *m, bn_error *err);

/* The edition being built (edition.c), read (edition_read.c). */
typedef struct edition {
	const options *o;
	ed_item *items;
	size_t count, cap;
	char *feed_title, *feed_link; /* of the first feed */
	json_object *order;           /* the edition's URLs in order, every shard's included */
	json_object *state;
	/* reading */
	bn_voice voice;    /* the edition's (Vietnamese) voice */
	char settings[17]; /* hash of every setting that changes the audio */
	bn_normalizer *nz;
	struct ed_reader *readers; /* --jobs of them, started when the first article needs one */
	int nreaders;
	int rate;
	size_t done, failed, kept, made;
	double audio_seconds;
	time_t started;
} edition;

/* An article being read (edition_read.c). */
typedef struct ed_job ed_job;

/* edition.c: look at one fetched item: keep its files when nothing changed (BN_OK, *out
 * NULL), or make the job of reading it (*out); else the item's failure. */
bn_status ed_prepare_item(edition *e, ed_item *it, ed_job **out);
/* An item is done: counted, reported, recorded. */
void ed_conclude(edition *e, ed_item *it);
/* The path DIR/SLUG.EXT; malloc'd. */
char *ed_file_path(const options *o, const char *slug, const char *ext);

/* edition_read.c: whether the format keeps every sample (WAV, FLAC). */
int ed_lossless(const char *format);
/* Whether the article's lossless audio is there (its file, or the cache's copy). */
int ed_lossless_exists(const options *o, const char *slug);
/* Make DIR/.baonoi/cache. */
bn_status ed_make_cache_dir(const options *o, bn_error *err);
/* The job of reading article a (of item it): its sentences, voice and files' names. */
bn_status ed_new_job(edition *e, ed_item *it, const bn_article *a, ed_job **out, bn_error *err);
/* Read the articles of items [from, to) into their files, --jobs at once; 1 when
 * interrupted (nothing half-written left). */
int ed_read_articles(edition *e, size_t from, size_t to);
/* DIR/edition.FORMAT: the introduction, each article announced and read, a chapter each. */
bn_status ed_write_combined(edition *e, bn_error *err);
/* Stop the readers' engines. */
void ed_free_readers(edition *e);

#endif
