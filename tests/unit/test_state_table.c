#include "util/state_table.h"

#include <string.h>

/* ---- Entries and what the table tells of them --------------------------- */

typedef struct {
  StateEntry entry;
  guint id;
  gboolean *freed;  /* set by free_entry */
  char key[];       /* for state_table_insert_key */
} TestEntry;

typedef struct {
  guint id;
  StateEnd why;
  guint size;  /* the table's size during on_end */
} Ended;

typedef struct {
  GArray *ended;  /* of Ended */
  StateTable *table;
  guint frees;
} Log;

static void
log_on_end (gpointer entry, StateEnd why, SipscanTime now, gpointer data)
{
  Log *log = data;
  Ended ended = { ((TestEntry *) entry)->id, why,
                  state_table_size (log->table) };
  g_array_append_val (log->ended, ended);
}

/* free_entry of entries from g_malloc0 */
static Log *free_log;

static void
test_entry_free (gpointer data)
{
  TestEntry *entry = data;
  if (entry->freed)
    *entry->freed = TRUE;
  free_log->frees++;
  g_free (entry);
}

/* free_entry of entries from state_table_alloc_entry: the memory is the
 * table's */
static void
test_entry_clear (gpointer data)
{
  TestEntry *entry = data;
  if (entry->freed)
    *entry->freed = TRUE;
  free_log->frees++;
}

static Log *
log_new (void)
{
  Log *log = g_new0 (Log, 1);
  log->ended = g_array_new (FALSE, FALSE, sizeof (Ended));
  free_log = log;
  return log;
}

static void
log_free (Log *log)
{
  g_array_unref (log->ended);
  g_free (log);
  free_log = NULL;
}

static StateTable *
table_new (Log *log, guint cap, const SipscanTime *timeouts, guint n_queues)
{
  log->table = state_table_new (cap, timeouts, n_queues, log_on_end,
                                test_entry_free, log);
  return log->table;
}

static char *
key_of (guint id)
{
  return g_strdup_printf ("key-%u", id);
}

/* An entry under key-ID (the table's copy of the key). */
static TestEntry *
insert (StateTable *table, guint id, guint queue, SipscanTime now)
{
  TestEntry *entry = g_new0 (TestEntry, 1);
  entry->id = id;
  state_table_insert (table, key_of (id), entry, queue, now);
  return entry;
}

static TestEntry *
lookup (StateTable *table, guint id)
{
  char *key = key_of (id);
  TestEntry *entry = state_table_lookup (table, key);
  g_free (key);
  return entry;
}

/* The ids ended since the last call, as "1 2 3", evictions marked "!". */
static char *
ended_ids (Log *log)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < log->ended->len; i++)
    {
      Ended *ended = &g_array_index (log->ended, Ended, i);
      g_string_append_printf (s, "%s%u%s", i ? " " : "", ended->id,
                              ended->why == STATE_END_EVICTED ? "!" : "");
    }
  g_array_set_size (log->ended, 0);
  return g_string_free (s, FALSE);
}

#define assert_ended(log, expected)                                           \
  G_STMT_START                                                                \
  {                                                                           \
    char *ids_ = ended_ids (log);                                             \
    g_assert_cmpstr (ids_, ==, expected);                                     \
    g_free (ids_);                                                            \
  }                                                                           \
  G_STMT_END

#define S(seconds) SIPSCAN_TIME_FROM_SECONDS (seconds)

/* ---- Keys: probing, deletion, growth ------------------------------------ */

static void
test_lookup_finds_every_key_through_growth (void)
{
  Log *log = log_new ();
  SipscanTime timeout = S (10);
  StateTable *table = table_new (log, 100000, &timeout, 1);
  for (guint id = 0; id < 5000; id++)
    {
      insert (table, id, 0, 0);
      g_assert_cmpuint (state_table_size (table), ==, id + 1);
    }
  for (guint id = 0; id < 5000; id++)
    g_assert_cmpuint (lookup (table, id)->id, ==, id);
  g_assert_null (lookup (table, 5000));
  g_assert_null (state_table_lookup (table, ""));
  g_assert_null (state_table_lookup (table, "key-"));
  g_assert_null (state_table_lookup (table, "key-10 "));
  state_table_free (table);
  g_assert_cmpuint (log->frees, ==, 5000);
  g_assert_cmpuint (log->ended->len, ==, 0);
  log_free (log);
}

