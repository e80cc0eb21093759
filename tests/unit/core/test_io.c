/* test_io.c: the exact-write helpers. A send to a socket whose other end is gone fails with
 * EPIPE and leaves the process alive (SIGPIPE would end it: the workers' job sockets use
 * this, so a library caller survives a dead worker); writes to a full device fail. */
#include "unit.h"

#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

static void test_send_to_a_closed_socket(void **state)
{
	(void)state;
	signal(SIGPIPE, SIG_DFL); /* as in a caller that never thought of it */
	int sv[2];
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	char big[1 << 16];
	memset(big, 'a', sizeof big);
	assert_int_equal(bn_send_all(sv[0], big, sizeof big), 0); /* the peer is there */
	close(sv[1]);
	errno = 0;
	assert_int_equal(bn_send_all(sv[0], big, sizeof big), -1);
	assert_int_equal(errno, EPIPE);
	close(sv[0]);
}

static void test_write_to_a_full_device(void **state)
{
	(void)state;
	int fd = open("/dev/full", O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(bn_write_all(fd, "abc", 3), -1);
	assert_int_equal(errno, ENOSPC);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_send_to_a_closed_socket),
	        cmocka_unit_test(test_write_to_a_full_device),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
