#include "util/state_table.h"

#include "util/prefetch.h"
#include "util/str_hash.h"
#include "util/unaligned.h"

#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* How much of an entry about to end is fetched ahead: its end callback
 * reads the entry's fields, which for a transaction span six lines. */
#define ENDING_ENTRY_PREFETCH_MAX (6 * CACHE_LINE)

/* ---- Hash table ---------------------------------------------------------
 * Open addressing over a power-of-two array of slots, each a hash, the
 * entry and how many slots a lookup probes to reach it: a lookup compares
 * hashes in consecutive slots and reads an entry only when its hash
 * matches. Robin Hood insertion keeps every run sorted by that count, so
 * a miss stops at the first slot that needs fewer probes than it has
 * made; deletion shifts the run back, leaving no tombstone. */

typedef struct {
  guint32 hash;
  guint32 probes;     /* 1 at the hash's home, one more a slot further;
                         0: empty, so that a probe stops there too */
  StateEntry *entry;  /* NULL: empty */
} Slot;

#define MIN_SLOTS 16

/* ---- Queues -------------------------------------------------------------
 * A queue is a ring of tickets in queue order. An entry knows the place of
 * its ticket; taking it out of the queue empties the ticket (a hole the
 * head skips later), so neither unlinking nor touching reads or writes
 * other entries. A full ring is compacted in place when at most half its
 * tickets are live (the entries' places are rewritten) and doubled
 * otherwise (places kept: a place is a position modulo the ring's size);
 * it never shrinks, as the hash table does not. */

typedef struct {
  StateEntry *entry;  /* NULL: a hole */
  SipscanTime deadline;
  guint hash;         /* the entry's, to prefetch its slot */
} Ticket;

typedef struct {
  Ticket *ring;
  guint32 mask;        /* ring size - 1 */
  guint32 head, tail;  /* positions: ring[position & mask], counted
                          modulo 2^32 (a multiple of every ring size) */
  guint32 live;
  guint32 inversion;   /* the position of the latest ticket whose deadline
                          came before its predecessor's: the queue is in
                          deadline order again once the head reaches it */
  SipscanTime timeout;
  SipscanTime last_deadline;  /* of the latest ticket pushed */
} Queue;

static inline gboolean
queue_in_order (const Queue *queue)
{
  return (gint32) (queue->head - queue->inversion) >= 0;
}

#define MIN_TICKETS 16

/* Entries that fit a block come from blocks of a few sizes (classes),
 * multiples of BLOCK_GRAIN: an entry wastes less than a grain. Blocks
 * of a class come SLAB_BLOCKS at a time, after a header that keeps them
 * as aligned as malloc's memory, and freed ones wait in the class's
 * free list. */
#define BLOCK_GRAIN 32
#define SLAB_BLOCKS 64
#define SLAB_HEADER 16
G_STATIC_ASSERT (BLOCK_GRAIN % SLAB_HEADER == 0);

typedef struct {
  gpointer free_blocks;  /* each block's first pointer links the next */
  char *slab_next;       /* the class's current slab: its first block
                            never used, */
  guint slab_left;       /* ... and the blocks from there on */
} BlockClass;

/* StateEntry.memory */
enum {
  MEMORY_CALLER,  /* free_entry frees the entry */
  MEMORY_HEAP,    /* larger than a block: g_free */
  MEMORY_BLOCK,   /* MEMORY_BLOCK + n: a block of class n */
};

#define MAX_BLOCK_CLASSES (G_MAXUINT8 - MEMORY_BLOCK)

struct _StateTable {
  StateTableDue due;   /* first: state_table_expire reads it inline */
  Slot *slots;
  gsize mask;  /* slots - 1 */
  guint count;
  guint cap;
  Queue queues[STATE_TABLE_MAX_QUEUES];
  guint n_queues;
  guint64 next_seq;
  StateEndFunc on_end;
  GDestroyNotify free_entry;
  gpointer data;
  gsize block_size;    /* 0: no reuse */
  gsize ending_prefetch_bytes;  /* of an entry about to end: its block's
                                   (up to ENDING_ENTRY_PREFETCH_MAX), else
                                   its StateEntry's */
  BlockClass *classes; /* block_size / BLOCK_GRAIN, rounded up */
  gpointer slabs;      /* where blocks come from: each slab's first
                          pointer links the previous slab */
};

