/* timings.c: sentence timings as subtitles (WebVTT or SubRip), so that a listener or a
 * publisher's player can show and seek to each sentence. */
#include "buf.h"
#include "internal.h"
#include "pending.h"
#include "sink.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Append samples at rate as HH:MM:SS.mmm (sep '.') or HH:MM:SS,mmm (sep ','). */
static void put_time(bn_buf *b, uint64_t samples, int rate, char sep)
{
	uint64_t ms = (samples * 1000 + (uint64_t)rate / 2) / (uint64_t)rate;
	bn_buf_printf(b, "%02llu:%02llu:%02llu%c%03llu", (unsigned long long)(ms / 3600000),
	              (unsigned long long)(ms / 60000 % 60), (unsigned long long)(ms / 1000 % 60),
	              sep, (unsigned long long)(ms % 1000));
}

/* Append a cue's text for WebVTT, where &, < and > start markup: "AT&T" is "AT&amp;T", and no
 * "-->" can end the cue early. */
static void put_vtt_text(bn_buf *b, const char *text)
{
	for (const char *p = text; *p; p++) {
		switch (*p) {
		case '&': bn_buf_puts(b, "&amp;"); break;
		case '<': bn_buf_puts(b, "&lt;"); break;
		case '>': bn_buf_puts(b, "&gt;"); break;
		default: bn_buf_putc(b, *p); break;
		}
	}
}

/* Append a cue's text for SubRip, which has no escapes: its players read "-->" as a timing
 * and <b>, <i>, <font> as markup, so the page's '<' and '>' are written as the look-alike
 * '‹' and '›' and "-->" cannot appear. */
static void put_srt_text(bn_buf *b, const char *text)
{
	for (const char *p = text; *p; p++) {
		switch (*p) {
		case '<': bn_buf_puts(b, "‹"); break;
		case '>': bn_buf_puts(b, "›"); break;
		default: bn_buf_putc(b, *p); break;
		}
	}
}

bn_status bn_timings_prepare(const char *path, const bn_sentences *sentences,
                             const uint64_t *starts, const uint64_t *ends, int rate,
                             bn_pending *out, bn_error *err)
{
	int vtt = bn_ends_with_ci(path, ".vtt");
	if (!vtt && !bn_ends_with_ci(path, ".srt"))
		return bn_fail(err, BN_ERR_USAGE, "%s: timings are written as .vtt or .srt", path);
	bn_buf b = BN_BUF_INIT;
	if (vtt)
		bn_buf_puts(&b, "WEBVTT\n\n");
	for (size_t i = 0; i < sentences->count; i++) {
		bn_buf_printf(&b, "%zu\n", i + 1);
		put_time(&b, starts[i], rate, vtt ? '.' : ',');
		bn_buf_puts(&b, " --> ");
		put_time(&b, ends[i], rate, vtt ? '.' : ',');
		bn_buf_putc(&b, '\n');
		/* A cue's text ends at a blank line: the sentence is one line already. */
		if (vtt)
			put_vtt_text(&b, sentences->items[i].text);
		else
			put_srt_text(&b, sentences->items[i].text);
		bn_buf_puts(&b, "\n\n");
	}
	if (b.failed) {
		bn_buf_free(&b);
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	}
	bn_status st = BN_OK;
	if (bn_pending_open(out, path) != 0)
		st = bn_fail(err, BN_ERR_OUTPUT, "%s: cannot create: %s", path,
		             errno == EISDIR ? "it is a directory" : strerror(errno));
	else if (bn_write_all(out->fd, b.data, b.len) < 0) {
		st = bn_fail(err, BN_ERR_OUTPUT, "%s: cannot write: %s", path,
		             strerror(errno ? errno : EIO));
		bn_pending_abort(out);
	}
	bn_buf_free(&b);
	return st;
}

bn_status bn_timings_write(const char *path, const bn_sentences *sentences, const uint64_t *starts,
                           const uint64_t *ends, int rate, bn_error *err)
{
	bn_pending file;
	bn_status st = bn_timings_prepare(path, sentences, starts, ends, rate, &file, err);
	if (st == BN_OK && bn_pending_commit(&file) != 0)
		st = bn_fail(err, BN_ERR_OUTPUT, "%s: cannot put the finished file in place: %s",
		             path, strerror(errno));
	return st;
}
