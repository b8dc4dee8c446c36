/* Lexical pieces of the SIP grammar (RFC 3261 §25.1): character classes,
 * linear white space, tokens, quoted strings and generic parameters.
 * Inside a header value a folded line break (CRLF WSP, §7.3.1) is white
 * space like any other, so CR and LF count as LWS here. */
#pragma once

#include "sip/sip_lex_simd.h"
#include "sip/sip_span.h"

#include <string.h>

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

/* Eight bytes from p, in memory order. */
static inline guint64
sip_lex_load8 (const char *p)
{
  guint64 w;
  memcpy (&w, p, sizeof w);
  return w;
}

/* 0x20, the case bit, in each byte of w that is an ASCII lower-case
 * letter; w holds ASCII bytes only. */
static inline guint64
sip_lex_case_bits (guint64 w)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  return ((w + ones * (0x80 - 'a')) & ~(w + ones * (0x80 - 'z' - 1))
          & (ones * 0x80)) >> 2;
}

/* The first width (1, 2, 4 or 8) bytes of s equal those of lower, ignoring
 * the case of s's letters: each width widened to 64 bits, which GCC
 * folds best for a literal lower. */
G_ALWAYS_INLINE static inline gboolean
sip_lex_equal_ci_word (const char *s, const char *lower, gsize width)
{
  guint64 have, want;
  if (width == 8)
    {
      have = sip_lex_load8 (s);
      want = sip_lex_load8 (lower);
    }
  else if (width == 4)
    {
      guint32 h, w;
      memcpy (&h, s, sizeof h);
      memcpy (&w, lower, sizeof w);
      have = h;
      want = w;
    }
  else if (width == 2)
    {
      guint16 h, w;
      memcpy (&h, s, sizeof h);
      memcpy (&w, lower, sizeof w);
      have = h;
      want = w;
    }
  else
    {
      have = (guint8) s[0];
      want = (guint8) lower[0];
    }
  return (have | sip_lex_case_bits (want)) == want;
}

/* s equals the literal lower (of length n: lower-case letters and other
 * ASCII), ignoring case; word by word, the last word overlapping the one
 * before, so that with a literal the words are constants: always inline,
 * or they are not. */
G_ALWAYS_INLINE static inline gboolean
sip_lex_equal_ci (const char *s, gsize len, const char *lower, gsize n)
{
  if (len != n)
    return FALSE;
  if (n >= 8)
    {
      for (gsize i = 0; i + 8 < n; i += 8)
        if (!sip_lex_equal_ci_word (s + i, lower + i, 8))
          return FALSE;
      return sip_lex_equal_ci_word (s + n - 8, lower + n - 8, 8);
    }
  if (n == 0)
    return TRUE;
  gsize width = n >= 4 ? 4 : n >= 2 ? 2 : 1;
  return sip_lex_equal_ci_word (s, lower, width)
         && sip_lex_equal_ci_word (s + n - width, lower + n - width, width);
}

#define SIP_LEX_SPAN_IS(span, lower) \
  sip_lex_equal_ci ((span).ptr, (span).len, lower, sizeof lower - 1)

/* LWS bytes are all below 0x21: most bytes fail that first test. */
static inline gboolean
sip_lex_is_lws (char c)
{
  return (guint8) c <= ' ' && sip_lex_is (c, SIP_CHAR_LWS);
}

static inline const char *
sip_lex_skip_lws (const char *p, const char *end)
{
  while (p < end && sip_lex_is_lws (*p))
    p++;
  return p;
}

/* The end of the run at p of bytes that are (member) or are not (!member)
 * in cls. Unrolled: these runs (names, hosts, tags) are the parser's inner
 * loop. */
static inline const char *
sip_lex_run_end (const char *p, const char *end, guint8 cls, gboolean member)
{
  for (; end - p >= 4; p += 4)
    {
      if (sip_lex_is (p[0], cls) != member)
        return p;
      if (sip_lex_is (p[1], cls) != member)
        return p + 1;
      if (sip_lex_is (p[2], cls) != member)
        return p + 2;
      if (sip_lex_is (p[3], cls) != member)
        return p + 3;
    }
  while (p < end && sip_lex_is (*p, cls) == member)
    p++;
  return p;
}

static inline const char *
sip_lex_skip_class (const char *p, const char *end, guint8 cls)
{
  return sip_lex_run_end (p, end, cls, TRUE);
}

/* The first byte in cls, or end. */
static inline const char *
sip_lex_find_class (const char *p, const char *end, guint8 cls)
{
  return sip_lex_run_end (p, end, cls, FALSE);
}

static inline const char *
sip_lex_skip_token (const char *p, const char *end)
{
  return sip_lex_skip_class (p, end, SIP_CHAR_TOKEN);
}

/* Some byte of w is below n (n <= 0x80): the test of "Bit Twiddling
 * Hacks" (hasless), exact as to whether, not as to which. */