static void
test_removal_keeps_the_other_keys_reachable (void)
{
  Log *log = log_new ();
  SipscanTime timeout = S (10);
  StateTable *table = table_new (log, 100000, &timeout, 1);
  TestEntry *entries[3000];
  for (guint id = 0; id < G_N_ELEMENTS (entries); id++)
    entries[id] = insert (table, id, 0, 0);
  /* every third, then every other of the rest */
  for (guint id = 0; id < G_N_ELEMENTS (entries); id += 3)
    state_table_remove (table, entries[id]);
  for (guint id = 1; id < G_N_ELEMENTS (entries); id += 6)
    state_table_remove (table, entries[id]);
  for (guint id = 0; id < G_N_ELEMENTS (entries); id++)
    {
      gboolean removed = id % 3 == 0 || id % 6 == 1;
      TestEntry *found = lookup (table, id);
      if (removed)
        g_assert_null (found);
      else
        g_assert_true (found == entries[id]);
    }
  g_assert_cmpuint (state_table_size (table), ==, 1500);
  g_assert_cmpuint (log->frees, ==, 1500);
  g_assert_cmpuint (log->ended->len, ==, 0);  /* remove: no on_end */
  /* a removed key can come back */
  entries[0] = insert (table, 0, 0, 0);
  g_assert_true (lookup (table, 0) == entries[0]);
  state_table_free (table);
  log_free (log);
}

/* Keys whose hashes collide on purpose (ByteKey carries the hash), so
 * runs are long, wrap around the end of the slots and are cut in the
 * middle by deletions. */
static ByteKey
forced_key (TestEntry *entry, guint hash)
{
  ByteKey key = { entry->key, strlen (entry->key), hash };
  return key;
}

static TestEntry *
insert_forced (StateTable *table, guint id, guint hash)
{
  char key[32];
  g_snprintf (key, sizeof key, "k%u", id);
  TestEntry *entry
      = state_table_alloc_entry (table, sizeof (TestEntry) + strlen (key) + 1);
  entry->id = id;
  strcpy (entry->key, key);
  ByteKey skey = forced_key (entry, hash);
  state_table_insert_key (table, &skey, entry, 0, 0);
  return entry;
}

static TestEntry *
lookup_forced (StateTable *table, guint id, guint hash)
{
  char key[32];
  g_snprintf (key, sizeof key, "k%u", id);
  ByteKey skey = { key, strlen (key), hash };
  return state_table_lookup_key (table, &skey);
}

static guint
forced_hash (guint id)
{
  /* a few homes, the last slots of a small table among them */
  static const guint homes[] = { 15, 14, 0, 7, 0xffffffffu, 15 | 0x10000 };
  return homes[id % G_N_ELEMENTS (homes)];
}

static void
test_colliding_hashes_probe_wrap_and_delete (void)
{
  Log *log = log_new ();
  SipscanTime timeout = S (10);
  log->table = state_table_new (1000, &timeout, 1, log_on_end,
                                test_entry_clear, log);
  StateTable *table = log->table;
  state_table_reuse_entries (table, sizeof (TestEntry) + 16);
  enum { N = 200 };
  TestEntry *entries[N];
  gboolean present[N];
  for (guint round = 0; round < 3; round++)
    {
      for (guint id = 0; id < N; id++)
        {
          entries[id] = insert_forced (table, id, forced_hash (id));
          present[id] = TRUE;
          /* the new key and a few earlier ones stay reachable */
          for (guint back = 0; back <= id && back < 8; back++)
            g_assert_true (lookup_forced (table, id - back,
                                          forced_hash (id - back))
                           == entries[id - back]);
        }
      /* a key whose hash matches another's is not that key */
      g_assert_null (lookup_forced (table, N, forced_hash (0)));
      /* delete in a scattered order, checking everything each time */
      for (guint step = 0; step < N; step++)
        {
          guint id = (step * 37 + round) % N;
          state_table_remove (table, entries[id]);
          present[id] = FALSE;
          if (step % 10 == 0 || step > N - 10)
            for (guint other = 0; other < N; other++)
              {
                TestEntry *found
                    = lookup_forced (table, other, forced_hash (other));
                g_assert_true (found == (present[other] ? entries[other]
                                                        : NULL));
              }
        }
      g_assert_cmpuint (state_table_size (table), ==, 0);
    }
  state_table_free (table);
  log_free (log);
}

