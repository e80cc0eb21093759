/* workers.h: the parent's side of the synthesis workers, for render.c. */
#ifndef BN_WORKERS_H
#define BN_WORKERS_H

#include "baonoi.h"

/* 1 when sentence `next` may be queued while sentence `current` is being received (a bounded
 * number of sentences ahead, so that memory stays flat). */
int bn_workers_can_queue(const bn_workers *w, size_t next, size_t current);
/* Hand sentence `index`, in spoken form, to its worker. */
bn_status bn_workers_queue(bn_workers *w, size_t index, const char *spoken, bn_error *err);
/* Receive sentence `index`'s audio as it comes and pass it to fn (stop when fn returns
 * non-zero); waits are cut short when *cancel becomes non-zero. */
bn_status bn_workers_receive(bn_workers *w, size_t index, bn_pcm_fn fn, void *user,
                             const volatile sig_atomic_t *cancel, bn_error *err);

#endif
