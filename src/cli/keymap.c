/* keymap.c: the interactive reader's keys: their names, the actions they are bound to by
 * default, and the user's key file that rebinds them. */
#include "buf.h"
#include "lines.h"
#include "term.h"
#include "vi.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Control-C as the terminal sends it: it always quits. */
#define CTRL_C 0x03

/* Each action's name in key files, what it is called aloud, and its default keys. */
static const struct {
	const char *name;
	const char *spoken;
	int keys[3];
} actions[BN_ACT_COUNT] = {
        [BN_ACT_NONE] = {"none", "", {0}},
        [BN_ACT_PAUSE] = {"pause", "tạm dừng hoặc đọc tiếp", {' '}},
        [BN_ACT_NEXT_SENTENCE] = {"next-sentence", "câu sau", {BN_KEY_RIGHT}},
        [BN_ACT_PREV_SENTENCE] = {"previous-sentence", "câu trước", {BN_KEY_LEFT}},
        [BN_ACT_NEXT_PARAGRAPH] = {"next-paragraph", "đoạn sau", {BN_KEY_DOWN}},
        [BN_ACT_PREV_PARAGRAPH] = {"previous-paragraph", "đoạn trước", {BN_KEY_UP}},
        [BN_ACT_NEXT_HEADING] = {"next-heading", "đề mục sau", {'h'}},
        [BN_ACT_PREV_HEADING] = {"previous-heading", "đề mục trước", {'H'}},
        [BN_ACT_START] = {"start", "về đầu bài", {BN_KEY_HOME}},
        [BN_ACT_END] = {"end", "đến cuối bài", {BN_KEY_END}},
        [BN_ACT_REPEAT] = {"repeat", "đọc lại câu", {'r'}},
        [BN_ACT_FASTER] = {"faster", "đọc nhanh hơn", {'+', '='}},
        [BN_ACT_SLOWER] = {"slower", "đọc chậm hơn", {'-'}},
        [BN_ACT_TITLE] = {"title", "đọc tiêu đề", {'t'}},
        [BN_ACT_WHERE] = {"where", "cho biết đang ở đâu", {'i'}},
        [BN_ACT_SPELL] = {"spell", "đọc nguyên văn câu, đánh vần số và chữ viết tắt", {'s'}},
        [BN_ACT_HELP] = {"help", "trợ giúp", {'?'}},
        [BN_ACT_QUIT] = {"quit", "thoát", {'q', BN_KEY_ESC, CTRL_C}},
};

/* Keys with names of their own, in key files and aloud. */
static const struct {
	int key;
	const char *name;
	const char *spoken;
} named_keys[] = {
        {' ', "Space", "phím cách"},
        {BN_KEY_RIGHT, "Right", "mũi tên phải"},
        {BN_KEY_LEFT, "Left", "mũi tên trái"},
        {BN_KEY_UP, "Up", "mũi tên lên"},
        {BN_KEY_DOWN, "Down", "mũi tên xuống"},
        {BN_KEY_HOME, "Home", "phím hôm"},
        {BN_KEY_END, "End", "phím en"},
        {BN_KEY_PAGE_UP, "PageUp", "phím lên trang"},
        {BN_KEY_PAGE_DOWN, "PageDown", "phím xuống trang"},
        {BN_KEY_ESC, "Esc", "phím thoát"},
        {BN_KEY_ENTER, "Enter", "phím en tơ"},
        {BN_KEY_BACKSPACE, "Backspace", "phím xóa lùi"},
        {'\t', "Tab", "phím táp"},
        {'+', "+", "dấu cộng"},
        {'-', "-", "dấu trừ"},
        {'=', "=", "dấu bằng"},
        {'?', "?", "dấu hỏi"},
        {'#', "#", "dấu thăng"},
};

void bn_keymap_default(bn_keymap *map)
{
	map->count = 0;
	for (int a = 1; a < BN_ACT_COUNT; a++)
		for (size_t k = 0; k < 3 && actions[a].keys[k]; k++) {
			map->binding[map->count].key = actions[a].keys[k];
			map->binding[map->count].action = (bn_action)a;
			map->count++;
		}
}

bn_action bn_keymap_action(const bn_keymap *map, int key)
{
	for (size_t i = 0; i < map->count; i++)
		if (map->binding[i].key == key)
			return map->binding[i].action;
	return BN_ACT_NONE;
}

const char *bn_action_name(bn_action action)
{
	return action > 0 && action < BN_ACT_COUNT ? actions[action].name : "none";
}

const char *bn_action_spoken(bn_action action)
{
	return action > 0 && action < BN_ACT_COUNT ? actions[action].spoken : "";
}

