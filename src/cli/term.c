/* term.c: the terminal for interactive reading. Keys come raw (no line editing, no echo, no
 * signal characters: Ctrl-C is a key) on a descriptor the reader's poll loop watches, and the
 * terminal is restored exactly on every way out: a normal end, a signal, a crash. Keys are decoded from the bytes terminals send for them. */
#include "term.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* The state to restore, kept where a signal handler can reach it. */
static struct {
	int fd;
	int own; /* fd is our own descriptor of the terminal (/dev/tty), closed at the end */
	int active;
	int saved_tty; /* the descriptor is a terminal and saved holds its settings */
	struct termios saved;
} term = {-1, 0, 0, 0, {0}};

static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGQUIT};

/* Put the terminal back as it was (async-signal-safe; idempotent). */
void bn_term_end(void)
{
	if (!term.active)
		return;
	term.active = 0;
	if (term.saved_tty)
		tcsetattr(term.fd, TCSAFLUSH, &term.saved);
	if (term.own)
		close(term.fd);
	term.own = 0;
}

/* A crash: restore the terminal, then die of the same signal. */
static void on_fatal(int sig)
{
	bn_term_end();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* The descriptor keys come from: a terminal through a description of our own (/dev/tty), so
 * that no flag we set reaches the shell's standard input and output, which share theirs; else
 * standard input, for scripts that pipe keys in (unless it holds the article). -1 if none. */
static int open_keys(int stdin_is_source)
{
	if (stdin_is_source || isatty(STDIN_FILENO)) {
		int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (fd >= 0) {
			term.own = 1;
			return fd;
		}
		if (stdin_is_source)
			return -1;
	}
	term.own = 0;
	return STDIN_FILENO;
}

bn_status bn_term_begin(int stdin_is_source, bn_error *err)
{
	int fd = open_keys(stdin_is_source);
	if (fd < 0)
		return bn_fail(err, BN_ERR_USAGE,
		               "interactive reading: no terminal to read keys from (the article "
		               "came on standard input): %s",
		               strerror(errno));
	term.fd = fd;
	if (fcntl(fd, F_GETFL) < 0) { /* not a descriptor keys can come from */
		if (term.own)
			close(fd);
		term.own = 0;
		return bn_fail(err, BN_ERR_USAGE, "interactive reading: cannot read keys: %s",
		               strerror(errno));
	}
	term.saved_tty = tcgetattr(fd, &term.saved) == 0;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_fatal;
	for (size_t i = 0; i < sizeof fatal_signals / sizeof *fatal_signals; i++)
		sigaction(fatal_signals[i], &sa, NULL);
	term.active = 1;
	if (term.saved_tty) {
		struct termios raw = term.saved;
		/* Output processing stays on: "\n" still starts a new line for --show. */
		raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG | IEXTEN);
		raw.c_iflag &= ~(tcflag_t)(IXON | ICRNL);
		raw.c_cc[VMIN] = 1;
		raw.c_cc[VTIME] = 0;
		tcsetattr(fd, TCSAFLUSH, &raw);
	}
	/* No O_NONBLOCK: a byte is read only once poll says one is there (a pipe's description
	 * is the script's, not ours to change). */
	return BN_OK;
}

/* The next byte, waiting at most ms milliseconds; -1 when none came, -2 at the end. */
static int next_byte(int ms)
{
	struct pollfd p = {term.fd, POLLIN, 0};
	int r;
	while ((r = poll(&p, 1, ms)) < 0 && errno == EINTR)
		;
	if (r <= 0)
		return r == 0 ? -1 : -2;
	unsigned char c;
	ssize_t n;
	while ((n = read(term.fd, &c, 1)) < 0 && errno == EINTR)
		;
	return n == 1 ? c : -2;
}

/* How long the rest of an escape sequence may take to arrive after its ESC: terminals send a
 * key's whole sequence at once, a person pressing Esc then another key takes far longer. */
#define SEQUENCE_MS 50

/* The key of xterm's modifier parameter (2 Shift, 3 Alt, 5 Ctrl, sums of 1 + each). */
static int with_modifiers(int key, int param)
{
	if (param < 2 || param > 16)
		return key;
	int m = param - 1;
	return key | (m & 1 ? BN_KEY_SHIFT : 0) | (m & 2 ? BN_KEY_ALT : 0) |
	       (m & 4 ? BN_KEY_CTRL : 0);
}

