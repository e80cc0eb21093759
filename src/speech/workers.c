/* workers.c: synthesis in worker processes. eSpeak NG keeps global state and is not
 * thread-safe, so parallel synthesis takes processes: each worker is forked from the caller
 * with its eSpeak NG already set up, and keeps a synthesis child that takes sentences (spoken
 * form) on a socket and streams back their samples on a pipe. The caller groups sentences into
 * units (a paragraph or so); each unit goes to the worker with the least text handed to it so
 * far (the one that will be free first: units differ in length, and taking turns left one of
 * two workers a fifth more text than the other on the example), and every unit starts from
 * the same saved eSpeak NG state; as each worker works through its units in order, the parent
 * reads each unit's audio from the worker it went to and the output keeps its order.
 *
 * Messages: a sentence is [uint32 length | NEW_UNIT][text]; its audio is chunks
 * [int32 n][n samples] ended by n = 0, or n = -1 then [uint32 length][message] on failure. */
#define _GNU_SOURCE /* F_SETPIPE_SZ */
#include "workers.h"
#include "internal.h"
#include "speech.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Audio held for a worker that is ahead of its turn: about 12 s, a unit or so (and half as
 * much again waits in its pipe). */
#define INBOX_LIMIT (1u << 19)

/* The length word's flag for a sentence that starts a unit (synthesised from a fresh state). */
#define NEW_UNIT 0x80000000u

/* The audio pipe from a worker (the kernel's default is 64 KB). */
#define RESULT_PIPE_SIZE (1 << 18)

/* Units in flight are at most n + 1 (bn_workers_can_queue): room for twice that. */
#define OWNER_SLOTS(n) (2 * (size_t)(n) + 2)

/* A synthesis child that has grown this much since it started is replaced (see worker_main). */
#define RENEW_GROWTH (1u << 20)

/* Audio read from a worker but not yet delivered: its sentences, in order. */
typedef struct inbox {
	char *data;
	size_t off, len, cap; /* unread bytes are data[off..len) */
	int closed;           /* the worker's pipe reached its end */
} inbox;

struct bn_workers {
	int n;
	pid_t *pid;
	int *job_fd;    /* parent writes sentences */
	int *result_fd; /* parent reads audio */
	inbox *in;      /* every worker's pipe is drained as it fills, so none waits on another */
	size_t *load;   /* bytes of spoken text handed to each worker so far */
	int *owner;     /* the worker of each unit in flight, at unit mod OWNER_SLOTS(n) */
	bn_speaker *speaker;
};

/* ---- the worker --------------------------------------------------------------------------- */

/* A sentence's audio on its way to the parent, gathered into large writes (a pipe write per
 * eSpeak NG chunk would cost more system time than the synthesis). */
typedef struct outbox {
	int fd;
	size_t len;
	int sent; /* something of this sentence has gone: the first chunk goes at once */
	char data[1 << 16];
} outbox;

static int flush_outbox(outbox *o)
{
	int rc = bn_write_all(o->fd, o->data, o->len);
	o->len = 0;
	return rc;
}

static int put_outbox(outbox *o, const void *p, size_t n)
{
	if (o->len + n > sizeof o->data && flush_outbox(o) < 0)
		return -1;
	if (n > sizeof o->data)
		return bn_write_all(o->fd, p, n);
	memcpy(o->data + o->len, p, n);
	o->len += n;
	return 0;
}

static int send_samples(const int16_t *samples, size_t count, void *user)
{
	outbox *o = user;
	int32_t n = (int32_t)count;
	return put_outbox(o, &n, sizeof n) < 0 ||
	       put_outbox(o, samples, count * sizeof *samples) < 0;
}

/* Read one sentence: 1 with *text (reallocated) and *new_unit set, 0 at the end of input. */
static int read_sentence(int fd, char **text, int *new_unit)
{
	uint32_t len;
	if (bn_read_all(fd, &len, sizeof len) < 0)
		return 0;
	*new_unit = (len & NEW_UNIT) != 0;
	len &= ~NEW_UNIT;
	char *t = realloc(*text, (size_t)len + 1);
	if (!t)
		return 0;
	*text = t;
	if (bn_read_all(fd, t, len) < 0)
		return 0;
	t[len] = '\0';
	return 1;
}

/* Resident memory of this process, in bytes (0 if unknown). */
static size_t resident_bytes(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	if (!f)
		return 0;
	unsigned long size = 0, resident = 0;
	int n = fscanf(f, "%lu %lu", &size, &resident);
	fclose(f);
	return n == 2 ? (size_t)resident * (size_t)sysconf(_SC_PAGESIZE) : 0;
}

