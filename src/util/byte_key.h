/* A key of bytes for state tables (state_table.h): where they are, how
 * many, and their hash (str_hash_len), computed once. */
#pragma once

#include <glib.h>

typedef struct {
  const char *ptr;
  gsize len;
  guint hash;
} ByteKey;

ByteKey byte_key_make (const char *ptr, gsize len);
