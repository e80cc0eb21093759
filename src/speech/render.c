/* render.c: speaks a whole article into a sink and returns when all of it is written: a
 * session (session.c) stepped in a loop that waits on its descriptor. */
#include "internal.h"
#include "speech.h"

#include <errno.h>
#include <poll.h>
#include <string.h>

/* How often a wait looks at the caller's cancel flag (a signal in this thread cuts it short). */
#define CANCEL_POLL_MS 50

bn_status bn_render(const bn_sentences *sentences, const bn_normalizer *normalizer,
                    bn_speaker *speaker, bn_sink *sink, const bn_render_options *opts,
                    bn_error *err)
{
	const volatile sig_atomic_t *cancel = opts ? opts->cancel : NULL;
	bn_session_options so = {
	        sizeof so, opts ? opts->voice : NULL,       0,
	        0,         opts ? opts->on_sentence : NULL, opts ? opts->user : NULL};
	bn_session *session;
	bn_status st = bn_session_start(speaker, normalizer, sink, &so, opts ? opts->workers : NULL,
	                                &session, err);
	if (st != BN_OK)
		return st;
	st = bn_session_speak(session, sentences, err);
	while (st == BN_OK && !bn_session_written(session)) {
		if (cancel && *cancel) {
			st = bn_fail(err, BN_ERR_INTERRUPTED, "interrupted");
			break;
		}
		struct pollfd pfd = {bn_session_fd(session), POLLIN, 0};
		if (poll(&pfd, 1, cancel ? CANCEL_POLL_MS : -1) < 0 && errno != EINTR) {
			st = bn_fail(err, BN_ERR_INTERNAL, "cannot wait for speech: %s",
			             strerror(errno));
			break;
		}
		st = bn_session_step(session, err);
	}
	bn_session_free(session);
	return st;
}
