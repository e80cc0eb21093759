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
	bn_render_options o;
	if (bn_options_copy(&o, sizeof o, opts, BN_OPTIONS_V1(bn_render_options, user)) != 0)
		return bn_fail(err, BN_ERR_USAGE, "render options of an unknown version");
	const volatile sig_atomic_t *cancel = o.cancel;
	bn_session_options so = {sizeof so, o.voice, 0, 0, o.on_sentence, o.user};
	bn_session *session;
	bn_status st = bn_session_start(speaker, normalizer, sink, &so, o.workers, &session, err);
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