G_STATIC_ASSERT (G_STRUCT_OFFSET (StateTable, due) == 0);

/* ---- Hash table --------------------------------------------------------- */

static void
slots_put (StateTable *table, guint hash, StateEntry *entry)
{
  Slot carry = { hash, 1, entry };
  gsize i = carry.hash & table->mask;
  for (;; carry.probes++, i = (i + 1) & table->mask)
    {
      Slot *slot = &table->slots[i];
      if (!slot->probes)
        {
          *slot = carry;
          return;
        }
      if (slot->probes < carry.probes)
        {
          Slot displaced = *slot;
          *slot = carry;
          carry = displaced;
        }
    }
}

static void
slots_resize (StateTable *table, gsize n_slots)
{
  Slot *old = table->slots;
  gsize old_n = old ? table->mask + 1 : 0;
  table->slots = g_new0 (Slot, n_slots);
  table->mask = n_slots - 1;
  for (gsize i = 0; i < old_n; i++)
    if (old[i].entry)
      slots_put (table, old[i].hash, old[i].entry);
  g_free (old);
}

/* The first slot from slot i on whose hash is hash, for a probe that
 * reaches slot i in `probes` probes; NULL when no further slot can hold
 * the hash. */
G_ALWAYS_INLINE static inline const Slot *
slots_probe (const StateTable *table, gsize i, guint32 probes, guint hash)
{
  for (;; probes++, i = (i + 1) & table->mask)
    {
      const Slot *slot = &table->slots[i];
      if (slot->probes < probes)
        return NULL;
      if (slot->hash == hash)
        return slot;
    }
}

static inline gboolean
entry_has_key (const StateEntry *entry, const ByteKey *key)
{
  return entry->key_len == key->len
         && memcmp (entry->key, key->ptr, key->len) == 0;
}

/* slots_find for any run and any key: past every slot whose hash matches
 * but whose key does not. */
G_NO_INLINE static StateEntry *
slots_find_among_collisions (const StateTable *table, const ByteKey *key)
{
  const Slot *slot
      = slots_probe (table, key->hash & table->mask, 1, key->hash);
  while (slot && !entry_has_key (slot->entry, key))
    {
      gsize next = (gsize) (slot - table->slots) + 1;
      slot = slots_probe (table, next & table->mask, slot->probes + 1,
                          key->hash);
    }
  return slot ? slot->entry : NULL;
}

#define INLINE_KEY_MIN 16
#define INLINE_KEY_MAX 64

/* memcmp (a, b, len) == 0 for len from INLINE_KEY_MIN to INLINE_KEY_MAX,
 * without a call: the blocks of sixteen bytes at 0 and len - 16, and for
 * more than 32 bytes at 16 and len - 32, cover every byte and read none
 * past len. */
#if defined(__SSE2__)
static inline __m128i
block16_load (const char *p)
{
  return _mm_loadu_si128 ((const __m128i *) (gconstpointer) p);
}

static inline __m128i
block16_equal (const char *a, const char *b)
{
  return _mm_cmpeq_epi8 (block16_load (a), block16_load (b));
}

static inline gboolean
short_key_equal (const char *a, const char *b, gsize len)
{
  gsize last = len - 16;
  __m128i equal = _mm_and_si128 (block16_equal (a, b),
                                 block16_equal (a + last, b + last));
  if (len > 32)
    equal = _mm_and_si128 (
        equal, _mm_and_si128 (block16_equal (a + 16, b + 16),
                              block16_equal (a + last - 16, b + last - 16)));
  return _mm_movemask_epi8 (equal) == 0xffff;
}
#else
static inline guint64
block16_differ (const char *a, const char *b)
{
  return (unaligned_load64 (a) ^ unaligned_load64 (b))
         | (unaligned_load64 (a + 8) ^ unaligned_load64 (b + 8));
}

