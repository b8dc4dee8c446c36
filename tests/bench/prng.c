#include "prng.h"

/* splitmix64's output function (Steele, Lea, Flood 2014). */
static guint64
mix64 (guint64 x)
{
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
  return x ^ (x >> 31);
}

static guint64
rotate_left (guint64 x, int k)
{
  return (x << k) | (x >> (64 - k));
}

void
prng_init (Prng *prng, guint64 seed)
{
  for (guint i = 0; i < G_N_ELEMENTS (prng->state); i++)
    {
      seed += 0x9e3779b97f4a7c15u;
      prng->state[i] = mix64 (seed);
    }
}

guint64
prng_next (Prng *prng)
{
  guint64 *s = prng->state;
  guint64 result = rotate_left (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotate_left (s[3], 45);
  return result;
}

guint64
prng_range (Prng *prng, guint64 low, guint64 high)
{
  g_assert (low <= high);
  guint64 span = high - low + 1;
  return span == 0 ? prng_next (prng) : low + prng_next (prng) % span;
}

gboolean
prng_chance (Prng *prng, guint per_mille)
{
  return prng_next (prng) % 1000 < per_mille;
}

guint64
hash3 (guint64 a, guint64 b, guint64 c)
{
  return mix64 (mix64 (mix64 (a + 0x9e3779b97f4a7c15u) ^ b) ^ c);
}
