/* charset.h: finding a document's charset and decoding it to UTF-8. */
#ifndef BN_CHARSET_H
#define BN_CHARSET_H

#include "baonoi.h"

#include <stddef.h>

/* The charset parameter of a Content-Type value, malloc'd in lower case, or NULL. */
char *bn_charset_from_content_type(const char *content_type);
/* The charset an HTML page declares in its first 4 KiB (<meta charset> or http-equiv), malloc'd
 * in lower case, or NULL. */
char *bn_charset_from_meta(const char *data, size_t len);

/* Decode data to UTF-8 into *out (malloc'd, NUL-terminated, *outlen bytes). The charset comes
 * from a byte-order mark, else declared (the HTTP header), else the page's <meta> when is_html,
 * else UTF-8. *used (malloc'd) names the charset applied. name is for messages. */
bn_status bn_decode(const char *name, const char *data, size_t len, const char *declared,
                    int is_html, char **out, size_t *outlen, char **used, bn_error *err);

#endif
