/* Lexical pieces of the SIP grammar (RFC 3261 §25.1): character classes,
 * linear white space, tokens, quoted strings and generic parameters.
 * Inside a header value a folded line break (CRLF WSP, §7.3.1) is white
 * space like any other, so CR and LF count as LWS here. */
#pragma once

#include "sip/sip_span.h"

enum {
  SIP_CHAR_TOKEN = 1 << 0,   /* token */
  SIP_CHAR_LWS = 1 << 1,     /* SP HTAB CR LF */
  SIP_CHAR_DIGIT = 1 << 2,
  SIP_CHAR_ALPHA = 1 << 3,
  SIP_CHAR_SCHEME = 1 << 4,  /* ALPHA DIGIT "+" "-" "." (RFC 3986 §3.1) */
  SIP_CHAR_HOST = 1 << 5,    /* alphanum "-" "." and, leniently, "_" */
  SIP_CHAR_HEX = 1 << 6,
  SIP_CHAR_VALUE_END = 1 << 7,  /* LWS ";" "," DQUOTE ">": ends a bare
                                   parameter value */
};

extern const guint8 sip_lex_class[256];

static inline gboolean
sip_lex_is (char c, guint8 cls)
{
  return (sip_lex_class[(guint8) c] & cls) != 0;
}

static inline char
sip_lex_lower (char c)
{
  return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
}

/* s equals the lower-case literal lower (of length n), ignoring case. */
static inline gboolean
sip_lex_equal_ci (const char *s, gsize len, const char *lower, gsize n)
{
  if (len != n)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (sip_lex_lower (s[i]) != lower[i])
      return FALSE;
  return TRUE;
}

#define SIP_LEX_SPAN_IS(span, lower) \
  sip_lex_equal_ci ((span).ptr, (span).len, lower, sizeof lower - 1)

static inline const char *
sip_lex_skip_lws (const char *p, const char *end)
{
  while (p < end && sip_lex_is (*p, SIP_CHAR_LWS))
    p++;
  return p;
}

static inline const char *
sip_lex_skip_class (const char *p, const char *end, guint8 cls)
{
  while (p < end && sip_lex_is (*p, cls))
    p++;
  return p;
}

static inline const char *
sip_lex_skip_token (const char *p, const char *end)
{
  return sip_lex_skip_class (p, end, SIP_CHAR_TOKEN);
}

/* p points at a '"'; returns the byte after the closing quote, or NULL
 * when the string is not closed before end. */
const char *sip_lex_skip_quoted (const char *p, const char *end);

typedef struct {
  SipSpan name;
  SipSpan value;   /* NONE without "="; inside of the quotes if quoted */
} SipParam;

typedef enum {
  SIP_PARAM_NONE,   /* no ";" follows: *pp is left after the LWS */
  SIP_PARAM_OK,
  SIP_PARAM_EMPTY,  /* ";" followed by nothing, ";" or "," */
  SIP_PARAM_BAD,
} SipParamResult;

/* One generic-param (";" token [ "=" gen-value ], with SWS around ";"
 * and "="). A value is a quoted-string or a run of bytes other than LWS,
 * ";", ",", quote and ">"; the syntax of such a run is not checked. */
SipParamResult sip_lex_next_param (const char **pp, const char *end,
                                   SipParam *param);

/* 1*DIGIT at *pp, moved past them; the value saturates at G_MAXUINT64.
 * Returns the number of digits. */
gsize sip_lex_scan_uint (const char **pp, const char *end, guint64 *value);
