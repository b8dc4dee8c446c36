/* The per-user and per-source totals against a plain model of their
 * contract (lists searched one by one): random attempts and requests
 * from a small population, with and without reaching the row cap, must
 * give the same rows in the same order and the same counters. */
#include "detect/auth_stats.h"
#include "detect/scanner_agent.h"
#include "util/endpoint_key.h"

#include <string.h>

/* ---- The model ---------------------------------------------------------- */

typedef struct {
  char *username, *realm;
  guint64 outcomes[SIPSCAN_AUTH_OUTCOME_COUNT];
  guint sources;
  guint64 first_failure_frame, last_failure_frame;
} ModelUser;

typedef struct {
  EndpointKey key;
  SipscanEndpoint source;
  guint64 outcomes[SIPSCAN_AUTH_OUTCOME_COUNT];
  guint usernames;
  gboolean brute_force;
  guint64 brute_force_frame;
  SipscanTime brute_force_time;
  char *user_agent;
  const char *scanner;
  guint64 first_frame, last_frame;
  GArray *failures;  /* SipscanTime */
} ModelSource;

typedef struct {
  ModelUser *user;
  EndpointKey host;
} ModelPair;

typedef struct {
  GPtrArray *users, *sources;
  GArray *pairs;
  guint cap, threshold;
  SipscanTime window;
  SipscanCounters counters;
} Model;

static gboolean
model_room (Model *m, guint size)
{
  if (size < m->cap)
    return TRUE;
  m->counters.aggregate_keys_dropped++;
  return FALSE;
}

static ModelSource *
model_source (Model *m, const SipscanEndpoint *src)
{
  EndpointKey key = endpoint_key (src, FALSE);
  for (guint i = 0; i < m->sources->len; i++)
    {
      ModelSource *s = m->sources->pdata[i];
      if (memcmp (&s->key, &key, sizeof key) == 0)
        return s;
    }
  if (!model_room (m, m->sources->len))
    return NULL;
  ModelSource *s = g_new0 (ModelSource, 1);
  s->key = key;
  s->source = *src;
  s->source.port = 0;
  s->failures = g_array_new (FALSE, FALSE, sizeof (SipscanTime));
  g_ptr_array_add (m->sources, s);
  return s;
}

static void
model_note_user_agent (Model *m, ModelSource *s, const char *ua, gsize len)
{
  s->user_agent = g_strndup (ua, len);
  s->scanner = scanner_agent_name (s->user_agent, strlen (s->user_agent));
  if (s->scanner)
    m->counters.scanner_sources++;
}

static void
model_note_frame (ModelSource *s, guint64 frame)
{
  if (!s->first_frame || frame < s->first_frame)
    s->first_frame = frame;
  s->last_frame = MAX (s->last_frame, frame);
}

static void
model_add_request (Model *m, const SipscanEndpoint *src, const char *ua,
                   gsize len, guint64 frame)
{
  if (!scanner_agent_name (ua, len))
    return;
  ModelSource *s = model_source (m, src);
  if (!s)
    return;
  if (!s->user_agent)
    model_note_user_agent (m, s, ua, len);
  model_note_frame (s, frame);
}

static void
model_add_attempt (Model *m, const SipscanAuthAttempt *a, guint64 frame,
                   SipscanTime when)
{
  gboolean failure = sipscan_auth_outcome_is_failure (a->outcome);
  const char *realm = a->realm ? a->realm : "";
  ModelUser *user = NULL;
  if (a->username)
    {
      for (guint i = 0; i < m->users->len && !user; i++)
        {
          ModelUser *u = m->users->pdata[i];
          if (strcmp (u->username, a->username) == 0
              && strcmp (u->realm, realm) == 0)
            user = u;
        }
      if (!user && model_room (m, m->users->len))
        {
          user = g_new0 (ModelUser, 1);
          user->username = g_strdup (a->username);
          user->realm = g_strdup (realm);
          g_ptr_array_add (m->users, user);
        }
    }
  ModelSource *source = model_source (m, &a->client);
  if (user)
    {
      user->outcomes[a->outcome]++;
      if (failure)
        {
          if (!user->first_failure_frame)
            user->first_failure_frame = frame;
          user->last_failure_frame = frame;
        }
    }
  if (source)
    {
      source->outcomes[a->outcome]++;
      if (a->user_agent && !source->user_agent)
        model_note_user_agent (m, source, a->user_agent,
                               strlen (a->user_agent));
      model_note_frame (source, frame);
      if (failure)
        {
          g_array_append_val (source->failures, when);
          guint n = source->failures->len;
          if (n > m->threshold && !source->brute_force
              && when - g_array_index (source->failures, SipscanTime,
                                       n - 1 - m->threshold)
                     <= m->window)
            {
              source->brute_force = TRUE;
              source->brute_force_frame = frame;
              source->brute_force_time = when;
              m->counters.brute_force_sources++;
            }
        }
    }
  if (!a->username)
    return;
  if (!user)
    {
      m->counters.aggregate_keys_dropped++;
      return;
    }
  EndpointKey host = endpoint_key (&a->client, FALSE);
  for (guint i = 0; i < m->pairs->len; i++)
    {
      ModelPair *p = &g_array_index (m->pairs, ModelPair, i);
      if (p->user == user && memcmp (&p->host, &host, sizeof host) == 0)
        return;
    }
  if (!model_room (m, m->pairs->len))
    return;
  ModelPair pair = { user, host };
  g_array_append_val (m->pairs, pair);
  user->sources++;
  if (source)
    source->usernames++;
}

