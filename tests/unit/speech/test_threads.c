/* test_threads.c: the library embedded in a program with threads. Four threads at once, each
 * with its own objects, run the whole path (a page read and extracted, sentences, normalizer,
 * speaker with its engine, workers, a WAV file; half the threads through bn_render, half
 * through a session stepped from their own poll loops): each file equals the one a single
 * thread made.
 * Run under ThreadSanitizer by `make tsan` and under helgrind by `make helgrind`. */
#include "unit.h"

#include <poll.h>
#include <pthread.h>
#include <unistd.h>

#define THREADS 4

static const char *page = UNIT_SHORT_PAGE;

typedef struct job {
	int index;
	int jobs;
	char path[256];
	bn_status status;
	char message[sizeof(((bn_error *)0)->message)];
} job;

/* Speak ss into sink through a session of the thread's own, stepped from a poll loop. */
static bn_status speak_in_session(const bn_sentences *ss, const bn_normalizer *nz,
                                  const bn_voice *voice, bn_speaker *sp, int jobs, bn_sink *sink,
                                  bn_error *err)
{
	bn_session_options so = {sizeof so, voice, jobs, 0, NULL, NULL};
	bn_session *s;
	bn_status st = bn_session_new(sp, nz, sink, &so, &s, err);
	if (st != BN_OK)
		return st;
	st = bn_session_speak(s, ss, err);
	while (st == BN_OK && !bn_session_written(s)) {
		struct pollfd pfd = {bn_session_fd(s), POLLIN, 0};
		poll(&pfd, 1, -1);
		st = bn_session_step(s, err);
	}
	bn_session_free(s);
	return st;
}

/* The whole path into job->path; job->status and message say how it went. */
static void *read_aloud(void *arg)
{
	job *j = arg;
	bn_error err = {BN_OK, ""};
	bn_document *doc = NULL;
	bn_article *a = NULL;
	bn_sentences *ss = NULL;
	bn_voice voice;
	bn_normalizer *nz = NULL;
	bn_speaker *sp = NULL;
	bn_workers *w = NULL;
	bn_sink *sink = NULL;
	bn_status st = bn_document_from_bytes("page", page, strlen(page), "text/html", &doc, &err);
	if (st == BN_OK)
		st = bn_extract(doc, NULL, &a, &err);
	if (st == BN_OK)
		st = bn_segment_article(a, &ss, &err);
	if (st == BN_OK)
		st = bn_voice_load("northern", NULL, &voice, &err);
	if (st == BN_OK)
		st = bn_normalizer_new(&voice, NULL, &nz, &err);
	if (st == BN_OK)
		st = bn_speaker_new(&voice, &sp, &err);
	int in_session = j->index % 2 == 1;
	if (st == BN_OK && !in_session)
		st = bn_workers_new(sp, j->jobs, &w, &err);
	if (st == BN_OK)
		st = bn_sink_open_file(j->path, bn_speaker_sample_rate(sp), &sink, &err);
	if (st == BN_OK) {
		bn_render_options ro = {sizeof ro, &voice, NULL, w, NULL, NULL};
		st = in_session ? speak_in_session(ss, nz, &voice, sp, j->jobs, sink, &err)
		                : bn_render(ss, nz, sp, sink, &ro, &err);
		if (st == BN_OK)
			st = bn_sink_close(sink, &err);
		else
			bn_sink_abort(sink);
	}
	bn_workers_free(w);
	bn_speaker_free(sp);
	bn_normalizer_free(nz);
	bn_sentences_free(ss);
	bn_article_free(a);
	bn_document_free(doc);
	j->status = st;
	snprintf(j->message, sizeof j->message, "%s", err.message);
	return NULL;
}

static void test_four_threads_at_once(void **state)
{
	(void)state;
	char dir[] = "/tmp/baonoi-threads-XXXXXX";
	assert_non_null(mkdtemp(dir));
	job ref = {0, 1, "", BN_OK, ""};
	snprintf(ref.path, sizeof ref.path, "%s/ref.wav", dir);
	read_aloud(&ref);
	if (ref.status != BN_OK)
		fail_msg("single thread: %s", ref.message);
	size_t ref_len;
	char *want = unit_read_file(ref.path, &ref_len);
	assert_true(ref_len > 44 + 22050); /* more than a second of speech */
	job jobs[THREADS];
	pthread_t t[THREADS];
	for (int i = 0; i < THREADS; i++) {
		jobs[i] = (job){i, 1 + i / 2, "", BN_OK, ""}; /* 1, 1, 2, 2 workers */
		snprintf(jobs[i].path, sizeof jobs[i].path, "%s/t%d.wav", dir, i);
		assert_int_equal(pthread_create(&t[i], NULL, read_aloud, &jobs[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	for (int i = 0; i < THREADS; i++) {
		if (jobs[i].status != BN_OK)
			fail_msg("thread %d: %s", i, jobs[i].message);
		size_t len;
		char *got = unit_read_file(jobs[i].path, &len);
		assert_int_equal(len, ref_len);
		assert_memory_equal(got, want, len);
		free(got);
		unlink(jobs[i].path);
	}
	free(want);
	unlink(ref.path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_four_threads_at_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
