/* test_sink.c: audio files written through the file sink read back with libsndfile: every
 * format, its samples or duration, and its tags; failures leave nothing behind. */
#include "unit.h"

#include <sndfile.h>
#include <sys/stat.h>
#include <unistd.h>

#define RATE 22050

/* A second of a 440 Hz-ish square wave, deterministic. */
static void make_tone(int16_t *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		s[i] = (int16_t)(((i / 25) % 2) ? 8000 : -8000);
}

static char dir[] = "/tmp/baonoi-sink-XXXXXX";

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[256];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd);
}

/* Write a second of tone to name with tags, then read it back. */
static void round_trip(const char *name, const char *format, int lossless)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	int16_t tone[RATE];
	make_tone(tone, RATE);
	bn_file_options o = {sizeof o,  format,       "Tiêu đề bài báo",
	                     "Tác giả", "2024-05-10", "https://x.vn/a"};
	bn_sink *sink = NULL;
	bn_error err;
	assert_int_equal(bn_sink_open_file_with(path, RATE, &o, &sink, &err), BN_OK);
	assert_int_equal(bn_sink_write(sink, tone, RATE, &err), BN_OK);
	assert_int_equal(bn_sink_close(sink, &err), BN_OK);
	SF_INFO info = {0};
	SNDFILE *sf = sf_open(path, SFM_READ, &info);
	assert_non_null(sf);
	assert_int_equal(info.channels, 1);
	assert_int_equal(info.samplerate, RATE);
	/* Lossy codecs pad a little; the duration stays within 5%. */
	assert_true(info.frames >= RATE * 95 / 100 && info.frames <= RATE * 105 / 100);
	if (lossless) {
		int16_t back[RATE];
		assert_int_equal(sf_read_short(sf, back, RATE), RATE);
		assert_memory_equal(back, tone, sizeof tone);
	}
	const char *title = sf_get_string(sf, SF_STR_TITLE);
	const char *artist = sf_get_string(sf, SF_STR_ARTIST);
	assert_non_null(title);
	assert_string_equal(title, "Tiêu đề bài báo");
	assert_non_null(artist);
	assert_string_equal(artist, "Tác giả");
	sf_close(sf);
}

static void test_wav(void **state)
{
	(void)state;
	round_trip("a.wav", NULL, 1);
}

static void test_flac(void **state)
{
	(void)state;
	round_trip("a.flac", NULL, 1);
}

static void test_ogg(void **state)
{
	(void)state;
	round_trip("a.ogg", NULL, 0);
}

static void test_mp3(void **state)
{
	(void)state;
	round_trip("a.mp3", NULL, 0);
}

static void test_forced_format(void **state)
{
	(void)state;
	round_trip("audio.bin", "flac", 1);
}

/* Paragraph marks become WAV cue points at the marked samples; the audio is unchanged. */
static void test_cue_points(void **state)
{
	(void)state;
	char path[512];
	snprintf(path, sizeof path, "%s/cues.wav", dir);
	int16_t tone[RATE];
	make_tone(tone, RATE);
	bn_file_options o = {sizeof o, NULL, "Tiêu đề", NULL, NULL, NULL};
	bn_sink *sink = NULL;
	bn_error err;
	assert_int_equal(bn_sink_open_file_with(path, RATE, &o, &sink, &err), BN_OK);
	bn_sink_mark(sink);
	assert_int_equal(bn_sink_write(sink, tone, RATE / 2, &err), BN_OK);
	bn_sink_mark(sink);
	assert_int_equal(bn_sink_write(sink, tone + RATE / 2, RATE / 2, &err), BN_OK);
	assert_int_equal(bn_sink_close(sink, &err), BN_OK);
	SF_INFO info = {0};
	SNDFILE *sf = sf_open(path, SFM_READ, &info);
	assert_non_null(sf);
	SF_CUES cues;
	assert_int_equal(sf_command(sf, SFC_GET_CUE, &cues, sizeof cues), SF_TRUE);
	assert_int_equal(cues.cue_count, 2);
	assert_int_equal(cues.cue_points[0].sample_offset, 0);
	assert_int_equal(cues.cue_points[1].sample_offset, RATE / 2);
	int16_t back[RATE];
	assert_int_equal(sf_read_short(sf, back, RATE), RATE);
	assert_memory_equal(back, tone, sizeof tone);
	assert_string_equal(sf_get_string(sf, SF_STR_TITLE), "Tiêu đề");
	sf_close(sf);
	char cmd[600];
	snprintf(cmd, sizeof cmd, "test \"$(ls -A '%s' | grep -c cues)\" = 1", dir);
	assert_int_equal(system(cmd), 0); /* no temporary left beside it */
}