static guint64
sum (const guint64 *outcomes)
{
  guint64 total = 0;
  for (int i = 0; i < SIPSCAN_AUTH_OUTCOME_COUNT; i++)
    total += outcomes[i];
  return total;
}

static guint64
failures (const guint64 *outcomes)
{
  return outcomes[SIPSCAN_AUTH_WRONG_CREDENTIALS]
         + outcomes[SIPSCAN_AUTH_FORBIDDEN];
}

static int
by_counts (const guint64 *a, const guint64 *b)
{
  if (failures (a) != failures (b))
    return failures (a) > failures (b) ? -1 : 1;
  if (sum (a) != sum (b))
    return sum (a) > sum (b) ? -1 : 1;
  return 0;
}

static gint
model_user_compare (gconstpointer pa, gconstpointer pb)
{
  const ModelUser *a = *(ModelUser *const *) pa, *b = *(ModelUser *const *) pb;
  int c = by_counts (a->outcomes, b->outcomes);
  if (!c)
    c = strcmp (a->username, b->username);
  return c ? c : strcmp (a->realm, b->realm);
}

static gint
model_source_compare (gconstpointer pa, gconstpointer pb)
{
  const ModelSource *a = *(ModelSource *const *) pa;
  const ModelSource *b = *(ModelSource *const *) pb;
  int c = by_counts (a->outcomes, b->outcomes);
  if (!c && a->source.family != b->source.family)
    c = a->source.family < b->source.family ? -1 : 1;
  return c ? c : memcmp (a->source.addr, b->source.addr, 16);
}

static void
model_free_source (gpointer data)
{
  ModelSource *s = data;
  g_free (s->user_agent);
  g_array_free (s->failures, TRUE);
  g_free (s);
}

static void
model_free_user (gpointer data)
{
  ModelUser *u = data;
  g_free (u->username);
  g_free (u->realm);
  g_free (u);
}

/* ---- What the sink gets -------------------------------------------------- */

typedef struct {
  GString *text;
} Rows;

static void
put_outcomes (GString *s, const guint64 *outcomes)
{
  for (int i = 0; i < SIPSCAN_AUTH_OUTCOME_COUNT; i++)
    g_string_append_printf (s, " %" G_GUINT64_FORMAT, outcomes[i]);
}

static void
on_user (const SipscanUserStats *u, gpointer data)
{
  GString *s = ((Rows *) data)->text;
  g_string_append_printf (s, "user %s@%s %" G_GUINT64_FORMAT " %"
                          G_GUINT64_FORMAT, u->username, u->realm,
                          u->attempts, u->failures);
  put_outcomes (s, u->outcomes);
  g_string_append_printf (s, " sources %u failed %" G_GUINT64_FORMAT "..%"
                          G_GUINT64_FORMAT "\n", u->sources,
                          u->first_failure_frame, u->last_failure_frame);
}

static void
on_source (const SipscanSourceStats *r, gpointer data)
{
  GString *s = ((Rows *) data)->text;
  g_string_append_printf (s, "source %u:%u", r->source.family,
                          r->source.port);
  for (int i = 0; i < 16; i++)
    g_string_append_printf (s, "%02x", r->source.addr[i]);
  g_string_append_printf (s, " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT,
                          r->attempts, r->failures);
  put_outcomes (s, r->outcomes);
  g_string_append_printf (
      s, " usernames %u bf %d %" G_GUINT64_FORMAT " %" G_GINT64_FORMAT
         " ua %s scanner %s frames %" G_GUINT64_FORMAT "..%" G_GUINT64_FORMAT
         "\n",
      r->usernames, r->brute_force, r->brute_force_frame,
      r->brute_force_time, r->user_agent ? r->user_agent : "(null)",
      r->scanner ? r->scanner : "(null)", r->first_frame, r->last_frame);
}

