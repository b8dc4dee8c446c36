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

/* What digest_auth_detector_request does with a request whose first
 * Authorization or Proxy-Authorization header is first. */
void digest_auth_detector_take_request (DigestAuthDetector *detector,
                                        Transaction *tx,
                                        const SipMessage *msg,
                                        const MessageMeta *meta,
                                        const SipHeader *first);
/* What digest_auth_detector_response does with a 401, a 407 or a final
 * response to a transaction with an attempt. */
void digest_auth_detector_take_response (DigestAuthDetector *detector,
                                         Transaction *tx,
                                         const SipMessage *msg,
                                         const MessageMeta *meta);
/* What digest_auth_detector_transaction_end does with an attempt. */
void digest_auth_detector_end_attempt (DigestAuthDetector *detector,
                                       Transaction *tx);

/* The first header of msg from header on that is one of the pair of a
 * and b (credentials, or challenges), or NULL. */
static inline const SipHeader *
digest_auth_next_header (const SipMessage *msg, const SipHeader *header,
                         SipHeaderId a, SipHeaderId b)
{
  for (const SipHeader *end = msg->headers + msg->n_headers; header < end;
       header++)
    if (header->id == a || header->id == b)
      return header;
  return NULL;
}

static inline const SipHeader *
digest_auth_next_credentials (const SipMessage *msg, const SipHeader *header)
{
  return digest_auth_next_header (msg, header, SIP_HEADER_AUTHORIZATION,
                                  SIP_HEADER_PROXY_AUTHORIZATION);
}

/* Inline, as the next ones: most requests, responses and transactions
 * have nothing to do with Digest, and a call costs more than finding
 * that out. */
static inline void
digest_auth_detector_request (DigestAuthDetector *detector, Transaction *tx,
                              const SipMessage *msg, const MessageMeta *meta)
{
  const SipHeader *first = digest_auth_next_credentials (msg, msg->headers);
  if (first)
    digest_auth_detector_take_request (detector, tx, msg, meta, first);
}

static inline void
digest_auth_detector_response (DigestAuthDetector *detector, Transaction *tx,
                               const SipMessage *msg, const MessageMeta *meta)
{
  guint status = msg->status_code;
  if (status == 401 || status == 407 || (tx && tx->auth && status >= 200))
    digest_auth_detector_take_response (detector, tx, msg, meta);
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
