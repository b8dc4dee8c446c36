#include "detect/digest_auth.h"

#include "sip/sip_digest.h"
#include "util/byte_key.h"
#include "util/decimal.h"

#include <string.h>

/* Challenges sharing one nonce (servers that derive nonces from the time
 * hand the same one to many requests) are looked through newest first. */
#define MAX_CHALLENGES_PER_NONCE 64

typedef struct _Challenge Challenge;
typedef struct _NonceSlot NonceSlot;

/* The challenges that gave one nonce, a list of their slots from the
 * newest. The index compares nonces unescaped, up to their first NUL. A
 * bucket lives as long as its challenges: it never expires, and the
 * index has no cap of its own. */
typedef struct {
  StateEntry entry;    /* its key is text */
  NonceSlot *newest, *oldest;
  guint n_slots;
  char text[];
} NonceBucket;

/* Most buckets (the bucket and its nonce) fit in one block. */
#define NONCE_BUCKET_BLOCK_SIZE 128

/* One nonce of a challenge: its place in the nonce's bucket. */
struct _NonceSlot {
  NonceBucket *bucket;        /* NULL when not in one */
  NonceSlot *newer, *older;   /* its neighbours in the bucket */
  Challenge *challenge;
};

/* One allocation, the table's (state_table_alloc_entry): the challenge,
 * its nonces' slots, its key, then its strings. Most fit in a block. */
#define CHALLENGE_BLOCK_SIZE 512

struct _Challenge {
  StateEntry entry;
  MessageRef response;
  const char *call_id;
  const char *method;
  const char *realm;
  const char *user_hint;  /* From user of the challenged request */
  const char *user_agent;
  SipscanEndpoint client, server;
  SipscanTransport transport;
  gboolean answered;
  gboolean from_attempt;
  guint n_nonces;
  NonceSlot nonces[];
};

/* One allocation: the attempt, then its strings. Nearly every request
 * with credentials makes one and its transaction's end frees it: those
 * whose strings fit take a block of ATTEMPT_BLOCK_SIZE bytes, which the
 * detector keeps for the next attempt instead of freeing it (it keeps at
 * most as many as were ever in use at once: one per transaction). */
#define ATTEMPT_BLOCK_SIZE 128

struct _AuthAttempt {
  const char *username;
  const char *realm;
  MessageRef challenge;
  gboolean in_block;
  /* In use: its neighbours in the detector's list of attempts in use, so
   * that freeing the detector frees those a transaction still holds. A
   * kept block: next is the next one kept. */
  AuthAttempt *prev, *next;
  char text[];
};

/* Where challenge keys are built: it grows, and keeps what it got. */
typedef struct {
  char *bytes;
  gsize size;
} KeyScratch;

struct _DigestAuthDetector {
  StateTable *challenges;  /* key: transaction and status (see add) */
  KeyScratch key_scratch;  /* the last challenge key built */
  StateTable *by_nonce;    /* NonceBucket, by nonce */
  AuthAttempt *attempts;        /* in use, linked by prev and next */
  AuthAttempt *spare_attempts;  /* blocks kept, linked by next */
  SipscanCounters *counters;
  AuthAttemptFunc emit;
  gpointer emit_data;
};

/* ---- Strings packed behind a record ------------------------------------ */

/* Bytes a copy of s takes with its NUL; 0 for an absent span. */
static gsize
span_size (SipSpan s)
{
  return s.ptr ? s.len + 1 : 0;
}

static char *
put_bytes (char *p, const char *bytes, gsize len)
{
  memcpy (p, bytes, len);
  return p + len;
}

/* s's bytes at p with their escapes undone (sip_span_dup_unescaped's);
 * the end of the copy. */
static char *
put_unescaped (char *p, SipSpan s)
{
  const char *in = s.ptr, *end = s.ptr + s.len;
  while (in < end)
    {
      const char *stop = memchr (in, '\\', (gsize) (end - in));
      if (!stop)
        stop = end;
      p = put_bytes (p, in, (gsize) (stop - in));
      in = stop;
      if (in < end)  /* a backslash: the next byte, if any, as it is */
        {
          if (in + 1 < end)
            in++;
          *p++ = *in++;
        }
    }
  return p;
}

/* A NUL-terminated copy of s at *out (sip_span_dup's text, or
 * sip_span_dup_unescaped's with unescape), *out moved past it; NULL for
 * an absent span. */
