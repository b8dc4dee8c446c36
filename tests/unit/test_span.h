/* Checking a SipSpan against the string it should hold. */
#pragma once

#include "sip/sip_span.h"

#include <glib.h>

/* span holds expected, or is absent when expected is NULL. */
static inline void
assert_span (SipSpan span, const char *expected)
{
  if (expected == NULL)
    {
      g_assert_false (sip_span_present (span));
      return;
    }
  char *s = sip_span_dup (span);
  g_assert_cmpstr (s, ==, expected);
  g_free (s);
}
