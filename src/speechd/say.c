/* say.c: sd_baonoi's speech thread. One message at a time is spoken, piece by piece: text in
 * Vietnamese through baonoi's segmentation and normalization (its punctuation named as the
 * punctuation mode asks), text in another language as it is by eSpeak NG's voice for that
 * language, index marks reported when their audio is reached. eSpeak NG synthesises in this
 * process (a short message's first sound must come quickly), in chunks of a few
 * milliseconds: a stop is noticed at the next chunk, and nothing of a stopped message is sent
 * after its STOP event. Audio goes to the server (event 705) or to a player (bn_sink). */
#include "sd.h"
#include "sink.h"
#include "speech.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* An index mark waiting for playback to reach its sample (the module's own playback). */
typedef struct due_mark {
	char *name;
	uint64_t at;
} due_mark;

struct sd_speech {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	sd_message *pending; /* the next message, with its settings */
	sd_settings pending_settings;
	int running; /* a message is being spoken */
	int quit;
	atomic_int stop;              /* the message being spoken ends now */
	atomic_int pause;             /* ... at its next index mark */
	volatile sig_atomic_t cancel; /* the same as stop, for the player's waits */

	/* The speech thread's own. */
	bn_voice base;    /* the configured voice profile */
	bn_voice applied; /* what eSpeak NG speaks with now */
	char profile[64]; /* the profile behind normalizer */
	bn_speaker *speaker;
	bn_normalizer *normalizer;
	char lexicon[512];
	int rate;
	bn_sink *sink;    /* the module's own playback; NULL: audio goes to the server */
	uint64_t written; /* samples written to the sink since its last flush */
	due_mark *marks;
	size_t nmarks, first_mark;
	int broken; /* the server or the player is gone */
	int paused; /* the message stopped at a mark for a PAUSE */
};

/* ---- voices ------------------------------------------------------------------------------- */

/* The voice profile for the settings: synthesis_voice when it names one of baonoi's (or a
 * voice file), else the voice type (male2/female2: central, male3/female3: southern), else
 * the configured one. Falls back to the configured voice when loading fails. */
static void profile_for(const sd_speech *sp, const sd_settings *st, bn_voice *v)
{
	*v = sp->base;
	bn_error err = {0};
	if (st->synthesis_voice[0] && bn_voice_load(st->synthesis_voice, NULL, v, &err) == BN_OK)
		return;
	*v = sp->base;
	const char *type = st->voice_type;
	size_t n = strlen(type);
	const char *name = NULL;
	if (n && type[n - 1] == '2')
		name = "central";
	else if (n && type[n - 1] == '3')
		name = "southern";
	if (name && bn_voice_load(name, NULL, v, &err) != BN_OK)
		*v = sp->base;
}

/* The eSpeak NG language for a foreign language code ("en-US" -> "en-us"), or 0 for
 * Vietnamese (and for codes that name no language: "c", "none", ""). */
static int foreign_language(const sd_settings *st, char *out, size_t size)
{
	const char *l = st->language;
	size_t n = strlen(l);
	if (n < 2 || n >= size || !strncmp(l, "vi", 2) || !strcmp(l, "none"))
		return 0;
	for (size_t i = 0; i <= n; i++)
		out[i] = (char)(l[i] >= 'A' && l[i] <= 'Z' ? l[i] + 32 : l[i] == '_' ? '-' : l[i]);
	return 1;
}

/* Move a parameter from the voice's own value by setting (-100..100) towards lo or hi. */
static int scale(int own, int setting, int lo, int hi)
{
	int v = setting >= 0 ? own + setting * (hi - own) / 100 : own + setting * (own - lo) / 100;
	return v < lo ? lo : v > hi ? hi : v;
}

/* Make eSpeak NG speak as the settings ask: 1 for Vietnamese (baonoi's reading), 0 for a
 * foreign language read as it is. Changes only what changed. */
