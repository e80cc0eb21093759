/* workers.h: the parent's side of the synthesis workers, for render.c. */
#ifndef BN_WORKERS_H
#define BN_WORKERS_H

#include "baonoi.h"

/* Sentences are synthesised in units: runs of sentences (whole paragraphs where they fit)
 * that each start from the same fresh eSpeak NG state, so that the audio is the same whatever
 * the number of workers. The caller numbers the units; bn_workers_unit_starts says where. */

/* 1 when sentence i starts a new unit, given the written length of the unit so far. */
int bn_workers_unit_starts(const bn_sentences *sentences, size_t i, size_t unit_chars);
/* 1 when a sentence of unit next_unit may be queued while unit current_unit is being received
 * (a bounded number of units ahead, so that memory stays flat). */
int bn_workers_can_queue(const bn_workers *w, size_t next_unit, size_t current_unit);
/* Hand a sentence of the given unit, in spoken form, to its worker; new_unit for its first. */
bn_status bn_workers_queue(bn_workers *w, size_t unit, int new_unit, const char *spoken,
                           bn_error *err);
/* The descriptors to watch for input on behalf of unit `unit` (being delivered now): the
 * pipes of workers still running whose audio held here is below the limit, and always the
 * one of unit's worker; into fds (at most max), the count returned. */
int bn_workers_watch(const bn_workers *w, size_t unit, int *fds, int max);
/* Read, without waiting, what the watched workers have sent. -1 when out of memory. */
int bn_workers_pump(bn_workers *w, size_t unit);
/* Without waiting, pass the next piece of unit `unit`'s current sentence that has arrived to
 * fn (stop when fn returns non-zero: BN_ERR_INTERRUPTED), or set *ended at the sentence's end.
 * BN_OK with neither when nothing more has arrived yet: pump when a watched pipe is ready. */
bn_status bn_workers_take(bn_workers *w, size_t unit, bn_pcm_fn fn, void *user, int *ended,
                          bn_error *err);

#endif