static inline gboolean
short_key_equal (const char *a, const char *b, gsize len)
{
  gsize last = len - 16;
  guint64 differ = block16_differ (a, b) | block16_differ (a + last, b + last);
  if (len > 32)
    differ |= block16_differ (a + 16, b + 16)
              | block16_differ (a + last - 16, b + last - 16);
  return differ == 0;
}
#endif

/* The first slot whose hash matches holds the key but for a collision
 * of hashes: a key of the usual size is compared there inline, and
 * anything else left to slots_find_among_collisions, so that the usual
 * lookup calls nothing (and saves no registers for a call). */
G_ALWAYS_INLINE static inline StateEntry *
slots_find (const StateTable *table, const ByteKey *key)
{
  const Slot *slot
      = slots_probe (table, key->hash & table->mask, 1, key->hash);
  if (!slot)
    return NULL;
  StateEntry *entry = slot->entry;
  if (G_LIKELY (entry->key_len == key->len && key->len >= INLINE_KEY_MIN
                && key->len <= INLINE_KEY_MAX
                && short_key_equal (entry->key, key->ptr, key->len)))
    return entry;
  return slots_find_among_collisions (table, key);
}

static void
slots_delete (StateTable *table, StateEntry *entry)
{
  gsize i = entry->hash & table->mask;
  while (table->slots[i].entry != entry)
    i = (i + 1) & table->mask;
  for (;;)
    {
      gsize next = (i + 1) & table->mask;
      Slot *moved = &table->slots[next];
      if (moved->probes <= 1)
        break;
      table->slots[i] = *moved;
      table->slots[i].probes--;
      i = next;
    }
  table->slots[i] = (Slot){ 0 };
  table->count--;
}

/* ---- Queues ------------------------------------------------------------- */

/* The first live ticket, holes before it dropped; NULL when empty. */
static inline Ticket *
queue_head (Queue *queue)
{
  while (queue->head != queue->tail)
    {
      Ticket *ticket = &queue->ring[queue->head & queue->mask];
      if (ticket->entry)
        return ticket;
      queue->head++;
    }
  return NULL;
}

/* Live tickets moved up over the holes, in order, the head's position
 * kept: each moves to a position no later than its own, already read. */
static void
queue_compact (Queue *queue)
{
  guint32 to = queue->head;
  queue->inversion = queue->head;
  for (guint32 pos = queue->head; pos != queue->tail; pos++)
    {
      Ticket ticket = queue->ring[pos & queue->mask];
      if (!ticket.entry)
        continue;
      if (to != queue->head
          && ticket.deadline < queue->ring[(to - 1) & queue->mask].deadline)
        queue->inversion = to;
      ticket.entry->ticket = to;
      queue->ring[to++ & queue->mask] = ticket;
    }
  queue->tail = to;
}

/* A ring twice the size, each ticket at its position. */
static void
queue_grow (Queue *queue)
{
  gsize size = queue->ring ? queue->mask + 1 : 0;
  Ticket *old = queue->ring;
  guint32 old_mask = queue->mask;
  guint32 new_size = size ? 2 * (guint32) size : MIN_TICKETS;
  queue->ring = g_new (Ticket, new_size);
  queue->mask = new_size - 1;
  for (guint32 pos = queue->head; pos != queue->tail; pos++)
    queue->ring[pos & queue->mask] = old[pos & old_mask];
  g_free (old);
}

static void
queue_make_room (Queue *queue)
{
  if (queue->ring && queue->live <= (queue->mask + 1) / 2)
    queue_compact (queue);
  else
    queue_grow (queue);
}

static inline gboolean
queue_full (const Queue *queue)
{
  return !queue->ring || queue->tail - queue->head > queue->mask;
}

static inline void
table_push_with_room (StateTable *table, Queue *q, StateEntry *entry,
                      SipscanTime now)
{
  SipscanTime deadline = now + q->timeout;
  gboolean out_of_order = q->live > 0 && deadline < q->last_deadline;
  q->last_deadline = deadline;
  table->due.time = MIN (table->due.time, deadline);
  q->ring[q->tail & q->mask] = (Ticket){ entry, deadline, entry->hash };
  entry->ticket = q->tail++;
  q->live++;
  if (G_UNLIKELY (out_of_order))
    {
      q->inversion = entry->ticket;
      table->due.unordered = TRUE;
    }
}