static int apply_settings(sd_speech *sp, const sd_settings *st)
{
	bn_voice v;
	profile_for(sp, st, &v);
	char lang[32];
	int vietnamese = !foreign_language(st, lang, sizeof lang);
	if (vietnamese && strcmp(sp->profile, v.name)) {
		bn_normalizer *nz = NULL;
		bn_error err = {0};
		if (bn_normalizer_new(&v, NULL, &nz, &err) == BN_OK) {
			if (sp->lexicon[0] &&
			    bn_normalizer_add_lexicon(nz, sp->lexicon, &err) != BN_OK)
				sd_log(1, "%s", err.message);
			bn_normalizer_free(sp->normalizer);
			sp->normalizer = nz;
			snprintf(sp->profile, sizeof sp->profile, "%s", v.name);
		} else {
			sd_log(1, "voice %s: %s", v.name, err.message);
		}
	}
	if (!vietnamese)
		snprintf(v.espeak, sizeof v.espeak, "%s", lang);
	v.rate = scale(v.rate, st->rate, 80, 450);
	v.pitch = scale(v.pitch, st->pitch, 0, 100);
	v.range = scale(v.range, st->pitch_range, 0, 100);
	v.volume = scale(v.volume, st->volume, 0, 200);
	if (memcmp(&v, &sp->applied, sizeof v)) {
		bn_error err = {0};
		if (bn_speaker_set_voice(sp->speaker, &v, &err) == BN_OK) {
			sp->applied = v;
		} else {
			/* An eSpeak NG without that language: Vietnamese, as the module's own. */
			sd_log(1, "%s", err.message);
			if (!vietnamese) {
				sd_settings vi = *st;
				snprintf(vi.language, sizeof vi.language, "vi");
				return apply_settings(sp, &vi);
			}
		}
	}
	return vietnamese;
}

/* ---- audio out ------------------------------------------------------------------------------ */

/* Report the marks whose audio has been heard (all of them when all is set): played by the
 * player, less what the device still holds. */
static void report_due_marks(sd_speech *sp, int all)
{
	uint64_t played = sp->sink ? bn_sink_heard(sp->sink) : 0;
	while (sp->first_mark < sp->nmarks && (all || sp->marks[sp->first_mark].at <= played)) {
		due_mark *m = &sp->marks[sp->first_mark++];
		if (!atomic_load(&sp->stop))
			sd_reply("700-%s\n700 INDEX MARK", m->name);
	}
}

static void drop_marks(sd_speech *sp)
{
	for (size_t i = 0; i < sp->nmarks; i++)
		free(sp->marks[i].name);
	free(sp->marks);
	sp->marks = NULL;
	sp->nmarks = sp->first_mark = 0;
}

/* Samples from eSpeak NG: to the server, or into the player; non-zero stops synthesis. */
static int on_samples(const int16_t *samples, size_t count, void *user)
{
	sd_speech *sp = user;
	if (!sp->sink) {
		sd_reply_lock();
		int stop = atomic_load(&sp->stop);
		if (!stop && sd_reply_audio_locked(samples, count, sp->rate) != 0)
			sp->broken = stop = 1;
		sd_reply_unlock();
		return stop;
	}
	if (atomic_load(&sp->stop))
		return 1;
	bn_error err = {0};
	if (bn_sink_write(sp->sink, samples, count, &err) != BN_OK) {
		if (!atomic_load(&sp->stop)) {
			sd_log(1, "playback: %s", err.message);
			sp->broken = 1;
		}
		return 1;
	}
	sp->written += count;
	report_due_marks(sp, 0);
	return atomic_load(&sp->stop);
}

/* An index mark reached in the audio stream: sent at once to the server (it plays the audio
 * in order), or kept until the player has played what comes before it. 1 when a PAUSE asks
 * to stop here (then sp->paused is set). */
static int reach_mark(sd_speech *sp, const char *name)
{
	if (!sp->sink) {
		sd_reply_lock();
		if (!atomic_load(&sp->stop))
			sd_reply_locked("700-%s\n700 INDEX MARK", name);
		sd_reply_unlock();
	} else {
		due_mark *m = realloc(sp->marks, (sp->nmarks + 1) * sizeof *m);
		char *copy = strdup(name);
		if (m)
			sp->marks = m;
		if (m && copy) {
			m[sp->nmarks].name = copy;
			m[sp->nmarks].at = sp->written;
			sp->nmarks++;
			report_due_marks(sp, 0);
		} else {
			free(copy);
		}
	}
	sp->paused = atomic_load(&sp->pause);
	return sp->paused;
}

/* Wait until all that was written has been heard, reporting marks; a stop cuts it. */
static void wait_played(sd_speech *sp)
{
	const struct timespec tick = {0, 5 * 1000 * 1000};
	while (sp->sink && !atomic_load(&sp->stop) && !sp->broken &&
	       bn_sink_heard(sp->sink) < sp->written) {
		report_due_marks(sp, 0);
		nanosleep(&tick, NULL);
	}
	report_due_marks(sp, !atomic_load(&sp->stop));
}

/* ---- speaking ------------------------------------------------------------------------------ */

/* Synthesise spoken text (empty text says nothing). */
static void say(sd_speech *sp, const char *spoken)
{
	if (!spoken || !*spoken || atomic_load(&sp->stop) || sp->broken)
		return;
	bn_error err = {0};
	bn_status st = bn_speaker_say(sp->speaker, spoken, on_samples, sp, &err);
	if (st != BN_OK && st != BN_ERR_INTERRUPTED)
		sd_log(1, "%s", err.message);
}

