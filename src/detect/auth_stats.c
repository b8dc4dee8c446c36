#include "detect/auth_stats.h"

#include "detect/scanner_agent.h"
#include "util/arena.h"
#include "util/endpoint_key.h"
#include "util/prefetch.h"
#include "util/row_index.h"
#include "util/row_store.h"
#include "util/state_table.h"
#include "util/str_hash.h"
#include "util/unaligned.h"

#include <string.h>

/* Rows are fixed-size records found by number (util/row_store.h), and
 * numbers by hash (util/row_index.h); what they hold as text
 * (usernames) is in an arena, and text many rows share (realms,
 * User-Agents) is kept once, in a pool of interned strings. Per-outcome
 * counts are 32-bit: one that wraps carries into a side table. Totals
 * (attempts, failures) are sums of outcomes, made for the report. Rows
 * live until the end; the report sorts them once. A source's recent
 * failure times, which only the brute-force check reads, are state with a
 * timeout instead (FailureWindow). */

typedef EndpointKey HostKey;  /* the address alone */

#define ROW_NONE ROW_INDEX_NONE

/* ---- Interned strings -------------------------------------------------- */

typedef struct {
  const char *scanner;     /* for User-Agents, once known */
  gboolean scanner_known;
  guint32 len;
  char text[];
} Interned;

typedef struct {
  RowIndex index;
  GPtrArray *strings;  /* Interned, by number */
} InternPool;

static const Interned *
intern_at (const InternPool *pool, guint32 id)
{
  return pool->strings->pdata[id];
}

/* The number of the string s (len bytes, no NUL), or ROW_NONE. */
static guint32
intern_find (const InternPool *pool, const char *s, gsize len, guint32 hash)
{
  guint32 at = row_index_home (&pool->index, hash);
  ROW_INDEX_FOR_EACH (&pool->index, hash, id, at)
    {
      const Interned *in = intern_at (pool, id);
      if (in->len == len && memcmp (in->text, s, len) == 0)
        return id;
    }
  return ROW_NONE;
}

static guint32
intern_add (InternPool *pool, Arena *arena, const char *s, gsize len,
            guint32 hash)
{
  Interned *in = arena_alloc0_aligned (arena, sizeof (Interned) + len + 1,
                                       G_ALIGNOF (Interned));
  in->len = (guint32) len;
  if (len)
    memcpy (in->text, s, len);
  guint32 id = pool->strings->len;
  g_ptr_array_add (pool->strings, in);
  row_index_add (&pool->index, hash, id);
  return id;
}

static guint32
intern (InternPool *pool, Arena *arena, const char *s, gsize len)
{
  guint32 hash = str_hash_len (s, len);
  guint32 id = intern_find (pool, s, len, hash);
  return id != ROW_NONE ? id : intern_add (pool, arena, s, len, hash);
}

/* ---- Rows ---------------------------------------------------------------- */

typedef struct {
  guint32 outcomes[SIPSCAN_AUTH_OUTCOME_COUNT];
  guint32 sources;
  guint32 realm;           /* interned */
  gboolean has_first_host;
  HostKey first_host;      /* its first pair's, kept here, not in pairs */
  guint64 first_failure_frame, last_failure_frame;
  guint64 name_prefix;     /* text_prefix of the username: the whole of a
                              short one, without a look at the arena */
  const char *username;    /* in the arena */
} UserRow;

/* The last threshold+1 failure times of a source that failed lately,
 * keyed by its row number. A window ends once nothing has failed from its
 * source for bruteforce_window + state_timeout: its times can then no
 * longer make a verdict, unless capture time later goes back by more than
 * state_timeout. There is at most one per source row, so the rows' cap
 * bounds them too, and the table's cap (the same) is never reached. */
typedef struct {
  StateEntry entry;
  guint32 source;  /* row number: the key */
  guint n_failure_times;
  guint next_failure;
  SipscanTime failure_times[];
} FailureWindow;

typedef struct {
  guint64 frame;
  SipscanTime time;
} BruteForceVerdict;

typedef struct {
  guint32 outcomes[SIPSCAN_AUTH_OUTCOME_COUNT];
  guint32 usernames;
  guint32 user_agent;      /* interned + 1; 0: none yet */
  SipscanEndpoint source;  /* as first seen, port 0; the key is its
                              HostKey */
  guint32 id;              /* its row number */
  guint64 first_frame, last_frame;
  BruteForceVerdict *brute_force;  /* in the arena; NULL: none (yet) */
} SourceRow;

/* The realm an attempt named last, tried first: attempts mostly share
 * one, and a look at its text is all that takes. */
typedef struct {
  guint32 id;             /* interned */
  const Interned *text;   /* NULL: none yet */
} RealmMemo;