/* A key inserted with a hash of ours, for key_a_byte_apart_is_another. */
static TestEntry *
insert_bytes (StateTable *table, guint id, const char *bytes, gsize len,
              guint hash)
{
  TestEntry *entry
      = state_table_alloc_entry (table, sizeof (TestEntry) + len + 1);
  entry->id = id;
  memcpy (entry->key, bytes, len);
  ByteKey key = { entry->key, len, hash };
  state_table_insert_key (table, &key, entry, 0, 0);
  return entry;
}

/* A key of the same hash and length as one in the table, but for one
 * byte, is not that key, whatever the length (on either side of the
 * sizes compared inline) and the byte; with the keys a byte apart all
 * in the table, each finds itself. */
static void
test_key_a_byte_apart_is_another (void)
{
  static const gsize lens[] = { 1,  3,  4,  8,  15, 16, 17, 31, 32,
                                33, 40, 47, 48, 63, 64, 65, 100 };
  enum { HASH = 5 };
  char bytes[128];
  for (gsize l = 0; l < G_N_ELEMENTS (lens); l++)
    {
      gsize len = lens[l];
      Log *log = log_new ();
      StateTable *table = log->table = state_table_new (
          G_MAXUINT, NULL, 0, log_on_end, test_entry_clear, log);
      memset (bytes, 'k', len);
      insert_bytes (table, 0, bytes, len, HASH);
      /* the first key of the hash the lookup meets is the one a byte
       * apart */
      for (gsize i = 0; i < len; i++)
        {
          bytes[i] = 'K';
          ByteKey key = { bytes, len, HASH };
          g_assert_null (state_table_lookup_key (table, &key));
          bytes[i] = 'k';
        }
      for (gsize i = 0; i < len; i++)
        {
          bytes[i] = 'K';
          insert_bytes (table, (guint) i + 1, bytes, len, HASH);
          bytes[i] = 'k';
        }
      for (gsize i = 0; i <= len; i++)
        {
          if (i > 0)
            bytes[i - 1] = 'K';
          ByteKey key = { bytes, len, HASH };
          TestEntry *found = state_table_lookup_key (table, &key);
          g_assert_nonnull (found);
          g_assert_cmpuint (found->id, ==, i);
          if (i > 0)
            bytes[i - 1] = 'k';
        }
      state_table_free (table);
      log_free (log);
    }
}

/* ---- Queues: touch, expiry, eviction, drain ----------------------------- */

static void
test_touch_moves_an_entry_behind_the_others (void)
{
  Log *log = log_new ();
  SipscanTime timeout = S (10);
  StateTable *table = table_new (log, 100, &timeout, 1);
  TestEntry *a = insert (table, 1, 0, S (0));
  insert (table, 2, 0, S (1));
  TestEntry *c = insert (table, 3, 0, S (2));
  state_table_touch (table, a, 0, S (3));
  state_table_touch (table, c, 0, S (3));  /* the same deadline as 1 */
  state_table_expire (table, S (11) + 1);  /* 2's deadline is 11 */
  assert_ended (log, "2");
  state_table_expire (table, S (13));  /* not before 13 */
  assert_ended (log, "");
  state_table_expire (table, S (13) + 1);
  assert_ended (log, "1 3");
  g_assert_cmpuint (state_table_size (table), ==, 0);
  state_table_free (table);
  log_free (log);
}

static void
test_touch_of_the_newest_entry_many_times (void)
{
  Log *log = log_new ();
  SipscanTime timeout = S (10);
  StateTable *table = table_new (log, 100, &timeout, 1);
  insert (table, 1, 0, S (0));
  TestEntry *b = insert (table, 2, 0, S (0));
  for (guint i = 1; i <= 1000; i++)
    state_table_touch (table, b, 0, S (i) / 1000);
  insert (table, 3, 0, S (1));
  state_table_expire (table, S (20));
  assert_ended (log, "1 2 3");
  state_table_free (table);
  log_free (log);
}

