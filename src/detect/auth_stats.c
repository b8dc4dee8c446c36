#include "detect/auth_stats.h"

#include "util/str_hash.h"

#include <string.h>

typedef struct {
  SipscanUserStats row;
  char *username;
  char *realm;
} UserRow;

typedef struct {
  SipscanSourceStats row;
  char *user_agent;
  SipscanTime *failure_times;  /* ring of the last threshold+1 failures */
  guint n_failure_times;
  guint next_failure;
} SourceRow;

struct _AuthStats {
  GHashTable *users;    /* "user\x1frealm" -> UserRow */
  GHashTable *sources;  /* host -> SourceRow */
  GHashTable *pairs;    /* "host\x1fuser\x1frealm" set */
  guint cap;
  guint threshold;
  SipscanTime window;
  SipscanCounters *counters;
};

static const struct {
  const char *needle;  /* lower case */
  const char *scanner;
} scanner_user_agents[] = {
  { "friendly-scanner", "SIPVicious" },
  { "sipvicious", "SIPVicious" },
  { "sipcli", "sipcli" },
  { "sip-scan", "sip-scan" },
  { "sundayddr", "sundayddr" },
  { "iwar", "iWar" },
  { "smap", "SMAP" },
  { "vaxsipuseragent", "VaxSIPUserAgent" },
  { "pplsip", "pplsip" },
  { "sivus", "SiVuS" },
};

const char *
auth_stats_scanner_name (const char *user_agent, gsize len)
{
  if (!user_agent || len == 0)
    return NULL;
  /* asked for every request: lower-cased on the stack when it fits */
  char stack[256];
  char *lower = len < sizeof stack ? stack : g_malloc (len + 1);
  gsize n = 0;
  for (; n < len && user_agent[n]; n++)
    lower[n] = g_ascii_tolower (user_agent[n]);
  lower[n] = '\0';
  const char *found = NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (scanner_user_agents) && !found; i++)
    if (strstr (lower, scanner_user_agents[i].needle))
      found = scanner_user_agents[i].scanner;
  if (lower != stack)
    g_free (lower);
  return found;
}

static void
user_row_free (gpointer data)
{
  UserRow *user = data;
  g_free (user->username);
  g_free (user->realm);
  g_free (user);
}

static void
source_row_free (gpointer data)
{
  SourceRow *source = data;
  g_free (source->user_agent);
  g_free (source->failure_times);
  g_free (source);
}

AuthStats *
auth_stats_new (const SipscanOptions *options, SipscanCounters *counters)
{
  AuthStats *stats = g_new0 (AuthStats, 1);
  stats->users = g_hash_table_new_full (str_hash, g_str_equal, g_free,
                                        user_row_free);
  stats->sources = g_hash_table_new_full (str_hash, g_str_equal, g_free,
                                          source_row_free);
  stats->pairs = g_hash_table_new_full (str_hash, g_str_equal, g_free, NULL);
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
  g_hash_table_destroy (stats->users);
  g_hash_table_destroy (stats->sources);
  g_hash_table_destroy (stats->pairs);
  g_free (stats);
}

/* Takes key. NULL when the table is at its cap. */
static gpointer
auth_stats_row (AuthStats *stats, GHashTable *table, char *key,
                gsize row_size, gboolean *created)
{
  gpointer row = g_hash_table_lookup (table, key);
  *created = FALSE;
  if (row)
    {
      g_free (key);
      return row;
    }
  if (g_hash_table_size (table) >= stats->cap)
    {
      stats->counters->aggregate_keys_dropped++;
      g_free (key);
      return NULL;
    }
  row = g_malloc0 (row_size);
  g_hash_table_insert (table, key, row);
  *created = TRUE;
  return row;
}

static SourceRow *
auth_stats_source (AuthStats *stats, const SipscanEndpoint *src)
{
  char host[SIPSCAN_ENDPOINT_STRLEN];
  gboolean created;
  SourceRow *source
      = auth_stats_row (stats, stats->sources,
                        g_strdup (sipscan_endpoint_format_host (src, host)),
                        sizeof (SourceRow), &created);
  if (source && created)
    {
      source->row.source = *src;
      source->row.source.port = 0;
    }
  return source;
}

static void
source_note_user_agent (AuthStats *stats, SourceRow *source,
                        const char *user_agent, gsize len)
{
  if (source->user_agent || !user_agent)
    return;
  source->user_agent = g_strndup (user_agent, len);
  source->row.scanner = auth_stats_scanner_name (user_agent, len);
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
  if (!auth_stats_scanner_name (user_agent, user_agent_len))
    return;
  SourceRow *source = auth_stats_source (stats, src);
  if (!source)
    return;
  source_note_user_agent (stats, source, user_agent, user_agent_len);
  source_note_frame (source, frame);
}

static void
source_note_failure (AuthStats *stats, SourceRow *source, guint64 frame,
                     SipscanTime when)
{
  guint ring = stats->threshold + 1;
  if (!source->failure_times)
    source->failure_times = g_new0 (SipscanTime, ring);
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
auth_stats_add_pair (AuthStats *stats, const SipscanAuthAttempt *attempt,
                     UserRow *user, SourceRow *source)
{
  char host[SIPSCAN_ENDPOINT_STRLEN];
  char *pair = g_strdup_printf (
      "%s\x1f%s\x1f%s", sipscan_endpoint_format_host (&attempt->client, host),
      attempt->username, attempt->realm ? attempt->realm : "");
  if (g_hash_table_contains (stats->pairs, pair))
    {
      g_free (pair);
      return;
    }
  if (g_hash_table_size (stats->pairs) >= stats->cap)
    {
      stats->counters->aggregate_keys_dropped++;
      g_free (pair);
      return;
    }
  g_hash_table_add (stats->pairs, pair);
  if (user)
    user->row.sources++;
  if (source)
    source->row.usernames++;
}

static UserRow *
auth_stats_user (AuthStats *stats, const SipscanAuthAttempt *attempt)
{
  if (!attempt->username)
    return NULL;
  const char *realm = attempt->realm ? attempt->realm : "";
  gboolean created;
  UserRow *user = auth_stats_row (
      stats, stats->users,
      g_strdup_printf ("%s\x1f%s", attempt->username, realm),
      sizeof (UserRow), &created);
  if (user && created)
    {
      user->username = g_strdup (attempt->username);
      user->realm = g_strdup (realm);
      user->row.username = user->username;
      user->row.realm = user->realm;
    }
  return user;
}

void
auth_stats_add_attempt (AuthStats *stats, const SipscanAuthAttempt *attempt,
                        guint64 decided_frame, SipscanTime decided_at)
{
  gboolean failure = sipscan_auth_outcome_is_failure (attempt->outcome);
  UserRow *user = auth_stats_user (stats, attempt);
  SourceRow *source = auth_stats_source (stats, &attempt->client);
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
      if (attempt->user_agent)
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
    auth_stats_add_pair (stats, attempt, user, source);
}

static gint
user_row_compare (gconstpointer a, gconstpointer b)
{
  const UserRow *ua = *(UserRow *const *) a;
  const UserRow *ub = *(UserRow *const *) b;
  if (ua->row.failures != ub->row.failures)
    return ua->row.failures > ub->row.failures ? -1 : 1;
  if (ua->row.attempts != ub->row.attempts)
    return ua->row.attempts > ub->row.attempts ? -1 : 1;
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
      source->row.user_agent = source->user_agent;
      sink->source_stats (&source->row, sink_data);
    }
  g_ptr_array_free (sources, TRUE);
}
