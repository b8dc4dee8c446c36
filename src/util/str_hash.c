#include "util/str_hash.h"

#include <string.h>

static guint64
mix (guint64 h, guint64 word)
{
  h = (h ^ word) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  return h ^ (h >> 31);
}

guint
str_hash (gconstpointer key)
{
  return str_hash_len (key, strlen (key));
}

guint
str_hash_len (const char *s, gsize len)
{
  guint64 h = G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) ^ len;
  for (; len >= 8; s += 8, len -= 8)
    {
      guint64 word;
      memcpy (&word, s, 8);
      h = mix (h, word);
    }
  guint64 tail = 0;
  memcpy (&tail, s, len);
  h = mix (h, tail) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return (guint) (h ^ (h >> 32));
}