/* A username+realm tried from an address, past the user's first (in its
 * row). Only users with a row have pairs: users fill up no sooner than
 * pairs (each new user brings a new pair), so when a user gets no row,
 * the pairs are full too. */
typedef struct {
  guint32 hash;
  guint32 user;  /* row number + 1; 0: empty */
  HostKey host;
} PairSlot;

/* An attempt waiting to be counted: what counting reads of it, its text
 * in the queue's. */
typedef struct {
  SipscanAuthOutcome outcome;
  SipscanEndpoint client;
  guint64 decided_frame;
  SipscanTime decided_at;
  gsize text[3];  /* username, realm, user_agent: offset + 1; 0: NULL */
} QueuedAttempt;

/* Attempts are counted a queue at a time (see "The attempt queue"). */
#define ATTEMPT_QUEUE_LENGTH 16

typedef struct {
  QueuedAttempt attempts[ATTEMPT_QUEUE_LENGTH];
  guint length;
  GString *text;
} AttemptQueue;

struct _AuthStats {
  RowStore users;          /* UserRow */
  RowIndex user_index;     /* by username and realm */
  RowStore sources;        /* SourceRow */
  RowIndex source_index;   /* by HostKey */
  PairSlot *pairs;         /* a set */
  guint32 pairs_mask;
  guint32 pairs_count;
  guint n_pairs;           /* with the users' first */
  InternPool strings;      /* realms and User-Agents */
  Arena *arena;            /* usernames, interned strings, verdicts */
  StateTable *failure_windows;  /* FailureWindow */
  GHashTable *carries;     /* guint32 counter -> guint64 of its high half */
  ScannerAgentMemo scanner_memo;
  RealmMemo last_realm;
  AttemptQueue queue;
  guint cap;
  guint threshold;
  SipscanTime window;
  SipscanCounters *counters;
};

#define PAIRS_MIN_SLOTS 64

static void auth_stats_flush (AuthStats *stats);

/* A window holds times only: ending it needs no more than its memory
 * back, which the table takes. */
static void
failure_window_on_end (gpointer entry, StateEnd why, SipscanTime now,
                       gpointer data)
{
  (void) entry, (void) why, (void) now, (void) data;
}

static StateTable *
failure_windows_new (const SipscanOptions *options)
{
  SipscanTime idle = SIPSCAN_TIME_FROM_SECONDS (options->bruteforce_window
                                                + options->state_timeout);
  StateTable *windows
      = state_table_new (options->max_aggregate_keys, &idle, 1,
                         failure_window_on_end, NULL, NULL);
  state_table_reuse_entries (windows,
                             sizeof (FailureWindow)
                                 + (options->bruteforce_failures + 1)
                                       * sizeof (SipscanTime));
  return windows;
}

AuthStats *
auth_stats_new (const SipscanOptions *options, SipscanCounters *counters)
{
  AuthStats *stats = g_new0 (AuthStats, 1);
  row_store_init (&stats->users, sizeof (UserRow));
  row_index_init (&stats->user_index);
  row_store_init (&stats->sources, sizeof (SourceRow));
  row_index_init (&stats->source_index);
  stats->pairs = g_new0 (PairSlot, PAIRS_MIN_SLOTS);
  stats->pairs_mask = PAIRS_MIN_SLOTS - 1;
  row_index_init (&stats->strings.index);
  stats->strings.strings = g_ptr_array_new ();
  stats->arena = arena_new ();
  stats->failure_windows = failure_windows_new (options);
  stats->queue.text = g_string_new (NULL);
  stats->cap = options->max_aggregate_keys;
  stats->threshold = options->bruteforce_failures;
  stats->window = SIPSCAN_TIME_FROM_SECONDS (options->bruteforce_window);
  stats->counters = counters;
  return stats;
}

void
auth_stats_free (AuthStats *stats)
{
  if (!stats)
    return;
  row_store_clear (&stats->users);
  row_index_clear (&stats->user_index);
  row_store_clear (&stats->sources);
  row_index_clear (&stats->source_index);
  g_free (stats->pairs);
  row_index_clear (&stats->strings.index);
  g_ptr_array_free (stats->strings.strings, TRUE);
  arena_free (stats->arena);
  state_table_free (stats->failure_windows);
  if (stats->carries)
    g_hash_table_destroy (stats->carries);
  g_string_free (stats->queue.text, TRUE);
  g_free (stats);
}

/* ---- Counts -------------------------------------------------------------- */

static void
count_carry (AuthStats *stats, guint32 *counter)
{
  if (!stats->carries)
    stats->carries = g_hash_table_new_full (g_direct_hash, g_direct_equal,
                                            NULL, g_free);
  guint64 *high = g_hash_table_lookup (stats->carries, counter);
  if (!high)
    {
      high = g_new0 (guint64, 1);
      g_hash_table_insert (stats->carries, counter, high);
    }
  (*high)++;
}

