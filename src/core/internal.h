/* internal.h: helpers shared by libbaonoi's modules; not part of the public interface. */
#ifndef BN_INTERNAL_H
#define BN_INTERNAL_H

#include "baonoi.h"

#include <sys/types.h>

#include <stddef.h>

/* Fill err (when not NULL) with status and a printf-style message; return status. */
bn_status bn_fail(bn_error *err, bn_status status, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* A malloc'd copy of the n bytes at s, NUL-terminated; NULL when out of memory. */
char *bn_strndup(const char *s, size_t n);

/* ASCII case-insensitive comparisons, for tag names, charsets and suffixes. */
int bn_ascii_casecmp(const char *a, const char *b);
int bn_ascii_ncasecmp(const char *a, const char *b, size_t n);
int bn_ends_with_ci(const char *s, const char *suffix);

/* Read exactly n bytes from fd, retrying short and interrupted reads; 0, or -1 at the end of
 * input or on an error. */
int bn_read_all(int fd, void *data, size_t n);

/* Where the user's own baonoi files go, as the XDG base directories say: $xdg_var/baonoi/name
 * when that variable holds an absolute path, else $HOME/home_dir/baonoi/name (home_dir being
 * ".config" or ".local/state"). malloc'd; NULL without a home, or when out of memory. */
char *bn_user_path(const char *xdg_var, const char *home_dir, const char *name);
/* Look for the data beside this program too (the command names its own path: the source
 * tree's build/ directory, PREFIX/bin), after $BAONOI_DATA_DIR and the library's own place.
 * To be called before anything asks for the data directory. */
void bn_data_dir_beside(const char *program);
/* The program named by bn_data_dir_beside, or NULL. */
const char *bn_program_path(void);

/* Write all n bytes of data to fd, retrying short and interrupted writes; 0, or -1 with
 * errno set (EIO for a write that wrote nothing). */
int bn_write_all(int fd, const void *data, size_t n);
/* Move the bytes of fd from offset from to its end by delta bytes, later (delta > 0) or
 * earlier (the file then cut short), a block at a time: a tag at a file's start grows or
 * shrinks in constant memory. 0, or -1 with errno set. */
int bn_move_tail(int fd, off_t from, off_t delta);
/* The same on a socket, with no SIGPIPE when its other end is gone (EPIPE instead): a library
 * must not kill its caller because a worker died. */
int bn_send_all(int fd, const void *data, size_t n);

/* In a forked helper process: close every descriptor above standard error but keep1 and
 * keep2 (-1 for none), so that the helper holds no pipe of its parent's open. */
void bn_close_other_fds(int keep1, int keep2);
/* The same for every descriptor from first on (a helper handed descriptors 3 .. first - 1). */
void bn_close_fds_from(int first);

/* s without spaces, tabs and line ends at either end: trailing ones cut in place, the
 * result a pointer into s (voice profiles, the defaults file; text.c). */
char *bn_trim(char *s);

/* Wait for a helper process to end; past timeout_ms, kill it (SIGKILL) and wait for that.
 * Returns its wait status. */
int bn_reap_helper(pid_t pid, long timeout_ms);

/* The size of an options struct's first version: up to and including its field `last`. */
#define BN_OPTIONS_V1(type, last) (offsetof(type, last) + sizeof(((type *)0)->last))
/* Copy the caller's options (of any version: their first member, a size_t, says their size)
 * into dst (dst_size bytes, this version's), zero beyond what the caller's version holds;
 * opts NULL gives all zeros with the size set. -1 when opts is smaller than the first
 * version, v1_size (BN_OPTIONS_V1): not options at all. */
int bn_options_copy(void *dst, size_t dst_size, const void *opts, size_t v1_size);

#define BN_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