/* Apart, and the whole push: the pushes that find the ring full are few,
 * and the others then make no call and save no registers for one. */
G_NO_INLINE static void
table_push_making_room (StateTable *table, Queue *q, StateEntry *entry,
                        SipscanTime now)
{
  queue_make_room (q);
  table_push_with_room (table, q, entry, now);
}

static inline void
table_push (StateTable *table, guint queue, StateEntry *entry,
            SipscanTime now)
{
  Queue *q = &table->queues[queue];
  if (G_UNLIKELY (queue_full (q)))
    table_push_making_room (table, q, entry, now);
  else
    table_push_with_room (table, q, entry, now);
}

/* Takes the entry of head, the queue's live head ticket, out of the
 * queue: the head moves past it. */
static inline StateEntry *
queue_pop (Queue *queue, Ticket *head)
{
  StateEntry *entry = head->entry;
  head->entry = NULL;
  queue->head++;
  queue->live--;
  return entry;
}

static inline void
queue_unlink (Queue *queue, StateEntry *entry)
{
  queue->ring[entry->ticket & queue->mask].entry = NULL;
  queue->live--;
  if (entry->ticket + 1 == queue->tail)
    queue->tail--;
}

/* ---- The table ---------------------------------------------------------- */

StateTable *
state_table_new (guint cap, const SipscanTime *queue_timeouts, guint n_queues,
                 StateEndFunc on_end, GDestroyNotify free_entry, gpointer data)
{
  g_return_val_if_fail (n_queues <= STATE_TABLE_MAX_QUEUES,
                        NULL);
  StateTable *table = g_new0 (StateTable, 1);
  slots_resize (table, MIN_SLOTS);
  for (guint i = 0; i < n_queues; i++)
    table->queues[i].timeout = queue_timeouts[i];
  table->n_queues = n_queues;
  table->cap = MAX (cap, 1);
  table->ending_prefetch_bytes = sizeof (StateEntry);
  table->on_end = on_end;
  table->free_entry = free_entry;
  table->data = data;
  return table;
}

void
state_table_reuse_entries (StateTable *table, gsize block_size)
{
  g_return_if_fail (table->block_size == 0
                    && block_size >= sizeof (StateEntry)
                    && block_size <= MAX_BLOCK_CLASSES * BLOCK_GRAIN);
  table->block_size = block_size;
  table->ending_prefetch_bytes = MIN (block_size, ENDING_ENTRY_PREFETCH_MAX);
  table->classes
      = g_new0 (BlockClass, (block_size + BLOCK_GRAIN - 1) / BLOCK_GRAIN);
}

/* A block of class n never used, from its current slab or a new one. */
static StateEntry *
slab_take_block (StateTable *table, guint n)
{
  BlockClass *class = &table->classes[n];
  gsize stride = (n + 1) * BLOCK_GRAIN;
  if (!class->slab_left)
    {
      char *slab = g_malloc (SLAB_HEADER + SLAB_BLOCKS * stride);
      *(gpointer *) slab = table->slabs;
      table->slabs = slab;
      class->slab_next = slab + SLAB_HEADER;
      class->slab_left = SLAB_BLOCKS;
    }
  StateEntry *block = (StateEntry *) class->slab_next;
  class->slab_next += stride;
  class->slab_left--;
  return block;
}

gpointer
state_table_alloc_entry (StateTable *table, gsize size)
{
  g_return_val_if_fail (size >= sizeof (StateEntry), NULL);
  StateEntry *entry;
  if (size > table->block_size)
    {
      entry = g_malloc0 (size);
      entry->memory = MEMORY_HEAP;
      return entry;
    }
  guint n = (guint) ((size - 1) / BLOCK_GRAIN);
  BlockClass *class = &table->classes[n];
  if (class->free_blocks)
    {
      entry = class->free_blocks;
      class->free_blocks = *(gpointer *) entry;
    }
  else
    entry = slab_take_block (table, n);
  memset (entry, 0, size);
  entry->memory = (guint8) (MEMORY_BLOCK + n);
  return entry;
}