static inline void
count_up (AuthStats *stats, guint32 *counter)
{
  if (G_UNLIKELY (++*counter == 0))
    count_carry (stats, counter);
}

static guint64
count_value (const AuthStats *stats, const guint32 *counter)
{
  guint64 value = *counter;
  if (G_UNLIKELY (stats->carries != NULL))
    {
      const guint64 *high = g_hash_table_lookup (stats->carries, counter);
      if (high)
        value += *high << 32;
    }
  return value;
}

/* Every outcome's count, their sum and the failures among them. */
static void
outcomes_value (const AuthStats *stats, const guint32 *counts,
                guint64 outcomes[SIPSCAN_AUTH_OUTCOME_COUNT],
                guint64 *attempts, guint64 *failures)
{
  *attempts = *failures = 0;
  for (int i = 0; i < SIPSCAN_AUTH_OUTCOME_COUNT; i++)
    {
      outcomes[i] = count_value (stats, &counts[i]);
      *attempts += outcomes[i];
      if (i == SIPSCAN_AUTH_WRONG_CREDENTIALS || i == SIPSCAN_AUTH_FORBIDDEN)
        *failures += outcomes[i];  /* sipscan_auth_outcome_is_failure */
    }
}

/* FALSE, counted, when size is at the cap. */
static gboolean
auth_stats_room (AuthStats *stats, guint size)
{
  if (size < stats->cap)
    return TRUE;
  stats->counters->aggregate_keys_dropped++;
  return FALSE;
}

/* ---- Sources ------------------------------------------------------------- */

static HostKey
host_key (const SipscanEndpoint *endpoint)
{
  return endpoint_key (endpoint, FALSE);
}

static inline guint32
host_key_hash (const HostKey *key)
{
  return str_hash_len ((const char *) key, sizeof *key);
}

static inline gboolean
host_key_equal (const HostKey *a, const HostKey *b)
{
  return memcmp (a, b, sizeof *a) == 0;
}

static inline SourceRow *
source_at (const AuthStats *stats, guint32 id)
{
  return row_store_at (&stats->sources, id);
}

static SourceRow *
auth_stats_source (AuthStats *stats, const HostKey *key,
                   const SipscanEndpoint *src)
{
  guint32 hash = host_key_hash (key);
  guint32 at = row_index_home (&stats->source_index, hash);
  ROW_INDEX_FOR_EACH (&stats->source_index, hash, id, at)
    {
      SourceRow *source = source_at (stats, id);
      HostKey row_key = host_key (&source->source);
      if (host_key_equal (&row_key, key))
        return source;
    }
  if (!auth_stats_room (stats, stats->sources.count))
    return NULL;
  guint32 id = stats->sources.count;
  SourceRow *source = row_store_add (&stats->sources);
  source->id = id;
  source->source = *src;
  source->source.port = 0;
  row_index_add_at (&stats->source_index, at, hash, id);
  return source;
}

static void
source_note_user_agent (AuthStats *stats, SourceRow *source,
                        const char *user_agent, gsize len)
{
  const char *nul = memchr (user_agent, '\0', len);
  if (nul)
    len = (gsize) (nul - user_agent);
  guint32 id = intern (&stats->strings, stats->arena, user_agent, len);
  Interned *in = stats->strings.strings->pdata[id];
  if (!in->scanner_known)
    {
      in->scanner
          = scanner_agent_memo_name (&stats->scanner_memo, user_agent, len);
      in->scanner_known = TRUE;
    }
  source->user_agent = id + 1;
  if (in->scanner)
    stats->counters->scanner_sources++;
}

static void
source_note_frame (SourceRow *source, guint64 frame)
{
  if (!source->first_frame || frame < source->first_frame)
    source->first_frame = frame;
  source->last_frame = MAX (source->last_frame, frame);
}

void
auth_stats_add_request (AuthStats *stats, const SipscanEndpoint *src,
                        const char *user_agent, gsize user_agent_len,
                        guint64 frame)
{
  if (scanner_agent_memo_name (&stats->scanner_memo, user_agent,
                               user_agent_len))
    auth_stats_add_scanner_request (stats, src, user_agent, user_agent_len,
                                    frame);
}

void
auth_stats_add_scanner_request (AuthStats *stats, const SipscanEndpoint *src,
                                const char *user_agent, gsize user_agent_len,
                                guint64 frame)
{
  auth_stats_flush (stats);  /* the first User-Agent noted wins */
  HostKey key = host_key (src);
  SourceRow *source = auth_stats_source (stats, &key, src);
  if (!source)
    return;
  if (!source->user_agent)
    source_note_user_agent (stats, source, user_agent, user_agent_len);
  source_note_frame (source, frame);
}

