#include "util/str_hash.h"

#include <string.h>

#define N_KEYS 1000

/* K1 of str_hash.c, in memory order: a word equal to it zeroes the
 * product of its step while the hash is not seeded. */
static const guint8 unseeded_k1[8] = { 0xb9, 0xe5, 0xe4, 0x1c,
                                       0x6d, 0x47, 0x58, 0xbf };

/* 48 bytes whose three 16-byte blocks each start with unseeded_k1 and
 * end with bytes of i. */
static void
crafted_key (char key[48], guint i)
{
  for (guint block = 0; block < 3; block++)
    {
      memcpy (key + 16 * block, unseeded_k1, 8);
      for (guint j = 8; j < 16; j++)
        key[16 * block + j] = (char) ('a' + (i >> (j - 8 + block)) % 26);
    }
}

static guint
distinct_hashes_of_crafted_keys (void)
{
  GHashTable *seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (guint i = 0; i < N_KEYS; i++)
    {
      char key[48];
      crafted_key (key, i);
      g_hash_table_add (seen, GUINT_TO_POINTER (str_hash_len (key, 48)));
    }
  guint n = g_hash_table_size (seen);
  g_hash_table_unref (seen);
  return n;
}

static void
test_seed_spreads_keys_crafted_against_the_constants (void)
{
  g_assert_cmpuint (distinct_hashes_of_crafted_keys (), <, 10);
  str_hash_seed (G_GUINT64_CONSTANT (0x0123456789abcdef));
  g_assert_cmpuint (distinct_hashes_of_crafted_keys (), >=, N_KEYS - 2);
  str_hash_seed (0);
}

static void
test_same_seed_same_hash_other_seed_other_hash (void)
{
  const char *key = "z9hG4bK776asdhds\x1fINVITE\x1f" "10.0.0.1:5060";
  gsize len = strlen (key);
  str_hash_seed (42);
  guint first = str_hash_len (key, len);
  g_assert_cmpuint (str_hash_len (key, len), ==, first);
  g_assert_cmpuint (str_hash (key), ==, first);
  str_hash_seed (43);
  g_assert_cmpuint (str_hash_len (key, len), !=, first);
  str_hash_seed (0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func (
      "/util/str_hash/seed_spreads_keys_crafted_against_the_constants",
      test_seed_spreads_keys_crafted_against_the_constants);
  g_test_add_func ("/util/str_hash/same_seed_same_hash_other_seed_other_hash",
                   test_same_seed_same_hash_other_seed_other_hash);
  return g_test_run ();
}
