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

/* Bytes up to c: for c at SP or above, LWS and the other control bytes
 * among them. */
static inline __m128i
sip_lex_simd_up_to (__m128i bytes, char c)
{
  return _mm_cmpeq_epi8 (_mm_min_epu8 (bytes, _mm_set1_epi8 (c)), bytes);
}

/* Bytes outside SIP_CHAR_HOST (alphanum "-" "." "_"); the two ranges are
 * tested as signed comparisons after moving them to the bottom of the
 * signed range. */
static inline __m128i
sip_lex_simd_not_host (__m128i bytes)
{
  __m128i lower = _mm_or_si128 (bytes, _mm_set1_epi8 (0x20));
  __m128i alpha = _mm_cmplt_epi8 (
    _mm_add_epi8 (lower, _mm_set1_epi8 ((char) (0x80 - 'a'))),
    _mm_set1_epi8 ((char) (0x80 + 26)));
  __m128i digit = _mm_cmplt_epi8 (
    _mm_add_epi8 (bytes, _mm_set1_epi8 ((char) (0x80 - '0'))),
    _mm_set1_epi8 ((char) (0x80 + 10)));
  __m128i host = _mm_or_si128 (
    _mm_or_si128 (alpha, digit),
    _mm_or_si128 (sip_lex_simd_eq (bytes, '.'),
                  _mm_or_si128 (sip_lex_simd_eq (bytes, '-'),
                                sip_lex_simd_eq (bytes, '_'))));
  return _mm_xor_si128 (host, _mm_set1_epi8 ((char) 0xff));
}

/* Bytes other than DIGIT and ".": "." to "9" (0x2e to 0x39) is one
 * unsigned range after subtracting ".", which only "/" interrupts. */
static inline __m128i
sip_lex_simd_not_ipv4 (__m128i bytes)
{
  __m128i in_range = sip_lex_simd_up_to (
    _mm_sub_epi8 (bytes, _mm_set1_epi8 ('.')), '9' - '.');
  return _mm_or_si128 (_mm_xor_si128 (in_range, _mm_set1_epi8 ((char) 0xff)),
                       sip_lex_simd_eq (bytes, '/'));
}

typedef enum {
  SIP_LEX_SIMD_LWS,
  SIP_LEX_SIMD_VALUE_END,
  SIP_LEX_SIMD_LWS_OR_CLOSE,    /* LWS ">": ends a bracketed URI */
  SIP_LEX_SIMD_QUERY_OR_PARAM,  /* "?" ";": end a URI's host */
  SIP_LEX_SIMD_QUOTE_OR_ESCAPE, /* DQUOTE "\\": in a quoted-string */
  SIP_LEX_SIMD_NOT_HOST,        /* not SIP_CHAR_HOST: ends a host */
  SIP_LEX_SIMD_NOT_IPV4,        /* not DIGIT or ".": ends an IPv4 address */
  SIP_LEX_SIMD_AUTH_VALUE_END,  /* LWS "," DQUOTE: end an auth-param's
                                   unquoted value */
  SIP_LEX_SIMD_AT,              /* "@": ends a URI's userinfo */
  SIP_LEX_SIMD_COLON,           /* ":": ends a URI's user */
  SIP_LEX_SIMD_LF,              /* LF: ends a line */
} SipLexSimdSet;

/* The sets holding LWS (SP HTAB CR LF), whose bytes are all below 0x40:
 * bit b set for each byte b of the set; 0 for the other sets. */
static inline guint64
sip_lex_simd_low_set (SipLexSimdSet set)
{
  const guint64 one = 1;
  const guint64 lws = one << ' ' | one << '\t' | one << '\r' | one << '\n';
  switch (set)
    {
    case SIP_LEX_SIMD_LWS:
      return lws;
    case SIP_LEX_SIMD_VALUE_END:
      return lws | one << ';' | one << ',' | one << '"' | one << '>';
    case SIP_LEX_SIMD_LWS_OR_CLOSE:
      return lws | one << '>';
    case SIP_LEX_SIMD_AUTH_VALUE_END:
      return lws | one << ',' | one << '"';
    default:
      return 0;
    }
}

/* One bit a byte of the 16 at p, set for the bytes in set, and for a set
 * holding LWS also for the other bytes up to SP (up to DQUOTE where the
 * set holds one): one test stands for the four of LWS, and these extra
 * bytes (other control bytes, "!") are rare in SIP. See
 * sip_lex_simd_first_in_set. */
