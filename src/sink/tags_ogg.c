/* tags_ogg.c: chapters in Ogg Vorbis and Ogg Opus files, as the Vorbis comments players and
 * ffprobe read (CHAPTER001=00:01:02.500, CHAPTER001NAME=title). libsndfile writes the comment
 * header itself and takes no such comment: the finished file's header pages are rebuilt with
 * the chapters added, the audio moved in blocks when they grow, and every later page given
 * its new sequence number and checksum. */
#include "buf.h"
#include "internal.h"
#include "sink.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PAGE_MAX (27 + 255 + 255 * 255)

/* Ogg's CRC-32: polynomial 0x04c11db7, not reflected, starting at 0. */
static uint32_t ogg_crc(const unsigned char *p, size_t n)
{
	static uint32_t table[256];
	if (!table[1])
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t r = i << 24;
			for (int k = 0; k < 8; k++)
				r = r & 0x80000000u ? (r << 1) ^ 0x04c11db7u : r << 1;
			table[i] = r;
		}
	uint32_t crc = 0;
	for (size_t i = 0; i < n; i++)
		crc = (crc << 8) ^ table[((crc >> 24) ^ p[i]) & 0xff];
	return crc;
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* Read the page at offset at into page (PAGE_MAX bytes); its length, or 0 when there is none. */
static size_t read_page(int fd, off_t at, unsigned char *page)
{
	if (pread(fd, page, 27, at) != 27 || memcmp(page, "OggS", 4) != 0)
		return 0;
	size_t nseg = page[26];
	if (pread(fd, page + 27, nseg, at + 27) != (ssize_t)nseg)
		return 0;
	size_t body = 0;
	for (size_t i = 0; i < nseg; i++)
		body += page[27 + i];
	size_t len = 27 + nseg + body;
	return pread(fd, page + 27 + nseg, body, at + 27 + (off_t)nseg) == (ssize_t)body ? len : 0;
}

/* Append pages holding the packets (in order, one after another) to out: header pages
 * (granule 0), sequence numbers from seq, the serial of the stream. */
static void page_packets(bn_buf *out, const bn_buf *packets, const size_t *ends, size_t n,
                         uint32_t serial, uint32_t *seq)
{
	size_t at = 0, k = 0; /* position in packets; the packet it is in */
	int continued = 0;
	while (k < n) {
		unsigned char lacing[255];
		size_t nseg = 0, body = 0, start = at;
		while (k < n && nseg < 255) {
			size_t left = ends[k] - at;
			size_t seg = left < 255 ? left : 255;
			lacing[nseg++] = (unsigned char)seg;
			at += seg;
			body += seg;
			if (seg < 255) /* the packet ends here (a 0 after a 255 ends one too) */
				k++;
		}
		unsigned char h[27] = {'O', 'g', 'g', 'S', 0, (unsigned char)(continued ? 1 : 0)};
		put_le32(h + 14, serial);
		put_le32(h + 18, (*seq)++);
		h[26] = (unsigned char)nseg;
		size_t page_at = out->len;
		bn_buf_append(out, (const char *)h, 27);
		bn_buf_append(out, (const char *)lacing, nseg);
		bn_buf_append(out, packets->data + start, body);
		if (!out->failed)
			put_le32((unsigned char *)out->data + page_at + 22,
			         ogg_crc((unsigned char *)out->data + page_at, 27 + nseg + body));
		continued = k < n && at > (k ? ends[k - 1] : 0);
	}
}

/* The comment packet with the chapters' comments added (after the existing ones; Vorbis's
 * framing bit kept at its end). 0, or -1 when it is not a comment packet. */
static int add_chapters(bn_buf *out, const unsigned char *p, size_t n, int vorbis,
                        const bn_chapter *c, size_t nc, int rate)
{
	size_t magic = vorbis ? 7 : 8;
	if (n < magic + 8)
		return -1;
	size_t at = magic + 4 + le32(p + magic);
	if (at + 4 > n || at < magic)
		return -1;
	uint32_t count = le32(p + at);
	size_t list = at + 4;
	for (uint32_t i = 0; i < count; i++) {
		if (list + 4 > n || le32(p + list) > n - list - 4)
			return -1;
		list += 4 + le32(p + list);
	}
	bn_buf_append(out, (const char *)p, at); /* magic and vendor */
	unsigned char v[4];
	put_le32(v, count + 2 * (uint32_t)nc);
	bn_buf_append(out, (const char *)v, 4);
	bn_buf_append(out, (const char *)p + at + 4, list - at - 4);
	for (size_t i = 0; i < nc; i++) {
		uint64_t ms = c[i].at * 1000 / (uint64_t)rate;
		char text[64];
		int len = snprintf(
		        text, sizeof text, "CHAPTER%03zu=%02llu:%02llu:%02llu.%03llu", i + 1,
		        (unsigned long long)(ms / 3600000), (unsigned long long)(ms / 60000 % 60),
		        (unsigned long long)(ms / 1000 % 60), (unsigned long long)(ms % 1000));
		put_le32(v, (uint32_t)len);
		bn_buf_append(out, (const char *)v, 4);
		bn_buf_append(out, text, (size_t)len);
		bn_buf b = BN_BUF_INIT;
		bn_buf_printf(&b, "CHAPTER%03zuNAME=%s", i + 1, c[i].title);
		put_le32(v, (uint32_t)b.len);
		bn_buf_append(out, (const char *)v, 4);
		bn_buf_append(out, b.data ? b.data : "", b.len);
		out->failed |= b.failed;
		bn_buf_free(&b);
	}
	bn_buf_append(out, (const char *)p + list, n - list); /* Vorbis's framing bit */
	return 0;
}

