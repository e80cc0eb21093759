/* quiet.h: keeping audio libraries' diagnostics (ALSA, JACK) off the user's terminal. */
#ifndef BN_QUIET_H
#define BN_QUIET_H

/* Point standard error at /dev/null; returns the saved descriptor (or -1) for bn_quiet_end. */
int bn_quiet_begin(void);
void bn_quiet_end(int saved);
/* Silence libasound's error printer for good (it writes straight to stderr). */
void bn_quiet_alsa(void);

#endif