static void
failure_windows_expire (AuthStats *stats, SipscanTime now)
{
  state_table_expire (stats->failure_windows, now);
}

void
auth_stats_expire (AuthStats *stats, SipscanTime now)
{
  auth_stats_flush (stats);
  failure_windows_expire (stats, now);
}

guint
auth_stats_failure_windows (AuthStats *stats)
{
  auth_stats_flush (stats);
  return state_table_size (stats->failure_windows);
}

static FailureWindow *
failure_window_of (AuthStats *stats, guint32 source_id, SipscanTime when)
{
  StateTable *windows = stats->failure_windows;
  failure_windows_expire (stats, when);
  FailureWindow *window
      = state_table_lookup_bytes (windows, &source_id, sizeof source_id);
  if (window)
    {
      state_table_touch (windows, window, 0, when);
      return window;
    }
  window = state_table_alloc_entry (
      windows, sizeof (FailureWindow)
                   + (stats->threshold + 1) * sizeof (SipscanTime));
  window->source = source_id;
  state_table_insert_bytes (windows, &window->source, sizeof window->source,
                            window, 0, when);
  return window;
}

static void
source_note_failure (AuthStats *stats, SourceRow *source, guint64 frame,
                     SipscanTime when)
{
  if (source->brute_force)
    return;
  guint ring = stats->threshold + 1;
  FailureWindow *f = failure_window_of (stats, source->id, when);
  f->failure_times[f->next_failure] = when;
  f->next_failure = (f->next_failure + 1) % ring;
  if (f->n_failure_times < ring)
    f->n_failure_times++;
  /* Full ring: next_failure now points at the oldest of the last ring. */
  if (f->n_failure_times == ring
      && when - f->failure_times[f->next_failure] <= stats->window)
    {
      source->brute_force = arena_alloc0_aligned (
          stats->arena, sizeof (BruteForceVerdict),
          G_ALIGNOF (BruteForceVerdict));
      *source->brute_force = (BruteForceVerdict){ frame, when };
      stats->counters->brute_force_sources++;
      state_table_remove (stats->failure_windows, f);
    }
}

/* ---- Users and pairs ----------------------------------------------------- */

static inline UserRow *
user_at (const AuthStats *stats, guint32 id)
{
  return row_store_at (&stats->users, id);
}

/* The first eight bytes of s (len bytes and a NUL), zeros past its end,
 * as a big-endian number: prefixes compare as strcmp compares s, and
 * those of strings shorter than eight bytes are equal only when the
 * strings are. */
static guint64
text_prefix (const char *s, gsize len)
{
  guint64 word = 0;
  if (len >= 7)  /* eight bytes, the NUL among them when len is 7 */
    word = unaligned_load64 (s);
  else
    memcpy (&word, s, len);
  return GUINT64_FROM_BE (word);
}

/* The row's username is the len bytes at username, whose prefix is
 * prefix. */
static inline gboolean
user_named (const UserRow *user, const char *username, gsize len,
            guint64 prefix)
{
  if (user->name_prefix != prefix)
    return FALSE;
  /* equal prefixes: equal names when short, else eight bytes without a
     NUL in both */
  return len < 8 || strcmp (user->username + 8, username + 8) == 0;
}

static inline guint32
user_hash (guint32 username_hash, guint32 realm)
{
  return username_hash ^ (realm * 0x9e3779b1u);
}

static guint32
realm_remember (AuthStats *stats, guint32 id)
{
  stats->last_realm = (RealmMemo){ id, intern_at (&stats->strings, id) };
  return id;
}

/* The interned realm's number, or ROW_NONE. */
static guint32
realm_find (AuthStats *stats, const char *realm, gsize len)
{
  const Interned *last = stats->last_realm.text;
  if (last && last->len == len && memcmp (last->text, realm, len) == 0)
    return stats->last_realm.id;
  guint32 id = intern_find (&stats->strings, realm, len,
                            str_hash_len (realm, len));
  return id != ROW_NONE ? realm_remember (stats, id) : ROW_NONE;
}