/* on_end that opens entry 2 in the empty queue 0 when entry 1 ends */
static void
log_on_end_inserting (gpointer entry, StateEnd why, SipscanTime now,
                      gpointer data)
{
  Log *log = data;
  log_on_end (entry, why, now, data);
  if (((TestEntry *) entry)->id == 1)
    insert (log->table, 2, 0, now);
}

/* Expiry works through queue 1 while on_end fills queue 0, before it. */
static void
test_entry_inserted_by_on_end_expires_on_time (void)
{
  Log *log = log_new ();
  SipscanTime timeouts[2] = { S (5), S (10) };
  StateTable *table = log->table
      = state_table_new (100, timeouts, 2, log_on_end_inserting,
                         test_entry_free, log);
  insert (table, 1, 1, S (0));
  state_table_expire (table, S (11));  /* 2's deadline is 16 */
  assert_ended (log, "1");
  state_table_expire (table, S (16));
  assert_ended (log, "");
  state_table_expire (table, S (16) + 1);
  assert_ended (log, "2");
  state_table_free (table);
  log_free (log);
}

/* Touches in turn, so the queues fill with old places: the order of
 * expiry is the order of the last touches. */
static void
test_many_touches_keep_queue_order (void)
{
  Log *log = log_new ();
  SipscanTime timeouts[2] = { S (100), S (100) };
  StateTable *table = table_new (log, 100000, timeouts, 2);
  enum { N = 500, ROUNDS = 40 };
  TestEntry *entries[N];
  SipscanTime now = 0;
  for (guint id = 0; id < N; id++)
    entries[id] = insert (table, id, 0, now++);
  GString *expected = g_string_new (NULL);
  for (guint round = 0; round < ROUNDS; round++)
    for (guint i = 0; i < N; i++)
      {
        /* a permutation per round; some entries go to the other queue */
        guint id = (i * 7 + round * 13) % N;
        state_table_touch (table, entries[id], (id + round) % 3 == 0,
                           now++);
        if (round == ROUNDS - 1)
          g_string_append_printf (expected, "%s%u!",
                                  expected->len ? " " : "", id);
      }
  g_assert_cmpuint (state_table_size (table), ==, N);
  /* Both queues hold entries whose last touches interleave: evictions
   * (the earliest deadline first) end them in the order of those
   * touches. */
  while (state_table_evict (table, now))
    ;
  assert_ended (log, expected->str);
  g_string_free (expected, TRUE);
  state_table_free (table);
  log_free (log);
}

static void
test_expiry_goes_queue_by_queue_in_queue_order (void)
{
  Log *log = log_new ();
  SipscanTime timeouts[3] = { S (30), S (5), S (5) };
  StateTable *table = table_new (log, 100, timeouts, 3);
  insert (table, 1, 1, S (0));   /* deadline 5 */
  insert (table, 2, 0, S (0));   /* 30 */
  insert (table, 3, 2, S (1));   /* 6 */
  insert (table, 4, 1, S (2));   /* 7 */
  insert (table, 5, 0, S (3));   /* 33 */
  /* a time going back: 6 waits behind 4 in queue 1 although its deadline
   * (4) passed first */
  insert (table, 6, 1, S (-1));
  state_table_expire (table, S (6) + 1);
  assert_ended (log, "1 3");
  state_table_expire (table, S (40));
  assert_ended (log, "2 5 4 6");
  state_table_free (table);
  log_free (log);
}

static gboolean
table_unordered (const StateTable *table)
{
  return ((const StateTableDue *) (gconstpointer) table)->unordered;
}

/* A time going back puts expiry on its slow path only while a ticket
 * pushed out of order is still queued; it ends with the tickets before
 * it, and with those a compaction moved. */
