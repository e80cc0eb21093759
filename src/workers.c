/* workers.c: synthesis in worker processes. eSpeak NG keeps global state and is not
 * thread-safe, so parallel synthesis takes processes: each worker is forked from the caller
 * with its eSpeak NG already set up, takes sentences (spoken form) on a pipe, and streams back
 * their samples on another. Sentence i goes to worker i mod N; as each worker works through
 * its sentences in order, the parent reads sentence i's audio from worker i mod N and the
 * output keeps its order.
 *
 * Messages: a sentence is [uint32 length][text]; its audio is chunks [int32 n][n samples]
 * ended by n = 0, or n = -1 then [uint32 length][message] on failure. */
#include "workers.h"
#include "internal.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Sentences queued ahead per worker: enough to keep it busy, few enough that the pipes never
 * fill (a spoken sentence is a few kilobytes at most). */
#define AHEAD_PER_WORKER 3

struct bn_workers {
	int n;
	pid_t *pid;
	int *job_fd;    /* parent writes sentences */
	int *result_fd; /* parent reads audio */
	bn_speaker *speaker;
};

static int write_all(int fd, const void *data, size_t n)
{
	const char *p = data;
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Read exactly n bytes; 0 on success, -1 on end of file or error; EINTR is retried unless
 * cancel is set. */
static int read_all(int fd, void *data, size_t n, const volatile sig_atomic_t *cancel)
{
	char *p = data;
	while (n) {
		ssize_t r = read(fd, p, n);
		if (r < 0 && errno == EINTR) {
			if (cancel && *cancel)
				return -1;
			continue;
		}
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* ---- the worker --------------------------------------------------------------------------- */

static int send_samples(const int16_t *samples, size_t count, void *user)
{
	int fd = *(int *)user;
	int32_t n = (int32_t)count;
	return write_all(fd, &n, sizeof n) < 0 ||
	       write_all(fd, samples, count * sizeof *samples) < 0;
}

/* A worker's life: synthesise each sentence that comes, until the parent closes the pipe. */
static void worker_main(bn_speaker *speaker, int job_fd, int result_fd)
{
	signal(SIGINT, SIG_IGN); /* the parent decides when to stop */
	signal(SIGPIPE, SIG_DFL);
	char *text = NULL;
	for (;;) {
		uint32_t len;
		if (read_all(job_fd, &len, sizeof len, NULL) < 0)
			break;
		char *t = realloc(text, (size_t)len + 1);
		if (!t)
			break;
		text = t;
		if (read_all(job_fd, text, len, NULL) < 0)
			break;
		text[len] = '\0';
		/* eSpeak NG carries state (its random generator among others) from one sentence
		 * to the next. Each sentence is synthesised in a child forked from this pristine
		 * worker, so that a sentence sounds the same whichever worker and whatever came
		 * before: the audio does not depend on the number of workers. */
		pid_t child = fork();
		if (child == 0) {
			bn_error err;
			bn_status st = bn_speaker_say(speaker, text, send_samples, &result_fd, &err);
			int32_t end = st == BN_OK ? 0 : -1;
			if (write_all(result_fd, &end, sizeof end) < 0)
				_exit(1);
			if (st != BN_OK) {
				uint32_t mlen = (uint32_t)strlen(err.message);
				if (write_all(result_fd, &mlen, sizeof mlen) < 0 ||
				    write_all(result_fd, err.message, mlen) < 0)
					_exit(1);
			}
			_exit(0);
		}
		int status = 1;
		while (child > 0 && waitpid(child, &status, 0) < 0 && errno == EINTR)
			;
		if (child < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			break;
	}
	free(text);
}

/* ---- the parent --------------------------------------------------------------------------- */

bn_status bn_workers_new(bn_speaker *speaker, int jobs, bn_workers **out, bn_error *err)
{
	*out = NULL;
	if (jobs < 1 || jobs > 64)
		return bn_fail(err, BN_ERR_USAGE, "--jobs %d: expected 1-64", jobs);
	bn_workers *w = calloc(1, sizeof *w);
	if (!w)
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	w->speaker = speaker;
	w->pid = calloc((size_t)jobs, sizeof *w->pid);
	w->job_fd = calloc((size_t)jobs, sizeof *w->job_fd);
	w->result_fd = calloc((size_t)jobs, sizeof *w->result_fd);
	if (!w->pid || !w->job_fd || !w->result_fd) {
		bn_workers_free(w);
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	}
	for (int i = 0; i < jobs; i++) {
		int job[2], result[2];
		if (pipe(job) < 0) {
			bn_workers_free(w);
			return bn_fail(err, BN_ERR_INTERNAL, "cannot start workers: %s",
			               strerror(errno));
		}
		if (pipe(result) < 0) {
			close(job[0]);
			close(job[1]);
			bn_workers_free(w);
			return bn_fail(err, BN_ERR_INTERNAL, "cannot start workers: %s",
			               strerror(errno));
		}
		pid_t pid = fork();
		if (pid < 0) {
			close(job[0]);
			close(job[1]);
			close(result[0]);
			close(result[1]);
			bn_workers_free(w);
			return bn_fail(err, BN_ERR_INTERNAL, "cannot start workers: %s",
			               strerror(errno));
		}
		if (pid == 0) {
			/* The child keeps only its own two ends. */
			for (int k = 0; k < w->n; k++) {
				close(w->job_fd[k]);
				close(w->result_fd[k]);
			}
			close(job[1]);
			close(result[0]);
			worker_main(speaker, job[0], result[1]);
			_exit(0);
		}
		close(job[0]);
		close(result[1]);
		w->pid[i] = pid;
		w->job_fd[i] = job[1];
		w->result_fd[i] = result[0];
		w->n++;
	}
	*out = w;
	return BN_OK;
}

void bn_workers_free(bn_workers *w)
{
	if (!w)
		return;
	/* Closing the pipes ends the workers: end of input, or SIGPIPE mid-sentence. */
	for (int i = 0; i < w->n; i++) {
		close(w->job_fd[i]);
		close(w->result_fd[i]);
	}
	for (int i = 0; i < w->n; i++)
		while (waitpid(w->pid[i], NULL, 0) < 0 && errno == EINTR)
			;
	free(w->pid);
	free(w->job_fd);
	free(w->result_fd);
	free(w);
}

int bn_workers_can_queue(const bn_workers *w, size_t next, size_t current)
{
	return next < current + (size_t)w->n * AHEAD_PER_WORKER;
}

bn_status bn_workers_queue(bn_workers *w, size_t index, const char *spoken, bn_error *err)
{
	int fd = w->job_fd[index % (size_t)w->n];
	uint32_t len = (uint32_t)strlen(spoken);
	if (write_all(fd, &len, sizeof len) < 0 || write_all(fd, spoken, len) < 0)
		return bn_fail(err, BN_ERR_SPEECH, "a synthesis worker stopped");
	return BN_OK;
}

bn_status bn_workers_receive(bn_workers *w, size_t index, bn_pcm_fn fn, void *user,
                             const volatile sig_atomic_t *cancel, bn_error *err)
{
	int fd = w->result_fd[index % (size_t)w->n];
	int16_t chunk[4096];
	for (;;) {
		int32_t n;
		if (read_all(fd, &n, sizeof n, cancel) < 0)
			return cancel && *cancel
			               ? bn_fail(err, BN_ERR_INTERRUPTED, "interrupted")
			               : bn_fail(err, BN_ERR_SPEECH, "a synthesis worker stopped");
		if (n == 0)
			return BN_OK;
		if (n < 0) {
			uint32_t mlen;
			char msg[256] = "";
			if (read_all(fd, &mlen, sizeof mlen, cancel) == 0 && mlen < sizeof msg)
				read_all(fd, msg, mlen, cancel);
			return bn_fail(err, BN_ERR_SPEECH, "%s", *msg ? msg : "synthesis failed");
		}
		/* Stream the chunk through in pieces. */
		size_t left = (size_t)n;
		while (left) {
			size_t k = left < BN_ARRAY_LEN(chunk) ? left : BN_ARRAY_LEN(chunk);
			if (read_all(fd, chunk, k * sizeof *chunk, cancel) < 0)
				return cancel && *cancel
				               ? bn_fail(err, BN_ERR_INTERRUPTED, "interrupted")
				               : bn_fail(err, BN_ERR_SPEECH,
				                         "a synthesis worker stopped");
			if (fn(chunk, k, user))
				return bn_fail(err, BN_ERR_INTERRUPTED, "interrupted");
			left -= k;
		}
	}
}