static inline void
entry_free (StateTable *table, StateEntry *entry)
{
  if (!entry->key_in_entry)
    g_free (entry->key);
  guint8 memory = entry->memory;
  if (table->free_entry)
    table->free_entry (entry);
  if (memory >= MEMORY_BLOCK)
    {
      BlockClass *class = &table->classes[memory - MEMORY_BLOCK];
      *(gpointer *) entry = class->free_blocks;
      class->free_blocks = entry;
    }
  else if (memory == MEMORY_HEAP)
    g_free (entry);
}

/* Out of its queue, when the table has queues. */
static inline void
entry_unqueue (StateTable *table, StateEntry *entry)
{
  if (table->n_queues)
    queue_unlink (&table->queues[entry->queue], entry);
}

/* Ends an entry already out of its queue. */
static inline void
entry_end (StateTable *table, StateEntry *entry, StateEnd why,
           SipscanTime now)
{
  slots_delete (table, entry);
  table->on_end (entry, why, now, table->data);
  entry_free (table, entry);
}

static void
state_table_end_entry (StateTable *table, StateEntry *entry, StateEnd why,
                       SipscanTime now)
{
  entry_unqueue (table, entry);
  entry_end (table, entry, why, now);
}

void
state_table_remove (StateTable *table, gpointer entry_ptr)
{
  StateEntry *entry = entry_ptr;
  entry_unqueue (table, entry);
  slots_delete (table, entry);
  entry_free (table, entry);
}

/* Empties a table whose slots are all empty already. */
static void
state_table_clear (StateTable *table)
{
  table->count = 0;
  for (guint i = 0; i < table->n_queues; i++)
    {
      Queue *queue = &table->queues[i];
      queue->head = queue->tail = queue->live = 0;
    }
}

void
state_table_free (StateTable *table)
{
  if (!table)
    return;
  /* (a drained table, the usual one, has no slot to look at) */
  for (gsize i = 0; table->count && i <= table->mask; i++)
    if (table->slots[i].entry)
      {
        entry_free (table, table->slots[i].entry);
        table->count--;
      }
  while (table->slabs)
    {
      gpointer slab = table->slabs;
      table->slabs = *(gpointer *) slab;
      g_free (slab);
    }
  for (guint i = 0; i < table->n_queues; i++)
    g_free (table->queues[i].ring);
  g_free (table->classes);
  g_free (table->slots);
  g_free (table);
}

gpointer
state_table_lookup_key (StateTable *table, const ByteKey *key)
{
  return slots_find (table, key);
}

gpointer
state_table_lookup_bytes (StateTable *table, gconstpointer key, gsize size)
{
  ByteKey bytes = byte_key_make (key, size);
  return state_table_lookup_key (table, &bytes);
}

void
state_table_prefetch_key (const StateTable *table, const ByteKey *key)
{
  PREFETCH (&table->slots[key->hash & table->mask]);
}

void
state_table_prefetch_bytes (const StateTable *table, gconstpointer key,
                            gsize size)
{
  ByteKey bytes = byte_key_make (key, size);
  state_table_prefetch_key (table, &bytes);
}

gpointer
state_table_lookup (StateTable *table, const char *key)
{
  ByteKey bytes = byte_key_make (key, strlen (key));
  return slots_find (table, &bytes);
}

/* The live ticket a full table would end first: the earliest head (the
 * first queue's on a tie). */
static Ticket *
state_table_earliest (StateTable *table)
{
  Ticket *earliest = NULL;
  for (guint i = 0; i < table->n_queues; i++)
    {
      Ticket *head = queue_head (&table->queues[i]);
      if (head && (!earliest || head->deadline < earliest->deadline))
        earliest = head;
    }
  return earliest;
}

