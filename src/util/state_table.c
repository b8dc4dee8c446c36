#include "util/state_table.h"

#include "util/str_hash.h"

#include <string.h>

struct _StateTable {
  GHashTable *entries;  /* a set of StateEntry, by key */
  GQueue queues[STATE_TABLE_MAX_QUEUES];
  SipscanTime timeouts[STATE_TABLE_MAX_QUEUES];
  guint n_queues;
  guint cap;
  guint64 next_seq;
  StateEndFunc on_end;
  GDestroyNotify free_entry;
  gpointer data;
};

static guint
entry_hash (gconstpointer entry)
{
  return ((const StateEntry *) entry)->hash;
}

static gboolean
entry_equal (gconstpointer a, gconstpointer b)
{
  const StateEntry *ea = a, *eb = b;
  return ea->key_len == eb->key_len
         && memcmp (ea->key, eb->key, ea->key_len) == 0;
}

/* An entry standing for key in lookups. */
static StateEntry
probe_for (const char *key)
{
  StateEntry probe = { .key = (char *) key, .key_len = strlen (key) };
  probe.hash = str_hash_len (key, probe.key_len);
  return probe;
}

StateTable *
state_table_new (guint cap, const SipscanTime *queue_timeouts, guint n_queues,
                 StateEndFunc on_end, GDestroyNotify free_entry, gpointer data)
{
  g_return_val_if_fail (n_queues >= 1 && n_queues <= STATE_TABLE_MAX_QUEUES,
                        NULL);
  StateTable *table = g_new0 (StateTable, 1);
  table->entries = g_hash_table_new (entry_hash, entry_equal);
  for (guint i = 0; i < n_queues; i++)
    {
      g_queue_init (&table->queues[i]);
      table->timeouts[i] = queue_timeouts[i];
    }
  table->n_queues = n_queues;
  table->cap = MAX (cap, 1);
  table->on_end = on_end;
  table->free_entry = free_entry;
  table->data = data;
  return table;
}

static void
state_table_end_entry (StateTable *table, StateEntry *entry, StateEnd why,
                       SipscanTime now)
{
  g_queue_unlink (&table->queues[entry->queue], &entry->link);
  g_hash_table_remove (table->entries, entry);
  table->on_end (entry, why, now, table->data);
  g_free (entry->key);
  table->free_entry (entry);
}

void
state_table_remove (StateTable *table, gpointer entry_ptr)
{
  StateEntry *entry = entry_ptr;
  g_queue_unlink (&table->queues[entry->queue], &entry->link);
  g_hash_table_remove (table->entries, entry);
  g_free (entry->key);
  table->free_entry (entry);
}

void
state_table_free (StateTable *table)
{
  if (!table)
    return;
  for (guint i = 0; i < table->n_queues; i++)
    while (table->queues[i].head)
      {
        StateEntry *entry = table->queues[i].head->data;
        g_queue_unlink (&table->queues[i], &entry->link);
        g_free (entry->key);
        table->free_entry (entry);
      }
  g_hash_table_destroy (table->entries);
  g_free (table);
}

gpointer
state_table_lookup (StateTable *table, const char *key)
{
  StateEntry probe = probe_for (key);
  return g_hash_table_lookup (table->entries, &probe);
}

static StateEntry *
state_table_earliest (StateTable *table)
{
  StateEntry *earliest = NULL;
  for (guint i = 0; i < table->n_queues; i++)
    {
      GList *head = table->queues[i].head;
      if (head
          && (!earliest
              || ((StateEntry *) head->data)->deadline < earliest->deadline))
        earliest = head->data;
    }
  return earliest;
}

static void
state_table_enqueue (StateTable *table, StateEntry *entry, guint queue,
                     SipscanTime now)
{
  entry->queue = queue;
  entry->deadline = now + table->timeouts[queue];
  entry->link.data = entry;
  g_queue_push_tail_link (&table->queues[queue], &entry->link);
}

gboolean
state_table_evict (StateTable *table, SipscanTime now)
{
  StateEntry *earliest = state_table_earliest (table);
  if (!earliest)
    return FALSE;
  state_table_end_entry (table, earliest, STATE_END_EVICTED, now);
  return TRUE;
}

void
state_table_insert (StateTable *table, char *key, gpointer entry_ptr,
                    guint queue, SipscanTime now)
{
  StateEntry *entry = entry_ptr;
  g_return_if_fail (queue < table->n_queues);
  if (g_hash_table_size (table->entries) >= table->cap)
    state_table_evict (table, now);
  StateEntry probe = probe_for (key);
  entry->key = key;
  entry->key_len = probe.key_len;
  entry->hash = probe.hash;
  entry->seq = table->next_seq++;
  g_hash_table_add (table->entries, entry);
  state_table_enqueue (table, entry, queue, now);
}

void
state_table_touch (StateTable *table, gpointer entry_ptr, guint queue,
                   SipscanTime now)
{
  StateEntry *entry = entry_ptr;
  g_return_if_fail (queue < table->n_queues);
  g_queue_unlink (&table->queues[entry->queue], &entry->link);
  state_table_enqueue (table, entry, queue, now);
}

void
state_table_expire (StateTable *table, SipscanTime now)
{
  for (guint i = 0; i < table->n_queues; i++)
    while (table->queues[i].head
           && ((StateEntry *) table->queues[i].head->data)->deadline < now)
      state_table_end_entry (table, table->queues[i].head->data,
                             STATE_END_EXPIRED, now);
}

static gint
state_entry_compare_seq (gconstpointer a, gconstpointer b)
{
  const StateEntry *ea = *(StateEntry *const *) a;
  const StateEntry *eb = *(StateEntry *const *) b;
  return ea->seq < eb->seq ? -1 : ea->seq > eb->seq;
}

void
state_table_drain (StateTable *table, StateEnd why, SipscanTime now)
{
  GPtrArray *all = g_ptr_array_sized_new (g_hash_table_size (table->entries));
  for (guint i = 0; i < table->n_queues; i++)
    for (GList *l = table->queues[i].head; l; l = l->next)
      g_ptr_array_add (all, l->data);
  g_ptr_array_sort (all, state_entry_compare_seq);
  for (guint i = 0; i < all->len; i++)
    state_table_end_entry (table, all->pdata[i], why, now);
  g_ptr_array_free (all, TRUE);
}

guint
state_table_size (const StateTable *table)
{
  return g_hash_table_size (table->entries);
}
