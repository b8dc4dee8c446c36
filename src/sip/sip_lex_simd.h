/* Finding bytes of a small set 16 at a time with SSE2 (the x86-64
 * baseline): for the runs the parser crosses most, Call-IDs, URIs and
 * parameter values. Without SSE2 SIP_LEX_SIMD is not defined and the
 * callers keep to their byte loops. */
#pragma once

#include <glib.h>

#ifdef __SSE2__
#include <emmintrin.h>

#define SIP_LEX_SIMD 1

static inline __m128i
sip_lex_simd_eq (__m128i bytes, char c)
{
  return _mm_cmpeq_epi8 (bytes, _mm_set1_epi8 (c));
}

/* SP HTAB CR LF: SIP_CHAR_LWS */
static inline __m128i
sip_lex_simd_lws (__m128i bytes)
{
  return _mm_or_si128 (
    _mm_or_si128 (sip_lex_simd_eq (bytes, ' '), sip_lex_simd_eq (bytes, '\t')),
    _mm_or_si128 (sip_lex_simd_eq (bytes, '\r'),
                  sip_lex_simd_eq (bytes, '\n')));
}

/* LWS ";" "," DQUOTE ">": SIP_CHAR_VALUE_END */
static inline __m128i
sip_lex_simd_value_end (__m128i bytes)
{
  return _mm_or_si128 (
    sip_lex_simd_lws (bytes),
    _mm_or_si128 (
      _mm_or_si128 (sip_lex_simd_eq (bytes, ';'), sip_lex_simd_eq (bytes, ',')),
      _mm_or_si128 (sip_lex_simd_eq (bytes, '"'),
                    sip_lex_simd_eq (bytes, '>'))));
}

typedef enum {
  SIP_LEX_SIMD_LWS,
  SIP_LEX_SIMD_VALUE_END,
  SIP_LEX_SIMD_LWS_OR_CLOSE,    /* LWS ">": ends a bracketed URI */
  SIP_LEX_SIMD_QUERY_OR_PARAM,  /* "?" ";": end a URI's host */
  SIP_LEX_SIMD_QUOTE_OR_ESCAPE, /* DQUOTE "\\": in a quoted-string */
} SipLexSimdSet;

/* One bit a byte of the 16 at p, set for the bytes in set. */
static inline guint
sip_lex_simd_mask (const char *p, SipLexSimdSet set)
{
  __m128i bytes = _mm_loadu_si128 ((const __m128i *) p);
  __m128i in_set;
  switch (set)
    {
    case SIP_LEX_SIMD_LWS:
      in_set = sip_lex_simd_lws (bytes);
      break;
    case SIP_LEX_SIMD_VALUE_END:
      in_set = sip_lex_simd_value_end (bytes);
      break;
    case SIP_LEX_SIMD_LWS_OR_CLOSE:
      in_set = _mm_or_si128 (sip_lex_simd_lws (bytes),
                             sip_lex_simd_eq (bytes, '>'));
      break;
    case SIP_LEX_SIMD_QUERY_OR_PARAM:
      in_set = _mm_or_si128 (sip_lex_simd_eq (bytes, '?'),
                             sip_lex_simd_eq (bytes, ';'));
      break;
    default:
      in_set = _mm_or_si128 (sip_lex_simd_eq (bytes, '"'),
                             sip_lex_simd_eq (bytes, '\\'));
      break;
    }
  return (guint) _mm_movemask_epi8 (in_set);
}

/* The first byte of [p, end) in set, or end; end - p >= 16. The last 16
 * bytes are read from end - 16, overlapping bytes already seen, so that
 * nothing outside [p, end) is read. */
static inline const char *
sip_lex_simd_find (const char *p, const char *end, SipLexSimdSet set)
{
  const char *last = end - 16;
  for (; p < last; p += 16)
    {
      guint mask = sip_lex_simd_mask (p, set);
      if (mask != 0)
        return p + __builtin_ctz (mask);
    }
  guint mask = sip_lex_simd_mask (last, set) & (~0u << (p - last));
  return mask != 0 ? last + __builtin_ctz (mask) : end;
}

/* The last c in [p, end), or NULL; end - p >= 16. The first 16 bytes
 * are read from p, overlapping bytes already seen. */
static inline const char *
sip_lex_simd_find_last (const char *p, const char *end, char c)
{
  const char *q = end;
  guint mask;
  while (q - p > 16)
    {
      q -= 16;
      mask = (guint) _mm_movemask_epi8 (
        sip_lex_simd_eq (_mm_loadu_si128 ((const __m128i *) q), c));
      if (mask != 0)
        return q + 31 - __builtin_clz (mask);
    }
  mask = (guint) _mm_movemask_epi8 (
           sip_lex_simd_eq (_mm_loadu_si128 ((const __m128i *) p), c))
         & ((1u << (q - p)) - 1);
  return mask != 0 ? p + 31 - __builtin_clz (mask) : NULL;
}

#endif