static void
test_expiry_is_in_order_again_once_out_of_order_tickets_leave (void)
{
  Log *log = log_new ();
  SipscanTime timeout = S (5);
  StateTable *table = table_new (log, 100, &timeout, 1);
  insert (table, 1, 0, S (10));  /* deadline 15 */
  insert (table, 2, 0, S (8));   /* 13: out of order */
  insert (table, 3, 0, S (11));  /* 16 */
  g_assert_true (table_unordered (table));
  state_table_expire (table, S (14));
  assert_ended (log, "");
  g_assert_true (table_unordered (table));
  state_table_expire (table, S (15) + 1);
  assert_ended (log, "1 2");
  g_assert_false (table_unordered (table));
  /* in order again: the due time alone decides */
  state_table_expire (table, S (16));
  assert_ended (log, "");
  state_table_expire (table, S (16) + 1);
  assert_ended (log, "3");
  /* out of order again, then many tickets leave, 9 as last: the ring is
   * compacted on the way */
  for (guint id = 10; id < 40; id++)
    insert (table, id, 0, S (100) - (id == 20 ? S (2) : 0));
  g_assert_true (table_unordered (table));
  for (guint id = 10; id < 39; id++)
    state_table_remove (table, lookup (table, id));
  for (guint id = 40; id < 80; id++)
    insert (table, id, 0, S (101));
  state_table_expire (table, S (105) + 1);
  assert_ended (log, "39");
  g_assert_false (table_unordered (table));
  state_table_expire (table, S (106) + 1);
  assert_ended (log, "40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 "
                     "58 59 60 61 62 63 64 65 66 67 68 69 70 71 72 73 74 75 "
                     "76 77 78 79");
  state_table_free (table);
  /* the ticket out of order is the one whose push compacts the ring (16
   * tickets: MIN_TICKETS in state_table.c) */
  table = table_new (log, 100, &timeout, 1);
  for (guint id = 100; id < 116; id++)
    insert (table, id, 0, S (200));
  for (guint id = 100; id < 114; id++)
    state_table_remove (table, lookup (table, id));
  insert (table, 116, 0, S (199));
  state_table_expire (table, S (200));
  assert_ended (log, "");
  g_assert_true (table_unordered (table));
  state_table_free (table);
  log_free (log);
}

static void
test_cap_evicts_the_earliest_deadline_first (void)
{
  Log *log = log_new ();
  SipscanTime timeouts[2] = { S (30), S (5) };
  StateTable *table = table_new (log, 3, timeouts, 2);
  insert (table, 1, 0, S (0));   /* 30 */
  insert (table, 2, 1, S (0));   /* 5 */
  insert (table, 3, 1, S (1));   /* 6 */
  insert (table, 4, 0, S (1));   /* full: 2 goes */
  assert_ended (log, "2!");
  g_assert_cmpuint (log->frees, ==, 1);
  insert (table, 5, 1, S (25));  /* 3 goes (6) */
  assert_ended (log, "3!");
  insert (table, 6, 1, S (25));  /* 1 (30) goes before 5 (30): queue 0 */
  assert_ended (log, "1!");
  g_assert_cmpuint (state_table_size (table), ==, 3);
  g_assert_null (lookup (table, 1));
  g_assert_nonnull (lookup (table, 4));
  g_assert_true (state_table_evict (table, S (26)));
  assert_ended (log, "5!");
  state_table_free (table);
  log_free (log);
}

static void
test_drain_ends_in_insertion_order_on_an_empty_table (void)
{
  Log *log = log_new ();
  SipscanTime timeouts[2] = { S (30), S (5) };
  StateTable *table = table_new (log, 100, timeouts, 2);
  TestEntry *entries[6];
  for (guint id = 0; id < 6; id++)
    entries[id] = insert (table, id, id % 2, S (id));
  state_table_touch (table, entries[0], 1, S (10));
  state_table_touch (table, entries[3], 0, S (10));
  state_table_remove (table, entries[4]);
  state_table_drain (table, STATE_END_CAPTURE_END, S (20));
  for (guint i = 0; i < log->ended->len; i++)
    {
      Ended *ended = &g_array_index (log->ended, Ended, i);
      g_assert_cmpint (ended->why, ==, STATE_END_CAPTURE_END);
      g_assert_cmpuint (ended->size, ==, 0);
    }
  assert_ended (log, "0 1 2 3 5");
  g_assert_cmpuint (state_table_size (table), ==, 0);
  g_assert_cmpuint (log->frees, ==, 6);
  /* the table works on after a drain */
  insert (table, 7, 0, S (21));
  g_assert_nonnull (lookup (table, 7));
  state_table_expire (table, S (60));
  assert_ended (log, "7");
  state_table_drain (table, STATE_END_CAPTURE_END, S (60));
  assert_ended (log, "");
  state_table_free (table);
  log_free (log);
}

