/* Memory handed out in pieces and given back all at once, for records
 * that live as long as their owner (an analysis' aggregates): no
 * allocation or free per record. */
#pragma once

#include <glib.h>

typedef struct _Arena Arena;

Arena *arena_new (void);
/* Frees every piece. */
void arena_free (Arena *arena);

/* size zeroed bytes, aligned for any type. */
gpointer arena_alloc0 (Arena *arena, gsize size);
/* size zeroed bytes aligned to align (a power of two, at most that of
 * any type): small records packed tighter than arena_alloc0's. */
gpointer arena_alloc0_aligned (Arena *arena, gsize size, gsize align);
/* A NUL-terminated copy of the len bytes at s (byte-aligned). */
char *arena_strndup (Arena *arena, const char *s, gsize len);
