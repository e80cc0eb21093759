/* speech.h: what the speech stage offers the rest of baonoi beyond baonoi.h: warming eSpeak NG
 * up, the speaker's engine (engine.h), and changing the voice. */
#ifndef BN_SPEECH_H
#define BN_SPEECH_H

#include "baonoi.h"

/* Synthesise eSpeak NG's first (throw-away) sentence, once per speaker (bn_speaker_new does):
 * what it sets up is then shared by every worker forked after. */
bn_status bn_speaker_warm(bn_speaker *speaker, bn_error *err);

/* A speaker with eSpeak NG started in this process at once, and no engine: the engine's own
 * (engine_serve.c). */
bn_status bn_speaker_new_local(const bn_voice *voice, bn_speaker **out, bn_error *err);

/* Wait until the speaker's engine has started eSpeak NG with the voice: its failure, if any
 * (an unknown eSpeak NG voice, no engine program). */
bn_status bn_speaker_ready(bn_speaker *speaker, bn_error *err);

/* The speaker's engine (NULL for a local speaker). */
struct bn_engine *bn_speaker_engine(bn_speaker *speaker);

/* Speak with another voice from now on (an article in another language): its parameters set
 * and eSpeak NG warmed up again, in the engine for the workers started after. */
bn_status bn_speaker_set_voice(bn_speaker *speaker, const bn_voice *voice, bn_error *err);

/* An index mark reached in bn_speaker_say_marked's audio: its name; non-zero stops. */
typedef int (*bn_mark_fn)(const char *name, void *user);

/* bn_speaker_say on SSML (spoken text with <mark name="…"/>, < > & escaped): mark is called
 * for each mark between the samples before and after it (the Speech Dispatcher module follows
 * Orca's word marks so, within one sentence's intonation). */
bn_status bn_speaker_say_marked(bn_speaker *speaker, const char *ssml, bn_pcm_fn fn,
                                bn_mark_fn mark, void *user, bn_error *err);

/* bn_session_new on workers the caller started and keeps (bn_render's): opts->jobs is
 * ignored; with NULL workers, this is bn_session_new. */
bn_status bn_session_start(bn_speaker *speaker, const bn_normalizer *normalizer, bn_sink *sink,
                           const bn_session_options *opts, bn_workers *workers, bn_session **out,
                           bn_error *err);

#endif
