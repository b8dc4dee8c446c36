/* The sessions alive at once, as a binary min-heap by the time of each
 * one's next message (then by serial number, so the order is total and
 * the capture deterministic): the top is the next message to write. */
#pragma once

#include "session.h"

typedef struct {
  Session **items;
  guint len;
  guint size;
} SessionHeap;

void session_heap_init (SessionHeap *heap, guint size);
void session_heap_clear (SessionHeap *heap);

void session_heap_push (SessionHeap *heap, Session *session);
/* The session with the earliest next message, or NULL when empty. */
Session *session_heap_top (const SessionHeap *heap);
/* After the top's next_time has moved later. */
void session_heap_top_changed (SessionHeap *heap);
void session_heap_pop (SessionHeap *heap);
