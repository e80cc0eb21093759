/* test_reader.c: the interactive reader's helpers: default keys and a user's key file
 * (rebinding, errors), key names, sentences spelled as written, and reading positions saved
 * and found again in the XDG state directory. */
#include "unit.h"

#include "reader.h"
#include "term.h"

#include <unistd.h>

static char dir[] = "/tmp/baonoi-reader-XXXXXX";

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	return setenv("XDG_STATE_HOME", dir, 1);
}

static int teardown(void **state)
{
	(void)state;
	char cmd[256];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_default_keys(void **state)
{
	(void)state;
	bn_keymap map;
	bn_keymap_default(&map);
	assert_int_equal(bn_keymap_action(&map, ' '), BN_ACT_PAUSE);
	assert_int_equal(bn_keymap_action(&map, BN_KEY_RIGHT), BN_ACT_NEXT_SENTENCE);
	assert_int_equal(bn_keymap_action(&map, BN_KEY_LEFT), BN_ACT_PREV_SENTENCE);
	assert_int_equal(bn_keymap_action(&map, BN_KEY_DOWN), BN_ACT_NEXT_PARAGRAPH);
	assert_int_equal(bn_keymap_action(&map, BN_KEY_UP), BN_ACT_PREV_PARAGRAPH);
	assert_int_equal(bn_keymap_action(&map, 'h'), BN_ACT_NEXT_HEADING);
	assert_int_equal(bn_keymap_action(&map, 'H'), BN_ACT_PREV_HEADING);
	assert_int_equal(bn_keymap_action(&map, BN_KEY_HOME), BN_ACT_START);
	assert_int_equal(bn_keymap_action(&map, BN_KEY_END), BN_ACT_END);
	assert_int_equal(bn_keymap_action(&map, 'r'), BN_ACT_REPEAT);
	assert_int_equal(bn_keymap_action(&map, '+'), BN_ACT_FASTER);
	assert_int_equal(bn_keymap_action(&map, '-'), BN_ACT_SLOWER);
	assert_int_equal(bn_keymap_action(&map, 't'), BN_ACT_TITLE);
	assert_int_equal(bn_keymap_action(&map, 'i'), BN_ACT_WHERE);
	assert_int_equal(bn_keymap_action(&map, 's'), BN_ACT_SPELL);
	assert_int_equal(bn_keymap_action(&map, '?'), BN_ACT_HELP);
	assert_int_equal(bn_keymap_action(&map, 'q'), BN_ACT_QUIT);
	assert_int_equal(bn_keymap_action(&map, BN_KEY_ESC), BN_ACT_QUIT);
	assert_int_equal(bn_keymap_action(&map, 0x03), BN_ACT_QUIT); /* Ctrl-C */
	assert_int_equal(bn_keymap_action(&map, 'x'), BN_ACT_NONE);
}

static void test_key_file(void **state)
{
	(void)state;
	char path[512];
	snprintf(path, sizeof path, "%s/keys", dir);
	/* Vim-like sentence keys, and q taken for pause (so no longer quit). */
	write_file(path, "# my keys\n\nnext-sentence l Right\nprevious-sentence h\npause q C-p\n");
	bn_keymap map;
	bn_keymap_default(&map);
	bn_error err;
	assert_int_equal(bn_keymap_load(&map, path, 1, &err), BN_OK);
	assert_int_equal(bn_keymap_action(&map, 'l'), BN_ACT_NEXT_SENTENCE);
	assert_int_equal(bn_keymap_action(&map, BN_KEY_RIGHT), BN_ACT_NEXT_SENTENCE);
	assert_int_equal(bn_keymap_action(&map, 'h'), BN_ACT_PREV_SENTENCE);
	assert_int_equal(bn_keymap_action(&map, BN_KEY_LEFT), BN_ACT_NONE); /* replaced */
	assert_int_equal(bn_keymap_action(&map, 'q'), BN_ACT_PAUSE);
	assert_int_equal(bn_keymap_action(&map, 0x10), BN_ACT_PAUSE); /* C-p */
	assert_int_equal(bn_keymap_action(&map, ' '), BN_ACT_NONE);
	assert_int_equal(bn_keymap_action(&map, BN_KEY_ESC), BN_ACT_QUIT); /* untouched */

	write_file(path, "next-sentence Rihgt\n");
	assert_int_equal(bn_keymap_load(&map, path, 1, &err), BN_ERR_USAGE);
	assert_non_null(strstr(err.message, "keys:1: unknown key 'Rihgt'"));
	write_file(path, "\njump x\n");
	assert_int_equal(bn_keymap_load(&map, path, 1, &err), BN_ERR_USAGE);
	assert_non_null(strstr(err.message, "keys:2: unknown action 'jump'"));

	/* A line is read whole: a long comment cannot end in a binding of its own. */
	char long_line[2048];
	snprintf(long_line, sizeof long_line, "# %0600d quit x\n", 0);
	write_file(path, long_line);
	bn_keymap_default(&map);
	assert_int_equal(bn_keymap_load(&map, path, 1, &err), BN_OK);
	assert_int_equal(bn_keymap_action(&map, 'x'), BN_ACT_NONE);
	/* Too many keys for one action is said, not dropped. */
	write_file(path, "pause a b c d e f g h i j k l m n o p r\n");
	assert_int_equal(bn_keymap_load(&map, path, 1, &err), BN_ERR_USAGE);
	assert_non_null(strstr(err.message, "keys:1: more than 16 keys for 'pause'"));
	/* Not a key file: a NUL byte, an endless line. */
	write_file(path, "pause a\n");
	FILE *f = fopen(path, "a");
	fputc('\0', f);
	fclose(f);
	assert_int_equal(bn_keymap_load(&map, path, 1, &err), BN_ERR_USAGE);
	assert_non_null(strstr(err.message, "keys:2: a NUL byte"));
	assert_int_equal(bn_keymap_load(&map, "/dev/zero", 1, &err), BN_ERR_USAGE);

	/* Every way out unbound: C-c still quits, and cannot be taken. */
	write_file(path, "quit Tab\npause q Esc\n");
	bn_keymap_default(&map);
	assert_int_equal(bn_keymap_load(&map, path, 1, &err), BN_OK);
	assert_int_equal(bn_keymap_action(&map, 'q'), BN_ACT_PAUSE);
	assert_int_equal(bn_keymap_action(&map, 0x03), BN_ACT_QUIT);
	write_file(path, "quit Tab\n");
	bn_keymap_default(&map);
	assert_int_equal(bn_keymap_load(&map, path, 1, &err), BN_OK);
	assert_int_equal(bn_keymap_action(&map, 0x03), BN_ACT_QUIT);
	write_file(path, "pause C-c\n");
	assert_int_equal(bn_keymap_load(&map, path, 1, &err), BN_ERR_USAGE);
	assert_non_null(strstr(err.message, "keys:1: C-c always quits"));

	/* A missing file: fine for the default one, an error when named. */
	snprintf(path, sizeof path, "%s/none", dir);
	assert_int_equal(bn_keymap_load(&map, path, 0, &err), BN_OK);
	assert_int_equal(bn_keymap_load(&map, path, 1, &err), BN_ERR_USAGE);
}

static void test_key_names(void **state)
{
	(void)state;
	char buf[64];
	assert_string_equal(bn_key_name(BN_KEY_RIGHT, buf, sizeof buf), "Right");
	assert_string_equal(bn_key_name(' ', buf, sizeof buf), "Space");
	assert_string_equal(bn_key_name(0x03, buf, sizeof buf), "C-c");
	assert_string_equal(bn_key_name('h', buf, sizeof buf), "h");
	assert_string_equal(bn_key_spoken(BN_KEY_LEFT, buf, sizeof buf), "mũi tên trái");
	assert_string_equal(bn_key_spoken('h', buf, sizeof buf), "phím hát");
	assert_string_equal(bn_key_spoken('H', buf, sizeof buf), "phím hát hoa");
	assert_string_equal(bn_key_spoken('?', buf, sizeof buf), "dấu hỏi");
	assert_string_equal(bn_action_name(BN_ACT_NEXT_HEADING), "next-heading");
	assert_string_equal(bn_action_spoken(BN_ACT_QUIT), "thoát");
	/* Keys with modifiers. */
	assert_string_equal(bn_key_name(BN_KEY_CTRL | BN_KEY_RIGHT, buf, sizeof buf), "C-Right");
	assert_string_equal(bn_key_name(BN_KEY_ALT | 'x', buf, sizeof buf), "M-x");
	assert_string_equal(bn_key_name(BN_KEY_ALT | 0x03, buf, sizeof buf), "M-C-c");
	assert_string_equal(bn_key_spoken(BN_KEY_CTRL | BN_KEY_RIGHT, buf, sizeof buf),
	                    "phím control mũi tên phải");
}

/* A key file binding keys with modifiers, by the names bn_key_name gives them. */
static void test_key_file_modifiers(void **state)
{
	(void)state;
	char path[512];
	snprintf(path, sizeof path, "%s/keys-mod", dir);
	write_file(path, "next-paragraph C-Right S-Down\nprevious-paragraph M-p c-m-c\n");
	bn_keymap map;
	bn_keymap_default(&map);
	bn_error err;
	assert_int_equal(bn_keymap_load(&map, path, 1, &err), BN_OK);
	assert_int_equal(bn_keymap_action(&map, BN_KEY_CTRL | BN_KEY_RIGHT), BN_ACT_NEXT_PARAGRAPH);
	assert_int_equal(bn_keymap_action(&map, BN_KEY_SHIFT | BN_KEY_DOWN), BN_ACT_NEXT_PARAGRAPH);
	assert_int_equal(bn_keymap_action(&map, BN_KEY_ALT | 'p'), BN_ACT_PREV_PARAGRAPH);
	assert_int_equal(bn_keymap_action(&map, BN_KEY_ALT | 0x03), BN_ACT_PREV_PARAGRAPH);
	assert_int_equal(bn_keymap_action(&map, BN_KEY_RIGHT), BN_ACT_NEXT_SENTENCE);
}

/* Keys decoded from the bytes a terminal sends, through a pipe on standard input: whole
 * escape sequences, with modifiers, never split into keys; Alt-x is not Esc; Esc alone is Esc
 * once nothing follows it. */
static void test_key_sequences(void **state)
{
	(void)state;
	int p[2];
	assert_int_equal(pipe(p), 0);
	int saved_stdin = dup(STDIN_FILENO);
	assert_true(dup2(p[0], STDIN_FILENO) >= 0);
	close(p[0]);
	bn_error err;
	assert_int_equal(bn_term_begin(0, &err), BN_OK);
	static const char bytes[] = "\033[1;5Cx"              /* Ctrl-Right, then x */
	                            "\033[C\033OD"            /* Right (CSI), Left (SS3) */
	                            "\033[5~\033[1;2A\033[1~" /* PageUp, Shift-Up, Home */
	                            "\033x\033q"              /* Alt-x, Alt-q: not Esc */
	                            "\033[200~"               /* bracketed paste: no key of ours */
	                            "\033[?1;2c"              /* a terminal's report: no key */
	                            "\033[99;99;99z"          /* unknown: no key */
	                            "\033[3;5~"               /* Ctrl-Delete: no key of ours */
	                            "\033O5C"                 /* Ctrl-Right in SS3 form */
	                            "\r\177k";
	assert_int_equal(write(p[1], bytes, sizeof bytes - 1), (ssize_t)(sizeof bytes - 1));
	static const int want[] = {BN_KEY_CTRL | BN_KEY_RIGHT,
	                           'x',
	                           BN_KEY_RIGHT,
	                           BN_KEY_LEFT,
	                           BN_KEY_PAGE_UP,
	                           BN_KEY_SHIFT | BN_KEY_UP,
	                           BN_KEY_HOME,
	                           BN_KEY_ALT | 'x',
	                           BN_KEY_ALT | 'q',
	                           BN_KEY_NONE,
	                           BN_KEY_NONE,
	                           BN_KEY_NONE,
	                           BN_KEY_NONE,
	                           BN_KEY_CTRL | BN_KEY_RIGHT,
	                           BN_KEY_ENTER,
	                           BN_KEY_BACKSPACE,
	                           'k'};
	for (size_t i = 0; i < BN_ARRAY_LEN(want); i++)
		assert_int_equal(bn_term_read_key(), want[i]);
	assert_int_equal(bn_term_read_key(), BN_KEY_NONE); /* nothing waiting */
	/* Esc alone: nothing follows within the sequence time. */
	assert_int_equal(write(p[1], "\033", 1), 1);
	assert_int_equal(bn_term_read_key(), BN_KEY_ESC);
	close(p[1]);
	assert_int_equal(bn_term_read_key(), BN_KEY_EOF);
	bn_term_end();
	dup2(saved_stdin, STDIN_FILENO);
	close(saved_stdin);
}

static void test_spell(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
	        {"Ngày 22/5/2020, HĐBA họp.",
	         "Ngày, hai hai gạch chéo năm gạch chéo hai không hai không, phẩy, hát đê bê a, "
	         "họp, chấm"},
	        {"Hà Nội mưa to", "Hà Nội mưa to"},
	        {"U23 Việt Nam thắng 3-0!",
	         "u hai ba, Việt Nam thắng, ba gạch ngang không, chấm than"},
	        {"(Reuters) “Đúng”",
	         "mở ngoặc, Reuters, đóng ngoặc, mở ngoặc kép, Đúng, đóng ngoặc kép"},
	        {"", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *got = bn_spell_written(cases[i][0]);
		assert_non_null(got);
		assert_string_equal(got, cases[i][1]);
		free(got);
	}
}

static void test_positions(void **state)
{
	(void)state;
	bn_error err;
	assert_int_equal(bn_position_load("https://example.vn/a.htm"), -1);
	assert_int_equal(bn_position_save("https://example.vn/a.htm", 7, 20, &err), BN_OK);
	assert_int_equal(bn_position_save("/home/u/b.html", 3, 9, &err), BN_OK);
	assert_int_equal(bn_position_save("https://example.vn/a.htm", 12, 20, &err), BN_OK);
	assert_int_equal(bn_position_load("https://example.vn/a.htm"), 12);
	assert_int_equal(bn_position_load("/home/u/b.html"), 3);
	assert_int_equal(bn_position_load("/home/u/c.html"), -1);
	/* One line per article, no temporary file left. */
	char path[512];
	snprintf(path, sizeof path, "%s/baonoi/positions", dir);
	size_t len;
	char *text = unit_read_file(path, &len);
	assert_string_equal(text, "3\t9\t/home/u/b.html\n12\t20\thttps://example.vn/a.htm\n");
	free(text);
	snprintf(path, sizeof path, "ls -A '%s/baonoi' | grep -qv '^positions$'", dir);
	assert_int_not_equal(system(path), 0);

	/* The file keeps the most recently read 1000 articles, not every one ever read. */
	for (int i = 0; i < 1100; i++) {
		char key[64];
		snprintf(key, sizeof key, "/home/u/%04d.html", i);
		assert_int_equal(bn_position_save(key, (size_t)i, 2000, &err), BN_OK);
	}
	assert_int_equal(bn_position_load("/home/u/1099.html"), 1099);
	assert_int_equal(bn_position_load("/home/u/0100.html"), 100);
	assert_int_equal(bn_position_load("/home/u/0099.html"), -1);
	assert_int_equal(bn_position_load("https://example.vn/a.htm"), -1);
	snprintf(path, sizeof path, "%s/baonoi/positions", dir);
	text = unit_read_file(path, &len);
	size_t lines = 0;
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	assert_int_equal(lines, 1000);
	free(text);

	/* A crafted line (a key longer than any we write) is not taken for a position. */
	FILE *f = fopen(path, "a");
	fprintf(f, "5\t9\t%03000d/home/u/x.html\n", 0);
	fclose(f);
	assert_int_equal(bn_position_load("/home/u/x.html"), -1);
	assert_int_equal(bn_position_load("/home/u/1099.html"), 1099);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_default_keys),  cmocka_unit_test(test_key_file),
	        cmocka_unit_test(test_key_names),     cmocka_unit_test(test_key_file_modifiers),
	        cmocka_unit_test(test_key_sequences), cmocka_unit_test(test_spell),
	        cmocka_unit_test(test_positions),
	};
	return cmocka_run_group_tests_name("reader", tests, setup, teardown);
}
