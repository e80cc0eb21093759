/* term.c: the terminal for interactive reading. Keys come raw (no line editing, no echo, no
 * signal characters: Ctrl-C is a key), each one raises SIGIO so that whatever the reader is
 * waiting on is cut short, and the terminal is restored exactly on every way out: a normal
 * end, a signal, a crash. Keys are decoded from the bytes terminals send for them. */
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
	int active;
	int saved_tty; /* the descriptor is a terminal and saved holds its settings */
	struct termios saved;
	int saved_flags;
} term = {-1, 0, 0, {0}, 0};

static volatile sig_atomic_t *wake_flag;

static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGQUIT};

/* Put the terminal back as it was (async-signal-safe; idempotent). */
void bn_term_end(void)
{
	if (!term.active)
		return;
	term.active = 0;
	if (term.saved_tty)
		tcsetattr(term.fd, TCSAFLUSH, &term.saved);
	fcntl(term.fd, F_SETFL, term.saved_flags);
}

/* A crash: restore the terminal, then die of the same signal. */
static void on_fatal(int sig)
{
	bn_term_end();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* A key is waiting: wake whatever waits. */
static void on_input(int sig)
{
	(void)sig;
	if (wake_flag)
		*wake_flag = 1;
}

bn_status bn_term_begin(int fd, volatile sig_atomic_t *wake, bn_error *err)
{
	term.fd = fd;
	term.saved_flags = fcntl(fd, F_GETFL);
	if (term.saved_flags < 0)
		return bn_fail(err, BN_ERR_USAGE, "interactive mode: cannot read keys: %s",
		               strerror(errno));
	term.saved_tty = tcgetattr(fd, &term.saved) == 0;
	wake_flag = wake;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_fatal;
	for (size_t i = 0; i < sizeof fatal_signals / sizeof *fatal_signals; i++)
		sigaction(fatal_signals[i], &sa, NULL);
	sa.sa_handler = on_input;
	sigaction(SIGIO, &sa, NULL);
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
	fcntl(fd, F_SETOWN, getpid());
	fcntl(fd, F_SETFL, term.saved_flags | O_NONBLOCK | O_ASYNC);
	return BN_OK;
}

/* The next byte, waiting at most ms milliseconds; -1 when none came, -2 at the end. */
static int next_byte(int ms)
{
	unsigned char c;
	for (;;) {
		ssize_t r = read(term.fd, &c, 1);
		if (r == 1)
			return c;
		if (r == 0)
			return -2;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN || ms <= 0)
			return errno == EAGAIN ? -1 : -2;
		struct pollfd p = {term.fd, POLLIN, 0};
		if (poll(&p, 1, ms) <= 0)
			return -1;
		ms = 0;
	}
}

/* The key of an escape sequence after ESC (the rest of it follows at once). */
static int escape_key(void)
{
	int c = next_byte(25);
	if (c < 0)
		return BN_KEY_ESC; /* Esc alone */
	if (c != '[' && c != 'O')
		return BN_KEY_ESC;
	int d = next_byte(25);
	switch (d) {
	case 'A': return BN_KEY_UP;
	case 'B': return BN_KEY_DOWN;
	case 'C': return BN_KEY_RIGHT;
	case 'D': return BN_KEY_LEFT;
	case 'H': return BN_KEY_HOME;
	case 'F': return BN_KEY_END;
	default: break;
	}
	if (d < '0' || d > '9')
		return BN_KEY_NONE;
	/* ESC [ n ~ : 1 and 7 Home, 4 and 8 End, 5 Page Up, 6 Page Down. */
	int n = d - '0', e;
	while ((e = next_byte(25)) >= '0' && e <= '9')
		n = n * 10 + (e - '0');
	if (e != '~')
		return BN_KEY_NONE;
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

int bn_term_wait(int ms)
{
	struct pollfd p = {term.fd, POLLIN, 0};
	return poll(&p, 1, ms) > 0;
}
