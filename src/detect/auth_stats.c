#include "detect/auth_stats.h"

#include "detect/scanner_agent.h"
#include "util/arena.h"
#include "util/endpoint_key.h"
#include "util/str_hash.h"

#include <string.h>

/* Sources are keyed by their address's bytes, and username+realm pairs
 * by their user's row: text is made only for the report. Rows live in
 * the arena until the end. */

typedef EndpointKey HostKey;  /* the address alone */

/* The row, then its username and realm. */
typedef struct {
  SipscanUserStats row;  /* row.username and row.realm: the key */
  guint hash;            /* of the key */
  gboolean has_first_host;
  HostKey first_host;    /* its first pair's, kept here, not in pairs */
  char text[];
} UserRow;

typedef struct {
  HostKey key;
  SipscanSourceStats row;  /* row.user_agent: the first seen */
  SipscanTime *failure_times;  /* ring of the last threshold+1 failures */
  guint n_failure_times;
  guint next_failure;
} SourceRow;

/* A username+realm tried from an address, past the user's first (in its
 * row). Only users with a row have pairs: users fill up no sooner than
 * pairs (each new user brings a new pair), so when a user gets no row,
 * the pairs are full too. */
typedef struct {
  const UserRow *user;
  HostKey host;
} Pair;

struct _AuthStats {
  GHashTable *users;    /* UserRow, by username and realm */
  GHashTable *sources;  /* SourceRow, by HostKey */
  GHashTable *pairs;    /* a set of Pair */
  guint n_pairs;        /* with the users' first */
  Arena *arena;         /* the rows, pairs and their strings */
  ScannerAgentMemo scanner_memo;
  guint cap;
  guint threshold;
  SipscanTime window;
  SipscanCounters *counters;
};

static HostKey
host_key (const SipscanEndpoint *endpoint)
{
  return endpoint_key (endpoint, FALSE);
}

static guint
host_key_hash (gconstpointer key)
{
  return str_hash_len (key, sizeof (HostKey));
}

static gboolean
host_key_equal (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, sizeof (HostKey)) == 0;
}

static guint
user_row_hash (gconstpointer key)
{
  return ((const UserRow *) key)->hash;
}

static gboolean
user_row_equal (gconstpointer a, gconstpointer b)
{
  const UserRow *ua = a, *ub = b;
  return strcmp (ua->row.username, ub->row.username) == 0
         && strcmp (ua->row.realm, ub->row.realm) == 0;
}

static guint
pair_hash (gconstpointer key)
{
  const Pair *pair = key;
  return g_direct_hash (pair->user) * 31 + host_key_hash (&pair->host);
}

static gboolean
pair_equal (gconstpointer a, gconstpointer b)
{
  const Pair *pa = a, *pb = b;
  return pa->user == pb->user && host_key_equal (&pa->host, &pb->host);
}

