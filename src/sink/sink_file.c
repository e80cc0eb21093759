/* sink_file.c: audio files through libsndfile. A file is written as a pending file in its
 * directory (pending.c: unnamed, or under a hidden name) and takes its name only when
 * complete, so that no half-written file is ever left; "-"
 * streams to standard output, through a virtual file that only appends when it is a pipe.
 * Writing a file starts its write-back as it goes (see start_writeback). */
#define _GNU_SOURCE /* sync_file_range */
#include "internal.h"
#include "pending.h"
#include "sink.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <samplerate.h>
#include <sndfile.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct file_sink {
	bn_sink base;
	SNDFILE *sf;
	char *path;      /* final name, or NULL for standard output */
	int has_file;    /* writing a file through file (not standard output or a device) */
	bn_pending file; /* the file until it is complete */
	/* Standard output as a stream: the write position and how far has gone out. */
	int fd;
	sf_count_t pos, end;
	int io_error;
	char why[256];    /* the reason for a failure, for its message (see reason) */
	int patch_header; /* a stream: a WAV header's sizes set to "unknown", no tags */
	/* MP3 files: their tags, written by TagLib once the audio is complete (bn_tag_mp3). */
	bn_file_options id3;
	char *id3_strings[4];
	/* WAV files: paragraph starts (bn_sink_mark), in samples, written as cue points. */
	SF_INFO info;
	sf_count_t written;
	uint32_t *marks;
	size_t nmarks, capmarks;
	/* Chapters (bn_sink_chapter): WAV cue labels, MP3 ID3v2 chapters. */
	bn_chapter *chapters;
	size_t nchapters;
	/* Files: samples gathered into large writes (libsndfile writes each call through). */
	int16_t pending[16384];
	size_t npending;
	/* How far the file's write-back has been started, and the samples written since. */
	off_t started;
	size_t unstarted;
	/* Opus takes 8-48 kHz codec rates only: eSpeak NG's 22,050 Hz is resampled for it. */
	SRC_STATE *src;
	double ratio;
} file_sink;

/* ---- standard output as an append-only virtual file --------------------------------------- */

static sf_count_t vio_length(void *user)
{
	return ((file_sink *)user)->end;
}

static sf_count_t vio_seek(sf_count_t offset, int whence, void *user)
{
	file_sink *fs = user;
	sf_count_t base = whence == SEEK_CUR ? fs->pos : whence == SEEK_END ? fs->end : 0;
	fs->pos = base + offset;
	return fs->pos;
}

static sf_count_t vio_read(void *ptr, sf_count_t count, void *user)
{
	(void)ptr;
	(void)count;
	(void)user;
	return 0;
}

static sf_count_t vio_tell(void *user)
{
	return ((file_sink *)user)->pos;
}

/* Appends go out; rewrites of what has gone (the header's final sizes) cannot, so the first
 * header goes out with the sizes set to "unknown" (0xFFFFFFFF), which readers accept for a
 * stream. */
static sf_count_t vio_write(const void *ptr, sf_count_t count, void *user)
{
	file_sink *fs = user;
	if (fs->pos < fs->end) {
		fs->pos += count;
		return count;
	}
	const unsigned char *p = ptr;
	unsigned char header[512];
	if (fs->patch_header && fs->pos == 0 && count >= 12 && count <= (sf_count_t)sizeof header &&
	    memcmp(p, "RIFF", 4) == 0) {
		memcpy(header, p, (size_t)count);
		memset(header + 4, 0xFF, 4);
		for (sf_count_t i = 12; i + 8 <= count; i++)
			if (memcmp(header + i, "data", 4) == 0) {
				memset(header + i + 4, 0xFF, 4);
				break;
			}
		p = header;
	}
	if (bn_write_all(fs->fd, p, (size_t)count) < 0) {
		fs->io_error = errno ? errno : EIO;
		return 0;
	}
	fs->pos += count;
	fs->end = fs->pos;
	return count;
}

