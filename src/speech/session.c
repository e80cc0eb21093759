/* session.c: speaking a plan of sentences into a sink, one non-blocking step at a time, so
 * that any event loop can drive it (bn_session_fd, bn_session_step): the scheduling of
 * synthesis and playback in one place. A step hands units (about a paragraph of sentences,
 * in spoken form) to the workers a bounded number ahead, takes the audio of the sentence
 * being written as it arrives, writes it into the sink while the sink takes it (and, for a
 * player, while it stays within ahead_ms of what has been played), with the voice's pauses
 * after the title, headings and paragraphs, and reports each sentence's place in the audio.
 * What the step waits for next is what the session's descriptor (an epoll set) watches: the
 * workers' audio pipes, the player's socket, and a timer for playback moving on. */
#define _GNU_SOURCE
#include "internal.h"
#include "sink.h"
#include "speech.h"
#include "workers.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

/* A sample louder than this (about -50 dB) is sound rather than silence. */
#define ONSET_LEVEL 100

/* The most descriptors watched at once: the workers' pipes and the sink's. */
#define MAX_WATCHED 66

/* What the last step is waiting for. */
typedef enum waiting { WAIT_NOTHING, WAIT_WORKERS, WAIT_SINK, WAIT_PLAYBACK } waiting;

struct bn_session {
	bn_speaker *speaker;
	const bn_normalizer *nz;
	bn_sink *sink;
	bn_voice voice;
	int has_voice;
	int jobs;            /* workers the session starts and stops with each plan; 0: none (the
	                      * caller's, or synthesis in this process) */
	bn_workers *workers; /* NULL: synthesis in this process */
	uint64_t ahead;      /* samples a player may be ahead of what it has played; 0: any */
	bn_sentence_fn on_sentence;
	void *user;
	int rate;
	int epfd, timerfd;
	int watched[MAX_WATCHED]; /* descriptors in the epoll set now, beside the timer */
	uint32_t watched_events[MAX_WATCHED];
	int nwatched;
	/* The plan being spoken. */
	const bn_sentences *plan;
	size_t *unit_of; /* each sentence's unit */
	uint64_t *ends;  /* where each written sentence's audio ends */
	size_t queued;   /* sentences handed to the workers */
	size_t item;     /* the sentence being written */
	int begun;       /* its audio has begun (its paragraph mark is placed) */
	int ended;       /* all its audio is taken (in stage or in the sink) */
	uint64_t written, start, onset;
	size_t silence; /* samples of pause still to write */
	int16_t *stage; /* audio taken from synthesis, not yet in the sink */
	size_t stage_off, stage_len, stage_cap;
	waiting waits;
};

/* ---- the descriptor: an epoll set ------------------------------------------------------------ */

static void unwatch_all(bn_session *s)
{
	for (int i = 0; i < s->nwatched; i++)
		epoll_ctl(s->epfd, EPOLL_CTL_DEL, s->watched[i], NULL);
	s->nwatched = 0;
}

/* Make the epoll set watch exactly fds (events each) besides the timer, changing only what
 * differs from what it watches now. */
static void watch(bn_session *s, const int *fds, const uint32_t *events, int n)
{
	for (int k = 0; k < s->nwatched;) { /* no longer wanted, or wanted otherwise */
		int i = 0;
		while (i < n && fds[i] != s->watched[k])
			i++;
		if (i < n && events[i] == s->watched_events[k]) {
			k++;
			continue;
		}
		epoll_ctl(s->epfd, EPOLL_CTL_DEL, s->watched[k], NULL);
		s->nwatched--;
		s->watched[k] = s->watched[s->nwatched];
		s->watched_events[k] = s->watched_events[s->nwatched];
	}
	for (int i = 0; i < n && s->nwatched < MAX_WATCHED; i++) {
		int k = 0;
		while (k < s->nwatched && s->watched[k] != fds[i])
			k++;
		if (k < s->nwatched)
			continue; /* already watched so */
		struct epoll_event ev = {.events = events[i], .data.fd = fds[i]};
		if (epoll_ctl(s->epfd, EPOLL_CTL_ADD, fds[i], &ev) == 0) {
			s->watched[s->nwatched] = fds[i];
			s->watched_events[s->nwatched++] = events[i];
		}
	}
}

