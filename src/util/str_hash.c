#include "util/str_hash.h"

#include "util/unaligned.h"

#include <string.h>

#define K0 G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)
#define K1 G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9)
#define K2 G_GUINT64_CONSTANT (0x94d049bb133111eb)

/* The 128-bit product of a and b, its halves folded into one. */
static inline guint64
fold_multiply (guint64 a, guint64 b)
{
#if defined(__SIZEOF_INT128__)
  __extension__ unsigned __int128 product = (unsigned __int128) a * b;
  return (guint64) product ^ (guint64) (product >> 64);
#else
  guint64 a_lo = a & 0xffffffffu, a_hi = a >> 32;
  guint64 b_lo = b & 0xffffffffu, b_hi = b >> 32;
  guint64 lo_lo = a_lo * b_lo, hi_lo = a_hi * b_lo;
  guint64 lo_hi = a_lo * b_hi, hi_hi = a_hi * b_hi;
  guint64 cross = (lo_lo >> 32) + (hi_lo & 0xffffffffu) + lo_hi;
  guint64 high = hi_hi + (hi_lo >> 32) + (cross >> 32);
  guint64 low = (cross << 32) | (lo_lo & 0xffffffffu);
  return low ^ high;
#endif
}

guint
str_hash (gconstpointer key)
{
  return str_hash_len (key, strlen (key));
}

/* Sixteen bytes a step, each step one wide multiplication; the last step
 * reads the last sixteen bytes (or all of them, in overlapping words),
 * so no byte is read outside the key. */
guint
str_hash_len (const char *s, gsize len)
{
  guint64 h = K0 ^ len, a, b;
  if (len > 16)
    {
      const char *last = s + len - 16;
      for (; s < last; s += 16)
        h = fold_multiply (unaligned_load64 (s) ^ K1,
                           unaligned_load64 (s + 8) ^ h);
      a = unaligned_load64 (last);
      b = unaligned_load64 (last + 8);
    }
  else if (len >= 8)
    {
      a = unaligned_load64 (s);
      b = unaligned_load64 (s + len - 8);
    }
  else if (len >= 4)
    {
      a = unaligned_load32 (s);
      b = unaligned_load32 (s + len - 4);
    }
  else if (len > 0)
    {
      a = ((guint64) (guint8) s[0] << 16)
          | ((guint64) (guint8) s[len / 2] << 8) | (guint8) s[len - 1];
      b = 0;
    }
  else
    a = b = 0;
  h = fold_multiply (a ^ K1, b ^ h);
  h = fold_multiply (h ^ K2, len ^ K1);
  return (guint) (h ^ (h >> 32));
}
