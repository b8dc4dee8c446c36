/* Fixed-size rows found by number (0, 1, 2, ... in the order they were
 * added), in chunks that never move: a row's address stays valid while
 * rows are added. Rows are zeroed when added and live until the store is
 * cleared. */
#pragma once

#include "util/prefetch.h"

#include <glib.h>

#define ROW_STORE_CHUNK_ROWS 256

typedef struct {
  char **chunks;
  guint n_chunks;  /* room for chunk pointers */
  guint count;
  gsize row_size;
} RowStore;

static inline void
row_store_init (RowStore *store, gsize row_size)
{
  *store = (RowStore){ .row_size = row_size };
}

static inline void
row_store_clear (RowStore *store)
{
  guint chunks = (store->count + ROW_STORE_CHUNK_ROWS - 1)
                 / ROW_STORE_CHUNK_ROWS;
  for (guint i = 0; i < chunks; i++)
    g_free (store->chunks[i]);
  g_free (store->chunks);
}

static inline gpointer
row_store_at (const RowStore *store, guint id)
{
  return store->chunks[id / ROW_STORE_CHUNK_ROWS]
         + (gsize) (id % ROW_STORE_CHUNK_ROWS) * store->row_size;
}

/* A zeroed row numbered store->count - 1. */
static inline gpointer
row_store_add (RowStore *store)
{
  guint id = store->count;
  if (id % ROW_STORE_CHUNK_ROWS == 0)
    {
      guint chunk = id / ROW_STORE_CHUNK_ROWS;
      if (chunk == store->n_chunks)
        {
          store->n_chunks = MAX (8, 2 * store->n_chunks);
          store->chunks = g_renew (char *, store->chunks, store->n_chunks);
        }
      store->chunks[chunk]
          = g_malloc0 (ROW_STORE_CHUNK_ROWS * store->row_size);
    }
  store->count++;
  return row_store_at (store, id);
}

/* Starts fetching every line of a row. */
static inline void
row_store_prefetch (const RowStore *store, guint id)
{
  const char *row = row_store_at (store, id);
  for (gsize at = 0; at < store->row_size; at += CACHE_LINE)
    PREFETCH (row + at);
  PREFETCH (row + store->row_size - 1);
}