/* Enough entries, and seqs far enough apart, for the drain's sort to take
 * several passes over seqs that do not start at 0. */
static void
test_drain_of_many_entries_ends_in_insertion_order (void)
{
  Log *log = log_new ();
  SipscanTime timeouts[2] = { S (30), S (5) };
  StateTable *table = table_new (log, 10000, timeouts, 2);
  enum { N = 5000 };
  TestEntry **entries = g_new (TestEntry *, N);
  for (guint id = 0; id < N; id++)
    entries[id] = insert (table, id, id % 2, S (1));
  guint live = 0;
  for (guint id = 0; id < N; id++)
    if (id < 100 || id % 7 == 3)
      state_table_remove (table, entries[id]);
    else
      {
        live++;
        if (id % 3 == 0)
          state_table_touch (table, entries[id], (id + 1) % 2, S (2));
      }
  state_table_drain (table, STATE_END_CAPTURE_END, S (3));
  g_assert_cmpuint (log->ended->len, ==, live);
  guint previous = 0;
  for (guint i = 0; i < log->ended->len; i++)
    {
      guint id = g_array_index (log->ended, Ended, i).id;
      g_assert_cmpuint (id, >=, 100);
      g_assert_cmpuint (id % 7, !=, 3);
      if (i)
        g_assert_cmpuint (id, >, previous);
      previous = id;
    }
  g_assert_cmpuint (state_table_size (table), ==, 0);
  g_free (entries);
  state_table_free (table);
  log_free (log);
}

/* ---- Entry memory ------------------------------------------------------- */

static void
test_entry_blocks_are_reused (void)
{
  Log *log = log_new ();
  SipscanTime timeout = S (10);
  log->table = state_table_new (100, &timeout, 1, log_on_end,
                                test_entry_clear, log);
  StateTable *table = log->table;
  gsize block = sizeof (TestEntry) + 16;
  state_table_reuse_entries (table, block);
  TestEntry *a = insert_forced (table, 1, 1);
  gboolean a_freed = FALSE;
  a->freed = &a_freed;
  /* too large for a block: its own memory */
  TestEntry *big = state_table_alloc_entry (table, block + 100);
  big->id = 2;
  memset (big->key, 'x', 100);
  big->key[100] = '\0';
  ByteKey big_key = { big->key, 100, 2 };
  state_table_insert_key (table, &big_key, big, 0, 0);
  state_table_expire (table, S (11));
  assert_ended (log, "1 2");
  g_assert_true (a_freed);
  /* the last block freed comes back first, zeroed */
  TestEntry *b = state_table_alloc_entry (table, sizeof (TestEntry) + 4);
  g_assert_true (b == a);
  g_assert_cmpuint (b->id, ==, 0);
  g_assert_null (b->freed);
  b->id = 3;
  strcpy (b->key, "k3");
  ByteKey b_key = forced_key (b, 3);
  state_table_insert_key (table, &b_key, b, 0, S (11));
  g_assert_true (lookup_forced (table, 3, 3) == b);
  state_table_free (table);  /* frees b and the blocks' memory */
  g_assert_cmpuint (log->frees, ==, 3);
  log_free (log);
}

/* ---- Against a model of the semantics -------------------------------------
 * Random operations, times going back now and then, on the table and on
 * a plain model (lists in queue order, as the table once was): the same
 * entries end, the same way, in the same order. */

typedef struct {
  gboolean alive;
  guint queue;
  SipscanTime deadline;
  guint64 seq;
  TestEntry *entry;
} ModelEntry;

typedef struct {
  ModelEntry *entries;
  GQueue queues[STATE_TABLE_MAX_QUEUES];  /* of ids, as GUINT_TO_POINTER */
  const SipscanTime *timeouts;
  guint n_queues, cap, size;
  guint64 seq;
  GArray *ended;  /* of Ended */
} Model;

static void
model_end (Model *m, guint id, StateEnd why)
{
  ModelEntry *e = &m->entries[id];
  g_queue_remove (&m->queues[e->queue], GUINT_TO_POINTER (id));
  e->alive = FALSE;
  m->size--;
  Ended ended = { id, why, m->size };
  if (why != (StateEnd) -1)
    g_array_append_val (m->ended, ended);
}