/* A key's modifier prefixes in key files ("C-Right", "M-x", "S-Left", "C-M-Right"), and
 * aloud. */
static const struct {
	char letter;
	int flag;
	const char *spoken;
} modifiers[] = {
        {'C', BN_KEY_CTRL, "control "}, {'M', BN_KEY_ALT, "alt "}, {'S', BN_KEY_SHIFT, "shift "}};

#define MODIFIER_MASK (BN_KEY_CTRL | BN_KEY_ALT | BN_KEY_SHIFT)

static int key_from_plain_name(const char *name);

/* The key a name stands for ("Right", "q", "C-c", "C-Right", "M-x"); BN_KEY_NONE for none.
 * C- with a letter is the control character (C-c is 0x03); before any other key, and M- and
 * S- before any key, it is a modifier. */
static int key_from_name(const char *name)
{
	int flags = 0;
	while (name[0] && name[1] == '-' && name[2]) {
		size_t m = 0;
		while (m < BN_ARRAY_LEN(modifiers) && modifiers[m].letter != name[0] &&
		       modifiers[m].letter != name[0] - 'a' + 'A')
			m++;
		if (m == BN_ARRAY_LEN(modifiers))
			break;
		flags |= modifiers[m].flag;
		name += 2;
	}
	int key = key_from_plain_name(name);
	if (key == BN_KEY_NONE)
		return BN_KEY_NONE;
	if ((flags & BN_KEY_CTRL) && ((key >= 'a' && key <= 'z') || (key >= 'A' && key <= 'Z'))) {
		key = (key | 0x20) - 'a' + 1; /* C-x: the control character terminals send */
		flags &= ~BN_KEY_CTRL;
	}
	return key | flags;
}

/* The key a name without modifiers stands for ("Right", "q"). */
static int key_from_plain_name(const char *name)
{
	for (size_t i = 0; i < BN_ARRAY_LEN(named_keys); i++)
		if (bn_ascii_casecmp(name, named_keys[i].name) == 0 && strlen(name) > 1)
			return named_keys[i].key;
	if (name[0] > ' ' && (unsigned char)name[0] < 0x7f && !name[1])
		return name[0];
	return BN_KEY_NONE;
}

const char *bn_key_name(int key, char *buf, size_t size)
{
	char prefix[8] = "";
	size_t n = 0;
	for (size_t m = 0; m < BN_ARRAY_LEN(modifiers); m++)
		if (key & modifiers[m].flag) {
			prefix[n++] = modifiers[m].letter;
			prefix[n++] = '-';
		}
	prefix[n] = '\0';
	int plain = key & ~MODIFIER_MASK;
	for (size_t i = 0; i < BN_ARRAY_LEN(named_keys); i++)
		if (named_keys[i].key == plain) {
			if (!n)
				return named_keys[i].name;
			snprintf(buf, size, "%s%s", prefix, named_keys[i].name);
			return buf;
		}
	if (plain >= 1 && plain <= 26)
		snprintf(buf, size, "%sC-%c", prefix, 'a' + plain - 1);
	else
		snprintf(buf, size, "%s%c", prefix, plain > ' ' && plain < 0x7f ? plain : '?');
	return buf;
}

const char *bn_key_spoken(int key, char *buf, size_t size)
{
	if (key & MODIFIER_MASK) {
		char rest[96];
		const char *plain = bn_key_spoken(key & ~MODIFIER_MASK, rest, sizeof rest);
		if (strncmp(plain, "phím ", 5) == 0)
			plain += 5;
		bn_buf b = {0};
		bn_buf_puts(&b, "phím ");
		for (size_t m = 0; m < BN_ARRAY_LEN(modifiers); m++)
			if (key & modifiers[m].flag)
				bn_buf_puts(&b, modifiers[m].spoken);
		bn_buf_puts(&b, plain);
		snprintf(buf, size, "%s", b.data && !b.failed ? b.data : "");
		bn_buf_free(&b);
		return buf;
	}
	for (size_t i = 0; i < BN_ARRAY_LEN(named_keys); i++)
		if (named_keys[i].key == key)
			return named_keys[i].spoken;
	bn_buf b = {0};
	if (key >= 1 && key <= 26) {
		bn_buf_puts(&b, "control");
		vi_say_letter(&b, 'a' + key - 1);
	} else if (key >= '0' && key <= '9') {
		bn_buf_puts(&b, vi_digit_name(key - '0'));
	} else if ((key >= 'a' && key <= 'z') || (key >= 'A' && key <= 'Z')) {
		vi_say_letter(&b, key);
		if (key <= 'Z')
			bn_buf_puts(&b, " hoa");
	} else {
		vi_say_letter(&b, key);
	}
	snprintf(buf, size, "phím %s", b.data && !b.failed ? b.data : "");
	bn_buf_free(&b);
	return buf;
}

