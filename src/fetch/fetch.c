/* fetch.c: the fetch stage. Reads a source (an http(s) URL through libcurl, a file, or "-" for
 * standard input) into a bn_document: bytes capped in size, sniffed as HTML or text, refused
 * when binary, and decoded to UTF-8. */
#include "baonoi.h"

#include "buf.h"
#include "charset.h"
#include "fetch.h"
#include "internal.h"

#include "dynlib.h"

#include <arpa/inet.h>
#include <assert.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_MAX_BYTES          (16u << 20)
#define DEFAULT_CONNECT_TIMEOUT_MS 10000L
#define DEFAULT_TIMEOUT_MS         60000L
#define MAX_REDIRECTS              10L

bn_curl_api bn_curl;
static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static int curl_loaded;
static char curl_why[256];

/* Load libcurl: the soname this build compiled against, the pointers typed from curl's own
 * declarations. */
static void load_curl(void)
{
	static const char *const sonames[] = {BN_SONAME_CURL, NULL};
	const bn_dynsym syms[] = {
	        {"curl_easy_init", (void **)&bn_curl.easy_init},
	        {"curl_easy_setopt", (void **)&bn_curl.easy_setopt},
	        {"curl_easy_perform", (void **)&bn_curl.easy_perform},
	        {"curl_easy_getinfo", (void **)&bn_curl.easy_getinfo},
	        {"curl_easy_cleanup", (void **)&bn_curl.easy_cleanup},
	        {"curl_easy_strerror", (void **)&bn_curl.easy_strerror},
	        {"curl_slist_append", (void **)&bn_curl.slist_append},
	        {"curl_slist_free_all", (void **)&bn_curl.slist_free_all},
	        {"curl_multi_init", (void **)&bn_curl.multi_init},
	        {"curl_multi_setopt", (void **)&bn_curl.multi_setopt},
	        {"curl_multi_add_handle", (void **)&bn_curl.multi_add_handle},
	        {"curl_multi_remove_handle", (void **)&bn_curl.multi_remove_handle},
	        {"curl_multi_perform", (void **)&bn_curl.multi_perform},
	        {"curl_multi_poll", (void **)&bn_curl.multi_poll},
	        {"curl_multi_info_read", (void **)&bn_curl.multi_info_read},
	        {"curl_multi_cleanup", (void **)&bn_curl.multi_cleanup},
	};
	curl_loaded =
	        bn_dynlib_open(sonames, syms, BN_ARRAY_LEN(syms), curl_why, sizeof curl_why) == 0;
}

bn_status bn_curl_load(const char *name, bn_error *err)
{
	pthread_once(&curl_once, load_curl);
	if (!curl_loaded)
		return bn_fail(err, BN_ERR_INTERNAL, "%s: %s", name, curl_why);
	return BN_OK;
}

int bn_address_class(const char *ip)
{
	struct in6_addr a6;
	struct in_addr a4;
	if (inet_pton(AF_INET6, ip, &a6) == 1) {
		if (IN6_IS_ADDR_V4MAPPED(&a6)) {
			char v4[INET_ADDRSTRLEN];
			inet_ntop(AF_INET, &a6.s6_addr[12], v4, sizeof v4);
			return bn_address_class(v4);
		}
		if (IN6_IS_ADDR_LOOPBACK(&a6) || IN6_IS_ADDR_UNSPECIFIED(&a6))
			return 2;
		if ((a6.s6_addr[0] & 0xfe) == 0xfc || IN6_IS_ADDR_LINKLOCAL(&a6))
			return 1;
		return 0;
	}
	if (inet_pton(AF_INET, ip, &a4) != 1)
		return 2; /* not an address: the most careful answer */
	uint32_t v = ntohl(a4.s_addr);
	if ((v >> 24) == 127 || (v >> 24) == 0)
		return 2;
	if ((v >> 24) == 10 || (v >> 20) == (172u << 4 | 1) || (v >> 16) == (192u << 8 | 168) ||
	    (v >> 22) == (100u << 2 | 1) || (v >> 16) == (169u << 8 | 254))
		return 1;
	return 0;
}

