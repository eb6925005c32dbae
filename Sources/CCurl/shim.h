// Thin wrappers around libcurl for Swift: curl_easy_setopt and curl_easy_getinfo
// are variadic, and several option names are macros Swift cannot see.
#ifndef VAS_CURL_SHIM_H
#define VAS_CURL_SHIM_H
#include <curl/curl.h>

static inline CURLcode vas_curl_set_long(CURL *h, CURLoption option, long value) {
    return curl_easy_setopt(h, option, value);
}
static inline CURLcode vas_curl_set_string(CURL *h, CURLoption option, const char *value) {
    return curl_easy_setopt(h, option, value);
}
static inline CURLcode vas_curl_set_pointer(CURL *h, CURLoption option, void *value) {
    return curl_easy_setopt(h, option, value);
}
static inline CURLcode vas_curl_set_slist(CURL *h, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(h, option, value);
}

typedef size_t (*vas_curl_data_callback)(char *, size_t, size_t, void *);
static inline CURLcode vas_curl_set_write_callback(CURL *h, vas_curl_data_callback callback, void *context) {
    CURLcode code = curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, callback);
    if (code != CURLE_OK) return code;
    return curl_easy_setopt(h, CURLOPT_WRITEDATA, context);
}
static inline CURLcode vas_curl_set_header_callback(CURL *h, vas_curl_data_callback callback, void *context) {
    CURLcode code = curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, callback);
    if (code != CURLE_OK) return code;
    return curl_easy_setopt(h, CURLOPT_HEADERDATA, context);
}

static inline long vas_curl_response_code(CURL *h) {
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    return code;
}

/* Option names Swift sees as macros or enum members, gathered in one place. */
static const CURLoption VAS_CURLOPT_URL = CURLOPT_URL;
static const CURLoption VAS_CURLOPT_HTTPHEADER = CURLOPT_HTTPHEADER;
static const CURLoption VAS_CURLOPT_USERAGENT = CURLOPT_USERAGENT;
static const CURLoption VAS_CURLOPT_CONNECTTIMEOUT_MS = CURLOPT_CONNECTTIMEOUT_MS;
static const CURLoption VAS_CURLOPT_TIMEOUT_MS = CURLOPT_TIMEOUT_MS;
static const CURLoption VAS_CURLOPT_SSL_VERIFYPEER = CURLOPT_SSL_VERIFYPEER;
static const CURLoption VAS_CURLOPT_SSL_VERIFYHOST = CURLOPT_SSL_VERIFYHOST;
static const CURLoption VAS_CURLOPT_FOLLOWLOCATION = CURLOPT_FOLLOWLOCATION;
static const CURLoption VAS_CURLOPT_PROTOCOLS_STR = CURLOPT_PROTOCOLS_STR;
static const CURLoption VAS_CURLOPT_REDIR_PROTOCOLS_STR = CURLOPT_REDIR_PROTOCOLS_STR;
static const CURLoption VAS_CURLOPT_ACCEPT_ENCODING = CURLOPT_ACCEPT_ENCODING;
static const CURLoption VAS_CURLOPT_NOSIGNAL = CURLOPT_NOSIGNAL;
static const CURLoption VAS_CURLOPT_POST = CURLOPT_POST;
static const CURLoption VAS_CURLOPT_COPYPOSTFIELDS = CURLOPT_COPYPOSTFIELDS;
static const CURLoption VAS_CURLOPT_POSTFIELDSIZE = CURLOPT_POSTFIELDSIZE;
static const CURLoption VAS_CURLOPT_CUSTOMREQUEST = CURLOPT_CUSTOMREQUEST;
static const CURLoption VAS_CURLOPT_TCP_KEEPALIVE = CURLOPT_TCP_KEEPALIVE;
static const CURLoption VAS_CURLOPT_ERRORBUFFER = CURLOPT_ERRORBUFFER;

static const int VAS_CURL_ERROR_SIZE = CURL_ERROR_SIZE;
static const long VAS_CURL_GLOBAL_DEFAULT = CURL_GLOBAL_DEFAULT;

#endif
