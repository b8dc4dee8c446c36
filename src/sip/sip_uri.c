/* URI pieces (RFC 3261 §19.1.1 SIP-URI components, §19.1.5 and §25.1
 * Request-URI, RFC 3966 tel URI, RFC 3986 §3.1 scheme, RFC 5118 §4 IPv6
 * references). */
#include "sip/sip_uri.h"

#include "sip/sip_lex.h"

#include <string.h>

static REASON_DEFINE (reason_uri_in_brackets, "sip",
                      "request-uri in angle brackets");
static REASON_DEFINE (reason_uri_no_scheme, "sip",
                      "request-uri without scheme");
static REASON_DEFINE (reason_uri_headers, "sip", "request-uri has headers");
static REASON_DEFINE (reason_uri_bad_host, "sip",
                      "bad request-uri host or port");

/* Length of "scheme:" at the start of s, 0 when absent. */
static gsize
scheme_length (SipSpan s)
{
  if (s.len == 0 || !sip_lex_is (s.ptr[0], SIP_CHAR_ALPHA))
    return 0;
  gsize i = 1;
  while (i < s.len && sip_lex_is (s.ptr[i], SIP_CHAR_SCHEME))
    i++;
  return i < s.len && s.ptr[i] == ':' ? i + 1 : 0;
}

#define scheme_is(uri, scheme_len, lower) \
  sip_lex_equal_ci ((uri).ptr, (scheme_len) - 1, lower, sizeof lower - 1)

static const char *
find_last (const char *p, const char *end, char c)
{
#ifdef SIP_LEX_SIMD
  if (end - p >= 16)
    return sip_lex_simd_find_last (p, end, c);
#endif
  const char *last = NULL;
  const char *q;
  while ((q = memchr (p, c, (gsize) (end - p))) != NULL)
    {
      last = q;
      p = q + 1;
    }
  return last;
}

static gboolean
is_sip_scheme (SipSpan uri, gsize scheme_len)
{
  return scheme_is (uri, scheme_len, "sip")
         || scheme_is (uri, scheme_len, "sips");
}

/* "sip:", the usual start: what scheme_length and is_sip_scheme would
 * find. */
static gboolean
has_sip_prefix (SipSpan uri)
{
  return uri.len >= 4 && sip_lex_equal_ci (uri.ptr, 4, "sip:", 4);
}

SipSpan
sip_uri_user (SipSpan uri)
{
  gboolean sip_prefix = has_sip_prefix (uri);
  gsize scheme_len = sip_prefix ? 4 : scheme_length (uri);
  if (scheme_len == 0)
    return SIP_SPAN_NONE;
  const char *p = uri.ptr + scheme_len;
  const char *end = uri.ptr + uri.len;
  const char *user_end;
  if (sip_prefix || is_sip_scheme (uri, scheme_len))
    {
      /* user may hold ";" "?" "," (user-unreserved) but never "@" */
      const char *at = find_last (p, end, '@');
      if (at == NULL)
        return SIP_SPAN_NONE;
      const char *colon = memchr (p, ':', (gsize) (at - p));
      user_end = colon != NULL ? colon : at;
    }
  else if (scheme_is (uri, scheme_len, "tel"))
    {
      const char *semi = memchr (p, ';', (gsize) (end - p));
      user_end = semi != NULL ? semi : end;
    }
  else
    return SIP_SPAN_NONE;
  if (user_end == p)
    return SIP_SPAN_NONE;
  return (SipSpan){ p, (gsize) (user_end - p) };
}

static gboolean
is_ipv6_char (char c)
{
  return sip_lex_is (c, SIP_CHAR_HEX) || c == ':' || c == '.';
}

/* host [ ":" port ] followed by the end or uri-parameters; [base, end)
 * is readable (the URI up to p's hostport end). */
static gboolean
hostport_valid (const char *base, const char *p, const char *end)
{
  if (p < end && *p == '[')
    {
      const char *q = p + 1;
      while (q < end && is_ipv6_char (*q))
        q++;
      if (q == p + 1 || q == end || *q != ']')
        return FALSE;
      p = q + 1;
    }
  else
    {
      const char *q = sip_lex_skip_host_in (base, p, end);
      if (q == p)
        return FALSE;
      p = q;
    }
  if (p < end && *p == ':')
    {
      const char *q = sip_lex_skip_class (p + 1, end, SIP_CHAR_DIGIT);
      guint port = 0;
      if (q == p + 1 || q - (p + 1) > 5)
        return FALSE;
      for (const char *d = p + 1; d < q; d++)
        port = port * 10 + (guint) (*d - '0');
      if (port > 65535)
        return FALSE;
      p = q;
    }
  return p == end || *p == ';';
}

