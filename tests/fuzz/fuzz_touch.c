#include "fuzz_harness.h"

#include <string.h>

/* Where the bytes read go, so that the compiler keeps the reads. */
static volatile unsigned fuzz_touched;

void
fuzz_touch_bytes (const void *bytes, size_t len)
{
  const unsigned char *p = bytes;
  unsigned sum = 0;
  for (size_t i = 0; i < len; i++)
    sum += p[i];
  fuzz_touched += sum;
}

void
fuzz_touch_span (SipSpan span)
{
  if (span.ptr != NULL)
    fuzz_touch_bytes (span.ptr, span.len);
}

void
fuzz_touch_string (const char *string)
{
  if (string != NULL)
    fuzz_touch_bytes (string, strlen (string));
}