/* libcurl's check before each request (redirects included): refuse one that leads from where
 * the transfer began to a more private address, unless allowed. */
static int before_request(void *user, char *remote_ip, char *local_ip, int remote_port,
                          int local_port)
{
	(void)local_ip;
	(void)remote_port;
	(void)local_port;
	bn_transfer *d = user;
	int cls = bn_address_class(remote_ip);
	if (d->first_class < 0)
		d->first_class = cls;
	else if (cls > d->first_class && !d->allow_private) {
		snprintf(d->refused, sizeof d->refused, "%s", remote_ip);
		return CURL_PREREQFUNC_ABORT;
	}
	return CURL_PREREQFUNC_OK;
}

/* The value of header line data (n bytes) when its name is name (lower case), trimmed and
 * malloc'd; NULL otherwise. */
static char *header_value(const char *data, size_t n, const char *name)
{
	size_t k = strlen(name);
	if (n <= k + 1 || data[k] != ':' || bn_ascii_ncasecmp(data, name, k) != 0)
		return NULL;
	const char *v = data + k + 1, *end = data + n;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
		end--;
	return end - v > 0 && end - v < 1024 ? bn_strndup(v, (size_t)(end - v)) : NULL;
}

/* libcurl header callback: note where the headers of each response start and end, and keep
 * the final response's validators (ETag, Last-Modified) for a conditional request later. */
static size_t on_header(char *data, size_t size, size_t nmemb, void *user)
{
	bn_transfer *d = user;
	size_t n = size * nmemb;
	char *v;
	if (n >= 5 && memcmp(data, "HTTP/", 5) == 0) {
		d->in_headers = 1;
		free(d->etag);
		free(d->last_modified);
		d->etag = d->last_modified = NULL;
	} else if (n <= 2 && (data[0] == '\r' || data[0] == '\n')) {
		d->in_headers = 0;
	} else if ((v = header_value(data, n, "etag"))) {
		free(d->etag);
		d->etag = v;
	} else if ((v = header_value(data, n, "last-modified"))) {
		free(d->last_modified);
		d->last_modified = v;
	}
	return n;
}

/* libcurl write callback: append decompressed bytes, refusing to grow past the cap. */
static size_t on_body(char *data, size_t size, size_t nmemb, void *user)
{
	bn_transfer *d = user;
	size_t n = size * nmemb;
	if (d->body.len + n > d->max_bytes) {
		d->too_large = 1;
		return 0; /* makes libcurl stop with CURLE_WRITE_ERROR */
	}
	bn_buf_append(&d->body, data, n);
	return d->body.failed ? 0 : n;
}

/* The reason phrase of common HTTP statuses (HTTP/2 sends none). */
static const char *http_reason(long code)
{
	switch (code) {
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 406: return "Not Acceptable";
	case 408: return "Request Timeout";
	case 410: return "Gone";
	case 429: return "Too Many Requests";
	case 451: return "Unavailable For Legal Reasons";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	}
	return code >= 500 ? "server error" : "client error";
}

/* A bn_status and message for a failed transfer; code is the last HTTP status received (0
 * for none), which tells a redirect's failures from the URL's own. */