/* The user's row number, or ROW_NONE when it has none and gets none. */
static guint32
auth_stats_user (AuthStats *stats, const char *username, const char *realm)
{
  gsize username_len = strlen (username), realm_len = strlen (realm);
  guint32 realm_id = realm_find (stats, realm, realm_len);
  guint32 hash = user_hash (str_hash_len (username, username_len),
                            realm_id);
  guint64 prefix = text_prefix (username, username_len);
  guint32 at = row_index_home (&stats->user_index, hash);
  if (realm_id != ROW_NONE)
    ROW_INDEX_FOR_EACH (&stats->user_index, hash, id, at)
      {
        const UserRow *user = user_at (stats, id);
        if (user->realm == realm_id
            && user_named (user, username, username_len, prefix))
          return id;
      }
  if (!auth_stats_room (stats, stats->users.count))
    return ROW_NONE;
  gboolean walked = realm_id != ROW_NONE;
  if (!walked)
    {
      realm_id = realm_remember (
          stats, intern_add (&stats->strings, stats->arena, realm, realm_len,
                             str_hash_len (realm, realm_len)));
      hash = user_hash (str_hash_len (username, username_len), realm_id);
    }
  guint32 id = stats->users.count;
  UserRow *user = row_store_add (&stats->users);
  user->realm = realm_id;
  user->name_prefix = prefix;
  user->username = arena_strndup (stats->arena, username, username_len);
  if (walked)
    row_index_add_at (&stats->user_index, at, hash, id);
  else
    row_index_add (&stats->user_index, hash, id);
  return id;
}

static inline guint32
pair_hash (guint32 user, const HostKey *host)
{
  return (user * 0x9e3779b1u) ^ host_key_hash (host);
}

static gboolean
pairs_contain (const AuthStats *stats, guint32 user, const HostKey *host,
               guint32 hash)
{
  for (guint32 i = hash & stats->pairs_mask; stats->pairs[i].user;
       i = (i + 1) & stats->pairs_mask)
    {
      const PairSlot *slot = &stats->pairs[i];
      if (slot->hash == hash && slot->user == user + 1
          && host_key_equal (&slot->host, host))
        return TRUE;
    }
  return FALSE;
}

static void
pairs_place (PairSlot *slots, guint32 mask, const PairSlot *pair)
{
  guint32 i = pair->hash & mask;
  while (slots[i].user)
    i = (i + 1) & mask;
  slots[i] = *pair;
}

static void
pairs_add (AuthStats *stats, guint32 user, const HostKey *host, guint32 hash)
{
  if ((stats->pairs_count + 1) * 4 > (stats->pairs_mask + 1) * 3)
    {
      guint32 mask = 2 * stats->pairs_mask + 1;
      PairSlot *slots = g_new0 (PairSlot, (gsize) mask + 1);
      for (guint32 i = 0; i <= stats->pairs_mask; i++)
        if (stats->pairs[i].user)
          pairs_place (slots, mask, &stats->pairs[i]);
      g_free (stats->pairs);
      stats->pairs = slots;
      stats->pairs_mask = mask;
    }
  PairSlot pair = { hash, user + 1, *host };
  pairs_place (stats->pairs, stats->pairs_mask, &pair);
  stats->pairs_count++;
}

static void
auth_stats_add_pair (AuthStats *stats, guint32 user_id, const HostKey *host,
                     SourceRow *source)
{
  if (user_id == ROW_NONE)  /* see PairSlot */
    {
      stats->counters->aggregate_keys_dropped++;
      return;
    }
  UserRow *user = user_at (stats, user_id);
  guint32 hash = 0;
  if (user->has_first_host)
    {
      if (host_key_equal (&user->first_host, host))
        return;
      hash = pair_hash (user_id, host);
      if (pairs_contain (stats, user_id, host, hash))
        return;
    }
  if (!auth_stats_room (stats, stats->n_pairs))
    return;
  if (!user->has_first_host)
    {
      user->has_first_host = TRUE;
      user->first_host = *host;
    }
  else
    pairs_add (stats, user_id, host, hash);
  stats->n_pairs++;
  user->sources++;
  if (source)
    source->usernames++;
}

static void
count_attempt (AuthStats *stats, const SipscanAuthAttempt *attempt,
               guint64 decided_frame, SipscanTime decided_at)
{
  gboolean failure = sipscan_auth_outcome_is_failure (attempt->outcome);
  const char *realm = attempt->realm ? attempt->realm : "";
  guint32 user_id = attempt->username
                        ? auth_stats_user (stats, attempt->username, realm)
                        : ROW_NONE;
  HostKey host = host_key (&attempt->client);
  SourceRow *source = auth_stats_source (stats, &host, &attempt->client);
  if (user_id != ROW_NONE)
    {
      UserRow *user = user_at (stats, user_id);
      count_up (stats, &user->outcomes[attempt->outcome]);
      if (failure)
        {
          if (!user->first_failure_frame)
            user->first_failure_frame = decided_frame;
          user->last_failure_frame = decided_frame;
        }
    }
  if (source)
    {
      count_up (stats, &source->outcomes[attempt->outcome]);
      if (attempt->user_agent && !source->user_agent)
        source_note_user_agent (stats, source, attempt->user_agent,
                                strlen (attempt->user_agent));
      source_note_frame (source, decided_frame);
      if (failure)
        source_note_failure (stats, source, decided_frame, decided_at);
    }
  if (attempt->username)
    auth_stats_add_pair (stats, user_id, &host, source);
}

