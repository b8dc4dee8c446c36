/* A span of bytes inside a SIP message's buffer: the parser never copies,
 * it points. Spans are only valid while that buffer lives. */
#pragma once

#include <glib.h>

typedef struct {
  const char *ptr; /* NULL when absent */
  gsize len;
} SipSpan;

#define SIP_SPAN_NONE ((SipSpan){ NULL, 0 })

static inline gboolean
sip_span_present (SipSpan s)
{
  return s.ptr != NULL;
}

gboolean sip_span_equal (SipSpan a, SipSpan b);
gboolean sip_span_equal_str (SipSpan a, const char *s);
gboolean sip_span_equal_str_ci (SipSpan a, const char *s);
gboolean sip_span_has_prefix_ci (SipSpan a, const char *prefix);
/* NUL-terminated copy; NULL for an absent span. */
char *sip_span_dup (SipSpan s);
/* Copy of a quoted-string's inside with backslash escapes removed
 * (RFC 3261 §25.1 quoted-pair). */
char *sip_span_dup_unescaped (SipSpan s);
/* Leading and trailing LWS (SP, HTAB, CR, LF) removed. */
SipSpan sip_span_trim (SipSpan s);