gboolean
state_table_evict (StateTable *table, SipscanTime now)
{
  Ticket *earliest = state_table_earliest (table);
  if (!earliest)
    return FALSE;
  state_table_end_entry (table, earliest->entry, STATE_END_EVICTED, now);
  return TRUE;
}

static inline gboolean
state_table_full (const StateTable *table)
{
  return table->count >= table->cap;
}

/* One more entry would load the hash table over three quarters. */
static inline gboolean
slots_crowded (const StateTable *table)
{
  return (table->count + 1) * 4 > (table->mask + 1) * 3;
}

static inline void
state_table_add_with_room (StateTable *table, StateEntry *entry, guint queue,
                           SipscanTime now)
{
  entry->seq = table->next_seq++;
  slots_put (table, entry->hash, entry);
  table->count++;
  entry->queue = (guint8) queue;
  if (table->n_queues)
    table_push (table, queue, entry, now);
}

/* Apart, and the whole addition, as table_push_making_room. */
G_NO_INLINE static void
state_table_add_making_room (StateTable *table, StateEntry *entry,
                             guint queue, SipscanTime now)
{
  if (state_table_full (table))
    state_table_evict (table, now);
  if (slots_crowded (table))
    slots_resize (table, (table->mask + 1) * 2);
  state_table_add_with_room (table, entry, queue, now);
}

static void
state_table_add (StateTable *table, StateEntry *entry, guint queue,
                 SipscanTime now)
{
  if (G_UNLIKELY (state_table_full (table) || slots_crowded (table)))
    state_table_add_making_room (table, entry, queue, now);
  else
    state_table_add_with_room (table, entry, queue, now);
}

void
state_table_insert (StateTable *table, char *key, gpointer entry_ptr,
                    guint queue, SipscanTime now)
{
  StateEntry *entry = entry_ptr;
  g_return_if_fail (queue < MAX (table->n_queues, 1));
  gsize len = strlen (key);
  g_return_if_fail (len <= G_MAXUINT32);
  entry->key = key;
  entry->key_len = (guint32) len;
  entry->hash = str_hash_len (key, len);
  entry->key_in_entry = FALSE;
  state_table_add (table, entry, queue, now);
}

void
state_table_insert_key (StateTable *table, const ByteKey *key,
                        gpointer entry_ptr, guint queue, SipscanTime now)
{
  StateEntry *entry = entry_ptr;
  g_return_if_fail (queue < MAX (table->n_queues, 1));
  g_return_if_fail (key->len <= G_MAXUINT32);
  entry->key = (char *) key->ptr;
  entry->key_len = (guint32) key->len;
  entry->hash = key->hash;
  entry->key_in_entry = TRUE;
  state_table_add (table, entry, queue, now);
}

void
state_table_insert_bytes (StateTable *table, gconstpointer key_in_entry,
                          gsize size, gpointer entry, guint queue,
                          SipscanTime now)
{
  ByteKey bytes = byte_key_make (key_in_entry, size);
  state_table_insert_key (table, &bytes, entry, queue, now);
}

void
state_table_touch (StateTable *table, gpointer entry_ptr, guint queue,
                   SipscanTime now)
{
  StateEntry *entry = entry_ptr;
  g_return_if_fail (queue < table->n_queues);
  queue_unlink (&table->queues[entry->queue], entry);
  entry->queue = (guint8) queue;
  if (table->n_queues)
    table_push (table, queue, entry, now);
}

/* Ending an entry reads it and its slot, both long untouched: those of
 * the next entry to end are fetched ahead, while the caller goes on. */
static inline void
state_table_prefetch (const StateTable *table, const Ticket *ticket)
{
  const char *entry = (const char *) ticket->entry;
  for (gsize at = 0; at < table->ending_prefetch_bytes; at += CACHE_LINE)
    PREFETCH (entry + at);
  PREFETCH (&table->slots[ticket->hash & table->mask]);
}

/* Once every ticket pushed out of order has left, the heads' deadlines
 * bound every other deadline again, and the due time holds. */