AuthStats *
auth_stats_new (const SipscanOptions *options, SipscanCounters *counters)
{
  AuthStats *stats = g_new0 (AuthStats, 1);
  stats->users = g_hash_table_new (user_row_hash, user_row_equal);
  stats->sources = g_hash_table_new (host_key_hash, host_key_equal);
  stats->pairs = g_hash_table_new (pair_hash, pair_equal);
  stats->arena = arena_new ();
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
  g_hash_table_destroy (stats->pairs);
  g_hash_table_destroy (stats->users);
  g_hash_table_destroy (stats->sources);
  arena_free (stats->arena);
  g_free (stats);
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

static SourceRow *
auth_stats_source (AuthStats *stats, const HostKey *key,
                   const SipscanEndpoint *src)
{
  SourceRow *source = g_hash_table_lookup (stats->sources, key);
  if (source
      || !auth_stats_room (stats, g_hash_table_size (stats->sources)))
    return source;
  source = arena_alloc0 (stats->arena, sizeof (SourceRow));
  source->key = *key;
  source->row.source = *src;
  source->row.source.port = 0;
  g_hash_table_insert (stats->sources, &source->key, source);
  return source;
}

static void
source_note_user_agent (AuthStats *stats, SourceRow *source,
                        const char *user_agent, gsize len)
{
  const char *nul = memchr (user_agent, '\0', len);
  if (nul)
    len = (gsize) (nul - user_agent);
  char *copy = arena_alloc0 (stats->arena, len + 1);
  memcpy (copy, user_agent, len);
  source->row.user_agent = copy;
  source->row.scanner
      = scanner_agent_memo_name (&stats->scanner_memo, user_agent, len);
  if (source->row.scanner)
    stats->counters->scanner_sources++;
}

static void
source_note_frame (SourceRow *source, guint64 frame)
{
  if (!source->row.first_frame || frame < source->row.first_frame)
    source->row.first_frame = frame;
  source->row.last_frame = MAX (source->row.last_frame, frame);
}

void
auth_stats_add_request (AuthStats *stats, const SipscanEndpoint *src,
                        const char *user_agent, gsize user_agent_len,
                        guint64 frame)
{
  if (!scanner_agent_memo_name (&stats->scanner_memo, user_agent,
                                user_agent_len))
    return;
  HostKey key = host_key (src);
  SourceRow *source = auth_stats_source (stats, &key, src);
  if (!source)
    return;
  if (!source->row.user_agent)
    source_note_user_agent (stats, source, user_agent, user_agent_len);
  source_note_frame (source, frame);
}

static void
source_note_failure (AuthStats *stats, SourceRow *source, guint64 frame,
                     SipscanTime when)
{
  guint ring = stats->threshold + 1;
  if (!source->failure_times)
    source->failure_times
        = arena_alloc0 (stats->arena, ring * sizeof (SipscanTime));
  source->failure_times[source->next_failure] = when;
  source->next_failure = (source->next_failure + 1) % ring;
  if (source->n_failure_times < ring)
    source->n_failure_times++;
  /* Full ring: next_failure now points at the oldest of the last ring. */
  if (source->n_failure_times == ring && !source->row.brute_force
      && when - source->failure_times[source->next_failure] <= stats->window)
    {
      source->row.brute_force = TRUE;
      source->row.brute_force_frame = frame;
      source->row.brute_force_time = when;
      stats->counters->brute_force_sources++;
    }
}

static void
auth_stats_add_pair (AuthStats *stats, UserRow *user,
                     const HostKey *host, SourceRow *source)
{
  if (!user)  /* see Pair */
    {
      stats->counters->aggregate_keys_dropped++;
      return;
    }
  Pair probe = { user, *host };
  if (user->has_first_host
      && (host_key_equal (&user->first_host, host)
          || g_hash_table_contains (stats->pairs, &probe)))
    return;
  if (!auth_stats_room (stats, stats->n_pairs))
    return;
  if (!user->has_first_host)
    {
      user->has_first_host = TRUE;
      user->first_host = *host;
    }
  else
    {
      Pair *pair = arena_alloc0 (stats->arena, sizeof (Pair));
      *pair = probe;
      g_hash_table_add (stats->pairs, pair);
    }
  stats->n_pairs++;
  user->row.sources++;
  if (source)
    source->row.usernames++;
}

static UserRow *
auth_stats_user (AuthStats *stats, const char *username, const char *realm)
{
  UserRow probe = {
    .row = { .username = username, .realm = realm },
    .hash = str_hash (username) * 31 + str_hash (realm),
  };
  UserRow *user = g_hash_table_lookup (stats->users, &probe);
  if (user || !auth_stats_room (stats, g_hash_table_size (stats->users)))
    return user;
  gsize username_size = strlen (username) + 1;
  user = arena_alloc0 (stats->arena,
                       sizeof (UserRow) + username_size + strlen (realm) + 1);
  memcpy (user->text, username, username_size);
  strcpy (user->text + username_size, realm);
  user->row.username = user->text;
  user->row.realm = user->text + username_size;
  user->hash = probe.hash;
  g_hash_table_add (stats->users, user);
  return user;
}

void
auth_stats_add_attempt (AuthStats *stats, const SipscanAuthAttempt *attempt,
                        guint64 decided_frame, SipscanTime decided_at)
{
  gboolean failure = sipscan_auth_outcome_is_failure (attempt->outcome);
  const char *realm = attempt->realm ? attempt->realm : "";
  UserRow *user = attempt->username
                      ? auth_stats_user (stats, attempt->username, realm)
                      : NULL;
  HostKey host = host_key (&attempt->client);
  SourceRow *source = auth_stats_source (stats, &host, &attempt->client);
  if (user)
    {
      user->row.attempts++;
      user->row.outcomes[attempt->outcome]++;
      if (failure)
        {
          user->row.failures++;
          if (!user->row.first_failure_frame)
            user->row.first_failure_frame = decided_frame;
          user->row.last_failure_frame = decided_frame;
        }
    }
  if (source)
    {
      source->row.attempts++;
      source->row.outcomes[attempt->outcome]++;
      if (attempt->user_agent && !source->row.user_agent)
        source_note_user_agent (stats, source, attempt->user_agent,
                                strlen (attempt->user_agent));
      source_note_frame (source, decided_frame);
      if (failure)
        {
          source->row.failures++;
          source_note_failure (stats, source, decided_frame, decided_at);
        }
    }
  if (attempt->username)
    auth_stats_add_pair (stats, user, &host, source);
}

static gint
user_row_compare (gconstpointer a, gconstpointer b)
{
  const SipscanUserStats *ua = &(*(UserRow *const *) a)->row;
  const SipscanUserStats *ub = &(*(UserRow *const *) b)->row;
  if (ua->failures != ub->failures)
    return ua->failures > ub->failures ? -1 : 1;
  if (ua->attempts != ub->attempts)
    return ua->attempts > ub->attempts ? -1 : 1;
  int by_name = strcmp (ua->username, ub->username);
  return by_name ? by_name : strcmp (ua->realm, ub->realm);
}

static gint
source_row_compare (gconstpointer a, gconstpointer b)
{
  const SourceRow *sa = *(SourceRow *const *) a;
  const SourceRow *sb = *(SourceRow *const *) b;
  if (sa->row.failures != sb->row.failures)
    return sa->row.failures > sb->row.failures ? -1 : 1;
  if (sa->row.attempts != sb->row.attempts)
    return sa->row.attempts > sb->row.attempts ? -1 : 1;
  if (sa->row.source.family != sb->row.source.family)
    return sa->row.source.family < sb->row.source.family ? -1 : 1;
  return memcmp (sa->row.source.addr, sb->row.source.addr, 16);
}

static GPtrArray *
sorted_values (GHashTable *table, GCompareFunc compare)
{
  GPtrArray *rows = g_ptr_array_sized_new (g_hash_table_size (table));
  GHashTableIter iter;
  gpointer value;
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (rows, value);
  g_ptr_array_sort (rows, compare);
  return rows;
}

void
auth_stats_report (AuthStats *stats, const SipscanSink *sink,
                   gpointer sink_data)
{
  GPtrArray *users = sorted_values (stats->users, user_row_compare);
  for (guint i = 0; i < users->len && sink->user_stats; i++)
    sink->user_stats (&((UserRow *) users->pdata[i])->row, sink_data);
  g_ptr_array_free (users, TRUE);

  GPtrArray *sources = sorted_values (stats->sources, source_row_compare);
  for (guint i = 0; i < sources->len && sink->source_stats; i++)
    {
      SourceRow *source = sources->pdata[i];
      sink->source_stats (&source->row, sink_data);
    }
  g_ptr_array_free (sources, TRUE);
}