static const char *
put_span (char **out, SipSpan s, gboolean unescape)
{
  if (!s.ptr)
    return NULL;
  char *start = *out;
  char *p = unescape ? put_unescaped (start, s)
                     : put_bytes (start, s.ptr, s.len);
  *p++ = '\0';
  *out = p;
  return start;
}

/* A span over s without its NUL; absent for NULL. */
static SipSpan
string_span (const char *s)
{
  return s ? (SipSpan){ s, strlen (s) } : SIP_SPAN_NONE;
}

/* ---- Reading a message's nonces ---------------------------------------- */

void
digest_nonce_list_clear (DigestNonceList *list)
{
  g_free (list->at);
  *list = (DigestNonceList){ 0 };
}

static DigestNonce *
digest_nonce_list_append (DigestNonceList *list)
{
  if (list->n == list->capacity)
    {
      list->capacity = MAX (8, 2 * list->capacity);
      list->at = g_renew (DigestNonce, list->at, list->capacity);
    }
  return &list->at[list->n++];
}

static gboolean
read_one_nonce (const SipDigest *digest, gpointer data)
{
  if (sip_digest_is_digest (digest) && sip_span_present (digest->nonce))
    *digest_nonce_list_append (data) = (DigestNonce){
      .nonce = digest->nonce,
      .realm = digest->realm,
      .username = digest->username,
      .stale = digest->stale_true,
    };
  return TRUE;
}

guint
digest_auth_read_nonces (const SipMessage *msg, DigestNonceList *list)
{
  SipHeaderId a = SIP_HEADER_AUTHORIZATION;
  SipHeaderId b = SIP_HEADER_PROXY_AUTHORIZATION;
  if (!msg->is_request)
    {
      if (msg->status_code != 401 && msg->status_code != 407)
        return 0;
      a = SIP_HEADER_WWW_AUTHENTICATE;
      b = SIP_HEADER_PROXY_AUTHENTICATE;
    }
  gsize before = list->n;
  for (guint i = 0; i < msg->n_headers; i++)
    if (msg->headers[i].id == a || msg->headers[i].id == b)
      sip_digest_parse (msg->headers[i].value, read_one_nonce, list);
  return (guint) (list->n - before);
}

/* ---- The nonce index --------------------------------------------------- */

/* The unescaped nonce, in the message when it has no escapes, else in
 * *scratch (to be freed). */
static ByteKey
nonce_key (SipSpan nonce, char **scratch)
{
  const char *text = nonce.ptr;
  gsize len = nonce.len;
  *scratch = NULL;
  if (memchr (text, '\\', len))
    {
      char *end = *scratch = g_malloc (len + 1);
      put_span (&end, nonce, TRUE);
      text = *scratch;
      len = (gsize) (end - *scratch - 1);
    }
  return byte_key_make_to_nul (text, len);
}

/* Frees nonce_key's scratch, which is seldom any: a call to free NULL
 * still goes through the library, whose lines are cold by then. */
static inline void
nonce_key_free_scratch (char *scratch)
{
  if (G_UNLIKELY (scratch != NULL))
    g_free (scratch);
}

/* The nonce's bucket; when it has none, a new one if create, else NULL. */
static NonceBucket *
nonce_bucket (DigestAuthDetector *detector, SipSpan nonce, gboolean create)
{
  char *scratch;
  ByteKey key = nonce_key (nonce, &scratch);
  NonceBucket *bucket = state_table_lookup_key (detector->by_nonce, &key);
  if (!bucket && create)
    {
      bucket = state_table_alloc_entry (detector->by_nonce,
                                        sizeof (NonceBucket) + key.len + 1);
      memcpy (bucket->text, key.ptr, key.len);
      bucket->text[key.len] = '\0';
      key.ptr = bucket->text;
      state_table_insert_key (detector->by_nonce, &key, bucket, 0, 0);
    }
  nonce_key_free_scratch (scratch);
  return bucket;
}

static void
nonce_slot_unlink (NonceSlot *slot)
{
  NonceBucket *bucket = slot->bucket;
  if (slot->newer)
    slot->newer->older = slot->older;
  else
    bucket->newest = slot->older;
  if (slot->older)
    slot->older->newer = slot->newer;
  else
    bucket->oldest = slot->newer;
  bucket->n_slots--;
  slot->bucket = NULL;
}