static inline gboolean
sip_lex_has_byte_below (guint64 w, guint8 n)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  return ((w - ones * n) & ~w & (ones * 0x80)) != 0;
}

/* The first LWS byte in [p, end), or end: sixteen bytes at a time, or
 * eight at a time while none of them is a space or a control character.
 * With SIMD, a run without space or control byte, the usual answer, is
 * told at the cost of a minimum a block. */
G_ALWAYS_INLINE static inline const char *
sip_lex_find_lws (const char *p, const char *end)
{
#ifdef SIP_LEX_SIMD
  if (end - p >= 16)
    return sip_lex_simd_none_up_to (p, end, ' ')
             ? end
             : sip_lex_simd_find (p, end, SIP_LEX_SIMD_LWS);
#endif
  while (end - p >= 8 && !sip_lex_has_byte_below (sip_lex_load8 (p), 0x21))
    p += 8;
  while (p < end && !sip_lex_is (*p, SIP_CHAR_LWS))
    p++;
  return p;
}

/* As sip_lex_find_value_end, within a run [base, end) that is all
 * readable (a header value) with base <= p: sixteen bytes at a time
 * whenever the run, not only [p, end), holds sixteen. */
static inline const char *
sip_lex_find_value_end_in (const char *base, const char *p, const char *end)
{
#ifdef SIP_LEX_SIMD
  if (end - base >= 16)
    return sip_lex_simd_find (p, end, SIP_LEX_SIMD_VALUE_END);
#else
  (void) base;
#endif
  return sip_lex_find_class (p, end, SIP_CHAR_VALUE_END);
}

static inline const char *
sip_lex_find_value_end (const char *p, const char *end)
{
#ifdef SIP_LEX_SIMD
  if (end - p >= 16)
    return sip_lex_simd_find (p, end, SIP_LEX_SIMD_VALUE_END);
#endif
  return sip_lex_find_class (p, end, SIP_CHAR_VALUE_END);
}

/* sip_lex_skip_class (p, end, SIP_CHAR_HOST), within a readable run
 * [base, end) as for sip_lex_find_value_end_in. A host that starts with
 * a digit, most often an IPv4 address, is first crossed over its digits
 * and dots, a cheaper test. */
static inline const char *
sip_lex_skip_host_in (const char *base, const char *p, const char *end)
{
#ifdef SIP_LEX_SIMD
  if (end - base >= 16)
    {
      if (p < end && sip_lex_is (*p, SIP_CHAR_DIGIT))
        {
          p = sip_lex_simd_find (p, end, SIP_LEX_SIMD_NOT_IPV4);
          if (p == end || !sip_lex_is (*p, SIP_CHAR_HOST))
            return p;
        }
      return sip_lex_simd_find (p, end, SIP_LEX_SIMD_NOT_HOST);
    }
#else
  (void) base;
#endif
  return sip_lex_skip_class (p, end, SIP_CHAR_HOST);
}

/* Leading and trailing LWS removed from a span that is not NONE. */
static inline SipSpan
sip_lex_trim_present (SipSpan s)
{
  const char *end = s.ptr + s.len;
  const char *p = sip_lex_skip_lws (s.ptr, end);
  while (end > p && sip_lex_is_lws (end[-1]))
    end--;
  return (SipSpan){ p, (gsize) (end - p) };
}

/* Leading and trailing LWS removed. */
static inline SipSpan
sip_lex_trim (SipSpan s)
{
  return s.ptr == NULL ? s : sip_lex_trim_present (s);
}

/* p points at a '"'; returns the byte after the closing quote, or NULL
 * when the string is not closed before end. */
const char *sip_lex_skip_quoted (const char *p, const char *end);

/* sip_lex_skip_quoted within a readable run [base, end) (base <= p, see
 * sip_lex_find_value_end_in): a string without escapes in one search of
 * sixteen bytes at a time, inline; any other through sip_lex_skip_quoted,
 * from the same quote. */
static inline const char *
sip_lex_skip_quoted_in (const char *base, const char *p, const char *end)
{
#ifdef SIP_LEX_SIMD
  if (end - base >= 16)
    {
      const char *q = sip_lex_simd_find (p + 1, end,
                                         SIP_LEX_SIMD_QUOTE_OR_ESCAPE);
      if (q < end && *q == '"')
        return q + 1;
    }
#else
  (void) base;
#endif
  return sip_lex_skip_quoted (p, end);
}

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
static inline SipParamResult
sip_lex_param_value (const char **pp, const char *end, SipSpan *value)
{
  const char *p = *pp;
  if (p < end && *p == '"')
    {
      const char *q = sip_lex_skip_quoted (p, end);
      if (q == NULL)
        return SIP_PARAM_BAD;
      *value = (SipSpan){ p + 1, (gsize) (q - 1 - (p + 1)) };
      *pp = q;
      return SIP_PARAM_OK;
    }
  const char *q = sip_lex_find_value_end (p, end);
  if (q == p)
    return SIP_PARAM_BAD;
  *value = (SipSpan){ p, (gsize) (q - p) };
  *pp = q;
  return SIP_PARAM_OK;
}