/* The length word of the next sentence, left on the socket: 1 with *word, 0 at its end. */
static int peek_word(int fd, uint32_t *word)
{
	for (;;) {
		ssize_t r = recv(fd, word, sizeof *word, MSG_PEEK | MSG_WAITALL);
		if (r == (ssize_t)sizeof *word)
			return 1;
		if (r < 0 && errno == EINTR)
			continue;
		return 0;
	}
}

/* A synthesis child's life: synthesise each sentence that comes on job_fd into result_fd,
 * each unit from the state saved when the workers started. It leaves at the end of the input,
 * or at the start of a unit when the state cannot be restored or it has grown by
 * RENEW_GROWTH, leaving that unit on the socket for the next child. */
static void child_main(bn_speaker *speaker, int job_fd, int result_fd)
{
	static outbox out;
	out.fd = result_fd;
	char *text = NULL;
	size_t start = resident_bytes();
	uint32_t word;
	int new_unit, first = 1, restorable = 1;
	while (peek_word(job_fd, &word)) {
		if (word & NEW_UNIT) {
			if (!first && (!restorable || resident_bytes() > start + RENEW_GROWTH))
				break;
			bn_speaker_restore_state(speaker);
		}
		first = 0;
		if (!read_sentence(job_fd, &text, &new_unit))
			break;
		restorable = restorable && bn_speaker_restorable(text);
		bn_error err;
		bn_status st = bn_speaker_say(speaker, text, send_samples, &out, &err);
		int32_t end = st == BN_OK ? 0 : -1;
		if (put_outbox(&out, &end, sizeof end) < 0)
			break;
		if (st != BN_OK) {
			uint32_t mlen = (uint32_t)strlen(err.message);
			if (put_outbox(&out, &mlen, sizeof mlen) < 0 ||
			    put_outbox(&out, err.message, mlen) < 0)
				break;
		}
		if (flush_outbox(&out) < 0 || st != BN_OK)
			break;
		out.sent = 0;
	}
	free(text);
	_exit(0);
}

/* Whether the parent has closed the job socket (nothing more will come). */
static int jobs_ended(int job_fd)
{
	char c;
	ssize_t r;
	while ((r = recv(job_fd, &c, 1, MSG_PEEK | MSG_DONTWAIT)) < 0 && errno == EINTR)
		;
	return r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

/* A worker's life: keep a synthesis child at work until the parent closes the job socket.
 *
 * eSpeak NG carries state from one sentence to the next (its random generator, its pitch
 * flutter, and more), so that a unit would sound different after different units. Every
 * unit starts from the state saved before the workers were forked, which makes the audio
 * the same whatever the number of workers. Restoring that state abandons what eSpeak NG
 * allocated in the meantime, and after a unit in another script eSpeak NG has freed the
 * English dictionary the saved state points to (bn_speaker_restorable): after such a unit, or
 * once it has grown by RENEW_GROWTH, the child is replaced by a fresh one, forked from this
 * pristine worker. A child's exit status carries nothing (synthesis errors travel with the
 * audio); its death by a signal is passed on. */
static void worker_main(bn_speaker *speaker, int job_fd, int result_fd)
{
	/* The parent's handlers (terminal restoring, key wake-ups) are not the worker's. */
	static const int defaults[] = {SIGTERM, SIGHUP, SIGIO,   SIGSEGV, SIGBUS,
	                               SIGFPE,  SIGILL, SIGABRT, SIGQUIT, SIGPIPE};
	for (size_t i = 0; i < BN_ARRAY_LEN(defaults); i++)
		signal(defaults[i], SIG_DFL);
	signal(SIGINT, SIG_IGN); /* the parent decides when to stop */
	for (;;) {
		pid_t pid = fork();
		if (pid == 0)
			child_main(speaker, job_fd, result_fd);
		if (pid < 0)
			_exit(1);
		int status = 0;
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (WIFSIGNALED(status)) { /* the parent learns the signal, as if it were ours */
			signal(WTERMSIG(status), SIG_DFL);
			raise(WTERMSIG(status));
			_exit(1);
		}
		if (jobs_ended(job_fd))
			_exit(0);
	}
}

/* ---- the parent --------------------------------------------------------------------------- */

/* A unit ends at the first paragraph end past UNIT_CHARS, or at the first sentence end past
 * UNIT_MAX_CHARS: about a paragraph, so that the workers' shares stay even and the audio a
 * worker sends ahead of its turn fits in what the parent holds for it. */
#define UNIT_CHARS     150
#define UNIT_MAX_CHARS 600

int bn_workers_unit_starts(const bn_sentences *sentences, size_t i, size_t unit_chars)
{
	if (i == 0)
		return 1;
	if (unit_chars >= UNIT_MAX_CHARS)
		return 1;
	return unit_chars >= UNIT_CHARS && sentences->items[i].index == 0;
}

/* Free the workers' bookkeeping (not the processes). */
static void free_arrays(bn_workers *w)
{
	for (int i = 0; w->in && i < w->n; i++)
		free(w->in[i].data);
	free(w->in);
	free(w->load);
	free(w->owner);
	free(w->pid);
	free(w->job_fd);
	free(w->result_fd);
	free(w);
}

bn_status bn_workers_new(bn_speaker *speaker, int jobs, bn_workers **out, bn_error *err)
{
	*out = NULL;
	if (jobs < 1 || jobs > 64)
		return bn_fail(err, BN_ERR_USAGE, "%d synthesis workers: expected 1-64", jobs);
	/* The state every unit starts from: the speaker's, warmed up by bn_speaker_new (so no
	 * child repeats eSpeak NG's setting up), with the rate it has now. */
	bn_status saved = bn_speaker_save_state(speaker, err);
	if (saved != BN_OK)
		return saved;
	bn_workers *w = calloc(1, sizeof *w);
	if (!w)
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	w->speaker = speaker;
	w->pid = calloc((size_t)jobs, sizeof *w->pid);
	w->job_fd = calloc((size_t)jobs, sizeof *w->job_fd);
	w->result_fd = calloc((size_t)jobs, sizeof *w->result_fd);
	w->in = calloc((size_t)jobs, sizeof *w->in);
	w->load = calloc((size_t)jobs, sizeof *w->load);
	w->owner = calloc(OWNER_SLOTS(jobs), sizeof *w->owner);
	if (!w->pid || !w->job_fd || !w->result_fd || !w->in || !w->load || !w->owner) {
		bn_workers_free(w);
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	}
	for (int i = 0; i < jobs; i++) {
		int job[2], result[2];
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, job) < 0) {
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
		/* Room for a few of a worker's writes: with the default 64 KB, each write would
		 * wait for the parent, and the switching would cost more than the copying. */
		fcntl(result[0], F_SETPIPE_SZ, RESULT_PIPE_SIZE);
		pid_t pid = bn_fork_helper();
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
			/* The child keeps only its own two ends (not the other workers', nor a
			 * player's socket). */
			bn_close_other_fds(job[0], result[1]);
			setpgid(0, 0);
			free_arrays(w); /* the parent's: not the worker's to keep */
			worker_main(speaker, job[0], result[1]);
			_exit(0);
		}
		setpgid(pid, pid); /* as the child does: whichever runs first */
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
	/* Each worker leads a process group with its synthesis children: killing the group
	 * stops a child mid-sentence at once (a reader moving elsewhere does not wait). */
	for (int i = 0; i < w->n; i++) {
		close(w->job_fd[i]);
		close(w->result_fd[i]);
		if (w->pid[i] > 0)
			kill(-w->pid[i], SIGKILL);
	}
	for (int i = 0; i < w->n; i++)
		while (w->pid[i] > 0 && waitpid(w->pid[i], NULL, 0) < 0 && errno == EINTR)
			;
	free_arrays(w);
}

