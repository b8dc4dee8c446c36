/* A hash of NUL-terminated keys for GHashTable, sixteen bytes at a time:
 * g_str_hash reads one byte per step, and the tables' keys (branches,
 * Call-IDs, nonces) are tens of bytes long. */
#pragma once

#include <glib.h>

guint str_hash (gconstpointer key);
/* The same hash of the len bytes at key. */
guint str_hash_len (const char *key, gsize len);
