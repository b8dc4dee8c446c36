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

void digest_auth_detector_request (DigestAuthDetector *detector,
                                   Transaction *tx, const SipMessage *msg,
                                   const MessageMeta *meta);
void digest_auth_detector_response (DigestAuthDetector *detector,
                                    Transaction *tx, const SipMessage *msg,
                                    const MessageMeta *meta);
void digest_auth_detector_transaction_end (DigestAuthDetector *detector,
                                           Transaction *tx);
void digest_auth_detector_expire (DigestAuthDetector *detector,
                                  SipscanTime now);
void digest_auth_detector_finish (DigestAuthDetector *detector,
                                  SipscanTime end);
