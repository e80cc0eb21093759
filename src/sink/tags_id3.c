/* tags_id3.c: tags of MP3 files, written with TagLib as ID3v2.4 with UTF-8 text, which every
 * player reads back as written (libsndfile's own ID3 tags declare Latin-1 and hold UTF-8, so
 * "Việt Nam" shows as "Viá»t Nam"). The date becomes the year frame (TDRC), as tags keep it. */
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
