/* reader.c: interactive reading, for listeners who move through an article the way a screen
 * reader lets them: by sentence, paragraph and heading, with every key cutting speech off at
 * once. Speech runs as a plan: the sentences from the current one to the end, with spoken
 * announcements ("Tiêu đề", "Trích dẫn", "Mục") where blocks begin, spoken by a session
 * (bn_session: synthesised ahead by workers, played by the player process). The reader is
 * one poll loop on the keys' descriptor and the session's: a key silences the session and
 * gives it a new plan at the new place. */
#include "reader.h"
#include "sink.h"
#include "term.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

/* How far synthesis may run ahead of what is heard: enough for no gap, little enough that
 * the reader knows which sentence is playing. */
#define AHEAD_SECONDS 1
#define RATE_STEP     25

typedef struct reader {
	const bn_article *article;
	const bn_sentences *all;
	const bn_reader_options *opts;
	bn_voice voice; /* the rate changes with + and - */
	bn_normalizer *nz;
	bn_speaker *speaker;
	bn_session *session;
	bn_keymap keys;
	size_t cur;   /* the sentence being heard, or last heard */
	size_t shown; /* the last sentence printed by --show, or SIZE_MAX */
	int paused;
	/* The plan being spoken: its items (sentences and announcements), and the sentence each
	 * stands for (SIZE_MAX for an announcement). */
	bn_sentences plan;
	char **owned; /* announcement texts, freed with the plan */
	size_t *origin;
	size_t npar; /* paragraphs: blocks 1.. */
} reader;

/* ---- where the listener is ----------------------------------------------------------------- */

/* Follow playback: the current sentence, printed with --show when it changes. */
static void follow(reader *r)
{
	size_t item = bn_session_heard(r->session);
	while (item < r->plan.count && r->origin[item] == SIZE_MAX)
		item++; /* an announcement: it belongs to the sentence after it */
	if (item >= r->plan.count)
		return;
	r->cur = r->origin[item];
	if (r->opts->show && r->shown != r->cur) {
		r->shown = r->cur;
		printf("%s\n", r->all->items[r->cur].text);
		fflush(stdout);
	}
}

/* ---- plans ---------------------------------------------------------------------------------- */

static void free_plan(reader *r)
{
	for (size_t i = 0; r->owned && i < r->plan.count; i++)
		free(r->owned[i]);
	free(r->owned);
	free(r->plan.items);
	free(r->origin);
	r->owned = NULL;
	r->plan.items = NULL;
	r->plan.count = 0;
	r->origin = NULL;
}

/* Add an item: sentence `origin` of the article, or an announcement (text copied) in the
 * block of the sentence it comes before. */
static void add_item(reader *r, const char *announcement, size_t origin, size_t block)
{
	size_t i = r->plan.count++;
	bn_sentence *s = &r->plan.items[i];
	if (announcement) {
		r->owned[i] = bn_strndup(announcement, strlen(announcement));
		s->text = r->owned[i] ? r->owned[i] : "";
		s->block = block;
		s->index = 0;
		s->type = BN_BLOCK_PARAGRAPH;
		r->origin[i] = SIZE_MAX;
	} else {
		*s = r->all->items[origin];
		r->origin[i] = origin;
	}
}

/* What a block is announced as, where it begins. */
static const char *block_announcement(bn_block_type type)
{
	switch (type) {
	case BN_BLOCK_HEADING: return "Tiêu đề.";
	case BN_BLOCK_QUOTE: return "Trích dẫn.";
	case BN_BLOCK_LIST_ITEM: return "Mục.";
	default: return NULL; /* captions say "Ảnh" themselves (bn_normalize_sentence) */
	}
}

/* The plan from sentence `from` to the end, after an optional announcement. -1 when out of
 * memory. */
static int make_plan(reader *r, size_t from, const char *announcement)
{
	free_plan(r);
	size_t max = 2 * (r->all->count - from) + 3;
	r->plan.items = calloc(max, sizeof *r->plan.items);
	r->owned = calloc(max, sizeof *r->owned);
	r->origin = calloc(max, sizeof *r->origin);
	if (!r->plan.items || !r->owned || !r->origin)
		return -1;
	size_t first_block = from < r->all->count ? r->all->items[from].block : 0;
	if (announcement)
		add_item(r, announcement, 0, first_block);
	for (size_t i = from; i < r->all->count; i++) {
		const bn_sentence *s = &r->all->items[i];
		const char *a = block_announcement(s->type);
		if (a && (s->index == 0 || i == from))
			add_item(r, a, 0, s->block);
		add_item(r, NULL, i, 0);
	}
	add_item(r, "Hết bài.", 0, SIZE_MAX);
	return 0;
}