/* Inline: it runs for every parameter of Via, From, To and Contact. */
static inline SipParamResult
sip_lex_next_param (const char **pp, const char *end, SipParam *param)
{
  const char *p = sip_lex_skip_lws (*pp, end);
  if (p == end || *p != ';')
    {
      *pp = p;
      return SIP_PARAM_NONE;
    }
  p = sip_lex_skip_lws (p + 1, end);
  if (p == end || *p == ';' || *p == ',')
    {
      *pp = p;
      return SIP_PARAM_EMPTY;
    }
  const char *name_end = sip_lex_skip_token (p, end);
  if (name_end == p)
    return SIP_PARAM_BAD;
  param->name = (SipSpan){ p, (gsize) (name_end - p) };
  param->value = SIP_SPAN_NONE;
  p = sip_lex_skip_lws (name_end, end);
  if (p < end && *p == '=')
    {
      p = sip_lex_skip_lws (p + 1, end);
      SipParamResult r = sip_lex_param_value (&p, end, &param->value);
      if (r != SIP_PARAM_OK)
        return r;
    }
  *pp = p;
  return SIP_PARAM_OK;
}

/* sip_lex_next_param within a readable run [base, end) (base <= *pp,
 * see sip_lex_find_value_end_in): the usual ";name" or ";name=value",
 * with no LWS and an unquoted value, in one pass; anything else through
 * sip_lex_next_param, from the same place. */
static inline SipParamResult
sip_lex_next_param_in (const char *base, const char **pp, const char *end,
                       SipParam *param)
{
  const char *p = *pp;
  if (p == end || (*p != ';' && !sip_lex_is_lws (*p)))
    return SIP_PARAM_NONE;
  if (end - p >= 2 && p[0] == ';' && sip_lex_is (p[1], SIP_CHAR_TOKEN))
    {
      const char *name = p + 1;
      const char *name_end = sip_lex_skip_token (name + 1, end);
      if (name_end == end || *name_end != '=')
        {
          if (name_end == end || !sip_lex_is_lws (*name_end))
            {
              param->name = (SipSpan){ name, (gsize) (name_end - name) };
              param->value = SIP_SPAN_NONE;
              *pp = name_end;
              return SIP_PARAM_OK;
            }
        }
      else if (end - name_end >= 2 && name_end[1] != '"'
               && !sip_lex_is_lws (name_end[1]))
        {
          const char *v = name_end + 1;
          const char *v_end = sip_lex_find_value_end_in (base, v, end);
          if (v_end != v)
            {
              param->name = (SipSpan){ name, (gsize) (name_end - name) };
              param->value = (SipSpan){ v, (gsize) (v_end - v) };
              *pp = v_end;
              return SIP_PARAM_OK;
            }
        }
    }
  return sip_lex_next_param (pp, end, param);
}

/* The number whose decimal digits are the bytes of w, in memory order
 * (each 0 to 9): pairs, then fours, then the eight. */
static inline guint64
sip_lex_digits_value (guint64 w)
{
  w = (w * 10 + (w >> 8)) & G_GUINT64_CONSTANT (0x00ff00ff00ff00ff);
  w = (w * 100 + (w >> 16)) & G_GUINT64_CONSTANT (0x0000ffff0000ffff);
  return (w * 10000 + (w >> 32)) & G_GUINT64_CONSTANT (0xffffffff);
}

gsize sip_lex_scan_uint_slow (const char **pp, const char *end,
                              guint64 *value);

/* 1*DIGIT at *pp, moved past them; the value saturates at G_MAXUINT64.
 * Returns the number of digits. */
static inline gsize
sip_lex_scan_uint (const char **pp, const char *end, guint64 *value)
{
  const char *start = *pp;
  const char *p = start;
  guint64 v = 0;
  if (end - p >= 8)
    {
      /* fewer than eight digits, the usual number, eight bytes at once */
      const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
      guint64 w = sip_lex_load8 (p);
      guint64 not_digit = ((w & ones * 0xf0) ^ ones * 0x30)
                          | (((w & ones * 0x0f) + ones * 0x06) & ones * 0xf0);
      if (not_digit != 0)
        {
          guint n = (guint) __builtin_ctzll (not_digit) / 8;
          if (n > 0)
            v = sip_lex_digits_value ((w - ones * '0') << (8 * (8 - n)));
          *pp = p + n;
          *value = v;
          return n;
        }
    }
  /* fewer than 20 digits cannot overflow */
  const char *fast_end = end - p >= 19 ? p + 19 : end;
  for (guint d; p < fast_end && (d = (guint) (guint8) (*p - '0')) < 10; p++)
    v = v * 10 + d;
  if (p == fast_end && p < end && sip_lex_is (*p, SIP_CHAR_DIGIT))
    return sip_lex_scan_uint_slow (pp, end, value);
  *pp = p;
  *value = v;
  return (gsize) (p - start);
}
