/* What the harnesses share: libFuzzer's entry, which replay_main.c calls
 * too in builds without libFuzzer, and reads of everything a parser hands
 * out, so that the sanitizers check where it points. */
#pragma once

#include "sip/sip_span.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Reads every byte. */
void fuzz_touch_bytes (const void *bytes, size_t len);
void fuzz_touch_span (SipSpan span);
/* NULL is allowed. */
void fuzz_touch_string (const char *string);
