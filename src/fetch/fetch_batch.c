/* fetch_batch.c: many URLs at once through one libcurl multi handle, for audio editions: a
 * window of transfers in flight (few to any one host), each set up as bn_fetch sets it up,
 * conditional requests for copies the caller has, and a second try when a busy server says
 * when to come back (Retry-After). */
#include "baonoi.h"

#include "fetch.h"
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A server may ask us to wait at most this long before trying again. */
#define MAX_RETRY_AFTER_S 120
/* How often a batch looks at its cancel flag while transfers wait on the network. */
#define CANCEL_POLL_MS 100

typedef struct slot {
	bn_transfer t;
	int started; /* in the multi handle now */
	int done;
	int tries;
	int64_t due_ms; /* not before this (a Retry-After) */
} slot;

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The length of url's host part (after the scheme, up to the path), for the per-host limit. */
static size_t host_span(const char *url, const char **host)
{
	const char *p = strstr(url, "://");
	p = p ? p + 3 : url;
	*host = p;
	return strcspn(p, "/?#");
}

/* Transfers in flight to the host of url. */
static int in_flight_to(const slot *slots, const bn_fetch_request *reqs, size_t count,
                        const char *url)
{
	const char *h, *o;
	size_t n = host_span(url, &h);
	int k = 0;
	for (size_t i = 0; i < count; i++)
		if (slots[i].started && host_span(reqs[i].url, &o) == n &&
		    bn_ascii_ncasecmp(h, o, n) == 0)
			k++;
	return k;
}

/* Hand the caller request i's outcome, then free what the transfer held. */
static int deliver(slot *s, size_t i, bn_status st, const bn_error *e, bn_fetch_reply_fn fn,
                   void *user)
{
	bn_fetch_reply r;
	memset(&r, 0, sizeof r);
	r.index = i;
	r.status = st;
	r.error = e;
	if (st == BN_OK) {
		r.not_modified = s->t.code == 304;
		if (!r.not_modified) {
			r.len = s->t.body.len;
			r.bytes = s->t.body.data ? s->t.body.data : calloc(1, 1);
			s->t.body = (bn_buf)BN_BUF_INIT;
		}
		r.url = s->t.final_url;
		r.content_type = s->t.content_type;
		r.etag = s->t.etag;
		r.last_modified = s->t.last_modified;
	}
	int stop = fn(&r, user);
	free(r.bytes);
	bn_transfer_free(&s->t);
	s->done = 1;
	return stop;
}

bn_status bn_fetch_batch(const bn_fetch_request *requests, size_t count,
                         const bn_fetch_options *fetch, const bn_batch_options *opts,
                         bn_fetch_reply_fn fn, void *user, bn_error *err)
{
	bn_fetch_options fo;
	bn_batch_options bo;
	bn_status st = bn_fetch_options_resolve(fetch, &fo, "batch", err);
	if (st != BN_OK)
		return st;
	if (bn_options_copy(&bo, sizeof bo, opts, BN_OPTIONS_V1(bn_batch_options, cancel)) != 0)
		return bn_fail(err, BN_ERR_USAGE, "batch: batch options of an unknown version");
	int per_host = bo.per_host > 0 ? bo.per_host : 2;
	int total = bo.total > 0 ? bo.total : 8;
	int retries = bo.retries == 0 ? 2 : bo.retries < 0 ? 0 : bo.retries;
	if (count == 0)
		return BN_OK;
	if ((st = bn_curl_load(requests[0].url, err)) != BN_OK)
		return st;
	slot *slots = calloc(count, sizeof *slots);
	CURLM *m = slots ? bn_curl.multi_init() : NULL;
	if (!m) {
		free(slots);
		return bn_fail(err, BN_ERR_INTERNAL, "batch: out of memory");
	}
	bn_curl.multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, (long)per_host);
	size_t finished = 0;
	int active = 0, stopped = 0;
	while (finished < count && !stopped) {
		if (bo.cancel && *bo.cancel) {
			stopped = 1;
			break;
		}
		/* Start what the window allows, in the requests' order. */
		int64_t now = now_ms(), next_due = -1;
		for (size_t i = 0; i < count && active < total; i++) {
			slot *s = &slots[i];
			if (s->started || s->done)
				continue;
			if (s->due_ms > now) {
				if (next_due < 0 || s->due_ms < next_due)
					next_due = s->due_ms;
				continue;
			}
			if (in_flight_to(slots, requests, count, requests[i].url) >= per_host)
				continue;
			bn_error e = {BN_OK, ""};
			bn_status ts =
			        bn_transfer_start(&s->t, requests[i].url, &fo, requests[i].etag,
			                          requests[i].last_modified, &e);
			if (ts == BN_OK && s->t.setup == CURLE_OK &&
			    bn_curl.multi_add_handle(m, s->t.h) == CURLM_OK) {
				s->started = 1;
				active++;
				continue;
			}
			if (ts == BN_OK) /* an option or the handle refused: named by finish */
				ts = bn_transfer_finish(
				        &s->t,
				        s->t.setup != CURLE_OK ? s->t.setup : CURLE_OUT_OF_MEMORY,
				        &e);
			finished++;
			stopped = deliver(s, i, ts, &e, fn, user);
			if (stopped)
				break;
		}
		if (stopped)
			break;
		int running = 0;
		bn_curl.multi_perform(m, &running);
		CURLMsg *msg;
		int left;
		while (!stopped && (msg = bn_curl.multi_info_read(m, &left))) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			size_t i = 0;
			while (i < count && !(slots[i].started && slots[i].t.h == msg->easy_handle))
				i++;
			if (i == count)
				continue;
			slot *s = &slots[i];
			CURLcode result = msg->data.result; /* msg is invalid after the removal */
			bn_curl.multi_remove_handle(m, s->t.h);
			s->started = 0;
			active--;
			bn_error e = {BN_OK, ""};
			bn_status ts = bn_transfer_finish(&s->t, result, &e);
			long wait = ts == BN_ERR_HTTP && (s->t.code == 429 || s->t.code == 503)
			                    ? bn_transfer_retry_after(&s->t)
			                    : -1;
			if (wait >= 0 && wait <= MAX_RETRY_AFTER_S && s->tries < retries) {
				s->tries++;
				s->due_ms = now_ms() + wait * 1000;
				bn_transfer_free(&s->t);
				continue;
			}
			finished++;
			stopped = deliver(s, i, ts, &e, fn, user);
		}
		if (finished == count || stopped)
			break;
		/* Wait for the network, a due retry or the next look at the cancel flag; with
		 * nothing in flight, only for a retry not due yet (else start more at once). */
		int timeout = CANCEL_POLL_MS;
		if (next_due >= 0 && next_due - now_ms() < timeout)
			timeout = next_due - now_ms() > 0 ? (int)(next_due - now_ms()) : 0;
		if (active > 0)
			bn_curl.multi_poll(m, NULL, 0, timeout, NULL);
		else if (next_due >= 0 && timeout > 0)
			nanosleep(&(struct timespec){timeout / 1000,
			                             (long)(timeout % 1000) * 1000000},
			          NULL);
	}
	for (size_t i = 0; i < count; i++) {
		if (slots[i].started)
			bn_curl.multi_remove_handle(m, slots[i].t.h);
		if (!slots[i].done)
			bn_transfer_free(&slots[i].t);
	}
	bn_curl.multi_cleanup(m);
	free(slots);
	if (stopped)
		return bn_fail(err, BN_ERR_INTERRUPTED, "batch: stopped");
	return BN_OK;
}
