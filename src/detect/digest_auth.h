/* Digest authentication attempts (RFC 3261 §22.2–22.4, RFC 7616 §3.3–3.4,
 * RFC 8760): each 401/407 challenge is kept; each request with Digest
 * credentials is paired with the challenge whose nonce it uses — in the
 * same Call-ID, or else from the same source address with the same realm
 * (preferring a challenge not answered yet and issued to that user) — and
 * gets its outcome from the final response to it. A challenge no request
 * answers is reported abandoned, unless it was itself the answer to an
 * attempt (that attempt already carries it). */
#pragma once

#include "track/tracker.h"

typedef void (*AuthAttemptFunc) (const SipscanAuthAttempt *attempt,
                                 gpointer data);

typedef struct _DigestAuthDetector DigestAuthDetector;

DigestAuthDetector *digest_auth_detector_new (const SipscanOptions *options,
                                              SipscanCounters *counters,
                                              AuthAttemptFunc emit,
                                              gpointer emit_data);
void digest_auth_detector_free (DigestAuthDetector *detector);

/* One Digest challenge, or one set of Digest credentials, that carries a
 * nonce: what the detector reads of it. Its spans are the message's. */
typedef struct {
  SipSpan nonce, realm, username;
  gboolean stale;  /* a challenge's stale=true */
} DigestNonce;

/* A growing array of them, kept from message to message. */
typedef struct {
  DigestNonce *at;
  gsize n, capacity;
} DigestNonceList;

void digest_nonce_list_clear (DigestNonceList *list);

/* Appends to list the nonces of msg's challenges if it is a 401 or 407,
 * of its credentials (Authorization, Proxy-Authorization) if it is a
 * request, in header order, and returns how many. It reads the message
 * only, so it may run ahead of the analysis, on another thread. */
guint digest_auth_read_nonces (const SipMessage *msg, DigestNonceList *list);

/* A message's nonces, as digest_auth_read_nonces read them. */
typedef struct {
  const DigestNonce *at;
  guint n;
} DigestNonces;

/* What digest_auth_detector_request does with a request that has nonces. */
void digest_auth_detector_take_request (DigestAuthDetector *detector,
                                        Transaction *tx,
                                        const MessageMeta *meta,
                                        DigestNonces nonces);
/* What digest_auth_detector_response does with a 401, a 407 or a final
 * response to a transaction with an attempt. */
void digest_auth_detector_take_response (DigestAuthDetector *detector,
                                         Transaction *tx,
                                         const SipMessage *msg,
                                         const MessageMeta *meta,
                                         DigestNonces nonces);
/* What digest_auth_detector_transaction_end does with an attempt. */
void digest_auth_detector_end_attempt (DigestAuthDetector *detector,
                                       Transaction *tx);

/* Inline, as the next ones: most requests, responses and transactions
 * have nothing to do with Digest, and a call costs more than finding
 * that out. */
static inline void
digest_auth_detector_request (DigestAuthDetector *detector, Transaction *tx,
                              const MessageMeta *meta, DigestNonces nonces)
{
  if (nonces.n)
    digest_auth_detector_take_request (detector, tx, meta, nonces);
}

static inline void
digest_auth_detector_response (DigestAuthDetector *detector, Transaction *tx,
                               const SipMessage *msg, const MessageMeta *meta,
                               DigestNonces nonces)
{
  guint status = msg->status_code;
  if (status == 401 || status == 407 || (tx && tx->auth && status >= 200))
    digest_auth_detector_take_response (detector, tx, msg, meta, nonces);
}

static inline void
digest_auth_detector_transaction_end (DigestAuthDetector *detector,
                                      Transaction *tx)
{
  if (tx->auth)
    digest_auth_detector_end_attempt (detector, tx);
}

void digest_auth_detector_expire (DigestAuthDetector *detector,
                                  SipscanTime now);
void digest_auth_detector_finish (DigestAuthDetector *detector,
                                  SipscanTime end);
