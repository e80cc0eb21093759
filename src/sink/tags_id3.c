/* tags_id3.c: tags of MP3 files, written with TagLib as ID3v2.4 with UTF-8 text, which every
 * player reads back as written (libsndfile's own ID3 tags declare Latin-1 and hold UTF-8, so
 * "Việt Nam" shows as "Viá»t Nam"). The date becomes the year frame (TDRC), as tags keep it.
 * Chapters (an edition's articles) are added to TagLib's tag as ID3v2 chapter frames (CTOC,
 * CHAP), which TagLib's C interface cannot write. */
#include "buf.h"
#include "internal.h"
#include "sink.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <tag_c.h>
#include <unistd.h>

/* The year of an ISO 8601 date ("2020-05-25T16:20:00+07:00"), or 0. */
static unsigned year_of(const char *date)
{
	unsigned y = 0;
	int n = 0;
	if (!date || sscanf(date, "%4u%n", &y, &n) != 1 || n != 4)
		return 0;
	return y >= 1000 && y <= 9999 ? y : 0;
}

/* TagLib adds an ID3v1 tag too, whose Latin-1 cannot hold Vietnamese: players that read it
 * would show a mangled title. The 128 bytes at the end starting "TAG" are cut off. */
static int strip_id3v1(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	char head[3];
	int rc = 0;
	if (fstat(fd, &st) == 0 && st.st_size >= 128 && pread(fd, head, 3, st.st_size - 128) == 3 &&
	    memcmp(head, "TAG", 3) == 0)
		rc = ftruncate(fd, st.st_size - 128);
	if (close(fd) != 0)
		rc = -1;
	return rc;
}

bn_status bn_tag_mp3(const char *path, const char *name, const bn_file_options *o, bn_error *err)
{
	if (!o || (!o->title && !o->artist && !o->date && !o->comment))
		return BN_OK;
	taglib_set_strings_unicode(1);
	taglib_set_string_management_enabled(0);
	taglib_id3v2_set_default_text_encoding(TagLib_ID3v2_UTF8);
	TagLib_File *f = taglib_file_new_type(path, TagLib_File_MPEG);
	if (!f || !taglib_file_is_valid(f)) {
		if (f)
			taglib_file_free(f);
		return bn_fail(err, BN_ERR_OUTPUT, "%s: cannot write its tags", name);
	}
	TagLib_Tag *tag = taglib_file_tag(f);
	if (o->title)
		taglib_tag_set_title(tag, o->title);
	if (o->artist)
		taglib_tag_set_artist(tag, o->artist);
	if (o->comment)
		taglib_tag_set_comment(tag, o->comment);
	if (year_of(o->date))
		taglib_tag_set_year(tag, year_of(o->date));
	int saved = taglib_file_save(f);
	taglib_file_free(f);
	if (!saved || strip_id3v1(path) != 0)
		return bn_fail(err, BN_ERR_OUTPUT, "%s: cannot write its tags%s%s", name,
		               errno ? ": " : "", errno ? strerror(errno) : "");
	return BN_OK;
}

/* ---- chapters ------------------------------------------------------------------------------ */

/* Store v as a 4-byte big-endian number, or as ID3v2.4's "syncsafe" form (7 bits a byte). */
static void put_be32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (24 - 8 * i));
}

static void put_syncsafe(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)((v >> (21 - 7 * i)) & 0x7f);
}

static uint32_t get_syncsafe(const unsigned char *p)
{
	return (uint32_t)p[0] << 21 | (uint32_t)p[1] << 14 | (uint32_t)p[2] << 7 | p[3];
}

/* Append an ID3v2.4 frame header (id, the body's size) to b, then the body. */
static void put_frame(bn_buf *b, const char *id, const bn_buf *body)
{
	unsigned char h[10] = {0};
	memcpy(h, id, 4);
	put_syncsafe(h + 4, (uint32_t)body->len);
	bn_buf_append(b, (const char *)h, 10);
	bn_buf_append(b, body->data ? body->data : "", body->len);
}

/* The CTOC frame listing the chapters in order, then a CHAP frame for each (start and end in
 * milliseconds, its title as a TIT2 subframe in UTF-8). */