int bn_workers_can_queue(const bn_workers *w, size_t next_unit, size_t current_unit)
{
	return next_unit <= current_unit + (size_t)w->n;
}

bn_status bn_workers_queue(bn_workers *w, size_t unit, int new_unit, const char *spoken,
                           bn_error *err)
{
	size_t len = strlen(spoken);
	if (len >= NEW_UNIT)
		return bn_fail(err, BN_ERR_SPEECH, "a sentence is too long to synthesise");
	int *owner = &w->owner[unit % OWNER_SLOTS(w->n)];
	if (new_unit) { /* to the worker that will be free first */
		*owner = 0;
		for (int k = 1; k < w->n; k++)
			if (w->load[k] < w->load[*owner])
				*owner = k;
	}
	w->load[*owner] += len;
	int fd = w->job_fd[*owner];
	uint32_t word = (uint32_t)len | (new_unit ? NEW_UNIT : 0);
	if (bn_send_all(fd, &word, sizeof word) < 0 || bn_send_all(fd, spoken, len) < 0)
		return bn_fail(err, BN_ERR_SPEECH, "a synthesis worker stopped");
	return BN_OK;
}

/* Read what worker k has sent into its inbox. -1 when out of memory. */
static int fill_inbox(bn_workers *w, int k)
{
	inbox *in = &w->in[k];
	if (in->off > 0 && in->off == in->len)
		in->off = in->len = 0;
	if (in->cap - in->len < 65536) {
		if (in->off > 0) { /* reuse the delivered front */
			memmove(in->data, in->data + in->off, in->len - in->off);
			in->len -= in->off;
			in->off = 0;
		}
		if (in->cap - in->len < 65536) {
			size_t cap = in->cap ? 2 * in->cap : 131072;
			char *d = realloc(in->data, cap);
			if (!d)
				return -1;
			in->data = d;
			in->cap = cap;
		}
	}
	ssize_t r = read(w->result_fd[k], in->data + in->len, in->cap - in->len);
	if (r > 0)
		in->len += (size_t)r;
	else if (r == 0 || (errno != EINTR && errno != EAGAIN))
		in->closed = 1;
	return 0;
}

