/* A small seeded pseudo-random generator (xoshiro256**, seeded through
 * splitmix64) for the benchmark capture, and a hash of numbers for
 * identifiers that look random but follow from a session's number. The
 * same seed gives the same sequence on every machine. */
#pragma once

#include <glib.h>

typedef struct {
  guint64 state[4];
} Prng;

void prng_init (Prng *prng, guint64 seed);
guint64 prng_next (Prng *prng);
/* Uniform in [low, high]. */
guint64 prng_range (Prng *prng, guint64 low, guint64 high);
/* TRUE with probability per_mille / 1000. */
gboolean prng_chance (Prng *prng, guint per_mille);

/* A well-mixed 64-bit hash of three numbers. */
guint64 hash3 (guint64 a, guint64 b, guint64 c);
