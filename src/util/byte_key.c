#include "util/byte_key.h"

#include "util/str_hash.h"

ByteKey
byte_key_make (const char *ptr, gsize len)
{
  return (ByteKey){ ptr, len, str_hash_len (ptr, len) };
}