static inline guint
sip_lex_simd_mask (const char *p, SipLexSimdSet set)
{
  __m128i bytes = _mm_loadu_si128 ((const __m128i *) p);
  __m128i in_set;
  switch (set)
    {
    case SIP_LEX_SIMD_LWS:
      in_set = sip_lex_simd_up_to (bytes, ' ');
      break;
    case SIP_LEX_SIMD_VALUE_END:
      in_set = _mm_or_si128 (
        _mm_or_si128 (sip_lex_simd_up_to (bytes, '"'),
                      sip_lex_simd_eq (bytes, ';')),
        _mm_or_si128 (sip_lex_simd_eq (bytes, ','),
                      sip_lex_simd_eq (bytes, '>')));
      break;
    case SIP_LEX_SIMD_LWS_OR_CLOSE:
      in_set = _mm_or_si128 (sip_lex_simd_up_to (bytes, ' '),
                             sip_lex_simd_eq (bytes, '>'));
      break;
    case SIP_LEX_SIMD_AUTH_VALUE_END:
      in_set = _mm_or_si128 (sip_lex_simd_up_to (bytes, '"'),
                             sip_lex_simd_eq (bytes, ','));
      break;
    case SIP_LEX_SIMD_QUERY_OR_PARAM:
      in_set = _mm_or_si128 (sip_lex_simd_eq (bytes, '?'),
                             sip_lex_simd_eq (bytes, ';'));
      break;
    case SIP_LEX_SIMD_NOT_HOST:
      in_set = sip_lex_simd_not_host (bytes);
      break;
    case SIP_LEX_SIMD_NOT_IPV4:
      in_set = sip_lex_simd_not_ipv4 (bytes);
      break;
    case SIP_LEX_SIMD_AT:
      in_set = sip_lex_simd_eq (bytes, '@');
      break;
    case SIP_LEX_SIMD_COLON:
      in_set = sip_lex_simd_eq (bytes, ':');
      break;
    case SIP_LEX_SIMD_LF:
      in_set = sip_lex_simd_eq (bytes, '\n');
      break;
    default:
      in_set = _mm_or_si128 (sip_lex_simd_eq (bytes, '"'),
                             sip_lex_simd_eq (bytes, '\\'));
      break;
    }
  return (guint) _mm_movemask_epi8 (in_set);
}

/* sip_lex_simd_mask of the n bytes at p, n <= 64, bit i for p[i]; the
 * 16 bytes before p + n must be readable (see sip_lex_simd_find). A last
 * block of fewer than 16 is read from p + n - 16, its bits for the bytes
 * before it shifted out. */
G_ALWAYS_INLINE static inline guint64
sip_lex_simd_mask64 (const char *p, gsize n, SipLexSimdSet set)
{
  guint64 mask = 0;
  gsize i = 0;
  for (; i + 16 <= n; i += 16)
    mask |= (guint64) sip_lex_simd_mask (p + i, set) << i;
  if (i < n)
    mask |= (guint64) (sip_lex_simd_mask (p + n - 16, set) >> (16 - (n - i)))
            << i;
  return mask;
}

/* The first byte in set among those of sip_lex_simd_mask's bits for the
 * 16 bytes at block (or some of them), or NULL. */
static inline const char *
sip_lex_simd_first_in_set (const char *block, guint candidates,
                           SipLexSimdSet set)
{
  guint64 low_set = sip_lex_simd_low_set (set);
  for (; candidates != 0; candidates &= candidates - 1)
    {
      const char *q = block + __builtin_ctz (candidates);
      guint8 c = (guint8) *q;
      if (low_set == 0 || (c < 64 && (low_set >> c & 1) != 0))
        return q;
    }
  return NULL;
}

/* The first byte of [p, end) in set, or end; the 16 bytes before end must
 * be readable: end - p >= 16, or p is less than 16 bytes into a run that
 * is known to be readable (a header value) and ends at end. The last 16
 * bytes are read from end - 16, overlapping bytes already seen (or bytes
 * before p), so that nothing after end is read. */
static inline const char *
sip_lex_simd_find (const char *p, const char *end, SipLexSimdSet set)
{
  const char *last = end - 16;
  const char *found;
  for (; p < last; p += 16)
    if ((found = sip_lex_simd_first_in_set (
             p, sip_lex_simd_mask (p, set), set)) != NULL)
      return found;
  found = sip_lex_simd_first_in_set (
      last, sip_lex_simd_mask (last, set) & (~0u << (p - last)), set);
  return found != NULL ? found : end;
}

/* No byte of [p, end) is at or below c (SP or above, as for
 * sip_lex_simd_up_to); end - p >= 16. The least byte of each position is
 * kept across blocks, the last read from end - 16, and tested once. */
G_ALWAYS_INLINE static inline gboolean
sip_lex_simd_none_up_to (const char *p, const char *end, char c)
{
  __m128i least = _mm_loadu_si128 ((const __m128i *) (end - 16));
  for (; end - p > 16; p += 16)
    least = _mm_min_epu8 (least, _mm_loadu_si128 ((const __m128i *) p));
  return _mm_movemask_epi8 (sip_lex_simd_up_to (least, c)) == 0;
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
