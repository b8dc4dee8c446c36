/* Values to compare a parser's fast path with its general path on: a
 * seed as it is, cut short at every length, and with each of a set of
 * awkward bytes put in or swapped in at every place. */
#pragma once

#include "sip/sip_lex_simd.h"
#include "sip/sip_span.h"

#include <glib.h>
#include <string.h>

/* Compares the paths on value; counts in *fast_taken the values the fast
 * path took. */
typedef void (*TestCompareFunc) (SipSpan value, guint *fast_taken);

/* Bytes that end or split a part of a value, or that no part may hold. */
static const char test_awkward_bytes[] =
  " \t\r\n;,\"=>:@<[]?\\/!\x80\xff";

/* value copied to a buffer of its exact size, so that a sanitizer build
 * sees any read past its end. */
static inline void
test_compare_copy (const char *bytes, gsize len, TestCompareFunc compare,
                   guint *fast_taken)
{
  char *copy = g_memdup2 (bytes, len);
  compare ((SipSpan){ copy, len }, fast_taken);
  g_free (copy);
}

/* compare on seed and on the values made from it; returns how many of
 * them the fast path took. */
static inline guint
test_compare_variants (const char *seed, TestCompareFunc compare)
{
  gsize len = strlen (seed);
  char *buf = g_malloc (len + 1);
  guint fast_taken = 0;
  for (gsize cut = 1; cut <= len; cut++)
    test_compare_copy (seed, cut, compare, &fast_taken);
  for (gsize at = 0; at <= len; at++)
    for (const char *c = test_awkward_bytes; *c != '\0'; c++)
      {
        memcpy (buf, seed, at);
        buf[at] = *c;
        memcpy (buf + at + 1, seed + at, len - at);
        test_compare_copy (buf, len + 1, compare, &fast_taken);
        if (at < len)
          {
            memcpy (buf, seed, len);
            buf[at] = *c;
            test_compare_copy (buf, len, compare, &fast_taken);
          }
      }
  g_free (buf);
  return fast_taken;
}

/* test_compare_variants of each seed; with SIMD, the fast path must have
 * been taken often enough for the comparison to mean something. */
static inline void
test_compare_seeds (const char *const *seeds, gsize n_seeds,
                    TestCompareFunc compare)
{
  guint fast_taken = 0;
  for (gsize i = 0; i < n_seeds; i++)
    {
      g_test_message ("%s", seeds[i]);
      fast_taken += test_compare_variants (seeds[i], compare);
    }
  g_test_message ("fast path taken %u times", fast_taken);
#ifdef SIP_LEX_SIMD
  g_assert_cmpuint (fast_taken, >, 1000);
#endif
}