/* Wake the caller's loop in ms milliseconds (0: never). */
static void arm_timer(bn_session *s, long ms)
{
	struct itimerspec t = {{0, 0}, {ms / 1000, (ms % 1000) * 1000000L}};
	timerfd_settime(s->timerfd, 0, &t, NULL);
}

/* ---- the plan -------------------------------------------------------------------------------- */

/* Where the workers' units begin: unit_of[i] is sentence i's unit; NULL when out of memory. */
static size_t *number_units(const bn_sentences *sentences)
{
	size_t *unit_of = malloc((sentences->count + 1) * sizeof *unit_of);
	if (!unit_of)
		return NULL;
	size_t unit = 0, chars = 0;
	for (size_t i = 0; i < sentences->count; i++) {
		if (i > 0 && bn_workers_unit_starts(sentences, i, chars)) {
			unit++;
			chars = 0;
		}
		unit_of[i] = unit;
		chars += strlen(sentences->items[i].text);
	}
	return unit_of;
}

/* Forget the plan and stop synthesis (the sink is left as it is). */
static void drop_plan(bn_session *s)
{
	unwatch_all(s);
	arm_timer(s, 0);
	if (s->jobs > 0) {
		bn_workers_free(s->workers);
		s->workers = NULL;
	}
	free(s->unit_of);
	free(s->ends);
	s->unit_of = NULL;
	s->ends = NULL;
	s->plan = NULL;
	s->queued = s->item = 0;
	s->begun = s->ended = 0;
	s->silence = 0;
	s->stage_off = s->stage_len = 0;
	s->waits = WAIT_NOTHING;
}

/* The silence after sentence i: the voice's pause where a block ends, none after the last. */
static size_t pause_after(const bn_session *s, size_t i)
{
	const bn_sentences *p = s->plan;
	const bn_sentence *sen = &p->items[i];
	if (!s->has_voice || i + 1 >= p->count || p->items[i + 1].block == sen->block)
		return 0;
	int heading = sen->type == BN_BLOCK_TITLE || sen->type == BN_BLOCK_HEADING;
	int ms = heading ? s->voice.pause_heading : s->voice.pause_paragraph;
	return ms > 0 ? (size_t)s->rate * (size_t)ms / 1000 : 0;
}

/* Keep the workers busy with the units ahead of the one being written; while a player is
 * still opening its device, only with the unit to be heard first: the others would take the
 * CPU the player's start-up needs (on two cores, the first sound came ~7 ms later). */
static bn_status queue_ahead(bn_session *s, bn_error *err)
{
	const bn_sentences *p = s->plan;
	size_t current = s->unit_of[s->item];
	while (s->queued < p->count &&
	       bn_workers_can_queue(s->workers, s->unit_of[s->queued], current) &&
	       (s->unit_of[s->queued] <= current || !bn_sink_opening(s->sink))) {
		size_t q = s->queued;
		char *spoken = bn_normalize_sentence(s->nz, &p->items[q]);
		if (!spoken)
			return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
		int first = q == 0 || s->unit_of[q] != s->unit_of[q - 1];
		bn_status st = bn_workers_queue(s->workers, s->unit_of[q], first, spoken, err);
		free(spoken);
		if (st != BN_OK)
			return st;
		s->queued++;
	}
	return BN_OK;
}

