#include "detect/digest_auth.h"

#include "sip/sip_digest.h"
#include "util/str_hash.h"

#include <string.h>

/* Challenges sharing one nonce (servers that derive nonces from the time
 * hand the same one to many requests) are looked through newest first. */
#define MAX_CHALLENGES_PER_NONCE 64

typedef struct {
  StateEntry entry;
  MessageRef response;
  char *call_id;
  char *method;
  char *realm;
  char *user_hint;     /* From user of the challenged request */
  char *user_agent;
  SipscanEndpoint client, server;
  SipscanTransport transport;
  GPtrArray *nonces;   /* char *, one per Digest challenge */
  gboolean answered;
  gboolean from_attempt;
} Challenge;

struct _AuthAttempt {
  char *username;
  char *realm;
  MessageRef challenge;
};

struct _DigestAuthDetector {
  StateTable *challenges;  /* key: transaction and status (see add) */
  GHashTable *by_nonce;    /* nonce -> GQueue of Challenge, newest first */
  SipscanCounters *counters;
  AuthAttemptFunc emit;
  gpointer emit_data;
};

static void
challenge_free (gpointer data)
{
  Challenge *challenge = data;
  g_free (challenge->call_id);
  g_free (challenge->method);
  g_free (challenge->realm);
  g_free (challenge->user_hint);
  g_free (challenge->user_agent);
  g_ptr_array_free (challenge->nonces, TRUE);
  g_free (challenge);
}

static void
auth_attempt_free (AuthAttempt *attempt)
{
  g_free (attempt->username);
  g_free (attempt->realm);
  g_free (attempt);
}

static void
digest_auth_unindex (DigestAuthDetector *detector, Challenge *challenge)
{
  for (guint i = 0; i < challenge->nonces->len; i++)
    {
      const char *nonce = challenge->nonces->pdata[i];
      GQueue *queue = g_hash_table_lookup (detector->by_nonce, nonce);
      if (!queue)
        continue;
      g_queue_remove (queue, challenge);
      if (g_queue_is_empty (queue))
        g_hash_table_remove (detector->by_nonce, nonce);
    }
}

static void
digest_auth_emit_abandoned (DigestAuthDetector *detector,
                            const Challenge *challenge)
{
  SipscanAuthAttempt record = {
    .call_id = challenge->call_id,
    .method = challenge->method,
    .realm = challenge->realm,
    .user_agent = challenge->user_agent,
    .client = challenge->client,
    .server = challenge->server,
    .transport = challenge->transport,
    .challenge_frame = challenge->response.frame,
    .challenge_status = challenge->response.status,
    .challenge_time = challenge->response.time,
    .outcome = SIPSCAN_AUTH_ABANDONED,
  };
  detector->emit (&record, detector->emit_data);
}

static void
challenge_on_end (gpointer entry, StateEnd why, SipscanTime now,
                  gpointer data)
{
  DigestAuthDetector *detector = data;
  Challenge *challenge = entry;
  digest_auth_unindex (detector, challenge);
  if (why == STATE_END_EVICTED)
    detector->counters->challenges_evicted++;
  else if (!challenge->answered && !challenge->from_attempt)
    digest_auth_emit_abandoned (detector, challenge);
}

static void
nonce_queue_free (gpointer queue)
{
  g_queue_free (queue);
}

DigestAuthDetector *
digest_auth_detector_new (const SipscanOptions *options,
                          SipscanCounters *counters, AuthAttemptFunc emit,
                          gpointer emit_data)
{
  DigestAuthDetector *detector = g_new0 (DigestAuthDetector, 1);
  SipscanTime idle = SIPSCAN_TIME_FROM_SECONDS (options->state_timeout);
  detector->challenges
      = state_table_new (options->max_challenges, &idle, 1, challenge_on_end,
                         challenge_free, detector);
  detector->by_nonce = g_hash_table_new_full (str_hash, g_str_equal, g_free,
                                              nonce_queue_free);
  detector->counters = counters;
  detector->emit = emit;
  detector->emit_data = emit_data;
  return detector;
}

void
digest_auth_detector_free (DigestAuthDetector *detector)
{
  if (!detector)
    return;
  state_table_free (detector->challenges);
  g_hash_table_destroy (detector->by_nonce);
  g_free (detector);
}

static gboolean
same_host (const SipscanEndpoint *a, const SipscanEndpoint *b)
{
  return a->family == b->family
         && memcmp (a->addr, b->addr, a->family == 6 ? 16 : 4) == 0;
}

static gboolean
str_equal0 (const char *a, const char *b)
{
  return a && b && strcmp (a, b) == 0;
}

/* The challenge whose nonce a request uses: same Call-ID first; else the
 * same source and realm, preferring unanswered and the same user. */