bn_status bn_ogg_chapters(const char *path, const char *name, const bn_chapter *chapters, size_t n,
                          int rate, bn_error *err)
{
	if (!n || rate <= 0)
		return BN_OK;
	int fd = open(path, O_RDWR | O_CLOEXEC);
	unsigned char *page = malloc(PAGE_MAX);
	bn_buf packets = BN_BUF_INIT, pages = BN_BUF_INIT;
	size_t ends[3];
	size_t npackets = 0, want = 0;
	off_t at = 0, first_len = 0;
	uint32_t serial = 0;
	int ok = fd >= 0 && page;
	/* The header packets: Opus has 2 (head, tags), Vorbis 3 (identification, comment,
	 * setup); they end on a page boundary, where the audio begins. */
	while (ok && (npackets < want || !want)) {
		size_t len = read_page(fd, at, page);
		if (!len) {
			ok = 0;
			break;
		}
		if (at == 0) {
			size_t body = len - 27 - page[26];
			const unsigned char *b = page + 27 + page[26];
			want = body >= 8 && memcmp(b, "OpusHead", 8) == 0     ? 2
			       : body >= 7 && memcmp(b, "\x01vorbis", 7) == 0 ? 3
			                                                      : 0;
			serial = le32(page + 14);
			first_len = (off_t)len;
			ok = want != 0;
		}
		size_t off = 27 + page[26];
		for (size_t s = 0; ok && s < page[26]; s++) {
			bn_buf_append(&packets, (const char *)page + off, page[27 + s]);
			off += page[27 + s];
			if (page[27 + s] < 255) {
				if (npackets >= 3) {
					ok = 0;
					break;
				}
				ends[npackets++] = packets.len;
			}
		}
		at += (off_t)len;
	}
	off_t audio = at; /* where the audio pages begin */
	if (ok && npackets == want) {
		/* Rebuild packets 1.. (comment, and Vorbis's setup) with the chapters added. */
		size_t c0 = ends[0], c1 = ends[1];
		bn_buf rest = BN_BUF_INIT;
		ok = add_chapters(&rest, (unsigned char *)packets.data + c0, c1 - c0, want == 3,
		                  chapters, n, rate) == 0;
		size_t rends[2] = {rest.len, 0};
		if (ok && want == 3) {
			bn_buf_append(&rest, packets.data + c1, ends[2] - c1);
			rends[1] = rest.len;
		}
		uint32_t seq = 1;
		if (ok)
			page_packets(&pages, &rest, rends, want - 1, serial, &seq);
		ok = ok && !pages.failed && !rest.failed;
		bn_buf_free(&rest);
		/* Put the new header pages in place of the old, moving the audio. */
		off_t delta = ok ? first_len + (off_t)pages.len - audio : 0;
		if (ok && delta != 0)
			ok = bn_move_tail(fd, audio, delta) == 0;
		if (ok)
			ok = pwrite(fd, pages.data, pages.len, first_len) == (ssize_t)pages.len;
		/* The audio pages: their sequence numbers follow, their checksums anew. */
		for (off_t p = audio + delta; ok;) {
			size_t len = read_page(fd, p, page);
			if (!len)
				break;
			if (le32(page + 14) == serial) {
				put_le32(page + 18, seq++);
				put_le32(page + 22, 0);
				put_le32(page + 22, ogg_crc(page, len));
				ok = pwrite(fd, page, 27, p) == 27;
			}
			p += (off_t)len;
		}
	} else {
		ok = 0;
	}
	int e = errno;
	bn_buf_free(&packets);
	bn_buf_free(&pages);
	free(page);
	if (fd >= 0)
		close(fd);
	if (!ok)
		return bn_fail(err, BN_ERR_OUTPUT, "%s: cannot write its chapters%s%s", name,
		               e ? ": " : "", e ? strerror(e) : "");
	return BN_OK;
}
