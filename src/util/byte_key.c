#include "util/byte_key.h"

#include "util/str_hash.h"

#include <string.h>

ByteKey
byte_key_make (const char *ptr, gsize len)
{
  return (ByteKey){ ptr, len, str_hash_len (ptr, len) };
}

guint
byte_key_hash (gconstpointer key)
{
  return ((const ByteKey *) key)->hash;
}

gboolean
byte_key_equal (gconstpointer a, gconstpointer b)
{
  const ByteKey *ka = a, *kb = b;
  return ka->len == kb->len && memcmp (ka->ptr, kb->ptr, ka->len) == 0;
}