/* Silence now and stop synthesising. */
static void stop(reader *r)
{
	bn_session_stop(r->session);
}

/* Start speaking from sentence `from` (after an announcement, if any): the session goes on
 * in the poll loop. */
static bn_status speak(reader *r, size_t from, const char *announcement, bn_error *err)
{
	stop(r);
	r->paused = 0;
	if (from >= r->all->count)
		from = r->all->count ? r->all->count - 1 : 0;
	r->cur = from;
	if (make_plan(r, from, announcement) < 0)
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	return bn_session_speak(r->session, &r->plan, err);
}

/* ---- what the keys do ----------------------------------------------------------------------- */

/* The first sentence of the block after (dir > 0) or before (dir < 0) the current one, of
 * the given type (or any type for BN_BLOCK_TITLE); SIZE_MAX when there is none. */
static size_t find_block(const reader *r, int dir, int headings_only)
{
	const bn_sentences *all = r->all;
	size_t block = all->items[r->cur].block;
	if (dir > 0) {
		for (size_t i = r->cur + 1; i < all->count; i++)
			if (all->items[i].block != block && all->items[i].index == 0 &&
			    (!headings_only || all->items[i].type == BN_BLOCK_HEADING))
				return i;
		return SIZE_MAX;
	}
	/* Backwards: the start of the block before this one's start. */
	size_t i = r->cur;
	while (i > 0 && all->items[i].block == block)
		i--;
	for (;;) {
		if (all->items[i].block != block && all->items[i].index == 0 &&
		    (!headings_only || all->items[i].type == BN_BLOCK_HEADING))
			return i;
		if (i == 0)
			return SIZE_MAX;
		i--;
	}
}

/* "Đoạn 3 trên 12, câu 15 trên 60, 25 phần trăm." */
static char *where_am_i(const reader *r)
{
	const bn_sentence *s = &r->all->items[r->cur];
	bn_buf b = {0};
	if (s->block == 0)
		bn_buf_puts(&b, "Tiêu đề");
	else
		bn_buf_printf(&b, "Đoạn %zu trên %zu", s->block, r->npar);
	bn_buf_printf(&b, ", câu %zu trên %zu, %zu phần trăm.", r->cur + 1, r->all->count,
	              r->all->count ? (r->cur * 100) / r->all->count : 0);
	return bn_buf_take(&b);
}

/* The spoken help: each action with its keys, as bound now. */
static char *spoken_help(const reader *r)
{
	bn_buf b = {0};
	bn_buf_puts(&b, "Trợ giúp.");
	for (int a = 1; a < BN_ACT_COUNT; a++) {
		int any = 0;
		for (size_t i = 0; i < r->keys.count; i++) {
			if (r->keys.binding[i].action != (bn_action)a)
				continue;
			char name[64];
			bn_buf_printf(&b, "%s %s", any ? " hoặc" : "",
			              bn_key_spoken(r->keys.binding[i].key, name, sizeof name));
			any = 1;
		}
		if (any)
			bn_buf_printf(&b, ": %s.", bn_action_spoken((bn_action)a));
	}
	return bn_buf_take(&b);
}

/* Speak an announcement (owned text, NULL when out of memory), then go on at the current
 * sentence. */
static bn_status announce(reader *r, char *text, bn_error *err)
{
	if (!text)
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	bn_status st = speak(r, r->cur, text, err);
	free(text);
	return st;
}

static char *copy(const char *s)
{
	return bn_strndup(s, strlen(s));
}

