/* test_speak.c: the speaker and its synthesis engine. A sentence synthesised after others
 * differs from the same sentence synthesised first (the state eSpeak NG carries); through the
 * engine's workers, where every unit starts from the engine's warm state, it sounds exactly as
 * it did first, for any number of workers. Also: workers started again and again, and the
 * engine's failures. */
#include "unit.h"

#include "internal.h"
#include "speech.h"
#include "workers.h"

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

/* Samples gathered from one synthesis. */
typedef struct audio {
	int16_t *s;
	size_t n, cap;
} audio;

static int collect(const int16_t *samples, size_t count, void *user)
{
	audio *a = user;
	if (a->n + count > a->cap) {
		a->cap = (a->n + count) * 2;
		a->s = realloc(a->s, a->cap * sizeof *a->s);
		assert_non_null(a->s);
	}
	memcpy(a->s + a->n, samples, count * sizeof *samples);
	a->n += count;
	return 0;
}

static audio say(bn_speaker *sp, const char *text)
{
	audio a = {NULL, 0, 0};
	bn_error err;
	assert_int_equal(bn_speaker_say(sp, text, collect, &a, &err), BN_OK);
	assert_true(a.n > 0);
	return a;
}

static int same(const audio *a, const audio *b)
{
	return a->n == b->n && memcmp(a->s, b->s, a->n * sizeof *a->s) == 0;
}

static const char *sentence = "Hội đồng Bảo an Liên Hợp Quốc họp khẩn vào chiều nay.";
static const char *others[] = {
        "Thủ tướng nói chuyện với cử tri ở Hà Nội về giá điện, giá xăng và học phí.",
        "Các em học sinh dùng Facebook, Zalo và email để học trực tuyến mỗi ngày.",
        "Giá vàng tăng mạnh, có lúc vượt mốc năm mươi triệu đồng một lượng.",
};

/* Receive one sentence of unit u, waiting on the workers' pipes as a session does. */
static void receive(bn_workers *w, size_t u, audio *a)
{
	bn_error err;
	int ended = 0;
	for (;;) {
		size_t before = a->n;
		assert_int_equal(bn_workers_take(w, u, collect, a, &ended, &err), BN_OK);
		if (ended)
			return;
		if (a->n > before)
			continue; /* more may be there already */
		int fds[8];
		struct pollfd pfd[8];
		int n = bn_workers_watch(w, u, fds, 8);
		assert_true(n > 0);
		for (int i = 0; i < n; i++)
			pfd[i] = (struct pollfd){fds[i], POLLIN, 0};
		poll(pfd, (nfds_t)n, 1000);
		assert_int_equal(bn_workers_pump(w, u), 0);
	}
}

/* Synthesise units through workers: units[u] is a NULL-terminated list of sentences; the audio
 * of the last unit's sentences is returned. */
static audio through_workers(bn_speaker *sp, int jobs, const char *const *const *units, size_t n)
{
	bn_workers *w;
	bn_error err;
	assert_int_equal(bn_workers_new(sp, jobs, &w, &err), BN_OK);
	for (size_t u = 0; u < n; u++)
		for (size_t i = 0; units[u][i]; i++)
			assert_int_equal(bn_workers_queue(w, u, i == 0, units[u][i], &err), BN_OK);
	audio last = {NULL, 0, 0};
	for (size_t u = 0; u < n; u++)
		for (size_t i = 0; units[u][i]; i++) {
			audio a = {NULL, 0, 0};
			receive(w, u, &a);
			if (u + 1 == n) {
				free(last.s);
				last = a;
			} else {
				free(a.s);
			}
		}
	bn_workers_free(w);
	return last;
}

/* A speaker with the northern voice (its engine started). */
static bn_speaker *northern_speaker(void)
{
	bn_voice voice;
	bn_error err;
	assert_int_equal(bn_voice_load("northern", NULL, &voice, &err), BN_OK);
	bn_speaker *sp;
	assert_int_equal(bn_speaker_new(&voice, &sp, &err), BN_OK);
	return sp;
}

/* Every unit starts from the engine's warm state: the sentence sounds as it does first,
 * whatever units came before it (in another script too: eSpeak NG loads another language's
 * dictionary for it) and however many workers there are; in one process, it drifts. */
