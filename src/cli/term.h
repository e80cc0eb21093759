/* term.h: raw keys from the terminal for the interactive reader (term.c), and the names and
 * actions they are bound to (keymap.c). */
#ifndef BN_TERM_H
#define BN_TERM_H

#include "internal.h"

#include <signal.h>

/* Keys: printable ASCII characters and control characters stand for themselves; the others
 * take codes above 255. */
enum {
	BN_KEY_NONE = -1, /* nothing waiting, or a sequence of no key we know */
	BN_KEY_EOF = -2,  /* the input ended */
	BN_KEY_ESC = 0x1b,
	BN_KEY_ENTER = '\r',
	BN_KEY_BACKSPACE = 0x7f,
	BN_KEY_UP = 0x100,
	BN_KEY_DOWN,
	BN_KEY_LEFT,
	BN_KEY_RIGHT,
	BN_KEY_HOME,
	BN_KEY_END,
	BN_KEY_PAGE_UP,
	BN_KEY_PAGE_DOWN,
	/* Modifiers, added to a key: Shift-Right, Ctrl-Right, Alt-x (Esc then x). */
	BN_KEY_SHIFT = 0x1000,
	BN_KEY_ALT = 0x2000,
	BN_KEY_CTRL = 0x4000
};

/* Take keys raw from the terminal (through /dev/tty, a descriptor of our own), or from
 * standard input when it is a pipe of keys from a script and not the article
 * (stdin_is_source 0); keys are waited for by polling bn_term_fd. The terminal is restored
 * by bn_term_end, or by itself on a crash. */
bn_status bn_term_begin(int stdin_is_source, bn_error *err);
/* The descriptor keys are read from while active, else -1. */
int bn_term_fd(void);
void bn_term_end(void);
/* The next key, BN_KEY_NONE when none is waiting, BN_KEY_EOF when the input ended. */
int bn_term_read_key(void);

/* What a key does in the reader. */
typedef enum bn_action {
	BN_ACT_NONE,
	BN_ACT_PAUSE,
	BN_ACT_NEXT_SENTENCE,
	BN_ACT_PREV_SENTENCE,
	BN_ACT_NEXT_PARAGRAPH,
	BN_ACT_PREV_PARAGRAPH,
	BN_ACT_NEXT_HEADING,
	BN_ACT_PREV_HEADING,
	BN_ACT_START,
	BN_ACT_END,
	BN_ACT_REPEAT,
	BN_ACT_FASTER,
	BN_ACT_SLOWER,
	BN_ACT_TITLE,
	BN_ACT_WHERE,
	BN_ACT_SPELL,
	BN_ACT_HELP,
	BN_ACT_QUIT,
	BN_ACT_COUNT
} bn_action;

#define BN_KEYMAP_SLOTS 128

/* Keys and the actions they are bound to. */
typedef struct bn_keymap {
	size_t count;
	struct {
		int key;
		bn_action action;
	} binding[BN_KEYMAP_SLOTS];
} bn_keymap;

/* The default bindings. */
void bn_keymap_default(bn_keymap *map);
/* Apply a key file (lines "action key...", and comment lines starting with #): each listed
 * action takes the given keys instead of its defaults. A missing file is fine unless
 * required. */
bn_status bn_keymap_load(bn_keymap *map, const char *path, int required, bn_error *err);
bn_action bn_keymap_action(const bn_keymap *map, int key);
/* The action's name in key files ("next-sentence"), and its spoken description. */
const char *bn_action_name(bn_action action);
const char *bn_action_spoken(bn_action action);
/* A key's name in key files ("Right", "Space", "q", "C-c"), into buf; its spoken name. */
const char *bn_key_name(int key, char *buf, size_t size);
const char *bn_key_spoken(int key, char *buf, size_t size);

#endif
