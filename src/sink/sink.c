/* sink.c: dispatch from the public sink calls to the sink's implementation. */
#include "sink.h"

bn_status bn_sink_write(bn_sink *sink, const int16_t *samples, size_t count, bn_error *err)
{
	return sink->ops->write(sink, samples, count, err);
}

bn_status bn_sink_write_some(bn_sink *sink, const int16_t *samples, size_t count, size_t *taken,
                             bn_error *err)
{
	if (sink->ops->write_some)
		return sink->ops->write_some(sink, samples, count, taken, err);
	bn_status st = sink->ops->write(sink, samples, count, err);
	*taken = st == BN_OK ? count : 0;
	return st;
}

int bn_sink_wait_fd(const bn_sink *sink)
{
	return sink && sink->ops->wait_fd ? sink->ops->wait_fd(sink) : -1;
}

int bn_sink_plays(const bn_sink *sink)
{
	return sink && sink->ops->played;
}

bn_status bn_sink_close(bn_sink *sink, bn_error *err)
{
	return sink ? sink->ops->close(sink, err) : BN_OK;
}

void bn_sink_abort(bn_sink *sink)
{
	if (sink)
		sink->ops->abort(sink);
}

void bn_sink_mark(bn_sink *sink)
{
	if (sink && sink->ops->mark)
		sink->ops->mark(sink);
}

void bn_sink_chapter(bn_sink *sink, const char *title)
{
	if (sink && sink->ops->chapter)
		sink->ops->chapter(sink, title);
}

void bn_sink_flush(bn_sink *sink)
{
	if (sink && sink->ops->flush)
		sink->ops->flush(sink);
}

uint64_t bn_sink_played(const bn_sink *sink)
{
	return sink && sink->ops->played ? sink->ops->played(sink) : 0;
}

int bn_sink_opening(const bn_sink *sink)
{
	return sink && sink->ops->opening ? sink->ops->opening(sink) : 0;
}

uint64_t bn_sink_heard(const bn_sink *sink)
{
	if (sink && sink->ops->heard)
		return sink->ops->heard(sink);
	return bn_sink_played(sink);
}
