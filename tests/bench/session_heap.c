#include "session_heap.h"

static gboolean
comes_before (const Session *a, const Session *b)
{
  if (a->next_time != b->next_time)
    return a->next_time < b->next_time;
  return a->serial < b->serial;
}

static void
swap (SessionHeap *heap, guint i, guint j)
{
  Session *t = heap->items[i];
  heap->items[i] = heap->items[j];
  heap->items[j] = t;
}

static void
sift_up (SessionHeap *heap, guint i)
{
  while (i > 0 && comes_before (heap->items[i], heap->items[(i - 1) / 2]))
    {
      swap (heap, i, (i - 1) / 2);
      i = (i - 1) / 2;
    }
}

static void
sift_down (SessionHeap *heap, guint i)
{
  for (;;)
    {
      guint first = i, left = 2 * i + 1, right = left + 1;
      if (left < heap->len && comes_before (heap->items[left],
                                            heap->items[first]))
        first = left;
      if (right < heap->len && comes_before (heap->items[right],
                                             heap->items[first]))
        first = right;
      if (first == i)
        return;
      swap (heap, i, first);
      i = first;
    }
}

void
session_heap_init (SessionHeap *heap, guint size)
{
  heap->items = g_new (Session *, size);
  heap->len = 0;
  heap->size = size;
}

void
session_heap_clear (SessionHeap *heap)
{
  g_free (heap->items);
  heap->items = NULL;
  heap->len = heap->size = 0;
}

void
session_heap_push (SessionHeap *heap, Session *session)
{
  g_assert (heap->len < heap->size);
  heap->items[heap->len++] = session;
  sift_up (heap, heap->len - 1);
}

Session *
session_heap_top (const SessionHeap *heap)
{
  return heap->len ? heap->items[0] : NULL;
}

void
session_heap_top_changed (SessionHeap *heap)
{
  sift_down (heap, 0);
}

void
session_heap_pop (SessionHeap *heap)
{
  g_assert (heap->len > 0);
  heap->items[0] = heap->items[--heap->len];
  sift_down (heap, 0);
}