/* One synthesis of SSML holding marks first..end-1 of a joined text (named by index). */
typedef struct mark_run {
	sd_speech *sp;
	const sd_text *text;
	size_t next, end;
} mark_run;

static int run_samples(const int16_t *samples, size_t count, void *user)
{
	return on_samples(samples, count, ((mark_run *)user)->sp);
}

/* eSpeak NG reached mark "K": report it, and any before it that eSpeak NG let pass (it drops
 * a mark right after a sentence's end). */
static int run_mark(const char *name, void *user)
{
	mark_run *r = user;
	char *end;
	size_t k = strtoul(name, &end, 10);
	if (*end || k >= r->end)
		return 0;
	while (r->next <= k)
		if (reach_mark(r->sp, r->text->names[r->next++]))
			return 1;
	return atomic_load(&r->sp->stop);
}

/* Report marks up to (not including) end that have not been yet; 1 when paused. */
static int reach_marks_to(sd_speech *sp, const sd_text *t, size_t *next, size_t end)
{
	while (*next < end && !atomic_load(&sp->stop) && !sp->paused)
		reach_mark(sp, t->names[(*next)++]);
	return sp->paused;
}

/* Synthesise SSML holding marks first..end-1 of t, then report any it did not. */
static void say_marked(sd_speech *sp, const char *ssml, const sd_text *t, size_t first, size_t end)
{
	if (!ssml || atomic_load(&sp->stop) || sp->broken)
		return;
	mark_run r = {sp, t, first, end};
	bn_error err = {0};
	bn_status st = bn_speaker_say_marked(sp->speaker, ssml, run_samples, run_mark, &r, &err);
	if (st != BN_OK && st != BN_ERR_INTERRUPTED)
		sd_log(1, "%s", err.message);
	reach_marks_to(sp, t, &r.next, end);
}

/* Where in spoken (a sentence's spoken form) each of the sentence's marks goes: after as many
 * words as the sentence's text before the mark is spoken in, alone. */
static void mark_places(sd_speech *sp, const sd_text *t, size_t start, size_t first, size_t end,
                        size_t *words)
{
	size_t last = 0;
	for (size_t k = first; k < end; k++) {
		size_t n = 0;
		if (t->at[k] > start) {
			char *prefix = strndup(t->text + start, t->at[k] - start);
			char *spoken = prefix ? bn_normalize(sp->normalizer, prefix) : NULL;
			n = spoken ? sd_word_count(spoken) : last;
			free(spoken);
			free(prefix);
		}
		words[k - first] = last = n > last ? n : last;
	}
}

/* Speak a message's text in Vietnamese: sentence by sentence, normalised, each sentence's
 * marks within its audio. */
static void say_vietnamese(sd_speech *sp, const sd_text *t)
{
	bn_sentences *sentences = bn_sentences_new();
	bn_error err = {0};
	if (!sentences || !sp->normalizer ||
	    bn_segment_text(t->text, 1, BN_BLOCK_PARAGRAPH, sentences, &err) != BN_OK) {
		sd_log(1, "cannot read the text: %s", err.message);
		bn_sentences_free(sentences);
		return;
	}
	size_t cursor = 0, next = 0;
	for (size_t i = 0; i < sentences->count && !atomic_load(&sp->stop) && !sp->paused; i++) {
		const bn_sentence *s = &sentences->items[i];
		const char *found = strstr(t->text + cursor, s->text);
		size_t start = found ? (size_t)(found - t->text) : cursor;
		size_t end = found ? start + strlen(s->text) : cursor;
		/* The marks before the sentence, then those within it. */
		size_t first = next;
		while (first < t->count && t->at[first] <= start)
			first++;
		if (reach_marks_to(sp, t, &next, first))
			break;
		size_t last = first;
		while (last < t->count && t->at[last] < end)
			last++;
		char *spoken = bn_normalize_sentence(sp->normalizer, s);
		if (last == first) {
			say(sp, spoken);
		} else {
			size_t *words = calloc(last - first, sizeof *words);
			char *ssml = NULL;
			if (words && spoken) {
				mark_places(sp, t, start, first, last, words);
				ssml = sd_ssml_after_words(spoken, words, first, last - first);
			}
			say_marked(sp, ssml, t, first, last);
			next = last;
			free(ssml);
			free(words);
		}
		free(spoken);
		cursor = end;
	}
	reach_marks_to(sp, t, &next, t->count);
	bn_sentences_free(sentences);
}