static bn_status curl_failure(const char *url, CURLcode rc, const char *detail,
                              const bn_transfer *d, size_t max_bytes, long code, bn_error *err)
{
	const char *why = detail && *detail ? detail : bn_curl.easy_strerror(rc);
	int redirected = code >= 300 && code < 400;
	int web = bn_ascii_ncasecmp(url, "http://", 7) == 0 ||
	          bn_ascii_ncasecmp(url, "https://", 8) == 0;
	if (rc == CURLE_ABORTED_BY_CALLBACK && d->refused[0])
		return bn_fail(err, BN_ERR_UNSUPPORTED,
		               "%s: refused a redirect to the private address %s (a public page "
		               "may not lead to the local network)",
		               url, d->refused);
	if (rc == CURLE_URL_MALFORMAT && redirected)
		return bn_fail(err, BN_ERR_NETWORK, "%s: the server redirected to a malformed URL",
		               url);
	if (rc == CURLE_UNSUPPORTED_PROTOCOL && !redirected && web)
		return bn_fail(err, BN_ERR_NETWORK,
		               "%s: not an HTTP server: it answered without a status line (%s)",
		               url, why);
	if (rc == CURLE_OUT_OF_MEMORY && d->in_headers)
		return bn_fail(err, BN_ERR_NETWORK,
		               "%s: the server sent a header larger than libcurl takes (%s)", url,
		               why);
	switch (rc) {
	case CURLE_WRITE_ERROR:
	case CURLE_FILESIZE_EXCEEDED:
		if (d->too_large || rc == CURLE_FILESIZE_EXCEEDED)
			return bn_fail(err, BN_ERR_TOO_LARGE, "%s: document larger than %zu bytes",
			               url, max_bytes);
		return bn_fail(err, BN_ERR_INTERNAL, "%s: out of memory", url);
	case CURLE_UNSUPPORTED_PROTOCOL:
		return bn_fail(err, BN_ERR_UNSUPPORTED,
		               "%s: refused a redirect or URL outside http and https (%s)", url,
		               why);
	case CURLE_URL_MALFORMAT: return bn_fail(err, BN_ERR_USAGE, "%s: malformed URL", url);
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return bn_fail(err, BN_ERR_NETWORK, "%s: could not resolve host (%s)", url, why);
	case CURLE_COULDNT_CONNECT:
		return bn_fail(err, BN_ERR_NETWORK, "%s: could not connect (%s)", url, why);
	case CURLE_OPERATION_TIMEDOUT:
		return bn_fail(err, BN_ERR_NETWORK, "%s: timed out (%s)", url, why);
	case CURLE_TOO_MANY_REDIRECTS:
		return bn_fail(err, BN_ERR_NETWORK, "%s: too many redirects (more than %ld)", url,
		               MAX_REDIRECTS);
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CACERT_BADFILE:
		return bn_fail(err, BN_ERR_NETWORK, "%s: TLS failed (%s)", url, why);
	case CURLE_BAD_CONTENT_ENCODING:
		return bn_fail(err, BN_ERR_NETWORK, "%s: corrupt compressed response (%s)", url,
		               why);
	default: return bn_fail(err, BN_ERR_NETWORK, "%s: %s", url, why);
	}
}

/* curl_easy_setopt by the type of its value, as curl's type checks would have it: the value's
 * type is the setter's, and the option's own (coded in its number) is asserted. Each returns
 * what libcurl did, and does nothing after an earlier failure (*rc). */
static void set_long(CURL *h, CURLoption o, long v, CURLcode *rc)
{
	assert(o < CURLOPTTYPE_OBJECTPOINT);
	if (*rc == CURLE_OK)
		*rc = bn_curl.easy_setopt(h, o, v);
}

static void set_off(CURL *h, CURLoption o, curl_off_t v, CURLcode *rc)
{
	assert(o >= CURLOPTTYPE_OFF_T && o < CURLOPTTYPE_BLOB);
	if (*rc == CURLE_OK)
		*rc = bn_curl.easy_setopt(h, o, v);
}

/* Strings, buffers and callback data: object pointers. */
static void set_pointer(CURL *h, CURLoption o, const void *v, CURLcode *rc)
{
	assert(o >= CURLOPTTYPE_OBJECTPOINT && o < CURLOPTTYPE_FUNCTIONPOINT);
	if (*rc == CURLE_OK)
		*rc = bn_curl.easy_setopt(h, o, v);
}

static void set_write_callback(CURL *h, CURLoption o, curl_write_callback v, CURLcode *rc)
{
	assert(o == CURLOPT_WRITEFUNCTION || o == CURLOPT_HEADERFUNCTION);
	if (*rc == CURLE_OK)
		*rc = bn_curl.easy_setopt(h, o, v);
}

