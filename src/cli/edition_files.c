/* edition_files.c: the files of an audio edition beside the audio: each article's metadata,
 * the playlist (index.m3u8), the podcast feed (feed.xml), the folder's state that makes reruns
 * incremental, and the ASCII slugs that name the files. Every file is written under a
 * temporary name and renamed into place. */
#include "edition.h"

#include "buf.h"
#include "internal.h"
#include "pending.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <utf8proc.h>

#define SLUG_MAX 60

char *ed_slug(const char *title)
{
	bn_buf b = BN_BUF_INIT;
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)(title ? title : "");
	utf8proc_ssize_t left = (utf8proc_ssize_t)strlen((const char *)p);
	int dash = 0;
	while (left > 0 && b.len < SLUG_MAX) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
		if (n <= 0) {
			p++;
			left--;
			continue;
		}
		p += n;
		left -= n;
		/* The letter without its marks: the first code point of its decomposition. */
		utf8proc_int32_t parts[8];
		int lb;
		utf8proc_ssize_t k = utf8proc_decompose_char(cp, parts, 8, UTF8PROC_DECOMPOSE, &lb);
		int32_t base = k > 0 ? parts[0] : cp;
		if (base == 0x111 || base == 0x110) /* đ, Đ have no decomposition */
			base = 'd';
		if (base >= 'A' && base <= 'Z')
			base += 32;
		if ((base >= 'a' && base <= 'z') || (base >= '0' && base <= '9')) {
			if (dash && b.len)
				bn_buf_putc(&b, '-');
			dash = 0;
			bn_buf_putc(&b, (char)base);
		} else if (utf8proc_category(cp) != UTF8PROC_CATEGORY_MN) {
			dash = 1;
		}
	}
	while (b.len && b.data[b.len - 1] == '-')
		b.data[--b.len] = '\0';
	if (b.failed || !b.len) {
		bn_buf_free(&b);
		return strdup("bai");
	}
	return b.data;
}

uint64_t ed_hash(uint64_t h, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		h ^= *p;
		h *= 1099511628211ull;
	}
	h ^= 0xff; /* a separator: ("ab", "c") differs from ("a", "bc") */
	return h * 1099511628211ull;
}

bn_status ed_write_file(const char *dir, const char *name, const char *data, size_t len,
                        bn_error *err)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *path = malloc(n);
	if (!path)
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	snprintf(path, n, "%s/%s", dir, name);
	bn_pending p;
	bn_status st = BN_OK;
	if (bn_pending_open(&p, path) != 0)
		st = bn_fail(err, BN_ERR_OUTPUT, "%s: cannot create: %s", path, strerror(errno));
	else if (bn_write_all(p.fd, data, len) != 0) {
		st = bn_fail(err, BN_ERR_OUTPUT, "%s: %s", path, strerror(errno));
		bn_pending_abort(&p);
	} else if (bn_pending_commit(&p) != 0)
		st = bn_fail(err, BN_ERR_OUTPUT, "%s: cannot put the finished file in place: %s",
		             path, strerror(errno));
	free(path);
	return st;
}

/* ---- the folder's state --------------------------------------------------------------- */

#define STATE_DIR  ".baonoi"
#define STATE_FILE ".baonoi/state.json"

json_object *ed_state_load(const char *dir, bn_error *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, STATE_FILE);
	FILE *f = fopen(path, "rb");
	if (!f) {
		if (errno != ENOENT) {
			bn_fail(err, BN_ERR_OUTPUT, "%s: %s", path, strerror(errno));
			return NULL;
		}
		json_object *s = json_object_new_object();
		json_object_object_add(s, "version", json_object_new_int(1));
		json_object_object_add(s, "articles", json_object_new_object());
		return s;
	}
	bn_buf b = BN_BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		bn_buf_append(&b, chunk, n);
	int bad = ferror(f) || b.failed;
	fclose(f);
	json_object *s = bad || !b.len ? NULL : json_tokener_parse(b.data);
	bn_buf_free(&b);
	json_object *articles;
	if (!s || !json_object_object_get_ex(s, "articles", &articles) ||
	    !json_object_is_type(articles, json_type_object)) {
		json_object_put(s);
		/* A damaged state costs one full rebuild, not the edition. */
		fprintf(stderr, "baonoi: %s: unreadable, built anew\n", path);
		s = json_object_new_object();
		json_object_object_add(s, "version", json_object_new_int(1));
		json_object_object_add(s, "articles", json_object_new_object());
	}
	return s;
}