static void test_a_unit_sounds_the_same_wherever_it_falls(void **state)
{
	(void)state;
	bn_speaker *sp = northern_speaker();
	audio first = say(sp, sentence); /* in this process, eSpeak NG fresh */
	int drifted = 0;
	for (size_t i = 0; i < BN_ARRAY_LEN(others); i++) {
		audio other = say(sp, others[i]);
		free(other.s);
		audio after = say(sp, sentence);
		drifted |= !same(&first, &after);
		free(after.s);
	}
	assert_true(drifted); /* the test can fail */
	static const char *const before1[] = {"Thủ đô 서울 của Hàn Quốc.", "Москва, 北京.", NULL};
	static const char *const before2[] = {"Giá vàng tăng mạnh.", NULL};
	const char *const last[] = {sentence, NULL};
	const char *const o0[] = {others[0], others[1], NULL}, *const o1[] = {others[2], NULL};
	const char *const *const plan2[] = {o0, before1, o1, before2, last};
	for (int jobs = 1; jobs <= 3; jobs++) {
		audio a = through_workers(sp, jobs, plan2, BN_ARRAY_LEN(plan2));
		assert_true(same(&first, &a));
		free(a.s);
	}
	free(first.s);
	bn_speaker_free(sp);
	/* The engine is gone with its speaker: no child of ours is left. */
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
}

/* Workers stopped mid-sentence and started again, many times: each start is quick (lanes
 * forked in the engine, not a new engine) and the audio still right. */
static void test_workers_start_again(void **state)
{
	(void)state;
	bn_error err;
	bn_speaker *sp = northern_speaker();
	const char *const one[] = {sentence, NULL};
	const char *const *const plan[] = {one};
	audio ref = through_workers(sp, 1, plan, 1);
	for (int round = 0; round < 20; round++) {
		bn_workers *w;
		assert_int_equal(bn_workers_new(sp, 2, &w, &err), BN_OK);
		assert_int_equal(bn_workers_queue(w, 0, 1, others[0], &err), BN_OK);
		assert_int_equal(bn_workers_queue(w, 1, 1, others[1], &err), BN_OK);
		bn_workers_free(w); /* before any audio was read */
	}
	audio again = through_workers(sp, 2, plan, 1);
	assert_true(same(&ref, &again));
	free(ref.s);
	free(again.s);
	bn_speaker_free(sp);
}

/* A voice eSpeak NG does not have fails when the speaker is waited for, with the voice's name;
 * an engine that cannot be found fails at once, saying where it was looked for. */
static void test_engine_failures(void **state)
{
	(void)state;
	bn_voice voice;
	bn_error err;
	assert_int_equal(bn_voice_load("northern", NULL, &voice, &err), BN_OK);
	snprintf(voice.espeak, sizeof voice.espeak, "no-such-voice");
	bn_speaker *sp;
	assert_int_equal(bn_speaker_new(&voice, &sp, &err), BN_OK);
	assert_int_equal(bn_speaker_ready(sp, &err), BN_ERR_SPEECH);
	assert_non_null(strstr(err.message, "no voice 'no-such-voice'"));
	bn_workers *w = NULL;
	assert_int_equal(bn_workers_new(sp, 1, &w, &err), BN_ERR_SPEECH);
	assert_null(w);
	bn_speaker_free(sp);
	const char *saved = getenv("BAONOI_ENGINE");
	char *keep = saved ? strdup(saved) : NULL;
	setenv("BAONOI_ENGINE", "/nonexistent/baonoi-engine", 1);
	assert_int_equal(bn_voice_load("northern", NULL, &voice, &err), BN_OK);
	assert_int_equal(bn_speaker_new(&voice, &sp, &err), BN_ERR_SPEECH);
	assert_non_null(strstr(err.message, "/nonexistent/baonoi-engine"));
	if (keep)
		setenv("BAONOI_ENGINE", keep, 1);
	else
		unsetenv("BAONOI_ENGINE");
	free(keep);
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_a_unit_sounds_the_same_wherever_it_falls),
	        cmocka_unit_test(test_workers_start_again),
	        cmocka_unit_test(test_engine_failures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