/* ---- The attempt queue --------------------------------------------------- */

/* Counting an attempt looks up its user's and its source's rows, which
 * are seldom in the cache (one attempt in ten messages, over thousands of
 * rows): one miss after another, most of the attempt's time. So attempts
 * wait in a queue, and a full queue is counted in three passes: the first
 * starts fetching the index slots of every attempt's rows, the second the
 * rows those slots name (and the pair's slot, and a failure's window),
 * the third counts the attempts in order with what is then at hand.
 * Nothing reads or changes the totals in between: whatever else would
 * counts the queue first (auth_stats_flush). */

static gsize
queue_text (AttemptQueue *queue, const char *s)
{
  if (!s)
    return 0;
  gsize at = queue->text->len;
  g_string_append_len (queue->text, s, (gssize) strlen (s) + 1);
  return at + 1;
}

static const char *
queued_text (const AttemptQueue *queue, gsize at)
{
  return at ? queue->text->str + at - 1 : NULL;
}

/* What the first pass works out for the second. */
typedef struct {
  guint32 user_hash;
  gboolean user_known;  /* its realm is interned: it may have a row */
  HostKey host;
  guint32 host_hash;
} AttemptHashes;

static void
queue_fetch_slots (AuthStats *stats, AttemptHashes *hashes)
{
  const AttemptQueue *queue = &stats->queue;
  for (guint i = 0; i < queue->length; i++)
    {
      const QueuedAttempt *q = &queue->attempts[i];
      const char *username = queued_text (queue, q->text[0]);
      const char *realm = queued_text (queue, q->text[1]);
      AttemptHashes *h = &hashes[i];
      h->user_known = FALSE;
      if (username)
        {
          if (!realm)
            realm = "";
          guint32 realm_id = realm_find (stats, realm, strlen (realm));
          if (realm_id != ROW_NONE)
            {
              h->user_hash = user_hash (
                  str_hash_len (username, strlen (username)), realm_id);
              h->user_known = TRUE;
              row_index_prefetch (&stats->user_index, h->user_hash);
            }
        }
      h->host = host_key (&q->client);
      h->host_hash = host_key_hash (&h->host);
      row_index_prefetch (&stats->source_index, h->host_hash);
    }
}

static void
queue_fetch_rows (AuthStats *stats, const AttemptHashes *hashes)
{
  const AttemptQueue *queue = &stats->queue;
  for (guint i = 0; i < queue->length; i++)
    {
      const AttemptHashes *h = &hashes[i];
      guint32 user = h->user_known
                         ? row_index_first (&stats->user_index, h->user_hash)
                         : ROW_NONE;
      if (user != ROW_NONE)
        {
          row_store_prefetch (&stats->users, user);
          PREFETCH (&stats->pairs[pair_hash (user, &h->host)
                                  & stats->pairs_mask]);
        }
      guint32 source = row_index_first (&stats->source_index, h->host_hash);
      if (source == ROW_NONE)
        continue;
      row_store_prefetch (&stats->sources, source);
      if (sipscan_auth_outcome_is_failure (queue->attempts[i].outcome))
        state_table_prefetch_bytes (stats->failure_windows, &source,
                                    sizeof source);
    }
}

static void
auth_stats_flush (AuthStats *stats)
{
  AttemptQueue *queue = &stats->queue;
  if (queue->length == 0)
    return;
  AttemptHashes hashes[ATTEMPT_QUEUE_LENGTH];
  queue_fetch_slots (stats, hashes);
  queue_fetch_rows (stats, hashes);
  for (guint i = 0; i < queue->length; i++)
    {
      const QueuedAttempt *q = &queue->attempts[i];
      SipscanAuthAttempt attempt = {
        .username = queued_text (queue, q->text[0]),
        .realm = queued_text (queue, q->text[1]),
        .user_agent = queued_text (queue, q->text[2]),
        .client = q->client,
        .outcome = q->outcome,
      };
      count_attempt (stats, &attempt, q->decided_frame, q->decided_at);
    }
  queue->length = 0;
  g_string_truncate (queue->text, 0);
}

void
auth_stats_add_attempt (AuthStats *stats, const SipscanAuthAttempt *attempt,
                        guint64 decided_frame, SipscanTime decided_at)
{
  AttemptQueue *queue = &stats->queue;
  queue->attempts[queue->length++] = (QueuedAttempt){
    .outcome = attempt->outcome,
    .client = attempt->client,
    .decided_frame = decided_frame,
    .decided_at = decided_at,
    .text = { queue_text (queue, attempt->username),
              queue_text (queue, attempt->realm),
              queue_text (queue, attempt->user_agent) },
  };
  if (queue->length == ATTEMPT_QUEUE_LENGTH)
    auth_stats_flush (stats);
}