/* ---- the sink ------------------------------------------------------------------------------ */

/* The formats baonoi writes: a name (also the file extension) and its libsndfile format. */
static const struct format {
	const char *name;
	int sf_format;
} formats[] = {
        {"wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16},
        {"flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16},
        {"ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS},
        {"oga", SF_FORMAT_OGG | SF_FORMAT_VORBIS},
        {"opus", SF_FORMAT_OGG | SF_FORMAT_OPUS},
        {"mp3", SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III},
        {"raw", SF_FORMAT_RAW | SF_FORMAT_PCM_16 | SF_ENDIAN_LITTLE},
        {"pcm", SF_FORMAT_RAW | SF_FORMAT_PCM_16 | SF_ENDIAN_LITTLE},
};

/* The libsndfile format named name, or for the extension of path; 0 when unknown. */
static int format_for(const char *name, const char *path)
{
	const char *dot = NULL;
	if (!name) {
		const char *slash = strrchr(path, '/');
		dot = strrchr(slash ? slash : path, '.');
		if (!dot)
			return 0;
		name = dot + 1;
	}
	for (size_t i = 0; i < BN_ARRAY_LEN(formats); i++)
		if (bn_ascii_casecmp(name, formats[i].name) == 0)
			return formats[i].sf_format;
	return 0;
}

static void free_sink(file_sink *fs)
{
	if (fs->src)
		src_delete(fs->src);
	free(fs->marks);
	for (size_t i = 0; i < fs->nchapters; i++)
		free(fs->chapters[i].title);
	free(fs->chapters);
	if (fs->fd > STDERR_FILENO)
		close(fs->fd);
	free(fs->path);
	if (fs->has_file)
		bn_pending_abort(&fs->file);
	for (size_t i = 0; i < BN_ARRAY_LEN(fs->id3_strings); i++)
		free(fs->id3_strings[i]);
	free(fs);
}

static const char *display_name(const file_sink *fs)
{
	return fs->path ? fs->path : "standard output";
}

/* Why a write failed: the error of our own writes if there was one, else libsndfile's
 * message in the words of the rest of baonoi's messages ("System error : No space left on
 * device." becomes "No space left on device"). */
static const char *reason(file_sink *fs, const char *sndfile_message)
{
	static const char prefix[] = "System error : ";
	if (fs->io_error)
		return strerror(fs->io_error);
	if (strncmp(sndfile_message, prefix, sizeof prefix - 1) == 0)
		sndfile_message += sizeof prefix - 1;
	snprintf(fs->why, sizeof fs->why, "%s", sndfile_message);
	size_t n = strlen(fs->why);
	if (n > 0 && fs->why[n - 1] == '.')
		fs->why[n - 1] = '\0';
	return fs->why;
}

/* Resample in to the file's rate and write it; end marks the end of the input (flush). */
static bn_status write_resampled(file_sink *fs, const int16_t *samples, size_t count, int end,
                                 bn_error *err)
{
	float in[2048], out[2048 * 3];
	do {
		size_t n = count < BN_ARRAY_LEN(in) ? count : BN_ARRAY_LEN(in);
		src_short_to_float_array(samples, in, (int)n);
		SRC_DATA d = {in, out, (long)n,           (long)BN_ARRAY_LEN(out),
		              0,  0,   end && n == count, fs->ratio};
		for (;;) {
			int e = src_process(fs->src, &d);
			if (e)
				return bn_fail(err, BN_ERR_OUTPUT, "%s: cannot resample: %s",
				               display_name(fs), src_strerror(e));
			if (d.output_frames_gen > 0 &&
			    sf_write_float(fs->sf, out, d.output_frames_gen) != d.output_frames_gen)
				return bn_fail(err, BN_ERR_OUTPUT, "%s: cannot write: %s",
				               display_name(fs), reason(fs, sf_strerror(fs->sf)));
			d.data_in += d.input_frames_used;
			d.input_frames -= d.input_frames_used;
			if (d.input_frames == 0 && (!d.end_of_input || d.output_frames_gen == 0))
				break;
		}
		samples += n;
		count -= n;
	} while (count);
	return BN_OK;
}

/* Write samples through libsndfile. */
static bn_status write_through(file_sink *fs, const int16_t *samples, size_t count, bn_error *err)
{
	while (count) {
		sf_count_t n = count > 65536 ? 65536 : (sf_count_t)count;
		if (sf_write_short(fs->sf, samples, n) != n || fs->io_error)
			return bn_fail(err, BN_ERR_OUTPUT, "%s: cannot write: %s", display_name(fs),
			               reason(fs, sf_strerror(fs->sf)));
		samples += n;
		count -= (size_t)n;
	}
	return BN_OK;
}

static bn_status flush_pending(file_sink *fs, bn_error *err)
{
	bn_status st = write_through(fs, fs->pending, fs->npending, err);
	fs->npending = 0;
	return st;
}

/* Start writing what the temporary file has gained to the disk, every WRITEBACK_SAMPLES
 * (1 MB of 16-bit audio), without waiting for it. Otherwise the whole file is still in memory
 * at the end, where ext4 writes it out in the rename that replaces an existing file (to
 * never leave an empty file after a crash): 2-3 ms at the end of a 3-minute WAV, a stall of
 * hundreds for a 5-hour one, and that much memory held dirty meanwhile. */
#define WRITEBACK_SAMPLES (1u << 19)

static void start_writeback(file_sink *fs, size_t count)
{
	fs->unstarted += count;
	if (!fs->has_file || fs->unstarted < WRITEBACK_SAMPLES)
		return;
	fs->unstarted = 0;
	off_t end = lseek(fs->file.fd, 0, SEEK_CUR);
	if (end > fs->started) /* advice: a failure here shows in the writes that follow */
		sync_file_range(fs->file.fd, fs->started, end - fs->started, SYNC_FILE_RANGE_WRITE);
	fs->started = end;
}

/* Files gather samples into large writes; a stream passes each on at once, for whoever
 * listens at the other end. */
static bn_status file_write(bn_sink *s, const int16_t *samples, size_t count, bn_error *err)
{
	file_sink *fs = (file_sink *)s;
	start_writeback(fs, count);
	fs->written += (sf_count_t)count;
	if (fs->src)
		return count ? write_resampled(fs, samples, count, 0, err) : BN_OK;
	if (!fs->has_file)
		return write_through(fs, samples, count, err);
	while (count) {
		size_t room = BN_ARRAY_LEN(fs->pending) - fs->npending;
		size_t n = count < room ? count : room;
		memcpy(fs->pending + fs->npending, samples, n * sizeof *samples);
		fs->npending += n;
		samples += n;
		count -= n;
		if (fs->npending == BN_ARRAY_LEN(fs->pending) && flush_pending(fs, err) != BN_OK)
			return err ? err->status : BN_ERR_OUTPUT;
	}
	return BN_OK;
}

/* Remember the position as a cue point (WAV files written under a temporary name only). */
static void file_mark(bn_sink *s)
{
	file_sink *fs = (file_sink *)s;
	if (!fs->has_file || (fs->info.format & SF_FORMAT_TYPEMASK) != SF_FORMAT_WAV ||
	    fs->written > (sf_count_t)UINT32_MAX ||
	    (fs->nmarks && fs->marks[fs->nmarks - 1] == (uint32_t)fs->written))
		return;
	if (fs->nmarks == fs->capmarks) {
		size_t cap = fs->capmarks ? 2 * fs->capmarks : 64;
		uint32_t *m = realloc(fs->marks, cap * sizeof *m);
		if (!m)
			return; /* cue points are a convenience: the audio goes on */
		fs->marks = m;
		fs->capmarks = cap;
	}
	fs->marks[fs->nmarks++] = (uint32_t)fs->written;
}

/* A chapter here: kept with its title (and, in a WAV file, a cue point); files written
 * under a temporary name only. */
static void file_chapter(bn_sink *s, const char *title)
{
	file_sink *fs = (file_sink *)s;
	if (!fs->has_file)
		return;
	bn_chapter *c = realloc(fs->chapters, (fs->nchapters + 1) * sizeof *c);
	if (!c)
		return; /* chapters are a convenience: the audio goes on */
	fs->chapters = c;
	c[fs->nchapters].at = (uint64_t)fs->written;
	if (!(c[fs->nchapters].title = strdup(title ? title : "")))
		return;
	fs->nchapters++;
	file_mark(s);
}

/* Store v little-endian at p. */
static void put_le32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* libsndfile takes cue points only before the audio, and the paragraph starts are known only
 * after it: append a RIFF "cue " chunk to the finished file and grow the RIFF size in its
 * header to match. */
static bn_status append_cues(file_sink *fs, bn_error *err)
{
	int fd = fs->file.fd;
	size_t size = 12 + 24 * fs->nmarks;
	unsigned char *chunk = calloc(1, size);
	off_t end = lseek(fd, 0, SEEK_END);
	int ok = chunk && end >= 12 && end % 2 == 0 && (uint64_t)end + size - 8 <= UINT32_MAX;
	if (ok) {
		memcpy(chunk, "cue ", 4);
		put_le32(chunk + 4, (uint32_t)(size - 8));
		put_le32(chunk + 8, (uint32_t)fs->nmarks);
		for (size_t i = 0; i < fs->nmarks; i++) {
			unsigned char *c = chunk + 12 + 24 * i;
			put_le32(c, (uint32_t)(i + 1)); /* identifier */
			put_le32(c + 4, fs->marks[i]);  /* position */
			memcpy(c + 8, "data", 4);       /* in the data chunk */
			put_le32(c + 20, fs->marks[i]); /* sample offset */
		}
		ok = bn_write_all(fd, chunk, size) == 0;
	}
	/* The chapters' titles: a LIST "adtl" chunk of "labl" entries naming their cue points
	 * (players and ffprobe show them as the chapters' titles). */
	size_t labels = 0;
	for (size_t i = 0; ok && i < fs->nchapters; i++)
		labels += 12 + (strlen(fs->chapters[i].title) + 2) / 2 * 2;
	if (ok && labels) {
		free(chunk);
		size_t lsize = 12 + labels;
		chunk = calloc(1, lsize);
		ok = chunk && (uint64_t)end + size + lsize - 8 <= UINT32_MAX;
		if (ok) {
			memcpy(chunk, "LIST", 4);
			put_le32(chunk + 4, (uint32_t)(lsize - 8));
			memcpy(chunk + 8, "adtl", 4);
			unsigned char *c = chunk + 12;
			for (size_t i = 0; i < fs->nchapters; i++) {
				size_t id = 0, n = strlen(fs->chapters[i].title) + 1;
				while (id < fs->nmarks && fs->marks[id] != fs->chapters[i].at)
					id++;
				memcpy(c, "labl", 4);
				put_le32(c + 4, (uint32_t)(4 + n));
				put_le32(c + 8, (uint32_t)(id + 1));
				memcpy(c + 12, fs->chapters[i].title, n);
				c += 12 + (n + 1) / 2 * 2;
			}
			ok = bn_write_all(fd, chunk, lsize) == 0;
			size += lsize;
		}
	}
	if (ok) {
		unsigned char riff[4];
		put_le32(riff, (uint32_t)((uint64_t)end + size - 8));
		ok = pwrite(fd, riff, 4, 4) == 4;
	}
	free(chunk);
	int e = errno;
	if (!ok)
		return bn_fail(err, BN_ERR_OUTPUT, "%s: cannot write cue points: %s", fs->path,
		               strerror(e));
	return BN_OK;
}

static void file_abort(bn_sink *s)
{
	file_sink *fs = (file_sink *)s;
	sf_close(fs->sf);
	free_sink(fs); /* drops the unfinished file */
}

static bn_status file_close(bn_sink *s, bn_error *err)
{
	file_sink *fs = (file_sink *)s;
	bn_status flushed = fs->src ? write_resampled(fs, NULL, 0, 1, err) : flush_pending(fs, err);
	if (flushed != BN_OK) {
		file_abort(s);
		return flushed;
	}
	int rc = sf_close(fs->sf);
	fs->sf = NULL;
	bn_status st = BN_OK;
	if (rc != 0 || fs->io_error)
		st = bn_fail(err, BN_ERR_OUTPUT, "%s: cannot write: %s", display_name(fs),
		             reason(fs, sf_error_number(rc)));
	else if (fs->has_file && fs->nmarks)
		st = append_cues(fs, err);
	/* TagLib opens files by name: the file gets its hidden one first. */
	if (st == BN_OK && fs->has_file &&
	    (fs->info.format & SF_FORMAT_TYPEMASK) == SF_FORMAT_MPEG) {
		if (bn_pending_name(&fs->file) != 0)
			st = bn_fail(err, BN_ERR_OUTPUT, "%s: cannot write: %s", fs->path,
			             strerror(errno));
		else
			st = bn_tag_mp3(fs->file.tmp, fs->path, &fs->id3, err);
		if (st == BN_OK && fs->nchapters)
			st = bn_id3_chapters(fs->file.tmp, fs->path, fs->chapters, fs->nchapters,
			                     fs->info.samplerate, (uint64_t)fs->written, err);
	}
	if (st == BN_OK && fs->has_file && fs->nchapters &&
	    (fs->info.format & SF_FORMAT_TYPEMASK) == SF_FORMAT_OGG) {
		int in_rate = fs->src ? (int)(fs->info.samplerate / fs->ratio + 0.5)
		                      : fs->info.samplerate;
		if (bn_pending_name(&fs->file) != 0)
			st = bn_fail(err, BN_ERR_OUTPUT, "%s: cannot write: %s", fs->path,
			             strerror(errno));
		else
			st = bn_ogg_chapters(fs->file.tmp, fs->path, fs->chapters, fs->nchapters,
			                     in_rate, err);
	}
	if (st == BN_OK && fs->has_file) {
		if (bn_pending_commit(&fs->file) != 0)
			st = bn_fail(err, BN_ERR_OUTPUT,
			             "%s: cannot put the finished file in place: %s", fs->path,
			             strerror(errno));
		fs->has_file = 0; /* committed, or dropped by the failed commit */
	}
	free_sink(fs); /* a file still pending here is dropped */
	return st;
}

static const bn_sink_ops file_ops = {file_write, file_close, file_abort,  file_mark,
                                     NULL,       NULL,       NULL,        NULL,
                                     NULL,       NULL,       file_chapter};

/* Open standard output: directly when it is a regular file, as a stream otherwise. */
/* libsndfile keeps the error of a failed open in a global (and writes it on every open): opens
 * are serialised, for a library called from several threads. The open's failure goes into
 * why. fd < 0: through the virtual I/O (user is the sink). */
static pthread_mutex_t sf_open_lock = PTHREAD_MUTEX_INITIALIZER;

static SNDFILE *open_sndfile(int fd, int close_desc, SF_INFO *info, file_sink *user, char *why,
                             size_t whylen)
{
	static SF_VIRTUAL_IO vio = {vio_length, vio_seek, vio_read, vio_write, vio_tell};
	pthread_mutex_lock(&sf_open_lock);
	SNDFILE *sf = fd >= 0 ? sf_open_fd(fd, SFM_WRITE, info, close_desc)
	                      : sf_open_virtual(&vio, SFM_WRITE, info, user);
	if (!sf)
		snprintf(why, whylen, "%s", sf_strerror(NULL));
	pthread_mutex_unlock(&sf_open_lock);
	return sf;
}

static bn_status open_stdout(file_sink *fs, SF_INFO *info, bn_error *err)
{
	if (isatty(STDOUT_FILENO))
		return bn_fail(err, BN_ERR_USAGE,
		               "-: standard output is a terminal: refusing to write audio to it");
	struct stat st;
	char why[256];
	fs->fd = STDOUT_FILENO;
	if (fstat(STDOUT_FILENO, &st) == 0 && S_ISREG(st.st_mode) &&
	    lseek(STDOUT_FILENO, 0, SEEK_CUR) == 0) {
		fs->sf = open_sndfile(STDOUT_FILENO, 0, info, fs, why, sizeof why);
	} else {
		fs->patch_header = 1; /* a stream: also no tags, see below */
		fs->sf = open_sndfile(-1, 0, info, fs, why, sizeof why);
	}
	if (!fs->sf)
		return bn_fail(err, BN_ERR_OUTPUT, "standard output: cannot write audio: %s",
		               reason(fs, why));
	return BN_OK;
}

/* Open the file as a pending file in path's directory (pending.c), with the permissions a
 * new file would get. */
static bn_status open_pending(file_sink *fs, const char *path, SF_INFO *info, bn_error *err)
{
	fs->path = bn_strndup(path, strlen(path));
	if (!fs->path)
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	if (bn_pending_open(&fs->file, path) != 0)
		return bn_fail(err, BN_ERR_OUTPUT, "%s: cannot create: %s", path,
		               errno == EISDIR ? "it is a directory" : strerror(errno));
	fs->has_file = 1;
	/* libsndfile closes its own descriptor; the file stays open here until it is put in
	 * place. */
	int fd = fcntl(fs->file.fd, F_DUPFD_CLOEXEC, 0);
	char why[256];
	snprintf(why, sizeof why, "%s", strerror(errno));
	fs->sf = fd >= 0 ? open_sndfile(fd, 1, info, fs, why, sizeof why) : NULL;
	if (!fs->sf) {
		if (fd >= 0)
			close(fd);
		return bn_fail(err, BN_ERR_OUTPUT, "%s: cannot write audio: %s", path,
		               reason(fs, why));
	}
	return BN_OK;
}

/* Write straight to a path that is not a regular file (/dev/null, a FIFO): no temporary. */
static bn_status open_device(file_sink *fs, const char *path, SF_INFO *info, bn_error *err)
{
	fs->path = bn_strndup(path, strlen(path));
	if (!fs->path)
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return bn_fail(err, BN_ERR_OUTPUT, "%s: cannot open: %s", path, strerror(errno));
	fs->fd = fd;
	fs->patch_header = 1;
	char why[256];
	fs->sf = open_sndfile(-1, 0, info, fs, why, sizeof why);
	if (!fs->sf) {
		close(fd);
		fs->fd = -1;
		return bn_fail(err, BN_ERR_OUTPUT, "%s: cannot write audio: %s", path,
		               reason(fs, why));
	}
	return BN_OK;
}

/* Tags where the format keeps them (WAV INFO, Vorbis comments, ID3 in MP3). */
static void write_tags(SNDFILE *sf, const bn_file_options *o)
{
	if (!o)
		return;
	if (o->title)
		sf_set_string(sf, SF_STR_TITLE, o->title);
	if (o->artist)
		sf_set_string(sf, SF_STR_ARTIST, o->artist);
	if (o->date)
		sf_set_string(sf, SF_STR_DATE, o->date);
	if (o->comment)
		sf_set_string(sf, SF_STR_COMMENT, o->comment);
	sf_set_string(sf, SF_STR_SOFTWARE, "baonoi " BN_VERSION);
}

/* Keep copies of an MP3 file's tags for bn_tag_mp3; -1 when out of memory. */
static int keep_id3(file_sink *fs, const bn_file_options *o)
{
	const char *from[4] = {o->title, o->artist, o->date, o->comment};
	const char **to[4] = {&fs->id3.title, &fs->id3.artist, &fs->id3.date, &fs->id3.comment};
	for (size_t i = 0; i < 4; i++) {
		if (!from[i])
			continue;
		fs->id3_strings[i] = bn_strndup(from[i], strlen(from[i]));
		if (!fs->id3_strings[i])
			return -1;
		*to[i] = fs->id3_strings[i];
	}
	return 0;
}

bn_status bn_sink_open_file_with(const char *path, int sample_rate, const bn_file_options *o,
                                 bn_sink **out, bn_error *err)
{
	*out = NULL;
	bn_file_options given;
	if (bn_options_copy(&given, sizeof given, o, BN_OPTIONS_V1(bn_file_options, comment)) != 0)
		return bn_fail(err, BN_ERR_USAGE, "%s: file options of an unknown version", path);
	o = &given;
	int is_stdout = strcmp(path, "-") == 0;
	const char *name = o->format;
	struct stat st;
	int is_device =
	        !is_stdout && stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
	int format = format_for(name ? name : (is_stdout ? "wav" : NULL), path);
	if (!format && !name && is_device)
		format = format_for("wav", path); /* /dev/null and FIFOs take WAV */
	if (!format)
		return bn_fail(
		        err, BN_ERR_USAGE,
		        name ? "%s: unknown audio format '%s' (wav, flac, ogg, opus, mp3, raw)"
		             : "%s: unknown audio file type%s (known: .wav, .flac, .ogg, .opus, "
		               ".mp3)",
		        path, name ? name : "");
	int file_rate = sample_rate;
	if ((format & SF_FORMAT_SUBMASK) == SF_FORMAT_OPUS && sample_rate != 8000 &&
	    sample_rate != 12000 && sample_rate != 16000 && sample_rate != 24000 &&
	    sample_rate != 48000)
		file_rate = 24000; /* the nearest rate Opus takes above the voice's */
	SF_INFO info = {0};
	info.samplerate = file_rate;
	info.channels = 1;
	info.format = format;
	if (!sf_format_check(&info))
		return bn_fail(err, BN_ERR_USAGE, "%s: this libsndfile cannot write that format",
		               path);
	file_sink *fs = calloc(1, sizeof *fs);
	if (!fs)
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	fs->base.ops = &file_ops;
	fs->fd = -1;
	if (file_rate != sample_rate) {
		int e = 0;
		fs->src = src_new(SRC_SINC_MEDIUM_QUALITY, 1, &e);
		fs->ratio = (double)file_rate / sample_rate;
		if (!fs->src) {
			free(fs);
			return bn_fail(err, BN_ERR_INTERNAL, "%s: cannot resample: %s", path,
			               src_strerror(e));
		}
	}
	bn_status status;
	if (is_stdout)
		status = open_stdout(fs, &info, err);
	else if (is_device)
		status = open_device(fs, path, &info, err);
	else
		status = open_pending(fs, path, &info, err);
	if (status != BN_OK) {
		free_sink(fs);
		return status;
	}
	/* Tags go after the audio in a WAV: a stream, whose sizes are unknown, would play them
	 * as noise. An MP3 file's are written by TagLib at the end. */
	if ((format & SF_FORMAT_TYPEMASK) == SF_FORMAT_MPEG) {
		/* An ASCII software name only: libsndfile's MP3 writer reads strings it never set
		 * when given none (valgrind: uninitialised), and TagLib keeps this one. */
		sf_set_string(fs->sf, SF_STR_SOFTWARE, "baonoi " BN_VERSION);
		if (o && fs->has_file && keep_id3(fs, o) < 0) {
			file_abort(&fs->base);
			return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
		}
	} else if (!fs->patch_header) {
		write_tags(fs->sf, o);
	}
	fs->info = info;
	*out = &fs->base;
	return BN_OK;
}

bn_status bn_sink_open_file(const char *path, int sample_rate, bn_sink **out, bn_error *err)
{
	return bn_sink_open_file_with(path, sample_rate, NULL, out, err);
}