/* Do what the key is bound to; 1 when the reader should quit. */
static int act(reader *r, bn_action action, bn_status *st, bn_error *err)
{
	size_t n = r->all->count, to;
	bn_buf b = {0};
	switch (action) {
	case BN_ACT_NONE: return 0;
	case BN_ACT_QUIT: stop(r); return 1;
	case BN_ACT_PAUSE:
		if (r->paused) {
			*st = speak(r, r->cur, NULL, err);
		} else {
			stop(r);
			r->paused = 1;
		}
		return 0;
	case BN_ACT_NEXT_SENTENCE:
		if (r->cur + 1 >= n)
			*st = announce(r, copy("Hết bài."), err);
		else
			*st = speak(r, r->cur + 1, NULL, err);
		return 0;
	case BN_ACT_PREV_SENTENCE:
		*st = speak(r, r->cur ? r->cur - 1 : 0, r->cur ? NULL : "Đầu bài.", err);
		return 0;
	case BN_ACT_NEXT_PARAGRAPH:
	case BN_ACT_PREV_PARAGRAPH:
	case BN_ACT_NEXT_HEADING:
	case BN_ACT_PREV_HEADING: {
		int dir = action == BN_ACT_NEXT_PARAGRAPH || action == BN_ACT_NEXT_HEADING ? 1 : -1;
		int headings = action == BN_ACT_NEXT_HEADING || action == BN_ACT_PREV_HEADING;
		to = find_block(r, dir, headings);
		if (to != SIZE_MAX)
			*st = speak(r, to, NULL, err);
		else if (headings)
			*st = announce(r,
			               copy(dir > 0 ? "Không còn đề mục nào phía sau."
			                            : "Không có đề mục nào phía trước."),
			               err);
		else
			*st = announce(r, copy(dir > 0 ? "Hết bài." : "Đầu bài."), err);
		return 0;
	}
	case BN_ACT_START: *st = speak(r, 0, NULL, err); return 0;
	case BN_ACT_END: *st = speak(r, n ? n - 1 : 0, NULL, err); return 0;
	case BN_ACT_REPEAT: *st = speak(r, r->cur, NULL, err); return 0;
	case BN_ACT_FASTER:
	case BN_ACT_SLOWER: {
		int rate = r->voice.rate + (action == BN_ACT_FASTER ? RATE_STEP : -RATE_STEP);
		rate = rate < 80 ? 80 : rate > 900 ? 900 : rate;
		stop(r); /* workers take the new rate when they start again */
		if (bn_speaker_set_rate(r->speaker, rate, err) == BN_OK)
			r->voice.rate = rate;
		bn_buf_printf(&b, "Tốc độ %d.", r->voice.rate);
		*st = announce(r, bn_buf_take(&b), err);
		return 0;
	}
	case BN_ACT_TITLE:
		bn_buf_printf(&b, "Tiêu đề: %s",
		              r->article->title ? r->article->title : "không có tiêu đề.");
		*st = announce(r, bn_buf_take(&b), err);
		return 0;
	case BN_ACT_WHERE: *st = announce(r, where_am_i(r), err); return 0;
	case BN_ACT_SPELL:
		*st = announce(r, bn_spell_written(r->all->items[r->cur].text), err);
		return 0;
	case BN_ACT_HELP: *st = announce(r, spoken_help(r), err); return 0;
	case BN_ACT_COUNT: return 0;
	}
	return 0;
}

/* The user's key file: $XDG_CONFIG_HOME/baonoi/keys, else ~/.config/baonoi/keys. */
static bn_status load_keys(reader *r, bn_error *err)
{
	bn_keymap_default(&r->keys);
	if (r->opts->key_file)
		return bn_keymap_load(&r->keys, r->opts->key_file, 1, err);
	char *path = bn_user_path("XDG_CONFIG_HOME", ".config", "keys");
	if (!path)
		return BN_OK; /* no home: the default keys */
	bn_status st = bn_keymap_load(&r->keys, path, 0, err);
	free(path);
	return st;
}

/* Do what the keys waiting say; 1 when the reader should quit (a quit key, or the end of
 * the keys). */
static int take_keys(reader *r, bn_status *st, bn_error *err)
{
	for (;;) {
		int key = bn_term_read_key();
		if (key == BN_KEY_NONE)
			return 0;
		if (key == BN_KEY_EOF || act(r, bn_keymap_action(&r->keys, key), st, err))
			return 1;
		if (*st != BN_OK)
			return 0;
	}
}

/* The keys and speech loop, after set-up: one poll on the keys, the session and the quit
 * signals (a signalfd: they are blocked while the reader runs). */