static void set_prereq_callback(CURL *h, curl_prereq_callback v, CURLcode *rc)
{
	if (*rc == CURLE_OK)
		*rc = bn_curl.easy_setopt(h, CURLOPT_PREREQFUNCTION, v);
}

/* curl_easy_getinfo of a long / of a string, the kind asserted from the info's number. */
static void info_long(CURL *h, CURLINFO i, long *v)
{
	assert((i & CURLINFO_TYPEMASK) == CURLINFO_LONG);
	bn_curl.easy_getinfo(h, i, v);
}

static void info_string(CURL *h, CURLINFO i, char **v)
{
	assert((i & CURLINFO_TYPEMASK) == CURLINFO_STRING);
	bn_curl.easy_getinfo(h, i, v);
}

bn_status bn_transfer_start(bn_transfer *t, const char *url, const bn_fetch_options *o,
                            const char *etag, const char *last_modified, bn_error *err)
{
	memset(t, 0, sizeof *t);
	t->first_class = -1;
	t->max_bytes = o->max_bytes;
	t->allow_private = o->allow_private;
	t->url = url;
	bn_status st = bn_curl_load(url, err);
	if (st != BN_OK)
		return st;
	CURL *h = t->h = bn_curl.easy_init();
	if (!h)
		return bn_fail(err, BN_ERR_INTERNAL, "%s: cannot start libcurl", url);
	char agent[64];
	snprintf(agent, sizeof agent, "baonoi/%s", BN_VERSION);
	/* A conditional request: the server answers 304 when the caller's copy is current. */
	char line[1100];
	if (etag && strlen(etag) < 1024) {
		snprintf(line, sizeof line, "If-None-Match: %s", etag);
		t->headers = bn_curl.slist_append(t->headers, line);
	}
	if (last_modified && strlen(last_modified) < 1024) {
		snprintf(line, sizeof line, "If-Modified-Since: %s", last_modified);
		t->headers = bn_curl.slist_append(t->headers, line);
	}

	CURLcode rc = CURLE_OK;
	set_pointer(h, CURLOPT_URL, url, &rc);
	set_pointer(h, CURLOPT_PROTOCOLS_STR, "http,https", &rc);
	set_pointer(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https", &rc);
	set_long(h, CURLOPT_FOLLOWLOCATION, 1L, &rc);
	set_long(h, CURLOPT_MAXREDIRS, MAX_REDIRECTS, &rc);
	set_pointer(h, CURLOPT_ACCEPT_ENCODING, "", &rc); /* every encoding libcurl decodes */
	set_long(h, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms, &rc);
	set_long(h, CURLOPT_TIMEOUT_MS, o->timeout_ms, &rc);
	set_off(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_bytes, &rc);
	set_long(h, CURLOPT_NOSIGNAL, 1L, &rc);
	set_pointer(h, CURLOPT_USERAGENT, o->user_agent ? o->user_agent : agent, &rc);
	set_write_callback(h, CURLOPT_WRITEFUNCTION, on_body, &rc);
	set_pointer(h, CURLOPT_WRITEDATA, t, &rc);
	set_write_callback(h, CURLOPT_HEADERFUNCTION, on_header, &rc);
	set_pointer(h, CURLOPT_HEADERDATA, t, &rc);
	set_prereq_callback(h, before_request, &rc);
	set_pointer(h, CURLOPT_PREREQDATA, t, &rc);
	set_pointer(h, CURLOPT_ERRORBUFFER, t->detail, &rc);
	set_long(h, CURLOPT_SSL_VERIFYPEER, 1L, &rc);
	set_long(h, CURLOPT_SSL_VERIFYHOST, 2L, &rc);
	if (t->headers)
		set_pointer(h, CURLOPT_HTTPHEADER, t->headers, &rc);
	t->setup = rc; /* an option this libcurl refuses fails the transfer, named then */
	return BN_OK;
}

bn_status bn_transfer_finish(bn_transfer *t, int result, bn_error *err)
{
	CURLcode rc = t->setup != CURLE_OK ? t->setup : (CURLcode)result;
	long code = 0;
	info_long(t->h, CURLINFO_RESPONSE_CODE, &code);
	t->code = code;
	if (rc != CURLE_OK)
		return curl_failure(t->url, rc, t->detail, t, t->max_bytes, code, err);
	char *eff = NULL, *ct = NULL;
	info_string(t->h, CURLINFO_EFFECTIVE_URL, &eff);
	info_string(t->h, CURLINFO_CONTENT_TYPE, &ct);
	if (code >= 400)
		return bn_fail(err, BN_ERR_HTTP, "%s: HTTP %ld %s", t->url, code,
		               http_reason(code));
	if (t->body.failed)
		return bn_fail(err, BN_ERR_INTERNAL, "%s: out of memory", t->url);
	t->final_url = strdup(eff ? eff : t->url);
	t->content_type = ct ? strdup(ct) : NULL;
	if (!t->final_url || (ct && !t->content_type))
		return bn_fail(err, BN_ERR_INTERNAL, "%s: out of memory", t->url);
	return BN_OK;
}

long bn_transfer_retry_after(bn_transfer *t)
{
	curl_off_t secs = 0;
	if (bn_curl.easy_getinfo(t->h, CURLINFO_RETRY_AFTER, &secs) != CURLE_OK)
		return -1;
	return secs > 0 ? (long)secs : -1;
}

void bn_transfer_free(bn_transfer *t)
{
	if (t->h)
		bn_curl.easy_cleanup(t->h);
	if (t->headers)
		bn_curl.slist_free_all(t->headers);
	bn_buf_free(&t->body);
	free(t->final_url);
	free(t->content_type);
	free(t->etag);
	free(t->last_modified);
	memset(t, 0, sizeof *t);
}

/* Download url into *body (malloc'd); the final URL and Content-Type come back malloc'd too. */
static bn_status fetch_url(const char *url, const bn_fetch_options *o, bn_buf *body,
                           char **final_url, char **content_type, bn_error *err)
{
	bn_transfer t;
	bn_status st = bn_transfer_start(&t, url, o, NULL, NULL, err);
	if (st == BN_OK)
		st = bn_transfer_finish(
		        &t, t.setup == CURLE_OK ? bn_curl.easy_perform(t.h) : t.setup, err);
	if (st == BN_OK) {
		*body = t.body;
		*final_url = t.final_url;
		*content_type = t.content_type;
		t.body = (bn_buf)BN_BUF_INIT;
		t.final_url = t.content_type = NULL;
	}
	bn_transfer_free(&t);
	return st;
}

/* Read a file, or standard input for "-", into *body, refusing more than max_bytes. */
bn_status bn_read_file(const char *path, size_t max_bytes, bn_buf *body, bn_error *err)
{
	int is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "standard input" : path;
	int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return bn_fail(err, BN_ERR_INPUT, "%s: %s", name, strerror(errno));
	struct stat sb;
	if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		if (!is_stdin)
			close(fd);
		return bn_fail(err, BN_ERR_INPUT, "%s: is a directory", name);
	}
	bn_buf b = BN_BUF_INIT;
	bn_status st = BN_OK;
	for (;;) {
		if (bn_buf_reserve(&b, 65536) < 0) {
			st = bn_fail(err, BN_ERR_INTERNAL, "%s: out of memory", name);
			break;
		}
		ssize_t n = read(fd, b.data + b.len, b.cap - b.len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			st = bn_fail(err, BN_ERR_INPUT, "%s: %s", name, strerror(errno));
			break;
		}
		if (n == 0)
			break;
		b.len += (size_t)n;
		b.data[b.len] = '\0';
		if (b.len > max_bytes) {
			st = bn_fail(err, BN_ERR_TOO_LARGE, "%s: document larger than %zu bytes",
			             name, max_bytes);
			break;
		}
	}
	if (!is_stdin)
		close(fd);
	if (st != BN_OK) {
		bn_buf_free(&b);
		return st;
	}
	*body = b;
	return BN_OK;
}