/* Synthesis hands its samples here: into the stage, to be written as the sink takes them. */
static int to_stage(const int16_t *samples, size_t count, void *user)
{
	bn_session *s = user;
	if (s->stage_off == s->stage_len)
		s->stage_off = s->stage_len = 0;
	if (s->stage_cap - s->stage_len < count) {
		size_t cap = s->stage_cap ? s->stage_cap : 8192;
		while (cap - s->stage_len < count)
			cap *= 2;
		int16_t *grown = realloc(s->stage, cap * sizeof *grown);
		if (!grown)
			return 1;
		s->stage = grown;
		s->stage_cap = cap;
	}
	memcpy(s->stage + s->stage_len, samples, count * sizeof *samples);
	s->stage_len += count;
	return 0;
}

/* Take more of the current sentence's audio into the stage; 0 when none has arrived. */
static int take_audio(bn_session *s, bn_status *st, bn_error *err)
{
	size_t before = s->stage_len - s->stage_off;
	if (s->workers) {
		*st = bn_workers_take(s->workers, s->unit_of[s->item], to_stage, s, &s->ended, err);
	} else {
		char *spoken = bn_normalize_sentence(s->nz, &s->plan->items[s->item]);
		*st = spoken ? bn_speaker_say(s->speaker, spoken, to_stage, s, err)
		             : bn_fail(err, BN_ERR_INTERNAL, "out of memory");
		free(spoken);
		s->ended = 1;
	}
	if (*st == BN_ERR_INTERRUPTED) /* only to_stage stops synthesis */
		*st = bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	return s->ended || s->stage_len - s->stage_off > before;
}

/* How many more samples the sink may take now: a player no more than `ahead` beyond what it
 * has played. */
static uint64_t room(const bn_session *s)
{
	if (!s->ahead || !bn_sink_plays(s->sink))
		return UINT64_MAX;
	uint64_t limit = bn_sink_played(s->sink) + s->ahead;
	return s->written < limit ? limit - s->written : 0;
}

/* Write up to n samples (NULL: silence) into the sink; 0 when the sink took fewer. */
static int put(bn_session *s, const int16_t *samples, size_t n, size_t *taken, bn_status *st,
               bn_error *err)
{
	static const int16_t zeros[2048];
	*taken = 0;
	while (*taken < n) {
		size_t want = n - *taken, got = 0;
		const int16_t *from = samples ? samples + *taken : zeros;
		if (!samples && want > BN_ARRAY_LEN(zeros))
			want = BN_ARRAY_LEN(zeros);
		*st = bn_sink_write_some(s->sink, from, want, &got, err);
		if (samples && s->onset == UINT64_MAX)
			for (size_t i = 0; i < got; i++)
				if (from[i] > ONSET_LEVEL || from[i] < -ONSET_LEVEL) {
					s->onset = s->written + i;
					break;
				}
		s->written += got;
		*taken += got;
		if (*st != BN_OK || got < want)
			return 0;
	}
	return 1;
}

/* The current sentence is in the sink: report it, then its pause, then the next one. */
static void finish_sentence(bn_session *s)
{
	size_t i = s->item;
	s->ends[i] = s->written;
	if (s->on_sentence)
		s->on_sentence(i, s->onset < s->written ? s->onset : s->start, s->written, s->user);
	s->silence = pause_after(s, i);
	s->item++;
	s->begun = s->ended = 0;
}