static void
nonce_index_add (NonceSlot *slot, NonceBucket *bucket, Challenge *challenge)
{
  *slot = (NonceSlot){ .bucket = bucket, .older = bucket->newest,
                       .challenge = challenge };
  if (bucket->newest)
    bucket->newest->newer = slot;
  else
    bucket->oldest = slot;
  bucket->newest = slot;
  if (++bucket->n_slots > MAX_CHALLENGES_PER_NONCE)
    nonce_slot_unlink (bucket->oldest);
}

static void
digest_auth_unindex (DigestAuthDetector *detector, Challenge *challenge)
{
  for (guint i = 0; i < challenge->n_nonces; i++)
    {
      NonceSlot *slot = &challenge->nonces[i];
      NonceBucket *bucket = slot->bucket;
      if (!bucket)
        continue;
      nonce_slot_unlink (slot);
      if (bucket->n_slots == 0)
        state_table_remove (detector->by_nonce, bucket);
    }
}

/* ---- Challenges and attempts ------------------------------------------- */

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

/* Buckets leave the index only by state_table_remove. */
static void
nonce_bucket_on_end (gpointer entry, StateEnd why, SipscanTime now,
                     gpointer data)
{
  (void) entry, (void) why, (void) now, (void) data;
  g_assert_not_reached ();
}

DigestAuthDetector *
digest_auth_detector_new (const SipscanOptions *options,
                          SipscanCounters *counters, AuthAttemptFunc emit,
                          gpointer emit_data)
{
  DigestAuthDetector *detector = g_new0 (DigestAuthDetector, 1);
  SipscanTime idle = SIPSCAN_TIME_FROM_SECONDS (options->state_timeout);
  detector->challenges = state_table_new (options->max_challenges, &idle, 1,
                                          challenge_on_end, NULL, detector);
  state_table_reuse_entries (detector->challenges, CHALLENGE_BLOCK_SIZE);
  detector->by_nonce = state_table_new (G_MAXUINT, NULL, 0,
                                        nonce_bucket_on_end, NULL, NULL);
  state_table_reuse_entries (detector->by_nonce, NONCE_BUCKET_BLOCK_SIZE);
  detector->counters = counters;
  detector->emit = emit;
  detector->emit_data = emit_data;
  return detector;
}

static void
free_attempt_list (AuthAttempt *attempt)
{
  while (attempt)
    {
      AuthAttempt *next = attempt->next;
      g_free (attempt);
      attempt = next;
    }
}

