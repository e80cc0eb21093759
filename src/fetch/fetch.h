/* fetch.h: the fetch stage's own helpers, beside what baonoi.h offers: address classes, one
 * HTTP transfer set up as bn_fetch sets it up (for bn_fetch and the batches of
 * fetch_batch.c), and files read whole. */
#ifndef BN_FETCH_H
#define BN_FETCH_H

#include "baonoi.h"
#include "buf.h"

/* libcurl is called through pointers (see dynlib.h), where curl's own type-checking macros
 * cannot reach: typed setters in fetch.c take their place. */
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>

/* How private the address ip (text, IPv4 or IPv6) is: 0 public, 1 a private network's
 * (RFC 1918, carrier-grade NAT, link-local, IPv6 unique local and link-local), 2 this
 * machine's (loopback, unspecified) or not an address. A redirect may not go from a lower
 * class to a higher one unless the caller allows it (bn_fetch_options.allow_private). */
int bn_address_class(const char *ip);

/* The libcurl functions baonoi uses, typed from curl's own declarations. */
typedef struct bn_curl_api {
	__typeof__(curl_easy_init) *easy_init;
	__typeof__(curl_easy_setopt) *easy_setopt;
	__typeof__(curl_easy_perform) *easy_perform;
	__typeof__(curl_easy_getinfo) *easy_getinfo;
	__typeof__(curl_easy_cleanup) *easy_cleanup;
	__typeof__(curl_easy_strerror) *easy_strerror;
	__typeof__(curl_slist_append) *slist_append;
	__typeof__(curl_slist_free_all) *slist_free_all;
	__typeof__(curl_multi_init) *multi_init;
	__typeof__(curl_multi_setopt) *multi_setopt;
	__typeof__(curl_multi_add_handle) *multi_add_handle;
	__typeof__(curl_multi_remove_handle) *multi_remove_handle;
	__typeof__(curl_multi_perform) *multi_perform;
	__typeof__(curl_multi_poll) *multi_poll;
	__typeof__(curl_multi_info_read) *multi_info_read;
	__typeof__(curl_multi_cleanup) *multi_cleanup;
} bn_curl_api;
/* Filled by bn_curl_load. */
extern bn_curl_api bn_curl;
/* Load libcurl once (thread-safe); a failure names the input (name) that needed it. */
bn_status bn_curl_load(const char *name, bn_error *err);

/* One HTTP transfer and what its callbacks gather. */
typedef struct bn_transfer {
	CURL *h;
	const char *url; /* the caller's, for messages */
	struct curl_slist *headers;
	CURLcode setup; /* an option libcurl refused, reported by bn_transfer_finish */
	bn_buf body;
	size_t max_bytes;
	int too_large;
	int in_headers; /* a status line came, its blank line not yet */
	/* Redirects may not lead somewhere more private than where the transfer began. */
	int allow_private;
	int first_class;  /* of the first address connected to; -1 before */
	char refused[64]; /* the address refused, "" for none */
	char detail[CURL_ERROR_SIZE];
	long code;                  /* the last HTTP status (after bn_transfer_finish) */
	char *final_url;            /* malloc'd, after a successful finish */
	char *content_type;         /* the same, or NULL */
	char *etag, *last_modified; /* the final response's validators, or NULL */
} bn_transfer;

/* Set up a transfer of url with o (its defaults filled in), asking only for a newer copy
 * when etag or last_modified is given. Free with bn_transfer_free, even after a failure. */
bn_status bn_transfer_start(bn_transfer *t, const char *url, const bn_fetch_options *o,
                            const char *etag, const char *last_modified, bn_error *err);
/* The transfer's outcome once libcurl ended it with result (a CURLcode): BN_OK for a 2xx or
 * 3xx answer (304 included: see t->code), else the failure as bn_fetch reports it. */
bn_status bn_transfer_finish(bn_transfer *t, int result, bn_error *err);
/* The delay the server's Retry-After asked for, in seconds; -1 for none. */
long bn_transfer_retry_after(bn_transfer *t);
void bn_transfer_free(bn_transfer *t);

/* Read a file, or standard input for "-", into *body, refusing more than max_bytes. */
bn_status bn_read_file(const char *path, size_t max_bytes, bn_buf *body, bn_error *err);
/* Fill in the defaults of fetch options (size checked): 0 or a usage error. */
bn_status bn_fetch_options_resolve(const bn_fetch_options *in, bn_fetch_options *out,
                                   const char *name, bn_error *err);

#endif