static Challenge *
digest_auth_find_challenge (DigestAuthDetector *detector, const char *nonce,
                            const char *realm, const char *username,
                            const Transaction *tx)
{
  GQueue *queue = g_hash_table_lookup (detector->by_nonce, nonce);
  if (!queue)
    return NULL;
  for (GList *l = queue->head; l; l = l->next)
    {
      Challenge *challenge = l->data;
      if (str_equal0 (challenge->call_id, tx->call_id))
        return challenge;
    }
  Challenge *best = NULL;
  int best_score = -1;
  for (GList *l = queue->head; l; l = l->next)
    {
      Challenge *challenge = l->data;
      if (!same_host (&challenge->client, &tx->src)
          || (realm && challenge->realm && strcmp (realm, challenge->realm)))
        continue;
      int score = (challenge->answered ? 0 : 2)
                  + (str_equal0 (challenge->user_hint, username) ? 1 : 0);
      if (score > best_score)
        {
          best = challenge;
          best_score = score;
        }
    }
  return best;
}

typedef struct {
  SipDigest first;
  gboolean have_first;
  SipDigest paired;
  gboolean have_paired;
  DigestAuthDetector *detector;
} CredentialsSearch;

static gboolean
credentials_search_one (const SipDigest *digest, gpointer data)
{
  CredentialsSearch *search = data;
  if (!sip_digest_is_digest (digest) || !sip_span_present (digest->nonce))
    return TRUE;
  if (!search->have_first)
    {
      search->first = *digest;
      search->have_first = TRUE;
    }
  char *nonce = sip_span_dup_unescaped (digest->nonce);
  gboolean known = g_hash_table_contains (search->detector->by_nonce, nonce);
  g_free (nonce);
  if (known)
    {
      search->paired = *digest;
      search->have_paired = TRUE;
      return FALSE;
    }
  return TRUE;
}

void
digest_auth_detector_request (DigestAuthDetector *detector, Transaction *tx,
                              const SipMessage *msg, const MessageMeta *meta)
{
  CredentialsSearch search = { .detector = detector };
  for (guint i = 0; i < msg->n_headers && !search.have_paired; i++)
    {
      const SipHeader *header = &msg->headers[i];
      if (header->id == SIP_HEADER_AUTHORIZATION
          || header->id == SIP_HEADER_PROXY_AUTHORIZATION)
        sip_digest_parse (header->value, credentials_search_one, &search);
    }
  if (!search.have_first)
    return;
  const SipDigest *credentials
      = search.have_paired ? &search.paired : &search.first;
  AuthAttempt *attempt = g_new0 (AuthAttempt, 1);
  attempt->username = sip_span_dup_unescaped (credentials->username);
  attempt->realm = sip_span_dup_unescaped (credentials->realm);
  if (search.have_paired)
    {
      char *nonce = sip_span_dup_unescaped (credentials->nonce);
      Challenge *challenge = digest_auth_find_challenge (
          detector, nonce, attempt->realm, attempt->username, tx);
      g_free (nonce);
      if (challenge)
        {
          challenge->answered = TRUE;
          attempt->challenge = challenge->response;
          state_table_touch (detector->challenges, challenge, 0, meta->time);
        }
    }
  tx->auth = attempt;
}

typedef struct {
  GPtrArray *nonces;
  char *realm;
  gboolean stale;
} ChallengeSearch;

static gboolean
challenge_search_one (const SipDigest *digest, gpointer data)
{
  ChallengeSearch *search = data;
  if (!sip_digest_is_digest (digest) || !sip_span_present (digest->nonce))
    return TRUE;
  if (!search->nonces)
    search->nonces = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (search->nonces, sip_span_dup_unescaped (digest->nonce));
  if (!search->realm)
    search->realm = sip_span_dup_unescaped (digest->realm);
  search->stale |= digest->stale_true;
  return TRUE;
}

