/* pending.h: a file that takes its final name only once it is complete (audio files, timings,
 * reading positions), so that no half-written file is ever left behind. */
#ifndef BN_PENDING_H
#define BN_PENDING_H

typedef struct bn_pending {
	int fd;     /* open for reading and writing; -1 once committed or aborted */
	char *path; /* the name it will take (malloc'd) */
	char *tmp;  /* its hidden temporary name beside path (malloc'd), NULL while it has none */
} bn_pending;

/* Create the file in path's directory with the permissions a new file would get: unnamed
 * (O_TMPFILE) where the file system allows, so that even SIGKILL leaves nothing; else under a
 * short hidden name (.baonoi-XXXXXX) that a name of any length leaves room for. Refuses a
 * path that is a directory (EISDIR). 0, or -1 with errno set. */
int bn_pending_open(bn_pending *p, const char *path);
/* Give the file its hidden temporary name (for a program that opens files by name) and set
 * p->tmp; 0, or -1 with errno set. */
int bn_pending_name(bn_pending *p);
/* Make the file path, replacing what was there (a symbolic link at path is replaced by the
 * file, as mv would), and close it. 0, or -1 with errno set and nothing left behind. */
int bn_pending_commit(bn_pending *p);
/* Drop the file and close it: nothing is left behind. */
void bn_pending_abort(bn_pending *p);

#endif
