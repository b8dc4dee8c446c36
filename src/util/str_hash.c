#include "util/str_hash.h"

#include "util/unaligned.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define K0 G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)
#define K1 G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9)
#define K2 G_GUINT64_CONSTANT (0x94d049bb133111eb)

/* K0 and K1 mixed with the seed. A word equal to k1 zeroes its step's
 * product, and with it every byte hashed before: with the constants
 * alone, keys whose 16-byte blocks each start with K1 would hash alike
 * and pile up in one run of a table. */
static guint64 k0 = K0, k1 = K1;

void
str_hash_seed (guint64 seed)
{
  k0 = K0 ^ seed;
  k1 = K1 ^ (seed << 32 | seed >> 32);
}

void
str_hash_seed_randomly (void)
{
  static gsize seeded = 0;
  if (g_once_init_enter (&seeded))
    {
      str_hash_seed ((guint64) g_random_int () << 32 | g_random_int ());
      g_once_init_leave (&seeded, 1);
    }
}

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

/* Non-zero exactly when one of word's bytes is zero: without a zero
 * byte nothing borrows, and a byte less 1 has its top bit set only when
 * the byte had (which ~word masks); the lowest zero byte becomes 0xff. */
static inline guint64
word_zero_bytes (guint64 word)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  return (word - ones) & ~word & (ones << 7);
}

/* ---- Looking for a NUL byte on the way ---------------------------------
 * A NulScan gathers, from blocks of sixteen bytes, whether any byte was
 * zero. */
#if defined(__SSE2__)
typedef __m128i NulScan;  /* 0xff in each byte that was zero */

static inline NulScan
nul_scan_new (void)
{
  return _mm_setzero_si128 ();
}

static inline NulScan
nul_scan_add16 (NulScan scan, const char *s)
{
  __m128i bytes = _mm_loadu_si128 ((const __m128i *) (gconstpointer) s);
  return _mm_or_si128 (scan, _mm_cmpeq_epi8 (bytes, _mm_setzero_si128 ()));
}

static inline gboolean
nul_scan_found (NulScan scan)
{
  return _mm_movemask_epi8 (scan) != 0;
}
#else
typedef guint64 NulScan;  /* non-zero once a zero byte was seen */

static inline NulScan
nul_scan_new (void)
{
  return 0;
}

static inline NulScan
nul_scan_add16 (NulScan scan, const char *s)
{
  return scan | word_zero_bytes (unaligned_load64 (s))
         | word_zero_bytes (unaligned_load64 (s + 8));
}

static inline gboolean
nul_scan_found (NulScan scan)
{
  return scan != 0;
}
#endif

/* ---- The hash ----------------------------------------------------------
 * Sixteen bytes a step, each step one wide multiplication; the last step
 * reads the last sixteen bytes (or all of them, in overlapping words),
 * so no byte is read outside the key.
 * With find_nul (a constant: each caller gets its own copy), *nul tells
 * whether one of the bytes is zero, for a key of at least 8 bytes: the
 * words hashed cover every byte. */
G_ALWAYS_INLINE static inline guint
hash_bytes (const char *s, gsize len, gboolean find_nul, gboolean *nul)
{
  const guint64 k1_seeded = k1;
  guint64 h = k0 ^ len, a, b;
  if (len > 16)
    {
      NulScan scan = nul_scan_new ();
      const char *last = s + len - 16;
      for (; s < last; s += 16)
        {
          if (find_nul)
            scan = nul_scan_add16 (scan, s);
          h = fold_multiply (unaligned_load64 (s) ^ k1_seeded,
                             unaligned_load64 (s + 8) ^ h);
        }
      if (find_nul)
        *nul = nul_scan_found (nul_scan_add16 (scan, last));
      a = unaligned_load64 (last);
      b = unaligned_load64 (last + 8);
    }
  else if (len >= 8)
    {
      a = unaligned_load64 (s);
      b = unaligned_load64 (s + len - 8);
      if (find_nul)
        *nul = (word_zero_bytes (a) | word_zero_bytes (b)) != 0;
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
  h = fold_multiply (a ^ k1_seeded, b ^ h);
  h = fold_multiply (h ^ K2, len ^ K1);
  return (guint) (h ^ (h >> 32));
}

guint
str_hash (gconstpointer key)
{
  return str_hash_len (key, strlen (key));
}

guint
str_hash_len (const char *s, gsize len)
{
  return hash_bytes (s, len, FALSE, NULL);
}

/* str_hash_len_to_nul the slow way: for a key shorter than 8 bytes or
 * with a NUL byte (apart, so that the usual way saves no registers). */
G_NO_INLINE static guint
hash_to_first_nul (const char *s, gsize *len)
{
  const char *nul = memchr (s, '\0', *len);
  if (nul)
    *len = (gsize) (nul - s);
  return str_hash_len (s, *len);
}

guint
str_hash_len_to_nul (const char *s, gsize *len)
{
  if (*len >= 8)
    {
      gboolean has_nul = FALSE;
      guint hash = hash_bytes (s, *len, TRUE, &has_nul);
      if (G_LIKELY (!has_nul))
        return hash;
    }
  return hash_to_first_nul (s, len);
}
