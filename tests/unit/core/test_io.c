/* test_io.c: the exact-write helpers and pending files. A send to a socket whose other end is
 * gone fails with EPIPE and leaves the process alive (SIGPIPE would end it: the workers' job
 * sockets use this, so a library caller survives a dead worker); writes to a full device
 * fail. A pending file has no name in its directory until it is committed (or only its hidden
 * one, once named), replaces what was there, and leaves nothing when aborted. */
#include "unit.h"

#include "internal.h"
#include "pending.h"

#include <dirent.h>
#include <sys/stat.h>

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

/* The names in dir but "." and "..", sorted and joined with spaces (malloc'd). */
static char *names_in(const char *dir)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "ls -A '%s' | sort | tr '\\n' ' '", dir);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char *out = calloc(1, 4096);
	assert_non_null(out);
	size_t n = fread(out, 1, 4095, p);
	out[n] = '\0';
	pclose(p);
	return out;
}

static void test_pending_files(void **state)
{
	(void)state;
	char dir[] = "/tmp/bn-pending-XXXXXX", path[256], other[256];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/out.wav", dir);
	snprintf(other, sizeof other, "%s/keep.txt", dir);
	FILE *f = fopen(path, "w");
	fputs("old", f);
	fclose(f);
	f = fopen(other, "w");
	fclose(f);

	/* Written, aborted: the old file as it was, nothing else. */
	bn_pending p;
	assert_int_equal(bn_pending_open(&p, path), 0);
	assert_int_equal(bn_write_all(p.fd, "new", 3), 0);
	bn_pending_abort(&p);
	char *names = names_in(dir);
	assert_string_equal(names, "keep.txt out.wav ");
	free(names);
	char *text = unit_read_file(path, NULL);
	assert_string_equal(text, "old");
	free(text);

	/* Named (as TagLib needs), then committed: replaces the old file, no hidden name left. */
	assert_int_equal(bn_pending_open(&p, path), 0);
	assert_int_equal(bn_write_all(p.fd, "new", 3), 0);
	assert_int_equal(bn_pending_name(&p), 0);
	assert_non_null(p.tmp);
	assert_non_null(strstr(p.tmp, "/.baonoi-"));
	struct stat st;
	assert_int_equal(stat(p.tmp, &st), 0);
	assert_int_equal(st.st_size, 3);
	char *tmp = bn_strndup(p.tmp, strlen(p.tmp));
	assert_int_equal(bn_pending_commit(&p), 0);
	assert_int_not_equal(stat(tmp, &st), 0);
	free(tmp);
	text = unit_read_file(path, NULL);
	assert_string_equal(text, "new");
	free(text);

	/* Committed without a name first, where nothing was: the file appears whole. */
	snprintf(path, sizeof path, "%s/fresh.wav", dir);
	assert_int_equal(bn_pending_open(&p, path), 0);
	assert_int_equal(bn_write_all(p.fd, "abc", 3), 0);
	names = names_in(dir);
	assert_null(strstr(names, "fresh")); /* no name before it is complete */
	free(names);
	assert_int_equal(bn_pending_commit(&p), 0);
	names = names_in(dir);
	assert_string_equal(names, "fresh.wav keep.txt out.wav ");
	free(names);

	/* A directory is refused. */
	errno = 0;
	assert_int_equal(bn_pending_open(&p, dir), -1);
	assert_int_equal(errno, EISDIR);

	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_send_to_a_closed_socket),
	        cmocka_unit_test(test_write_to_a_full_device),
	        cmocka_unit_test(test_pending_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