/* Write what can be written now; sets what it waits for. */
static bn_status advance(bn_session *s, bn_error *err)
{
	bn_status st = BN_OK;
	while (s->item < s->plan->count || s->silence) {
		if (s->workers && s->item < s->plan->count && (st = queue_ahead(s, err)) != BN_OK)
			return st;
		uint64_t free_room = room(s);
		if (free_room == 0) {
			s->waits = WAIT_PLAYBACK;
			return BN_OK;
		}
		size_t staged = s->stage_len - s->stage_off, taken;
		if (staged || s->silence) {
			size_t *left = staged ? &staged : &s->silence;
			size_t n = *left < free_room ? *left : (size_t)free_room;
			int all = put(s, staged ? s->stage + s->stage_off : NULL, n, &taken, &st,
			              err);
			if (staged)
				s->stage_off += taken;
			else
				s->silence -= taken;
			if (st != BN_OK)
				return st;
			if (!all) {
				s->waits = WAIT_SINK;
				return BN_OK;
			}
			continue;
		}
		if (s->ended) {
			finish_sentence(s);
			continue;
		}
		if (s->item >= s->plan->count)
			break;
		if (!s->begun) {
			const bn_sentence *sen = &s->plan->items[s->item];
			if (sen->block >= 1 && sen->index == 0)
				bn_sink_mark(s->sink); /* a paragraph starts */
			s->begun = 1;
			s->start = s->written;
			s->onset = UINT64_MAX;
		}
		if (!take_audio(s, &st, err)) {
			if (st != BN_OK)
				return st;
			if (s->workers && bn_workers_pump(s->workers, s->unit_of[s->item]) < 0)
				return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
			if (!take_audio(s, &st, err)) {
				s->waits = WAIT_WORKERS;
				return st;
			}
		}
		if (st != BN_OK)
			return st;
	}
	s->waits = WAIT_NOTHING;
	return BN_OK;
}

/* The first written sentence whose audio ends beyond `heard` samples; s->item (the one being
 * written) when there is none. */
static size_t first_unheard(const bn_session *s, uint64_t heard)
{
	size_t i = 0;
	while (i < s->item && s->ends[i] <= heard)
		i++;
	return i;
}

/* Milliseconds until playback reaches the next sentence's end, for a caller following what
 * is heard; 0 when nothing written is left to hear. */
static long until_next_heard(const bn_session *s)
{
	if (!bn_sink_plays(s->sink) || !s->plan)
		return 0;
	uint64_t heard = bn_sink_heard(s->sink);
	size_t i = first_unheard(s, heard);
	if (i < s->item)
		return (long)((s->ends[i] - heard) * 1000 / (uint64_t)s->rate) + 1;
	return s->written > heard ? 200 : 0;
}

/* Point the descriptor at what the session waits for. */
static void rearm(bn_session *s)
{
	int fds[MAX_WATCHED];
	uint32_t events[MAX_WATCHED];
	int n = 0;
	if (s->workers && s->plan && s->item < s->plan->count) {
		/* The pipe of the unit being written only when its audio is awaited: beyond,
		 * audio held here stays bounded. */
		size_t unit = s->waits == WAIT_WORKERS ? s->unit_of[s->item] : SIZE_MAX;
		n = bn_workers_watch(s->workers, unit, fds, MAX_WATCHED - 1);
		for (int i = 0; i < n; i++)
			events[i] = EPOLLIN;
	}
	int sink_fd = bn_sink_wait_fd(s->sink);
	if (s->waits == WAIT_SINK && sink_fd >= 0) {
		fds[n] = sink_fd;
		events[n++] = EPOLLOUT;
	}
	watch(s, fds, events, n);
	long ms = until_next_heard(s);
	if (s->waits == WAIT_PLAYBACK || s->waits == WAIT_SINK) {
		/* Room comes as the player plays: in about the time of a 20 ms piece. */
		if (ms == 0 || ms > 20)
			ms = 20;
	}
	if (s->plan && bn_sink_opening(s->sink) && (ms == 0 || ms > 10))
		ms = 10; /* the units held back while the player opens go once it has */
	if (ms > 250)
		ms = 250;
	arm_timer(s, ms);
}

/* ---- the public calls ------------------------------------------------------------------------ */

