/* A keyed table of state with a cap and capture-time deadlines: the one
 * mechanism behind every table that grows with input (transactions,
 * challenges, calls). Entries embed a StateEntry as their first member.
 * Each entry sits in one of a few queues; a queue has a fixed timeout, so
 * deadlines within a queue grow with insertion and only heads need
 * checking. At the cap, the entry with the earliest deadline goes first. */
#pragma once

#include "sipscan.h"

typedef enum {
  STATE_END_EXPIRED,      /* its queue's timeout passed */
  STATE_END_EVICTED,      /* the table was full */
  STATE_END_CAPTURE_END,  /* the analysis finished */
} StateEnd;

typedef struct {
  char *key;              /* owned by the table */
  gsize key_len;
  guint hash;             /* of key, kept for removal */
  GList link;             /* in its queue; link.data is the entry */
  SipscanTime deadline;
  guint64 seq;            /* insertion order */
  guint queue;
} StateEntry;

/* Called once for each entry leaving the table, before it is freed. */
typedef void (*StateEndFunc) (gpointer entry, StateEnd why, SipscanTime now,
                              gpointer data);

typedef struct _StateTable StateTable;

#define STATE_TABLE_MAX_QUEUES 4

StateTable *state_table_new (guint cap, const SipscanTime *queue_timeouts,
                             guint n_queues, StateEndFunc on_end,
                             GDestroyNotify free_entry, gpointer data);
void state_table_free (StateTable *table);

gpointer state_table_lookup (StateTable *table, const char *key);
/* Takes key. The entry must not be in the table yet; a full table ends
 * its earliest entry first. */
void state_table_insert (StateTable *table, char *key, gpointer entry,
                         guint queue, SipscanTime now);
/* Moves the entry to the tail of queue with a fresh deadline. */
void state_table_touch (StateTable *table, gpointer entry, guint queue,
                        SipscanTime now);
/* Takes the entry out of the table and frees it without calling on_end:
 * its owner is done with it. */
void state_table_remove (StateTable *table, gpointer entry);
/* Ends the entry a full table would end first (STATE_END_EVICTED), for a
 * cap the table does not know, e.g. on bytes. FALSE when empty. */
gboolean state_table_evict (StateTable *table, SipscanTime now);
/* Ends every entry whose deadline is before now. */
void state_table_expire (StateTable *table, SipscanTime now);
/* Ends every entry, in insertion order. */
void state_table_drain (StateTable *table, StateEnd why, SipscanTime now);
guint state_table_size (const StateTable *table);
