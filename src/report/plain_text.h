/* Runs of bytes a report can write as they are: printable ASCII (0x20 to
 * 0x7e), for JSON also without '"' and '\\'. Strings from packets are
 * almost always such, and are then copied without a look at each byte. */
#pragma once

#include <glib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

static inline gboolean
plain_text_byte (guchar c, gboolean json)
{
  return c >= 0x20 && c < 0x7f && !(json && (c == '"' || c == '\\'));
}

#ifdef __SSE2__
/* One bit per byte of v that is plain, in memory order. As signed bytes,
 * printable ASCII is above 0x1f and below 0x7f: bytes from 0x80 up are
 * negative and fail the first test. */
static inline guint
plain_text_mask (__m128i v, gboolean json)
{
  __m128i plain = _mm_and_si128 (_mm_cmpgt_epi8 (v, _mm_set1_epi8 (0x1f)),
                                 _mm_cmplt_epi8 (v, _mm_set1_epi8 (0x7f)));
  if (json)
    plain = _mm_andnot_si128 (
        _mm_or_si128 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 ('"')),
                      _mm_cmpeq_epi8 (v, _mm_set1_epi8 ('\\'))),
        plain);
  return (guint) _mm_movemask_epi8 (plain);
}
#endif

#ifdef __SSE2__
/* Whether the first and the last size bytes of the len at s (size 4 or
 * 8, len below twice size), overlapping, are all plain; then copied to
 * dst if there is one. */
static inline gboolean
plain_text_ends (char *dst, const char *s, gsize len, gsize size,
                 gboolean json)
{
  /* the bytes that size leaves out are spaces, plain */
  guint64 head = G_GUINT64_CONSTANT (0x2020202020202020), tail = head;
  memcpy (&head, s, size);
  memcpy (&tail, s + len - size, size);
  if (plain_text_mask (_mm_set_epi64x ((gint64) tail, (gint64) head), json)
      != 0xffff)
    return FALSE;
  if (dst)
    {
      memcpy (dst, &head, size);
      memcpy (dst + len - size, &tail, size);
    }
  return TRUE;
}
#endif

/* How many of the len bytes at s, from the first, are plain. With a dst,
 * copies them there while it looks (and may copy a few more, never past
 * dst + len): inline, so that without one the stores go away. */
static inline gsize
plain_text_copy (char *dst, const char *s, gsize len, gboolean json)
{
  gsize i = 0;
#ifdef __SSE2__
  if (len >= 16)
    {
      /* 16 bytes at a time, the last 16 overlapping those before */
      for (;; i += 16)
        {
          if (i + 16 > len)
            i = len - 16;
          __m128i v = _mm_loadu_si128 ((const __m128i *) (s + i));
          if (dst)
            _mm_storeu_si128 ((__m128i *) (dst + i), v);
          guint mask = plain_text_mask (v, json);
          if (mask != 0xffff)
            return i + (gsize) __builtin_ctz (~mask);
          if (i + 16 == len)
            return len;
        }
    }
  /* below 16 bytes: all plain, or a look at each below */
  if (len >= 8 ? plain_text_ends (dst, s, len, 8, json)
               : len >= 4 && plain_text_ends (dst, s, len, 4, json))
    return len;
#endif
  for (; i < len && plain_text_byte ((guchar) s[i], json); i++)
    if (dst)
      dst[i] = s[i];
  return i;
}

static inline gsize
plain_text_run (const char *s, gsize len, gboolean json)
{
  return plain_text_copy (NULL, s, len, json);
}