/* Where host [ ":" port ] must end: at the first ";" before any "?", or
 * at the "?" (only a violation), or at end. */
static const char *
find_hostport_end (const char *host, const char *end,
                   const Reason **violation)
{
#ifdef SIP_LEX_SIMD
  if (end - host >= 16
      && sip_lex_simd_find (host, end, SIP_LEX_SIMD_QUERY_OR_PARAM) == end)
    return end;
#endif
  const char *headers = memchr (host, '?', (gsize) (end - host));
  if (headers != NULL)
    {
      reason_note_first (violation, &reason_uri_headers);
      end = headers;
    }
  const char *params = memchr (host, ';', (gsize) (end - host));
  return params != NULL ? params : end;
}

#ifdef SIP_LEX_SIMD
/* port = 1*5DIGIT up to 65535, all of [p, end). */
static gboolean
is_port (const char *p, const char *end)
{
  guint port = 0;
  if (p == end || end - p > 5)
    return FALSE;
  for (; p < end; p++)
    {
      guint digit = (guint) (guint8) (*p - '0');
      if (digit > 9)
        return FALSE;
      port = port * 10 + digit;
    }
  return port <= 65535;
}

/* The usual Request-URI, "sip:" then at most 64 bytes with a valid host
 * [ ":" port ] and no "?" after the host, in at least 16 in all: TRUE
 * when sip_uri_check_request_uri accepts it without violation, found
 * from the marks of the bytes that are not host characters (in the
 * usual URI only "@", and ":" before a port); FALSE leaves it to the
 * general path. */
static gboolean
is_usual_sip_uri (SipSpan uri)
{
  if (uri.len < 16 || uri.len - 4 > 64 || !has_sip_prefix (uri))
    return FALSE;
  const char *p = uri.ptr + 4;
  gsize n = uri.len - 4;
  guint64 marks = sip_lex_simd_mask64 (p, n, SIP_LEX_SIMD_NOT_HOST);
  /* as find_last: the host starts after the last "@" */
  gsize host = 0;
  for (guint64 m = marks; m != 0;)
    {
      guint i = 63 - (guint) __builtin_clzll (m);
      if (p[i] == '@')
        {
          host = i + 1;
          break;
        }
      m &= ~(G_GUINT64_CONSTANT (1) << i);
    }
  if (host == n)
    return FALSE;
  marks &= ~G_GUINT64_CONSTANT (0) << host;
  gsize host_end = marks != 0 ? (gsize) __builtin_ctzll (marks) : n;
  if (host_end == host)
    return FALSE;
  if (host_end < n && p[host_end] == ':')
    {
      marks &= marks - 1;
      gsize port_end = marks != 0 ? (gsize) __builtin_ctzll (marks) : n;
      if (!is_port (p + host_end + 1, p + port_end))
        return FALSE;
      host_end = port_end;
    }
  if (host_end < n && p[host_end] != ';')
    return FALSE;
  /* find_hostport_end would note any "?" after the host */
  for (; marks != 0; marks &= marks - 1)
    if (p[__builtin_ctzll (marks)] == '?')
      return FALSE;
  return TRUE;
}
#endif

/* The general path of sip_uri_check_request_uri. */
static const Reason *
check_request_uri (SipSpan uri, const Reason **violation)
{
  if (uri.len > 0 && uri.ptr[0] == '<')
    return &reason_uri_in_brackets;
  gboolean sip_prefix = has_sip_prefix (uri);
  gsize scheme_len = sip_prefix ? 4 : scheme_length (uri);
  if (scheme_len == 0)
    return &reason_uri_no_scheme;
  if (!sip_prefix && !is_sip_scheme (uri, scheme_len))
    return NULL;
  const char *p = uri.ptr + scheme_len;
  const char *end = uri.ptr + uri.len;
  const char *at = find_last (p, end, '@');
  const char *host = at != NULL ? at + 1 : p;
  if (!hostport_valid (uri.ptr, host,
                      find_hostport_end (host, end, violation)))
    return &reason_uri_bad_host;
  return NULL;
}

const Reason *
sip_uri_check_request_uri (SipSpan uri, const Reason **violation)
{
#ifdef SIP_LEX_SIMD
  if (is_usual_sip_uri (uri))
    return NULL;
#endif
  return check_request_uri (uri, violation);
}