/* A session on borrowed or own workers (render.c passes the caller's workers). */
bn_status bn_session_start(bn_speaker *speaker, const bn_normalizer *normalizer, bn_sink *sink,
                           const bn_session_options *opts, bn_workers *workers, bn_session **out,
                           bn_error *err)
{
	*out = NULL;
	bn_session_options o;
	if (bn_options_copy(&o, sizeof o, opts, BN_OPTIONS_V1(bn_session_options, user)) != 0)
		return bn_fail(err, BN_ERR_USAGE, "session options of an unknown version");
	if (o.jobs < 0 || o.jobs > 64)
		return bn_fail(err, BN_ERR_USAGE, "%d synthesis workers: expected 0-64", o.jobs);
	bn_session *s = calloc(1, sizeof *s);
	if (!s)
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	s->speaker = speaker;
	s->nz = normalizer;
	s->sink = sink;
	if (o.voice) {
		s->voice = *o.voice;
		s->has_voice = 1;
	}
	s->jobs = workers ? 0 : o.jobs;
	s->workers = workers;
	s->on_sentence = o.on_sentence;
	s->user = o.user;
	s->rate = bn_speaker_sample_rate(speaker);
	s->ahead = (uint64_t)s->rate * o.ahead_ms / 1000;
	s->epfd = epoll_create1(EPOLL_CLOEXEC);
	s->timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	struct epoll_event ev = {.events = EPOLLIN, .data.fd = s->timerfd};
	if (s->epfd < 0 || s->timerfd < 0 ||
	    epoll_ctl(s->epfd, EPOLL_CTL_ADD, s->timerfd, &ev) != 0) {
		int e = errno;
		bn_session_free(s);
		return bn_fail(err, BN_ERR_INTERNAL, "cannot start a session: %s", strerror(e));
	}
	*out = s;
	return BN_OK;
}

bn_status bn_session_new(bn_speaker *speaker, const bn_normalizer *normalizer, bn_sink *sink,
                         const bn_session_options *opts, bn_session **out, bn_error *err)
{
	return bn_session_start(speaker, normalizer, sink, opts, NULL, out, err);
}

bn_status bn_session_speak(bn_session *s, const bn_sentences *sentences, bn_error *err)
{
	bn_session_stop(s);
	s->unit_of = number_units(sentences);
	s->ends = calloc(sentences->count + 1, sizeof *s->ends);
	if (!s->unit_of || !s->ends) {
		drop_plan(s);
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	}
	if (s->jobs > 0) {
		bn_status st = bn_workers_new(s->speaker, s->jobs, &s->workers, err);
		if (st != BN_OK) {
			drop_plan(s);
			return st;
		}
	}
	s->plan = sentences;
	return bn_session_step(s, err);
}

void bn_session_stop(bn_session *s)
{
	if (s->written > 0)
		bn_sink_flush(s->sink);
	s->written = 0;
	drop_plan(s);
}

int bn_session_fd(const bn_session *s)
{
	return s->epfd;
}

bn_status bn_session_step(bn_session *s, bn_error *err)
{
	uint64_t expirations;
	while (read(s->timerfd, &expirations, sizeof expirations) > 0)
		;
	if (!s->plan)
		return BN_OK;
	/* Read what the watched pipes hold: each one polled ready is drained here, whatever
	 * the step goes on to wait for (else the descriptor would stay readable). */
	if (s->workers && s->item < s->plan->count &&
	    bn_workers_pump(s->workers, s->waits == WAIT_WORKERS ? s->unit_of[s->item] : SIZE_MAX) <
	            0) {
		drop_plan(s);
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	}
	bn_status st = advance(s, err);
	if (st != BN_OK) {
		drop_plan(s); /* nothing more can come of it */
		return st;
	}
	rearm(s);
	return BN_OK;
}

int bn_session_written(const bn_session *s)
{
	return !s->plan || (s->item >= s->plan->count && s->silence == 0);
}

size_t bn_session_heard(const bn_session *s)
{
	if (!s->plan)
		return SIZE_MAX;
	return first_unheard(s, bn_sink_plays(s->sink) ? bn_sink_heard(s->sink) : s->written);
}

void bn_session_free(bn_session *s)
{
	if (!s)
		return;
	drop_plan(s);
	if (s->timerfd >= 0)
		close(s->timerfd);
	if (s->epfd >= 0)
		close(s->epfd);
	free(s->stage);
	free(s);
}