/* What a document's first bytes say it is: a known binary format's name, or NULL. */
static const char *binary_format(const unsigned char *p, size_t n)
{
	static const struct {
		const char *magic;
		size_t len;
		const char *name;
	} magics[] = {
	        {"%PDF-", 5, "a PDF document"},
	        {"\x89PNG", 4, "a PNG image"},
	        {"\xFF\xD8\xFF", 3, "a JPEG image"},
	        {"GIF8", 4, "a GIF image"},
	        {"PK\x03\x04", 4, "a ZIP archive (or an office document)"},
	        {"\x1F\x8B", 2, "gzip-compressed data"},
	        {"RIFF", 4, "a RIFF file (audio or video)"},
	        {"\x7F"
	         "ELF",
	         4, "an executable"},
	        {"ID3", 3, "an MP3 file"},
	        {"OggS", 4, "an Ogg file"},
	        {"\xD0\xCF\x11\xE0", 4, "an old Office document"},
	};
	for (size_t i = 0; i < BN_ARRAY_LEN(magics); i++)
		if (n >= magics[i].len && memcmp(p, magics[i].magic, magics[i].len) == 0)
			return magics[i].name;
	/* NUL bytes in the first 8 KiB, unless the text is UTF-16 (which has a BOM). */
	if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)))
		return NULL;
	if (memchr(p, 0, n < 8192 ? n : 8192))
		return "binary data";
	return NULL;
}