static gboolean
state_table_queues_in_order (const StateTable *table)
{
  for (guint i = 0; i < table->n_queues; i++)
    if (!queue_in_order (&table->queues[i]))
      return FALSE;
  return TRUE;
}

/* Ends the entries due, queue by queue, each queue in order; the heads
 * left make the new due time. Entries pushed by on_end meanwhile lower it
 * themselves (table_push). */
void
state_table_expire_due (StateTable *table, SipscanTime now)
{
  SipscanTime earliest = G_MAXINT64;
  table->due.time = G_MAXINT64;
  for (guint i = 0; i < table->n_queues; i++)
    {
      Queue *queue = &table->queues[i];
      Ticket *head;
      while ((head = queue_head (queue)) && head->deadline < now)
        {
          /* the next ticket's entry may well end too */
          if (queue->head + 1 != queue->tail)
            {
              Ticket *next = &queue->ring[(queue->head + 1) & queue->mask];
              if (next->entry)
                state_table_prefetch (table, next);
            }
          entry_end (table, queue_pop (queue, head), STATE_END_EXPIRED, now);
        }
      if (head)
        {
          state_table_prefetch (table, head);
          earliest = MIN (earliest, head->deadline);
        }
    }
  table->due.time = MIN (table->due.time, earliest);
  if (table->due.unordered)
    table->due.unordered = !state_table_queues_in_order (table);
}

static gint
state_entry_compare_seq (gconstpointer a, gconstpointer b)
{
  const StateEntry *ea = *(StateEntry *const *) a;
  const StateEntry *eb = *(StateEntry *const *) b;
  return ea->seq < eb->seq ? -1 : ea->seq > eb->seq;
}

#define RADIX_BITS 11
#define RADIX_SIZE (1u << RADIX_BITS)
/* Below this many entries qsort is cheaper than clearing the counts. */
#define RADIX_MIN_ENTRIES 256

/* Sorts by seq (all distinct): a least significant digit first radix
 * sort on seq minus the smallest, RADIX_BITS a pass, as many passes as
 * the largest difference needs. */
static void
entries_sort_by_seq (StateEntry **all, guint n)
{
  if (n < RADIX_MIN_ENTRIES)
    {
      qsort (all, n, sizeof *all, state_entry_compare_seq);
      return;
    }
  guint64 min = G_MAXUINT64, max = 0;
  for (guint i = 0; i < n; i++)
    {
      min = MIN (min, all[i]->seq);
      max = MAX (max, all[i]->seq);
    }
  StateEntry **spare = g_new (StateEntry *, n);
  StateEntry **from = all, **to = spare;
  for (guint shift = 0; shift < 64 && ((max - min) >> shift) != 0;
       shift += RADIX_BITS)
    {
      gsize next[RADIX_SIZE] = { 0 };
      for (guint i = 0; i < n; i++)
        next[((from[i]->seq - min) >> shift) & (RADIX_SIZE - 1)]++;
      gsize position = 0;
      for (guint digit = 0; digit < RADIX_SIZE; digit++)
        {
          gsize count = next[digit];
          next[digit] = position;
          position += count;
        }
      for (guint i = 0; i < n; i++)
        to[next[((from[i]->seq - min) >> shift) & (RADIX_SIZE - 1)]++]
            = from[i];
      StateEntry **sorted = to;
      to = from;
      from = sorted;
    }
  if (from != all)
    memcpy (all, from, n * sizeof *all);
  g_free (spare);
}

void
state_table_drain (StateTable *table, StateEnd why, SipscanTime now)
{
  if (!table->count)
    return;
  guint n = 0;
  StateEntry **all = g_new (StateEntry *, table->count);
  for (gsize i = 0; i <= table->mask; i++)
    if (table->slots[i].entry)
      {
        all[n++] = table->slots[i].entry;
        table->slots[i] = (Slot){ 0 };
      }
  entries_sort_by_seq (all, n);
  state_table_clear (table);
  for (guint i = 0; i < n; i++)
    {
      table->on_end (all[i], why, now, table->data);
      entry_free (table, all[i]);
    }
  g_free (all);
}

guint
state_table_size (const StateTable *table)
{
  return table->count;
}