/* ---- The report ---------------------------------------------------------- */

/* A row in the report's order: most failures first, then most attempts,
 * then by name (users: username, realm; sources: family, address). The
 * counts and the name's first bytes are in the key; rows they do not
 * tell apart are compared in full. */
typedef struct {
  guint64 counts;  /* failures and attempts, both descending; 0 when some
                      row's do not fit in 32 bits */
  guint64 prefix;  /* the name's first bytes, big-endian */
  guint32 id;
} SortKey;

typedef struct {
  const AuthStats *stats;
  gboolean users;
} SortContext;

static int
compare_u64_desc (guint64 a, guint64 b)
{
  return a == b ? 0 : a > b ? -1 : 1;
}

/* Most failures first, then most attempts. */
static int
counts_compare (const AuthStats *stats, const guint32 *a, const guint32 *b)
{
  guint64 oa[SIPSCAN_AUTH_OUTCOME_COUNT], ob[SIPSCAN_AUTH_OUTCOME_COUNT];
  guint64 attempts_a, failures_a, attempts_b, failures_b;
  outcomes_value (stats, a, oa, &attempts_a, &failures_a);
  outcomes_value (stats, b, ob, &attempts_b, &failures_b);
  int c = compare_u64_desc (failures_a, failures_b);
  return c ? c : compare_u64_desc (attempts_a, attempts_b);
}

static int
user_compare_full (const AuthStats *stats, guint32 a, guint32 b)
{
  const UserRow *ua = user_at (stats, a), *ub = user_at (stats, b);
  int c = counts_compare (stats, ua->outcomes, ub->outcomes);
  if (!c)
    c = strcmp (ua->username, ub->username);
  if (!c)
    c = strcmp (intern_at (&stats->strings, ua->realm)->text,
                intern_at (&stats->strings, ub->realm)->text);
  return c;
}

static int
source_compare_full (const AuthStats *stats, guint32 a, guint32 b)
{
  const SourceRow *sa = source_at (stats, a), *sb = source_at (stats, b);
  int c = counts_compare (stats, sa->outcomes, sb->outcomes);
  if (!c && sa->source.family != sb->source.family)
    c = sa->source.family < sb->source.family ? -1 : 1;
  if (!c)
    c = memcmp (sa->source.addr, sb->source.addr, 16);
  return c;
}

static inline int
sort_key_compare (const SortContext *context, const SortKey *a,
                  const SortKey *b)
{
  if (a->counts != b->counts)
    return a->counts < b->counts ? -1 : 1;
  if (a->prefix != b->prefix)
    return a->prefix < b->prefix ? -1 : 1;
  return context->users ? user_compare_full (context->stats, a->id, b->id)
                        : source_compare_full (context->stats, a->id, b->id);
}

static inline void
sort_key_swap (SortKey *a, SortKey *b)
{
  SortKey t = *a;
  *a = *b;
  *b = t;
}

static void
sort_keys_heap (const SortContext *context, SortKey *keys, gsize n)
{
  for (gsize start = n / 2; start-- > 0;)
    for (gsize root = start; 2 * root + 1 < n;)
      {
        gsize child = 2 * root + 1;
        if (child + 1 < n
            && sort_key_compare (context, &keys[child], &keys[child + 1]) < 0)
          child++;
        if (sort_key_compare (context, &keys[root], &keys[child]) >= 0)
          break;
        sort_key_swap (&keys[root], &keys[child]);
        root = child;
      }
  for (gsize end = n; end-- > 1;)
    {
      sort_key_swap (&keys[0], &keys[end]);
      for (gsize root = 0; 2 * root + 1 < end;)
        {
          gsize child = 2 * root + 1;
          if (child + 1 < end
              && sort_key_compare (context, &keys[child], &keys[child + 1])
                     < 0)
            child++;
          if (sort_key_compare (context, &keys[root], &keys[child]) >= 0)
            break;
          sort_key_swap (&keys[root], &keys[child]);
          root = child;
        }
    }
}

/* Introsort: quicksort with a median of three, heapsort past a depth,
 * insertion sort for short runs. Keys are all different. */
