/* Byte spans into a SIP message (comparison per RFC 3261 §7.3.1: header
 * names and many tokens compare case-insensitively); quoted-pair
 * unescaping per §25.1. */
#include "sip/sip_span.h"

#include "sip/sip_lex.h"

#include <string.h>

gboolean
sip_span_equal (SipSpan a, SipSpan b)
{
  if (a.ptr == NULL || b.ptr == NULL)
    return a.ptr == b.ptr;
  return a.len == b.len && memcmp (a.ptr, b.ptr, a.len) == 0;
}

gboolean
sip_span_equal_str (SipSpan a, const char *s)
{
  gsize n = strlen (s);
  return a.ptr != NULL && a.len == n && memcmp (a.ptr, s, n) == 0;
}

static gboolean
equal_ci (const char *a, const char *b, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (a[i] != b[i] && sip_lex_lower (a[i]) != sip_lex_lower (b[i]))
      return FALSE;
  return TRUE;
}

gboolean
sip_span_equal_str_ci (SipSpan a, const char *s)
{
  gsize n = strlen (s);
  return a.ptr != NULL && a.len == n && equal_ci (a.ptr, s, n);
}

gboolean
sip_span_has_prefix_ci (SipSpan a, const char *prefix)
{
  gsize n = strlen (prefix);
  /* senders keep the case of well-known prefixes (the branch cookie) */
  return a.ptr != NULL && a.len >= n
         && (memcmp (a.ptr, prefix, n) == 0 || equal_ci (a.ptr, prefix, n));
}

char *
sip_span_dup (SipSpan s)
{
  if (s.ptr == NULL)
    return NULL;
  return g_strndup (s.ptr, s.len);
}

char *
sip_span_dup_unescaped (SipSpan s)
{
  if (s.ptr == NULL)
    return NULL;
  char *out = g_malloc (s.len + 1);
  if (memchr (s.ptr, '\\', s.len) == NULL)
    {
      memcpy (out, s.ptr, s.len);
      out[s.len] = '\0';
      return out;
    }
  gsize n = 0;
  for (gsize i = 0; i < s.len; i++)
    {
      if (s.ptr[i] == '\\' && i + 1 < s.len)
        i++;
      out[n++] = s.ptr[i];
    }
  out[n] = '\0';
  return out;
}

SipSpan
sip_span_trim (SipSpan s)
{
  return sip_lex_trim (s);
}