static void
digest_auth_add_challenge (DigestAuthDetector *detector, Transaction *tx,
                           const SipMessage *msg, const MessageMeta *meta,
                           ChallengeSearch *found)
{
  /* The tracker passes each status of a transaction once, so a
   * transaction's challenge is keyed by the transaction: a client that
   * reuses Call-ID and CSeq on new requests (svcrack does) gets one
   * challenge per request. An orphan challenge has no transaction; its
   * retransmissions repeat Call-ID, CSeq, status and nonce. */
  char *key = tx ? g_strdup_printf ("tx\x1f%s\x1f%u", tx->entry.key,
                                    msg->status_code)
                 : g_strdup_printf ("orphan\x1f%.*s\x1f%u\x1f%u\x1f%s",
                                    (int) msg->call_id.len, msg->call_id.ptr,
                                    msg->cseq, msg->status_code,
                                    (char *) found->nonces->pdata[0]);
  if (state_table_lookup (detector->challenges, key))
    {
      g_free (key);
      return;
    }
  Challenge *challenge = g_new0 (Challenge, 1);
  challenge->response.frame = meta->frame;
  challenge->response.time = meta->time;
  challenge->response.status = msg->status_code;
  challenge->call_id = sip_span_dup (msg->call_id);
  challenge->method = sip_span_dup (msg->cseq_method_name);
  challenge->realm = g_steal_pointer (&found->realm);
  challenge->user_hint = sip_span_dup (msg->from.user);
  challenge->user_agent = tx ? g_strdup (tx->user_agent) : NULL;
  challenge->client = meta->dst;
  challenge->server = meta->src;
  challenge->transport = meta->transport;
  challenge->nonces = g_steal_pointer (&found->nonces);
  challenge->from_attempt = tx && tx->auth;
  state_table_insert (detector->challenges, key, challenge, 0, meta->time);
  for (guint i = 0; i < challenge->nonces->len; i++)
    {
      const char *nonce = challenge->nonces->pdata[i];
      GQueue *queue = g_hash_table_lookup (detector->by_nonce, nonce);
      if (!queue)
        {
          queue = g_queue_new ();
          g_hash_table_insert (detector->by_nonce, g_strdup (nonce), queue);
        }
      else if (g_queue_find (queue, challenge))
        continue;
      g_queue_push_head (queue, challenge);
      if (queue->length > MAX_CHALLENGES_PER_NONCE)
        g_queue_pop_tail (queue);
    }
}

static SipscanAuthOutcome
digest_auth_outcome (guint status, gboolean stale)
{
  if (status == 401 || status == 407)
    return stale ? SIPSCAN_AUTH_STALE_NONCE : SIPSCAN_AUTH_WRONG_CREDENTIALS;
  if (status == 403)
    return SIPSCAN_AUTH_FORBIDDEN;
  return SIPSCAN_AUTH_ACCEPTED;
}

static void
digest_auth_emit_attempt (DigestAuthDetector *detector, Transaction *tx,
                          SipscanAuthOutcome outcome)
{
  AuthAttempt *attempt = tx->auth;
  SipscanAuthAttempt record = {
    .call_id = tx->call_id,
    .method = tx->method_name,
    .username = attempt->username,
    .realm = attempt->realm,
    .user_agent = tx->user_agent,
    .client = tx->src,
    .server = tx->dst,
    .transport = tx->transport,
    .challenge_frame = attempt->challenge.frame,
    .challenge_status = attempt->challenge.status,
    .challenge_time = attempt->challenge.time,
    .retry_frame = tx->request.frame,
    .retry_time = tx->request.time,
    .result_frame = tx->final.frame,
    .result_status = tx->final.status,
    .result_time = tx->final.time,
    .outcome = outcome,
  };
  detector->emit (&record, detector->emit_data);
  auth_attempt_free (attempt);
  tx->auth = NULL;
}

void
digest_auth_detector_response (DigestAuthDetector *detector, Transaction *tx,
                               const SipMessage *msg, const MessageMeta *meta)
{
  guint status = msg->status_code;
  ChallengeSearch found = { .nonces = NULL };
  if (status == 401 || status == 407)
    for (guint i = 0; i < msg->n_headers; i++)
      {
        const SipHeader *header = &msg->headers[i];
        if (header->id == SIP_HEADER_WWW_AUTHENTICATE
            || header->id == SIP_HEADER_PROXY_AUTHENTICATE)
          sip_digest_parse (header->value, challenge_search_one, &found);
      }
  if (found.nonces && found.nonces->len > 0)
    digest_auth_add_challenge (detector, tx, msg, meta, &found);
  if (tx && tx->auth && status >= 200)
    digest_auth_emit_attempt (detector, tx,
                              digest_auth_outcome (status, found.stale));
  if (found.nonces)
    g_ptr_array_free (found.nonces, TRUE);
  g_free (found.realm);
}

void
digest_auth_detector_transaction_end (DigestAuthDetector *detector,
                                      Transaction *tx)
{
  if (tx->auth)
    digest_auth_emit_attempt (detector, tx, SIPSCAN_AUTH_NO_RESPONSE);
}

void
digest_auth_detector_expire (DigestAuthDetector *detector, SipscanTime now)
{
  state_table_expire (detector->challenges, now);
}

void
digest_auth_detector_finish (DigestAuthDetector *detector, SipscanTime end)
{
  state_table_drain (detector->challenges, STATE_END_CAPTURE_END, end);
}