static void chapter_frames(bn_buf *out, const bn_chapter *c, size_t n, int rate, uint64_t total)
{
	bn_buf body = BN_BUF_INIT, sub = BN_BUF_INIT;
	size_t listed = n > 255 ? 255 : n; /* a CTOC counts its entries in one byte */
	bn_buf_append(&body, "toc", 4);
	bn_buf_putc(&body, 0x03); /* top level, ordered */
	bn_buf_putc(&body, (char)listed);
	for (size_t i = 0; i < listed; i++)
		bn_buf_printf(&body, "ch%zu%c", i, '\0');
	put_frame(out, "CTOC", &body);
	for (size_t i = 0; i < n; i++) {
		uint64_t end = i + 1 < n ? c[i + 1].at : total;
		unsigned char t[16];
		put_be32(t, (uint32_t)(c[i].at * 1000 / (uint64_t)rate));
		put_be32(t + 4, (uint32_t)(end * 1000 / (uint64_t)rate));
		memset(t + 8, 0xff, 8); /* no byte offsets */
		bn_buf_truncate(&body, 0);
		bn_buf_printf(&body, "ch%zu%c", i, '\0');
		bn_buf_append(&body, (const char *)t, 16);
		bn_buf_truncate(&sub, 0);
		bn_buf_putc(&sub, 0x03); /* UTF-8 */
		bn_buf_puts(&sub, c[i].title);
		put_frame(&body, "TIT2", &sub);
		put_frame(out, "CHAP", &body);
	}
	if (body.failed || sub.failed)
		out->failed = 1;
	bn_buf_free(&body);
	bn_buf_free(&sub);
}

bn_status bn_id3_chapters(const char *path, const char *name, const bn_chapter *chapters, size_t n,
                          int rate, uint64_t total, bn_error *err)
{
	if (!n || rate <= 0)
		return BN_OK;
	int fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return bn_fail(err, BN_ERR_OUTPUT, "%s: cannot write its chapters: %s", name,
		               strerror(errno));
	/* The tag TagLib wrote (ID3v2.4 at the start), its frames without their padding. */
	unsigned char h[10];
	bn_buf frames = BN_BUF_INIT;
	off_t old = 0; /* bytes of the old tag, header included */
	if (pread(fd, h, 10, 0) == 10 && memcmp(h, "ID3", 3) == 0 && h[3] == 4 && !(h[5] & 0x10)) {
		uint32_t size = get_syncsafe(h + 6);
		old = 10 + (off_t)size;
		if (bn_buf_reserve(&frames, size) != 0 ||
		    pread(fd, frames.data, size, 10) != (ssize_t)size) {
			frames.failed = 1;
		} else {
			size_t at = 0; /* frames end where padding (zeros) starts */
			while (at + 10 <= size && frames.data[at] != 0)
				at += 10 + get_syncsafe((unsigned char *)frames.data + at + 4);
			frames.len = at <= size ? at : size;
		}
	}
	chapter_frames(&frames, chapters, n, rate, total);
	bn_buf_append(&frames, (const char[256]){0}, 256); /* padding, for later editors */
	bn_status st = BN_OK;
	if (frames.failed) {
		st = bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	} else {
		unsigned char nh[10] = {'I', 'D', '3', 4, 0, 0};
		put_syncsafe(nh + 6, (uint32_t)frames.len);
		off_t delta = 10 + (off_t)frames.len - old;
		if (delta < 0) { /* smaller than the old tag: more padding */
			while (delta < 0 && !frames.failed) {
				bn_buf_putc(&frames, 0);
				delta++;
			}
			put_syncsafe(nh + 6, (uint32_t)frames.len);
		}
		if (frames.failed || (delta > 0 && bn_move_tail(fd, old, delta) != 0) ||
		    pwrite(fd, nh, 10, 0) != 10 ||
		    pwrite(fd, frames.data, frames.len, 10) != (ssize_t)frames.len)
			st = bn_fail(err, BN_ERR_OUTPUT, "%s: cannot write its chapters: %s", name,
			             strerror(errno));
	}
	bn_buf_free(&frames);
	close(fd);
	return st;
}