/* Give action the keys (taken from whatever action had them), instead of its own; -1 when
 * they do not all fit. */
static int rebind(bn_keymap *map, bn_action action, const int *keys, size_t n)
{
	size_t out = 0;
	for (size_t i = 0; i < map->count; i++) {
		int taken = map->binding[i].action == action;
		for (size_t k = 0; k < n && !taken; k++)
			taken = map->binding[i].key == keys[k];
		if (!taken)
			map->binding[out++] = map->binding[i];
	}
	map->count = out;
	for (size_t k = 0; k < n; k++) {
		if (map->count == BN_KEYMAP_SLOTS)
			return -1;
		map->binding[map->count].key = keys[k];
		map->binding[map->count].action = action;
		map->count++;
	}
	return 0;
}

/* Bind key to action too, keeping the action's other keys; -1 when it does not fit. */
static int rebind_key(bn_keymap *map, int key, bn_action action)
{
	size_t out = 0;
	for (size_t i = 0; i < map->count; i++)
		if (map->binding[i].key != key)
			map->binding[out++] = map->binding[i];
	map->count = out;
	if (map->count == BN_KEYMAP_SLOTS)
		return -1;
	map->binding[map->count].key = key;
	map->binding[map->count].action = action;
	map->count++;
	return 0;
}

bn_status bn_keymap_load(bn_keymap *map, const char *path, int required, bn_error *err)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (!required && errno == ENOENT)
			return BN_OK;
		return bn_fail(err, BN_ERR_USAGE, "%s: cannot read the key file: %s", path,
		               strerror(errno));
	}
	/* A key file is a few short lines: anything much longer is not one (/dev/zero). */
	bn_lines in;
	bn_lines_init(&in, f, path, 4096, 64 * 1024, BN_ERR_USAGE);
	bn_status st = BN_OK;
	int got = 0;
	while (st == BN_OK && (got = bn_lines_next(&in, err)) == 1) {
		size_t lineno = in.lineno;
		char *save = NULL;
		char *word = strtok_r(in.line, " \t\r\n", &save);
		if (!word || word[0] == '#') /* a blank line or a comment */
			continue;
		bn_action action = BN_ACT_NONE;
		for (int a = 1; a < BN_ACT_COUNT; a++)
			if (strcmp(word, actions[a].name) == 0)
				action = (bn_action)a;
		if (action == BN_ACT_NONE) {
			st = bn_fail(err, BN_ERR_USAGE, "%s:%zu: unknown action '%s'", path, lineno,
			             word);
			break;
		}
		int keys[16];
		size_t n = 0;
		while (st == BN_OK && (word = strtok_r(NULL, " \t\r\n", &save))) {
			int key = key_from_name(word);
			if (key == BN_KEY_NONE)
				st = bn_fail(err, BN_ERR_USAGE, "%s:%zu: unknown key '%s'", path,
				             lineno, word);
			else if (key == CTRL_C && action != BN_ACT_QUIT)
				st = bn_fail(err, BN_ERR_USAGE,
				             "%s:%zu: C-c always quits; it cannot be bound to '%s'",
				             path, lineno, actions[action].name);
			else if (n == BN_ARRAY_LEN(keys))
				st = bn_fail(err, BN_ERR_USAGE,
				             "%s:%zu: more than %zu keys for '%s'", path, lineno,
				             BN_ARRAY_LEN(keys), actions[action].name);
			else
				keys[n++] = key;
		}
		if (st == BN_OK && rebind(map, action, keys, n) != 0)
			st = bn_fail(err, BN_ERR_USAGE, "%s:%zu: more than %d keys bound in all",
			             path, lineno, BN_KEYMAP_SLOTS);
	}
	if (got < 0)
		st = err ? err->status : BN_ERR_USAGE;
	bn_lines_free(&in);
	fclose(f);
	/* Whatever the file says, C-c still quits: a raw terminal always has a way out. */
	if (st == BN_OK && bn_keymap_action(map, CTRL_C) != BN_ACT_QUIT &&
	    rebind_key(map, CTRL_C, BN_ACT_QUIT) != 0)
		st = bn_fail(err, BN_ERR_USAGE, "%s: more than %d keys bound in all", path,
		             BN_KEYMAP_SLOTS);
	return st;
}
