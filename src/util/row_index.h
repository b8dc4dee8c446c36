/* Row numbers by hash: open addressing over (hash, number) slots, grown
 * to stay at most three quarters full. It holds no keys: a walk over a
 * hash's slots yields candidate numbers, and the caller compares the
 * rows they name (util/row_store.h) with its key. Nothing is removed. */
#pragma once

#include "util/prefetch.h"

#include <glib.h>

#define ROW_INDEX_NONE G_MAXUINT32

typedef struct {
  guint32 hash;
  guint32 id;  /* row number + 1; 0: empty */
} RowIndexSlot;

typedef struct {
  RowIndexSlot *slots;
  guint32 mask;
  guint32 count;
} RowIndex;

void row_index_init (RowIndex *index);
void row_index_clear (RowIndex *index);
/* Adds row number id under hash. */
void row_index_add (RowIndex *index, guint32 hash, guint32 id);

/* One more row would fill the index past three quarters. */
static inline gboolean
row_index_needs_room (const RowIndex *index)
{
  return (index->count + 1) * 4 > (index->mask + 1) * 3;
}

/* The slot where the walk of hash's slots starts. */
static inline guint32
row_index_home (const RowIndex *index, guint32 hash)
{
  return hash & index->mask;
}

static inline void
row_index_prefetch (const RowIndex *index, guint32 hash)
{
  PREFETCH (&index->slots[row_index_home (index, hash)]);
}

/* Walks the slots of hash from at, a variable set by row_index_home: for
 * each candidate's row number, id is set and the body runs (leave the
 * loop on a match). A walk that ends leaves at at the empty slot it
 * stopped at. */
#define ROW_INDEX_FOR_EACH(index, hash, id, at)                            \
  for (guint32 id; (id = (index)->slots[at].id) != 0;                      \
       (at) = ((at) + 1) & (index)->mask)                                  \
    if ((index)->slots[at].hash == (hash) && (id--, TRUE))

/* The first candidate row number for hash, or ROW_INDEX_NONE. */
static inline guint32
row_index_first (const RowIndex *index, guint32 hash)
{
  guint32 at = row_index_home (index, hash);
  ROW_INDEX_FOR_EACH (index, hash, id, at)
    return id;
  return ROW_INDEX_NONE;
}

/* row_index_add for a hash whose ROW_INDEX_FOR_EACH walk ended at the
 * empty slot at, with nothing added since: the slot row_index_add would
 * find, unless the index must grow first. */
static inline void
row_index_add_at (RowIndex *index, guint32 at, guint32 hash, guint32 id)
{
  if (row_index_needs_room (index))
    {
      row_index_add (index, hash, id);
      return;
    }
  index->slots[at] = (RowIndexSlot){ hash, id + 1 };
  index->count++;
}
