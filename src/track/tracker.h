/* Rebuilds transactions, calls and dialogs from parsed SIP messages
 * (RFC 3261 §12, §17) and tells detectors what happened. Capture time
 * only. Counters it keeps: sip_retransmissions, sip_orphan_responses,
 * transactions, invite_transactions, calls, dialogs and the cap/timeout
 * counters of its tables. */
#pragma once

#include "track/transaction.h"

typedef enum {
  TRANSACTION_END_EXPIRED,      /* timed out, or lingered long enough */
  TRANSACTION_END_EVICTED,      /* the table was full */
  TRANSACTION_END_CAPTURE_END,
} TransactionEnd;

typedef struct {
  /* A new transaction's first request (not ACK, not retransmissions). */
  void (*request) (Transaction *tx, const SipMessage *msg,
                   const MessageMeta *meta, gpointer data);
  /* A response that is not a retransmission; tx is NULL when its request
   * is not in the capture. */
  void (*response) (Transaction *tx, const SipMessage *msg,
                    const MessageMeta *meta, gpointer data);
  /* The first CANCEL for an INVITE transaction. */
  void (*cancel) (Transaction *invite_tx, const MessageMeta *meta,
                  gpointer data);
  /* The transaction leaves the tracker; now is the capture time. */
  void (*transaction_end) (Transaction *tx, TransactionEnd why,
                           SipscanTime now, gpointer data);
} TrackerEvents;

typedef struct _Tracker Tracker;

Tracker *tracker_new (const SipscanOptions *options,
                      SipscanCounters *counters, const TrackerEvents *events,
                      gpointer data);
void tracker_free (Tracker *tracker);

void tracker_add_message (Tracker *tracker, const SipMessage *msg,
                          const MessageMeta *meta);

/* What the tracker looks a message up by, built ahead of
 * tracker_add_keyed_message, e.g. on the thread that parses: the key of
 * the transaction it is first looked up in, and of its call. */
typedef struct {
  ByteKey transaction;  /* its bytes in the buffer it was built in */
  ByteKey call;         /* its bytes in the message's Call-ID; ptr NULL
                           when the message most likely does not reach
                           the call table (then taken if it does) */
} TrackerKey;

/* Bytes keys are built in: data + used on, grown as needed. */
typedef struct {
  char *data;
  gsize used, capacity;
} TrackerKeyBuffer;

/* What builds keys: not thread-safe, one per thread that builds them. */
typedef struct _TrackerKeyBuilder TrackerKeyBuilder;
TrackerKeyBuilder *tracker_key_builder_new (void);
void tracker_key_builder_free (TrackerKeyBuilder *builder);
/* msg's key, its transaction's bytes at buffer->data + buffer->used,
 * used moved past them: by key->transaction.len + 1 (those bytes move if
 * the buffer grows later). */
void tracker_key_build (TrackerKeyBuilder *builder, const SipMessage *msg,
                        TrackerKeyBuffer *buffer, TrackerKey *key);
/* Starts fetching where the lookups of key begin, for a message a few
 * messages later: the wait overlaps with their work. */
void tracker_prefetch (const Tracker *tracker, const TrackerKey *key);
/* tracker_add_message with msg's key, tracker_key_build's. */
void tracker_add_keyed_message (Tracker *tracker, const SipMessage *msg,
                                const MessageMeta *meta,
                                const TrackerKey *key);
/* Ends state whose time is up; call with non-decreasing times. */
void tracker_expire (Tracker *tracker, SipscanTime now);
/* Ends everything still open: the capture ended at end. */
void tracker_finish (Tracker *tracker, SipscanTime end);
