// Thin wrappers around libmpg123 and libout123 for Swift: mpg123.h renames
// functions by macro (mpg123_param → mpg123_param2, large-file variants), so
// Swift calls these instead of guessing the real names.
#ifndef VAS_MPG123_SHIM_H
#define VAS_MPG123_SHIM_H
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <mpg123.h>
#include <out123.h>

/// A feed-mode decoder that prints nothing, decodes to signed 16-bit PCM.
static inline mpg123_handle *vas_mpg123_new_feed(void) {
    int error = MPG123_OK;
    mpg123_handle *handle = mpg123_new(NULL, &error);
    if (handle == NULL) return NULL;
    mpg123_param(handle, MPG123_ADD_FLAGS, MPG123_QUIET, 0.0);
    mpg123_format_none(handle);
    long rates[] = {8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000};
    for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++) {
        mpg123_format(handle, rates[i], MPG123_MONO | MPG123_STEREO, MPG123_ENC_SIGNED_16);
    }
    if (mpg123_open_feed(handle) != MPG123_OK) {
        mpg123_delete(handle);
        return NULL;
    }
    return handle;
}

static inline void vas_mpg123_delete(mpg123_handle *handle) { mpg123_delete(handle); }

/// Feeds input (may be NULL/0) and takes decoded PCM: returns MPG123_OK,
/// MPG123_NEW_FORMAT, MPG123_NEED_MORE, MPG123_DONE or an error code.
static inline int vas_mpg123_decode(mpg123_handle *handle, const unsigned char *input, size_t size,
                                    unsigned char *output, size_t capacity, size_t *done) {
    return mpg123_decode(handle, input, size, output, capacity, done);
}

static inline int vas_mpg123_format(mpg123_handle *handle, long *rate, int *channels) {
    int encoding = 0;
    return mpg123_getformat(handle, rate, channels, &encoding);
}

static inline const char *vas_mpg123_error(mpg123_handle *handle) { return mpg123_strerror(handle); }

/// An output device: quiet (ALSA's chatter must not reach the screen), driver and
/// device named (never probed blindly), started for 16-bit PCM. NULL + message on failure.
/// `buffer_seconds` > 0 asks the device for that much buffer (the word highlight leads
/// the sound by at most this much); 0 keeps the driver's default.
static inline out123_handle *vas_out123_open(const char *drivers, const char *device, long rate, int channels,
                                             double buffer_seconds, char *message, size_t capacity) {
    out123_handle *handle = out123_new();
    if (handle == NULL) { snprintf(message, capacity, "libout123 could not start"); return NULL; }
    out123_param_int(handle, OUT123_FLAGS, OUT123_QUIET);
    if (buffer_seconds > 0) out123_param_float(handle, OUT123_DEVICEBUFFER, buffer_seconds);
    if (out123_open(handle, drivers, device) != OUT123_OK || out123_start(handle, rate, channels, MPG123_ENC_SIGNED_16) != OUT123_OK) {
        snprintf(message, capacity, "%s", out123_strerror(handle));
        out123_del(handle);
        return NULL;
    }
    return handle;
}
/// Whether libout123 finds an output module of this name that can be loaded: 1 yes,
/// 0 no, -1 when its module folder cannot be read. (Its own error for a missing module
/// and for a device that would not open is the same "failure loading driver module".)
static inline int vas_out123_has_driver(const char *name) {
    out123_handle *handle = out123_new();
    if (handle == NULL) return -1;
    out123_param_int(handle, OUT123_FLAGS, OUT123_QUIET);
    char **names = NULL, **descriptions = NULL;
    int count = out123_drivers(handle, &names, &descriptions);
    int found = count < 0 ? -1 : 0;
    for (int i = 0; i < count; i++) {
        if (names[i] != NULL && strcmp(names[i], name) == 0) found = 1;
    }
    if (count > 0) out123_stringlists_free(names, descriptions, count);
    out123_del(handle);
    return found;
}

static inline size_t vas_out123_play(out123_handle *handle, const void *bytes, size_t count) {
    return out123_play(handle, (void *)bytes, count);
}
static inline void vas_out123_drain(out123_handle *handle) { out123_drain(handle); }
/// Throws away what the device has buffered but not yet played (skip, mute, flush).
static inline void vas_out123_drop(out123_handle *handle) { out123_drop(handle); }
static inline void vas_out123_close(out123_handle *handle) { out123_stop(handle); out123_close(handle); out123_del(handle); }

static const int VAS_MPG123_OK = MPG123_OK;
static const int VAS_MPG123_DONE = MPG123_DONE;
static const int VAS_MPG123_NEW_FORMAT = MPG123_NEW_FORMAT;
static const int VAS_MPG123_NEED_MORE = MPG123_NEED_MORE;

#endif