void
digest_auth_detector_free (DigestAuthDetector *detector)
{
  if (!detector)
    return;
  state_table_free (detector->challenges);
  g_free (detector->key_scratch.bytes);
  state_table_free (detector->by_nonce);
  free_attempt_list (detector->attempts);
  free_attempt_list (detector->spare_attempts);
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

/* The challenge of the bucket a request's nonce found: same Call-ID
 * first; else the same source and realm, preferring unanswered and the
 * same user. */
static Challenge *
digest_auth_find_challenge (const NonceBucket *bucket, const char *realm,
                            const char *username, const Transaction *tx)
{
  for (const NonceSlot *slot = bucket->newest; slot; slot = slot->older)
    {
      Challenge *challenge = slot->challenge;
      if (str_equal0 (challenge->call_id, tx->call_id))
        return challenge;
    }
  Challenge *best = NULL;
  int best_score = -1;
  for (const NonceSlot *slot = bucket->newest; slot; slot = slot->older)
    {
      Challenge *challenge = slot->challenge;
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

/* The Digest credentials with a nonce that a request pairs: the first
 * whose nonce has a bucket, else the first of all. */
typedef struct {
  const DigestNonce *credentials;
  NonceBucket *paired_bucket;  /* the bucket of their nonce, if paired */
} CredentialsPaired;

static CredentialsPaired
credentials_paired (DigestAuthDetector *detector, DigestNonces nonces)
{
  for (guint i = 0; i < nonces.n; i++)
    {
      NonceBucket *bucket = nonce_bucket (detector, nonces.at[i].nonce, FALSE);
      if (bucket)
        return (CredentialsPaired){ &nonces.at[i], bucket };
    }
  return (CredentialsPaired){ &nonces.at[0], NULL };
}

static AuthAttempt *
auth_attempt_alloc (DigestAuthDetector *detector, gsize size)
{
  AuthAttempt *attempt;
  if (size > ATTEMPT_BLOCK_SIZE)
    {
      attempt = g_malloc (size);
      attempt->in_block = FALSE;
    }
  else
    {
      attempt = detector->spare_attempts;
      if (attempt)
        detector->spare_attempts = attempt->next;
      else
        attempt = g_malloc (ATTEMPT_BLOCK_SIZE);
      attempt->in_block = TRUE;
    }
  attempt->prev = NULL;
  attempt->next = detector->attempts;
  if (attempt->next)
    attempt->next->prev = attempt;
  detector->attempts = attempt;
  return attempt;
}

static void
auth_attempt_free (DigestAuthDetector *detector, AuthAttempt *attempt)
{
  if (attempt->prev)
    attempt->prev->next = attempt->next;
  else
    detector->attempts = attempt->next;
  if (attempt->next)
    attempt->next->prev = attempt->prev;
  if (!attempt->in_block)
    {
      g_free (attempt);
      return;
    }
  attempt->next = detector->spare_attempts;
  detector->spare_attempts = attempt;
}

static AuthAttempt *
auth_attempt_new (DigestAuthDetector *detector,
                  const DigestNonce *credentials)
{
  AuthAttempt *attempt = auth_attempt_alloc (
      detector, sizeof (AuthAttempt) + span_size (credentials->username)
                    + span_size (credentials->realm));
  char *text = attempt->text;
  attempt->username = put_span (&text, credentials->username, TRUE);
  attempt->realm = put_span (&text, credentials->realm, TRUE);
  attempt->challenge = (MessageRef){ 0 };
  return attempt;
}

void
digest_auth_detector_take_request (DigestAuthDetector *detector,
                                   Transaction *tx, const MessageMeta *meta,
                                   DigestNonces nonces)
{
  CredentialsPaired paired = credentials_paired (detector, nonces);
  AuthAttempt *attempt = auth_attempt_new (detector, paired.credentials);
  if (paired.paired_bucket)
    {
      Challenge *challenge = digest_auth_find_challenge (
          paired.paired_bucket, attempt->realm, attempt->username, tx);
      if (challenge)
        {
          challenge->answered = TRUE;
          attempt->challenge = challenge->response;
          state_table_touch (detector->challenges, challenge, 0, meta->time);
        }
    }
  tx->auth = attempt;
}

/* The realm of a 401/407's challenges: the first present. */
static SipSpan
challenges_realm (DigestNonces challenges)
{
  for (guint i = 0; i < challenges.n; i++)
    if (challenges.at[i].realm.ptr)
      return challenges.at[i].realm;
  return SIP_SPAN_NONE;
}

static gboolean
challenges_stale (DigestNonces challenges)
{
  for (guint i = 0; i < challenges.n; i++)
    if (challenges.at[i].stale)
      return TRUE;
  return FALSE;
}

/* Room for size bytes in scratch, whose bytes may then be any. */
static char *
key_scratch_reserve (KeyScratch *scratch, gsize size)
{
  if (G_UNLIKELY (size > scratch->size))
    {
      scratch->size = MAX (size, 2 * scratch->size);
      g_free (scratch->bytes);
      scratch->bytes = g_malloc (scratch->size);
    }
  return scratch->bytes;
}

/* The key of a transaction's challenge: "tx", its key and the status; of
 * an orphan: "orphan", Call-ID, CSeq, status and first nonce; fields
 * separated by 0x1f, each up to its first NUL. Built in scratch, which
 * the key's bytes point into. */
static ByteKey
challenge_key (KeyScratch *scratch, const Transaction *tx,
               const SipMessage *msg, SipSpan first_nonce)
{
  const char *tx_key = tx ? tx->entry.key : NULL;
  gsize tx_key_len = tx ? tx->entry.key_len : 0;  /* it holds no NUL */
  const char *call_id = msg->call_id.ptr;  /* in an orphan's key only */
  gsize call_id_len = call_id && !tx ? msg->call_id.len : 0;
  const char *nul = call_id_len ? memchr (call_id, '\0', call_id_len) : NULL;
  if (nul)
    call_id_len = (gsize) (nul - call_id);
  char *nonce_scratch = NULL;
  ByteKey nonce = tx ? (ByteKey){ 0 } : nonce_key (first_nonce, &nonce_scratch);
  char *start = key_scratch_reserve (scratch, sizeof "orphan\x1f" + tx_key_len
                                                  + call_id_len + nonce.len
                                                  + 3 * 21);
  char *p = start;
  if (tx)
    {
      p = put_bytes (p, "tx\x1f", 3);
      p = put_bytes (p, tx_key, tx_key_len);
    }
  else
    {
      p = put_bytes (p, "orphan\x1f", 7);
      p = put_bytes (p, call_id, call_id_len);
      *p++ = '\x1f';
      p = decimal_put (p, msg->cseq);
    }
  *p++ = '\x1f';
  p = decimal_put (p, msg->status_code);
  if (!tx)
    {
      *p++ = '\x1f';
      p = put_bytes (p, nonce.ptr, nonce.len);
    }
  *p = '\0';
  nonce_key_free_scratch (nonce_scratch);
  return byte_key_make (start, (gsize) (p - start));
}

/* A new challenge, with *key (then pointing into it) and its strings in
 * its own block. */
static Challenge *
challenge_new (DigestAuthDetector *detector, const Transaction *tx,
               const SipMessage *msg, DigestNonces challenges,
               ByteKey *key)
{
  SipSpan user_agent = string_span (tx ? tx->user_agent : NULL);
  SipSpan realm = challenges_realm (challenges);
  gsize size = sizeof (Challenge) + challenges.n * sizeof (NonceSlot)
               + key->len + 1 + span_size (msg->call_id)
               + span_size (msg->cseq_method_name) + span_size (realm)
               + span_size (msg->from.user) + span_size (user_agent);
  Challenge *challenge
      = state_table_alloc_entry (detector->challenges, size);
  char *text = (char *) &challenge->nonces[challenges.n];
  memcpy (text, key->ptr, key->len + 1);
  key->ptr = text;
  text += key->len + 1;
  challenge->call_id = put_span (&text, msg->call_id, FALSE);
  challenge->method = put_span (&text, msg->cseq_method_name, FALSE);
  challenge->realm = put_span (&text, realm, TRUE);
  challenge->user_hint = put_span (&text, msg->from.user, FALSE);
  challenge->user_agent = put_span (&text, user_agent, FALSE);
  challenge->n_nonces = challenges.n;
  return challenge;
}

static void
digest_auth_add_challenge (DigestAuthDetector *detector, Transaction *tx,
                           const SipMessage *msg, const MessageMeta *meta,
                           DigestNonces challenges)
{
  /* The tracker passes each status of a transaction once, so a
   * transaction's challenge is keyed by the transaction: a client that
   * reuses Call-ID and CSeq on new requests (svcrack does) gets one
   * challenge per request. An orphan challenge has no transaction; its
   * retransmissions repeat Call-ID, CSeq, status and nonce. */
  ByteKey key = challenge_key (&detector->key_scratch, tx, msg,
                               challenges.at[0].nonce);
  if (state_table_lookup_key (detector->challenges, &key))
    return;
  Challenge *challenge = challenge_new (detector, tx, msg, challenges, &key);
  challenge->response.frame = meta->frame;
  challenge->response.time = meta->time;
  challenge->response.status = msg->status_code;
  challenge->client = meta->dst;
  challenge->server = meta->src;
  challenge->transport = meta->transport;
  challenge->from_attempt = tx && tx->auth;
  /* Inserting may end another challenge and empty a bucket: index after. */
  state_table_insert_key (detector->challenges, &key, challenge, 0,
                          meta->time);
  for (guint i = 0; i < challenge->n_nonces; i++)
    {
      NonceBucket *bucket
          = nonce_bucket (detector, challenges.at[i].nonce, TRUE);
      /* A nonce given twice: only this loop pushes to the bucket. */
      if (!bucket->newest || bucket->newest->challenge != challenge)
        nonce_index_add (&challenge->nonces[i], bucket, challenge);
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
  auth_attempt_free (detector, attempt);
  tx->auth = NULL;
}

void
digest_auth_detector_take_response (DigestAuthDetector *detector,
                                    Transaction *tx, const SipMessage *msg,
                                    const MessageMeta *meta,
                                    DigestNonces nonces)
{
  guint status = msg->status_code;
  gboolean stale = FALSE;
  if ((status == 401 || status == 407) && nonces.n)
    {
      digest_auth_add_challenge (detector, tx, msg, meta, nonces);
      stale = challenges_stale (nonces);
    }
  if (tx && tx->auth && status >= 200)
    digest_auth_emit_attempt (detector, tx,
                              digest_auth_outcome (status, stale));
}

void
digest_auth_detector_end_attempt (DigestAuthDetector *detector,
                                  Transaction *tx)
{
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