static bn_status run(reader *r, volatile sig_atomic_t *quit, int signal_fd, bn_error *err)
{
	size_t start = 0;
	if (r->opts->resume && r->opts->position_key) {
		long saved = bn_position_load(r->opts->position_key);
		if (saved > 0 && (size_t)saved < r->all->count)
			start = (size_t)saved;
	}
	bn_status st = speak(r, start, NULL, err);
	while (st == BN_OK && !*quit) {
		struct pollfd fds[3] = {{bn_term_fd(), POLLIN, 0},
		                        {bn_session_fd(r->session), POLLIN, 0},
		                        {signal_fd, POLLIN, 0}};
		if (poll(fds, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			st = bn_fail(err, BN_ERR_INTERNAL, "interactive reading: %s",
			             strerror(errno));
			break;
		}
		struct signalfd_siginfo si;
		if (fds[2].revents && read(signal_fd, &si, sizeof si) == (ssize_t)sizeof si) {
			*quit = (sig_atomic_t)si.ssi_signo; /* the status says which ended it */
			break;
		}
		if (fds[1].revents) {
			st = bn_session_step(r->session, err);
			if (!r->paused)
				follow(r);
		}
		if (st == BN_OK && fds[0].revents && take_keys(r, &st, err))
			break;
	}
	stop(r);
	return st;
}

bn_status bn_read_interactive(const bn_article *article, const bn_sentences *sentences,
                              bn_sink *player, const bn_reader_options *opts,
                              volatile sig_atomic_t *quit, bn_error *err)
{
	reader r = {0};
	r.article = article;
	r.all = sentences;
	r.opts = opts;
	r.voice = *opts->voice;
	r.shown = SIZE_MAX;
	for (size_t i = 0; i < sentences->count; i++)
		if (sentences->items[i].block > r.npar)
			r.npar = sentences->items[i].block;
	bn_status st =
	        sentences->count ? BN_OK : bn_fail(err, BN_ERR_NO_ARTICLE, "nothing to read");
	if (st == BN_OK)
		st = load_keys(&r, err);
	if (st == BN_OK)
		st = bn_normalizer_new(&r.voice, NULL, &r.nz, err);
	if (st == BN_OK && opts->lexicon)
		st = bn_normalizer_add_lexicon(r.nz, opts->lexicon, err);
	if (st == BN_OK)
		st = bn_speaker_new(&r.voice, &r.speaker, err);
	bn_session_options so = {sizeof so, &r.voice, opts->jobs, AHEAD_SECONDS * 1000, NULL, NULL};
	if (st == BN_OK)
		st = bn_session_new(r.speaker, r.nz, player, &so, &r.session, err);
	/* The quit signals come as reads on a descriptor the loop polls. */
	sigset_t quit_signals, old_mask;
	sigemptyset(&quit_signals);
	sigaddset(&quit_signals, SIGINT);
	sigaddset(&quit_signals, SIGTERM);
	sigaddset(&quit_signals, SIGHUP);
	sigprocmask(SIG_BLOCK, &quit_signals, &old_mask);
	int signal_fd = signalfd(-1, &quit_signals, SFD_CLOEXEC | SFD_NONBLOCK);
	if (st == BN_OK && signal_fd < 0)
		st = bn_fail(err, BN_ERR_INTERNAL, "interactive reading: %s", strerror(errno));
	if (st == BN_OK)
		st = bn_term_begin(opts->stdin_is_source, err);
	if (st == BN_OK) {
		atexit(bn_term_end);
		st = run(&r, quit, signal_fd, err);
		bn_term_end();
	}
	if (signal_fd >= 0)
		close(signal_fd);
	sigprocmask(SIG_SETMASK, &old_mask, NULL); /* one that came since is handled as usual */
	bn_session_free(r.session);
	bn_sink_abort(player);
	if (opts->position_key && r.session) {
		bn_error save_err;
		/* The reading itself went well: a place that cannot be kept is worth a warning,
		 * not a failed run. */
		if (bn_position_save(opts->position_key, r.cur, sentences->count, &save_err) !=
		    BN_OK)
			fprintf(stderr, "baonoi: warning: %s\n", save_err.message);
	}
	free_plan(&r);
	bn_speaker_free(r.speaker);
	bn_normalizer_free(r.nz);
	return st;
}
