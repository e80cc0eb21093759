/* reply.c: what sd_baonoi writes to the server, answers and events, each written whole under
 * one lock (the speech thread sends events while the main thread answers commands); audio
 * escaped as speech-dispatcher's module protocol asks (event 705); and the module's log. */
#include "sd.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *log_out;
static int log_max = 1;

void sd_reply_lock(void)
{
	pthread_mutex_lock(&out_lock);
}

void sd_reply_unlock(void)
{
	pthread_mutex_unlock(&out_lock);
}

void sd_reply_locked(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

void sd_reply(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sd_reply_lock();
	vfprintf(stdout, fmt, ap);
	fputc('\n', stdout);
	fflush(stdout);
	sd_reply_unlock();
	va_end(ap);
}

/* The protocol's escaping of binary data: a newline or the escape byte 0x7d is sent as 0x7d
 * followed by the byte with bit 5 flipped (as in HDLC), so that the data holds no newline. */
static void write_escaped(const unsigned char *p, size_t n)
{
	const unsigned char esc = 0x7d;
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] != '\n' && p[i] != esc)
			continue;
		fwrite(p + from, 1, i - from, stdout);
		fputc(esc, stdout);
		fputc(p[i] ^ 0x20, stdout);
		from = i + 1;
	}
	fwrite(p + from, 1, n - from, stdout);
}

int sd_reply_audio_locked(const int16_t *samples, size_t count, int rate)
{
	/* 16-bit samples in the machine's order; big_endian says which. */
	const uint16_t probe = 1;
	int big = *(const unsigned char *)&probe == 0;
	printf("705-bits=16\n705-num_channels=1\n705-sample_rate=%d\n705-num_samples=%zu\n"
	       "705-big_endian=%d\n705-AUDIO",
	       rate, count, big);
	fputc('\0', stdout);
	write_escaped((const unsigned char *)samples, count * sizeof *samples);
	fputs("\n705 AUDIO\n", stdout);
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : -1;
}

void sd_log_level(int level)
{
	log_max = level;
}

int sd_log_file(const char *path)
{
	FILE *f = path ? fopen(path, "a") : NULL;
	if (path && !f)
		return -1;
	pthread_mutex_lock(&log_lock);
	if (log_out && log_out != stderr)
		fclose(log_out);
	log_out = f;
	if (f)
		log_max = 5;
	pthread_mutex_unlock(&log_lock);
	return 0;
}

void sd_log(int level, const char *fmt, ...)
{
	if (level > log_max)
		return;
	va_list ap;
	va_start(ap, fmt);
	pthread_mutex_lock(&log_lock);
	FILE *f = log_out ? log_out : stderr;
	fputs("sd_baonoi: ", f);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
	fflush(f);
	pthread_mutex_unlock(&log_lock);
	va_end(ap);
}
