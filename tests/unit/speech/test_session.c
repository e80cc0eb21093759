/* test_session.c: the library embedded in a GLib main loop, as a GUI or a speech-dispatcher
 * module would embed it: a session's descriptor watched with g_unix_fd_add and a step taken
 * whenever it fires. The audio and timings equal bn_render's, into a file and through
 * PortAudio (ALSA's file plugin, set up in a private HOME); a new plan given while the first
 * is playing silences it; options of an unknown version are refused. */
#include "unit.h"

#include <glib-unix.h>
#include <glib.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *page = UNIT_SHORT_PAGE;

/* What every test speaks with. */
typedef struct fixture {
	char dir[64];
	bn_voice voice;
	bn_sentences *sentences;
	bn_normalizer *nz;
	bn_speaker *sp;
	int rate;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/baonoi-session-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	bn_error err;
	bn_document *doc;
	bn_article *a;
	assert_int_equal(
	        bn_document_from_bytes("page", page, strlen(page), "text/html", &doc, &err), BN_OK);
	assert_int_equal(bn_extract(doc, NULL, &a, &err), BN_OK);
	assert_int_equal(bn_segment_article(a, &f->sentences, &err), BN_OK);
	assert_true(f->sentences->count >= 4);
	assert_int_equal(bn_voice_load("northern", NULL, &f->voice, &err), BN_OK);
	assert_int_equal(bn_normalizer_new(&f->voice, NULL, &f->nz, &err), BN_OK);
	assert_int_equal(bn_speaker_new(&f->voice, &f->sp, &err), BN_OK);
	f->rate = bn_speaker_sample_rate(f->sp);
	bn_article_free(a);
	bn_document_free(doc);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	bn_speaker_free(f->sp);
	bn_normalizer_free(f->nz);
	bn_sentences_free(f->sentences);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

/* Sentence timings as they are reported. */
typedef struct timings {
	uint64_t start[64], end[64];
	size_t count;
} timings;

static void on_sentence(size_t i, uint64_t start, uint64_t end, void *user)
{
	timings *t = user;
	assert_true(i < 64);
	t->start[i] = start;
	t->end[i] = end;
	if (i + 1 > t->count)
		t->count = i + 1;
}

/* The reference: bn_render with its own workers into a raw file at path. */
static void render_raw(fixture *f, const bn_sentences *ss, const char *path, timings *t)
{
	bn_error err;
	bn_workers *w;
	bn_sink *sink;
	bn_file_options fo = {sizeof fo, "raw", NULL, NULL, NULL, NULL};
	assert_int_equal(bn_workers_new(f->sp, 2, &w, &err), BN_OK);
	assert_int_equal(bn_sink_open_file_with(path, f->rate, &fo, &sink, &err), BN_OK);
	bn_render_options ro = {sizeof ro, &f->voice, NULL, w, t ? on_sentence : NULL, t};
	assert_int_equal(bn_render(ss, f->nz, f->sp, sink, &ro, &err), BN_OK);
	assert_int_equal(bn_sink_close(sink, &err), BN_OK);
	bn_workers_free(w);
}

/* The host program's side: a GLib main loop stepping the session. */
typedef struct host {
	fixture *f;
	bn_session *session;
	GMainLoop *loop;
	bn_status status;
	bn_error err;
	size_t steps;
	const bn_sentences *then; /* a plan to give once the first sentence has been heard */
	int switched;
} host;

static gboolean on_session(gint fd, GIOCondition cond, gpointer user)
{
	(void)fd;
	(void)cond;
	host *h = user;
	h->steps++;
	h->status = bn_session_step(h->session, &h->err);
	if (h->status == BN_OK && h->then && !h->switched && bn_session_heard(h->session) >= 1 &&
	    bn_session_heard(h->session) != SIZE_MAX) {
		h->switched = 1;
		h->status = bn_session_speak(h->session, h->then, &h->err);
	}
	if (h->status != BN_OK || (bn_session_written(h->session) && (!h->then || h->switched))) {
		g_main_loop_quit(h->loop);
		return G_SOURCE_REMOVE;
	}
	return G_SOURCE_CONTINUE;
}

/* Speak ss into sink from a GLib main loop (then, if not NULL, once ss is first heard). */
static size_t speak_in_glib(fixture *f, bn_sink *sink, const bn_sentences *ss,
                            const bn_sentences *then, timings *t)
{
	host h = {f, NULL, g_main_loop_new(NULL, FALSE), BN_OK, {0, ""}, 0, then, 0};
	bn_session_options so = {sizeof so, &f->voice, 2, then ? 500 : 0, t ? on_sentence : NULL,
	                         t};
	assert_int_equal(bn_session_new(f->sp, f->nz, sink, &so, &h.session, &h.err), BN_OK);
	assert_int_equal(bn_session_speak(h.session, ss, &h.err), BN_OK);
	g_unix_fd_add(bn_session_fd(h.session), G_IO_IN, on_session, &h);
	g_main_loop_run(h.loop);
	if (h.status != BN_OK)
		fail_msg("session: %s", h.err.message);
	assert_true(bn_session_written(h.session));
	bn_session_free(h.session);
	g_main_loop_unref(h.loop);
	return h.steps;
}

/* The same audio and timings as bn_render, driven by GLib, into a file. */
static void test_glib_loop_into_a_file(void **state)
{
	fixture *f = *state;
	char want_path[128], got_path[128];
	snprintf(want_path, sizeof want_path, "%s/render.raw", f->dir);
	snprintf(got_path, sizeof got_path, "%s/session.raw", f->dir);
	timings want_t = {{0}, {0}, 0}, got_t = {{0}, {0}, 0};
	render_raw(f, f->sentences, want_path, &want_t);
	bn_error err;
	bn_sink *sink;
	bn_file_options fo = {sizeof fo, "raw", NULL, NULL, NULL, NULL};
	assert_int_equal(bn_sink_open_file_with(got_path, f->rate, &fo, &sink, &err), BN_OK);
	speak_in_glib(f, sink, f->sentences, NULL, &got_t);
	assert_int_equal(bn_sink_close(sink, &err), BN_OK);
	size_t want_len, got_len;
	char *want = unit_read_file(want_path, &want_len);
	char *got = unit_read_file(got_path, &got_len);
	assert_true(want_len > (size_t)f->rate * 2); /* a second of speech at least */
	assert_int_equal(got_len, want_len);
	assert_memory_equal(got, want, want_len);
	assert_int_equal(got_t.count, f->sentences->count);
	assert_memory_equal(got_t.start, want_t.start, sizeof want_t.start);
	assert_memory_equal(got_t.end, want_t.end, sizeof want_t.end);
	free(want);
	free(got);
}

/* Point ALSA's default device at a file, through a private HOME for the player. */
static char *capture_to_file(fixture *f, char *captured, size_t size)
{
	char home[128], rc[160];
	snprintf(home, sizeof home, "%s/home", f->dir);
	mkdir(home, 0700);
	snprintf(captured, size, "%s/captured.raw", f->dir);
	snprintf(rc, sizeof rc, "%s/.asoundrc", home);
	FILE *asoundrc = fopen(rc, "w");
	assert_non_null(asoundrc);
	fprintf(asoundrc,
	        "pcm.!default { type file slave.pcm \"null\" file \"%s\" format \"raw\" }\n",
	        captured);
	fclose(asoundrc);
	char *old = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	setenv("HOME", home, 1);
	return old;
}

static void restore_home(char *old)
{
	if (old)
		setenv("HOME", old, 1);
	else
		unsetenv("HOME");
	free(old);
}

/* Through PortAudio: what the device received equals bn_render's file. */
static void test_glib_loop_through_the_player(void **state)
{
	fixture *f = *state;
	char want_path[128], captured[128];
	snprintf(want_path, sizeof want_path, "%s/render.raw", f->dir);
	render_raw(f, f->sentences, want_path, NULL);
	char *old_home = capture_to_file(f, captured, sizeof captured);
	bn_error err;
	bn_sink *player;
	assert_int_equal(bn_sink_open_player(NULL, f->rate, NULL, &player, &err), BN_OK);
	speak_in_glib(f, player, f->sentences, NULL, NULL);
	if (bn_sink_close(player, &err) != BN_OK)
		fail_msg("player: %s", err.message);
	restore_home(old_home);
	size_t want_len, got_len;
	char *want = unit_read_file(want_path, &want_len);
	char *got = unit_read_file(captured, &got_len);
	assert_int_equal(got_len, want_len);
	assert_memory_equal(got, want, want_len);
	free(want);
	free(got);
}

/* A new plan while the first plays: the first is cut off (the device got less than all of
 * it) and the second is heard whole, to its last sample. */
static void test_a_new_plan_silences_the_old(void **state)
{
	fixture *f = *state;
	bn_sentences last = {&f->sentences->items[f->sentences->count - 1], 1};
	char all_path[128], last_path[128], captured[128];
	snprintf(all_path, sizeof all_path, "%s/all.raw", f->dir);
	snprintf(last_path, sizeof last_path, "%s/last.raw", f->dir);
	render_raw(f, f->sentences, all_path, NULL);
	render_raw(f, &last, last_path, NULL);
	char *old_home = capture_to_file(f, captured, sizeof captured);
	bn_error err;
	bn_sink *player;
	assert_int_equal(bn_sink_open_player(NULL, f->rate, NULL, &player, &err), BN_OK);
	speak_in_glib(f, player, f->sentences, &last, NULL);
	if (bn_sink_close(player, &err) != BN_OK)
		fail_msg("player: %s", err.message);
	restore_home(old_home);
	size_t all_len, last_len, got_len;
	char *all = unit_read_file(all_path, &all_len);
	char *tail = unit_read_file(last_path, &last_len);
	char *got = unit_read_file(captured, &got_len);
	assert_true(got_len >= last_len);
	assert_true(got_len < all_len); /* the first plan was cut off */
	assert_memory_equal(got + got_len - last_len, tail, last_len);
	free(all);
	free(tail);
	free(got);
}

/* Options from a caller built against another version of the structs: refused when too
 * short to hold the first version's fields; from a later version (longer, with fields this
 * library does not know), the known fields are read and the rest ignored. */
static void test_options_carry_their_size(void **state)
{
	fixture *f = *state;
	bn_error err;
	bn_session *s = NULL;
	bn_session_options so = {sizeof(size_t) + sizeof(void *), &f->voice, 1, 0, NULL, NULL};
	assert_int_equal(bn_session_new(f->sp, f->nz, NULL, &so, &s, &err), BN_ERR_USAGE);
	assert_null(s);
	assert_non_null(strstr(err.message, "version"));

	bn_document *doc = NULL;
	assert_int_equal(
	        bn_document_from_bytes("page", page, strlen(page), "text/html", &doc, &err), BN_OK);
	bn_article *a = NULL;
	bn_extract_options old_xo = {sizeof(size_t), 1};
	assert_int_equal(bn_extract(doc, &old_xo, &a, &err), BN_ERR_USAGE);
	assert_non_null(strstr(err.message, "page: extract options of an unknown version"));
	struct {
		bn_extract_options known;
		char later[32]; /* fields of a later version */
	} new_xo = {{sizeof new_xo, 1}, {1}};
	assert_int_equal(bn_extract(doc, &new_xo.known, &a, &err), BN_OK);
	bn_article_free(a);
	bn_document_free(doc);

	char path[128];
	snprintf(path, sizeof path, "%s/versions.wav", f->dir);
	bn_sink *sink = NULL;
	bn_file_options old_fo = {sizeof(size_t) + sizeof(char *), "raw", NULL, NULL, NULL, NULL};
	assert_int_equal(bn_sink_open_file_with(path, f->rate, &old_fo, &sink, &err), BN_ERR_USAGE);
	assert_null(sink);
	struct {
		bn_file_options known;
		char later[32];
	} new_fo = {{sizeof new_fo, "raw", NULL, NULL, NULL, NULL}, {1}};
	assert_int_equal(bn_sink_open_file_with(path, f->rate, &new_fo.known, &sink, &err), BN_OK);
	int16_t one = 1000;
	assert_int_equal(bn_sink_write(sink, &one, 1, &err), BN_OK);
	assert_int_equal(bn_sink_close(sink, &err), BN_OK);
	size_t len;
	free(unit_read_file(path, &len));
	assert_int_equal(len, sizeof one); /* raw, as the known field said: no WAV header */

	bn_fetch_options old_fetch = {0, 0, 0, 0, NULL, 0};
	bn_document *d2 = NULL;
	assert_int_equal(bn_fetch(path, &old_fetch, &d2, &err), BN_ERR_USAGE);
	assert_null(d2);
	bn_render_options old_ro = {1, NULL, NULL, NULL, NULL, NULL};
	assert_int_equal(bn_render(f->sentences, f->nz, f->sp, NULL, &old_ro, &err), BN_ERR_USAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_glib_loop_into_a_file),
	        cmocka_unit_test(test_glib_loop_through_the_player),
	        cmocka_unit_test(test_a_new_plan_silences_the_old),
	        cmocka_unit_test(test_options_carry_their_size),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