static gboolean
model_evict (Model *m)
{
  gint best = -1;
  for (guint q = 0; q < m->n_queues; q++)
    {
      if (g_queue_is_empty (&m->queues[q]))
        continue;
      guint id = GPOINTER_TO_UINT (g_queue_peek_head (&m->queues[q]));
      if (best < 0 || m->entries[id].deadline < m->entries[best].deadline)
        best = (gint) id;
    }
  if (best < 0)
    return FALSE;
  model_end (m, (guint) best, STATE_END_EVICTED);
  return TRUE;
}

static void
model_enqueue (Model *m, guint id, guint queue, SipscanTime now)
{
  ModelEntry *e = &m->entries[id];
  e->queue = queue;
  e->deadline = now + m->timeouts[queue];
  g_queue_push_tail (&m->queues[queue], GUINT_TO_POINTER (id));
}

static void
compare_with_model (guint cap, guint n_queues, gboolean collide, guint seed)
{
  static const SipscanTime timeouts[STATE_TABLE_MAX_QUEUES]
      = { 50, 20, 20, 80 };
  enum { IDS = 400, OPS = 20000 };
  GRand *rand = g_rand_new_with_seed (seed);
  Log *log = log_new ();
  log->table = state_table_new (cap, timeouts, n_queues, log_on_end,
                                test_entry_clear, log);
  StateTable *table = log->table;
  state_table_reuse_entries (table, sizeof (TestEntry) + 8);
  Model m = { .entries = g_new0 (ModelEntry, IDS), .timeouts = timeouts,
              .n_queues = n_queues, .cap = cap,
              .ended = g_array_new (FALSE, FALSE, sizeof (Ended)) };
  SipscanTime now = 0, clock = 0;
  for (guint op = 0; op < OPS; op++)
    {
      guint id = (guint) g_rand_int_range (rand, 0, IDS);
      guint queue = (guint) g_rand_int_range (rand, 0, (gint) n_queues);
      guint hash = collide ? id % 7 : id * 2654435761u;
      /* mostly forward, sometimes back a little */
      now = clock + g_rand_int_range (rand, -10, 3);
      ModelEntry *e = &m.entries[id];
      switch (g_rand_int_range (rand, 0, 10))
        {
        case 0: case 1: case 2: case 3:
          if (e->alive)
            {
              state_table_touch (table, e->entry, queue, now);
              g_queue_remove (&m.queues[e->queue], GUINT_TO_POINTER (id));
              model_enqueue (&m, id, queue, now);
            }
          else
            {
              if (m.size >= m.cap)
                model_evict (&m);
              /* every other one too large for a block */
              TestEntry *entry = state_table_alloc_entry (
                  table, sizeof (TestEntry) + 8 + (id % 2) * 8);
              entry->id = id;
              g_snprintf (entry->key, 8, "k%u", id);
              ByteKey key = forced_key (entry, hash);
              state_table_insert_key (table, &key, entry, queue, now);
              e->entry = entry;
              e->alive = TRUE;
              e->seq = m.seq++;
              m.size++;
              model_enqueue (&m, id, queue, now);
            }
          break;
        case 4:
          if (e->alive)
            {
              state_table_remove (table, e->entry);
              model_end (&m, id, (StateEnd) -1);
            }
          break;
        case 5:
          g_assert_cmpint (state_table_evict (table, now), ==,
                           model_evict (&m));
          break;
        case 6: case 7:
          clock += g_rand_int_range (rand, 0, 8);
          state_table_expire (table, clock);
          for (guint q = 0; q < n_queues; q++)
            while (!g_queue_is_empty (&m.queues[q]))
              {
                guint head
                    = GPOINTER_TO_UINT (g_queue_peek_head (&m.queues[q]));
                if (m.entries[head].deadline >= clock)
                  break;
                model_end (&m, head, STATE_END_EXPIRED);
              }
          break;
        default:
          {
            char key[12];
            g_snprintf (key, sizeof key, "k%u", id);
            ByteKey skey = { key, strlen (key), hash };
            g_assert_true (state_table_lookup_key (table, &skey)
                           == (e->alive ? e->entry : NULL));
          }
        }
      g_assert_cmpuint (state_table_size (table), ==, m.size);
      g_assert_cmpuint (log->ended->len, ==, m.ended->len);
      for (guint i = 0; i < m.ended->len; i++)
        {
          Ended *want = &g_array_index (m.ended, Ended, i);
          Ended *got = &g_array_index (log->ended, Ended, i);
          g_assert_cmpuint (got->id, ==, want->id);
          g_assert_cmpint (got->why, ==, want->why);
          g_assert_cmpuint (got->size, ==, want->size);
        }
      g_array_set_size (m.ended, 0);
      g_array_set_size (log->ended, 0);
    }
  /* the end: insertion order */
  GArray *alive = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint64 seq = 0; seq < m.seq; seq++)
    for (guint id = 0; id < IDS; id++)
      if (m.entries[id].alive && m.entries[id].seq == seq)
        g_array_append_val (alive, id);
  state_table_drain (table, STATE_END_CAPTURE_END, clock);
  g_assert_cmpuint (log->ended->len, ==, alive->len);
  for (guint i = 0; i < alive->len; i++)
    g_assert_cmpuint (g_array_index (log->ended, Ended, i).id, ==,
                      g_array_index (alive, guint, i));
  g_array_unref (alive);
  state_table_free (table);
  for (guint q = 0; q < n_queues; q++)
    g_queue_clear (&m.queues[q]);
  g_free (m.entries);
  g_array_unref (m.ended);
  log_free (log);
  g_rand_free (rand);
}

