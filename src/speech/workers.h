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
/* Receive the next sentence of unit `unit` as it comes and pass it to fn (stop when fn
 * returns non-zero); waits are cut short when *cancel becomes non-zero. */
bn_status bn_workers_receive(bn_workers *w, size_t unit, bn_pcm_fn fn, void *user,
                             const volatile sig_atomic_t *cancel, bn_error *err);

#endif