static void
model_report (Model *m, GString *out)
{
  Rows rows = { out };
  g_ptr_array_sort (m->users, model_user_compare);
  for (guint i = 0; i < m->users->len; i++)
    {
      const ModelUser *u = m->users->pdata[i];
      SipscanUserStats row = {
        .username = u->username,
        .realm = u->realm,
        .attempts = sum (u->outcomes),
        .failures = failures (u->outcomes),
        .sources = u->sources,
        .first_failure_frame = u->first_failure_frame,
        .last_failure_frame = u->last_failure_frame,
      };
      memcpy (row.outcomes, u->outcomes, sizeof row.outcomes);
      on_user (&row, &rows);
    }
  g_ptr_array_sort (m->sources, model_source_compare);
  for (guint i = 0; i < m->sources->len; i++)
    {
      const ModelSource *s = m->sources->pdata[i];
      SipscanSourceStats row = {
        .source = s->source,
        .attempts = sum (s->outcomes),
        .failures = failures (s->outcomes),
        .usernames = s->usernames,
        .brute_force = s->brute_force,
        .brute_force_frame = s->brute_force_frame,
        .brute_force_time = s->brute_force_time,
        .user_agent = s->user_agent,
        .scanner = s->scanner,
        .first_frame = s->first_frame,
        .last_frame = s->last_frame,
      };
      memcpy (row.outcomes, s->outcomes, sizeof row.outcomes);
      on_source (&row, &rows);
    }
}

/* ---- Random traffic -------------------------------------------------------- */

static const char *const usernames[] = {
  "alice", "bob", "2005707", "2005708", "20057070", "200570", "admin",
  "", "a\xc3\xa9", "100", "1000", "10000", "root", "zz",
};
static const char *const realms[] = { "voip.example.net", "", "example.org",
                                      "r" };
static const char *const user_agents[] = {
  "Yealink SIP-T46S 66.86.0.15", "friendly-scanner", "snom D785/10.1.141.13",
  "sipcli/v1.8", "", "Grandstream GXP2170 1.0.11.23", "VaxSIPUserAgent/3.1",
};

static SipscanEndpoint
random_endpoint (GRand *rand)
{
  SipscanEndpoint e;
  memset (&e, 0, sizeof e);
  static const guint8 families[] = { 4, 4, 4, 6, 6, 0, 5 };
  e.family = families[g_rand_int_range (rand, 0, G_N_ELEMENTS (families))];
  e.port = (guint16) g_rand_int_range (rand, 1, 4);
  guint n = e.family == 6 ? 16 : 4;
  for (guint i = 0; i < n; i++)
    e.addr[i] = (guint8) g_rand_int_range (rand, 0, i < n - 1 ? 2 : 12);
  if (g_rand_int_range (rand, 0, 20) == 0)
    e.addr[10] = 7; /* bytes an IPv4 key ignores */
  return e;
}

typedef struct {
  guint cap;
  guint threshold;
  double window;
  double state_timeout;
} CaseOptions;

