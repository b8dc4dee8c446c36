/* Findings copied out of the analyzer's callbacks (they are valid only
 * during the call), and the frame -> marks index built from them. */
#include "finding_store.h"

struct _FindingStore {
  GPtrArray *findings;   /* Finding *, in the order decided */
  GStringChunk *strings; /* every string a finding points to */
  GHashTable *marks;     /* frame number -> GPtrArray of Mark * */
};

FindingStore *
finding_store_new (void)
{
  FindingStore *store = g_new0 (FindingStore, 1);
  store->findings = g_ptr_array_new_with_free_func (g_free);
  store->strings = g_string_chunk_new (4096);
  store->marks = g_hash_table_new_full (
      g_direct_hash, g_direct_equal, NULL,
      (GDestroyNotify) g_ptr_array_unref);
  return store;
}

void
finding_store_free (FindingStore *store)
{
  if (!store)
    return;
  g_hash_table_destroy (store->marks);
  g_ptr_array_unref (store->findings);
  g_string_chunk_free (store->strings);
  g_free (store);
}

static const char *
store_string (FindingStore *store, const char *s)
{
  return s ? g_string_chunk_insert_const (store->strings, s) : NULL;
}

/* Wireshark numbers frames with 32 bits; frame 0 is "none". */
static void
store_mark (FindingStore *store, guint64 frame, MarkRole role,
            const Finding *finding)
{
  if (frame == 0 || frame > G_MAXUINT32)
    return;
  gpointer key = GUINT_TO_POINTER ((guint) frame);
  GPtrArray *marks = g_hash_table_lookup (store->marks, key);
  if (!marks)
    {
      marks = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (store->marks, key, marks);
    }
  Mark *mark = g_new (Mark, 1);
  *mark = (Mark){ .role = role, .finding = finding };
  g_ptr_array_add (marks, mark);
}

static Finding *
store_add (FindingStore *store, FindingKind kind)
{
  Finding *finding = g_new0 (Finding, 1);
  finding->kind = kind;
  g_ptr_array_add (store->findings, finding);
  return finding;
}

static void
store_on_stuck_invite (const SipscanStuckInvite *stuck, gpointer data)
{
  FindingStore *store = data;
  Finding *finding = store_add (store, FINDING_STUCK_INVITE);
  finding->stuck = *stuck;
  finding->stuck.call_id = store_string (store, stuck->call_id);
  finding->stuck.user_agent = store_string (store, stuck->user_agent);
  store_mark (store, stuck->invite_frame, MARK_STUCK_INVITE, finding);
  store_mark (store, stuck->trying_frame, MARK_STUCK_TRYING, finding);
  store_mark (store, stuck->end_frame, MARK_STUCK_END, finding);
}

static void
store_on_unanswered_invite (const SipscanUnansweredInvite *unanswered,
                            gpointer data)
{
  FindingStore *store = data;
  Finding *finding = store_add (store, FINDING_UNANSWERED_INVITE);
  finding->unanswered = *unanswered;
  finding->unanswered.call_id = store_string (store, unanswered->call_id);
  finding->unanswered.user_agent
      = store_string (store, unanswered->user_agent);
  store_mark (store, unanswered->invite_frame, MARK_UNANSWERED_INVITE,
              finding);
  store_mark (store, unanswered->end_frame, MARK_UNANSWERED_END, finding);
}

static void
store_on_auth_attempt (const SipscanAuthAttempt *attempt, gpointer data)
{
  FindingStore *store = data;
  Finding *finding = store_add (store, FINDING_AUTH_ATTEMPT);
  SipscanAuthAttempt *copy = &finding->auth;
  *copy = *attempt;
  copy->call_id = store_string (store, attempt->call_id);
  copy->method = store_string (store, attempt->method);
  copy->username = store_string (store, attempt->username);
  copy->realm = store_string (store, attempt->realm);
  copy->user_agent = store_string (store, attempt->user_agent);
  /* An answered challenge is marked by the attempt that answers it (its
   * challenge_frame link); only an abandoned one carries a mark itself. */
  if (attempt->outcome == SIPSCAN_AUTH_ABANDONED)
    store_mark (store, attempt->challenge_frame, MARK_AUTH_CHALLENGE,
                finding);
  store_mark (store, attempt->retry_frame, MARK_AUTH_RETRY, finding);
  store_mark (store, attempt->result_frame, MARK_AUTH_RESULT, finding);
}

static void
store_on_user_stats (const SipscanUserStats *stats, gpointer data)
{
  FindingStore *store = data;
  Finding *finding = store_add (store, FINDING_USER_STATS);
  finding->user = *stats;
  finding->user.username = store_string (store, stats->username);
  finding->user.realm = store_string (store, stats->realm);
}

static void
store_on_source_stats (const SipscanSourceStats *stats, gpointer data)
{
  FindingStore *store = data;
  Finding *finding = store_add (store, FINDING_SOURCE_STATS);
  finding->source = *stats;
  finding->source.user_agent = store_string (store, stats->user_agent);
  finding->source.scanner = store_string (store, stats->scanner);
  if (stats->brute_force)
    store_mark (store, stats->brute_force_frame, MARK_BRUTE_FORCE, finding);
}

static const SipscanSink store_sink = {
  .stuck_invite = store_on_stuck_invite,
  .unanswered_invite = store_on_unanswered_invite,
  .auth_attempt = store_on_auth_attempt,
  .user_stats = store_on_user_stats,
  .source_stats = store_on_source_stats,
};

const SipscanSink *
finding_store_get_sink (void)
{
  return &store_sink;
}

const GPtrArray *
finding_store_peek_marks (const FindingStore *store, guint64 frame)
{
  if (frame == 0 || frame > G_MAXUINT32)
    return NULL;
  return g_hash_table_lookup (store->marks, GUINT_TO_POINTER ((guint) frame));
}

guint
finding_store_count (const FindingStore *store)
{
  return store->findings->len;
}

void
finding_store_replay (const FindingStore *store, const SipscanSink *sink,
                      gpointer sink_data)
{
  for (guint i = 0; i < store->findings->len; i++)
    {
      const Finding *f = g_ptr_array_index (store->findings, i);
      switch (f->kind)
        {
        case FINDING_STUCK_INVITE:
          if (sink->stuck_invite)
            sink->stuck_invite (&f->stuck, sink_data);
          break;
        case FINDING_UNANSWERED_INVITE:
          if (sink->unanswered_invite)
            sink->unanswered_invite (&f->unanswered, sink_data);
          break;
        case FINDING_AUTH_ATTEMPT:
          if (sink->auth_attempt)
            sink->auth_attempt (&f->auth, sink_data);
          break;
        case FINDING_USER_STATS:
          if (sink->user_stats)
            sink->user_stats (&f->user, sink_data);
          break;
        case FINDING_SOURCE_STATS:
          if (sink->source_stats)
            sink->source_stats (&f->source, sink_data);
          break;
        }
    }
}