/* The key a CSI or SS3 sequence's final byte names, or BN_KEY_NONE. */
static int final_key(int final)
{
	switch (final) {
	case 'A': return BN_KEY_UP;
	case 'B': return BN_KEY_DOWN;
	case 'C': return BN_KEY_RIGHT;
	case 'D': return BN_KEY_LEFT;
	case 'H': return BN_KEY_HOME;
	case 'F': return BN_KEY_END;
	default: return BN_KEY_NONE;
	}
}

/* The key of "ESC [ n ~": 1 and 7 Home, 4 and 8 End, 5 Page Up, 6 Page Down. */
static int tilde_key(int n)
{
	switch (n) {
	case 1:
	case 7: return BN_KEY_HOME;
	case 4:
	case 8: return BN_KEY_END;
	case 5: return BN_KEY_PAGE_UP;
	case 6: return BN_KEY_PAGE_DOWN;
	default: return BN_KEY_NONE;
	}
}

/* A CSI sequence after "ESC [": parameter bytes (digits, ';' and others in 0x30-0x3f),
 * intermediate bytes (0x20-0x2f), and a final byte (0x40-0x7e), consumed whole whatever it
 * means, so that no part of it is taken for keys. */
static int csi_key(void)
{
	int params[4] = {0, 0, 0, 0};
	int nparams = 0, odd = 0, c;
	for (;;) {
		c = next_byte(SEQUENCE_MS);
		if (c < 0)
			return BN_KEY_NONE; /* cut short: nothing we know */
		if (c >= '0' && c <= '9') {
			if (nparams == 0)
				nparams = 1;
			if (nparams <= 4 && params[nparams - 1] < 10000)
				params[nparams - 1] = params[nparams - 1] * 10 + (c - '0');
		} else if (c == ';') {
			nparams = (nparams ? nparams : 1) + 1;
		} else if (c >= 0x20 && c <= 0x3f) {
			odd = 1; /* private markers (<, =, >, ?) and intermediates */
		} else {
			break;
		}
	}
	if (c < 0x40 || c > 0x7e || odd || nparams > 2)
		return BN_KEY_NONE;
	int key = c == '~' ? tilde_key(params[0]) : final_key(c);
	if (key == BN_KEY_NONE || (c != '~' && nparams == 2 && params[0] != 1))
		return BN_KEY_NONE;
	return with_modifiers(key, nparams == 2 ? params[1] : 0);
}

/* The key of an escape sequence after ESC: Esc alone when nothing follows at once, a CSI or
 * SS3 sequence read to its end, or Alt with a key. */
static int escape_key(void)
{
	int c = next_byte(SEQUENCE_MS);
	if (c < 0)
		return BN_KEY_ESC; /* Esc alone */
	if (c == '[')
		return csi_key();
	if (c == 'O') { /* SS3: one final byte, possibly after a modifier digit */
		int d = next_byte(SEQUENCE_MS);
		int mod = 0;
		if (d >= '1' && d <= '9') {
			mod = d - '0';
			d = next_byte(SEQUENCE_MS);
		}
		if (d < 0)
			return BN_KEY_NONE;
		int key = final_key(d);
		return key == BN_KEY_NONE ? BN_KEY_NONE : with_modifiers(key, mod);
	}
	if (c == 0x1b)
		return BN_KEY_ALT | BN_KEY_ESC;
	if (c >= 0x20 && c < 0x7f)
		return BN_KEY_ALT | c; /* Alt-x */
	if (c == 0x7f || (c >= 1 && c <= 26))
		return BN_KEY_ALT | (c == 0x08 ? BN_KEY_BACKSPACE : c);
	return BN_KEY_NONE;
}

int bn_term_read_key(void)
{
	int c = next_byte(0);
	if (c == -1)
		return BN_KEY_NONE;
	if (c == -2)
		return BN_KEY_EOF;
	if (c == 0x1b)
		return escape_key();
	if (c == '\r' || c == '\n')
		return BN_KEY_ENTER;
	if (c == 0x7f || c == 0x08)
		return BN_KEY_BACKSPACE;
	if (c >= 0x80)
		return BN_KEY_NONE; /* the bytes of a non-ASCII character: no key of ours */
	return c;
}

int bn_term_fd(void)
{
	return term.active ? term.fd : -1;
}