/* 1 when decoded text looks like HTML: its first tag is a doctype, html, head, body or a
 * common element. */
static int looks_like_html(const char *s, size_t n)
{
	static const char *starts[] = {"<!doctype html", "<html",  "<head",    "<body", "<!--",
	                               "<meta",          "<title", "<div",     "<p>",   "<p ",
	                               "<article",       "<?xml",  "<section", "<main", "<h1",
	                               "<table",         "<script"};
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	for (size_t k = 0; k < BN_ARRAY_LEN(starts); k++)
		if (n - i >= strlen(starts[k]) &&
		    bn_ascii_ncasecmp(s + i, starts[k], strlen(starts[k])) == 0)
			return 1;
	return 0;
}

/* The document kind from the Content-Type (authoritative when it says HTML or text), else
 * from the content. -1 for a type that is neither. */
static int document_kind(const char *content_type, const char *data, size_t len)
{
	if (content_type) {
		size_t n = strcspn(content_type, "; \t");
		if (n == 9 && bn_ascii_ncasecmp(content_type, "text/html", 9) == 0)
			return BN_DOC_HTML;
		if (n == 21 && bn_ascii_ncasecmp(content_type, "application/xhtml+xml", 21) == 0)
			return BN_DOC_HTML;
		int plain = n == 10 && bn_ascii_ncasecmp(content_type, "text/plain", 10) == 0;
		int unknown = n == 24 &&
		              bn_ascii_ncasecmp(content_type, "application/octet-stream", 24) == 0;
		if (!plain && !unknown && n > 0)
			return -1;
	}
	return looks_like_html(data, len) ? BN_DOC_HTML : BN_DOC_TEXT;
}

bn_status bn_document_from_bytes(const char *name, const char *bytes, size_t len,
                                 const char *content_type, bn_document **out, bn_error *err)
{
	const char *binary = binary_format((const unsigned char *)bytes, len);
	if (binary)
		return bn_fail(err, BN_ERR_UNSUPPORTED, "%s: not an HTML or text document (%s)",
		               name, binary);
	char *declared = bn_charset_from_content_type(content_type);
	int kind = document_kind(content_type, bytes, len);
	if (kind < 0) {
		size_t n = strcspn(content_type, ";");
		free(declared);
		return bn_fail(err, BN_ERR_UNSUPPORTED, "%s: not an HTML or text document (%.*s)",
		               name, (int)n, content_type);
	}
	bn_document *doc = calloc(1, sizeof *doc);
	if (!doc) {
		free(declared);
		return bn_fail(err, BN_ERR_INTERNAL, "%s: out of memory", name);
	}
	doc->kind = (bn_doc_kind)kind;
	bn_status st = bn_decode(name, bytes, len, declared, kind == BN_DOC_HTML, &doc->data,
	                         &doc->len, &doc->charset, err);
	free(declared);
	if (st == BN_OK && !(doc->source = strdup(name)))
		st = bn_fail(err, BN_ERR_INTERNAL, "%s: out of memory", name);
	/* Text served as octet-stream or sniffed from a file may turn out to be HTML only after
	 * decoding (UTF-16): look again. */
	if (st == BN_OK && kind == BN_DOC_TEXT && !content_type &&
	    looks_like_html(doc->data, doc->len))
		doc->kind = BN_DOC_HTML;
	if (st != BN_OK) {
		bn_document_free(doc);
		return st;
	}
	*out = doc;
	return BN_OK;
}

