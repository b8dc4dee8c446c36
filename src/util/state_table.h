/* A keyed table of state with a cap and capture-time deadlines: the one
 * mechanism behind every table that grows with input (transactions,
 * challenges, calls). Entries embed a StateEntry as their first member.
 * Each entry sits in one of a few queues; a queue has a fixed timeout, so
 * deadlines within a queue grow with insertion and only heads need
 * checking. At the cap, the entry with the earliest deadline goes first.
 * An entry not from state_table_alloc_entry starts zeroed (g_new0).
 *
 * Inside: an open-addressing hash table (Robin Hood probing, each slot the
 * key's hash, the entry and its probe count, deletion by backward shift)
 * and, per queue, a ring of tickets (entry, deadline) in queue order;
 * moving an entry leaves a hole in its old ticket instead of unlinking
 * neighbours. */
#pragma once

#include "sipscan.h"
#include "util/byte_key.h"

typedef enum {
  STATE_END_EXPIRED,      /* its queue's timeout passed */
  STATE_END_EVICTED,      /* the table was full */
  STATE_END_CAPTURE_END,  /* the analysis finished */
} StateEnd;

typedef struct {
  char *key;              /* NUL-terminated; the table's, or the entry's
                             own memory (state_table_insert_key), where
                             it may be bytes of any value */
  guint32 key_len;
  guint32 hash;           /* of key */
  guint64 seq;            /* insertion order */
  guint32 ticket;         /* its place in its queue's ring */
  guint8 queue;
  guint8 key_in_entry;    /* key is not the table's to free */
  guint8 memory;          /* how the table gives the entry's memory back,
                             when it comes from state_table_alloc_entry */
} StateEntry;

/* Every entry carries one: the tables hold hundreds of thousands. */
G_STATIC_ASSERT (sizeof (StateEntry) <= 32);

/* Called once for each entry leaving the table, before it is freed. */
typedef void (*StateEndFunc) (gpointer entry, StateEnd why, SipscanTime now,
                              gpointer data);

typedef struct _StateTable StateTable;

#define STATE_TABLE_MAX_QUEUES 4

/* n_queues 0: an index without deadlines, whose entries leave only by
 * state_table_remove, drain or free (insert with queue 0); it evicts
 * nothing, so give it no cap (G_MAXUINT). */
StateTable *state_table_new (guint cap, const SipscanTime *queue_timeouts,
                             guint n_queues, StateEndFunc on_end,
                             GDestroyNotify free_entry, gpointer data);
/* Frees every entry (without on_end) and the table. */
void state_table_free (StateTable *table);

/* Entries of at most block_size bytes from state_table_alloc_entry come
 * from blocks the table carves out of larger allocations (slabs) and
 * keeps for reuse (free lists) instead of malloc each: for a table whose
 * entries come and go by the thousand. Blocks come in sizes 32 bytes
 * apart, so an entry of a few strings takes little more than its size. */
void state_table_reuse_entries (StateTable *table, gsize block_size);
/* Zeroed memory for an entry of size bytes. Such an entry's memory is the
 * table's: free_entry (which may be NULL) frees only what the entry
 * holds, and the table then keeps or frees the memory itself. An entry
 * allocated so must be inserted. */
gpointer state_table_alloc_entry (StateTable *table, gsize size);

gpointer state_table_lookup (StateTable *table, const char *key);
/* key: bytes and their hash, byte_key_make's (as state_table_lookup and
 * state_table_insert hash). Keys are shorter than 4 GiB. */
gpointer state_table_lookup_key (StateTable *table, const ByteKey *key);
/* Starts fetching where a lookup of key begins, for a lookup a little
 * later: the wait overlaps with other work. */
void state_table_prefetch_key (const StateTable *table, const ByteKey *key);
void state_table_prefetch_bytes (const StateTable *table, gconstpointer key,
                                 gsize size);
/* Takes key. The entry must not be in the table yet; a full table ends
 * its earliest entry first. */
void state_table_insert (StateTable *table, char *key, gpointer entry,
                         guint queue, SipscanTime now);
/* The same for a key the entry holds: key->ptr points into the entry's
 * own memory (key->len bytes of any value; a key read as a string must
 * be NUL-terminated) and lives as long as the entry; the table neither
 * copies nor frees it. */
void state_table_insert_key (StateTable *table, const ByteKey *key,
                             gpointer entry, guint queue, SipscanTime now);
/* Tables keyed by a struct of fixed size without padding, the inserted
 * entry's own copy being the key. */
gpointer state_table_lookup_bytes (StateTable *table, gconstpointer key,
                                   gsize size);
void state_table_insert_bytes (StateTable *table, gconstpointer key_in_entry,
                               gsize size, gpointer entry, guint queue,
                               SipscanTime now);
/* Moves the entry to the tail of queue with a fresh deadline. */
void state_table_touch (StateTable *table, gpointer entry, guint queue,
                        SipscanTime now);
/* Takes the entry out of the table and frees it without calling on_end:
 * its owner is done with it. */
void state_table_remove (StateTable *table, gpointer entry);
/* Ends the entry a full table would end first (STATE_END_EVICTED), for a
 * cap the table does not know, e.g. on bytes. FALSE when empty. */
gboolean state_table_evict (StateTable *table, SipscanTime now);
/* The start of every table: what state_table_expire reads first, for a
 * call that ends nothing (most of them) to cost one comparison. */
typedef struct {
  SipscanTime time;    /* no deadline in the table is earlier: expiring
                          before it has nothing to end ... */
  gboolean unordered;  /* ... unless times went back: a queue's deadlines
                          then need not grow, nor its heads' */
} StateTableDue;

/* state_table_expire once due has passed or times went back. */
void state_table_expire_due (StateTable *table, SipscanTime now);

/* Ends every entry whose deadline is before now: queue by queue, each in
 * queue order. Called for every frame, mostly with nothing to end. */
static inline void
state_table_expire (StateTable *table, SipscanTime now)
{
  /* a table starts with its StateTableDue (C11 6.7.2.1 §15) */
  const StateTableDue *due = (const StateTableDue *) (gconstpointer) table;
  if (now > due->time || due->unordered)
    state_table_expire_due (table, now);
}
/* Ends every entry, in insertion order. The table is empty from the
 * first on_end on: callbacks see none of the entries. */
void state_table_drain (StateTable *table, StateEnd why, SipscanTime now);
guint state_table_size (const StateTable *table);
