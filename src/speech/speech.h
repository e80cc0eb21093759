/* speech.h: what the speech stage offers the rest of baonoi beyond baonoi.h: warming eSpeak NG
 * up, saving and restoring its state for the workers, and changing the voice. */
#ifndef BN_SPEECH_H
#define BN_SPEECH_H

#include "baonoi.h"

/* Synthesise eSpeak NG's first (throw-away) sentence, once per speaker (bn_speaker_new does):
 * what it sets up is then shared by every worker forked after. */
bn_status bn_speaker_warm(bn_speaker *speaker, bn_error *err);

/* Save eSpeak NG's writable static memory (its .data and .bss) / put the saved copy back, so
 * that each unit of sentences starts from the same state. Restore only in a process forked
 * after the speaker was made: that memory holds the condition variable eSpeak NG's own thread
 * waits on (a fork copies only the calling thread); where that thread runs, a restore can lose
 * its wait and bn_speaker_free would then hang joining it. */
bn_status bn_speaker_save_state(bn_speaker *speaker, bn_error *err);
void bn_speaker_restore_state(bn_speaker *speaker);

/* Whether the saved state can still be restored after synthesising text: 0 when the text may
 * make eSpeak NG replace its second language (English, loaded while warming up) by another,
 * freeing what the saved state points to. */
int bn_speaker_restorable(const char *text);

/* Speak with another voice from now on (an article in another language): its parameters set
 * and eSpeak NG warmed up again, before any worker saves its state. */
bn_status bn_speaker_set_voice(bn_speaker *speaker, const bn_voice *voice, bn_error *err);

#endif