/* 1 when source is a URL: a scheme of letters followed by "://". */
static int is_url(const char *s)
{
	const char *p = s;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
	       *p == '+' || *p == '-' || *p == '.')
		p++;
	return p > s && strncmp(p, "://", 3) == 0;
}

/* The Content-Type a file's name suggests, or NULL to sniff. */
static const char *type_from_name(const char *path)
{
	if (bn_ends_with_ci(path, ".html") || bn_ends_with_ci(path, ".htm") ||
	    bn_ends_with_ci(path, ".xhtml"))
		return "text/html";
	if (bn_ends_with_ci(path, ".txt"))
		return "text/plain";
	return NULL;
}

bn_status bn_fetch_options_resolve(const bn_fetch_options *in, bn_fetch_options *o,
                                   const char *name, bn_error *err)
{
	if (bn_options_copy(o, sizeof *o, in, BN_OPTIONS_V1(bn_fetch_options, allow_private)) != 0)
		return bn_fail(err, BN_ERR_USAGE, "%s: fetch options of an unknown version", name);
	if (!o->max_bytes)
		o->max_bytes = DEFAULT_MAX_BYTES;
	if (o->connect_timeout_ms <= 0)
		o->connect_timeout_ms = DEFAULT_CONNECT_TIMEOUT_MS;
	if (o->timeout_ms <= 0)
		o->timeout_ms = DEFAULT_TIMEOUT_MS;
	return BN_OK;
}

bn_status bn_fetch(const char *source, const bn_fetch_options *opts, bn_document **out,
                   bn_error *err)
{
	bn_fetch_options o;
	*out = NULL;
	bn_status st = bn_fetch_options_resolve(opts, &o, source, err);
	if (st != BN_OK)
		return st;

	bn_buf body = BN_BUF_INIT;
	char *final_url = NULL, *content_type = NULL;
	if (is_url(source)) {
		if (bn_ascii_ncasecmp(source, "http://", 7) != 0 &&
		    bn_ascii_ncasecmp(source, "https://", 8) != 0)
			return bn_fail(err, BN_ERR_UNSUPPORTED,
			               "%s: only http and https URLs are read", source);
		st = fetch_url(source, &o, &body, &final_url, &content_type, err);
	} else {
		st = bn_read_file(source, o.max_bytes, &body, err);
		if (st == BN_OK && type_from_name(source))
			content_type = strdup(type_from_name(source));
	}
	if (st != BN_OK)
		return st;

	const char *name = strcmp(source, "-") == 0 ? "standard input" : source;
	if (body.len == 0) {
		st = bn_fail(err, BN_ERR_NO_ARTICLE, "%s: empty document", name);
	} else {
		st = bn_document_from_bytes(name, body.data, body.len, content_type, out, err);
		if (st == BN_OK) {
			(*out)->url = final_url;
			final_url = NULL;
		}
	}
	bn_buf_free(&body);
	free(final_url);
	free(content_type);
	return st;
}

void bn_document_free(bn_document *doc)
{
	if (!doc)
		return;
	free(doc->source);
	free(doc->url);
	free(doc->data);
	free(doc->charset);
	free(doc);
}
