#include "util/byte_key.h"

#include <string.h>

#define MAX_LEN 70

/* len bytes, none of them zero, in memory of exactly that size (for the
 * sanitizer to catch a read past the key) */
static char *
key_bytes_new (gsize len, guint seed)
{
  char *bytes = g_malloc (MAX (len, 1));
  for (gsize i = 0; i < len; i++)
    bytes[i] = (char) (1 + (seed + i * 37) % 255);
  return bytes;
}

static void
test_key_without_nul_is_all_bytes (void)
{
  for (gsize len = 0; len <= MAX_LEN; len++)
    for (guint seed = 0; seed < 255; seed += 17)
      {
        char *bytes = key_bytes_new (len, seed);
        ByteKey key = byte_key_make_to_nul (bytes, len);
        g_assert_true (key.ptr == bytes);
        g_assert_cmpuint (key.len, ==, len);
        g_assert_cmpuint (key.hash, ==, str_hash_len (bytes, len));
        g_free (bytes);
      }
}

static void
test_key_stops_at_first_nul (void)
{
  for (gsize len = 1; len <= MAX_LEN; len++)
    for (gsize nul = 0; nul < len; nul++)
      {
        char *bytes = key_bytes_new (len, (guint) (len + nul));
        bytes[nul] = '\0';
        if (nul + 2 < len)
          bytes[nul + 2] = '\0';
        ByteKey key = byte_key_make_to_nul (bytes, len);
        g_assert_cmpuint (key.len, ==, nul);
        g_assert_cmpuint (key.hash, ==, str_hash_len (bytes, nul));
        g_free (bytes);
      }
}

/* Bytes just above 0x80 and 0x01 are where a word-at-a-time test for
 * zero bytes could err. */
static void
test_key_of_high_and_low_bytes_has_no_nul (void)
{
  static const char values[] = { 1, (char) 0x80, (char) 0x81, (char) 0xff };
  for (gsize len = 8; len <= 40; len++)
    for (gsize v = 0; v < sizeof values; v++)
      {
        char *bytes = g_malloc (len);
        memset (bytes, values[v], len);
        bytes[len / 2] = values[(v + 1) % sizeof values];
        ByteKey key = byte_key_make_to_nul (bytes, len);
        g_assert_cmpuint (key.len, ==, len);
        g_assert_cmpuint (key.hash, ==, str_hash_len (bytes, len));
        g_free (bytes);
      }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/byte_key/to_nul/without_nul_is_all_bytes",
                   test_key_without_nul_is_all_bytes);
  g_test_add_func ("/byte_key/to_nul/stops_at_first_nul",
                   test_key_stops_at_first_nul);
  g_test_add_func ("/byte_key/to_nul/high_and_low_bytes_are_not_nul",
                   test_key_of_high_and_low_bytes_has_no_nul);
  return g_test_run ();
}