/* Speak a text message: Vietnamese through baonoi's reading (or spelled, in spelling mode),
 * another language as it is; its marks in their places. */
static void say_text(sd_speech *sp, const sd_message *msg, const sd_settings *st, int vietnamese)
{
	if (vietnamese && st->spelling) {
		for (size_t i = 0; i < msg->count && !atomic_load(&sp->stop) && !sp->paused; i++) {
			const sd_piece *p = &msg->pieces[i];
			if (p->kind == SD_MARK) {
				reach_mark(sp, p->text);
				continue;
			}
			char *spelled = sd_spell_all(p->text, st->cap_let);
			say(sp, spelled);
			free(spelled);
		}
		return;
	}
	sd_text t;
	if (sd_text_join(msg, st->punctuation, st->cap_let, vietnamese, &t) != 0) {
		sd_log(1, "out of memory");
		return;
	}
	if (vietnamese) {
		say_vietnamese(sp, &t);
	} else if (t.count == 0) {
		say(sp, t.text); /* eSpeak NG reads its own language */
	} else {
		char *ssml = sd_ssml_at_offsets(&t, 0, strlen(t.text));
		say_marked(sp, ssml, &t, 0, t.count);
		free(ssml);
	}
	sd_text_free(&t);
}

/* Speak a character or a key: by its Vietnamese name, or as eSpeak NG names it. */
static void say_single(sd_speech *sp, const sd_message *msg, const sd_settings *st, int vietnamese)
{
	const char *text = msg->count ? msg->pieces[0].text : "";
	if (!vietnamese) {
		/* "shift_a": eSpeak NG reads the names, not the joins. */
		char *words = strdup(text);
		for (char *c = words; c && *c && msg->type == SD_MSG_KEY; c++)
			if (*c == '_' && c != words)
				*c = ' ';
		say(sp, words ? words : text);
		free(words);
		return;
	}
	char *spoken =
	        msg->type == SD_MSG_CHAR ? sd_char_spoken(text, st->cap_let) : sd_key_spoken(text);
	say(sp, spoken);
	free(spoken);
}

/* Speak a message from BEGIN to its END, STOP or PAUSE event. */
static void speak_message(sd_speech *sp, sd_message *msg, const sd_settings *st)
{
	int vietnamese = apply_settings(sp, st);
	sd_reply("701 BEGIN");
	sp->paused = 0;
	if (msg->type == SD_MSG_ICON) {
		for (size_t i = 0; i < msg->count; i++)
			sd_reply("706-%s\n706 ICON", msg->pieces[i].text);
	} else if (msg->type == SD_MSG_TEXT) {
		say_text(sp, msg, st, vietnamese);
	} else {
		say_single(sp, msg, st, vietnamese);
	}
	wait_played(sp);
	drop_marks(sp);
	if (atomic_load(&sp->stop)) {
		if (sp->sink)
			bn_sink_flush(sp->sink);
		sp->written = 0;
		sd_reply("703 STOP");
	} else {
		sd_reply(sp->paused ? "704 PAUSE" : "702 END");
	}
}

static void *speech_thread(void *arg)
{
	sd_speech *sp = arg;
	pthread_mutex_lock(&sp->lock);
	for (;;) {
		while (!sp->pending && !sp->quit)
			pthread_cond_wait(&sp->cond, &sp->lock);
		if (sp->quit)
			break;
		sd_message *msg = sp->pending;
		sd_settings st = sp->pending_settings;
		sp->pending = NULL;
		sp->running = 1;
		pthread_mutex_unlock(&sp->lock);
		speak_message(sp, msg, &st);
		sd_message_free(msg);
		pthread_mutex_lock(&sp->lock);
		sp->running = 0;
		pthread_cond_broadcast(&sp->cond);
	}
	pthread_mutex_unlock(&sp->lock);
	return NULL;
}

/* ---- the main thread's side ----------------------------------------------------------------- */