bn_status ed_state_save(const char *dir, json_object *state, bn_error *err)
{
	char sub[4096];
	snprintf(sub, sizeof sub, "%s/%s", dir, STATE_DIR);
	if (mkdir(sub, 0777) != 0 && errno != EEXIST)
		return bn_fail(err, BN_ERR_OUTPUT, "%s: %s", sub, strerror(errno));
	const char *text = json_object_to_json_string_ext(
	        state, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	return ed_write_file(dir, STATE_FILE, text, strlen(text), err);
}

json_object *ed_state_entry(json_object *state, const char *url)
{
	json_object *articles, *e;
	if (!json_object_object_get_ex(state, "articles", &articles) ||
	    !json_object_object_get_ex(articles, url, &e) ||
	    !json_object_is_type(e, json_type_object))
		return NULL;
	return e;
}

static void put_string(json_object *o, const char *key, const char *v)
{
	if (v)
		json_object_object_add(o, key, json_object_new_string(v));
}

void ed_state_put(json_object *state, const ed_item *it, const char *format, const char *settings)
{
	json_object *articles;
	if (!json_object_object_get_ex(state, "articles", &articles))
		return;
	json_object *e = json_object_new_object();
	put_string(e, "slug", it->slug);
	put_string(e, "hash", it->hash);
	put_string(e, "format", format);
	put_string(e, "settings", settings);
	put_string(e, "etag", it->etag);
	put_string(e, "last_modified", it->last_modified);
	put_string(e, "title", it->title);
	put_string(e, "published", it->published);
	put_string(e, "canonical", it->canonical);
	put_string(e, "byline", it->byline);
	put_string(e, "lead", it->lead);
	json_object_object_add(e, "duration", json_object_new_double(it->duration));
	json_object_object_add(e, "bytes", json_object_new_int64(it->bytes_on_disk));
	json_object_object_add(articles, it->url, e);
}

/* A string member's copy, or NULL. */
static char *get_string(json_object *o, const char *key)
{
	json_object *v;
	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return strdup(json_object_get_string(v));
}

void ed_state_get(json_object *e, ed_item *it)
{
	char *s;
#define TAKE(field, key)                                                                           \
	if ((s = get_string(e, key))) {                                                            \
		free(it->field);                                                                   \
		it->field = s;                                                                     \
	}
	TAKE(slug, "slug");
	TAKE(etag, "etag");
	TAKE(last_modified, "last_modified");
	TAKE(canonical, "canonical");
	TAKE(byline, "byline");
	TAKE(lead, "lead");
	TAKE(title, "title"); /* the article's own, which wins over the feed's */
	if (!it->published)
		TAKE(published, "published");
#undef TAKE
	if ((s = get_string(e, "hash"))) {
		snprintf(it->hash, sizeof it->hash, "%s", s);
		free(s);
	}
	json_object *v;
	if (json_object_object_get_ex(e, "duration", &v))
		it->duration = json_object_get_double(v);
	if (json_object_object_get_ex(e, "bytes", &v))
		it->bytes_on_disk = json_object_get_int64(v);
}

/* ---- the playlist and the podcast feed ---------------------------------------------------- */

/* s on one line with no control characters (a title must not end an #EXTINF line early). */
static void put_line(bn_buf *b, const char *s)
{
	for (; s && *s; s++)
		bn_buf_putc(b, (unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
}

bn_status ed_write_playlist(const char *dir, const ed_item *items, size_t n, const ed_meta *m,
                            bn_error *err)
{
	bn_buf b = BN_BUF_INIT;
	bn_buf_printf(&b, "#EXTM3U\n");
	if (m->title) {
		bn_buf_printf(&b, "#PLAYLIST:");
		put_line(&b, m->title);
		bn_buf_printf(&b, "\n");
	}
	for (size_t i = 0; i < n; i++) {
		if (items[i].status != BN_OK)
			continue;
		bn_buf_printf(&b, "#EXTINF:%.0f,",
		              items[i].duration + 0.5 > 1 ? items[i].duration : 1);
		put_line(&b, items[i].title);
		bn_buf_printf(&b, "\n%s.%s\n", items[i].slug, m->format);
	}
	bn_status st = b.failed ? bn_fail(err, BN_ERR_INTERNAL, "out of memory")
	                        : ed_write_file(dir, "index.m3u8", b.data, b.len, err);
	bn_buf_free(&b);
	return st;
}

/* s with XML's special characters escaped and control characters left out. */
static void put_xml(bn_buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': bn_buf_printf(b, "&amp;"); break;
		case '<': bn_buf_printf(b, "&lt;"); break;
		case '>': bn_buf_printf(b, "&gt;"); break;
		case '"': bn_buf_printf(b, "&quot;"); break;
		case '\'': bn_buf_printf(b, "&apos;"); break;
		default:
			if ((unsigned char)*s >= 0x20 || *s == '\t' || *s == '\n')
				bn_buf_putc(b, *s);
		}
	}
}

/* An element <name>text</name> on its own line, when text is not NULL. */
static void put_element(bn_buf *b, const char *indent, const char *name, const char *text)
{
	if (!text)
		return;
	bn_buf_printf(b, "%s<%s>", indent, name);
	put_xml(b, text);
	bn_buf_printf(b, "</%s>\n", name);
}

/* A time as RSS writes it (RFC 822, in UTC). */
static void rfc822(int64_t t, char *out, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	if (!gmtime_r(&tt, &tm)) {
		snprintf(out, n, "Thu, 01 Jan 1970 00:00:00 +0000");
		return;
	}
	snprintf(out, n, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
	         months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* The URL of a file of the folder: under --base-url, else relative. */
static void put_file_url(bn_buf *b, const ed_meta *m, const char *slug, const char *ext)
{
	if (m->base_url) {
		put_xml(b, m->base_url);
		if (!*m->base_url || m->base_url[strlen(m->base_url) - 1] != '/')
			bn_buf_putc(b, '/');
	}
	put_xml(b, slug);
	bn_buf_printf(b, ".%s", ext);
}

bn_status ed_write_podcast(const char *dir, const ed_item *items, size_t n, const ed_meta *m,
                           bn_error *err)
{
	bn_buf b = BN_BUF_INIT;
	char date[64];
	/* The newest article's time: the same feed for the same articles, built on one machine
	 * or merged from shards. */
	int64_t newest = -1;
	for (size_t i = 0; i < n; i++)
		if (items[i].status == BN_OK && items[i].time > newest)
			newest = items[i].time;
	bn_buf_printf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                  "<rss version=\"2.0\" "
	                  "xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\">\n"
	                  "  <channel>\n");
	put_element(&b, "    ", "title", m->title ? m->title : "baonoi");
	put_element(&b, "    ", "link", m->link ? m->link : m->base_url);
	put_element(&b, "    ", "description",
	            m->title ? m->title : "Các bài báo đọc thành tiếng bởi baonoi");
	put_element(&b, "    ", "language", "vi");
	if (newest >= 0) {
		rfc822(newest, date, sizeof date);
		put_element(&b, "    ", "lastBuildDate", date);
	}
	bn_buf_printf(&b, "    <generator>baonoi %s</generator>\n", BN_VERSION);
	bn_buf_printf(&b, "    <itunes:explicit>false</itunes:explicit>\n"
	                  "    <itunes:category text=\"News\"/>\n");
	for (size_t i = 0; i < n; i++) {
		const ed_item *it = &items[i];
		if (it->status != BN_OK)
			continue;
		bn_buf_printf(&b, "    <item>\n");
		put_element(&b, "      ", "title", it->title);
		const char *link = it->canonical ? it->canonical : it->url;
		put_element(&b, "      ", "link", strstr(link, "://") ? link : NULL);
		put_element(&b, "      ", "description", it->lead ? it->lead : it->title);
		put_element(&b, "      ", "author", NULL);
		put_element(&b, "      ", "itunes:author", it->byline);
		/* The guid changes with the audio: a changed article is a new episode. */
		bn_buf_printf(&b, "      <guid isPermaLink=\"false\">");
		put_xml(&b, it->canonical ? it->canonical : it->url);
		bn_buf_printf(&b, "#%s</guid>\n", it->hash);
		if (it->time >= 0) {
			rfc822(it->time, date, sizeof date);
			put_element(&b, "      ", "pubDate", date);
		}
		bn_buf_printf(&b, "      <enclosure url=\"");
		put_file_url(&b, m, it->slug, m->format);
		bn_buf_printf(&b, "\" length=\"%lld\" type=\"%s\"/>\n", it->bytes_on_disk, m->mime);
		long secs = (long)(it->duration + 0.5);
		bn_buf_printf(&b, "      <itunes:duration>%02ld:%02ld:%02ld</itunes:duration>\n",
		              secs / 3600, secs / 60 % 60, secs % 60);
		bn_buf_printf(&b, "    </item>\n");
	}
	bn_buf_printf(&b, "  </channel>\n</rss>\n");
	bn_status st = b.failed ? bn_fail(err, BN_ERR_INTERNAL, "out of memory")
	                        : ed_write_file(dir, "feed.xml", b.data, b.len, err);
	bn_buf_free(&b);
	return st;
}

bn_status ed_write_metadata(const char *dir, const ed_item *it, const ed_meta *m, bn_error *err)
{
	json_object *o = json_object_new_object();
	char name[SLUG_MAX + 16];
	put_string(o, "url", it->canonical ? it->canonical : it->url);
	put_string(o, "source", it->url);
	put_string(o, "title", it->title);
	put_string(o, "byline", it->byline);
	put_string(o, "published", it->published);
	put_string(o, "lead", it->lead);
	snprintf(name, sizeof name, "%s.%s", it->slug, m->format);
	put_string(o, "audio", name);
	snprintf(name, sizeof name, "%s.vtt", it->slug);
	put_string(o, "timings", name);
	json_object_object_add(o, "duration", json_object_new_double(it->duration));
	json_object_object_add(o, "bytes", json_object_new_int64(it->bytes_on_disk));
	put_string(o, "hash", it->hash);
	const char *text = json_object_to_json_string_ext(
	        o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	snprintf(name, sizeof name, "%s.json", it->slug);
	bn_buf b = BN_BUF_INIT;
	bn_buf_printf(&b, "%s\n", text);
	json_object_put(o);
	bn_status st = b.failed ? bn_fail(err, BN_ERR_INTERNAL, "out of memory")
	                        : ed_write_file(dir, name, b.data, b.len, err);
	bn_buf_free(&b);
	return st;
}
