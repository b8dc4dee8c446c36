/* A hash of NUL-terminated keys for GHashTable, sixteen bytes at a time:
 * g_str_hash reads one byte per step, and the tables' keys (branches,
 * Call-IDs, nonces) are tens of bytes long. */
#pragma once

#include <glib.h>

guint str_hash (gconstpointer key);
/* The same hash of the len bytes at key. */
guint str_hash_len (const char *key, gsize len);
/* The hash of the bytes before the first NUL among the len bytes at s
 * (of all of them without one), and *len set to their number: the key a
 * C string would hold, found and hashed in one pass. */
guint str_hash_len_to_nul (const char *s, gsize *len);
/* Seeds the hash (0 until then); for tests. Hashes taken before and after
 * differ: call it before any table holds a key, and before other threads
 * hash. */
void str_hash_seed (guint64 seed);
/* Seeds the hash from GLib's random numbers, once per process, so that
 * nobody can craft keys that collide: sipscan_analyzer_new calls it. */
void str_hash_seed_randomly (void);
