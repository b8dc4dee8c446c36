/* A key of bytes for GHashTable: where they are, how many, and their hash
 * (str_hash_len), computed once. Tables whose entries hold one key by
 * its bytes, e.g. an index by nonce. */
#pragma once

#include <glib.h>

typedef struct {
  const char *ptr;
  gsize len;
  guint hash;
} ByteKey;

ByteKey byte_key_make (const char *ptr, gsize len);
/* For g_hash_table_new: keys are ByteKey pointers. */
guint byte_key_hash (gconstpointer key);
gboolean byte_key_equal (gconstpointer a, gconstpointer b);