sd_speech *sd_speech_new(const sd_config *cfg, char *why, size_t why_size)
{
	sd_speech *sp = calloc(1, sizeof *sp);
	if (!sp) {
		snprintf(why, why_size, "out of memory");
		return NULL;
	}
	bn_error err = {0};
	snprintf(sp->lexicon, sizeof sp->lexicon, "%s", cfg->lexicon);
	if (bn_voice_load(cfg->voice, NULL, &sp->base, &err) != BN_OK ||
	    bn_normalizer_new(&sp->base, NULL, &sp->normalizer, &err) != BN_OK ||
	    (sp->lexicon[0] && bn_normalizer_add_lexicon(sp->normalizer, sp->lexicon, &err)) ||
	    bn_speaker_new_local(&sp->base, &sp->speaker, &err) != BN_OK) {
		snprintf(why, why_size, "%s", err.message);
		sd_speech_free(sp);
		return NULL;
	}
	snprintf(sp->profile, sizeof sp->profile, "%s", sp->base.name);
	sp->applied = sp->base;
	sp->rate = bn_speaker_sample_rate(sp->speaker);
	pthread_mutex_init(&sp->lock, NULL);
	pthread_cond_init(&sp->cond, NULL);
	if (pthread_create(&sp->thread, NULL, speech_thread, sp) != 0) {
		snprintf(why, why_size, "cannot start the speech thread");
		pthread_mutex_destroy(&sp->lock);
		pthread_cond_destroy(&sp->cond);
		bn_speaker_free(sp->speaker);
		bn_normalizer_free(sp->normalizer);
		free(sp);
		return NULL;
	}
	return sp;
}

/* Stop what is being spoken, and wait until its last event is out; the lock is held. */
static void stop_locked(sd_speech *sp)
{
	if (sp->pending) {
		/* Accepted but never begun: it still ends with an event. */
		sd_message_free(sp->pending);
		sp->pending = NULL;
		sd_reply("703 STOP");
	}
	if (!sp->running)
		return;
	atomic_store(&sp->stop, 1);
	sp->cancel = 1;
	while (sp->running)
		pthread_cond_wait(&sp->cond, &sp->lock);
}

int sd_speech_audio(sd_speech *sp, int to_server, const char *device, char *why, size_t why_size)
{
	pthread_mutex_lock(&sp->lock);
	stop_locked(sp);
	int rc = 0;
	if (sp->sink)
		bn_sink_abort(sp->sink);
	sp->sink = NULL;
	sp->written = 0;
	if (!to_server) {
		bn_error err = {0};
		if (bn_sink_open_player(device && *device ? device : NULL, sp->rate, &sp->cancel,
		                        &sp->sink, &err) != BN_OK) {
			snprintf(why, why_size, "%s", err.message);
			rc = -1;
		}
	}
	pthread_mutex_unlock(&sp->lock);
	return rc;
}

void sd_speech_speak(sd_speech *sp, sd_message *msg, const sd_settings *settings)
{
	pthread_mutex_lock(&sp->lock);
	stop_locked(sp);
	/* A PAUSE or STOP from now on is for this message. */
	atomic_store(&sp->stop, 0);
	atomic_store(&sp->pause, 0);
	sp->cancel = 0;
	sp->pending = msg;
	sp->pending_settings = *settings;
	pthread_cond_broadcast(&sp->cond);
	pthread_mutex_unlock(&sp->lock);
}

void sd_speech_stop(sd_speech *sp)
{
	pthread_mutex_lock(&sp->lock);
	if (sp->pending) {
		sd_message_free(sp->pending);
		sp->pending = NULL;
		sd_reply("703 STOP");
	}
	/* The thread sends the STOP event itself, after its last audio. */
	if (sp->running) {
		atomic_store(&sp->stop, 1);
		sp->cancel = 1;
	}
	pthread_mutex_unlock(&sp->lock);
}

void sd_speech_pause(sd_speech *sp)
{
	atomic_store(&sp->pause, 1);
}

/* bn_voice_list's callback for sd_speech_voices. */
typedef struct voices_ctx {
	void (*fn)(const char *name, const char *lang, void *user);
	void *user;
} voices_ctx;

static int each_voice(const bn_voice *v, void *user)
{
	voices_ctx *c = user;
	c->fn(v->name, "vi", c->user);
	return 0;
}

void sd_speech_voices(sd_speech *sp, void (*fn)(const char *name, const char *lang, void *user),
                      void *user)
{
	(void)sp;
	voices_ctx c = {fn, user};
	bn_error err = {0};
	if (bn_voice_list(NULL, each_voice, &c, &err) != BN_OK)
		sd_log(1, "%s", err.message);
}

void sd_speech_free(sd_speech *sp)
{
	if (!sp)
		return;
	if (sp->speaker) {
		pthread_mutex_lock(&sp->lock);
		stop_locked(sp);
		sp->quit = 1;
		pthread_cond_broadcast(&sp->cond);
		pthread_mutex_unlock(&sp->lock);
		pthread_join(sp->thread, NULL);
		pthread_mutex_destroy(&sp->lock);
		pthread_cond_destroy(&sp->cond);
	}
	if (sp->sink)
		bn_sink_abort(sp->sink);
	drop_marks(sp);
	bn_speaker_free(sp->speaker);
	bn_normalizer_free(sp->normalizer);
	free(sp);
}
