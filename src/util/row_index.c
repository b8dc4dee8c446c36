#include "util/row_index.h"

#define ROW_INDEX_MIN_SLOTS 64

void
row_index_init (RowIndex *index)
{
  index->slots = g_new0 (RowIndexSlot, ROW_INDEX_MIN_SLOTS);
  index->mask = ROW_INDEX_MIN_SLOTS - 1;
  index->count = 0;
}

void
row_index_clear (RowIndex *index)
{
  g_free (index->slots);
}

static void
place (RowIndexSlot *slots, guint32 mask, RowIndexSlot slot)
{
  guint32 i = slot.hash & mask;
  while (slots[i].id)
    i = (i + 1) & mask;
  slots[i] = slot;
}

void
row_index_add (RowIndex *index, guint32 hash, guint32 id)
{
  if (row_index_needs_room (index))
    {
      guint32 mask = 2 * index->mask + 1;
      RowIndexSlot *slots = g_new0 (RowIndexSlot, (gsize) mask + 1);
      for (guint32 i = 0; i <= index->mask; i++)
        if (index->slots[i].id)
          place (slots, mask, index->slots[i]);
      g_free (index->slots);
      index->slots = slots;
      index->mask = mask;
    }
  place (index->slots, index->mask, (RowIndexSlot){ hash, id + 1 });
  index->count++;
}