static void
sort_keys (const SortContext *context, SortKey *keys, gsize n, guint depth)
{
  while (n > 16)
    {
      if (depth-- == 0)
        {
          sort_keys_heap (context, keys, n);
          return;
        }
      SortKey *a = &keys[0], *m = &keys[n / 2], *z = &keys[n - 1];
      if (sort_key_compare (context, m, a) < 0)
        sort_key_swap (m, a);
      if (sort_key_compare (context, z, m) < 0)
        {
          sort_key_swap (z, m);
          if (sort_key_compare (context, m, a) < 0)
            sort_key_swap (m, a);
        }
      SortKey pivot = *m;
      gsize i = 0, j = n - 1;
      for (;;)
        {
          while (sort_key_compare (context, &keys[i], &pivot) < 0)
            i++;
          while (sort_key_compare (context, &pivot, &keys[j]) < 0)
            j--;
          if (i >= j)
            break;
          sort_key_swap (&keys[i], &keys[j]);
          i++;
          j--;
        }
      /* [0, j] and [j + 1, n): recurse into the smaller */
      gsize left = j + 1;
      if (left < n - left)
        {
          sort_keys (context, keys, left, depth);
          keys += left;
          n -= left;
        }
      else
        {
          sort_keys (context, keys + left, n - left, depth);
          n = left;
        }
    }
  for (gsize i = 1; i < n; i++)
    {
      SortKey key = keys[i];
      gsize j = i;
      for (; j > 0 && sort_key_compare (context, &key, &keys[j - 1]) < 0; j--)
        keys[j] = keys[j - 1];
      keys[j] = key;
    }
}

static guint64
prefix_of_endpoint (const SipscanEndpoint *endpoint)
{
  guint64 prefix = endpoint->family;
  for (int i = 0; i < 7; i++)
    prefix = prefix << 8 | endpoint->addr[i];
  return prefix;
}

/* The report's order of rows 0 .. n-1 of users or sources. */
static SortKey *
sorted_rows (const AuthStats *stats, gboolean users)
{
  guint n = users ? stats->users.count : stats->sources.count;
  SortKey *keys = g_new (SortKey, MAX (n, 1));
  gboolean wide = FALSE;
  for (guint id = 0; id < n; id++)
    {
      const guint32 *counts = users ? user_at (stats, id)->outcomes
                                    : source_at (stats, id)->outcomes;
      guint64 outcomes[SIPSCAN_AUTH_OUTCOME_COUNT], attempts, failures;
      outcomes_value (stats, counts, outcomes, &attempts, &failures);
      wide |= attempts > G_MAXUINT32;
      keys[id].counts = (guint64) (G_MAXUINT32 - (guint32) failures) << 32
                        | (G_MAXUINT32 - (guint32) attempts);
      keys[id].prefix
          = users ? user_at (stats, id)->name_prefix
                  : prefix_of_endpoint (&source_at (stats, id)->source);
      keys[id].id = id;
    }
  if (wide)
    for (guint id = 0; id < n; id++)
      keys[id].counts = keys[id].prefix = 0;
  SortContext context = { stats, users };
  guint depth = 0;
  for (guint m = n; m > 1; m >>= 1)
    depth += 2;
  sort_keys (&context, keys, n, depth);
  return keys;
}

void
auth_stats_report (AuthStats *stats, const SipscanSink *sink,
                   gpointer sink_data)
{
  auth_stats_flush (stats);
  if (sink->user_stats)
    {
      SortKey *keys = sorted_rows (stats, TRUE);
      for (guint i = 0; i < stats->users.count; i++)
        {
          const UserRow *user = user_at (stats, keys[i].id);
          SipscanUserStats row = {
            .username = user->username,
            .realm = intern_at (&stats->strings, user->realm)->text,
            .sources = user->sources,
            .first_failure_frame = user->first_failure_frame,
            .last_failure_frame = user->last_failure_frame,
          };
          outcomes_value (stats, user->outcomes, row.outcomes,
                          &row.attempts, &row.failures);
          sink->user_stats (&row, sink_data);
        }
      g_free (keys);
    }
  if (sink->source_stats)
    {
      SortKey *keys = sorted_rows (stats, FALSE);
      for (guint i = 0; i < stats->sources.count; i++)
        {
          const SourceRow *source = source_at (stats, keys[i].id);
          const Interned *user_agent
              = source->user_agent
                    ? intern_at (&stats->strings, source->user_agent - 1)
                    : NULL;
          SipscanSourceStats row = {
            .source = source->source,
            .usernames = source->usernames,
            .user_agent = user_agent ? user_agent->text : NULL,
            .scanner = user_agent ? user_agent->scanner : NULL,
            .first_frame = source->first_frame,
            .last_frame = source->last_frame,
          };
          if (source->brute_force)
            {
              row.brute_force = TRUE;
              row.brute_force_frame = source->brute_force->frame;
              row.brute_force_time = source->brute_force->time;
            }
          outcomes_value (stats, source->outcomes, row.outcomes,
                          &row.attempts, &row.failures);
          sink->source_stats (&row, sink_data);
        }
      g_free (keys);
    }
}