/* A worker's pipe ended before its audio: say how the worker ended, if it has. */
static bn_status worker_stopped(bn_workers *w, int k, bn_error *err)
{
	/* The pipe ends as the worker exits, a moment before it can be waited for: give it up
	 * to 100 ms to become so. */
	int status;
	pid_t r = 0;
	for (int tries = 0; tries < 100 && r == 0; tries++) {
		r = waitpid(w->pid[k], &status, WNOHANG);
		if (r == 0)
			nanosleep(&(struct timespec){0, 1000000}, NULL);
	}
	if (r == w->pid[k]) {
		w->pid[k] = -1; /* reaped: nothing left to kill or wait for */
		if (WIFSIGNALED(status))
			return bn_fail(err, BN_ERR_SPEECH,
			               "a synthesis worker was killed by signal %d",
			               WTERMSIG(status));
		return bn_fail(err, BN_ERR_SPEECH, "a synthesis worker stopped (status %d)",
		               WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	}
	return bn_fail(err, BN_ERR_SPEECH, "a synthesis worker stopped");
}

/* Wait until some worker has sent more, filling the inboxes; 1 when cancelled. Worker
 * `wanted` is always read; the others only while their inboxes hold less than INBOX_LIMIT
 * (beyond it they wait on their pipes: memory stays flat, at some cost in parallelism). */
static int wait_for_audio(bn_workers *w, int wanted, const volatile sig_atomic_t *cancel)
{
	struct pollfd fds[64];
	int map[64], nfds = 0;
	for (int k = 0; k < w->n && nfds < 64; k++)
		if (!w->in[k].closed &&
		    (k == wanted || w->in[k].len - w->in[k].off < INBOX_LIMIT)) {
			fds[nfds].fd = w->result_fd[k];
			fds[nfds].events = POLLIN;
			map[nfds++] = k;
		}
	if (nfds == 0)
		return 0;
	int r = poll(fds, (nfds_t)nfds, 20);
	if (cancel && *cancel)
		return 1;
	for (int i = 0; r > 0 && i < nfds; i++)
		if (fds[i].revents & (POLLIN | POLLHUP | POLLERR))
			if (fill_inbox(w, map[i]) < 0)
				w->in[map[i]].closed = 1;
	return 0;
}

bn_status bn_workers_receive(bn_workers *w, size_t unit, bn_pcm_fn fn, void *user,
                             const volatile sig_atomic_t *cancel, bn_error *err)
{
	int worker = w->owner[unit % OWNER_SLOTS(w->n)];
	inbox *in = &w->in[worker];
	for (;;) {
		size_t have = in->len - in->off;
		const char *p = in->data + in->off;
		int32_t n;
		if (have >= sizeof n) {
			memcpy(&n, p, sizeof n);
			if (n == 0) {
				in->off += sizeof n;
				return BN_OK;
			}
			if (n < 0 && have >= sizeof n + sizeof(uint32_t)) {
				uint32_t mlen;
				memcpy(&mlen, p + sizeof n, sizeof mlen);
				if (have >= sizeof n + sizeof mlen + mlen) {
					char msg[256];
					size_t m = mlen < sizeof msg - 1 ? mlen : sizeof msg - 1;
					memcpy(msg, p + sizeof n + sizeof mlen, m);
					msg[m] = '\0';
					in->off += sizeof n + sizeof mlen + mlen;
					return bn_fail(err, BN_ERR_SPEECH, "%s",
					               *msg ? msg : "synthesis failed");
				}
			} else if (n > 0 && have >= sizeof n + (size_t)n * sizeof(int16_t)) {
				/* Samples are copied out: the inbox's bytes need not be aligned. */
				int16_t chunk[4096];
				size_t left = (size_t)n;
				const char *q = p + sizeof n;
				while (left) {
					size_t k = left < BN_ARRAY_LEN(chunk) ? left
					                                      : BN_ARRAY_LEN(chunk);
					memcpy(chunk, q, k * sizeof *chunk);
					if (fn(chunk, k, user)) {
						in->off += sizeof n + (size_t)n * sizeof(int16_t);
						return bn_fail(err, BN_ERR_INTERRUPTED,
						               "interrupted");
					}
					q += k * sizeof *chunk;
					left -= k;
				}
				in->off += sizeof n + (size_t)n * sizeof(int16_t);
				continue;
			}
		}
		if (in->closed)
			return worker_stopped(w, worker, err);
		if (wait_for_audio(w, worker, cancel))
			return bn_fail(err, BN_ERR_INTERRUPTED, "interrupted");
	}
}