/* Opus takes no 22,050 Hz audio: it is resampled to 24 kHz, a second stays a second. */
static void test_opus(void **state)
{
	(void)state;
	char path[512];
	snprintf(path, sizeof path, "%s/a.opus", dir);
	int16_t tone[RATE];
	make_tone(tone, RATE);
	bn_file_options o = {sizeof o, NULL, "Tiêu đề", "Tác giả", NULL, NULL};
	bn_sink *sink = NULL;
	bn_error err;
	assert_int_equal(bn_sink_open_file_with(path, RATE, &o, &sink, &err), BN_OK);
	for (int i = 0; i < 4; i++)
		assert_int_equal(bn_sink_write(sink, tone + i * RATE / 4, RATE / 4, &err), BN_OK);
	assert_int_equal(bn_sink_close(sink, &err), BN_OK);
	SF_INFO info = {0};
	SNDFILE *sf = sf_open(path, SFM_READ, &info);
	assert_non_null(sf);
	assert_int_equal(info.samplerate, 24000);
	assert_true(info.frames >= 24000 * 95 / 100 && info.frames <= 24000 * 110 / 100);
	assert_string_equal(sf_get_string(sf, SF_STR_TITLE), "Tiêu đề");
	sf_close(sf);
}

/* An unknown type is refused and leaves no file. */
static void test_refusals(void **state)
{
	(void)state;
	char path[512];
	bn_sink *sink = NULL;
	bn_error err;
	snprintf(path, sizeof path, "%s/a.xyz", dir);
	assert_int_equal(bn_sink_open_file(path, RATE, &sink, &err), BN_ERR_USAGE);
	assert_int_equal(access(path, F_OK), -1);
}

/* An aborted file, and a full device, leave nothing behind and say why. */
static void test_abort_and_full(void **state)
{
	(void)state;
	char path[512];
	int16_t tone[RATE];
	make_tone(tone, RATE);
	bn_sink *sink = NULL;
	bn_error err;
	snprintf(path, sizeof path, "%s/aborted.wav", dir);
	assert_int_equal(bn_sink_open_file(path, RATE, &sink, &err), BN_OK);
	assert_int_equal(bn_sink_write(sink, tone, RATE, &err), BN_OK);
	bn_sink_abort(sink);
	char cmd[600];
	snprintf(cmd, sizeof cmd, "test -z \"$(ls -A '%s' | grep aborted)\"", dir);
	assert_int_equal(system(cmd), 0);

	bn_status st = bn_sink_open_file("/dev/full", RATE, &sink, &err);
	if (st == BN_OK) {
		st = bn_sink_write(sink, tone, RATE, &err);
		if (st == BN_OK)
			st = bn_sink_close(sink, &err);
		else
			bn_sink_abort(sink);
	}
	assert_int_equal(st, BN_ERR_OUTPUT);
	assert_non_null(strstr(err.message, "No space left"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_wav),           cmocka_unit_test(test_flac),
	        cmocka_unit_test(test_ogg),           cmocka_unit_test(test_mp3),
	        cmocka_unit_test(test_forced_format), cmocka_unit_test(test_refusals),
	        cmocka_unit_test(test_opus),          cmocka_unit_test(test_abort_and_full),
	        cmocka_unit_test(test_cue_points),
	};
	return cmocka_run_group_tests_name("sink", tests, setup, teardown);
}