static void
run_case_with (guint32 seed, const CaseOptions *o, guint n)
{
  guint cap = o->cap, threshold = o->threshold;
  double window = o->window;
  GRand *rand = g_rand_new_with_seed (seed);
  SipscanOptions options;
  sipscan_options_init (&options);
  options.max_aggregate_keys = cap;
  options.bruteforce_failures = threshold;
  options.bruteforce_window = window;
  options.state_timeout = o->state_timeout;
  SipscanCounters counters;
  memset (&counters, 0, sizeof counters);
  AuthStats *stats = auth_stats_new (&options, &counters);
  Model m = {
    .users = g_ptr_array_new_with_free_func (model_free_user),
    .sources = g_ptr_array_new_with_free_func (model_free_source),
    .pairs = g_array_new (FALSE, FALSE, sizeof (ModelPair)),
    .cap = cap,
    .threshold = threshold,
    .window = SIPSCAN_TIME_FROM_SECONDS (window),
  };
  SipscanTime now = 0;
  for (guint i = 0; i < n; i++)
    {
      guint64 frame = i + 1;
      now += g_rand_int_range (rand, 0, 3) * SIPSCAN_TIME_PER_SECOND;
      SipscanEndpoint src = random_endpoint (rand);
      if (g_rand_int_range (rand, 0, 3) == 0)
        {
          const char *ua = user_agents[g_rand_int_range (
              rand, 0, G_N_ELEMENTS (user_agents))];
          auth_stats_add_request (stats, &src, ua, strlen (ua), frame);
          model_add_request (&m, &src, ua, strlen (ua), frame);
          continue;
        }
      char username[64], realm[64];
      g_strlcpy (username,
                 usernames[g_rand_int_range (rand, 0,
                                             G_N_ELEMENTS (usernames))],
                 sizeof username);
      if (g_rand_int_range (rand, 0, 4) == 0)
        g_snprintf (username, sizeof username, "u%d",
                    g_rand_int_range (rand, 0, 400));
      g_strlcpy (realm,
                 realms[g_rand_int_range (rand, 0, G_N_ELEMENTS (realms))],
                 sizeof realm);
      SipscanAuthAttempt a = {
        .username = g_rand_int_range (rand, 0, 10) ? username : NULL,
        .realm = g_rand_int_range (rand, 0, 8) ? realm : NULL,
        .user_agent = g_rand_int_range (rand, 0, 4)
                          ? user_agents[g_rand_int_range (
                              rand, 0, G_N_ELEMENTS (user_agents))]
                          : NULL,
        .client = src,
        .outcome = (SipscanAuthOutcome) g_rand_int_range (
            rand, 0, SIPSCAN_AUTH_OUTCOME_COUNT),
      };
      auth_stats_add_attempt (stats, &a, frame, now);
      model_add_attempt (&m, &a, frame, now);
    }
  GString *got = g_string_new (NULL), *want = g_string_new (NULL);
  Rows rows = { got };
  SipscanSink sink = { .user_stats = on_user, .source_stats = on_source };
  auth_stats_report (stats, &sink, &rows);
  model_report (&m, want);
  g_assert_cmpstr (got->str, ==, want->str);
  g_assert_cmpuint (counters.aggregate_keys_dropped, ==,
                    m.counters.aggregate_keys_dropped);
  g_assert_cmpuint (counters.brute_force_sources, ==,
                    m.counters.brute_force_sources);
  g_assert_cmpuint (counters.scanner_sources, ==,
                    m.counters.scanner_sources);
  /* Every failure window ends within window + state_timeout of quiet. */
  auth_stats_expire (stats, now + SIPSCAN_TIME_FROM_SECONDS (
                                      window + o->state_timeout + 1));
  g_assert_cmpuint (auth_stats_failure_windows (stats), ==, 0);
  g_string_free (got, TRUE);
  g_string_free (want, TRUE);
  auth_stats_free (stats);
  g_ptr_array_free (m.users, TRUE);
  g_ptr_array_free (m.sources, TRUE);
  g_array_free (m.pairs, TRUE);
  g_rand_free (rand);
}

static void
run_case (guint32 seed, guint cap, guint threshold, double window, guint n)
{
  CaseOptions o = { cap, threshold, window, 300.0 };
  run_case_with (seed, &o, n);
}

static void
test_rows_match_the_model_below_the_cap (void)
{
  for (guint32 seed = 1; seed <= 20; seed++)
    run_case (seed, 100000, 3, 5.0, 3000);
}

static void
test_rows_match_the_model_at_the_cap (void)
{
  for (guint32 seed = 1; seed <= 40; seed++)
    run_case (seed, 1 + seed % 9 * 7, 1 + seed % 4, 2.0, 800);
}

static void
test_many_rows_sort_like_the_model (void)
{
  run_case (99, 100000, 10, 60.0, 40000);
}

/* Sources fall quiet for longer than window + state_timeout all the time
 * here: their failure windows end, and no verdict may change. */
static void
test_failure_windows_end_without_changing_verdicts (void)
{
  for (guint32 seed = 1; seed <= 20; seed++)
    {
      CaseOptions o = { 100000, 2 + seed % 3, 4.0, 1.0 };
      run_case_with (seed, &o, 3000);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/auth_stats/rows_match_the_model_below_the_cap",
                   test_rows_match_the_model_below_the_cap);
  g_test_add_func ("/auth_stats/rows_match_the_model_at_the_cap",
                   test_rows_match_the_model_at_the_cap);
  g_test_add_func ("/auth_stats/many_rows_sort_like_the_model",
                   test_many_rows_sort_like_the_model);
  g_test_add_func ("/auth_stats/failure_windows_end_without_changing_verdicts",
                   test_failure_windows_end_without_changing_verdicts);
  return g_test_run ();
}