static void
test_random_operations_match_the_model (void)
{
  for (guint seed = 1; seed <= 6; seed++)
    {
      compare_with_model (1000, 1 + seed % 3, FALSE, seed);
      compare_with_model (150, 3, FALSE, seed);      /* at the cap */
      compare_with_model (150, 4, TRUE, seed);       /* colliding */
      compare_with_model (1, 2, FALSE, seed);        /* a cap of one */
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/state_table/keys/lookup_finds_every_key_through_growth",
                   test_lookup_finds_every_key_through_growth);
  g_test_add_func ("/state_table/keys/removal_keeps_the_other_keys_reachable",
                   test_removal_keeps_the_other_keys_reachable);
  g_test_add_func ("/state_table/keys/colliding_hashes_probe_wrap_and_delete",
                   test_colliding_hashes_probe_wrap_and_delete);
  g_test_add_func ("/state_table/keys/key_a_byte_apart_is_another",
                   test_key_a_byte_apart_is_another);
  g_test_add_func ("/state_table/queues/touch_moves_an_entry_behind_others",
                   test_touch_moves_an_entry_behind_the_others);
  g_test_add_func ("/state_table/queues/touch_of_the_newest_entry_many_times",
                   test_touch_of_the_newest_entry_many_times);
  g_test_add_func ("/state_table/queues/inserted_by_on_end_expires_on_time",
                   test_entry_inserted_by_on_end_expires_on_time);
  g_test_add_func ("/state_table/queues/many_touches_keep_queue_order",
                   test_many_touches_keep_queue_order);
  g_test_add_func ("/state_table/queues/expiry_goes_queue_by_queue",
                   test_expiry_goes_queue_by_queue_in_queue_order);
  g_test_add_func ("/state_table/queues/in_order_again_once_tickets_leave",
                   test_expiry_is_in_order_again_once_out_of_order_tickets_leave);
  g_test_add_func ("/state_table/queues/cap_evicts_earliest_deadline_first",
                   test_cap_evicts_the_earliest_deadline_first);
  g_test_add_func (
      "/state_table/queues/drain_of_many_entries_ends_in_insertion_order",
      test_drain_of_many_entries_ends_in_insertion_order);
  g_test_add_func ("/state_table/queues/drain_ends_in_insertion_order",
                   test_drain_ends_in_insertion_order_on_an_empty_table);
  g_test_add_func ("/state_table/memory/entry_blocks_are_reused",
                   test_entry_blocks_are_reused);
  g_test_add_func ("/state_table/model/random_operations_match_the_model",
                   test_random_operations_match_the_model);
  return g_test_run ();
}
