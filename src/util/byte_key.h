/* A key of bytes for state tables (state_table.h): where they are, how
 * many, and their hash (str_hash_len), computed once. */
#pragma once

#include "util/str_hash.h"

#include <glib.h>

typedef struct {
  const char *ptr;
  gsize len;
  guint hash;
} ByteKey;

/* Inline: a call for a few stores would cost as much as the hash. */
inline ByteKey
byte_key_make (const char *ptr, gsize len)
{
  return (ByteKey){ ptr, len, str_hash_len (ptr, len) };
}

/* The key of the bytes before the first NUL among the len bytes at ptr
 * (of all of them without one), as a C string would read them. */
inline ByteKey
byte_key_make_to_nul (const char *ptr, gsize len)
{
  ByteKey key = { ptr, len, 0 };
  key.hash = str_hash_len_to_nul (ptr, &key.len);
  return key;
}
